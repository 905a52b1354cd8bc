/**
 * kube-inject through istiod's injection webhook, as istioctl 1.30.3 does it: find the revision's
 * MutatingWebhookConfiguration (label `istio.io/rev`, webhook named `…sidecar-injector.istio.io`), reach
 * the service it names through a port-forward to its first pod (the service's targetPort for the
 * webhook's port, 15017 when none matches), send each pod as an AdmissionReview over TLS (the webhook's
 * caBundle, server name `SERVICE.NAMESPACE.svc`, 5 s per request) and apply the JSON patch istiod answers.
 * Unlike istioctl, one port-forward serves the whole run, and a webhook that cannot be reached leads back
 * to the ConfigMaps (the caller decides) instead of failing.
 * @module
 */
import {randomUUID} from 'node:crypto'
import {Agent, request} from 'node:https'
import type {KubeClient} from '../kube/client.js'
import type {PortForwardHandle} from '../kube/port-forward.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {MeshctlError} from '../errors.js'
import type {Pod} from './inject.js'
import type {JsonPatchOp} from './patch.js'

type JsonMap = Record<string, unknown>
const isObj = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

/** istioctl's defaults: the webhook's name suffix, and the pod port when the service does not say. */
export const WEBHOOK_SUFFIX = 'sidecar-injector.istio.io'
export const DEFAULT_WEBHOOK_PORT = 15017
export const DEFAULT_WEBHOOK_CONFIG = 'istio-sidecar-injector'
/** istioctl's http.Client timeout for one AdmissionReview. */
export const REQUEST_TIMEOUT_MS = 5000

export interface WebhookClientConfig {
  url?: string
  service?: {namespace: string; name: string; path?: string; port?: number}
  /** Base64 PEM, as the API returns it. */
  caBundle?: string
}

export interface FoundWebhook {
  /** The MutatingWebhookConfiguration's name and the webhook's. */
  configuration: string
  webhook: string
  clientConfig: WebhookClientConfig
}

/**
 * The injection webhook among the MutatingWebhookConfigurations labelled with the revision: the one
 * named `preferred` (--webhookConfig) when it is there, else the first by name (istioctl takes the first
 * of the list, which the API server sorts by name); in it, the first webhook whose name ends in
 * `sidecar-injector.istio.io`.
 */
export function findInjectionWebhook(configs: KubeObject[], preferred: string): FoundWebhook | undefined {
  const sorted = [...configs].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
  const named = sorted.filter((c) => c.metadata.name === preferred)
  for (const c of [...named, ...sorted.filter((x) => x.metadata.name !== preferred)]) {
    const hooks = (Array.isArray(c.webhooks) ? c.webhooks : []) as {name?: string; clientConfig?: unknown}[]
    const w = hooks.find((h) => (h.name ?? '').endsWith(WEBHOOK_SUFFIX) && isObj(h.clientConfig))
    if (w)
      return {
        configuration: c.metadata.name ?? '',
        webhook: w.name ?? '',
        clientConfig: w.clientConfig as WebhookClientConfig,
      }
  }
  return undefined
}

type PortSpec = {port?: number; targetPort?: number | string}
type ContainerPort = {name?: string; containerPort?: number}

/**
 * The pod port behind the service port the webhook calls (443 when the webhook names none): its
 * targetPort, a named one looked up in the pod's containers; 15017 when the service has no such port.
 */
export function webhookPodPort(
  service: KubeObject,
  webhookPort: number | undefined,
  pod?: KubeObject,
): number {
  const spec = (isObj(service.spec) ? service.spec : {}) as {ports?: PortSpec[]}
  const sp = (spec.ports ?? []).find((p) => p.port === (webhookPort ?? 443))
  if (!sp) return DEFAULT_WEBHOOK_PORT
  const target = sp.targetPort ?? sp.port
  if (typeof target === 'number') return target
  if (/^\d+$/.test(String(target))) return Number(target)
  const podSpec = (isObj(pod?.spec) ? pod.spec : {}) as {containers?: {ports?: ContainerPort[]}[]}
  for (const c of podSpec.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === target && p.containerPort) return p.containerPort
  return DEFAULT_WEBHOOK_PORT
}

const PHASE: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2}

