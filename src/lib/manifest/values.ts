/**
 * The untyped value tree istioctl works on (operator/pkg/values): dotted paths with `\.` escapes, `[N]` and
 * `[key:value]` list selectors, `--set path=value` typing, and deep merges where lists and scalars replace.
 * @module
 */
import type {Json} from './goyaml.js'

/** A JSON object. */
export type Tree = {[k: string]: Json}

/** An error in a `--set` path or value (the caller maps it to a usage error). */
export class PathError extends Error {
  override name = 'PathError'
}

/** Whether v is a plain JSON object. */
export function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A deep copy of a JSON value. */
export function clone<T extends Json>(v: T): T {
  return structuredClone(v)
}

/** Paths whose `--set` values stay strings (values/map.go alwaysString); prefix match on the spec path. */
const ALWAYS_STRING = [
  'spec.values.compatibilityVersion',
  'spec.tag',
  'spec.values.global.tag',
  'spec.meshConfig.defaultConfig.proxyMetadata.',
  'spec.values.meshConfig.defaultConfig.proxyMetadata.',
  'spec.compatibilityVersion',
]

/** Whether a `--set` at this (spec-prefixed) path keeps its value as a string. */
export function isAlwaysString(specPath: string): boolean {
  return ALWAYS_STRING.some((p) => specPath.startsWith(p))
}

/** Go's strconv.ParseBool. */
function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false
  return undefined
}

/** `--set` value typing: int, then float, then bool, then string (with `\,` unescaped). */
export function parseSetValue(s: string): Json {
  if (/^[+-]?\d+$/.test(s)) {
    const n = BigInt(s)
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number(n)
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s)
  const b = goParseBool(s)
  if (b !== undefined) return b
  return s.replaceAll('\\,', ',')
}

/** Splits `path=value` as istioctl does: exactly one `=`, else the whole flag is the path and the value is empty. */
export function splitSetFlag(flag: string): {path: string; value: string} {
  const parts = flag.split('=')
  if (parts.length !== 2) return {path: flag, value: ''}
  return {path: parts[0]!.trim(), value: parts[1]!.trim()}
}

/**
 * The `--set` flag that sets `path` to `value`: the inverse of splitSetFlag + parseSetValue. Throws a
 * PathError for what the grammar cannot say: `=` anywhere (a flag has exactly one), `/` or `[` in a key or a
 * key ending in `.`, a null or a collection, a literal `\,`, blanks around the value, or a string that would
 * be typed as a number or boolean.
 */
export function formatSetFlag(path: string[], value: Json): string {
  for (const k of path)
    if (k === '' || /[=/[\]]/.test(k) || k.endsWith('.'))
      throw new PathError(`key ${JSON.stringify(k)} cannot be written in a --set path`)
  const text = value === null || typeof value === 'object' ? undefined : String(value)
  if (
    text === undefined ||
    text.includes('=') ||
    text.includes('\\,') ||
    text.trim() !== text ||
    (typeof value === 'string' && parseSetValue(text) !== value)
  )
    throw new PathError(`value ${JSON.stringify(value)} cannot be written in a --set flag`)
  return `${path.map((k) => k.replaceAll('.', '\\.')).join('.')}=${text}`
}

/** Lexical clean of a slash path (Go filepath.Clean), applied to `--set` paths before splitting. */
function cleanPath(p: string): string {
  if (p === '') return '.'
  const rooted = p.startsWith('/')
  const out: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop()
      else if (!rooted) out.push('..')
      continue
    }
    out.push(seg)
  }
  const joined = (rooted ? '/' : '') + out.join('/')
  return joined === '' ? '.' : joined
}

/** Splits on `sep` except where it is preceded by a backslash. */
export function splitEscaped(s: string, sep: string): string[] {
  if (s.length === 0) return []
  const out: string[] = []
  let start = 0
  for (let i = 0; i < s.length; i++) {
    if (s[i] === sep && (i === 0 || s[i - 1] !== '\\')) {
      out.push(s.slice(start, i))
      start = i + 1
    }
  }
  out.push(s.slice(start))
  return out
}

/** Splits a path into segments: `a.b\.c[0].d` → `a`, `b.c`, `[0]`, `d`. */
export function splitPath(path: string): string[] {
  return pathSegments(cleanPath(path))
}

/** Segments of an already normalised path: one leading/trailing dot dropped, `\.` unescaped, `x[0]` split. */
export function pathSegments(normalised: string): string[] {
  let p = normalised
  if (p.startsWith('.')) p = p.slice(1)
  if (p.endsWith('.')) p = p.slice(0, -1)
  const out: string[] = []
  for (let seg of splitEscaped(p, '.')) {
    if (seg === '') continue
    seg = seg.replaceAll('\\.', '.')
    const b = seg.indexOf('[')
    if (b > 0) out.push(seg.slice(0, b), seg.slice(b))
    else out.push(seg)
  }
  return out
}

