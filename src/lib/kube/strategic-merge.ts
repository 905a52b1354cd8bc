/**
 * Strategic merge patch (the Kubernetes `application/strategic-merge-patch+json` semantics) for the
 * built-in kinds. Shared by the API simulator (test/kube-sim) and by install overlays.
 *
 * Like an RFC 7386 merge patch, except that lists with a merge key merge element by element, some
 * primitive lists merge as sets, and the directives `$patch`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` are honoured.
 */

type Json = null | boolean | number | string | Json[] | {[k: string]: Json}
type JsonMap = {[k: string]: Json}

/** How a list field merges: by a key field, as a set of primitives, or replaced whole. */
export type ListStrategy = {type: 'map'; key: string} | {type: 'set'} | {type: 'atomic'}

/** Resolves the list strategy for a field, given the kind and the field path (names only, no indices). */
export type ListStrategyResolver = (path: readonly string[]) => ListStrategy

const byName: ListStrategy = {type: 'map', key: 'name'}
const atomic: ListStrategy = {type: 'atomic'}

/** Field name → merge key, wherever the field appears (the upstream `patchMergeKey` tags). */
const MERGE_KEYS: Record<string, ListStrategy> = {
  containers: byName,
  initContainers: byName,
  ephemeralContainers: byName,
  env: byName,
  volumes: byName,
  imagePullSecrets: byName,
  volumeMounts: {type: 'map', key: 'mountPath'},
  volumeDevices: {type: 'map', key: 'devicePath'},
  hostAliases: {type: 'map', key: 'ip'},
  ownerReferences: {type: 'map', key: 'uid'},
  conditions: {type: 'map', key: 'type'},
  readinessGates: {type: 'map', key: 'conditionType'},
  finalizers: {type: 'set'},
}

/**
 * The list strategy of a built-in kind's field. `ports` depends on where it is: container ports merge on
 * `containerPort`, Service ports on `port`; webhook lists of webhook configurations merge on `name`.
 */
export function builtinListStrategy(kind: string, path: readonly string[]): ListStrategy {
  const field = path[path.length - 1] ?? ''
  const parent = path[path.length - 2]
  if (field === 'ports') {
    if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') {
      return {type: 'map', key: 'containerPort'}
    }
    if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return {type: 'map', key: 'port'}
    return atomic
  }
  if (field === 'webhooks' && path.length === 1 && /WebhookConfiguration$/.test(kind)) return byName
  if (field === 'finalizers' && path.length !== 2) return atomic
  return MERGE_KEYS[field] ?? atomic
}

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)
const clone = <T>(v: T): T => structuredClone(v)

const SET_ORDER = '$setElementOrder/'
const DELETE_FROM = '$deleteFromPrimitiveList/'

/** Removes every `$…` directive from a patch fragment (used where a patch value is taken as is). */
function stripDirectives(v: Json): Json {
  if (Array.isArray(v))
    return v
      .filter((x) => !(isMap(x) && x.$patch !== undefined && Object.keys(x).length === 1))
      .map(stripDirectives)
  if (!isMap(v)) return v
  const out: JsonMap = {}
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x)
  return out
}

/**
 * Applies a strategic merge patch to `original` and returns the result (inputs are not modified).
 * `kind` selects the built-in merge keys; pass `resolver` to use another table.
 * Throws an Error with a message for malformed directives.
 */
export function strategicMergePatch<T>(
  original: T,
  patch: unknown,
  kind: string,
  resolver?: ListStrategyResolver,
): T {
  const resolve = resolver ?? ((path: readonly string[]) => builtinListStrategy(kind, path))
  if (!isMap(patch)) throw new Error('strategic merge patch must be a JSON object')
  const base = isMap(original as Json) ? (clone(original) as JsonMap) : {}
  return (mergeMap(base, patch, [], resolve) ?? {}) as T
}

