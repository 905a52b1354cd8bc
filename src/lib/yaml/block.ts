/**
 * Block YAML for plain JSON values, written directly: the text the `yaml` library prints for
 * `doc.createNode(value)` in a block collection (`lineWidth: 0`, indent 2), at a fraction of its cost.
 * Scalars and keys are still printed by `yaml` itself, once per distinct value, and reused; this module
 * only lays out maps and sequences, whose layout is fixed. kube-inject writes a sidecar per workload
 * with it. Values `yaml` would print differently (an object reached twice, which it aliases; anything
 * that is not JSON; a key it would write as `? key`) are refused with {@link Unsupported}.
 * @module
 */
import {stringify} from 'yaml'
import {printsAsIs} from './plain.js'

/** The value cannot be laid out here; print it with `yaml`. */
export class Unsupported extends Error {}

const OPTIONS = {lineWidth: 0}
const EMPTY_SEQ = Symbol('[]')
const EMPTY_MAP = Symbol('{}')
const MINUS_ZERO = Symbol('-0')

/** What `yaml` printed, per context (after `k: `, after `- `, as a key) and value. */
const printed = {
  value: new Map<unknown, string>(),
  item: new Map<unknown, string>(),
  key: new Map<string, string>(),
}

/** How `yaml` prints `v` after `k: ` or `- `, continuation lines relative to column 0. */
function scalar(v: unknown, item: boolean): string {
  if (typeof v === 'string' && printsAsIs(v)) return v
  const cache = item ? printed.item : printed.value
  // objects here are empty collections; they all print alike
  // (and -0, which a Map takes for 0, prints as -0)
  const id =
    typeof v === 'object' && v !== null
      ? Array.isArray(v)
        ? EMPTY_SEQ
        : EMPTY_MAP
      : Object.is(v, -0)
        ? MINUS_ZERO
        : v
  let s = cache.get(id)
  if (s === undefined) {
    const text = item ? stringify([v], OPTIONS) : stringify({k: v}, OPTIONS)
    const prefix = item ? '- ' : 'k: '
    // a kept trailing line break (`|+`) would run into what follows: leave those to yaml
    if (!text.startsWith(prefix) || !text.endsWith('\n') || text.endsWith('\n\n'))
      throw new Unsupported(`scalar ${JSON.stringify(v)}`)
    s = text.slice(prefix.length, -1)
    cache.set(id, s)
  }
  return s
}

function key(k: string): string {
  let s = printed.key.get(k)
  if (s === undefined) {
    const text = stringify({[k]: null}, OPTIONS)
    // `? key` (an explicit key) takes two lines
    if (!text.endsWith(': null\n') || text.indexOf('\n') !== text.length - 1)
      throw new Unsupported(`key ${JSON.stringify(k)}`)
    s = text.slice(0, -': null\n'.length)
    printed.key.set(k, s)
  }
  return s
}

type JsonMap = {[k: string]: unknown}
const isMap = (v: unknown): v is JsonMap => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}
const isBlock = (v: unknown): v is JsonMap | unknown[] => {
  if (Array.isArray(v)) return v.length > 0
  if (!isMap(v)) return false
  for (const k in v) if (v[k] !== undefined) return true
  return false
}

const pads: string[] = []
/** A line break and `col` spaces. */
const pad = (col: number): string => (pads[col] ??= '\n' + ' '.repeat(col))

/** Lays out one value; every line after the first is indented from column `col`. */
class Layout {
  private readonly seen = new Set<object>()
  constructor(private readonly indentSeq: boolean) {}

  private enter(v: object): void {
    // yaml writes an object met twice as an anchor and an alias
    if (this.seen.has(v)) throw new Unsupported('an object met twice')
    this.seen.add(v)
  }

  /** The map's pairs, the first one where the cursor is. */
  map(m: JsonMap, col: number): string {
    this.enter(m)
    let out = ''
    for (const k of Object.keys(m)) {
      const v = m[k]
      if (v === undefined) continue
      out += (out ? pad(col) : '') + key(k) + ':' + this.after(v, col)
    }
    return out
  }

  /** The sequence's items, the first one where the cursor is. */
  seq(a: unknown[], col: number): string {
    this.enter(a)
    let out = ''
    for (let i = 0; i < a.length; i++) out += (i ? pad(col) : '') + '- ' + this.item(a[i], col)
    return out
  }

  /** A map value after its key and colon (key at `col`). */
  after(v: unknown, col: number): string {
    if (!isBlock(v)) return ' ' + this.scalar(v, false, col)
    if (Array.isArray(v)) {
      const c = this.indentSeq ? col + 2 : col
      return pad(c) + this.seq(v, c)
    }
    return pad(col + 2) + this.map(v, col + 2)
  }

  /** A sequence item after its `- ` (dash at `col`). */
  item(v: unknown, col: number): string {
    if (!isBlock(v)) return this.scalar(v, true, col)
    return Array.isArray(v) ? this.seq(v, col + 2) : this.map(v, col + 2)
  }

  private scalar(v: unknown, item: boolean, col: number): string {
    if (v === undefined || typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol')
      throw new Unsupported(typeof v)
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isMap(v)) throw new Unsupported('object')
    const s = scalar(v, item)
    return col === 0 ? s : indent(s, col)
  }
}

/** Indents every non-empty line after the first by `col` (yaml leaves blank lines of block scalars empty). */
export function indent(text: string, col: number): string {
  if (col === 0 || !text.includes('\n')) return text
  const pad = ' '.repeat(col)
  return text.replace(/\n(?=[^\n])/g, '\n' + pad)
}

/** Whether `blockValue`/`blockItem` lay out `v` (a non-empty map or sequence); other values are yaml's to print. */
export const isBlockValue = isBlock

/**
 * `v` as a block map value, starting right after `key:` (the key at column `col`): `\n  a: 1\n  b: 2`.
 * Throws {@link Unsupported}.
 */
export function blockValue(v: unknown, indentSeq: boolean, col = 0): string {
  return new Layout(indentSeq).after(v, col)
}

/**
 * `v` as a block sequence item, starting right after `- ` (the dash at column `col`). Throws
 * {@link Unsupported}.
 */
export function blockItem(v: unknown, indentSeq: boolean, col = 0): string {
  return new Layout(indentSeq).item(v, col)
}
