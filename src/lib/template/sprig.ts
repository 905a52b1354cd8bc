/**
 * Sprig v3.3.0 template functions (the TxtFuncMap Helm and istiod use), written against Sprig's documented
 * behaviour and checked case by case against the real library by the Go oracle.
 * Not provided: crypto/cert generation, bcrypt/htpasswd, AES, date arithmetic beyond now/date basics.
 */
import {createHash, randomBytes, randomUUID} from 'node:crypto'
import path from 'node:path'
import {def} from './builtins.js'
import {FuncError} from './errors.js'
import type {FuncMap} from './exec.js'
import {formatValue, quoteGo, sprintf} from './fmt.js'
import {semverCompare, semverParse} from './semver.js'
import {
  GoStruct,
  type GoMap,
  compareStrings,
  goTypeName,
  isGoMap,
  parseHexFloat,
  sortedKeys,
  typedSlice,
  Int64,
} from './values.js'

const fail = (msg: string): never => {
  throw new FuncError(msg)
}

// ---- conversions (spf13/cast semantics) ----

/** Sprig's strval: strings as-is, Stringers via String(), everything else via %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8')
  if (v === undefined || v === null) return '<nil>'
  return formatValue(v)
}

function trimZeroDecimal(s: string): string {
  let foundZero = false
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1]
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1)
    } else if (c === '0') foundZero = true
    else return s
  }
  return s
}

/** strconv.ParseInt(s, 0, 64). */
function parseGoInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s)
  if (!m) return undefined
  let body = m[2].replace(/_/g, '')
  if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1)
  const v = BigInt(body) * (m[1] === '-' ? -1n : 1n)
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined
}

/** cast.ToInt64: numbers truncate, strings parse (base prefixes allowed), bools are 0/1, others 0. */
export function toInt64(v: unknown): bigint {
  if (v instanceof Int64) return v.v
  switch (typeof v) {
    case 'bigint':
      return BigInt.asIntN(64, v)
    case 'number':
      return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : -(2n ** 63n)
    case 'boolean':
      return v ? 1n : 0n
    case 'string':
      return parseGoInt(trimZeroDecimal(v)) ?? 0n
  }
  return 0n
}

/** cast.ToFloat64. */
export function toFloat64(v: unknown): number {
  if (v instanceof Int64) return Number(v.v)
  switch (typeof v) {
    case 'bigint':
      return Number(v)
    case 'number':
      return v
    case 'boolean':
      return v ? 1 : 0
    case 'string': {
      const t = v.replace(/_/g, '')
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity)$|^nan$/i.test(t)) {
        const n = Number(t.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity').replace(/^nan$/i, 'NaN'))
        return n
      }
      return parseHexFloat(t) ?? 0
    }
  }
  return 0
}

/** strings.ToUpper/ToLower: per code point, never expanding one letter into several (ß stays ß). */
export function goCase(s: string, upper: boolean): string {
  let out = ''
  for (const c of s) {
    const m = upper ? c.toUpperCase() : c.toLowerCase()
    out += [...m].length === 1 ? m : c === '\u0130' ? 'i' : c
  }
  return out
}

/** Sprig's `empty`: zero values, empty collections, nil. Structs are never empty. */
export function empty(v: unknown): boolean {
  switch (typeof v) {
    case 'undefined':
      return true
    case 'string':
      return v.length === 0
    case 'boolean':
      return !v
    case 'bigint':
      return v === 0n
    case 'number':
      return v === 0
    case 'function':
      return false
  }
  if (v === null) return true
  if (v instanceof Int64) return v.v === 0n
  if (Array.isArray(v)) return v.length === 0
  if (v instanceof Uint8Array) return v.length === 0
  if (v instanceof GoStruct) return v.goLen() === 0
  if (isGoMap(v)) {
    for (const _ in v) return false
    return true
  }
  return false
}

/** reflect.Kind names as Sprig's kindOf reports them. */
export function kindOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string'
    case 'bigint':
      return 'int'
    case 'number':
      return 'float64'
    case 'boolean':
      return 'bool'
    case 'function':
      return 'func'
  }
  if (v === null || v === undefined) return 'invalid'
  if (v instanceof Int64) return 'int64'
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice'
  if (v instanceof GoStruct) {
    if (v.goSlice()) return 'slice'
    return v.goEntries() ? 'map' : v.goType.startsWith('*') ? 'ptr' : 'struct'
  }
  return 'map'
}

/** reflect.DeepEqual over our value model. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a instanceof Int64 || b instanceof Int64) return a instanceof Int64 && b instanceof Int64 && a.v === b.v
  if (typeof a !== typeof b) return false
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b as number) ? false : a === b
  return false
}

/** copystructure.Copy: deep copy of maps and slices. */
export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy)
  if (isGoMap(v)) {
    const out: GoMap = {}
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k])
    return out
  }
  return v
}

const strs = (a: string[]): string[] => typedSlice(a, '[]string')
/** Sprig's integer arithmetic returns Go int64 values. */
const i64 = (n: bigint): Int64 => new Int64(BigInt.asIntN(64, n))
function extreme(a: unknown, rest: unknown[], better: (x: bigint, y: bigint) => boolean): bigint {
  return rest.map((x) => toInt64(x)).reduce((x, y) => (better(x, y) ? y : x), toInt64(a))
}

/** copystructure panics on an untyped nil (reflect on a zero Value), and Sprig passes that on. */
function nonNil(v: unknown): unknown {
  if (v === null || v === undefined) fail('reflect: call of reflect.Value.Type on zero Value')
  return v
}

/** strslice: a list of strings from a slice (nils dropped) or a single value. */
function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval)
  if (v === null || v === undefined) return []
  return [strval(v)]
}

const listKind = (v: unknown): string => {
  if (v === null || v === undefined) fail('runtime error: invalid memory address or nil pointer dereference')
  return kindOf(v)
}
function asList(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v
  if (v instanceof Uint8Array) return Array.from(v, (x) => BigInt(x))
  if (v instanceof GoStruct && v.goSlice()) return v.goSlice()!
  return fail(`${what} ${listKind(v)}`)
}

// ---- dicts ----

/** mergo.Merge / MergeWithOverwrite of map[string]interface{} values, mutating and returning dst. */
export function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  for (const key of Object.keys(src)) {
    const s = src[key]
    const has = Object.hasOwn(dst, key)
    const d = has ? dst[key] : undefined
    if (s === null || s === undefined) {
      if (overwrite) dst[key] = null
      continue
    }
    if (isGoMap(s) && isGoMap(d)) mergeMaps(d, s, overwrite)
    if (has && !empty(d)) {
      if (Array.isArray(s)) {
        if (overwrite) dst[key] = s
        continue
      }
      if (isGoMap(s) && isGoMap(d)) continue
    }
    if (overwrite || !has || empty(d)) dst[key] = s
  }
  return dst
}

function dict(...kv: unknown[]): GoMap {
  const out: GoMap = {}
  for (let i = 0; i < kv.length; i += 2) out[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : ''
  return out
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) fail('dig needs at least three arguments')
  let m = ps[ps.length - 1]
  const d = ps[ps.length - 2]
  const keys = ps.slice(0, -2)
  for (let i = 0; i < keys.length; i++) {
    if (!isGoMap(m))
      return fail(
        `interface conversion: interface {} is ${m === null ? 'nil' : goTypeName(m)}, not map[string]interface {}`,
      )
    const k = keys[i]
    if (typeof k !== 'string')
      return fail(`interface conversion: interface {} is ${goTypeName(k)}, not string`)
    if (!Object.hasOwn(m, k)) return d
    m = m[k]
  }
  return m
}

// ---- regex (Go RE2 syntax mapped onto JavaScript RegExp) ----

