/**
 * API semantics on top of the store: create/update/patch/apply/delete with resourceVersion checks,
 * generation, managedFields, dryRun, finalizers, namespace checks, defaulting and admission.
 * The HTTP layer and the controllers both write through this class.
 */
import {randomBytes, randomUUID} from 'node:crypto'
import {isDeepStrictEqual} from 'node:util'
import fastJsonPatch from 'fast-json-patch'
import {parse as parseYaml} from 'yaml'
import {
  builtinListStrategy,
  jsonMergePatch,
  strategicMergePatch,
  type ListStrategyResolver,
} from '../../src/lib/kube/strategic-merge.js'
import {formatPath, fromFieldsV1, leaves, removeAt, toFieldsV1, type Scope} from './fields.js'
import {apiVersionOf, Registry, type ResourceType} from './registry.js'
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  qualified,
  successStatus,
} from './status.js'
import {Store, type KObj, type ManagedFieldsEntry} from './store.js'
import {DNS_LABEL, DNS_SUBDOMAIN, unknownFields, validate} from './validation.js'

export interface WriteOptions {
  dryRun?: boolean
  fieldManager?: string
  /** Used to derive the manager name when fieldManager is absent. */
  userAgent?: string
  subresource?: 'status' | 'scale' | 'finalize'
  force?: boolean
  user?: string
  /** Unknown fields: Strict → 400, Warn → a warning, otherwise pruned silently. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore'
  /** Filled with `Warning` header texts for the response. */
  warnings?: string[]
}

export interface DeleteOptions {
  dryRun?: boolean
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'
  gracePeriodSeconds?: number
  preconditions?: {uid?: string; resourceVersion?: string}
}

/** Hook that runs admission on a would-be object; may return a mutated object or throw ApiError. */
export type AdmissionHook = (req: {
  operation: 'CREATE' | 'UPDATE' | 'DELETE'
  type: ResourceType
  object: KObj
  oldObject?: KObj
  dryRun: boolean
  user: string
  subresource?: string
}) => Promise<KObj>

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
/** The alphabet of generated name suffixes (no vowels, no look-alikes), as the apiserver uses. */
export const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'
/** Maps bytes to a name suffix. */
export const suffixOf = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('')
/** Five random suffix characters (generateName, pod names). */
export const rand5 = () => suffixOf(randomBytes(5))

const LABEL_NAME_KINDS = new Set(['Namespace', 'Service'])
/** Kinds whose names are only path segments (RBAC allows `system:foo`). */
const PATH_SEGMENT_KINDS = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'])
/** ObjectMeta's labels and annotations are omitempty maps: an empty one is dropped (a `kubectl diff` patch leaves one). */
function dropEmptyMetadataMaps(_t: ResourceType, obj: KObj): void {
  for (const k of ['labels', 'annotations'] as const) {
    const m = obj.metadata?.[k]
    if (m && typeof m === 'object' && Object.keys(m).length === 0) delete obj.metadata[k]
  }
}

const isDeployment = (t: ResourceType) => t.group === 'apps' && t.kind === 'Deployment' && !t.custom

/** Built-in kinds whose metadata.generation the apiserver maintains. */
const GENERATION_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'Ingress',
])
/** Kinds whose DELETE answers with the object rather than a Status (upstream returns the object for these). */
const DELETE_RETURNS_OBJECT = new Set(['Pod', 'ServiceAccount', 'Namespace', 'CustomResourceDefinition'])

/** The field manager name from the User-Agent, as the apiserver derives it (`kubectl-create/v1.32 …` → `kubectl-create`). */
export function managerFromUserAgent(ua: string | undefined): string {
  if (!ua) return 'unknown'
  return ua.split('/')[0]!.trim() || 'unknown'
}

/** The API semantics. */
export class Api {
  admission?: AdmissionHook
  /** Per-kind defaulting (services get cluster IPs etc.), installed by the controllers. */
  defaulters: ((t: ResourceType, obj: KObj, old: KObj | undefined) => void)[] = [dropEmptyMetadataMaps]

  constructor(
    readonly registry: Registry,
    readonly store: Store,
  ) {}

