/**
 * Waiting for installed objects with watches, not polling: one watch per kind and namespace, shared by all
 * components of a run, resumed from the last resourceVersion when the stream ends (and re-listed on 410).
 * @module
 */
import type {KubeClient, WatchEvent} from '../kube/client.js'
import {Kinds, type KubeObject, type TypeRef} from '../kube/types.js'
import {isReady, notReadyReason, waitId, WAITED_KINDS} from './readiness.js'

const PLURALS: Record<string, {group: string; plural: string}> = {
  CustomResourceDefinition: {group: '/apis/apiextensions.k8s.io/v1', plural: 'customresourcedefinitions'},
  Deployment: {group: '/apis/apps/v1', plural: 'deployments'},
  DaemonSet: {group: '/apis/apps/v1', plural: 'daemonsets'},
  StatefulSet: {group: '/apis/apps/v1', plural: 'statefulsets'},
}

function watchPath(kind: string, namespace?: string): string {
  const p = PLURALS[kind]!
  return namespace ? `${p.group}/namespaces/${namespace}/${p.plural}` : `${p.group}/${p.plural}`
}

/** A not-ready object after the timeout, and why. */
export interface NotReady {
  id: string
  reason: string
}

export class ReadinessTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly notReady: NotReady[],
  ) {
    super(
      `resources not ready after ${formatMs(timeoutMs)}:\n${notReady.map((n) => `  ${n.id} (${n.reason})`).join('\n')}`,
    )
  }
}

export function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m0s`
  return `${ms / 1000}s`
}

class SharedWatch {
  readonly objects = new Map<string, KubeObject>()
  private listeners = new Set<() => void>()
  private rv: string | undefined
  private handle?: {stop(): void; done: Promise<void>}
  private stopped = false
  /** Resolves after the first batch of events (the current state) has been seen. */
  readonly started: Promise<void>

  constructor(
    private readonly client: KubeClient,
    private readonly path: string,
  ) {
    this.started = this.open()
  }

  private async open(): Promise<void> {
    while (!this.stopped) {
      try {
        this.handle = await this.client.watch(
          this.path,
          {resourceVersion: this.rv, allowWatchBookmarks: true},
          (ev) => this.onEvent(ev),
        )
        void this.handle.done.then(
          () => this.reopen(),
          () => this.reopen(),
        )
        return
      } catch {
        // The watch could not start (e.g. connection dropped): try again shortly, bounded by the waiter's timeout.
        await new Promise((r) => setTimeout(r, 250))
      }
    }
  }

  private reopen(): void {
    if (this.stopped) return
    setTimeout(() => void this.open(), 100)
  }

  private onEvent(ev: WatchEvent | {type: 'ERROR'; object: KubeObject}): void {
    if (ev.type === 'ERROR') {
      // 410 Gone: our resourceVersion is too old; start over from the current state.
      this.rv = undefined
      this.handle?.stop()
      return
    }
    const o = ev.object
    if (o.metadata?.resourceVersion) this.rv = o.metadata.resourceVersion
    if (ev.type === 'BOOKMARK') return
    if (ev.type === 'DELETED') this.objects.delete(o.metadata.name!)
    else this.objects.set(o.metadata.name!, o)
    for (const l of this.listeners) l()
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  stop(): void {
    this.stopped = true
    this.handle?.stop()
  }
}

/** Waits for objects to be ready; shares watches between callers until close(). */
export class ReadinessWaiter {
  private watches = new Map<string, SharedWatch>()

  constructor(private readonly client: KubeClient) {}

  private watchFor(kind: string, namespace?: string): SharedWatch {
    const path = watchPath(kind, kind === 'CustomResourceDefinition' ? undefined : namespace)
    let w = this.watches.get(path)
    if (!w) {
      w = new SharedWatch(this.client, path)
      this.watches.set(path, w)
    }
    return w
  }

  /** Opens the watches these objects will be waited on with now, so they are streaming by then. */
  prepare(objects: readonly KubeObject[]): void {
    for (const o of objects) if (WAITED_KINDS.has(o.kind)) this.watchFor(o.kind, o.metadata.namespace)
  }

  /**
   * Resolves when every waited object among `objects` is ready; `onWaiting` hears the ids still waited
   * for whenever they change. Rejects with ReadinessTimeout (reasons read from pods and events) after timeoutMs.
   */
  async wait(objects: KubeObject[], timeoutMs: number, onWaiting?: (ids: string[]) => void): Promise<void> {
    const targets = objects.filter((o) => WAITED_KINDS.has(o.kind))
    if (targets.length === 0) return
    const entries = targets.map((o) => ({o, w: this.watchFor(o.kind, o.metadata.namespace)}))
    const pending = () =>
      entries.filter(({o, w}) => {
        const live = w.objects.get(o.metadata.name!)
        return !live || !isReady(live)
      })
    let last = ''
    await new Promise<void>((resolve, reject) => {
      const unsubs: (() => void)[] = []
      let finished = false
      const finish = (err?: Error) => {
        if (finished) return
        finished = true
        clearTimeout(timer)
        for (const u of unsubs) u()
        if (err) reject(err)
        else resolve()
      }
      const check = () => {
        if (finished) return
        const left = pending()
        if (left.length === 0) return finish()
        const ids = left.map(({o}) => waitId(o)).sort()
        if (ids.join() !== last) {
          last = ids.join()
          onWaiting?.(ids)
        }
      }
      const timer = setTimeout(() => {
        void this.explain(pending().map(({o, w}) => w.objects.get(o.metadata.name!) ?? o)).then(
          (notReady) => finish(new ReadinessTimeout(timeoutMs, notReady)),
          (e: unknown) => finish(e as Error),
        )
      }, timeoutMs)
      // Watches deliver the current state one event at a time: coalesce bursts into one check.
      let queued = false
      const schedule = () => {
        if (queued) return
        queued = true
        setTimeout(() => {
          queued = false
          check()
        }, 15)
      }
      for (const w of new Set(entries.map((e) => e.w))) unsubs.push(w.subscribe(schedule))
      void Promise.all(entries.map((e) => e.w.started)).then(check)
    })
  }

  /** One line per not-ready object with the reason from its pods and the namespace's events. */
  async explain(objects: KubeObject[]): Promise<NotReady[]> {
    const out: NotReady[] = []
    const byNs = new Map<string, Promise<[KubeObject[], KubeObject[]]>>()
    for (const o of objects) {
      if (o.kind === 'CustomResourceDefinition') {
        out.push({id: waitId(o), reason: 'not Established'})
        continue
      }
      const ns = o.metadata.namespace ?? ''
      if (!byNs.has(ns)) {
        const events: TypeRef = {apiVersion: 'v1', kind: 'Event'}
        byNs.set(
          ns,
          Promise.all([
            this.client.list(Kinds.Pod, {namespace: ns}),
            this.client.list(events, {namespace: ns}).catch(() => []),
          ]),
        )
      }
      const [pods, events] = await byNs.get(ns)!
      out.push({id: waitId(o), reason: notReadyReason(o, pods, events)})
    }
    return out
  }

  close(): void {
    for (const w of this.watches.values()) w.stop()
    this.watches.clear()
  }
}
