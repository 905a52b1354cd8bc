// Where Istio 1.30.3 lives on a developer's machine, outside the repository: the istioctl oracle binary
// and Istio's source at that tag (read at test time, never copied). One place for every test and bench.
import {homedir} from 'node:os'
import {join} from 'node:path'

/** Cache folder that scripts/install-istioctl.sh installs into. */
export const ISTIO_CACHE = process.env.MESHCTL_ISTIOCTL_CACHE ?? join(homedir(), '.cache', 'meshctl-istioctl')

/** Istio's source tree at tag 1.30.3, when present. */
export const ISTIO_SRC = process.env.MESHCTL_ISTIO_SRC ?? join(ISTIO_CACHE, 'src')

/** The istioctl 1.30.3 binary: $ISTIOCTL, else the cache's bin/istioctl. */
export const ISTIOCTL_PATH = process.env.ISTIOCTL || join(ISTIO_CACHE, 'bin', 'istioctl')
