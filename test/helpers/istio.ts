// Where Istio 1.30.3 lives on a developer's machine, outside the repository: the istioctl oracle binary
// and Istio's source at that tag (read at test time, never copied). One place for every test and bench.
import {homedir} from 'node:os'
import {join} from 'node:path'

/** Cache folder that scripts/install-istioctl.sh installs into. */
export const ISTIO_CACHE = process.env.MESHCTL_ISTIOCTL_CACHE ?? join(homedir(), '.cache', 'meshctl-istioctl')

/**
 * A checkout of Istio at tag 1.30.3 that a developer placed by hand (nothing in the repo fetches or builds
 * one); tests that need Istio data should prefer ISTIO_FIXTURES and skip visibly without this.
 */
export const ISTIO_SRC = process.env.MESHCTL_ISTIO_SRC ?? join(ISTIO_CACHE, 'src')

/** The istioctl 1.30.3 binary: $ISTIOCTL, else the cache's bin/istioctl. */
export const ISTIOCTL_PATH = process.env.ISTIOCTL || join(ISTIO_CACHE, 'bin', 'istioctl')

/** Istio 1.30 data shared with the project (CRDs, testdata), read at test time from ../shared. */
export const ISTIO_FIXTURES = join(import.meta.dirname, '../../../shared/fixtures/istio-1.30')