/**
 * Compiles a Go regexp for JavaScript: leading (?i) style flags, and the source as {@link goRegexSource}
 * translates it. Not cached: charts call the regex functions a few times per render, and a cache kept for
 * the process would let a test see only the first translation of a pattern.
 */
export function goRegex(re: string): RegExp {
  let flags = 'gu'
  let src = re
  const m = /^\(\?([imsU]+)\)/.exec(src)
  if (m) {
    src = src.slice(m[0].length)
    if (m[1].includes('i')) flags += 'i'
    if (m[1].includes('m')) flags += 'm'
    if (m[1].includes('s')) flags += 's'
  }
  const go = goRegexSource(src)
  if (go.err !== undefined) return fail(`error parsing regexp: ${go.err}`)
  try {
    return new RegExp(go.src, flags)
  } catch (e) {
    return fail(`error parsing regexp: ${goRegexError(re, (e as Error).message)}`)
  }
}

const hexCp = (cp: number): string => `\\u{${cp.toString(16)}}`

/** Go's `\\x41` / `\\x{1F600}`; an error names what Go read of it. */
function hexEscape(src: string, i: number): {js: string; end: number} | {err: string} {
  let j = i + 2
  const bad = (): {err: string} => ({err: `invalid escape sequence: \`${src.slice(i, j)}\``})
  const unhex = (ch: string | undefined): number =>
    ch !== undefined && /[0-9A-Fa-f]/.test(ch) ? parseInt(ch, 16) : -1
  if (j >= src.length) return bad()
  if (src[j] === '{') {
    j++
    let r = 0
    let digits = 0
    for (;;) {
      if (j >= src.length) return bad()
      const ch = src[j++]
      if (ch === '}') break
      const v = unhex(ch)
      if (v < 0) return bad()
      r = r * 16 + v
      if (r > 0x10ffff) return bad()
      digits++
    }
    return digits === 0 ? bad() : {js: hexCp(r), end: j}
  }
  const x = unhex(src[j++])
  const y = unhex(src[j++])
  if (j > src.length || x < 0 || y < 0) {
    j = Math.min(j, src.length)
    return bad()
  }
  return {js: hexCp(x * 16 + y), end: j}
}

/** Go's `\\pL`, `\\p{Greek}`, `\\p{^Lu}`: JavaScript wants braces, and `Script=` before a script's name. */
function unicodeClass(src: string, i: number): {js: string; end: number} | {err: string} {
  const neg = src[i + 1] === 'P'
  let name: string
  let end: number
  if (src[i + 2] === '{') {
    const close = src.indexOf('}', i + 3)
    if (close < 0) return {err: `invalid character class range: \`${src.slice(i)}\``}
    name = src.slice(i + 3, close)
    end = close + 1
  } else {
    if (i + 2 >= src.length) return {err: `invalid character class range: \`${src.slice(i)}\``}
    name = String.fromCodePoint(src.codePointAt(i + 2)!)
    end = i + 2 + name.length
  }
  const negated = name.startsWith('^') !== neg
  if (name.startsWith('^')) name = name.slice(1)
  const js =
    /^[A-Z][a-z]?$/.test(name) || name === 'Any'
      ? name
      : /^[A-Z][A-Za-z_]+$/.test(name)
        ? `Script=${name}`
        : ''
  const bad = {err: `invalid character class range: \`${src.slice(i, end)}\``}
  if (!js) return bad
  try {
    new RegExp(`\\p{${js}}`, 'u')
  } catch {
    return bad // a name neither Go nor JavaScript knows
  }
  return {js: `\\${negated ? 'P' : 'p'}{${js}}`, end}
}

/**
 * One backslash escape of a Go regexp at `i`, as JavaScript (`u` flag) source: Go's octal (`\\12`), `\\a`,
 * `\\x{...}`, one-letter classes (`\\pL`), `\\A`, `\\z`, `\\Q...\\E` and escaped punctuation, which the `u`
 * flag refuses for most characters; an escape Go does not know is Go's error.
 */
function goEscape(
  src: string,
  i: number,
  inClass: boolean,
): {js: string; end: number; err?: undefined} | {err: string} {
  const n = src[i + 1]
  if (n === undefined) return {err: 'trailing backslash at end of expression: ``'}
  const bad = {err: `invalid escape sequence: \`\\${n}\``}
  if (n >= '0' && n <= '7' && (n === '0' || /[0-7]/.test(src[i + 2] ?? ''))) {
    const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1))![0]
    return {js: hexCp(parseInt(oct, 8)), end: i + 1 + oct.length}
  }
  if (!/[0-9A-Za-z]/.test(n)) {
    // Go takes any escaped ASCII punctuation as itself, and no other character
    if (n.charCodeAt(0) >= 0x80)
      return {err: `invalid escape sequence: \`\\${String.fromCodePoint(src.codePointAt(i + 1)!)}\``}
    return {js: hexCp(n.charCodeAt(0)), end: i + 2}
  }
  switch (n) {
    case 'a':
      return {js: '\\x07', end: i + 2}
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case 'd':
    case 'D':
    case 's':
    case 'S':
    case 'w':
    case 'W':
      return {js: '\\' + n, end: i + 2}
    case 'x':
      return hexEscape(src, i)
    case 'p':
    case 'P':
      return unicodeClass(src, i)
  }
  if (!inClass) {
    if (n === 'b' || n === 'B') return {js: '\\' + n, end: i + 2}
    if (n === 'A') return {js: '(?<![\\s\\S])', end: i + 2}
    if (n === 'z') return {js: '$(?![\\s\\S])', end: i + 2}
    if (n === 'Q') {
      const stop = src.indexOf('\\E', i + 2)
      const lit = src.slice(i + 2, stop < 0 ? src.length : stop)
      const js = Array.from(lit, (ch) =>
        /[0-9A-Za-z]/.test(ch) || ch.codePointAt(0)! >= 0x80 ? ch : hexCp(ch.codePointAt(0)!),
      )
      // a repetition after \Q...\E repeats its last character only
      const body = js.length > 1 ? `(?:${js.slice(0, -1).join('')})${js[js.length - 1]}` : js.join('')
      return {js: body, end: stop < 0 ? src.length : stop + 2}
    }
  }
  return bad
}

/**
 * A group's `(?` prefix at `i`: a name (`(?P<n>` or `(?<n>`; JavaScript refuses a name twice, and Go's
 * `${n}` means the first group so named, so a repeated name becomes a plain group) or flags (`(?i:`, `(?s)`).
 */
