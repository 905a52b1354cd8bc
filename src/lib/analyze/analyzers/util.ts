/**
 * Lookups shared by analyzers: host names, exportTo scopes, label selectors and a service index. Each
 * index is built in one pass so analyzers stay linear in the number of resources.
 */
import type {AnalysisContext} from '../analyzer.js'
import {K} from '../kinds.js'
import {newReferencedResourceNotFound} from '../messages.gen.js'
import {annotationsOf, specOf, type Resource} from '../resource.js'
import {pushTo, type ResourceStore} from '../store.js'

export const CLUSTER_DOMAIN = 'svc.cluster.local'
export const MESH_GATEWAY = 'mesh'
export const EXPORT_ALL = '*'
export const EXPORT_LOCAL = '.'

/** A short host (`reviews`) as `reviews.<ns>.svc.cluster.local`; hosts with a dot or wildcard are kept. */
export function toFqdn(namespace: string, host: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`
}

/** The namespace/name a host names: `a.b.svc.cluster.local` is b/a; anything else is `defaultNs`/host. */
export function nameFromHost(defaultNs: string, host: string): {namespace: string; name: string} {
  // no `^` needed: `.+` lets any match start at 0
  const m = /(.+)\.(.+)\.svc\.cluster\.local$/.exec(host)
  return m ? {namespace: m[2], name: m[1]} : {namespace: defaultNs, name: host}
}

/** Istio's host matching: equal, or one side a wildcard (`*.example.com`) covering the other. */
export function hostsMatch(a: string, b: string): boolean {
  const aw = a.startsWith('*')
  const bw = b.startsWith('*')
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1))
  if (aw) return b.endsWith(a.slice(1))
  if (bw) return a.endsWith(b.slice(1))
  return a === b
}

/** Gateway-server hosts (`ns/host`) visible from a namespace, without their namespace part. */
export function hostsForNamespace(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = []
  for (const h of hosts) {
    const slash = h.indexOf('/')
    if (slash < 0) out.push(h)
    else if (h.slice(0, slash) === namespace || h.slice(0, slash) === '*') out.push(h.slice(slash + 1))
  }
  return out
}

/** `ns/name` or `name` resolved against a default namespace. */
export function shortOrFullName(defaultNs: string, name: string): {namespace: string; name: string} {
  const slash = name.indexOf('/')
  return slash < 0
    ? {namespace: defaultNs, name}
    : {namespace: name.slice(0, slash), name: name.slice(slash + 1)}
}

/** Whether every key/value of a selector is in the labels (an empty selector matches everything). */
export function selectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector ?? {})) if (labels[k] !== v) return false
  return true
}

/** Stable text of a selector, `k=v,k2=v2` sorted, as Kubernetes prints it. */
export function selectorText(selector: Record<string, string>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',')
}

/**
 * An index of labelled objects by each `key=value` pair, for finding the objects a selector matches
 * without scanning all of them.
 */
export class LabelIndex<T> {
  private readonly byPair = new Map<string, T[]>()
  private readonly everything: T[] = []

  constructor(
    items: Iterable<T>,
    private readonly labels: (t: T) => Record<string, string>,
  ) {
    for (const t of items) {
      this.everything.push(t)
      for (const [k, v] of Object.entries(labels(t))) pushTo(this.byPair, `${k}=${v}`, t)
    }
  }

  private readonly memo = new Map<string, T[]>()

  /**
   * Items whose labels include the selector; scans only the items carrying its rarest pair. Unfiltered
   * results are remembered per selector, since many objects share a selector (all gateways on one ingress).
   */
  select(selector: Record<string, string> | undefined, filter?: (t: T) => boolean): T[] {
    const key = filter ? undefined : selectorText(selector ?? {})
    const hit = key === undefined ? undefined : this.memo.get(key)
    if (hit) return hit
    const pairs = Object.entries(selector ?? {})
    const keep = filter ?? (() => true)
    let out: T[]
    if (pairs.length === 0) out = this.everything.filter(keep)
    else out = this.candidates(pairs).filter((t) => keep(t) && selectorMatches(selector, this.labels(t)))
    if (key !== undefined) this.memo.set(key, out)
    return out
  }

  /** Whether any item matches (stops at the first). */
  some(selector: Record<string, string> | undefined, filter: (t: T) => boolean = () => true): boolean {
    const pairs = Object.entries(selector ?? {})
    if (pairs.length === 0) return this.everything.some(filter)
    return this.candidates(pairs).some((t) => filter(t) && selectorMatches(selector, this.labels(t)))
  }

  /** The items carrying the rarest of the selector's pairs. */
  private candidates(pairs: [string, string][]): T[] {
    let best: T[] | undefined
    for (const [k, v] of pairs) {
      const list = this.byPair.get(`${k}=${v}`) ?? []
      if (!best || list.length < best.length) best = list
    }
    return best ?? []
  }
}

/** Labels of a resource's metadata. */
export const metaLabels = (r: Resource): Record<string, string> => r.object.metadata.labels ?? {}

/**
 * The pods of a namespace a label selector picks (workload selectors never cross namespaces); one label
 * index per namespace, built on first use.
 */
export function podSelector(
  store: ResourceStore,
): (namespace: string, labels: Record<string, string>) => Resource[] {
  const byNs = new Map<string, LabelIndex<Resource>>()
  return (namespace, labels) => {
    let idx = byNs.get(namespace)
    if (!idx) byNs.set(namespace, (idx = new LabelIndex(store.inNamespace(K.Pod, namespace), metaLabels)))
    return idx.select(labels)
  }
}

/**
 * The workload-selector check Sidecars and Telemetries share: the pods of `r`'s namespace its `labels`
 * select are added to `byPod` (to find pods several resources select); none selected is IST0101, reported
 * at the first label under `labelsPath`.
 */
export function selectPods(
  ctx: AnalysisContext,
  podsIn: ReturnType<typeof podSelector>,
  r: Resource,
  labels: Record<string, string>,
  labelsPath: string[],
  byPod: Map<Resource, Resource[]>,
): void {
  const matched = podsIn(r.namespace, labels)
  if (matched.length === 0) {
    const first = Object.keys(labels).sort()[0]!
    ctx.report(newReferencedResourceNotFound(r, 'selector', selectorText(labels)), [...labelsPath, first])
  }
  for (const p of matched) pushTo(byPod, p, r)
}

/** A ServiceEntry-like view of a service or ServiceEntry: what destinations resolve to. */
export interface ServiceTarget {
  readonly resource: Resource
  readonly ports: readonly {number: number; name?: string; protocol?: string}[]
  readonly workloadSelector?: Record<string, string>
}

interface SeSpec {
  hosts?: string[]
  exportTo?: string[]
  ports?: {number?: number; name?: string; protocol?: string}[]
  workloadSelector?: {labels?: Record<string, string>}
}
interface SvcSpec {
  ports?: {port?: number; name?: string; protocol?: string}[]
}

/**
 * Services and ServiceEntries by the namespaces that can see each host (istioctl's scoped FQDN map):
 * exact lookups are map hits, and wildcard ServiceEntry hosts are found by walking the suffixes of the
 * host, so a lookup costs the length of the host, not the number of services.
 */
export class ServiceIndex {
  private readonly exact = new Map<string, ServiceTarget>()
  private readonly wildcards = new Map<string, ServiceTarget>()

  constructor(store: ResourceStore) {
    for (const r of store.list(K.ServiceEntry)) {
      const spec = specOf<SeSpec>(r)
      const target: ServiceTarget = {
        resource: r,
        ports: (spec.ports ?? []).map((p) => ({
          number: Number(p.number ?? 0),
          name: p.name,
          protocol: p.protocol,
        })),
        workloadSelector: spec.workloadSelector?.labels,
      }
      const exportTo = spec.exportTo ?? []
      const scopes =
        exportTo.length === 0 || exportTo.includes(EXPORT_ALL)
          ? [EXPORT_ALL]
          : exportTo.map((e) => (e === EXPORT_LOCAL ? r.namespace : e))
      for (const h of spec.hosts ?? []) for (const s of scopes) this.put(s, r.namespace, h, target)
    }
    for (const r of store.list(K.Service)) {
      const spec = specOf<SvcSpec>(r)
      const target: ServiceTarget = {
        resource: r,
        ports: (spec.ports ?? []).map((p) => ({
          number: Number(p.port ?? 0),
          name: p.name,
          protocol: p.protocol,
        })),
      }
      const anno = annotationsOf(r)['networking.istio.io/exportTo']
      const scopes = anno
        ? anno.split(',').map((s) => (s.trim() === EXPORT_LOCAL ? r.namespace : s.trim()))
        : [EXPORT_ALL]
      for (const s of scopes) this.put(s, r.namespace, r.name, target)
    }
  }

  private put(scope: string, namespace: string, host: string, target: ServiceTarget): void {
    const fqdn = toFqdn(namespace, host)
    this.exact.set(`${scope}/${fqdn}`, target)
    if (fqdn.startsWith('*')) this.wildcards.set(`${scope}/${fqdn.slice(1)}`, target)
  }

  /** What a destination host resolves to from a namespace, honouring the referrer's exportTo. */
  resolve(
    sourceNs: string,
    exportTo: readonly string[] | undefined,
    host: string,
  ): ServiceTarget | undefined {
    const fqdn = toFqdn(sourceNs, host)
    const hit =
      this.exact.get(`${EXPORT_ALL}/${fqdn}`) ??
      (exportTo && exportTo.length > 0
        ? exportTo.map((e) => this.exact.get(`${e === EXPORT_LOCAL ? sourceNs : e}/${fqdn}`)).find(Boolean)
        : this.exact.get(`${sourceNs}/${fqdn}`))
    if (hit) return hit
    // Wildcard ServiceEntry hosts (`*.example.com` stored as `.example.com`, `*` as ''): try each suffix.
    // (a suffix starting with `*` matches no stored key: a wildcard host's own `*` is not stored)
    for (let i = 0; i <= host.length; i++) {
      const suffix = host.slice(i)
      const t = this.wildcards.get(`${EXPORT_ALL}/${suffix}`) ?? this.wildcards.get(`${sourceNs}/${suffix}`)
      if (t) return t
    }
    return undefined
  }
}

/** A Kubernetes LabelSelector (matchLabels and matchExpressions), as webhooks and Deployments use. */
export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: {key?: string; operator?: string; values?: string[]}[]
}

/**
 * Whether a LabelSelector selects the labels, as metav1.LabelSelectorAsSelector does; a missing selector
 * selects everything, an unknown operator nothing.
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined | null,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true
  if (!selectorMatches(selector.matchLabels, labels)) return false
  return (selector.matchExpressions ?? []).every(({key = '', operator, values = []}) => {
    const has = Object.prototype.hasOwnProperty.call(labels, key)
    switch (operator) {
      case 'In':
        return has && values.includes(labels[key])
      case 'NotIn':
        return !has || !values.includes(labels[key])
      case 'Exists':
        return has
      case 'DoesNotExist':
        return !has
      default:
        return false
    }
  })
}

export const SIDECAR_INJECT = 'sidecar.istio.io/inject'

/**
 * Whether a workload is in the mesh (istioctl's util.inMesh): an `istio-proxy` container with an image,
 * else its `sidecar.istio.io/inject` label, else that annotation, else its namespace's `istio-injection`
 * label (a namespace without it, or unknown, means no).
 */
export function workloadInMesh(
  store: ResourceStore,
  namespace: string,
  meta: {labels?: Record<string, string>; annotations?: Record<string, string>},
  containers: readonly {name?: string; image?: string}[],
): boolean {
  if (containers.some((c) => c.name === 'istio-proxy' && c.image)) return true
  for (const m of [meta.labels, meta.annotations])
    if (m && SIDECAR_INJECT in m) return m[SIDECAR_INJECT] === 'true'
  const ns = store.get(K.Namespace, '', namespace)
  return ns ? (ns.object.metadata.labels ?? {})['istio-injection'] === 'enabled' : false
}

/** Istio's own workloads and services: labelled `istio=…` or `release=istio`. */
export function isControlPlane(r: Resource): boolean {
  const l = metaLabels(r)
  return 'istio' in l || l.release === 'istio'
}
