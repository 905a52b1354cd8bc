/**
 * `meshctl dashboard` with no name: which addons are installed and answer through a port-forward, and
 * `probeDashboard`, the one-shot "forward, fetch the page once, stop" the demo and the list use.
 * @module
 */
import {DASHBOARDS, findDashboard} from './addons.js'
import {isReady, NoPodError, PodNotRunningError, podRef, selectorSource, type Pod} from './pods.js'
import {DashboardSession} from './session.js'
import type {KubeClient} from '../kube/client.js'
import {MeshctlError} from '../errors.js'
import type {Column} from '../output/table.js'

export interface ProbeResult {
  /** The URL that served the page (closed again by the time this returns). */
  url: string
  /** `name.namespace` of the pod that answered. */
  pod: string
  status: number
  body: string
}

export interface ProbeOptions {
  istioNamespace?: string
  /** Also searched after the Istio namespace (istioctl's -n). */
  namespace?: string
  timeoutMs?: number
}

/**
 * Forwards to an addon's pod, GETs its page once and stops: what `meshctl dashboard NAME --browser=false`
 * serves, without staying open. Throws the same errors as the command (no pod, pod not running, …).
 */
export async function probeDashboard(
  kube: KubeClient,
  name: string,
  opts: ProbeOptions = {},
): Promise<ProbeResult> {
  const addon = findDashboard(name)
  if (!addon || addon.lookup !== 'addon') throw new MeshctlError(`${name} is not an addon dashboard`)
  const source = selectorSource(kube, addon.selector!, [
    opts.istioNamespace ?? 'istio-system',
    opts.namespace ?? kube.namespace,
  ])
  let tunnelError: Error | undefined
  const session = await DashboardSession.start(kube, addon, source, {
    localPort: 0,
    anyPort: true,
    address: '127.0.0.1',
    reconnect: false,
    pollMs: 60_000,
    onTunnelError: (err) => (tunnelError = err),
  })
  try {
    const res = await fetch(session.url, {signal: AbortSignal.timeout(opts.timeoutMs ?? 5000)})
    return {url: session.url, pod: session.podName, status: res.status, body: await res.text()}
  } catch (err) {
    // fetch says only "fetch failed"; the pod side's answer says why.
    const why = tunnelError ?? ((err as Error).cause as Error | undefined) ?? (err as Error)
    throw new MeshctlError(`GET ${session.url}: ${why.message.split('\n')[0]}`)
  } finally {
    await session.close()
  }
}

export interface AddonStatus {
  name: string
  /** reachable: the page answered through a port-forward; the others say why not. */
  status: 'reachable' | 'unreachable' | 'not ready' | 'not running' | 'not installed'
  /** `name.namespace` of the pod, when there is one. */
  pod?: string
  /** HTTP status or the failure, for reachable/unreachable. */
  detail?: string
}

/** Every addon of the table, with whether it is installed and answers (probed in parallel). */
export async function listAddons(
  kube: KubeClient,
  opts: {istioNamespace: string; namespace: string; timeoutMs?: number},
): Promise<AddonStatus[]> {
  const addons = DASHBOARDS.filter((a) => a.lookup === 'addon')
  // the pods one addon after another: a failing API server (500s, 401) stops the list at its first
  // addon, within one request's retries, instead of being retried by every addon at once
  const found: {addon: (typeof addons)[number]; pod?: Pod; status?: AddonStatus}[] = []
  for (const addon of addons) {
    const source = selectorSource(kube, addon.selector!, [opts.istioNamespace, opts.namespace])
    try {
      found.push({addon, pod: await source.find()})
    } catch (err) {
      if (err instanceof NoPodError) found.push({addon, status: {name: addon.name, status: 'not installed'}})
      else if (err instanceof PodNotRunningError)
        found.push({addon, status: {name: addon.name, status: 'not running', detail: err.message}})
      else throw err
    }
  }
  // then the pages, probed in parallel
  return Promise.all(
    found.map(async ({addon, pod, status}): Promise<AddonStatus> => {
      if (!pod) return status!
      if (!isReady(pod)) return {name: addon.name, status: 'not ready', pod: podRef(pod)}
      try {
        const r = await probeDashboard(kube, addon.name, {...opts, timeoutMs: opts.timeoutMs ?? 3000})
        return {name: addon.name, status: 'reachable', pod: r.pod, detail: `HTTP ${r.status}`}
      } catch (err) {
        return {name: addon.name, status: 'unreachable', pod: podRef(pod), detail: (err as Error).message}
      }
    }),
  )
}

/** The columns of the list's table output. */
export const ADDON_COLUMNS: Column<AddonStatus>[] = [
  {header: 'NAME', get: (r) => r.name},
  {header: 'STATUS', get: (r) => r.status},
  {header: 'POD', get: (r) => r.pod ?? '-'},
  {header: 'DETAIL', get: (r) => r.detail},
]
