import type {InputObject} from '../input/index.js'
import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import {K, kindOf, SYNTHETIC_KINDS} from './kinds.js'
import {typeRef, type KindRef, type Resource} from './resource.js'

/** Namespaces analysis never looks at (istioctl's list: Kubernetes' own namespaces). */
export const IGNORED_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]

function ignored(kind: KindRef, namespace: string, name: string): boolean {
  const ns = kind.group === '' && kind.kind === 'Namespace' ? name : namespace
  return IGNORED_NAMESPACES.includes(ns)
}

/**
 * Resources from file objects. Namespaced objects without a namespace get `defaultNamespace` (like
 * `kubectl apply -n`); objects in ignored namespaces are dropped.
 */
export function resourcesFromInputs(objects: readonly InputObject[], defaultNamespace: string): Resource[] {
  const out: Resource[] = []
  for (const o of objects) {
    const obj = o.object as KubeObject
    const kind = kindOf(obj.apiVersion, obj.kind)
    const meta = (obj.metadata ?? {}) as KubeObject['metadata']
    const name = typeof meta.name === 'string' ? meta.name : ''
    const namespace = kind.namespaced ? (meta.namespace as string | undefined) || defaultNamespace : ''
    if (ignored(kind, namespace, name)) continue
    out.push({
      kind,
      name,
      namespace,
      object: {...obj, metadata: {...meta, name, ...(kind.namespaced ? {namespace} : {})}},
      origin: {
        type: 'file',
        file: o.source,
        line: o.line,
        // istioctl prints no line for .json files; we do, it is just as useful there.
        lineOf: (path) => o.lineOf(path),
      },
    })
  }
  return out
}

const statusOf = (err: unknown): unknown => {
  const e = err as {code?: unknown; cause?: {code?: unknown}}
  return typeof e?.code === 'number' ? e.code : e?.cause?.code
}

/**
 * True for an API error that means the kind is not served: 404 (CRD not installed), or client-node's
 * discovery finding no such version (a CRD installed at other versions only, e.g. an old Gateway API).
 */
const isMissingKind = (err: unknown): boolean =>
  statusOf(err) === 404 || /Unrecognized API version and kind/.test((err as Error)?.message ?? '')

/** True when RBAC forbids the LIST: analysis goes on without that kind (partial results, not none). */
const isForbidden = (err: unknown): boolean =>
  statusOf(err) === 403 || /^forbidden\b/.test((err as Error)?.message ?? '')

/** How many kinds are listed at once: enough to overlap round trips, few enough for the API server. */
export const LIST_CONCURRENCY = 4

/** Secrets analysis never needs (Helm release records and service account tokens are most of them). */
const SECRET_SELECTOR = 'type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token'

export interface ClusterReadOptions {
  /** The cluster name recorded in each resource's origin (remote clusters). */
  cluster?: string
  /** Kinds read in one namespace only (the injector and mesh ConfigMaps live in the Istio namespace). */
  onlyIn?: ReadonlyMap<KindRef, string>
  /** Objects of a kind kept only when this says so (filtered page by page, so memory stays bounded). */
  keep?: ReadonlyMap<KindRef, (obj: KubeObject) => boolean>
}

/** Drops what analysis never reads and large objects carry (managed fields, last-applied copies). */
function slim(obj: KubeObject): KubeObject {
  const meta = obj.metadata as KubeObject['metadata'] & {managedFields?: unknown}
  if (meta.managedFields !== undefined) delete meta.managedFields
  const anno = meta.annotations
  if (anno?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined)
    delete anno['kubectl.kubernetes.io/last-applied-configuration']
  return obj
}

/** Runs `fn` over the items with at most `limit` at a time, keeping the results in order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return out
}

/**
 * Reads the given kinds from a cluster: paged LISTs, LIST_CONCURRENCY kinds at a time, across all
 * namespaces minus the ignored ones (analysis needs cross-namespace references; findings are filtered by
 * namespace afterwards), or in one namespace for kinds in `onlyIn`. Kinds the cluster does not serve are
 * returned in `missing`, kinds RBAC does not let us list in `forbidden`; analyzers that require them are
 * then skipped. Synthetic kinds (mesh config) are never listed.
 */
export async function resourcesFromCluster(
  client: KubeClient,
  kinds: readonly KindRef[],
  opts: ClusterReadOptions = {},
): Promise<{resources: Resource[]; missing: KindRef[]; forbidden: KindRef[]}> {
  const not = (field: string) => IGNORED_NAMESPACES.map((ns) => `${field}!=${ns}`).join(',')
  const missing: KindRef[] = []
  const forbidden: KindRef[] = []
  const listed = kinds.filter((k) => !SYNTHETIC_KINDS.includes(k))
  const perKind = await pool(listed, LIST_CONCURRENCY, async (kind): Promise<Resource[]> => {
    let fieldSelector =
      kind.group === '' && kind.kind === 'Namespace'
        ? not('metadata.name')
        : kind.namespaced
          ? not('metadata.namespace')
          : undefined
    if (kind === K.Secret) fieldSelector = `${fieldSelector},${SECRET_SELECTOR}`
    const namespace = opts.onlyIn?.get(kind)
    let items: KubeObject[]
    try {
      // resourceVersion=0: from the API server's cache in one answer, as istioctl's informers list
      items = await client.list(typeRef(kind), {
        namespace,
        fieldSelector,
        pageSize: 500,
        resourceVersion: '0',
      })
    } catch (err) {
      const skipped = isMissingKind(err) ? missing : isForbidden(err) ? forbidden : undefined
      if (!skipped) throw err
      skipped.push(kind)
      return []
    }
    const keep = opts.keep?.get(kind)
    const out: Resource[] = []
    for (const obj of items) {
      const name = obj.metadata.name ?? ''
      const ns = kind.namespaced ? (obj.metadata.namespace ?? '') : ''
      if (ignored(kind, ns, name) || (keep && !keep(obj))) continue
      out.push({
        kind,
        name,
        namespace: ns,
        object: slim(obj),
        origin: {type: 'cluster', ...(opts.cluster ? {cluster: opts.cluster} : {})},
      })
    }
    return out
  })
  return {resources: perKind.flat(), missing, forbidden}
}