function groupPrefix(
  src: string,
  i: number,
  names: Set<string>,
): {js: string; end: number; err?: undefined} | {err: string} {
  const named = /^\(\?P?<([^>]*)>?/.exec(src.slice(i))
  if (named) {
    const name = named[1]
    if (!named[0].endsWith('>') || !/^[A-Za-z0-9_]+$/.test(name))
      return {err: `invalid named capture: \`${named[0]}\``}
    const js = names.has(name) ? '(' : `(?<${name}>`
    names.add(name)
    return {js, end: i + named[0].length}
  }
  for (let j = i + 2; j < src.length; j++) {
    if (src[j] === ':' || src[j] === ')') return {js: src.slice(i, j + 1), end: j + 1}
    if (!'imsU-'.includes(src[j]))
      return {err: `invalid or unsupported Perl syntax: \`${src.slice(i, j + 1)}\``}
  }
  return {err: `invalid or unsupported Perl syntax: \`${src.slice(i)}\``}
}

/**
 * Go regexp/syntax source as a JavaScript (`u` flag) source, or Go's error for it. Go refuses what JavaScript
 * takes or words otherwise: a repetition count above 1000 or out of order (`{2,1}`), a repetition of a
 * repetition (`a**`; a lazy `*?` is one repetition) or of nothing (`*a`). Go reads a brace that is no count
 * and a `]` first in a class as literals, which the `u` flag refuses; escapes are {@link goEscape}'s.
 */
function goRegexSource(src: string): {src: string; err?: undefined} | {err: string} {
  let out = ''
  let inClass = false
  let canRepeat = false // an atom precedes
  let lastOp = -1 // where the repetition just before began, or -1
  const names = new Set<string>()
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    const prev = lastOp
    lastOp = -1
    if (c === '\\') {
      const e = goEscape(src, i, inClass)
      if (e.err !== undefined) return e
      out += e.js
      i = e.end - 1
      canRepeat = true
    } else if (inClass) {
      inClass = c !== ']'
      out += c
    } else if (c === '[') {
      inClass = true
      out += c
      if (src[i + 1] === '^') out += src[++i]
      if (src[i + 1] === ']') out += '\\' + src[++i]
      canRepeat = true
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const count = c === '{' ? /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i)) : null
      if (c === '{' && !count) {
        out += '\\{'
        canRepeat = true
        continue
      }
      let end = i + (count ? count[0].length : 1)
      if (count) {
        const min = Number(count[1])
        const max = count[2] ? (count[3] === '' ? -1 : Number(count[3])) : min
        if (min > 1000 || max > 1000 || (max >= 0 && max < min))
          return {err: `invalid repeat count: \`${count[0]}\``}
      }
      if (prev >= 0) return {err: `invalid nested repetition operator: \`${src.slice(prev, end)}\``}
      if (!canRepeat) return {err: `missing argument to repetition operator: \`${src.slice(i, end)}\``}
      if (src[end] === '?') end++
      out += src.slice(i, end)
      lastOp = i
      i = end - 1
    } else if (c === '}') {
      out += '\\}'
      canRepeat = true
    } else if (c === '(' && src[i + 1] === '?') {
      const g = groupPrefix(src, i, names)
      if (g.err !== undefined) return g
      out += g.js
      i = g.end - 1
      canRepeat = false
    } else if (c === '(' || c === '|') {
      out += c
      canRepeat = false
    } else {
      out += c
      canRepeat = true
    }
  }
  return {src: out}
}

/** Go's wording for the common regexp syntax errors. */
function goRegexError(re: string, jsMessage: string): string {
  if (/Unterminated character class/.test(jsMessage))
    return `missing closing ]: \`${re.slice(re.lastIndexOf('['))}\``
  if (/Unterminated group/.test(jsMessage)) return `missing closing ): \`${re}\``
  if (/Unmatched '\)'/.test(jsMessage)) return `unexpected ): \`${re}\``
  if (/Range out of order/.test(jsMessage)) {
    const range = [...re.matchAll(/([^\\[])-([^\]])/g)].find((m) => m[1] > m[2])
    if (range) return `invalid character class range: \`${range[1]}-${range[2]}\``
  }
  const rep = /Nothing to repeat/.test(jsMessage) ? /(^|[^\\])([*+?])/.exec(re) : null
  if (rep) return `missing argument to repetition operator: \`${rep[2]}\``
  return `invalid syntax: \`${re}\``
}

/** regexp.FindAll*Index: up to n matches (n < 0: all); an empty match right after a match is skipped. */
function goMatches(re: string, s: string, n: bigint): RegExpExecArray[] {
  const out: RegExpExecArray[] = []
  let prevEnd = -1
  for (const m of s.matchAll(goRegex(re))) {
    if (n >= 0n && BigInt(out.length) >= n) break
    if (m[0].length === 0 && m.index === prevEnd) continue
    out.push(m as RegExpExecArray)
    prevEnd = m.index + m[0].length
  }
  return out
}

function regexFindAll(re: string, s: string, n: bigint): string[] {
  return goMatches(re, s, n).map((m) => m[0])
}

/** regexp.ReplaceAllString: expands $1, ${1}, $name, ${name} and $$ in `repl` for each match. */
function regexReplaceAll(re: string, s: string, repl: string): string {
  return s.replace(goRegex(re), (...args: unknown[]) => {
    const last = args[args.length - 1]
    const named =
      typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {}
    const groups = args.slice(0, typeof last === 'object' && last !== null ? -3 : -2) as (
      string | undefined
    )[]
    return repl.replace(/\$(?:\$|\{(\w+)\}|(\w+))?/g, (all, braced?: string, bare?: string) => {
      if (all === '$$') return '$'
      const name = braced ?? bare
      if (name === undefined) return '$'
      if (/^\d+$/.test(name)) return groups[Number(name)] ?? ''
      return named[name] ?? ''
    })
  })
}

/**
 * encoding/json's syntax error for text JSON.parse refused, found the way Go's scanner walks the text. At
 * the end of the text Go's scanner reads one more space, so an unfinished literal, number or escape names ' '.
 */
function goJsonSyntaxError(s: string): string {
  let i = 0
  const at = (): string => (i < s.length ? String.fromCodePoint(s.codePointAt(i)!) : ' ')
  const bad = (context: string): string => {
    // Go names the byte it stopped at: the first UTF-8 byte of a character
    const b = Buffer.from(at())[0]
    const q = b === 0x27 ? "\\'" : b === 0x22 ? '"' : quoteGo(String.fromCharCode(b)).slice(1, -1)
    return `invalid character '${q}' ${context}`
  }
  const EOF = 'unexpected end of JSON input'
  const space = (): void => {
    while (i < s.length && ' \t\r\n'.includes(s[i])) i++
  }
  const digits = (): void => {
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++
  }
  const isDigit = (): boolean => i < s.length && s[i] >= '0' && s[i] <= '9'
  const number = (): string | undefined => {
    if (s[i] === '-') {
      i++
      if (!isDigit()) return bad('in numeric literal')
    }
    if (s[i] === '0') i++
    else digits()
    if (s[i] === '.') {
      i++
      if (!isDigit()) return bad('after decimal point in numeric literal')
      digits()
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++
      if (s[i] === '+' || s[i] === '-') i++
      if (!isDigit()) return bad('in exponent of numeric literal')
      digits()
    }
    return undefined
  }
  const string = (): string | undefined => {
    for (i++; ; i++) {
      if (i >= s.length) return EOF
      const c = s[i]
      if (c === '"') {
        i++
        return undefined
      }
      if (c < ' ') return bad('in string literal')
      if (c !== '\\') continue
      i++
      if (i < s.length && '"\\/bfnrt'.includes(s[i])) continue
      if (s[i] !== 'u') return bad('in string escape code')
      for (let k = 0; k < 4; k++) {
        i++
        if (!/[0-9A-Fa-f]/.test(at())) return bad('in \\u hexadecimal character escape')
      }
    }
  }
  const value = (): string | undefined => {
    space()
    if (i >= s.length) return EOF
    const c = s[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      space()
      if (s[i] === close) {
        i++
        return undefined
      }
      for (;;) {
        if (c === '{') {
          space()
          if (i >= s.length) return EOF
          if (s[i] !== '"') return bad('looking for beginning of object key string')
          const e = string()
          if (e) return e
          space()
          if (i >= s.length) return EOF
          if (s[i] !== ':') return bad('after object key')
          i++
        }
        const e = value()
        if (e) return e
        space()
        if (i >= s.length) return EOF
        if (s[i] === close) {
          i++
          return undefined
        }
        if (s[i] !== ',') return bad(c === '{' ? 'after object key:value pair' : 'after array element')
        i++
      }
    }
    if (c === '"') return string()
    if (c === '-' || (c >= '0' && c <= '9')) return number()
    for (const lit of ['true', 'false', 'null']) {
      if (c !== lit[0]) continue
      for (let k = 1; k < lit.length; k++) {
        i++
        if (at() !== lit[k]) return bad(`in literal ${lit} (expecting '${lit[k]}')`)
      }
      i++
      return undefined
    }
    return bad('looking for beginning of value')
  }
  const e = value()
  if (e) return e
  space()
  return i < s.length ? bad('after top-level value') : EOF
}

