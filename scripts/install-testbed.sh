#!/bin/sh
# Builds the integration-test control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok) at the versions pinned in testbed/versions.env, with the `go` command and the
# Go module proxy only, into a cache folder outside the repository. Prints the bin folder on stdout.
#
#   MESHCTL_TESTBED_CACHE=DIR   cache root (default ~/.cache/meshctl-testbed); binaries in
#                               DIR/k8s-<v>_etcd-<v>_kwok-<v>/bin
#
# Idempotent: a binary already in the bin folder is not built again (each is moved in only when its
# build succeeded). Progress goes to stderr; the full go output to <bin>/../install.log.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../testbed/versions.env
. "$ROOT/testbed/versions.env"
CACHE=${MESHCTL_TESTBED_CACHE:-$HOME/.cache/meshctl-testbed}
DIR=$CACHE/k8s-${KUBERNETES_VERSION#v}_etcd-${ETCD_VERSION#v}_kwok-${KWOK_VERSION#v}
BIN=$DIR/bin
LOG=$DIR/install.log

say() { echo "install-testbed: $*" >&2; }
fail() {
  say "error: $*"
  exit 1
}

missing() {
  for b in "$@"; do [ -x "$BIN/$b" ] || return 0; done
  return 1
}

if ! missing etcd kube-apiserver kube-controller-manager kube-scheduler kwok && [ -s "$DIR/kwok-stages.yaml" ]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || fail "the Go toolchain is not installed (go not on PATH); install Go >= 1.25"
gov=$(go env GOVERSION | sed 's/^go//')
case $gov in
1.2[5-9]* | 1.[3-9][0-9]* | [2-9].*) ;;
*) fail "Go $gov is too old: Kubernetes ${KUBERNETES_VERSION} needs Go >= 1.25" ;;
esac
# The module proxy only: never fall back to cloning repositories directly.
proxy=$(go env GOPROXY | tr ',|' '\n\n' | grep -v -x -e direct -e off | paste -s -d, -)
[ -n "$proxy" ] || fail "no Go module proxy configured (GOPROXY=$(go env GOPROXY)); set GOPROXY=https://proxy.golang.org"
export GOPROXY="$proxy" GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0

mkdir -p "$BIN"
: >"$LOG"
tmp=$(mktemp -d "$DIR/build.XXXXXX")
ticker=
cleanup() {
  [ -z "$ticker" ] || kill "$ticker" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs one build step: "$1" names it for the reader; the rest is the command. Every 30 s it reports how
# many packages `go build -v` has compiled so far, since a cold Kubernetes build takes many minutes.
step() {
  what=$1
  shift
  say "building $what ..."
  start=$(date +%s)
  echo "== $what: $*" >>"$LOG"
  before=$(wc -l <"$LOG")
  (
    while sleep 30; do
      n=$(($(wc -l <"$LOG") - before))
      say "  $what: $(($(date +%s) - start))s, $n lines of go output so far"
    done
  ) &
  ticker=$!
  if "$@" >>"$LOG" 2>&1; then
    kill "$ticker" 2>/dev/null || true
    ticker=
    say "built $what in $(($(date +%s) - start))s"
    return 0
  fi
  kill "$ticker" 2>/dev/null || true
  ticker=
  tail -n 15 "$LOG" | sed 's/^/  | /' >&2
  fail "building $what failed (GOPROXY=$GOPROXY); full output: $LOG"
}

if missing etcd; then
  step "etcd ${ETCD_VERSION} (go.etcd.io/etcd/server/v3, wrapper testbed/etcd)" \
    sh -c 'cd "$1" && go build -v -trimpath -ldflags "-s -w" -o "$2/etcd" .' - "$ROOT/testbed/etcd" "$tmp"
  mv "$tmp/etcd" "$BIN/etcd"
fi

if missing kube-apiserver kube-controller-manager kube-scheduler; then
  # Builds outside Kubernetes' release pipeline report v0.0.0 unless told; clients check the version.
  V=k8s.io/component-base/version
  minor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)
  ldflags="-s -w -X $V.gitVersion=$KUBERNETES_VERSION -X $V.gitMajor=1 -X $V.gitMinor=$minor \
-X $V.gitTreeState=clean -X $V.buildDate=1970-01-01T00:00:00Z"
  step "kube-apiserver, kube-controller-manager, kube-scheduler ${KUBERNETES_VERSION} (k8s.io/kubernetes, wrapper testbed/kube)" \
    sh -c 'cd "$1" && go build -v -trimpath -ldflags "$3" -o "$2/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler' \
    - "$ROOT/testbed/kube" "$tmp" "$ldflags"
  for b in kube-apiserver kube-controller-manager kube-scheduler; do mv "$tmp/$b" "$BIN/$b"; done
fi

if missing kwok; then
  step "kwok ${KWOK_VERSION} (go install sigs.k8s.io/kwok/cmd/kwok)" \
    env GOBIN="$tmp" GOFLAGS=-buildvcs=false go install -v -trimpath \
    -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
  mv "$tmp/kwok" "$BIN/kwok"
fi

# kwok does nothing without stages; take its own fast node/pod stages and lease heartbeat from the
# module just built, so they match the binary's version.
if [ ! -s "$DIR/kwok-stages.yaml" ]; then
  src=$(go mod download -json "sigs.k8s.io/kwok@${KWOK_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src/kustomize/stage" ] || fail "the kwok ${KWOK_VERSION} module has no kustomize/stage folder (looked in '${src}')"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [ -f "$src/kustomize/stage/$f" ] || fail "the kwok ${KWOK_VERSION} module lacks the stage kustomize/stage/$f"
    echo "---"
    cat "$src/kustomize/stage/$f"
  done >"$tmp/kwok-stages.yaml"
  # The CRDs of kwok's Exec/PortForward/Logs/Attach kinds, so tests can add targets at run time.
  for k in execs clusterexecs portforwards clusterportforwards logs clusterlogs attaches clusterattaches; do
    f=$src/kustomize/crd/bases/kwok.x-k8s.io_$k.yaml
    [ -f "$f" ] || fail "the kwok ${KWOK_VERSION} module lacks the CRD kustomize/crd/bases/kwok.x-k8s.io_$k.yaml"
    echo "---"
    cat "$f"
  done >"$DIR/kwok-crds.yaml"
  mv "$tmp/kwok-stages.yaml" "$DIR/kwok-stages.yaml"
fi

say "ready in $BIN"
echo "$BIN"
