import type {InputObject} from '../input/index.js'
import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import {kindOf} from './kinds.js'
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

/** True for an API error that means the kind is not served (CRD not installed). */
const isMissingKind = (err: unknown): boolean => statusOf(err) === 404

/** True when RBAC forbids the LIST: analysis goes on without that kind (partial results, not none). */
const isForbidden = (err: unknown): boolean =>
  statusOf(err) === 403 || /^forbidden\b/.test((err as Error)?.message ?? '')

/**
 * Reads the given kinds from a cluster: one paged LIST per kind, across all namespaces minus the ignored
 * ones (analysis needs cross-namespace references; findings are filtered by namespace afterwards), or in
 * one namespace for kinds in `onlyIn`. Kinds the cluster does not serve are returned in `missing`, kinds
 * RBAC does not let us list in `forbidden`; analyzers that require them are then skipped.
 */
export async function resourcesFromCluster(
  client: KubeClient,
  kinds: readonly KindRef[],
  opts: {cluster?: string; onlyIn?: ReadonlyMap<KindRef, string>} = {},
): Promise<{resources: Resource[]; missing: KindRef[]; forbidden: KindRef[]}> {
  const not = (field: string) => IGNORED_NAMESPACES.map((ns) => `${field}!=${ns}`).join(',')
  const resources: Resource[] = []
  const missing: KindRef[] = []
  const forbidden: KindRef[] = []
  for (const kind of kinds) {
    const fieldSelector =
      kind.group === '' && kind.kind === 'Namespace'
        ? not('metadata.name')
        : kind.namespaced
          ? not('metadata.namespace')
          : undefined
    const namespace = opts.onlyIn?.get(kind)
    let items: KubeObject[]
    try {
      items = await client.list(typeRef(kind), {namespace, fieldSelector, pageSize: 500})
    } catch (err) {
      const skipped = isMissingKind(err) ? missing : isForbidden(err) ? forbidden : undefined
      if (!skipped) throw err
      skipped.push(kind)
      continue
    }
    for (const obj of items) {
      const name = obj.metadata.name ?? ''
      const namespace = kind.namespaced ? (obj.metadata.namespace ?? '') : ''
      if (ignored(kind, namespace, name)) continue
      resources.push({
        kind,
        name,
        namespace,
        object: obj,
        origin: {type: 'cluster', ...(opts.cluster ? {cluster: opts.cluster} : {})},
      })
    }
  }
  return {resources, missing, forbidden}
}