/** regexp.Split, step by step. */
function regexSplit(re: string, s: string, n: bigint): string[] {
  if (n === 0n) return []
  goRegex(re) // a bad pattern fails even when `s` is empty
  if (re.length > 0 && s.length === 0) return ['']
  const out: string[] = []
  let beg = 0
  let end = 0
  for (const m of goMatches(re, s, n)) {
    if (n > 0n && BigInt(out.length) === n - 1n) break
    end = m.index
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end))
    beg = m.index + m[0].length
  }
  if (end !== s.length) out.push(s.slice(beg))
  return out
}

function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

// ---- strings ----

function trunc(c: bigint, s: string): string {
  const b = Buffer.from(s, 'utf8')
  const n = Number(c)
  if (n < 0 && b.length + n > 0) return b.subarray(b.length + n).toString('utf8')
  if (n >= 0 && b.length > n) return b.subarray(0, n).toString('utf8')
  return s
}

function substr(start: bigint, end: bigint, s: string): string {
  const b = Buffer.from(s, 'utf8')
  const st = Number(start)
  const en = Number(end)
  if (st < 0) {
    if (en > b.length || en < 0)
      fail(`runtime error: slice bounds out of range [:${en}]${en < 0 ? '' : ` with length ${b.length}`}`)
    return b.subarray(0, en).toString('utf8')
  }
  if (en < 0 || en > b.length) {
    if (st > b.length) fail(`runtime error: slice bounds out of range [${st}:${b.length}]`)
    return b.subarray(st).toString('utf8')
  }
  if (st > en) fail(`runtime error: slice bounds out of range [${st}:${en}]`)
  return b.subarray(st, en).toString('utf8')
}

/** unicode.IsSpace */
const isGoSpace = (c: number): boolean =>
  (c >= 9 && c <= 13) ||
  c === 32 ||
  c === 0x85 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000
/** strings.TrimSpace */
export function trimSpace(s: string): string {
  let i = 0
  let j = s.length
  while (i < j && isGoSpace(s.charCodeAt(i))) i++
  while (j > i && isGoSpace(s.charCodeAt(j - 1))) j--
  return i === 0 && j === s.length ? s : s.slice(i, j)
}

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set([...cutset])
  const chars = [...s]
  let i = 0
  let j = chars.length
  if (left) while (i < j && set.has(chars[i])) i++
  if (right) while (j > i && set.has(chars[j - 1])) j--
  return chars.slice(i, j).join('')
}

/** strings.Title's isSeparator: ASCII other than [0-9A-Za-z_], else spaces (non-ASCII letters/digits/symbols are not). */
const isTitleSep = (c: string): boolean =>
  c.charCodeAt(0) <= 0x7f ? !/[0-9A-Za-z_]/.test(c) : !/[\p{L}\p{N}]/u.test(c) && isGoSpace(c.codePointAt(0)!)

/** unicode.ToTitle: the upper case, except the title-case digraphs (ǆ → ǅ); never several letters (ß stays). */
function toTitle(c: string): string {
  const cp = c.codePointAt(0)!
  for (const t of [0x1c5, 0x1c8, 0x1cb, 0x1f2]) if (cp >= t - 1 && cp <= t + 1) return String.fromCodePoint(t)
  return goCase(c, true)
}

/** strings.Title: upper-cases the first letter of each word. */
function title(s: string): string {
  let prev = ' '
  let out = ''
  for (const c of s) {
    out += isTitleSep(prev) ? toTitle(c) : c
    prev = c
  }
  return out
}

function indent(n: bigint, s: string): string {
  const pad = ' '.repeat(Number(n))
  return pad + s.replaceAll('\n', '\n' + pad)
}

function quote(...args: unknown[]): string {
  return args
    .filter((a) => a !== null && a !== undefined)
    .map((a) => quoteGo(strval(a)))
    .join(' ')
}

function squote(...args: unknown[]): string {
  return args
    .filter((a) => a !== null && a !== undefined)
    .map((a) => `'${formatValue(a)}'`)
    .join(' ')
}

function cat(...args: unknown[]): string {
  const vs = args.filter((a) => a !== null && a !== undefined)
  return sprintf(vs.map(() => '%v').join(' '), vs)
}

function splitToMap(parts: string[]): GoMap {
  const out: GoMap = {}
  parts.forEach((p, i) => (out['_' + i] = p))
  return out
}

function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return []
  if (n < 0) return s.split(sep)
  if (sep === '') {
    const chars = [...s]
    if (chars.length <= n) return chars
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')]
  }
  const out: string[] = []
  let rest = s
  while (out.length < n - 1) {
    const i = rest.indexOf(sep)
    if (i < 0) break
    out.push(rest.slice(0, i))
    rest = rest.slice(i + sep.length)
  }
  out.push(rest)
  return out
}

function wrap(width: number, s: string, sep = '\n', long = false): string {
  // goutils.WrapCustom: break lines at spaces so that each is at most `width` runes.
  if (width < 1) width = 1
  const out: string[] = []
  let str = s
  while ([...str].length > width) {
    if (str[0] === ' ') {
      str = str.slice(1)
      continue
    }
    const chars = [...str]
    const head = chars.slice(0, width + 1).join('')
    let sp = head.lastIndexOf(' ')
    if (sp >= 0) {
      out.push(str.slice(0, sp))
      str = str.slice(sp + 1)
    } else if (long) {
      out.push(chars.slice(0, width).join(''))
      str = chars.slice(width).join('')
    } else {
      sp = str.indexOf(' ', width)
      if (sp < 0) break
      out.push(str.slice(0, sp))
      str = str.slice(sp + 1)
    }
  }
  out.push(str)
  return out.join(sep)
}

function caseWords(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
}

// ---- numbers and lists ----

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const v: bigint[] = []
  if (stop < start) {
    if (step >= 0n) return v
    for (let i = start; i > stop; i += step) v.push(i)
    return v
  }
  if (step <= 0n) return v
  for (let i = start; i < stop; i += step) v.push(i)
  return v
}

function seq(...p: bigint[]): string {
  let v: bigint[]
  switch (p.length) {
    case 1: {
      const inc = p[0] < 1n ? -1n : 1n
      v = untilStep(1n, p[0] + inc, inc)
      break
    }
    case 2: {
      const step = p[1] < p[0] ? -1n : 1n
      v = untilStep(p[0], p[1] + step, step)
      break
    }
    case 3: {
      let inc = 1n
      if (p[2] < p[0]) {
        inc = -1n
        if (p[1] > 0n) return ''
      }
      v = untilStep(p[0], p[2] + inc, p[1])
      break
    }
    default:
      return ''
  }
  return v.join(' ')
}

function round(a: unknown, p: bigint, ...opt: unknown[]): number {
  const roundOn = opt.length > 0 ? (opt[0] as number) : 0.5
  const val = toFloat64(a)
  const pow = Math.pow(10, Number(p))
  const digit = pow * val
  const frac = digit - Math.trunc(digit)
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow
}

