/**
 * `meshctl dashboard` as a library: start the forwards, print their URLs, open the browser, and keep
 * serving until the signal aborts (Ctrl-C) or a pod goes away with reconnect off.
 * @module
 */
import {isIP} from 'node:net'
import type {Addon} from './addons.js'
import {openBrowser, type Opener} from './browser.js'
import {NoPodError} from './pods.js'
import type {DashboardPlan} from './request.js'
import {DashboardSession, type SessionOptions} from './session.js'
import type {KubeClient} from '../kube/client.js'
import {MeshctlError, usageError} from '../errors.js'
import {ADDONS, profileAddons} from '../manifest/addons.js'
import {defaultManifestsDir, listProfiles} from '../manifest/profiles.js'

/** The command that installs an addon (with the rest of Istio: keep the flags Istio was installed with). */
const INSTALL = (name: string) => `meshctl install --set addonComponents.${name}.enabled=true`

/**
 * How to get an addon that is not installed: meshctl's own addons (manifests/addons) through
 * `addonComponents.<name>.enabled`, or the profiles that include it; the others from Istio's samples.
 */
export function installHint(addon: Addon, manifestsDir = defaultManifestsDir()): string | undefined {
  if (addon.lookup !== 'addon') return undefined
  if ((ADDONS as readonly string[]).includes(addon.name)) {
    const profiles = listProfiles(manifestsDir).filter((p) =>
      (profileAddons(manifestsDir, p) as string[]).includes(addon.name),
    )
    const viaProfile = profiles.length
      ? `; the ${profiles.join(', ')} profile${profiles.length > 1 ? 's include' : ' includes'} it (--set profile=${profiles[0]})`
      : ''
    return `${addon.name} is not installed; add it with: ${INSTALL(addon.name)} (and the flags Istio was installed with)${viaProfile}`
  }
  if (addon.manualInstall)
    return `${addon.name} is not installed, and meshctl does not install it: kubectl apply -f ${addon.manualInstall} from the Istio release`
  return undefined
}

/** A loopback address (127.0.0.0/8, ::1) or localhost. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || (isIP(address) === 4 && address.startsWith('127.'))
}

/** --address must be an IP or localhost; a non-loopback one only with allowRemote (anyone could reach the UI). */
export function checkAddress(address: string, allowRemote: boolean): void {
  if (address !== 'localhost' && isIP(address) === 0)
    throw usageError(`--address ${address}: use an IP address or localhost`)
  if (!isLoopback(address) && !allowRemote)
    throw new MeshctlError(
      `--address ${address} is not a loopback address: anyone who can reach it gets the dashboard with its pod's access; add --allow-remote to listen there anyway`,
    )
}

export interface RunOptions extends Omit<SessionOptions, 'uiPort' | 'log'> {
  /** Open each URL in a browser (the URL is printed either way). */
  browser: boolean
  /** Injected in tests; default: the `open` package. */
  opener?: Opener
  /** stdout: one URL per dashboard. */
  out: (line: string) => void
  /** stderr: progress. */
  log: (line: string) => void
  /** Ctrl-C: stop serving and return. */
  signal: AbortSignal
  /** Called once every forward listens (tests, the demo). */
  onReady?: (sessions: DashboardSession[]) => void
}

/** Starts every planned dashboard, or none: a failure closes those already started. */
export async function startDashboards(
  kube: KubeClient,
  plans: DashboardPlan[],
  opts: Omit<SessionOptions, 'uiPort'>,
): Promise<DashboardSession[]> {
  if (plans.length > 1 && opts.localPort)
    throw usageError('--port applies to one dashboard; leave it out to open several')
  const sessions: DashboardSession[] = []
  try {
    for (const plan of plans) {
      try {
        sessions.push(
          await DashboardSession.start(kube, plan.addon, plan.source, {...opts, uiPort: plan.uiPort}),
        )
      } catch (err) {
        const hint = err instanceof NoPodError ? installHint(plan.addon) : undefined
        throw hint ? new MeshctlError((err as Error).message, {hints: [hint]}) : err
      }
    }
  } catch (err) {
    await Promise.all(sessions.map((s) => s.close()))
    throw err
  }
  return sessions
}

/** Serves the planned dashboards until opts.signal aborts (resolves) or one fails (rejects). */
export async function runDashboards(
  kube: KubeClient,
  plans: DashboardPlan[],
  opts: RunOptions,
): Promise<void> {
  const sessions = await startDashboards(kube, plans, opts)
  const closeAll = () => Promise.all(sessions.map((s) => s.close()))
  try {
    for (const s of sessions) {
      opts.out(s.url)
      opts.log(`${s.addon.title}: forwarding ${s.url} to pod ${s.podName}; Ctrl-C to stop`)
    }
    opts.onReady?.(sessions)
    for (const s of sessions) {
      if (!opts.browser) continue
      try {
        await (opts.opener ?? openBrowser)(s.url)
      } catch (err) {
        throw new MeshctlError(
          `cannot open a browser (${(err as Error).message}); open ${s.url} yourself, or pass --browser=false`,
        )
      }
    }
    if (!opts.browser) opts.log('skipping opening a browser')
    if (opts.signal.aborted) return
    await new Promise<void>((resolve, reject) => {
      opts.signal.addEventListener('abort', () => resolve(), {once: true})
      for (const s of sessions) s.done.catch(reject)
    })
  } finally {
    await closeAll()
  }
}
