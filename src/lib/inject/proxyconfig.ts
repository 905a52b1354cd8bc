/**
 * The effective proxy config of a workload (istiod's EffectiveProxyConfig): the mesh's defaultConfig,
 * then ProxyConfig resources without a selector in the root namespace, then in the workload's namespace,
 * then the `proxy.istio.io/config` annotation, then ProxyConfig resources whose selector matches the
 * workload (highest). A resource contributes concurrency, environmentVariables (as proxyMetadata) and image.
 * @module
 */
import {selectorMatches} from './inject.js'
import {defaultProxyConfig, protoMerge, type JsonMap} from './proto.js'

/** A networking.istio.io ProxyConfig resource, as read from the cluster. */
export interface ProxyConfigResource {
  metadata: {name?: string; namespace?: string; creationTimestamp?: string}
  spec?: {
    selector?: {matchLabels?: Record<string, string>}
    concurrency?: number | null
    environmentVariables?: Record<string, string>
    image?: {imageType?: string}
  }
}

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

function asProxyConfig(r: ProxyConfigResource): JsonMap {
  const s = r.spec ?? {}
  const out: JsonMap = {}
  if (s.concurrency !== undefined && s.concurrency !== null) out.concurrency = s.concurrency
  if (isMap(s.environmentVariables)) out.proxyMetadata = s.environmentVariables
  if (isMap(s.image)) out.image = s.image
  return out
}

const byAge = (a: ProxyConfigResource, b: ProxyConfigResource) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')

function merged(list: ProxyConfigResource[]): JsonMap {
  return [...list].sort(byAge).reduce((acc, r) => protoMerge(acc, asProxyConfig(r)), {} as JsonMap)
}

export function effectiveProxyConfig(
  mesh: JsonMap,
  resources: ProxyConfigResource[],
  workload: {namespace: string; labels: Record<string, string>; annotation?: JsonMap},
): JsonMap {
  const root = typeof mesh.rootNamespace === 'string' ? mesh.rootNamespace : 'istio-system'
  const unselected = (ns: string) =>
    resources.filter(
      (r) => r.metadata.namespace === ns && Object.keys(r.spec?.selector?.matchLabels ?? {}).length === 0,
    )
  let pc = protoMerge(defaultProxyConfig(), (mesh.defaultConfig ?? {}) as JsonMap)
  pc = protoMerge(pc, merged(unselected(root)))
  if (workload.namespace !== root) pc = protoMerge(pc, merged(unselected(workload.namespace)))
  const selected = resources.filter(
    (r) =>
      r.metadata.namespace === workload.namespace &&
      Object.keys(r.spec?.selector?.matchLabels ?? {}).length > 0 &&
      selectorMatches({matchLabels: r.spec!.selector!.matchLabels}, workload.labels) === true,
  )
  const forWorkload = protoMerge(workload.annotation ?? {}, merged(selected))
  return protoMerge(pc, forWorkload)
}
