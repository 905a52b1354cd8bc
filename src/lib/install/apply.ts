/**
 * The install engine: namespace first, then every component with server-side apply (field manager
 * `istio-operator`, force) in dependency order, independent components concurrently, each waited for with
 * watches; then the default revision tag, then pruning of what we installed and no longer render.
 * `dryRun` sends every write with `dryRun=All`, so the API server validates it and nothing persists.
 * @module
 */
import {MeshctlError} from '../errors.js'
import type {KubeClient} from '../kube/client.js'
import {isConflict, isForbidden, isNotFound} from '../kube/errors.js'
import {Kinds, objectRef, type KubeObject, type TypeRef} from '../kube/types.js'
import {OWNER, ownerLabels, selectorOf} from './labels.js'
import {planObjects, type ComponentSet, type InstallPlan} from './plan.js'
import type {Progress} from './progress.js'
import {INSTALL_PRUNE_KINDS, pruneCandidates, removedName} from './prune.js'
import {
  canonicalInjector,
  deactivateDefaultInjector,
  defaultTagObjects,
  hasDefaultTag,
  tagNeeded,
} from './tag.js'
import {ReadinessTimeout, ReadinessWaiter} from './wait.js'

export const FIELD_MANAGER = 'istio-operator'

export interface InstallOptions {
  dryRun?: boolean
  /** Per component; 0 skips waiting. */
  readinessTimeoutMs: number
  progress: Progress
  /** Charts directory for the revision tag render (default: meshctl's). */
  manifestsDir?: string
  /** Where dry-run reports and notes go (stdout lines). */
  report?: (line: string) => void
}

/** What an object's apply did. */
export type Change = 'created' | 'configured' | 'unchanged'

export interface InstallResult {
  changes: {ref: string; change: Change}[]
  pruned: string[]
  failed: {component: string; error: string}[]
}

/** Strips what the server sets, so a rendered object and its live copy can be compared. */
export function comparable(o: KubeObject): Record<string, unknown> {
  const {metadata, status: _status, ...rest} = o
  const {
    resourceVersion: _rv,
    uid: _uid,
    managedFields: _mf,
    creationTimestamp: _ct,
    generation: _g,
    selfLink: _sl,
    ...meta
  } = metadata
  return {...rest, metadata: meta}
}

/** Whether two object states are the same, key order aside. */
export function sameState(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b)
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

/** Fatal for the whole run: the cluster said no to us, not to one object. */
function isFatal(err: unknown): boolean {
  const m = (err as Error).message ?? ''
  return /^(forbidden|unauthorized):|TLS error|connection refused|host not found|host unreachable|network unreachable/.test(
    m,
  )
}

/** A creation time in ms (client-node answers a Date, the JSON a string). */
const timeOf = (v: unknown): number | undefined => {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN
  return Number.isNaN(ms) ? undefined : ms
}

export class Installer {
  private readonly waiter: ReadinessWaiter
  private fatal?: Error
  private readonly result: InstallResult = {changes: [], pruned: [], failed: []}
  /** Namespaces that exist (dry runs cannot apply into a namespace that does not). */
  private readonly namespaces = new Map<string, boolean>()