/** `[N]` → N. */
export function segIndex(seg: string): number | undefined {
  const m = /^\[([+-]?\d+)\]$/.exec(seg)
  return m ? Number(m[1]) : undefined
}

/** `[k:v]` → [k, v]. */
export function segKV(seg: string): [string, string] | undefined {
  if (!seg.startsWith('[') || !seg.endsWith(']')) return undefined
  const inner = seg.slice(1, -1)
  const i = inner.indexOf(':')
  return i < 0 ? undefined : [inner.slice(0, i), inner.slice(i + 1)]
}

/** The value at a path, or undefined when any step is missing. */
export function getPath(root: Json, path: string): Json | undefined {
  let cur: Json | undefined = root
  for (const seg of splitPath(path)) {
    const idx = segIndex(seg)
    const kv = idx === undefined ? segKV(seg) : undefined
    if (idx !== undefined || kv) {
      if (!Array.isArray(cur)) return undefined
      if (idx !== undefined) cur = idx >= 0 && idx < cur.length ? cur[idx] : undefined
      else cur = cur.find((e) => isTree(e) && e[kv![0]] === kv![1])
    } else {
      if (!isTree(cur) || !(seg in cur)) return undefined
      cur = cur[seg]
    }
    if (cur === undefined) return undefined
  }
  return cur
}

/** A string at a path, or '' (istioctl GetPathString). */
export function getString(root: Json, path: string): string {
  const v = getPath(root, path)
  return typeof v === 'string' ? v : ''
}

/** A boolean at a path, or false (istioctl GetPathBool). */
export function getBool(root: Json, path: string): boolean {
  return getPath(root, path) === true
}

/** An object at a path, or undefined. */
export function getTree(root: Json, path: string): Tree | undefined {
  const v = getPath(root, path)
  return isTree(v) ? v : undefined
}

/** Sets a value at a path, creating objects (and, before `[N]`/`[k:v]`, lists) on the way; `[N]` past the end appends. */
export function setPath(root: Tree, path: string, value: Json): void {
  const segs = splitPath(path)
  if (segs.length === 0) throw new PathError(`empty path`)
  setRecurse(root, segs, value, path)
}

function setRecurse(base: Tree, segs: string[], value: Json, full: string): void {
  const seg = segs[0]!
  if (seg.startsWith('[')) throw new PathError(`${full}: list selector ${seg} has no list field before it`)
  const nextIsList = segs.length >= 2 && segs[1]!.startsWith('[')
  if (!nextIsList) {
    if (segs.length === 1) {
      base[seg] = value
      return
    }
    if (base[seg] === undefined) base[seg] = {}
    // istioctl quirk: an explicit null is kept and the write goes nowhere.
    if (base[seg] === null) return setRecurse({}, segs.slice(1), value, full)
    if (!isTree(base[seg]))
      throw new PathError(`${full}: ${seg} is not an object, cannot set a field under it`)
    setRecurse(base[seg] as Tree, segs.slice(1), value, full)
    return
  }
  if (base[seg] === undefined) base[seg] = []
  const list = base[seg]
  if (!Array.isArray(list)) throw new PathError(`${full}: ${seg} is not a list`)
  const sel = segs[1]!
  const last = segs.length === 2
  let index: number
  const kv = segKV(sel)
  const n = segIndex(sel)
  if (n !== undefined) index = n
  else if (kv) {
    index = list.findIndex((e) => isTree(e) && e[kv[0]] === kv[1])
    if (index < 0) throw new PathError(`element ${sel} not found`)
  } else throw new PathError(`unknown segment ${sel}`)
  if (index < 0 || index >= list.length) {
    if (last) list.push(value)
    else {
      const nm: Tree = {}
      setRecurse(nm, segs.slice(2), value, full)
      list.push(nm)
    }
    return
  }
  if (last) {
    list[index] = value
    return
  }
  if (!isTree(list[index])) list[index] = {}
  setRecurse(list[index] as Tree, segs.slice(2), value, full)
}

/** Applies `path=value` flags under `spec.` (istioctl SetSpecPaths), typing each value. */
export function setSpecPaths(root: Tree, flags: string[]): void {
  for (const flag of flags) {
    const {path, value} = splitSetFlag(flag)
    const specPath = 'spec.' + path
    setPath(root, specPath, isAlwaysString(specPath) ? value : parseSetValue(value))
  }
}

/** Deep-merges `other` into `base` (maps merge, everything else replaces); returns base. */
export function mergeFrom(base: Tree, other: Tree): Tree {
  for (const [k, v] of Object.entries(other)) {
    if (isTree(v) && isTree(base[k])) mergeFrom(base[k] as Tree, v)
    else base[k] = isTree(v) || Array.isArray(v) ? clone(v) : v
  }
  return base
}

/** `{a: {b: v}}` from (v, 'a', 'b'). */
export function makeTree(v: Json, ...path: string[]): Tree {
  let out: Json = v
  for (let i = path.length - 1; i >= 0; i--) out = {[path[i]!]: out}
  return out as Tree
}
