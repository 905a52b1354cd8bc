#!/bin/sh
# Installs istioctl 1.30.3, the oracle of `npm run test:oracle` and `npm run bench`, into a cache folder
# outside the repository, with the Go toolchain and the Go module proxy. Prints the binary's path.
#
#   ISTIOCTL=/path/to/istioctl       use that binary instead (it must run); nothing is installed
#   MESHCTL_ISTIOCTL_CACHE=DIR       cache folder (default ~/.cache/meshctl-istioctl); binary in DIR/bin
#
# Idempotent: when DIR/bin/istioctl already reports 1.30.3, it only prints its path.
set -eu

VERSION=1.30.3
# Istio tags have no "v": when the proxy cannot resolve the plain tag, the tag's commit as a pseudo-version.
PSEUDO=v0.0.0-20260713165634-56df41f63e51
COMMIT=56df41f63e513f834c9a3af33d8aed82d1d961f2
PKG=istio.io/istio/istioctl/cmd/istioctl
CACHE=${MESHCTL_ISTIOCTL_CACHE:-$HOME/.cache/meshctl-istioctl}
BIN=$CACHE/bin/istioctl

fail() {
  echo "install-istioctl: $*" >&2
  exit 1
}

# The client version a binary reports, or nothing when it does not run.
client_version() {
  "$1" version --remote=false 2>/dev/null | sed -n 's/^client version: //p'
}

if [ -n "${ISTIOCTL:-}" ]; then
  [ -x "$ISTIOCTL" ] || fail "ISTIOCTL=$ISTIOCTL is not an executable file"
  v=$(client_version "$ISTIOCTL")
  [ -n "$v" ] || fail "ISTIOCTL=$ISTIOCTL does not run (\`istioctl version --remote=false\` failed)"
  [ "$v" = "$VERSION" ] || echo "install-istioctl: warning: $ISTIOCTL reports $v, not $VERSION" >&2
  echo "$ISTIOCTL"
  exit 0
fi

if [ -x "$BIN" ] && [ "$(client_version "$BIN")" = "$VERSION" ]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || fail "the Go toolchain is not installed (go not on PATH); install Go >= 1.25 from https://go.dev/dl/, or set ISTIOCTL to an istioctl $VERSION binary"

# The module proxy only: never fall back to cloning repositories directly.
proxy=$(go env GOPROXY | tr ',|' '\n\n' | grep -v -x -e direct -e off | paste -s -d, -)
[ -n "$proxy" ] || fail "no Go module proxy configured (GOPROXY=$(go env GOPROXY)); set GOPROXY=https://proxy.golang.org"

mkdir -p "$CACHE/bin"
log=$CACHE/install.log
: >"$log"
# A build outside Istio's release pipeline reports version "unknown" and hub/tag "unknown" unless told.
P=istio.io/istio/pkg/version
LDFLAGS="-s -w -X $P.buildVersion=$VERSION -X $P.buildGitRevision=$COMMIT -X $P.buildStatus=Clean \
-X $P.buildTag=$VERSION -X $P.buildHub=docker.io/istio"

built() {
  v=$(client_version "$BIN")
  [ "$v" = "$VERSION" ] || fail "built $BIN but it reports version '${v:-nothing}', not $VERSION"
  echo "$BIN"
  exit 0
}

for ref in "$VERSION" "$PSEUDO"; do
  echo "install-istioctl: go install $PKG@$ref (GOPROXY=$proxy)" >&2
  if GOPROXY=$proxy GOBIN=$CACHE/bin CGO_ENABLED=0 go install -trimpath -ldflags "$LDFLAGS" "$PKG@$ref" >>"$log" 2>&1; then
    built
  fi
done

# Name what the proxy refused, so the reader knows whether it is the network, the proxy or a dependency.
refused=$(sed -n 's#.*reading https\{0,1\}://[^/]*/\(.*\)/@v/\([^ :]*\)\.\(info\|mod\|zip\): \(.*\)#  \1@\2: \4#p' "$log" |
  sort -u | head -n 5)
reason=$(sed -n 's/^[[:space:]]*server response: //p' "$log" | sort -u | head -n 1)
fail "could not install istioctl $VERSION from the Go module proxy ($proxy).
${refused:+The proxy refused:
$refused${reason:+ ($reason)}
}Full output: $log
Alternative: set ISTIOCTL to an istioctl $VERSION binary (e.g. from https://github.com/istio/istio/releases/tag/$VERSION)."