  constructor(
    private readonly client: KubeClient,
    private readonly opts: InstallOptions,
  ) {
    this.waiter = new ReadinessWaiter(client)
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.fatal) return Promise.reject(this.fatal)
    // The client retries throttling, 5xx and dropped connections itself (kube/retry.ts).
    return fn().catch((err: unknown) => {
      if (isFatal(err)) this.fatal ??= err as Error
      throw err
    })
  }

  /** Runs the whole install. Throws a MeshctlError listing every failing component. */
  async install(plan: InstallPlan): Promise<InstallResult> {
    // The tag objects need a render of their own: do it while the components are applied.
    const canonical = canonicalInjector(planObjects(plan), plan.revision)
    const tagObjects = canonical
      ? defaultTagObjects(plan.merged, canonical, this.opts.manifestsDir)
      : Promise.resolve(undefined)
    tagObjects.catch(() => {})
    try {
      await this.ensureNamespace(plan.namespace, plan.network)
      // What an earlier install left is listed while this one applies: objects this run creates are all
      // rendered (or the tag, never pruned), so listing first finds the same candidates, sooner. Into a
      // namespace this run created, an earlier install left nothing there; whether it left anything
      // elsewhere is known once the applies are answered (see leftovers).
      const earlier = this.fresh ? undefined : this.pruneLists(plan)
      earlier?.catch(() => {})
      if (!this.opts.dryRun && this.opts.readinessTimeoutMs > 0) this.waiter.prepare(planObjects(plan))
      await this.components(plan)
      if (this.fatal) throw this.fatal
      if (this.result.failed.length === 0) {
        // One list of the webhooks serves the tag check, the injector deactivation and pruning; it is
        // read after the components so the deactivation replaces the injector's latest version.
        const webhooks = await this.call('list MutatingWebhookConfigurations', () =>
          this.client.list(MUTATING_WEBHOOKS),
        )
        await this.revisionTag(plan, await tagObjects, webhooks)
        const lists = earlier ? await earlier : this.leftovers() ? await this.pruneLists(plan) : []
        await this.prune(plan, [...lists, [MUTATING_WEBHOOKS, webhooks]])
      }
    } finally {
      this.waiter.close()
      this.opts.progress.stop()
    }
    if (this.result.failed.length > 0) {
      const [first, ...rest] = this.result.failed
      throw new MeshctlError(
        `failed to install manifests: ${this.result.failed.length} component(s) failed: ${this.result.failed.map((f) => f.component).join(', ')}`,
        {hints: [first, ...rest].map((f) => `${f!.component}: ${f!.error}`)},
      )
    }
    this.opts.progress.event({phase: 'complete'})
    return this.result
  }

  /**
   * Creates the Istio namespace when it does not exist, as istioctl does (an existing one is left as it
   * is). One request: a create, answered 409 when the namespace is there already.
   */
  private async ensureNamespace(name: string, network: string): Promise<void> {
    const ns: KubeObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels: {}}}
    if (network) ns.metadata.labels!['topology.istio.io/network'] = network
    if (!this.opts.dryRun) {
      let exists = false
      // not through call(): a 403 here is not fatal
      const created = await this.client.create(ns, FIELD_MANAGER).catch((e: unknown) => {
        if (isConflict(e)) exists = true
        // not ours to create (RBAC): read it, as before
        else if (!isForbidden(e)) throw e
        return undefined
      })
      if (created) {
        this.fresh = {namespace: name, created: timeOf(created.metadata.creationTimestamp)}
        this.result.changes.push({ref: objectRef(ns), change: 'configured'})
      }
      if (created || exists) {
        this.namespaces.set(name, true)
        return
      }
    }
    const live = await this.call(`get Namespace ${name}`, () => this.client.get(Kinds.Namespace, name))
    if (live) {
      this.namespaces.set(name, true)
      return
    }
    await this.applyOne(ns)
    this.namespaces.set(name, !this.opts.dryRun)
  }

  /**
   * Set when this run created the Istio namespace: then the only things an earlier install can have left
   * are outside it (cluster-scoped objects, gateways in other namespaces), and every install applies some
   * of those (Base's CRDs and roles at least).
   */
  private fresh?: {namespace: string; created?: number}
  /** Each object this run applied, with the creation time the API server answered. */
  private readonly applied: {kind: string; namespace?: string; created?: number}[] = []

  /**
   * Whether an object this run applied outside the namespace it created is older than that namespace:
   * left by an earlier install (an uninstall keeps the CRDs, a deleted namespace keeps the rest), whose
   * other leftovers pruning must then find. Unknown times count as older.
   */
  private leftovers(): boolean {
    const {namespace, created} = this.fresh!
    if (created === undefined) return true
    return this.applied.some(
      (o) => o.namespace !== namespace && !(o.created !== undefined && o.created >= created),
    )
  }

  private async namespaceExists(name: string): Promise<boolean> {
    if (!this.namespaces.has(name)) {
      const live = await this.call(`get Namespace ${name}`, () => this.client.get(Kinds.Namespace, name))
      this.namespaces.set(name, !!live)
    }
    return this.namespaces.get(name)!
  }

  /** One object: server-side apply with force. In a dry run, compares with the live object to say what would change. */
  private async applyOne(o: KubeObject): Promise<void> {
    const ref = objectRef(o)
    if (!this.opts.dryRun) {
      const live = await this.call(`apply ${ref}`, () =>
        this.client.apply(o, {fieldManager: FIELD_MANAGER, force: true}),
      )
      this.applied.push({
        kind: o.kind,
        namespace: o.metadata.namespace,
        created: timeOf(live?.metadata?.creationTimestamp),
      })
      this.result.changes.push({ref, change: 'configured'})
      return
    }
    const ns = o.metadata.namespace
    if (ns && !(await this.namespaceExists(ns))) return this.note(ref, 'created')
    const type: TypeRef = {apiVersion: o.apiVersion, kind: o.kind}
    const live = await this.call(`get ${ref}`, () => this.client.get(type, o.metadata.name!, ns)).catch(
      (e: unknown) => {
        // A kind the cluster does not serve yet (its CRD is in this very install): it would be created.
        if (isNotFound(e) || /could not find|not found/i.test((e as Error).message)) return undefined
        throw e
      },
    )
    if (!live && !this.servesKind(o)) return this.note(ref, 'created')
    const after = await this.call(`apply ${ref}`, () =>
      this.client.apply(o, {fieldManager: FIELD_MANAGER, force: true, dryRun: true}),
    )
    this.note(
      ref,
      !live ? 'created' : sameState(comparable(live), comparable(after)) ? 'unchanged' : 'configured',
    )
  }

  /** Kinds whose CRD this install brings are not served until it is applied. */
  private servesKind(o: KubeObject): boolean {
    return !/\.istio\.io\//.test(o.apiVersion) || this.crdsLive
  }
  private crdsLive = true

  private note(ref: string, change: Change): void {
    this.result.changes.push({ref, change})
    this.opts.report?.(`${ref} ${change} (dry run)`)
  }

  private async components(plan: InstallPlan): Promise<void> {
    const present = new Set(plan.components.map((c) => c.name))
    const done = new Map<string, Promise<void>>()
    const run = async (c: ComponentSet): Promise<void> => {
      // As istioctl: a dependency that failed still releases its dependents.
      if (c.dependsOn && present.has(c.dependsOn)) await done.get(c.dependsOn)!.catch(() => {})
      if (this.fatal) return
      await this.component(c)
    }
    if (this.opts.dryRun) {
      const crd = plan.components.flatMap((c) => c.objects).find((o) => o.kind === 'CustomResourceDefinition')
      this.crdsLive =
        !crd ||
        !!(await this.call('get CRD', () =>
          this.client.get(Kinds.CustomResourceDefinition, crd.metadata.name!),
        ).catch(() => undefined))
    }
    // Components are started in plan order so that dependencies' promises exist before dependents look.
    for (const c of plan.components) done.set(c.name, run(c))
    await Promise.allSettled(done.values())
  }

  private async component(c: ComponentSet): Promise<void> {
    const {progress} = this.opts
    progress.begin(c.name, c.displayName, c.icon)
    try {
      // In waves, each applied concurrently: what others need to exist (CRDs, namespaces), then
      // configuration (accounts, roles, config maps, services …), then the workloads that use it.
      for (const wave of applyWaves(c.objects))
        await mapLimit(wave, APPLY_CONCURRENCY, async (o) => {
          await this.applyOne(o)
          progress.event({component: c.name, phase: 'applied', object: objectRef(o)})
        })
      if (!this.opts.dryRun && this.opts.readinessTimeoutMs > 0) {
        await this.waiter.wait(c.objects, this.opts.readinessTimeoutMs, (ids) =>
          progress.event({component: c.name, phase: 'waiting', reason: ids.join(', ')}),
        )
      }
      progress.event({component: c.name, phase: 'ready'})
    } catch (err) {
      const message =
        err instanceof ReadinessTimeout
          ? `failed to wait for resource: ${err.message}`
          : (err as Error).message
      this.result.failed.push({component: c.name, error: message})
      progress.event({component: c.name, phase: 'failed', reason: message})
    }
  }

  private async revisionTag(
    plan: InstallPlan,
    objs: KubeObject[] | undefined,
    webhooks: KubeObject[],
  ): Promise<void> {
    if (!objs) return // no Pilot in this install: istioctl cannot create the tag either
    if (!tagNeeded(plan.merged, hasDefaultTag(webhooks))) return
    if (!this.opts.dryRun)
      await this.call('deactivate default injector', () => deactivateDefaultInjector(this.client, webhooks))
    await Promise.all(objs.map((o) => this.applyOne(o)))
  }

  /**
   * Lists, with the owner selector, every kind install prunes (but the webhooks, listed later), all at once.
   * A kind the cluster does not serve has nothing to prune.
   */
  private async pruneLists(plan: InstallPlan): Promise<[TypeRef, KubeObject[]][]> {
    const selector = selectorOf(ownerLabels(plan.merged), [OWNER.component])
    const kinds = PRUNE_KINDS.filter((t) => t.kind !== MUTATING_WEBHOOKS.kind)
    const lists = await Promise.all(
      kinds.map((type) =>
        this.call(`list ${type.kind}`, () => this.client.list(type, {labelSelector: selector})).catch(
          (e: unknown) => {
            if (isNotFound(e) || /not found|could not find/i.test((e as Error).message)) return []
            throw e
          },
        ),
      ),
    )
    return kinds.map((t, i) => [t, lists[i]!])
  }

  /** Deletes what an earlier install of this revision created and this one no longer renders. */
  private async prune(plan: InstallPlan, lists: [TypeRef, KubeObject[]][]): Promise<void> {
    const owner = ownerLabels(plan.merged)
    const rendered = planObjects(plan)
    const byKind = new Map(lists.map(([t, objs]) => [t.kind, objs]))
    let announced = false
    // Deletions go in istioctl's kind order.
    for (const type of PRUNE_KINDS) {
      // The webhook list is unfiltered: keep what the owner selector would have selected.
      const live = (byKind.get(type.kind) ?? []).filter((o) => matchesOwner(o, owner))
      for (const o of pruneCandidates(
        live.map((x) => ({...x, apiVersion: type.apiVersion, kind: type.kind})),
        rendered,
      )) {
        if (!announced) {
          this.opts.progress.event({phase: 'pruning'})
          announced = true
        }
        const name = removedName(o)
        await this.call(`delete ${objectRef(o)}`, () =>
          this.client.delete(type, o.metadata.name!, o.metadata.namespace, {
            propagationPolicy: 'Foreground',
            dryRun: this.opts.dryRun,
          }),
        )
        this.result.pruned.push(name)
        if (this.opts.dryRun) this.opts.report?.(`${objectRef(o)} pruned (dry run)`)
        else this.opts.progress.event({phase: 'pruned', object: name})
      }
    }
  }
}

