import type {FieldPath} from '../input/index.js'
import type {KubeObject, TypeRef} from '../kube/types.js'

/** A kind analysis reads: its API group, the version listed from a cluster, and whether it is namespaced. */
export interface KindRef {
  readonly group: string
  readonly version: string
  readonly kind: string
  readonly namespaced: boolean
}

/** The key of a kind in the store: `group/Kind`, or `Kind` for the core group. */
export function kindKey(k: {group: string; kind: string}): string {
  return k.group ? `${k.group}/${k.kind}` : k.kind
}

/** The apiVersion to LIST a kind with. */
export function typeRef(k: KindRef): TypeRef {
  return {apiVersion: k.group ? `${k.group}/${k.version}` : k.version, kind: k.kind}
}

/** Where a resource came from: a file (with line lookup) or a cluster. */
export type Origin =
  | {readonly type: 'file'; readonly file: string; readonly line: number; lineOf?(path: FieldPath): number}
  | {readonly type: 'cluster'; readonly cluster?: string}
  | {readonly type: 'default'}

/** One object under analysis. */
export interface Resource {
  readonly kind: KindRef
  readonly namespace: string
  readonly name: string
  readonly object: KubeObject
  readonly origin: Origin
}

/** `Kind ns/name`, or `Kind name` for cluster-scoped objects: istioctl's "friendly name", used by -S too. */
export function friendlyName(r: Resource): string {
  return r.namespace ? `${r.kind.kind} ${r.namespace}/${r.name}` : `${r.kind.kind} ${r.name}`
}

/** `ns/name`, or `name` without a namespace: istioctl's FullName as its messages print it. */
export function fullName(r: {readonly namespace?: string; readonly name: string}): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name
}

/** The namespace a message about the resource belongs to: a Namespace belongs to itself. */
export function messageNamespace(r: Resource): string {
  return r.kind.group === '' && r.kind.kind === 'Namespace' ? r.name : r.namespace
}

/**
 * `file:line` for file resources, undefined otherwise. The line is the field's when the field is a value
 * in the object (a scalar), else the resource's: istioctl looks lines up in a map of scalar fields only.
 */
export function reference(r: Resource, field?: FieldPath): {file: string; line: number} | undefined {
  if (r.origin.type !== 'file') return undefined
  const value = field?.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    r.object,
  )
  const scalar = value === null || (value !== undefined && typeof value !== 'object')
  const line = field && scalar && r.origin.lineOf ? r.origin.lineOf(field) : r.origin.line
  return {file: r.origin.file, line}
}

/** The resource's identity: kind key, namespace and name. Files override cluster objects with the same one. */
export function identity(r: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return `${kindKey(r.kind)}|${r.namespace}|${r.name}`
}

/** The object's `spec` (or an empty object). */
export function specOf<T = Record<string, unknown>>(r: Resource): T {
  return ((r.object.spec as T | undefined) ?? {}) as T
}

/** Labels and annotations with safe defaults. */
export function labelsOf(r: Resource): Record<string, string> {
  return r.object.metadata.labels ?? {}
}
export function annotationsOf(r: Resource): Record<string, string> {
  return r.object.metadata.annotations ?? {}
}
