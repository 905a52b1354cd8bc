import type {KubeClient} from '../kube/client.js'
import type {PortForwardHandle} from '../kube/port-forward.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {MeshctlError} from '../errors.js'
import {controlPlaneOf, TYPE, type DiscoveryResponse} from '../proxy-status/types.js'
import {debugNode, preloadXds, xdsRequest, type XdsDialOptions, type XdsRequest} from './client.js'

/** istioctl's control plane flags (-r, -i and the central ones: --xds-address, --xds-label, ...). */
export interface ControlPlaneOptions {
  istioNamespace: string
  /** -r; empty: the default revision. */
  revision: string
  xdsAddress?: string
  xdsLabel?: string
  xdsPort: number
  plaintext?: boolean
  certDir?: string
  insecure?: boolean
  authority?: string
  timeoutMs: number
}

/** Where notes go (stderr). */
export type Log = (line: string) => void

interface Pod extends KubeObject {
  status?: {phase?: string}
  spec?: {containers?: {name: string; ports?: {containerPort: number}[]}[]}
}

const TOKEN_SERVICE_ACCOUNT = 'default'
const TOKEN_AUDIENCE = 'istio-ca'
const TOKEN_SECONDS = 3600

/**
 * Running istiod pods, by --xds-label (default app=istiod), plus istio.io/rev with -r: as istioctl, which
 * without -r asks the istiods of every revision.
 */
export async function findIstiods(
  client: KubeClient,
  opts: ControlPlaneOptions,
): Promise<{pods: Pod[]; selector: string}> {
  const selector = `${opts.xdsLabel || 'app=istiod'}${opts.revision ? `,istio.io/rev=${opts.revision}` : ''}`
  const pods = (
    await client.list<Pod>(Kinds.Pod, {
      namespace: opts.istioNamespace,
      labelSelector: selector,
      fieldSelector: 'status.phase=Running',
    })
  ).filter((p) => p.status?.phase === undefined || p.status.phase === 'Running')
  pods.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
  return {pods, selector}
}

async function token(client: KubeClient | undefined, opts: ControlPlaneOptions): Promise<string | undefined> {
  if (opts.plaintext || opts.certDir || !client) return undefined
  try {
    return await client.createToken(
      opts.istioNamespace,
      TOKEN_SERVICE_ACCOUNT,
      [TOKEN_AUDIENCE],
      TOKEN_SECONDS,
    )
  } catch (e) {
    throw new MeshctlError(
      `cannot get a token for ServiceAccount ${opts.istioNamespace}/${TOKEN_SERVICE_ACCOUNT} (TokenRequest, audience ${TOKEN_AUDIENCE}): ${(e as Error).message}`,
      {cause: e, hints: ['or connect with --cert-dir, or --plaintext to a port that allows it']},
    )
  }
}

function dial(opts: ControlPlaneOptions, address: string, tok: string | undefined): XdsDialOptions {
  return {
    address,
    plaintext: opts.plaintext,
    certDir: opts.certDir,
    insecure: opts.insecure,
    authority: opts.authority,
    token: tok,
    serverName: `${!opts.revision || opts.revision === 'default' ? 'istiod' : `istiod-${opts.revision}`}.${opts.istioNamespace}.svc`,
    timeoutMs: opts.timeoutMs,
    node: debugNode(opts.istioNamespace, TOKEN_SERVICE_ACCOUNT),
  }
}

/** One answer per istiod. */
export interface Answer {
  /** The pod (or --xds-address) asked. */
  source: string
  response: DiscoveryResponse
}

/**
 * Asks every istiod of the revision (or --xds-address) for a debug type; `each` lets the caller stop early
 * (return true) for requests about one proxy. syncz falls back to GET /debug/syncz on the monitoring port
 * when xDS cannot be reached, and says so through `log`.
 */
export async function requestAll(
  client: KubeClient | undefined,
  req: XdsRequest,
  opts: ControlPlaneOptions,
  log: Log,
  each?: (a: Answer) => boolean,
): Promise<Answer[]> {
  if (opts.xdsAddress) {
    const response = await xdsRequest(req, {
      ...dial(opts, opts.xdsAddress, await token(client, opts)),
      fullProtos: req.typeUrl === TYPE.configDump,
    })
    return [{source: opts.xdsAddress, response}]
  }
  if (!client) throw new MeshctlError('no cluster to find istiod in: give --xds-address')
  preloadXds(req.typeUrl === TYPE.configDump)
  const {pods, selector} = await findIstiods(client, opts)
  if (pods.length === 0)
    throw new MeshctlError(`no running istiod pods (${selector}) in namespace "${opts.istioNamespace}"`, {
      hints: ['is Istio installed? check -i/--istio-namespace, -r/--revision or --xds-label'],
    })
  const tok = await token(client, opts)
  const answers: Answer[] = []
  for (const pod of pods) {
    const name = pod.metadata.name!
    let response: DiscoveryResponse
    try {
      response = await withForward(client, opts.istioNamespace, name, opts.xdsPort, (pf) =>
        xdsRequest(req, {
          ...dial(opts, `${pf.address}:${pf.port}`, tok),
          fullProtos: req.typeUrl === TYPE.configDump,
        }),
      )
    } catch (e) {
      if (req.typeUrl !== TYPE.syncz || !isUnreachable(e)) throw podError(e, name, opts)
      log(
        `note: xDS on istiod pod ${opts.istioNamespace}/${name} port ${opts.xdsPort} failed (${(e as Error).message}); ` +
          `reading GET /debug/syncz on its monitoring port instead`,
      )
      response = await synczOverHttp(client, pod, opts).catch((e2: unknown) => {
        throw podError(e2, name, opts)
      })
    }
    const a = {source: name, response}
    answers.push(a)
    if (each?.(a)) break
  }
  return answers
}