/** Applies in flight at once within a component. */
const APPLY_CONCURRENCY = 8

const WAVE_OF: Record<string, number> = {
  CustomResourceDefinition: 0,
  Namespace: 0,
  Deployment: 2,
  DaemonSet: 2,
  StatefulSet: 2,
}

/** A component's objects in apply waves, each in render order. */
export function applyWaves(objects: readonly KubeObject[]): KubeObject[][] {
  const waves: KubeObject[][] = [[], [], []]
  for (const o of objects) waves[WAVE_OF[o.kind] ?? 1]!.push(o)
  return waves.filter((w) => w.length > 0)
}

/** Runs fn over items with at most `limit` at once; rejects with the first failure once all settled. */
async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!
      await fn(item).catch((error: unknown) => {
        failure ??= {error}
      })
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  if (failure) throw failure.error
}

const PRUNE_KINDS = INSTALL_PRUNE_KINDS
const MUTATING_WEBHOOKS: TypeRef = Kinds.MutatingWebhookConfiguration

/** What the owner selector (`selectorOf(ownerLabels, [component])`) selects. */
function matchesOwner(o: KubeObject, owner: Record<string, string>): boolean {
  const labels = o.metadata.labels ?? {}
  return OWNER.component in labels && Object.entries(owner).every(([k, v]) => labels[k] === v)
}
