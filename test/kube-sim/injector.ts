/**
 * istiod's sidecar injection webhook, in process: when a MutatingWebhookConfiguration points a webhook at
 * an `istiod[-REVISION]` service on an `/inject` path (what our istiod chart installs), the simulator
 * answers it with meshctl's injection engine, reading the revision's `istio-sidecar-injector` and `istio`
 * ConfigMaps at call time, as istiod does. So pods created in a namespace labelled
 * `istio-injection=enabled` come up with sidecars. Native sidecars follow the nodes' kubelet versions.
 * Start the simulator with `injector: false` to leave the webhook to a real istiod.
 */
import {
  deployMetaFromPod,
  injectPod,
  injectRequired,
  parseInjectorConfig,
  parseMeshConfig,
  parseValues,
  type InjectSettings,
  type Pod,
} from '../../src/lib/inject/index.js'
import {jsonPatch} from '../../src/lib/inject/patch.js'
import {effectiveProxyConfig, type ProxyConfigResource} from '../../src/lib/inject/proxyconfig.js'
import {parseProxyConfig} from '../../src/lib/inject/inject.js'
import {nativeSidecarsFromNodes} from '../../src/lib/inject/sources.js'
import type {Admission, AdmissionResponse} from './admission.js'
import type {SimServer} from './server.js'
import type {KObj} from './store.js'

type JsonMap = Record<string, unknown>
const CM = {group: '', resource: 'configmaps'}

/** Parsed settings per ConfigMap pair, reused while their resourceVersions stay the same. */
const cache = new WeakMap<SimServer, Map<string, {key: string; settings: InjectSettings}>>()

function settingsFor(server: SimServer, namespace: string, revision: string): InjectSettings | undefined {
  const suffix = revision ? `-${revision}` : ''
  const inj = server.store.get(CM, namespace, `istio-sidecar-injector${suffix}`)
  const mesh = server.store.get(CM, namespace, `istio${suffix}`)
  if (!inj || !mesh) return undefined
  const key = `${inj.metadata.resourceVersion}/${mesh.metadata.resourceVersion}`
  const byNs = cache.get(server) ?? new Map<string, {key: string; settings: InjectSettings}>()
  cache.set(server, byNs)
  const hit = byNs.get(`${namespace}/${revision}`)
  if (hit?.key === key) return hit.settings
  const data = (inj.data ?? {}) as Record<string, string>
  const settings: InjectSettings = {
    config: parseInjectorConfig(data.config ?? '', 'istio-sidecar-injector'),
    values: parseValues(data.values ?? '{}', 'istio-sidecar-injector'),
    mesh: parseMeshConfig(((mesh.data ?? {}) as Record<string, string>).mesh ?? '', 'istio'),
    revision,
    nativeSidecars: false,
  }
  byNs.set(`${namespace}/${revision}`, {key, settings})
  return settings
}

/** The webhook's answer for one AdmissionReview of a pod. */
export function injectionReview(
  server: SimServer,
  namespace: string,
  revision: string,
  request: JsonMap,
): AdmissionResponse {
  const uid = request.uid as string | undefined
  const obj = request.object as KObj | null
  if (!obj || obj.kind !== 'Pod') return {uid, allowed: true}
  try {
    const base = settingsFor(server, namespace, revision)
    if (!base) return {uid, allowed: true}
    const nodes = server.store.list({group: '', resource: 'nodes'})
    const settings = {...base, nativeSidecars: nativeSidecarsFromNodes(nodes as never)}
    const metadata = structuredClone(obj.metadata) as JsonMap
    delete metadata.managedFields
    if (!metadata.namespace) metadata.namespace = request.namespace
    const pod: Pod = {metadata, spec: structuredClone((obj.spec ?? {}) as JsonMap)}
    if (!injectRequired(settings.config, pod)) return {uid, allowed: true}
    const pca = (metadata.annotations as Record<string, string> | undefined)?.['proxy.istio.io/config']
    const proxyConfig = effectiveProxyConfig(settings.mesh, proxyConfigsIn(server), {
      namespace: String(metadata.namespace ?? ''),
      labels: (metadata.labels ?? {}) as Record<string, string>,
      annotation: pca === undefined ? undefined : parseProxyConfig(pca),
    })
    const injected = injectPod(settings, {
      pod,
      ...deployMetaFromPod(metadata),
      proxyConfig,
      meshConfig: settings.mesh,
    })
    const before = {metadata: obj.metadata, spec: obj.spec}
    const after = {
      metadata: {...injected.metadata, managedFields: obj.metadata.managedFields},
      spec: injected.spec,
    }
    if (!obj.metadata.managedFields) delete after.metadata.managedFields
    const patch = jsonPatch(before, after)
    return {
      uid,
      allowed: true,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify(patch)).toString('base64'),
    }
  } catch (e) {
    return {uid, allowed: false, status: {message: (e as Error).message}}
  }
}

/** ProxyConfig resources, when the CRD is installed. */
function proxyConfigsIn(server: SimServer): ProxyConfigResource[] {
  try {
    return server.store.list({group: 'networking.istio.io', resource: 'proxyconfigs'}) as never
  } catch {
    return []
  }
}

const ISTIOD = /^istiod(?:-(.+))?$/

/** Registers the in-process webhook for every istiod injection webhook configured, now and later. */
export function serveIstioInjection(server: SimServer, admission: Admission): void {
  const seen = new Set<string>()
  const scan = (cfg: KObj) => {
    for (const w of (cfg.webhooks ?? []) as {
      clientConfig?: {service?: {namespace: string; name: string; path?: string}}
    }[]) {
      const svc = w.clientConfig?.service
      const m = svc ? ISTIOD.exec(svc.name) : null
      if (!svc || !m || !(svc.path ?? '').startsWith('/inject')) continue
      const key = `${svc.namespace}/${svc.name}`
      // a handler a test registered itself wins
      if (seen.has(key) || admission.hasService(svc.namespace, svc.name)) continue
      seen.add(key)
      const revision = m[1] ?? ''
      admission.registerService(svc.namespace, svc.name, (review) =>
        injectionReview(server, svc.namespace, revision, review.request),
      )
    }
  }
  const type = {group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations'}
  for (const c of server.store.list(type)) scan(c)
  server.store.subscribe((ev) => {
    if (ev.group === type.group && ev.resource === type.resource && ev.type !== 'DELETED') scan(ev.object)
  })
}