function decimalOp(a: unknown, rest: unknown[], op: (x: number, y: number) => number): number {
  // shopspring/decimal is exact; doing the arithmetic on scaled integers keeps common cases exact.
  return rest.reduce<number>((acc, x) => {
    const y = toFloat64(x)
    const scale = Math.pow(10, Math.max(decimals(acc), decimals(y)))
    const r = op(Math.round(acc * scale), Math.round(y * scale))
    return op === mulOp ? r / (scale * scale) : op === divOp ? r : r / scale
  }, toFloat64(a))
}
/** Digits after the point (1e-7 has 7), at most 15. */
const decimals = (n: number): number => {
  const [mant, exp = '0'] = String(n).split('e')
  const i = mant.indexOf('.')
  return Math.min(Math.max((i < 0 ? 0 : mant.length - i - 1) - Number(exp), 0), 15)
}
const addOp = (x: number, y: number): number => x + y
const subOp = (x: number, y: number): number => x - y
const mulOp = (x: number, y: number): number => x * y
const divOp = (x: number, y: number): number => x / y

function intDiv(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) fail('runtime error: integer divide by zero')
  return op === 'div' ? a / b : a % b
}

function uniq(list: unknown): unknown[] {
  const out: unknown[] = []
  for (const x of asList(list, 'Cannot find uniq on type')) if (!out.some((y) => deepEqual(x, y))) out.push(x)
  return out
}

function has(needle: unknown, haystack: unknown): boolean {
  if (haystack === null || haystack === undefined) return false
  return asList(haystack, 'Cannot find has on type').some((x) => deepEqual(needle, x))
}

function sliceList(list: unknown, ...idx: unknown[]): unknown {
  if (!Array.isArray(list)) {
    return fail(`list should be type of slice or array but ${listKind(list)}`)
  }
  if (list.length === 0) return null
  const start = idx.length > 0 ? Number(toInt64(idx[0])) : 0
  const end = idx.length < 2 ? list.length : Number(toInt64(idx[1]))
  if (start < 0 || end < start || end > list.length) fail('reflect.Value.Slice: slice index out of bounds')
  return list.slice(start, end)
}

function chunk(size: bigint, list: unknown): unknown[][] {
  const l = asList(list, 'Cannot chunk type')
  const n = Number(size)
  const out: unknown[][] = []
  for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n))
  return out
}

// ---- JSON (encoding/json) ----

/** json.Marshal: sorted map keys, HTML-safe escaping unless `escapeHTML` is false. */
export function toGoJson(v: unknown, escapeHTML = true, indent = ''): string {
  const str = (x: string): string => {
    let out = JSON.stringify(x).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
    if (escapeHTML) out = out.replace(/[<>&]/g, (c) => '\\u00' + c.charCodeAt(0).toString(16))
    return out
  }
  const enc = (x: unknown, cur: string): string => {
    switch (typeof x) {
      case 'string':
        return str(x)
      case 'bigint':
        return x.toString()
      case 'number':
        if (!Number.isFinite(x)) return fail(`json: unsupported value: ${formatValue(x)}`)
        return Object.is(x, -0) ? '-0' : String(x)
      case 'boolean':
        return String(x)
      case 'undefined':
        return 'null'
    }
    if (x === null) return 'null'
    if (x instanceof Int64) return x.v.toString()
    const inner = indent ? cur + indent : ''
    const nl = indent ? '\n' : ''
    const sep = indent ? ': ' : ':'
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]'
      return '[' + nl + x.map((e) => inner + enc(e, inner)).join(',' + nl) + nl + cur + ']'
    }
    if (x instanceof Uint8Array) return str(Buffer.from(x).toString('base64'))
    if (x instanceof GoStruct && x.goJson() !== undefined) return enc(x.goJson(), cur)
    const entries: [string, unknown][] =
      x instanceof GoStruct ? x.goFields() : isGoMap(x) ? sortedKeys(x).map((k) => [k, x[k]]) : []
    if (entries.length === 0) return '{}'
    return (
      '{' + nl + entries.map(([k, e]) => inner + str(k) + sep + enc(e, inner)).join(',' + nl) + nl + cur + '}'
    )
  }
  return enc(v, '')
}

/** encoding/json Unmarshal into interface{}: numbers become float64. */
/** json.Unmarshal into interface{}: throws Go's syntax error. */
export function fromGoJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    throw new FuncError(goJsonSyntaxError(s))
  }
}

// ---- paths, encodings, misc ----

function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i)
  return ''
}

function pathBase(p: string): string {
  if (p === '') return '.'
  p = p.replace(/\/+$/, '')
  if (p === '') return '/'
  return p.slice(p.lastIndexOf('/') + 1)
}

function pathDir(p: string): string {
  const i = p.lastIndexOf('/')
  return path.posix.normalize(p.slice(0, i + 1) || '.').replace(/(.)\/$/, '$1')
}

function pathClean(p: string): string {
  if (p === '') return '.'
  const n = path.posix.normalize(p)
  return n.length > 1 ? n.replace(/\/$/, '') : n
}

/** base64.StdEncoding.DecodeString, step by step: CR/LF are skipped, errors give Go's byte offset. */
function b64dec(text: string): string {
  const s = Buffer.from(text, 'utf8').toString('latin1') // one char per byte: offsets count bytes, as in Go
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const bad = (at: number): string => `illegal base64 data at input byte ${at}`
  const out: number[] = []
  const nl = (c: string | undefined): boolean => c === '\n' || c === '\r'
  let si = 0
  for (;;) {
    const q: number[] = []
    let end = false
    while (q.length < 4) {
      if (si === s.length) {
        if (q.length === 0) return Buffer.from(out).toString('utf8')
        return bad(si - q.length)
      }
      const c = s[si++]
      const v = B64.indexOf(c)
      if (v >= 0) {
        q.push(v)
        continue
      }
      if (nl(c)) continue
      if (c !== '=' || q.length < 2) return bad(si - 1)
      if (q.length === 2) {
        while (si < s.length && nl(s[si])) si++
        if (si === s.length) return bad(s.length)
        if (s[si] !== '=') return bad(si - 1)
        si++
      }
      while (si < s.length && nl(s[si])) si++
      if (si < s.length) return bad(si)
      end = true
      break
    }
    const n = (q[0] << 18) | (q[1] << 12) | ((q[2] ?? 0) << 6) | (q[3] ?? 0)
    out.push(...[(n >> 16) & 255, (n >> 8) & 255, n & 255].slice(0, q.length - 1))
    if (end) return Buffer.from(out).toString('utf8')
  }
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8')
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31]
  while (out.length % 8 !== 0) out += '='
  return out
}
/** base32.StdEncoding.DecodeString, step by step (newlines stripped first), with Go's error offsets. */
function b32dec(text: string): string {
  const src = Buffer.from(text.replace(/[\r\n]/g, ''), 'utf8').toString('latin1')
  const olen = src.length
  const bad = (at: number): string => `illegal base32 data at input byte ${at}`
  const out: number[] = []
  let p = 0
  let end = false
  while (p < olen && !end) {
    const q: number[] = []
    while (q.length < 8) {
      const rest = olen - p
      if (rest === 0) return bad(olen - q.length)
      const c = src[p++]
      const j = q.length
      if (c === '=' && j >= 2 && rest - 1 < 8) {
        if (rest - 1 + j < 7) return bad(olen)
        for (let k = 0; k < 7 - j; k++) if (p + k < olen && src[p + k] !== '=') return bad(p + k - 1)
        if (j === 1 || j === 3 || j === 6) return bad(p - 1)
        end = true
        break
      }
      const v = B32.indexOf(c)
      if (v < 0) return bad(p - 1)
      q.push(v)
    }
    let bits = 0n
    for (let i = 0; i < 8; i++) bits = (bits << 5n) | BigInt(q[i] ?? 0)
    const bytes = Array.from({length: 5}, (_, i) => Number((bits >> BigInt(32 - 8 * i)) & 255n))
    out.push(...bytes.slice(0, Math.floor((q.length * 5) / 8)))
  }
  return Buffer.from(out).toString('utf8')
}

