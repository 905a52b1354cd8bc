/** What an install left in a simulator, comparable between istioctl and meshctl (oracle tests, bench). */
import type {KubeSim} from '../kube-sim/index.js'

export const INSTALL_KINDS: readonly [string, string][] = [
  ['v1', 'Namespace'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
]

export interface StoredObject {
  labels: Record<string, string>
  /** `manager:Operation` of the non-status managedFields entries, sorted. */
  managers: string[]
}

/**
 * Every Istio object in the store by `Kind/namespace/name` (meshctl's addons left out: istioctl has none),
 * with sorted labels and field managers. Namespaces: istio-system only.
 */
export function istioStore(sim: KubeSim): Map<string, StoredObject> {
  const out = new Map<string, StoredObject>()
  for (const [v, k] of INSTALL_KINDS) {
    for (const o of sim.list(v, k)) {
      const labels = (o.metadata.labels ?? {}) as Record<string, string>
      if (labels['app.kubernetes.io/part-of'] === 'meshctl-addons') continue
      if (k === 'Namespace' ? o.metadata.name !== 'istio-system' : !labels['operator.istio.io/component'])
        continue
      const managers = (
        (o.metadata.managedFields ?? []) as {manager: string; operation: string; subresource?: string}[]
      )
        .filter((m) => !m.subresource)
        .map((m) => `${m.manager}:${m.operation}`)
        .sort()
      const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))
      out.set(`${k}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, {labels: sorted, managers})
    }
  }
  return out
}

/** Differences between two stores, one line each (empty when they match). */
export function storeDiff(
  a: Map<string, StoredObject>,
  b: Map<string, StoredObject>,
  skip?: (key: string) => boolean,
): string[] {
  const out: string[] = []
  for (const k of a.keys()) if (!b.has(k) && !skip?.(k)) out.push(`only istioctl: ${k}`)
  for (const k of b.keys()) if (!a.has(k) && !skip?.(k)) out.push(`only meshctl: ${k}`)
  for (const [k, v] of a) {
    const w = b.get(k)
    if (!w || skip?.(k)) continue
    if (JSON.stringify(v.labels) !== JSON.stringify(w.labels))
      out.push(`labels differ: ${k}: ${JSON.stringify(v.labels)} vs ${JSON.stringify(w.labels)}`)
    if (JSON.stringify(v.managers) !== JSON.stringify(w.managers))
      out.push(`managers differ: ${k}: ${v.managers.join(',')} vs ${w.managers.join(',')}`)
  }
  return out
}

/** Fields the API server or controllers set, which differ between two simulators for the same input. */
function serverSet(key: string, v: unknown): unknown {
  if (['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'status'].includes(key))
    return undefined
  if (['clusterIP', 'clusterIPs', 'nodePort', 'healthCheckNodePort', 'time'].includes(key)) return undefined
  return v
}

/**
 * Every Istio object's content (labels, annotations, spec and data; server-set fields left out) by
 * `Kind/namespace/name`, for checking that two runs left the same state, not only the same names.
 */
export function istioContent(sim: KubeSim): Map<string, string> {
  const names = istioStore(sim)
  const out = new Map<string, string>()
  for (const [v, k] of INSTALL_KINDS)
    for (const o of sim.list(v, k)) {
      const key = `${k}/${o.metadata.namespace ?? ''}/${o.metadata.name}`
      if (names.has(key)) out.set(key, JSON.stringify(o, serverSet))
    }
  return out
}
