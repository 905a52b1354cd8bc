/**
 * `k8s.overlays[].patches[]`: path-addressed edits of rendered objects (istioctl's operator/pkg/tpath).
 * Paths are dotted keys with `[N]` (index), `[key:value]` (list element by field) and `[value]`/`[:value]`
 * (leaf list element by regular expression); a null value deletes; a string value holding YAML becomes that
 * object, keyed by its single root.
 * @module
 */
import {parseYamlDocuments, type Json} from './goyaml.js'
import {isTree, pathSegments, splitEscaped, type Tree} from './values.js'

/** An overlay patch that could not be applied. */
export class OverlayError extends Error {
  override name = 'OverlayError'
}

/** tpath path segments (util.PathFromString). */
export function overlayPath(p: string): string[] {
  return pathSegments(p.replace(/\/+/g, '/'))
}

const brackets = (pe: string): string | undefined =>
  pe.startsWith('[') && pe.endsWith(']') ? pe.slice(1, -1) : undefined
const nIndex = (pe: string): number | undefined => {
  const b = brackets(pe)
  return b !== undefined && /^[+-]?\d+$/.test(b) && Number(b) >= -1 ? Number(b) : undefined
}
const kvPair = (pe: string): [string, string] | undefined => {
  const b = brackets(pe)
  if (b === undefined) return undefined
  const kv = splitEscaped(b, ':')
  if (kv.length !== 2 || kv[0] === '' || kv[1] === '' || !/^[a-zA-Z0-9_-]*$/.test(kv[0]!)) return undefined
  return [kv[0]!, kv[1]!]
}
const vValue = (pe: string): string | undefined => {
  const b = brackets(pe)
  if (b === undefined || b === '') return undefined
  return b.length > 1 && b[0] === ':' ? b.slice(1) : b
}
/** Go's fmt %v of a scalar, for `[key:value]` comparisons. */
const str = (v: Json | undefined): string => (v === undefined || v === null ? '<nil>' : String(v))

/** Where a write lands: a container and the key or index in it. */
type Slot = {container: Tree; key: string} | {container: Json[]; key: number}

/** A string holding a YAML map becomes that map (tpath tryToUnmarshalStringToYAML). */
function stringToMap(v: Json): Json {
  if (typeof v !== 'string') return v
  const lines = v.split('\n')
  if ((lines.length === 1 && v.includes(': ')) || (lines.length > 1 && v.includes(':'))) {
    try {
      const j = JSON.parse(v)
      if (isTree(j)) return v
    } catch {
      // not JSON
    }
    try {
      // sigs.k8s.io/yaml.Unmarshal into a map, which reads the first document; a null one (only comments)
      // leaves the map empty
      const y = parseYamlDocuments(v)[0] ?? null
      if (y === null) return {}
      if (isTree(y)) return y
    } catch {
      // not YAML either: a literal string
    }
  }
  return v
}

/** Applies one overlay patch to an object in place. */
export function applyOverlayPatch(obj: Tree, path: string, value: Json | undefined): void {
  const segs = overlayPath(path)
  let node: Json = obj
  let slot: Slot | undefined
  for (let i = 0; i < segs.length; i++) {
    const pe = segs[i]!
    const last = i === segs.length - 1
    if (Array.isArray(node)) {
      const list: Json[] = node
      const n = nIndex(pe)
      if (n !== undefined) {
        const idx = n < 0 || n >= list.length ? list.length : n
        if (idx === list.length) list.push(last ? null : {})
        slot = {container: list, key: idx}
        node = list[idx]!
        continue
      }
      // element by element, as tpath does: a map is matched by [key:value], anything else by a regex; a selector
      // of the wrong kind for the element met first is an error
      const found = list.findIndex((e) => {
        if (isTree(e)) {
          const kv = kvPair(pe)
          if (!kv) throw new OverlayError(`path ${path}: ${pe} is not a valid key:value path element`)
          return str(e[kv[0]]) === kv[1]
        }
        const v = vValue(pe)
        if (v === undefined) throw new OverlayError(`path ${path}: ${pe} is not a valid value path element`)
        return safeRegex(v).test(str(e))
      })
      if (found < 0) throw new OverlayError(`path ${path}: element ${pe} not found`)
      slot = {container: list, key: found}
      node = list[found]!
      continue
    }
    if (node === null || node === undefined) {
      // createMissing: materialise the missing container in its slot.
      // (the root is an object: a missing node always has a slot)
      const fresh: Json = nIndex(pe) !== undefined || kvPair(pe) ? [] : {}
      write(slot!, fresh)
      node = fresh
      i--
      continue
    }
    if (!isTree(node))
      throw new OverlayError(`path ${path}: leaf type ${typeof node} in non-leaf node at ${pe}`)
    // a missing key is made by the next step, which sees an undefined node (createMissing)
    slot = {container: node, key: pe}
    node = node[pe]!
  }
  // an empty path never moved off the root
  if (!slot) throw new OverlayError(`path ${path}: cannot change the root element`)
  if (value === null || value === undefined) return remove(slot)
  write(slot, stringToMap(value))
}

function safeRegex(src: string): RegExp {
  try {
    return new RegExp(src)
  } catch {
    return /(?!)/
  }
}

function write(slot: Slot, v: Json): void {
  if (Array.isArray(slot.container)) slot.container[slot.key as number] = v
  else slot.container[slot.key as string] = v
}

function remove(slot: Slot): void {
  if (Array.isArray(slot.container)) slot.container.splice(slot.key as number, 1)
  else delete slot.container[slot.key as string]
}