function adler32(s: string): string {
  let a = 1
  let b = 0
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return String(((b << 16) | a) >>> 0)
}

const hash = (algo: string) => (s: string) => createHash(algo).update(s, 'utf8').digest('hex')

function randString(n: bigint, alphabet: string): string {
  const bytes = randomBytes(Number(n))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const DIGITS = '0123456789'

function orEmpty(f: () => string): string {
  try {
    return f()
  } catch (e) {
    if (e instanceof FuncError) return ''
    throw e
  }
}

function typeOf(v: unknown): string {
  return v === null || v === undefined ? '<nil>' : goTypeName(v)
}

function listFirst(l: unknown, what: string, pick: (a: unknown[]) => unknown): unknown {
  const list = asList(l, `Cannot find ${what} on type`)
  return list.length === 0 ? null : pick(list)
}

/** Sprig's TxtFuncMap (minus what is listed as not provided in this file's header). */
export function sprigFuncs(): FuncMap {
  const f: FuncMap = {
    // strings
    trim: def(['string'], trimSpace),
    upper: def(['string'], (s: string) => goCase(s, true)),
    lower: def(['string'], (s: string) => goCase(s, false)),
    title: def(['string'], title),
    untitle: def(['string'], (s: string) => (s === '' ? s : s[0].toLowerCase() + s.slice(1))),
    substr: def(['int', 'int', 'string'], substr),
    repeat: def(['int', 'string'], (n: bigint, s: string) => {
      if (n < 0n) fail('strings: negative Repeat count')
      return s.repeat(Number(n))
    }),
    trimAll: def(['string', 'string'], (a: string, b: string) => trimCutset(b, a, true, true)),
    trimall: def(['string', 'string'], (a: string, b: string) => trimCutset(b, a, true, true)),
    trimSuffix: def(['string', 'string'], (a: string, b: string) =>
      a !== '' && b.endsWith(a) ? b.slice(0, -a.length) : b,
    ),
    trimPrefix: def(['string', 'string'], (a: string, b: string) =>
      b.startsWith(a) ? b.slice(a.length) : b,
    ),
    // goutils.DeleteWhiteSpace walks bytes, not runes: each UTF-8 byte is taken as a Latin-1 rune (so é
    // becomes Ã©, and a 0x85 or 0xA0 continuation byte is dropped as space)
    nospace: def(['string'], (s: string) =>
      Array.from(Buffer.from(s, 'utf8'), (b) => (isGoSpace(b) ? '' : String.fromCharCode(b))).join(''),
    ),
    trunc: def(['int', 'string'], trunc),
    abbrev: def(['int', 'string'], (w: bigint, s: string) => {
      const n = Number(w)
      if (n < 4 || [...s].length <= n) return s
      return [...s].slice(0, n - 3).join('') + '...'
    }),
    initials: def(['string'], (s: string) =>
      s
        .split(/\s+/)
        .filter((w) => w !== '')
        .map((w) => [...w][0])
        .join(''),
    ),
    contains: def(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
    hasPrefix: def(['string', 'string'], (p: string, s: string) => s.startsWith(p)),
    hasSuffix: def(['string', 'string'], (p: string, s: string) => s.endsWith(p)),
    quote: def([], quote, 'any'),
    squote: def([], squote, 'any'),
    cat: def([], cat, 'any'),
    indent: def(['int', 'string'], indent),
    nindent: def(['int', 'string'], (n: bigint, s: string) => '\n' + indent(n, s)),
    replace: def(['string', 'string', 'string'], (o: string, n: string, s: string) => s.replaceAll(o, n)),
    plural: def(['string', 'string', 'int'], (one: string, many: string, n: bigint) =>
      n === 1n ? one : many,
    ),
    sha1sum: def(['string'], hash('sha1')),
    sha256sum: def(['string'], hash('sha256')),
    sha512sum: def(['string'], hash('sha512')),
    adler32sum: def(['string'], adler32),
    toString: def(['any'], strval),
    // strconv.Atoi: decimal only; out of range gives the clamped value (Sprig ignores the error)
    atoi: def(['string'], (s: string) => {
      if (!/^[+-]?\d+$/.test(s)) return 0n
      const v = BigInt(s)
      return v < -(2n ** 63n) ? -(2n ** 63n) : v >= 2n ** 63n ? 2n ** 63n - 1n : v
    }),
    int64: def(['any'], (v: unknown) => i64(toInt64(v))),
    int: def(['any'], toInt64),
    float64: def(['any'], toFloat64),
    seq: def([], seq, 'int'),
    toDecimal: def(['any'], (v: unknown) => {
      const s = formatValue(v)
      return i64(
        /^[+-]?[0-7]+$/.test(s) ? BigInt('0o' + s.replace(/^[+-]/, '')) * (s[0] === '-' ? -1n : 1n) : 0n,
      )
    }),
    split: def(['string', 'string'], (sep: string, s: string) => splitToMap(s.split(sep))),
    splitList: def(['string', 'string'], (sep: string, s: string) =>
      strs(sep === '' ? [...s] : s.split(sep)),
    ),
    splitn: def(['string', 'int', 'string'], (sep: string, n: bigint, s: string) =>
      splitToMap(splitN(s, sep, Number(n))),
    ),
    toStrings: def(['any'], (v: unknown) => strs(strslice(v))),
    until: def(['int'], (n: bigint) => typedSlice(untilStep(0n, n, n < 0n ? -1n : 1n), '[]int')),
    untilStep: def(['int', 'int', 'int'], (a: bigint, b: bigint, c: bigint) =>
      typedSlice(untilStep(a, b, c), '[]int'),
    ),
    // math
    add1: def(['any'], (a: unknown) => i64(toInt64(a) + 1n)),
    add: def([], (...a: unknown[]) => i64(a.reduce<bigint>((t, x) => t + toInt64(x), 0n)), 'any'),
    sub: def(['any', 'any'], (a: unknown, b: unknown) => i64(toInt64(a) - toInt64(b))),
    div: def(['any', 'any'], (a: unknown, b: unknown) => i64(intDiv(toInt64(a), toInt64(b), 'div'))),
    mod: def(['any', 'any'], (a: unknown, b: unknown) => i64(intDiv(toInt64(a), toInt64(b), 'mod'))),
    mul: def(
      ['any'],
      (a: unknown, ...r: unknown[]) => i64(r.reduce<bigint>((t, x) => t * toInt64(x), toInt64(a))),
      'any',
    ),
    randInt: def(
      ['int', 'int'],
      (min: bigint, max: bigint) => min + BigInt(Math.floor(Math.random() * Number(max - min))),
    ),
    add1f: def(['any'], (a: unknown) => decimalOp(a, [1], addOp)),
    addf: def([], (...a: unknown[]) => decimalOp(0, a, addOp), 'any'),
    subf: def(['any'], (a: unknown, ...r: unknown[]) => decimalOp(a, r, subOp), 'any'),
    divf: def(['any'], (a: unknown, ...r: unknown[]) => decimalOp(a, r, divOp), 'any'),
    mulf: def(['any'], (a: unknown, ...r: unknown[]) => decimalOp(a, r, mulOp), 'any'),
    max: def(['any'], (a: unknown, ...r: unknown[]) => i64(extreme(a, r, (x, y) => y > x)), 'any'),
    biggest: def(['any'], (a: unknown, ...r: unknown[]) => i64(extreme(a, r, (x, y) => y > x)), 'any'),
    min: def(['any'], (a: unknown, ...r: unknown[]) => i64(extreme(a, r, (x, y) => y < x)), 'any'),
    maxf: def(
      ['any'],
      (a: unknown, ...r: unknown[]) => r.map(toFloat64).reduce((x, y) => Math.max(x, y), toFloat64(a)),
      'any',
    ),
    minf: def(
      ['any'],
      (a: unknown, ...r: unknown[]) => r.map(toFloat64).reduce((x, y) => Math.min(x, y), toFloat64(a)),
      'any',
    ),
    ceil: def(['any'], (a: unknown) => Math.ceil(toFloat64(a))),
    floor: def(['any'], (a: unknown) => Math.floor(toFloat64(a))),
    round: def(['any', 'int'], round, 'float64'),
    // lists and joins
    join: def(['string', 'any'], (sep: string, v: unknown) => strslice(v).join(sep)),
    sortAlpha: def(['any'], (v: unknown) =>
      strs(Array.isArray(v) ? strslice(v).sort(compareStrings) : [strval(v)]),
    ),
    // defaults and flow
    default: def(
      ['any'],
      (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]),
      'any',
    ),
    empty: def(['any'], empty),
    coalesce: def([], (...v: unknown[]) => v.find((x) => !empty(x)) ?? null, 'any'),
    all: def([], (...v: unknown[]) => v.every((x) => !empty(x)), 'any'),
    any: def([], (...v: unknown[]) => v.some((x) => !empty(x)), 'any'),
    compact: def(['any'], (l: unknown) => asList(l, 'Cannot compact on type').filter((x) => !empty(x))),
    mustCompact: def(['any'], (l: unknown) => asList(l, 'Cannot compact on type').filter((x) => !empty(x))),
    fromJson: def(['string'], (s: string) => {
      try {
        return fromGoJson(s)
      } catch {
        return null
      }
    }),
    mustFromJson: def(['string'], (s: string) => {
      try {
        return fromGoJson(s)
      } catch (e) {
        return fail((e as Error).message)
      }
    }),
    // the non-must forms ignore json.Marshal's error and return ""
    toJson: def(['any'], (v: unknown) => orEmpty(() => toGoJson(v))),
    mustToJson: def(['any'], (v: unknown) => toGoJson(v)),
    toPrettyJson: def(['any'], (v: unknown) => orEmpty(() => toGoJson(v, true, '  '))),
    mustToPrettyJson: def(['any'], (v: unknown) => toGoJson(v, true, '  ')),
    toRawJson: def(['any'], (v: unknown) => orEmpty(() => toGoJson(v, false))),
    mustToRawJson: def(['any'], (v: unknown) => toGoJson(v, false)),
    ternary: def(['any', 'any', 'bool'], (t: unknown, f2: unknown, c: boolean) => (c ? t : f2)),
    deepCopy: def(['any'], (v: unknown) => deepCopy(nonNil(v))),
    mustDeepCopy: def(['any'], (v: unknown) => deepCopy(nonNil(v))),
    // reflection
    typeOf: def(['any'], typeOf),
    typeIs: def(['string', 'any'], (t: string, v: unknown) => t === typeOf(v)),
    typeIsLike: def(['string', 'any'], (t: string, v: unknown) => t === typeOf(v) || '*' + t === typeOf(v)),
    kindOf: def(['any'], kindOf),
    kindIs: def(['string', 'any'], (t: string, v: unknown) => t === kindOf(v)),
    deepEqual: def(['any', 'any'], deepEqual),
    // environment and network (deterministic where Helm makes them so)
    env: def(['string'], (k: string) => process.env[k] ?? ''),
    expandenv: def(['string'], (s: string) =>
      s.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_m, a: string, b: string) => process.env[a ?? b] ?? ''),
    ),
    getHostByName: def(['string'], () => ''),
    // paths
    base: def(['string'], pathBase),
    dir: def(['string'], pathDir),
    clean: def(['string'], pathClean),
    ext: def(['string'], pathExt),
    isAbs: def(['string'], (p: string) => p.startsWith('/')),
    osBase: def(['string'], pathBase),
    osDir: def(['string'], pathDir),
    osClean: def(['string'], pathClean),
    osExt: def(['string'], pathExt),
    osIsAbs: def(['string'], (p: string) => p.startsWith('/')),
    // encodings
    b64enc: def(['string'], (s: string) => Buffer.from(s, 'utf8').toString('base64')),
    b64dec: def(['string'], b64dec),
    b32enc: def(['string'], b32enc),
    b32dec: def(['string'], b32dec),
    // data structures
    list: def([], (...v: unknown[]) => v, 'any'),
    tuple: def([], (...v: unknown[]) => v, 'any'),
    dict: def([], dict, 'any'),
    get: def(['map', 'string'], (d: GoMap | null, k: string) => (d && Object.hasOwn(d, k) ? d[k] : '')),
    set: def(['map', 'string', 'any'], (d: GoMap | null, k: string, v: unknown) => {
      if (!d) return fail('assignment to entry in nil map')
      d[k] = v
      return d
    }),
    unset: def(['map', 'string'], (d: GoMap | null, k: string) => {
      if (d) delete d[k]
      return d ?? {} // a nil map, which prints as map[]
    }),
    hasKey: def(['map', 'string'], (d: GoMap | null, k: string) => !!d && Object.hasOwn(d, k)),
    pluck: def(
      ['string'],
      (k: string, ...ds: (GoMap | null)[]) => ds.filter((d) => d && Object.hasOwn(d, k)).map((d) => d![k]),
      'map',
    ),
    keys: def([], (...ds: (GoMap | null)[]) => strs(ds.flatMap((d) => (d ? Object.keys(d) : []))), 'map'),
    pick: def(
      ['map'],
      (d: GoMap | null, ...ks: string[]) => {
        const out: GoMap = {}
        for (const k of ks) if (d && Object.hasOwn(d, k)) out[k] = d[k]
        return out
      },
      'string',
    ),
    omit: def(
      ['map'],
      (d: GoMap | null, ...ks: string[]) => {
        const out: GoMap = {}
        for (const k of Object.keys(d ?? {})) if (!ks.includes(k)) out[k] = d![k]
        return out
      },
      'string',
    ),
    merge: def(
      ['map'],
      (d: GoMap | null, ...s: (GoMap | null)[]) =>
        s.reduce<GoMap>((acc, x) => mergeMaps(acc, x ?? {}, false), d ?? {}),
      'map',
    ),
    mustMerge: def(
      ['map'],
      (d: GoMap | null, ...s: (GoMap | null)[]) =>
        s.reduce<GoMap>((acc, x) => mergeMaps(acc, x ?? {}, false), d ?? {}),
      'map',
    ),
    mergeOverwrite: def(
      ['map'],
      (d: GoMap | null, ...s: (GoMap | null)[]) =>
        s.reduce<GoMap>((acc, x) => mergeMaps(acc, x ?? {}, true), d ?? {}),
      'map',
    ),
    mustMergeOverwrite: def(
      ['map'],
      (d: GoMap | null, ...s: (GoMap | null)[]) =>
        s.reduce<GoMap>((acc, x) => mergeMaps(acc, x ?? {}, true), d ?? {}),
      'map',
    ),
    values: def(['map'], (d: GoMap | null) => Object.values(d ?? {})),
    append: def(['any', 'any'], (l: unknown, v: unknown) => [...asList(l, 'Cannot push on type'), v]),
    push: def(['any', 'any'], (l: unknown, v: unknown) => [...asList(l, 'Cannot push on type'), v]),
    mustAppend: def(['any', 'any'], (l: unknown, v: unknown) => [...asList(l, 'Cannot push on type'), v]),
    mustPush: def(['any', 'any'], (l: unknown, v: unknown) => [...asList(l, 'Cannot push on type'), v]),
    prepend: def(['any', 'any'], (l: unknown, v: unknown) => [v, ...asList(l, 'Cannot prepend on type')]),
    mustPrepend: def(['any', 'any'], (l: unknown, v: unknown) => [v, ...asList(l, 'Cannot prepend on type')]),
    first: def(['any'], (l: unknown) => listFirst(l, 'first', (a) => a[0])),
    mustFirst: def(['any'], (l: unknown) => listFirst(l, 'first', (a) => a[0])),
    last: def(['any'], (l: unknown) => listFirst(l, 'last', (a) => a[a.length - 1])),
    mustLast: def(['any'], (l: unknown) => listFirst(l, 'last', (a) => a[a.length - 1])),
    // typed nil slices print as [] (unlike first/last, which return a nil interface)
    rest: def(['any'], (l: unknown) => asList(l, 'Cannot find rest on type').slice(1)),
    mustRest: def(['any'], (l: unknown) => asList(l, 'Cannot find rest on type').slice(1)),
    initial: def(['any'], (l: unknown) => asList(l, 'Cannot find initial on type').slice(0, -1)),
    mustInitial: def(['any'], (l: unknown) => asList(l, 'Cannot find initial on type').slice(0, -1)),
    reverse: def(['any'], (l: unknown) => [...asList(l, 'Cannot find reverse on type')].reverse()),
    mustReverse: def(['any'], (l: unknown) => [...asList(l, 'Cannot find reverse on type')].reverse()),
    uniq: def(['any'], uniq),
    mustUniq: def(['any'], uniq),
    without: def(
      ['any'],
      (l: unknown, ...o: unknown[]) =>
        asList(l, 'Cannot find without on type').filter((x) => !o.some((y) => deepEqual(x, y))),
      'any',
    ),
    mustWithout: def(
      ['any'],
      (l: unknown, ...o: unknown[]) =>
        asList(l, 'Cannot find without on type').filter((x) => !o.some((y) => deepEqual(x, y))),
      'any',
    ),
    has: def(['any', 'any'], has),
    mustHas: def(['any', 'any'], has),
    slice: def(['any'], sliceList, 'any'),
    mustSlice: def(['any'], sliceList, 'any'),
    concat: def(
      [],
      (...ls: unknown[]) => {
        const out: unknown[] = []
        for (const l of ls) {
          if (!Array.isArray(l)) fail(`Cannot concat type ${listKind(l)} as list`)
          out.push(...(l as unknown[]))
        }
        return out
      },
      'any',
    ),
    dig: def([], dig, 'any'),
    chunk: def(['int', 'any'], chunk),
    mustChunk: def(['int', 'any'], chunk),
    // semver
    semver: def(['string'], semverParse),
    semverCompare: def(['string', 'string'], semverCompare),
    fail: def(['string'], (msg: string) => fail(msg)),
    // regex
    regexMatch: def(['string', 'string'], (re: string, s: string) => {
      try {
        const r = goRegex(re)
        r.lastIndex = 0
        return r.test(s)
      } catch {
        return false
      }
    }),
    mustRegexMatch: def(['string', 'string'], (re: string, s: string) => {
      const r = goRegex(re)
      r.lastIndex = 0
      return r.test(s)
    }),
    regexFindAll: def(['string', 'string', 'int'], (r: string, s: string, n: bigint) =>
      strs(regexFindAll(r, s, n)),
    ),
    mustRegexFindAll: def(['string', 'string', 'int'], (r: string, s: string, n: bigint) =>
      strs(regexFindAll(r, s, n)),
    ),
    regexFind: def(['string', 'string'], (re: string, s: string) => regexFindAll(re, s, 1n)[0] ?? ''),
    mustRegexFind: def(['string', 'string'], (re: string, s: string) => regexFindAll(re, s, 1n)[0] ?? ''),
    regexReplaceAll: def(['string', 'string', 'string'], regexReplaceAll),
    mustRegexReplaceAll: def(['string', 'string', 'string'], regexReplaceAll),
    regexReplaceAllLiteral: def(['string', 'string', 'string'], (re: string, s: string, r: string) =>
      s.replace(goRegex(re), () => r),
    ),
    mustRegexReplaceAllLiteral: def(['string', 'string', 'string'], (re: string, s: string, r: string) =>
      s.replace(goRegex(re), () => r),
    ),
    regexSplit: def(['string', 'string', 'int'], (r: string, s: string, n: bigint) =>
      strs(regexSplit(r, s, n)),
    ),
    mustRegexSplit: def(['string', 'string', 'int'], (r: string, s: string, n: bigint) =>
      strs(regexSplit(r, s, n)),
    ),
    regexQuoteMeta: def(['string'], quoteMeta),
    // case conversion
    camelcase: def(['string'], (s: string) =>
      caseWords(s)
        .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
        .join(''),
    ),
    snakecase: def(['string'], (s: string) =>
      caseWords(s)
        .map((w) => w.toLowerCase())
        .join('_'),
    ),
    kebabcase: def(['string'], (s: string) =>
      caseWords(s)
        .map((w) => w.toLowerCase())
        .join('-'),
    ),
    swapcase: def(['string'], (s: string) =>
      // xstrings.SwapCase: upper- and title-case letters lowered, lower-case (Ll) raised, one rune each, others kept
      [...s]
        .map((c) => (/[\p{Lu}\p{Lt}]/u.test(c) ? goCase(c, false) : /\p{Ll}/u.test(c) ? goCase(c, true) : c))
        .join(''),
    ),
    wrap: def(['int', 'string'], (n: bigint, s: string) => wrap(Number(n), s)),
    wrapWith: def(['int', 'string', 'string'], (n: bigint, sep: string, s: string) =>
      wrap(Number(n), s, sep, true),
    ),
    // randomness (not reproducible by design)
    randAlphaNum: def(['int'], (n: bigint) => randString(n, ALPHA + DIGITS)),
    randAlpha: def(['int'], (n: bigint) => randString(n, ALPHA)),
    randNumeric: def(['int'], (n: bigint) => randString(n, DIGITS)),
    randAscii: def(['int'], (n: bigint) =>
      randString(n, Array.from({length: 95}, (_, i) => String.fromCharCode(32 + i)).join('')),
    ),
    uuidv4: def([], () => randomUUID()),
    hello: def([], () => 'Hello!'),
    // urls
    urlJoin: def(['map'], (d: GoMap | null) => urlJoin(d ?? {})),
    urlParse: def(['string'], urlParse),
  }
  return f
}