function isUnreachable(e: unknown): boolean {
  const m = (e as Error).message
  return /unreachable|did not answer|closed the stream|ECONNREFUSED|port-forward/i.test(m)
}

function podError(e: unknown, pod: string, opts: ControlPlaneOptions): MeshctlError {
  const err = e as Error & {hints?: string[]}
  return new MeshctlError(`istiod pod ${opts.istioNamespace}/${pod}: ${err.message}`, {
    cause: e,
    hints: err.hints,
  })
}

async function withForward<T>(
  client: KubeClient,
  namespace: string,
  pod: string,
  port: number,
  fn: (pf: PortForwardHandle) => Promise<T>,
): Promise<T> {
  const pf = await client.portForward(namespace, pod, port)
  try {
    return await fn(pf)
  } finally {
    await pf.close()
  }
}

/** The monitoring port of istiod (prometheus.io/port, else 15014), where /version and /debug live. */
export function monitoringPort(pod: KubeObject): number {
  return Number(pod.metadata.annotations?.['prometheus.io/port'] ?? 15014) || 15014
}

/** GET a path of istiod's monitoring port through a port-forward. */
export async function istiodHttp(
  client: KubeClient,
  pod: KubeObject,
  path: string,
  timeoutMs: number,
): Promise<string> {
  const ns = pod.metadata.namespace!
  return withForward(client, ns, pod.metadata.name!, monitoringPort(pod), async (pf) => {
    const res = await fetch(`${pf.url}${path}`, {signal: AbortSignal.timeout(timeoutMs)})
    if (!res.ok)
      throw new MeshctlError(`GET ${path} on istiod pod ${ns}/${pod.metadata.name}: HTTP ${res.status}`)
    return res.text()
  })
}

/** istiod's SyncStatus as /debug/syncz writes it. */
export interface SyncStatus {
  cluster_id?: string
  proxy?: string
  proxy_type?: string
  istio_version?: string
  resources?: Record<string, {sent?: string; acked?: string; sentTime?: string; lastError?: string}>
}

/** /debug/syncz as if it came over xDS: a ClientConfig per proxy, statuses as istiod derives them. */
export function synczToResponse(list: SyncStatus[], istiodID: string): DiscoveryResponse {
  return {
    resources: list.map((s) => {
      const id = s.proxy ?? ''
      const metadata: Record<string, string> = {}
      if (s.cluster_id) metadata.CLUSTER_ID = s.cluster_id
      if (s.istio_version) metadata.ISTIO_VERSION = s.istio_version
      const dot = id.lastIndexOf('.')
      if (dot > 0) metadata.NAMESPACE = id.slice(dot + 1)
      const configs = Object.entries(s.resources ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([typeUrl, r]) => ({
          typeUrl,
          ...(r.sentTime && !r.sentTime.startsWith('0001-') ? {lastUpdated: r.sentTime} : {}),
          configStatus: r.lastError
            ? 'ERROR'
            : !r.sent
              ? 'NOT_SENT'
              : r.acked === r.sent
                ? 'SYNCED'
                : 'STALE',
          ...(r.lastError ? {errorState: {details: r.lastError}} : {}),
        }))
      return {'@type': TYPE.clientConfig, node: {id, metadata}, genericXdsConfigs: configs}
    }),
    typeUrl: TYPE.clientConfig,
    controlPlane: {identifier: JSON.stringify({Component: 'istiod', ID: istiodID, Info: {version: ''}})},
  }
}

async function synczOverHttp(
  client: KubeClient,
  pod: Pod,
  opts: ControlPlaneOptions,
): Promise<DiscoveryResponse> {
  const text = await istiodHttp(client, pod, '/debug/syncz', opts.timeoutMs)
  let list: SyncStatus[]
  try {
    list = JSON.parse(text) as SyncStatus[]
  } catch {
    throw new MeshctlError(`GET /debug/syncz: not JSON`)
  }
  return synczToResponse(Array.isArray(list) ? list : [], pod.metadata.name!)
}

/** The answers keyed by the istiod that gave them, as istioctl merges them. */
export function byControlPlane(answers: readonly Answer[]): Map<string, DiscoveryResponse> {
  const out = new Map<string, DiscoveryResponse>()
  for (const a of answers) {
    const cp = controlPlaneOf(a.response)
    out.set(cp.ID === 'MISSING' || cp.ID === 'INVALID' ? a.source : cp.ID, a.response)
  }
  return out
}