function mergeMap(
  orig: JsonMap,
  patch: JsonMap,
  path: string[],
  resolve: ListStrategyResolver,
): JsonMap | undefined {
  const directive = patch.$patch
  if (directive === 'delete') return undefined
  if (directive === 'replace') return stripDirectives(patch) as JsonMap
  if (directive !== undefined && directive !== 'merge')
    throw new Error(`unknown patch type: ${String(directive)}`)
  let out: JsonMap = {...orig}
  const retain = patch.$retainKeys
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new Error('$retainKeys must be a list')
    const keep = new Set(retain.map(String))
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.has(k)))
  }
  const orders: Record<string, Json[]> = {}
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM)) {
      const field = k.slice(DELETE_FROM.length)
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)))
      const cur = out[field]
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !drop.has(JSON.stringify(x)))
    } else if (k.startsWith(SET_ORDER)) {
      if (!Array.isArray(v)) throw new Error(`${k} must be a list`)
      orders[k.slice(SET_ORDER.length)] = v
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue
    const sub = [...path, k]
    if (v === null) {
      delete out[k]
    } else if (isMap(v)) {
      const merged = mergeMap(isMap(out[k]) ? (out[k] as JsonMap) : {}, v, sub, resolve)
      if (merged === undefined) delete out[k]
      else out[k] = merged
    } else if (Array.isArray(v)) {
      out[k] = mergeList(Array.isArray(out[k]) ? (out[k] as Json[]) : [], v, sub, resolve)
    } else {
      out[k] = v
    }
  }
  for (const [field, order] of Object.entries(orders)) {
    const cur = out[field]
    if (Array.isArray(cur)) out[field] = reorder(cur, order, resolve([...path, field]))
  }
  return out
}

function mergeList(orig: Json[], patch: Json[], path: string[], resolve: ListStrategyResolver): Json[] {
  const strategy = resolve(path)
  if (patch.some((x) => isMap(x) && x.$patch === 'replace')) {
    return stripDirectives(patch.filter((x) => !(isMap(x) && x.$patch === 'replace'))) as Json[]
  }
  if (strategy.type === 'atomic') return stripDirectives(patch) as Json[]
  if (strategy.type === 'set') {
    const out = [...orig]
    const seen = new Set(orig.map((x) => JSON.stringify(x)))
    for (const x of patch) if (!seen.has(JSON.stringify(x))) out.push(x)
    return out
  }
  const key = strategy.key
  const out = [...orig]
  const find = (k: Json) => out.findIndex((x) => isMap(x) && JSON.stringify(x[key]) === JSON.stringify(k))
  for (const item of patch) {
    if (!isMap(item)) throw new Error(`list ${path.join('.')} must hold objects with merge key "${key}"`)
    if (item[key] === undefined)
      throw new Error(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`)
    const at = find(item[key])
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1)
      continue
    }
    if (at >= 0) {
      const merged = mergeMap(out[at] as JsonMap, item, path, resolve)
      if (merged === undefined) out.splice(at, 1)
      else out[at] = merged
    } else {
      out.push(stripDirectives(item))
    }
  }
  return out
}

/** `$setElementOrder`: items named in the order list come first, in that order; the rest keep theirs. */
function reorder(list: Json[], order: Json[], strategy: ListStrategy): Json[] {
  const id = (x: Json) => JSON.stringify(strategy.type === 'map' && isMap(x) ? x[strategy.key] : x)
  const rank = new Map<string, number>()
  order.forEach((x, i) => rank.set(id(x), i))
  const ranked = list.filter((x) => rank.has(id(x))).sort((a, b) => rank.get(id(a))! - rank.get(id(b))!)
  return [...ranked, ...list.filter((x) => !rank.has(id(x)))]
}

/** RFC 7386 JSON merge patch: null deletes a key, maps merge, everything else (lists too) replaces. */
export function jsonMergePatch<T>(original: T, patch: unknown): T {
  if (!isMap(patch as Json)) return clone(patch) as T
  const out: JsonMap = isMap(original as Json) ? {...(original as JsonMap)} : {}
  for (const [k, v] of Object.entries(patch as JsonMap)) {
    if (v === null) delete out[k]
    else out[k] = isMap(v) ? jsonMergePatch(out[k], v) : clone(v)
  }
  return out as T
}
