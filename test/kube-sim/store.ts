/** In-memory object store: one global resourceVersion counter, an event history for watch replay, listeners. */
import type {ResourceType} from './registry.js'

export interface Meta {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  generateName?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  finalizers?: string[]
  ownerReferences?: OwnerRef[]
  managedFields?: ManagedFieldsEntry[]
  [k: string]: unknown
}

export interface OwnerRef {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ManagedFieldsEntry {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  time: string
  fieldsType: 'FieldsV1'
  fieldsV1: Record<string, unknown>
  subresource?: string
}

/** A stored object. Everything but metadata is free-form. */
export interface KObj {
  apiVersion: string
  kind: string
  metadata: Meta
  [k: string]: any
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoreEvent {
  type: EventType
  rv: number
  group: string
  resource: string
  object: KObj
  /** The object before this change (MODIFIED, DELETED), for selector transitions. */
  old?: KObj
}

const keyOf = (group: string, resource: string, ns: string | undefined, name: string) =>
  `${group}|${resource}|${ns ?? ''}|${name}`

/** The store proper. Objects are kept per (group, resource), independent of the version served. */
export class Store {
  private readonly objects = new Map<string, KObj>()
  private readonly history: StoreEvent[] = []
  private readonly listeners = new Set<(ev: StoreEvent) => void>()
  private counter = 1000

  constructor(private readonly historyLimit = 10000) {}

  /** Current revision (a list's resourceVersion). */
  get revision(): number {
    return this.counter
  }

  get(t: Pick<ResourceType, 'group' | 'resource'>, ns: string | undefined, name: string): KObj | undefined {
    const o = this.objects.get(keyOf(t.group, t.resource, ns, name))
    return o && structuredClone(o)
  }

  /** Objects of a resource, all namespaces when ns is undefined, sorted by namespace then name. */
  list(t: Pick<ResourceType, 'group' | 'resource'>, ns?: string): KObj[] {
    const prefix = `${t.group}|${t.resource}|`
    const out: KObj[] = []
    for (const [k, o] of this.objects) {
      if (k.startsWith(prefix) && (ns === undefined || (o.metadata.namespace ?? '') === ns))
        out.push(structuredClone(o))
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    )
  }

  /** Every object of every resource, for GC. */
  *entries(): Iterable<{group: string; resource: string; object: KObj}> {
    for (const [k, o] of this.objects) {
      const [group, resource] = k.split('|') as [string, string]
      yield {group, resource, object: o}
    }
  }

  /** Writes an object, stamping a new resourceVersion, and emits ADDED or MODIFIED. Returns the stored copy. */
  put(t: Pick<ResourceType, 'group' | 'resource'>, obj: KObj): KObj {
    const key = keyOf(t.group, t.resource, obj.metadata.namespace, obj.metadata.name)
    const old = this.objects.get(key)
    const stored = structuredClone(obj)
    stored.metadata.resourceVersion = String(++this.counter)
    this.objects.set(key, stored)
    this.emit({
      type: old ? 'MODIFIED' : 'ADDED',
      rv: this.counter,
      group: t.group,
      resource: t.resource,
      object: stored,
      old,
    })
    return structuredClone(stored)
  }

  /** Removes an object and emits DELETED carrying the final state with a new resourceVersion. */
  remove(
    t: Pick<ResourceType, 'group' | 'resource'>,
    ns: string | undefined,
    name: string,
  ): KObj | undefined {
    const key = keyOf(t.group, t.resource, ns, name)
    const old = this.objects.get(key)
    if (!old) return undefined
    this.objects.delete(key)
    const final = structuredClone(old)
    final.metadata.resourceVersion = String(++this.counter)
    this.emit({type: 'DELETED', rv: this.counter, group: t.group, resource: t.resource, object: final, old})
    return structuredClone(final)
  }

  /** History events after rv (for watch replay). */
  since(rv: number): StoreEvent[] {
    return this.history.filter((e) => e.rv > rv)
  }

  subscribe(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Drops history older than the most recent `keep` events (to exercise 410 Expired). */
  compact(keep = 0): void {
    this.history.splice(0, Math.max(0, this.history.length - keep))
    this.compactedTo = this.counter - keep
  }

  /** Revisions at or below this were compacted away. */
  compactedTo = 0

  private emit(ev: StoreEvent): void {
    this.history.push(ev)
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.shift()!
      this.compactedTo = Math.max(this.compactedTo, dropped.rv)
    }
    for (const l of [...this.listeners]) l(ev)
  }
}
