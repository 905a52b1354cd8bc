/**
 * Strategic merge patch (the Kubernetes `application/strategic-merge-patch+json` semantics) for the
 * built-in kinds. Shared by the API simulator (test/kube-sim) and by install overlays.
 *
 * Like an RFC 7386 merge patch, except that lists with a merge key merge element by element, some
 * primitive lists merge as sets, and the directives `$patch`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` are honoured. Merged lists come out in
 * the order the API server gives them (new items before the untouched ones that follow the patched ones).
 */
import {jsonClone} from '../json.js'

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
const clone = jsonClone

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
  const orders: Record<string, {order: Json[]; before: Json}> = {}
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM)) {
      const field = k.slice(DELETE_FROM.length)
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)))
      const cur = out[field]
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !drop.has(JSON.stringify(x)))
    } else if (k.startsWith(SET_ORDER)) {
      if (!Array.isArray(v)) throw new Error(`${k} must be a list`)
      const field = k.slice(SET_ORDER.length)
      checkOrderList(patch[field], v, resolve([...path, field]), k)
      orders[field] = {order: v, before: out[field] ?? null}
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
  // `$setElementOrder/<field>` (sent by kubectl apply) orders the merged list once more, against the live list.
  for (const [field, {order, before}] of Object.entries(orders)) {
    const cur = out[field]
    const strategy = resolve([...path, field])
    if (!Array.isArray(cur) || strategy.type === 'atomic') continue
    let live = Array.isArray(before) ? before : []
    const list = patch[field]
    if (strategy.type === 'map' && Array.isArray(list)) live = liveAfterInPlaceMerge(live, list, strategy.key)
    out[field] = serverOrder(cur, order, live, keyOf(strategy))
  }
  return out
}

/**
 * The live keyed list as apimachinery's `$setElementOrder` step sees it. Its merge deletes and appends in
 * the live list's own storage (Go slices), so the first items the patch adds take the slots that deleted
 * items freed at the end, and that view decides where untouched items go. Reproduced because kubectl and
 * the API server order lists by it.
 */
function liveAfterInPlaceMerge(live: Json[], patch: Json[], key: string): Json[] {
  const slots = [...live]
  let len = slots.length
  const find = (k: Json | undefined) => slots.findIndex((x, i) => i < len && hasKey(x, key, k))
  for (const item of patch) {
    if (!isMap(item) || item.$patch !== 'delete') continue
    for (let i = find(item[key]); i >= 0; i = find(item[key])) slots.copyWithin(i, i + 1, len--)
  }
  if (patch.some((x) => isMap(x) && x.$patch === 'replace')) return slots
  for (const item of patch) {
    if (!isMap(item) || item.$patch !== undefined || find(item[key]) >= 0) continue
    if (len < slots.length) slots[len] = item
    else slots.push(item)
    len++
  }
  return slots.slice(0, live.length)
}

/** Whether `x` is an object whose merge key `key` has the value `k`. */
const hasKey = (x: Json, key: string, k: Json | undefined) =>
  isMap(x) && JSON.stringify(x[key]) === JSON.stringify(k)

const keyOf = (strategy: ListStrategy) => (strategy.type === 'map' ? strategy.key : undefined)

/** What identifies a list item: its merge key's value in a keyed list, the item itself in a primitive one. */
const itemId = (x: Json, key: string | undefined) =>
  JSON.stringify(key !== undefined && isMap(x) ? x[key] : x)

/** The patch list's items (deletions and directives aside) must come in the order a `$setElementOrder` gives. */
function checkOrderList(list: Json | undefined, order: Json[], strategy: ListStrategy, name: string): void {
  if (!Array.isArray(list) || strategy.type === 'atomic') return
  const key = keyOf(strategy)
  const items = list.filter((x) => !(isMap(x) && x.$patch !== undefined))
  let at = 0
  for (const o of order) if (at < items.length && itemId(items[at]!, key) === itemId(o, key)) at++
  if (at < items.length) throw new Error(`the order in patch list doesn't match ${name} list`)
}

/**
 * Orders a merged list as the API server does (apimachinery's normalizeElementOrder). Items named in
 * `order` (the patch list, or a `$setElementOrder` list) are sorted by it, the others keep their order in
 * `original`, and the two runs are interleaved: an item of the second run goes first only when both are in
 * `original` and it came earlier there. So items new to the list come before the original items still to
 * come: a new container or env var is placed before the untouched ones that follow the last patched one.
 */
function serverOrder(merged: Json[], order: Json[], original: Json[], key: string | undefined): Json[] {
  // each item's first index in `list`
  const rank = (list: Json[]) => {
    const m = new Map<string, number>()
    list.forEach((x, i) => {
      const id = itemId(x, key)
      if (!m.has(id)) m.set(id, i)
    })
    return m
  }
  const patchRank = rank(order)
  const liveRank = rank(original)
  const byRank = (r: Map<string, number>) => (a: Json, b: Json) =>
    (r.get(itemId(a, key)) ?? Infinity) - (r.get(itemId(b, key)) ?? Infinity)
  const named = merged.filter((x) => patchRank.has(itemId(x, key))).sort(byRank(patchRank))
  const others = merged.filter((x) => !patchRank.has(itemId(x, key))).sort(byRank(liveRank))
  const out: Json[] = []
  let i = 0
  let j = 0
  while (i < others.length || j < named.length) {
    if (j >= named.length) out.push(others[i++]!)
    else if (i >= others.length) out.push(named[j++]!)
    else {
      const l = liveRank.get(itemId(others[i]!, key))
      const r = liveRank.get(itemId(named[j]!, key))
      out.push(l !== undefined && r !== undefined && l < r ? others[i++]! : named[j++]!)
    }
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
    // each value once, in first-seen order
    const merged = [...new Map([...orig, ...patch].map((x) => [JSON.stringify(x), x])).values()]
    return serverOrder(merged, patch, orig, undefined)
  }
  const key = strategy.key
  // Deletions apply to the live list first, then the other items merge into it or are added (apimachinery).
  let live = orig
  const items: JsonMap[] = []
  for (const item of patch) {
    if (!isMap(item)) throw new Error(`list ${path.join('.')} must hold objects with merge key "${key}"`)
    if (item[key] === undefined)
      throw new Error(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`)
    const directive = item.$patch
    if (directive === undefined) items.push(item)
    else if (directive === 'delete') live = live.filter((x) => !hasKey(x, key, item[key]))
    else if (directive === 'merge') throw new Error('merging lists cannot yet be specified in the patch')
    else throw new Error(`unknown patch type: ${String(directive)}`)
  }
  const out = [...live]
  for (const item of items) {
    const at = out.findIndex((x) => hasKey(x, key, item[key]))
    if (at >= 0) out[at] = mergeMap(out[at] as JsonMap, item, path, resolve)!
    else out.push(stripDirectives(item))
  }
  return serverOrder(out, items, live, key)
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