  resolver(t: ResourceType): ListStrategyResolver {
    if (!t.custom) return (path) => builtinListStrategy(t.kind, path)
    return (path) =>
      path.length === 2 && path[0] === 'metadata' ? builtinListStrategy(t.kind, path) : {type: 'atomic'}
  }

  hasStatus(t: ResourceType): boolean {
    return t.subresources?.includes('status') ?? false
  }

  get(t: ResourceType, ns: string | undefined, name: string): KObj {
    const o = this.store.get(t, ns, name)
    if (!o) throw notFound(t.resource, t.group, name)
    return this.present(t, o)
  }

  /** Stored objects are kept in the version they were written in; serve them as t's apiVersion. */
  present(t: ResourceType, o: KObj): KObj {
    o.apiVersion = apiVersionOf(t)
    o.kind = t.kind
    return o
  }

  private namespaceFor(t: ResourceType, urlNs: string | undefined, body: KObj): string | undefined {
    if (!t.namespaced) {
      if (body.metadata) delete body.metadata.namespace
      return undefined
    }
    const bodyNs = body.metadata?.namespace
    if (bodyNs && urlNs && bodyNs !== urlNs) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      )
    }
    return urlNs ?? bodyNs ?? 'default'
  }

  private checkBody(t: ResourceType, body: unknown, name?: string): asserts body is KObj {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badRequest('the object provided is not an object')
    const b = body as KObj
    if (b.kind && b.kind !== t.kind) {
      throw badRequest(
        `the API version in the data (${b.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`,
      )
    }
    b.metadata ??= {name: name ?? ''}
    if (name && b.metadata.name && b.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${b.metadata.name}) does not match the name on the URL (${name})`,
      )
    }
  }

  private validateName(t: ResourceType, name: string): void {
    if (!name)
      throw invalid(t.kind, t.group, '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
        },
      ])
    if (PATH_SEGMENT_KINDS.has(t.kind)) {
      if (name.includes('/') || name === '.' || name === '..') {
        throw invalid(t.kind, t.group, name, [
          {field: 'metadata.name', message: `Invalid value: "${name}": may not contain '/'`},
        ])
      }
      return
    }
    const label = LABEL_NAME_KINDS.has(t.kind)
    const ok = label
      ? DNS_LABEL.test(name) && name.length <= 63
      : DNS_SUBDOMAIN.test(name) && name.length <= 253
    if (!ok) {
      const what = label
        ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
      throw invalid(t.kind, t.group, name, [
        {field: 'metadata.name', message: `Invalid value: "${name}": ${what}`},
      ])
    }
  }

  /** Namespaced creates need an existing, non-terminating namespace. */
  private checkNamespace(t: ResourceType, ns: string | undefined, name: string): void {
    if (!t.namespaced || !ns) return
    const nsObj = this.store.get({group: '', resource: 'namespaces'}, undefined, ns)
    if (!nsObj) throw notFound('namespaces', '', ns)
    if (nsObj.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `${qualified(t.resource, t.group)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        {
          name,
          group: t.group || undefined,
          kind: t.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${ns} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      )
    }
  }

  private manager(opts: WriteOptions): string {
    return opts.fieldManager ?? managerFromUserAgent(opts.userAgent)
  }

  /** POST: creates an object (201). */
  async create(
    t: ResourceType,
    urlNs: string | undefined,
    body: unknown,
    opts: WriteOptions = {},
    applied?: (obj: KObj) => void,
  ): Promise<KObj> {
    this.checkBody(t, body)
    const ns = this.namespaceFor(t, urlNs, body)
    const meta = body.metadata
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${rand5()}`
    this.validateName(t, meta.name)
    this.checkNamespace(t, ns, meta.name)
    if (this.store.get(t, ns, meta.name)) throw alreadyExists(t.resource, t.group, meta.name)
    let obj: KObj = {...body, apiVersion: apiVersionOf(t), kind: t.kind, metadata: {...meta, namespace: ns}}
    for (const k of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'deletionTimestamp',
      'managedFields',
      'generation',
    ] as const) {
      delete obj.metadata[k]
    }
    if (!obj.metadata.namespace) delete obj.metadata.namespace
    for (const d of this.defaulters) d(t, obj, undefined)
    this.validate(t, obj, opts)
    if (this.admission)
      obj = await this.admission({
        operation: 'CREATE',
        type: t,
        object: obj,
        dryRun: !!opts.dryRun,
        user: opts.user ?? 'admin',
      })
    if (this.store.get(t, ns, meta.name)) throw alreadyExists(t.resource, t.group, meta.name)
    obj.metadata.uid = randomUUID()
    obj.metadata.creationTimestamp = now()
    if (this.tracksGeneration(t)) obj.metadata.generation = 1
    if (applied) applied(obj)
    else this.trackUpdate(t, undefined, obj, this.manager(opts), opts.subresource)
    if (opts.dryRun) return obj
    return this.present(t, this.store.put(t, obj))
  }

  private validate(t: ResourceType, obj: KObj, opts: WriteOptions): void {
    const causes = validate(t, obj)
    if (causes.length) throw invalid(t.kind, t.group, obj.metadata.name, causes)
    if (!t.schema) return
    const strict = opts.fieldValidation === 'Strict'
    const unknown = unknownFields(obj, t.schema, !strict)
    if (!unknown.length) return
    const list = unknown.map((f) => `unknown field "${f}"`)
    if (strict) {
      throw badRequest(
        `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: strict decoding error: ${list.join(', ')}`,
      )
    }
    if (opts.fieldValidation === 'Warn') opts.warnings?.push(...list)
  }

  private tracksGeneration(t: ResourceType): boolean {
    return !!t.custom || GENERATION_KINDS.has(t.kind)
  }

  /**
   * PUT: replaces an object (or its status/finalize subresource). A stale resourceVersion → 409.
   * `allowCreate` gives create-on-update (PUT on a missing Lease/Endpoints, SSA).
   */
  async update(
    t: ResourceType,
    urlNs: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
  ): Promise<KObj> {
    this.checkBody(t, body, name)
    const ns = this.namespaceFor(t, urlNs, body)
    const existing = this.store.get(t, ns, name)
    if (!existing) {
      if (!opts.subresource && (t.kind === 'Lease' || t.kind === 'Endpoints'))
        return this.create(t, ns, body, opts)
      throw notFound(t.resource, t.group, name)
    }
    const rv = body.metadata.resourceVersion
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(t.resource, t.group, name)
    // Custom resources (main resource and status alike) allow no unconditional update; the error names
    // the resource, as the API server knows no Go kind for them.
    if (!rv && t.custom) {
      throw invalid(t.resource, t.group, name, [
        {
          field: 'metadata.resourceVersion',
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0: must be specified for an update',
        },
      ])
    }
    return this.write(t, existing, body, opts)
  }

  /** Common path of PUT and PATCH once the new object is known. */
  private async write(
    t: ResourceType,
    existing: KObj,
    body: KObj,
    opts: WriteOptions,
    applied?: (obj: KObj) => void,
  ): Promise<KObj> {
    const name = existing.metadata.name
    let obj: KObj
    if (opts.subresource === 'status') {
      obj = {...structuredClone(existing), status: body.status}
      // A Deployment's status update also carries its annotations (the deployment controller sets its revision so).
      if (isDeployment(t)) {
        obj.metadata.annotations = body.metadata?.annotations
        if (obj.metadata.annotations === undefined) delete obj.metadata.annotations
      }
    } else if (opts.subresource === 'finalize') {
      obj = {...structuredClone(existing), spec: {...existing.spec, finalizers: body.spec?.finalizers ?? []}}
    } else {
      obj = {...body, apiVersion: apiVersionOf(t), kind: t.kind}
      if (this.hasStatus(t)) {
        if (existing.status === undefined) delete obj.status
        else obj.status = existing.status
      }
      const m = obj.metadata
      m.name = name
      m.namespace = existing.metadata.namespace
      if (!m.namespace) delete m.namespace
      m.uid = existing.metadata.uid
      m.creationTimestamp = existing.metadata.creationTimestamp
      for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'] as const) {
        if (existing.metadata[k] === undefined) delete m[k]
        else m[k] = existing.metadata[k] as never
      }
      if (m.managedFields === undefined || (Array.isArray(m.managedFields) && m.managedFields.length > 0)) {
        m.managedFields = existing.metadata.managedFields
      }
      if (m.managedFields === undefined) delete m.managedFields
      if (existing.metadata.deletionTimestamp) {
        const added = (m.finalizers ?? []).filter((f) => !(existing.metadata.finalizers ?? []).includes(f))
        if (added.length) {
          throw invalid(t.kind, t.group, name, [
            {
              field: 'metadata.finalizers',
              reason: 'FieldValueForbidden',
              message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"${added.join('", "')}"}`,
            },
          ])
        }
      }
    }
    obj.metadata.generation = existing.metadata.generation
    if (obj.metadata.generation === undefined) delete obj.metadata.generation
    for (const d of this.defaulters) d(t, obj, existing)
    if (!opts.subresource) this.validate(t, obj, opts)
    if (this.admission && opts.subresource !== 'status') {
      obj = await this.admission({
        operation: 'UPDATE',
        type: t,
        object: obj,
        oldObject: existing,
        dryRun: !!opts.dryRun,
        user: opts.user ?? 'admin',
        subresource: opts.subresource,
      })
    }
    // The apiserver's Deployment strategy also counts annotation changes as a new generation.
    const annotated =
      isDeployment(t) &&
      !opts.subresource &&
      !isDeepStrictEqual(existing.metadata.annotations ?? {}, obj.metadata.annotations ?? {})
    if (annotated || this.specChanged(t, existing, obj))
      obj.metadata.generation = (existing.metadata.generation ?? 0) + 1
    if (applied) applied(obj)
    else this.trackUpdate(t, existing, obj, this.manager(opts), opts.subresource)
    obj.metadata.resourceVersion = existing.metadata.resourceVersion
    if (isDeepStrictEqual(stripVolatile(obj), stripVolatile(existing))) return this.present(t, existing)
    if (opts.dryRun) return this.present(t, obj)
    if (
      obj.metadata.deletionTimestamp &&
      !(obj.metadata.finalizers ?? []).length &&
      !this.outlivesFinalizers(t, obj)
    ) {
      // The last finalizer went: the object goes, and the answer is the update that removed it.
      const gone = this.store.remove(t, obj.metadata.namespace, name)!
      return this.present(t, {
        ...obj,
        metadata: {...obj.metadata, resourceVersion: gone.metadata.resourceVersion},
      })
    }
    return this.present(t, this.store.put(t, obj))
  }

  /**
   * Objects that outlive their last metadata finalizer: scheduled pods until the kubelet drops them,
   * namespaces until the namespace controller has emptied them.
   */
  private outlivesFinalizers(t: ResourceType, obj: KObj): boolean {
    if (t.group !== '') return false
    if (t.kind === 'Namespace') return true
    return t.kind === 'Pod' && !!obj.spec?.nodeName && obj.metadata.deletionGracePeriodSeconds !== 0
  }

  private specChanged(t: ResourceType, a: KObj, b: KObj): boolean {
    if (!this.tracksGeneration(t) && a.metadata.generation === undefined) return false
    const strip = (o: KObj) => {
      const {metadata, status, ...rest} = o
      void metadata
      return t.custom && !this.hasStatus(t) ? {...rest, status} : rest
    }
    return (
      !isDeepStrictEqual(strip(a), strip(b)) || a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp
    )
  }

  /** Updates managedFields for a non-apply write: the manager takes the fields it changed. */
  private trackUpdate(
    t: ResourceType,
    old: KObj | undefined,
    obj: KObj,
    manager: string,
    subresource?: string,
  ): void {
    const scope: Scope = subresource === 'status' ? 'status' : this.hasStatus(t) ? 'main' : 'all'
    const resolve = this.resolver(t)
    const before = old ? leaves(old, resolve, scope) : new Map<string, unknown>()
    const after = leaves(obj, resolve, scope)
    const changed = [...after]
      .filter(([p, v]) => !before.has(p) || !isDeepStrictEqual(before.get(p), v))
      .map(([p]) => p)
    const entries = (obj.metadata.managedFields ?? []).map((e) => ({...e, set: fromFieldsV1(e.fieldsV1)}))
    if (!changed.length && !entries.length && old) return
    const sub = subresource === 'status' ? 'status' : undefined
    let mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && e.subresource === sub)
    if (!mine && changed.length) {
      mine = {
        manager,
        operation: 'Update',
        apiVersion: apiVersionOf(t),
        time: now(),
        fieldsType: 'FieldsV1',
        fieldsV1: {},
        set: new Set(),
        ...(sub ? {subresource: sub} : {}),
      }
      entries.push(mine)
    }
    for (const e of entries) {
      for (const p of [...e.set]) {
        const inScope = (e.subresource === 'status') === (scope === 'status') || scope === 'all'
        if (inScope && (!after.has(p) || (e !== mine && changed.includes(p)))) e.set.delete(p)
      }
    }
    if (mine && changed.length) {
      for (const p of changed) mine.set.add(p)
      mine.time = now()
    }
    this.setManaged(obj, entries)
  }

  private setManaged(obj: KObj, entries: (ManagedFieldsEntry & {set: Set<string>})[]): void {
    const kept = entries
      .filter((e) => e.set.size > 0)
      .map(({set, ...e}) => ({...e, fieldsV1: toFieldsV1(set)}))
    if (kept.length) obj.metadata.managedFields = kept
    else delete obj.metadata.managedFields
  }

  /** PATCH with one of the four content types. SSA may create the object (201 → created=true). */
  async patch(
    t: ResourceType,
    ns: string | undefined,
    name: string,
    contentType: string,
    raw: string,
    opts: WriteOptions = {},
  ): Promise<{object: KObj; created: boolean}> {
    const type = contentType.split(';')[0]!.trim().toLowerCase()
    if (type === PATCH_TYPES.apply) return this.apply(t, ns, name, raw, opts)
    if (opts.force !== undefined) {
      throw new ApiError(
        422,
        'Invalid',
        `PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch`,
      )
    }
    if (type === PATCH_TYPES.strategic && t.custom) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      )
    }
    if (!Object.values(PATCH_TYPES).includes(type as never)) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        // What the API server answers for a Content-Type that is no patch type at all.
        '415: Unsupported Media Type',
      )
    }
    const existing = this.store.get(t, ns, name)
    if (!existing) throw notFound(t.resource, t.group, name)
    const next = this.patchObject(t, this.present(t, structuredClone(existing)), type, raw)
    if (typeof next !== 'object' || next === null || !next.metadata)
      throw badRequest('patch produced an invalid object')
    const rv = next.metadata.resourceVersion
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(t.resource, t.group, name)
    next.metadata.name = name
    return {object: await this.write(t, existing, next, opts), created: false}
  }

  /** Applies a JSON, merge or strategic merge patch body to base (not modified). Errors → 400/422. */
  patchObject(t: ResourceType, base: KObj, contentType: string, raw: string): KObj {
    const type = contentType.split(';')[0]!.trim().toLowerCase()
    let patch: unknown
    try {
      patch = JSON.parse(raw)
    } catch (e) {
      throw badRequest(`error decoding patch: ${(e as Error).message}`)
    }
    try {
      if (type === PATCH_TYPES.json) {
        if (!Array.isArray(patch)) throw new Error('json patch must be a list of operations')
        return fastJsonPatch.applyPatch(base, patch as fastJsonPatch.Operation[], true, false).newDocument
      }
      if (type === PATCH_TYPES.merge) return jsonMergePatch(base, patch)
      return strategicMergePatch(base, patch, t.kind, this.resolver(t))
    } catch (e) {
      // A failed JSON patch `test` operation: the API server gives no detail.
      if ((e as {name?: string}).name === 'TEST_OPERATION_FAILED')
        throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request')
      const msg = (e as Error).message.split('\n')[0]
      throw new ApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: ${msg}`,
      )
    }
  }

  /** Server-side apply: field ownership, conflicts (409 unless force), pruning of fields the manager dropped. */
  async apply(
    t: ResourceType,
    ns: string | undefined,
    name: string,
    raw: string,
    opts: WriteOptions,
  ): Promise<{object: KObj; created: boolean}> {
    const manager = opts.fieldManager
    if (!manager) {
      throw new ApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        {
          kind: 'PatchOptions',
          group: 'meta.k8s.io',
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        },
      )
    }
    let body: KObj
    try {
      body = parseYaml(raw, {version: '1.1'}) as KObj
    } catch (e) {
      throw badRequest(`error decoding YAML: ${(e as Error).message}`)
    }
    if (!body || typeof body !== 'object' || !body.apiVersion || !body.kind) {
      throw badRequest('invalid object type: apply patches need apiVersion and kind')
    }
    if (body.metadata?.name !== name)
      throw badRequest('metadata.name must match the name in the URL for apply patches')
    if (body.metadata.namespace && ns && body.metadata.namespace !== ns) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      )
    }
    const existing = this.store.get(t, ns, name)
    const scope: Scope = opts.subresource === 'status' ? 'status' : this.hasStatus(t) ? 'main' : 'all'
    const resolve = this.resolver(t)
    const appliedSet = leaves(body, resolve, scope)
    if (!existing) {
      const fresh = this.mergeApplied(
        {apiVersion: body.apiVersion, kind: body.kind, metadata: {name, namespace: ns}},
        body,
        t,
      )
      const setManaged = (obj: KObj) => {
        obj.metadata.managedFields = [this.applyEntry(t, manager, appliedSet.keys(), opts.subresource)]
      }
      return {object: await this.create(t, ns, fresh, opts, setManaged), created: true}
    }
    const rv = body.metadata.resourceVersion
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(t.resource, t.group, name)
    const sub = opts.subresource === 'status' ? 'status' : undefined
    const entries = (existing.metadata.managedFields ?? []).map((e) => ({
      ...e,
      set: fromFieldsV1(e.fieldsV1),
    }))
    const conflicts: {manager: string; who: string; path: string}[] = []
    const live = leaves(existing, resolve, scope)
    // The API server names an Update manager with the apiVersion it wrote ("m" using v1), an Apply one bare.
    const who = (e: {manager: string; operation?: string; apiVersion?: string}) =>
      e.operation === 'Update' ? `"${e.manager}" using ${e.apiVersion ?? apiVersionOf(t)}` : `"${e.manager}"`
    for (const e of entries) {
      if (e.manager === manager && e.operation === 'Apply') continue
      if ((e.subresource === 'status') !== (sub === 'status')) continue
      for (const [p, v] of appliedSet) {
        if (e.set.has(p) && !isDeepStrictEqual(live.get(p), v))
          conflicts.push({manager: e.manager, who: who(e), path: p})
      }
    }
    if (conflicts.length && !opts.force) throw applyConflict(conflicts)
    for (const c of conflicts) entries.find((e) => e.manager === c.manager)?.set.delete(c.path)
    const mine = entries.find(
      (e) => e.manager === manager && e.operation === 'Apply' && e.subresource === sub,
    )
    const next = structuredClone(existing)
    if (mine) {
      const ownedByOthers = new Set(entries.filter((e) => e !== mine).flatMap((e) => [...e.set]))
      const dropped = [...mine.set].filter((p) => !appliedSet.has(p) && !ownedByOthers.has(p))
      // Remove deepest paths first so list items disappear after their fields.
      for (const p of dropped.sort((a, b) => b.length - a.length)) removeAt(next, JSON.parse(p))
    }
    const merged = this.mergeApplied(next, body, t)
    const applied = (obj: KObj) => {
      // The manager's entry keeps its place (as the API server does), so a no-op apply changes nothing.
      const entry = {...this.applyEntry(t, manager, [], opts.subresource), set: new Set(appliedSet.keys())}
      const list = mine ? entries.map((e) => (e === mine ? entry : e)) : [...entries, entry]
      this.setManaged(obj, list)
    }
    return {
      object: await this.write(t, existing, merged, {...opts, fieldManager: manager}, applied),
      created: false,
    }
  }

  private mergeApplied(base: KObj, body: KObj, t: ResourceType): KObj {
    const patch = structuredClone(body)
    delete patch.metadata.managedFields
    delete patch.metadata.resourceVersion
    return strategicMergePatch(base, patch, t.kind, this.resolver(t))
  }

  private applyEntry(
    t: ResourceType,
    manager: string,
    paths: Iterable<string>,
    subresource?: string,
  ): ManagedFieldsEntry {
    return {
      manager,
      operation: 'Apply',
      apiVersion: apiVersionOf(t),
      time: now(),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(paths),
      ...(subresource === 'status' ? {subresource: 'status'} : {}),
    }
  }

  /** DELETE: finalizers, propagation, pod grace. Returns the body to send and its HTTP code. */
  async delete(
    t: ResourceType,
    ns: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Promise<{body: unknown; code: number}> {
    const existing = this.store.get(t, ns, name)
    if (!existing) throw notFound(t.resource, t.group, name)
    const pre = opts.preconditions
    if (
      (pre?.uid && pre.uid !== existing.metadata.uid) ||
      (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion)
    ) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(t.resource, t.group)} "${name}": Precondition failed: UID in precondition: ${pre.uid ?? ''}, UID in object meta: ${existing.metadata.uid}`,
      )
    }
    if (this.admission) {
      await this.admission({
        operation: 'DELETE',
        type: t,
        object: existing,
        oldObject: existing,
        dryRun: !!opts.dryRun,
        user: 'admin',
      })
    }
    const done = (obj: KObj) => ({
      code: 200,
      body:
        DELETE_RETURNS_OBJECT.has(t.kind) || obj.metadata.deletionTimestamp
          ? this.present(t, obj)
          : successStatus({name, group: t.group || undefined, kind: t.resource, uid: obj.metadata.uid}),
    })
    if (existing.metadata.deletionTimestamp) return done(existing)
    const obj = structuredClone(existing)
    const finalizers = [...(obj.metadata.finalizers ?? [])]
    if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion')
    if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan')
    const isNamespace = t.kind === 'Namespace' && t.group === ''
    const podGrace = t.kind === 'Pod' && t.group === '' && obj.spec?.nodeName && opts.gracePeriodSeconds !== 0
    if (!finalizers.length && !isNamespace && !podGrace) {
      if (opts.dryRun) return done(obj)
      return done(this.store.remove(t, ns, name)!)
    }
    obj.metadata.deletionTimestamp = now()
    obj.metadata.deletionGracePeriodSeconds = podGrace
      ? (opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30)
      : 0
    if (finalizers.length) obj.metadata.finalizers = finalizers
    if (this.tracksGeneration(t)) obj.metadata.generation = (obj.metadata.generation ?? 0) + 1
    if (isNamespace) obj.status = {...obj.status, phase: 'Terminating'}
    if (opts.dryRun) return done(obj)
    return done(this.store.put(t, obj))
  }

  /** Removes an object regardless of finalizers (kubelet, namespace controller). */
  forceRemove(t: Pick<ResourceType, 'group' | 'resource'>, ns: string | undefined, name: string): void {
    this.store.remove(t, ns, name)
  }
}

function stripVolatile(o: KObj): unknown {
  const c = structuredClone(o)
  for (const e of c.metadata.managedFields ?? []) e.time = ''
  return c
}

function applyConflict(conflicts: {who: string; path: string}[]): ApiError {
  const fmt = (c: {path: string}) => formatPath(JSON.parse(c.path) as string[])
  const managers = [...new Set(conflicts.map((c) => c.who))]
  let message: string
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${conflicts[0]!.who}: ${fmt(conflicts[0]!)}`
  } else {
    message =
      `Apply failed with ${conflicts.length} conflicts: ` +
      managers
        .map(
          (m) =>
            `conflicts with ${m}:\n${conflicts
              .filter((c) => c.who === m)
              .map((c) => `- ${fmt(c)}`)
              .join('\n')}`,
        )
        .join('\n')
  }
  // The API server's conflict Status carries only the causes (StatusCause's type is "reason" in JSON).
  return new ApiError(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${c.who}`,
      field: fmt(c),
    })),
  })
}