function podFacts(p: KubeObject) {
  const spec = (isObj(p.spec) ? p.spec : {}) as {nodeName?: string}
  const status = (isObj(p.status) ? p.status : {}) as {
    phase?: string
    conditions?: {type?: string; status?: string; lastTransitionTime?: string}[]
    containerStatuses?: {restartCount?: number}[]
  }
  const ready = (status.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'True')
  return {
    assigned: !!spec.nodeName,
    phase: PHASE[status.phase ?? ''] ?? 0,
    ready: !!ready,
    readySince: ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN,
    restarts: Math.max(0, ...(status.containerStatuses ?? []).map((c) => c.restartCount ?? 0)),
    created: p.metadata.creationTimestamp ? Date.parse(String(p.metadata.creationTimestamp)) : NaN,
  }
}

/**
 * The pod istioctl's GetFirstPod picks: the most active one (kubectl's ActivePods order, reversed):
 * scheduled, Running, Ready, ready the longest, fewest restarts, oldest.
 */
export function firstPod(pods: KubeObject[]): KubeObject | undefined {
  const earlier = (a: number, b: number) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b)
  return [...pods]
    .map((p) => ({p, f: podFacts(p)}))
    .sort(
      ({f: a}, {f: b}) =>
        Number(b.assigned) - Number(a.assigned) ||
        b.phase - a.phase ||
        Number(b.ready) - Number(a.ready) ||
        (a.ready && b.ready ? earlier(a.readySince, b.readySince) : 0) ||
        a.restarts - b.restarts ||
        earlier(a.created, b.created),
    )[0]?.p
}

/** The AdmissionReview (admission.k8s.io/v1) for a pod, as the API server would send it on CREATE. */
export function admissionReview(pod: Pod, namespace: string, uid: string = randomUUID()): JsonMap {
  const name = typeof pod.metadata.name === 'string' ? pod.metadata.name : ''
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: {group: '', version: 'v1', kind: 'Pod'},
      resource: {group: '', version: 'v1', resource: 'pods'},
      requestKind: {group: '', version: 'v1', kind: 'Pod'},
      requestResource: {group: '', version: 'v1', resource: 'pods'},
      name,
      namespace,
      operation: 'CREATE',
      userInfo: {},
      object: {apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata, spec: pod.spec},
      oldObject: null,
      dryRun: false,
    },
  }
}

/** A webhook that failed. `unreachable`: it could not be asked (the caller may fall back); otherwise it answered wrongly. */
export class WebhookError extends MeshctlError {
  constructor(
    message: string,
    readonly unreachable: boolean,
    cause?: unknown,
  ) {
    super(message, {cause})
  }
}

/** The JSON patch of an AdmissionReview answer (v1 or v1beta1); undefined when it allows the pod unchanged. */
export function admissionPatch(body: string): JsonPatchOp[] | undefined {
  let review: unknown
  try {
    review = JSON.parse(body)
  } catch {
    throw new WebhookError(`could not decode the answer: ${firstLine(body) || 'empty body'}`, false)
  }
  const response = isObj(review) && isObj(review.response) ? review.response : undefined
  if (!response) throw new WebhookError('could not decode the answer: no AdmissionReview response', false)
  if (response.allowed !== true) {
    const status = isObj(response.status) ? response.status : {}
    throw new WebhookError(`refused the pod: ${String(status.message ?? 'no reason given')}`, false)
  }
  if (typeof response.patch !== 'string' || response.patch === '') return undefined
  if (response.patchType !== undefined && response.patchType !== 'JSONPatch')
    throw new WebhookError(`answered an unknown patch type ${String(response.patchType)}`, false)
  let ops: unknown
  try {
    ops = JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'))
  } catch {
    throw new WebhookError('answered a patch that is not JSON', false)
  }
  if (!Array.isArray(ops)) throw new WebhookError('answered a patch that is not a list of operations', false)
  return ops as JsonPatchOp[]
}

