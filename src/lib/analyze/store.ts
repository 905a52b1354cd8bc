import {identity, kindKey, type KindRef, type Resource} from './resource.js'

/**
 * The resources under analysis, indexed by kind, kind+namespace and identity so analyzers look things up
 * in constant time instead of scanning everything. A later `add` of the same identity replaces the earlier
 * one (files are added after cluster objects, so they win); remote clusters' objects are kept apart, and
 * `get` finds only the primary cluster's.
 */
export class ResourceStore {
  private readonly byId = new Map<string, Resource>()
  private byKind?: Map<string, Resource[]>
  private byKindNs?: Map<string, Resource[]>

  add(r: Resource): void {
    // A remote cluster's object is another object than the primary cluster's of the same identity.
    const remote = r.origin.type === 'cluster' && r.origin.cluster ? `|@${r.origin.cluster}` : ''
    this.byId.set(identity(r) + remote, r)
    this.byKind = this.byKindNs = undefined
  }

  private index(): void {
    if (this.byKind) return
    this.byKind = new Map()
    this.byKindNs = new Map()
    for (const r of this.byId.values()) {
      const kk = kindKey(r.kind)
      pushTo(this.byKind, kk, r)
      pushTo(this.byKindNs!, `${kk}|${r.namespace}`, r)
    }
  }

  /** All resources of a kind, in insertion order. */
  list(kind: KindRef): readonly Resource[] {
    this.index()
    return this.byKind!.get(kindKey(kind)) ?? []
  }

  /** Resources of a kind in one namespace. */
  inNamespace(kind: KindRef, namespace: string): readonly Resource[] {
    this.index()
    return this.byKindNs!.get(`${kindKey(kind)}|${namespace}`) ?? []
  }

  get(kind: KindRef, namespace: string, name: string): Resource | undefined {
    return this.byId.get(identity({kind, namespace: kind.namespaced ? namespace : '', name}))
  }

  has(kind: KindRef): boolean {
    return this.list(kind).length > 0
  }

  all(): IterableIterator<Resource> {
    return this.byId.values()
  }

  get size(): number {
    return this.byId.size
  }
}

/** Appends `value` to the list `map` holds for `key` (grouping in linear time). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
