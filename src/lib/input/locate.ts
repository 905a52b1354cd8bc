// Field lines of a document read by the fast path, found by reading its text line by line instead of
// parsing it again with positions. Only block-style YAML is followed (keys, `- ` items, and flow
// collections that open and close on one line); anything else answers undefined and the caller parses
// the document with `yaml`. Which fields exist is taken from the parsed object, so the text is only
// searched for where a field is, never for whether it is there.
import type {FieldPath} from './documents.js'

/** Where a node's content starts: line index and column; `flow` when it is a one-line flow collection. */
interface Cursor {
  line: number
  col: number
  flow?: boolean
}

/** The index of the first character that is not a space, from `from` on. */
const skipSpaces = (s: string, from = 0): number => {
  let i = from
  while (s.charCodeAt(i) === 32) i++
  return i
}

/** Whether a `- ` list item starts at `s[col]`. */
const isDash = (s: string, col: number): boolean =>
  s[col] === '-' && (col + 1 === s.length || /\s/.test(s[col + 1]))

const COLON = /:(?:[ \t]|$)/g

/** Blank or comment only, from `col` on. */
function isEmpty(s: string, col = 0): boolean {
  for (let i = col; i < s.length; i++) {
    const c = s[i]
    if (c === '#') return true
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') return false
  }
  return true
}

/** The end (exclusive) of a flow collection opening at `s[i]`, if it closes on this line; else -1. */
function flowEnd(s: string, i: number): number {
  let depth = 0
  let nodeStart = true // a quote opens a string only where a node starts, else it is part of a plain scalar
  for (; i < s.length; i++) {
    const c = s[i]
    const starts = nodeStart
    if (c !== ' ' && c !== '\t') nodeStart = c === '[' || c === '{' || c === ',' || c === ':'
    if (c === '[' || c === '{') depth++
    else if (c === ']' || c === '}') {
      if (--depth === 0) return i + 1
    } else if (!starts) continue
    else if (c === '"') {
      const close = s.indexOf('"', i + 1)
      if (close < 0 || s.slice(i + 1, close).includes('\\')) return -1
      i = close
    } else if (c === "'") {
      i = s.indexOf("'", i + 1)
      if (i < 0) return -1 // '' escapes read as two strings: the same extent
    } else if (c === '#' && /\s/.test(s[i - 1])) return -1
  }
  return -1
}

/** A plain or simply quoted key at `s[col]` and the index after its `:`, or undefined. */
function keyAt(s: string, col: number): {key: string; after: number} | undefined {
  const q = s[col]
  let key: string
  let rest: number
  if (q === '"' || q === "'") {
    const close = s.indexOf(q, col + 1)
    if (close < 0 || s.slice(col + 1, close).includes('\\') || s[close + 1] === q) return undefined
    key = s.slice(col + 1, close)
    rest = close + 1
    while (s[rest] === ' ' || s[rest] === '\t') rest++
    if (s[rest] !== ':') return undefined
  } else {
    COLON.lastIndex = col
    const m = COLON.exec(s)
    if (!m) return undefined
    key = s.slice(col, m.index).trimEnd()
    // a key the schema would read as something else (`1.0`, `True`, `0x1`) or with YAML syntax in it
    if (/[#[\]{}&*!|>%@`"']/.test(key[0] ?? '#') || / #/.test(key)) return undefined
    if (/^(?:[-+]?[0-9.]|\.|~$|null$|true$|false$)/i.test(key) && String(Number(key)) !== key)
      return undefined
    rest = m.index
  }
  return {key, after: rest + 1}
}

/**
 * Returns a function giving the line of a field of the document whose text is `lines` (line 0 is source
 * line `firstLine`) and whose parsed value is `root`, starting at `rootLine`; undefined when the text is
 * not plain enough to be sure.
 */
export function blockLocator(
  lines: readonly string[],
  firstLine: number,
  rootLine: number,
  root: unknown,
): (path: FieldPath) => number | undefined {
  /** The next line at or after `i` with content; -1 at the end. */
  const nextContent = (i: number): number => {
    while (i < lines.length && isEmpty(lines[i])) i++
    return i < lines.length ? i : -1
  }

  /** Where the value that starts at column `col` of line `i` (after `- ` or `key:`) has its content. */
  const valueAt = (i: number, col: number, value: unknown, parentCol: number): Cursor | undefined => {
    const s = lines[i]
    if (!isEmpty(s, col)) {
      const at = skipSpaces(s, col)
      if (s[at] === '[' || s[at] === '{') {
        const end = flowEnd(s, at)
        return end > 0 && isEmpty(s, end) ? {line: i, col: at, flow: true} : undefined
      }
      return {line: i, col: at}
    }
    const j = nextContent(i + 1)
    if (j < 0) return undefined
    const ind = skipSpaces(lines[j])
    // a list may sit at its key's indentation (`key:\n- a`)
    if (ind > parentCol || (ind === parentCol && Array.isArray(value) && isDash(lines[j], ind)))
      return valueAt(j, ind, value, parentCol)
    return undefined
  }

  /** The line index of entry `seg` of the collection at `c` and where its value starts. */
  const entry = (
    c: Cursor,
    seg: string | number,
    value: unknown,
  ): {at: number; next?: Cursor} | undefined => {
    const list = Array.isArray(value)
    let n = 0
    for (let i = c.line; i < lines.length; i++) {
      const s = lines[i]
      if (isEmpty(s)) continue
      const col = i === c.line ? c.col : skipSpaces(s)
      if (col < c.col) return undefined
      if (col > c.col) continue
      const dash = isDash(s, col)
      if (!list && dash) continue // a list at its key's indentation (`key:\n- a`)
      if (list && !dash) return undefined
      const child = list ? (value as unknown[])[n] : (value as Record<string, unknown>)[seg]
      if (list) {
        if (n++ !== seg) continue
        const next = valueAt(i, col + 1, child, col)
        return next && {at: next.line, next}
      }
      const k = keyAt(s, col)
      if (!k) return undefined
      if (k.key === String(seg)) return {at: i, next: valueAt(i, k.after, child, col)}
    }
    return undefined
  }

  return (path) => {
    let value = root
    let c = valueAt(rootLine - firstLine, 0, root, -1)
    let line = rootLine
    for (const seg of path) {
      // the field's existence comes from the parsed value, as `yaml`'s node lookup would find it
      const exists = Array.isArray(value)
        ? typeof seg === 'number' && seg < value.length
        : value !== null && typeof value === 'object' && Object.hasOwn(value, String(seg))
      if (!exists) break
      if (!c) return undefined // a value whose text was not followed
      if (c.flow) return firstLine + c.line // everything in a one-line flow collection is on its line
      const e = entry(c, seg, value)
      if (!e) return undefined
      line = firstLine + e.at
      c = e.next
      value = (value as Record<string | number, unknown>)[seg]
    }
    return line
  }
}