function pointer(path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/')) throw new WebhookError(`answered a patch with a bad path "${path}"`, false)
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/**
 * Applies istiod's patch to the pod meshctl sent. istiod builds it against its Go view of the pod, which
 * has zero values the YAML leaves out (`resources: {}`, `creationTimestamp: null`): so a `replace` of a
 * field that is not there adds it, a `remove` of one that is not there does nothing, and an `add` under a
 * missing parent object creates it. Lists are indexed as sent (Go keeps every item).
 */
export function applyWebhookPatch(pod: Pod, ops: JsonPatchOp[]): Pod {
  const root = structuredClone(pod) as unknown as JsonMap
  for (const op of ops) {
    const parts = pointer(op.path)
    if (parts.length === 0) throw new WebhookError('answered a patch that replaces the whole pod', false)
    let cur: unknown = root
    for (const [i, p] of parts.slice(0, -1).entries()) {
      if (Array.isArray(cur)) cur = cur[Number(p)]
      else if (isObj(cur)) {
        if (!isObj(cur[p]) && !Array.isArray(cur[p])) {
          if (op.op === 'remove') break
          cur[p] = /^\d+$|^-$/.test(parts[i + 1] ?? '') ? [] : {}
        }
        cur = cur[p]
      }
      if (cur === undefined) throw new WebhookError(`answered a patch for a missing path "${op.path}"`, false)
    }
    const last = parts[parts.length - 1]!
    if (Array.isArray(cur)) {
      const i = last === '-' ? cur.length : Number(last)
      if (!Number.isInteger(i) || i < 0 || i > cur.length)
        throw new WebhookError(`answered a patch for a missing path "${op.path}"`, false)
      if (op.op === 'remove') cur.splice(i, 1)
      else if (op.op === 'add') cur.splice(i, 0, structuredClone(op.value))
      else if (op.op === 'replace') cur[i] = structuredClone(op.value)
      else throw new WebhookError(`answered an unsupported patch operation "${String(op.op)}"`, false)
    } else if (isObj(cur)) {
      if (op.op === 'remove') delete cur[last]
      else if (op.op === 'add' || op.op === 'replace') cur[last] = structuredClone(op.value)
      else throw new WebhookError(`answered an unsupported patch operation "${String(op.op)}"`, false)
    }
  }
  return root as unknown as Pod
}

const firstLine = (s: string) => (s.split('\n')[0] ?? '').trim().slice(0, 200)

/** Node's codes for a certificate that does not verify: the webhook answered, but cannot be trusted. */
const TLS_CODES =
  /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL/

export interface WebhookInjector {
  /** Where it goes, for a stderr note. */
  readonly describe: string
  /** Requests answered so far. */
  answered: number
  inject(pod: Pod, namespace: string): Promise<Pod | undefined>
  close(): Promise<void>
}

export interface WebhookOptions {
  /** '' or 'default' for the default revision. */
  revision: string
  /** --webhookConfig: the configuration preferred among the revision's. */
  webhookConfig: string
  timeoutMs?: number
}

/** Either a webhook to send pods to, or why there is none (the caller falls back to the ConfigMaps). */
export type WebhookSetup = {injector: WebhookInjector} | {unavailable: string}

/**
 * Finds istiod's injection webhook for the revision and opens the way to it (a port-forward to the
 * service's first pod, or the webhook's URL). Does not send anything yet.
 */
export async function openWebhook(client: KubeClient, opts: WebhookOptions): Promise<WebhookSetup> {
  const rev = opts.revision === '' ? 'default' : opts.revision
  let configs: KubeObject[]
  try {
    configs = await client.list(Kinds.MutatingWebhookConfiguration, {labelSelector: `istio.io/rev=${rev}`})
  } catch (e) {
    return {unavailable: `cannot list MutatingWebhookConfigurations: ${firstLine((e as Error).message)}`}
  }
  const found = findInjectionWebhook(configs, opts.webhookConfig)
  if (!found)
    return {
      unavailable: `no MutatingWebhookConfiguration labelled istio.io/rev=${rev} has a *${WEBHOOK_SUFFIX} webhook`,
    }
  const cc = found.clientConfig
  const ca = cc.caBundle ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS
  if (cc.service) {
    const svc = cc.service
    const what = `service ${svc.namespace}/${svc.name}`
    let service: KubeObject | undefined
    try {
      service = await client.get(Kinds.Service, svc.name, svc.namespace)
    } catch (e) {
      return {unavailable: `cannot read ${what}: ${firstLine((e as Error).message)}`}
    }
    if (!service) return {unavailable: `${what} (webhook ${found.webhook}) does not exist`}
    const selector = (
      isObj(service.spec) && isObj(service.spec.selector) ? service.spec.selector : {}
    ) as Record<string, string>
    if (Object.keys(selector).length === 0) return {unavailable: `${what} has no pod selector`}
    const labelSelector = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')
    let pod: KubeObject | undefined
    try {
      pod = firstPod(await client.list(Kinds.Pod, {namespace: svc.namespace, labelSelector}))
    } catch (e) {
      return {unavailable: `cannot list the pods of ${what}: ${firstLine((e as Error).message)}`}
    }
    if (!pod)
      return {unavailable: `no pods matching selector "${labelSelector}" in namespace "${svc.namespace}"`}
    const podPort = webhookPodPort(service, svc.port, pod)
    const podName = `pod ${svc.namespace}/${pod.metadata.name} port ${podPort}`
    let pf: PortForwardHandle
    try {
      pf = await client.portForward(svc.namespace, pod.metadata.name!, podPort)
    } catch (e) {
      return {unavailable: `cannot port-forward to ${podName}: ${firstLine((e as Error).message)}`}
    }
    return {
      injector: httpsInjector({
        describe: `${found.configuration}/${found.webhook} via ${podName}`,
        url: new URL(`https://127.0.0.1:${pf.port}${svc.path ?? '/'}`),
        servername: `${svc.name}.${svc.namespace}.svc`,
        ca,
        timeoutMs,
        tunnelError: () => pf.tunnelError?.(),
        close: () => pf.close(),
      }),
    }
  }
  if (!cc.url) return {unavailable: `webhook ${found.webhook} names neither a service nor a URL`}
  let url: URL
  try {
    url = new URL(cc.url)
  } catch {
    return {unavailable: `webhook ${found.webhook} has a bad URL`}
  }
  return {
    injector: httpsInjector({
      describe: `${found.configuration}/${found.webhook} at ${url.host}`,
      url,
      ca,
      timeoutMs,
      close: async () => {},
    }),
  }
}

interface HttpsTarget {
  describe: string
  url: URL
  servername?: string
  ca?: string
  timeoutMs: number
  tunnelError?: () => Error | undefined
  close: () => Promise<void>
}

function httpsInjector(t: HttpsTarget): WebhookInjector {
  const agent = new Agent({keepAlive: true, ca: t.ca, servername: t.servername, minVersion: 'TLSv1.2'})
  const post = (body: string): Promise<{status: number; text: string}> =>
    new Promise((resolve, reject) => {
      const req = request(
        t.url,
        {
          method: 'POST',
          agent,
          ca: t.ca,
          servername: t.servername,
          headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)},
          timeout: t.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8')}),
          )
          res.on('error', reject)
        },
      )
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error(`no answer within ${t.timeoutMs / 1000}s`), {code: 'ETIMEDOUT'})),
      )
      req.on('error', reject)
      req.end(body)
    })
  const injector: WebhookInjector = {
    describe: t.describe,
    answered: 0,
    async inject(pod, namespace) {
      let res
      try {
        res = await post(JSON.stringify(admissionReview(pod, namespace)))
      } catch (e) {
        const err = e as NodeJS.ErrnoException
        const tunnel = t.tunnelError?.()
        if (TLS_CODES.test(err.code ?? ''))
          throw new WebhookError(
            `istiod's injection webhook (${t.describe}): TLS: ${err.message} (checked against the webhook's caBundle as ${t.servername ?? t.url.hostname})`,
            false,
            e,
          )
        throw new WebhookError(
          `istiod's injection webhook (${t.describe}) did not answer: ${firstLine(tunnel?.message ?? err.message)}`,
          true,
          e,
        )
      }
      injector.answered++
      if (res.status !== 200)
        throw new WebhookError(
          `istiod's injection webhook (${t.describe}) answered HTTP ${res.status}: ${firstLine(res.text)}`,
          false,
        )
      try {
        const ops = admissionPatch(res.text)
        return ops ? applyWebhookPatch(pod, ops) : undefined
      } catch (e) {
        throw new WebhookError(`istiod's injection webhook (${t.describe}) ${(e as Error).message}`, false)
      }
    },
    async close() {
      agent.destroy()
      await t.close()
    },
  }
  return injector
}