function urlParse(s: string): GoMap {
  const u = new URL(s)
  return {
    scheme: u.protocol.replace(/:$/, ''),
    host: u.host,
    hostname: u.hostname,
    path: u.pathname,
    query: u.search.replace(/^\?/, ''),
    opaque: '',
    fragment: u.hash.replace(/^#/, ''),
    userinfo: u.username + (u.password ? ':' + u.password : ''),
  }
}

/** Sprig's urlJoin: url.URL{...}.String() (no escaping done here). */
function urlJoin(d: GoMap): string {
  const g = (k: string): string => {
    if (!Object.hasOwn(d, k)) return ''
    const v = d[k]
    if (typeof v !== 'string')
      fail(`unable to parse ${k} key, must be of type string, but ${listKind(v)} found`)
    return v as string
  }
  // read in Sprig's order, so the first bad key is the one named
  const [scheme, host, path, query, fragment, user] = [
    'scheme',
    'host',
    'path',
    'query',
    'fragment',
    'userinfo',
  ].map(g)
  let out = scheme ? scheme + ':' : ''
  if ((scheme || host || user) && (host || path || user)) out += '//' + (user ? user + '@' : '') + host
  if (path && path[0] !== '/' && host) out += '/'
  out += path
  if (query) out += '?' + query
  if (fragment) out += '#' + fragment
  return out
}
