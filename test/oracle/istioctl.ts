// Where the oracle lives. One lookup shared by the differential suite (test/oracle) and the benchmarks
// (bench/), so both always talk about the same binary.
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {ISTIOCTL_PATH} from '../helpers/istio.js'

/** The istioctl release every oracle comparison is made against. */
export const ORACLE_VERSION = '1.30.3'

/** Flags that make a build without release ldflags agree with the release on images. */
export const HUB_TAG = ['--set', 'hub=docker.io/istio', '--set', `tag=${ORACLE_VERSION}`]

export interface Istioctl {
  path: string
  /** `clientVersion.version` as the binary reports it. */
  version: string
}

/** Asks a binary for its client version; undefined when it does not run. */
export function istioctlVersion(path: string): string | undefined {
  try {
    const out = execFileSync(path, ['version', '--remote=false', '-o', 'json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    })
    return (JSON.parse(out) as {clientVersion?: {version?: string}}).clientVersion?.version
  } catch {
    return undefined
  }
}

/**
 * Finds the oracle: $ISTIOCTL when set, else the cache's bin/istioctl. Returns undefined with a reason
 * when there is none that runs, so callers can skip visibly.
 */
export function findIstioctl(): {istioctl?: Istioctl; reason?: string} {
  const path = ISTIOCTL_PATH
  const from = process.env.ISTIOCTL ? '$ISTIOCTL' : 'the cache'
  if (!existsSync(path)) return {reason: `istioctl not installed (${path}); run scripts/install-istioctl.sh`}
  const version = istioctlVersion(path)
  if (!version) return {reason: `istioctl at ${path} (from ${from}) does not run`}
  return {istioctl: {path, version}}
}
