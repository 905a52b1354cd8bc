/**
 * YAML the way istioctl reads and writes it: sigs.k8s.io/yaml on top of go-yaml v2 (YAML 1.1 scalars, keys
 * in go-yaml's "natural" order, 80-column folding, its quoting rules). `manifest generate` output must be
 * byte-identical to istioctl's, so this follows go-yaml's emitter decisions rather than the `yaml` package's.
 * @module
 */
import jsyaml from 'js-yaml'

/** A JSON-like value, as objects are held in memory. */
export type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

const BEST_WIDTH = 80
const BEST_INDENT = 2

// ---------------------------------------------------------------------------------------------------------
// Scalar resolution (go-yaml v2 resolve.go): what an unquoted scalar means.

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL'])
const FLOAT_SPECIAL: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
}
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/

type Resolved = {tag: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge'; value: Json}

/** Go's strconv.ParseInt(s, 0, 64) (also accepts the uint64 range): the number, or undefined. */
export function goParseInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m) return undefined
  const body = m[2]!
  let n: bigint
  if (/^0[oO]/.test(body)) n = BigInt('0o' + body.slice(2))
  else if (/^0[0-7]+$/.test(body)) n = BigInt('0o' + body.slice(1))
  else n = BigInt(body.toLowerCase())
  if (m[1] === '-') n = -n
  if (n < -(2n ** 63n) || n >= 2n ** 64n) return undefined
  return Number(n)
}

/** Go's strconv.ParseFloat for the forms charts use (decimal, exponent, inf/nan). */
function goParseFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity
  if (/^[+-]?nan$/i.test(s)) return NaN
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined
  return Number(s)
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** go-yaml v2 parseTimestamp: the four accepted layouts (short date fields allowed). */
function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?))?$/.exec(
      s,
    )
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return false
  const t = /[ Tt](\d{1,2}):(\d{1,2}):(\d{1,2})/.exec(s.slice(8))
  return !t || (Number(t[1]) < 24 && Number(t[2]) < 60 && Number(t[3]) < 60)
}

/** What go-yaml v2 makes of an unquoted scalar. */
export function resolvePlain(s: string): Resolved {
  if (NULLS.has(s)) return {tag: 'null', value: null}
  if (BOOL_TRUE.has(s)) return {tag: 'bool', value: true}
  if (BOOL_FALSE.has(s)) return {tag: 'bool', value: false}
  if (s in FLOAT_SPECIAL) return {tag: 'float', value: FLOAT_SPECIAL[s]!}
  if (s === '<<') return {tag: 'merge', value: s}
  const c = s[0]!
  if (c === '.') {
    const f = goParseFloat(s)
    if (f !== undefined) return {tag: 'float', value: f}
  } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (isTimestamp(s)) return {tag: 'timestamp', value: s}
    const plain = s.replaceAll('_', '')
    const i = goParseInt(plain)
    if (i !== undefined) return {tag: 'int', value: i}
    if (YAML_STYLE_FLOAT.test(plain)) return {tag: 'float', value: Number(plain)}
    const b = /^(-?)0b([01]+)$/.exec(plain)
    if (b) return {tag: 'int', value: Number(BigInt('0b' + b[2])) * (b[1] ? -1 : 1)}
  }
  return {tag: 'str', value: s}
}

// ---------------------------------------------------------------------------------------------------------
// Parsing: YAML text -> JSON-like values (what sigs.k8s.io/yaml.Unmarshal yields). js-yaml does the syntax;
// a schema whose implicit types are go-yaml v2's decides what unquoted scalars mean.

const PLAIN_TAGS = ['null', 'bool', 'int', 'float'] as const
// First characters an unquoted non-string can start with; anything else is a string at once.
const NON_STRING_START = /^(?:[-+.~0-9yYnNtTfFoO]|$)/
let lastScalar: string | undefined
let lastResolved: Resolved = {tag: 'str', value: ''}
/** resolvePlain for js-yaml's implicit types, which ask once per type: remember the last answer. */
function resolveOnce(data: unknown): Resolved {
  const s = String(data)
  if (s !== lastScalar) {
    lastScalar = s
    lastResolved = NON_STRING_START.test(s) ? resolvePlain(s) : {tag: 'str', value: s}
  }
  return lastResolved
}
const goTypes = PLAIN_TAGS.map(
  (tag) =>
    new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
      kind: 'scalar',
      resolve: (data: unknown) => data !== null && resolveOnce(data).tag === tag,
      construct: (data: unknown) => resolveOnce(data).value,
    }),
)
// Explicit `!!null`/`!!bool`/... tags are rare in manifests; the same resolution serves them.
// js-yaml exports its built-in types at runtime; the merge type makes `<<` keys merge maps.
const mergeType = (jsyaml as unknown as {types: {merge: jsyaml.Type}}).types.merge
const GO_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({implicit: [...goTypes, mergeType]})

/** Map keys that are not strings (`80: x`, `true: y`) become their Go fmt form, as sigs.k8s.io/yaml does. */
function normalize(v: unknown): Json {
  if (v === null || v === undefined) return null
  if (Array.isArray(v)) return v.map(normalize)
  if (typeof v === 'object') {
    const out: {[k: string]: Json} = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = normalize(x)
    return out
  }
  return v as Json
}

/** Parses one or more YAML documents into JSON-like values with go-yaml v2's YAML 1.1 scalar rules. */
export function parseYamlDocuments(text: string): Json[] {
  try {
    const opts: jsyaml.LoadOptions = {schema: GO_YAML_SCHEMA, json: true}
    if (text.length > 0 && !isBreak(text[text.length - 1]) && mayEndInBlockScalar(text))
      opts.listener = blockScalarAtEof(text)
    return jsyaml.loadAll(text, undefined, opts).map(normalize)
  } catch (e) {
    if (e instanceof jsyaml.YAMLException) throw new YamlError(e.message)
    throw e
  }
}

const BLOCK_HEADER = /^\s*(?:-\s+|\?\s+|[^#]*?:\s+)?(?:[&!]\S*\s+)*[|>][0-9+-]{0,2}\s*(?:#.*)?$/

/**
 * Whether the text could end inside a block scalar: some `|`/`>` header line whose following lines are all
 * more indented. A cheap scan from the end, so the (exact but slower) listener only runs when needed.
 */
function mayEndInBlockScalar(text: string): boolean {
  let minIndent = Infinity
  let end = text.length
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(start, end)
    end = start - 1
    if (line.trim() === '') continue
    const indent = line.length - line.trimStart().length
    if (indent < minIndent && BLOCK_HEADER.test(line)) return true
    minIndent = Math.min(minIndent, indent)
    if (minIndent === 0) return false
  }
  return false
}

/**
 * A block scalar that runs to the end of text without a final line break has no trailing newline in go-yaml
 * (libyaml only keeps a break it has read); js-yaml adds one. This js-yaml listener takes it off again.
 */
function blockScalarAtEof(text: string): (event: jsyaml.EventType, state: jsyaml.State) => void {
  const starts: number[] = []
  return (event, state) => {
    if (event === 'open') return void starts.push(state.position)
    const start = starts.pop() ?? 0
    if (state.position < text.length || typeof state.result !== 'string' || !state.result.endsWith('\n'))
      return
    const head = /^[ \t]*(?:[&!][^ \t\n]*[ \t]+)*([|>])/.exec(text.slice(start, start + 200))
    if (head) (state as unknown as {result: string}).result = state.result.slice(0, -1)
  }
}

/** Parses a single YAML document (empty text gives null). */
export function parseYaml(text: string): Json {
  const docs = parseYamlDocuments(text)
  if (docs.length > 1) throw new YamlError('expected a single YAML document')
  return docs[0] ?? null
}

/** A YAML syntax error. */
export class YamlError extends Error {
  override name = 'YamlError'
}

// ---------------------------------------------------------------------------------------------------------
// Emitting: JSON-like value -> YAML text (sigs.k8s.io/yaml.Marshal).

const SURROGATE = /[\uD800-\uDFFF]/
const codeCache = new Map<string, ArrayLike<number>>()

/** The code points of a (key) string; keys repeat a lot, so they are cached. */
function codePoints(s: string): ArrayLike<number> {
  let cps = codeCache.get(s)
  if (!cps) {
    cps = SURROGATE.test(s)
      ? Array.from(s, (c) => c.codePointAt(0)!)
      : Uint32Array.from(s, (c) => c.charCodeAt(0))
    if (codeCache.size > 50000) codeCache.clear()
    codeCache.set(s, cps)
  }
  return cps
}

const isLetterCode = (c: number): boolean =>
  c < 0x80 ? (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : /\p{L}/u.test(String.fromCodePoint(c))
const isDigitCode = (c: number | undefined): boolean =>
  c !== undefined && (c < 0x80 ? c >= 48 && c <= 57 : /\p{Nd}/u.test(String.fromCodePoint(c)))

/** go-yaml v2 key order: letters after non-letters, digit runs compared as numbers. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = codePoints(a)
  const br = codePoints(b)
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetterCode(ar[i]!)
    const bl = isLetterCode(br[i]!)
    if (al && bl) return ar[i]! < br[i]!
    if (al || bl) return bl
    let an = 0
    let bn = 0
    if (ar[i] === 48 || br[i] === 48) {
      for (let j = i - 1; j >= 0 && isDigitCode(ar[j]); j--) {
        if (ar[j] !== 48) {
          an = 1
          bn = 1
          break
        }
      }
    }
    let ai = i
    let bi = i
    for (; ai < ar.length && isDigitCode(ar[ai]); ai++) an = an * 10 + (ar[ai]! - 48)
    for (; bi < br.length && isDigitCode(br[bi]); bi++) bn = bn * 10 + (br[bi]! - 48)
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i]! < br[i]!
  }
  return ar.length < br.length
}

/** Sorts keys as go-yaml v2 does. */
export function goYamlSortKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0))
}

/** A number as Go prints it after a JSON round trip: integers plainly, other floats with strconv 'g'. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (n === Infinity) return '.inf'
  if (n === -Infinity) return '-.inf'
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString()
  // strconv.FormatFloat(f, 'g', -1, 64): %e when exp < -4 || exp >= 21 (shortest digits)
  const [mant, expStr] = n.toExponential().split('e') as [string, string]
  const exp = Number(expStr)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp)
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`
  }
  return String(n)
}

type Style = 'plain' | 'single' | 'double' | 'literal'

interface Analysis {
  multiline: boolean
  flowPlain: boolean
  blockPlain: boolean
  single: boolean
  block: boolean
}

const isBreak = (c: string | undefined) =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029'
const isPrintable = (cp: number) =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
const isBlankz = (c: string | undefined) =>
  c === undefined || c === ' ' || c === '\t' || isBreak(c) || c === '\0'

function analyze(chars: ArrayLike<string>): Analysis {
  if (chars.length === 0)
    return {multiline: false, flowPlain: false, blockPlain: true, single: true, block: false}
  let blockInd = false
  let flowInd = false
  let lineBreaks = false
  let special = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let prevSpace = false
  let prevBreak = false
  const s3 = (chars[0] ?? '') + (chars[1] ?? '') + (chars[2] ?? '')
  if (s3 === '---' || s3 === '...') {
    blockInd = true
    flowInd = true
  }
  let precededByWs = true
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    const followedByWs =
      i + 1 >= chars.length || chars[i + 1] === ' ' || chars[i + 1] === '\t' || isBreak(chars[i + 1])
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowInd = true
        blockInd = true
      } else if (c === '?' || c === ':') {
        flowInd = true
        if (followedByWs) blockInd = true
      } else if (c === '-' && followedByWs) {
        flowInd = true
        blockInd = true
      }
    } else if (',?[]{}'.includes(c)) {
      flowInd = true
    } else if (c === ':') {
      flowInd = true
      if (followedByWs) blockInd = true
    } else if (c === '#' && precededByWs) {
      flowInd = true
      blockInd = true
    }
    if (!isPrintable(c.codePointAt(0)!)) special = true
    if (c === ' ') {
      if (i === 0) leadingSpace = true
      if (i === chars.length - 1) trailingSpace = true
      if (prevBreak) breakSpace = true
      prevSpace = true
      prevBreak = false
    } else if (isBreak(c)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === chars.length - 1) trailingBreak = true
      if (prevSpace) spaceBreak = true
      prevSpace = false
      prevBreak = true
    } else {
      prevSpace = false
      prevBreak = false
    }
    precededByWs = isBlankz(c)
  }
  const a: Analysis = {multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true}
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false
  if (trailingSpace) a.block = false
  if (breakSpace) a.flowPlain = a.blockPlain = a.single = false
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.single = a.block = false
  if (lineBreaks) a.flowPlain = a.blockPlain = false
  if (flowInd) a.flowPlain = false
  if (blockInd) a.blockPlain = false
  return a
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
}

interface Ctx {
  root: boolean
  sequence: boolean
  mapping: boolean
  simpleKey: boolean
}

/** A transcription of go-yaml v2's block emitter state for the shapes JSON values produce. */
class Emitter {
  private out = ''
  private column = 0
  private indent = -1
  private indents: number[] = []
  private whitespace = true
  private indention = true
  private openEnded = false
  private flowLevel = 0

  result(): string {
    return this.out
  }

  private put(c: string): void {
    this.out += c
    this.column++
  }

  /** Writes characters that contain no line break; `count` is their number of code points. */
  private putRun(s: string, count: number): void {
    this.out += s
    this.column += count
  }

  private putBreak(): void {
    this.out += '\n'
    this.column = 0
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak()
    else {
      this.out += c
      this.column = 0
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0)
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak()
    if (this.column < indent) this.putRun(' '.repeat(indent - this.column), indent - this.column)
    this.whitespace = true
    this.indention = true
  }

  private writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ')
    this.putRun(ind, ind.length)
    this.whitespace = isWs
    this.indention = this.indention && isIndention
    this.openEnded = false
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent)
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0
    else if (!indentless) this.indent += BEST_INDENT
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!
  }

  document(value: Json): void {
    this.node(value, {root: true, sequence: false, mapping: false, simpleKey: false})
    this.writeIndent()
    if (this.openEnded) {
      this.writeIndicator('...', true, false, false)
      this.writeIndent()
    }
  }

  private node(v: Json, ctx: Ctx): void {
    if (v === null) return this.scalar('null', 'plain', ctx)
    if (typeof v === 'boolean') return this.scalar(v ? 'true' : 'false', 'plain', ctx)
    if (typeof v === 'number') return this.scalar(formatNumber(v), 'plain', ctx)
    if (typeof v === 'string') return this.scalar(v, stringStyle(v), ctx)
    if (Array.isArray(v)) return v.length === 0 ? this.emptyFlow('[', ']') : this.sequence(v, ctx)
    const keys = goYamlSortKeys(Object.keys(v))
    return keys.length === 0 ? this.emptyFlow('{', '}') : this.mapping(v, keys)
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false)
    this.increaseIndent(true, false)
    this.flowLevel++
    this.flowLevel--
    this.popIndent()
    this.writeIndicator(close, false, false, false)
  }

  private sequence(items: Json[], ctx: Ctx): void {
    this.increaseIndent(false, ctx.mapping && !this.indention)
    for (const item of items) {
      this.writeIndent()
      this.writeIndicator('-', true, false, true)
      this.node(item, {root: false, sequence: true, mapping: false, simpleKey: false})
    }
    this.popIndent()
  }

  private mapping(obj: {[k: string]: Json}, keys: string[]): void {
    this.increaseIndent(false, false)
    for (const k of keys) {
      this.writeIndent()
      const style = stringStyle(k)
      const simple =
        (SIMPLE_PLAIN.test(k) || !analyze(Array.from(k)).multiline) && Buffer.byteLength(k) <= 128
      if (simple) {
        this.scalar(k, style, {root: false, sequence: false, mapping: true, simpleKey: true})
        this.writeIndicator(':', false, false, false)
      } else {
        this.writeIndicator('?', true, false, true)
        this.scalar(k, style, {root: false, sequence: false, mapping: true, simpleKey: false})
        this.writeIndent()
        this.writeIndicator(':', true, false, true)
      }
      this.node(obj[k]!, {root: false, sequence: false, mapping: true, simpleKey: false})
    }
    this.popIndent()
  }

  private scalar(value: string, requested: Style, ctx: Ctx): void {
    if (requested === 'plain' && SIMPLE_PLAIN.test(value)) {
      // Common case: nothing to quote, fold or escape (no spaces, no indicators, ASCII).
      if (!this.whitespace) this.put(' ')
      this.putRun(value, value.length)
      this.whitespace = false
      this.indention = false
      if (ctx.root) this.openEnded = true
      return
    }
    // Text of printable BMP characters and `\n` is handled on the string; anything else char by char.
    const fast = requested !== 'double' && FAST_TEXT.test(value)
    const chars = fast ? undefined : Array.from(value)
    const a = analyze(chars ?? value)
    const style = this.chooseStyle(a, requested, ctx.simpleKey, value.length === 0)
    this.increaseIndent(true, false)
    const allowBreaks = !ctx.simpleKey
    if (fast && style === 'plain' && !a.multiline) {
      this.writeWords(value, allowBreaks, '')
      if (ctx.root) this.openEnded = true
    } else if (fast && style === 'single' && !a.multiline) this.writeWords(value, allowBreaks, "'")
    else if (fast && style === 'literal') this.writeLiteralText(value)
    else {
      const cs = chars ?? Array.from(value)
      if (style === 'plain') this.writePlain(cs, allowBreaks, ctx.root)
      else if (style === 'single') this.writeSingle(cs, allowBreaks)
      else if (style === 'double') this.writeDouble(cs, allowBreaks)
      else this.writeLiteral(cs)
    }
    this.popIndent()
  }

  /** go-yaml's yaml_emitter_select_scalar_style: the requested style unless the text rules it out. */
  private chooseStyle(a: Analysis, requested: Style, simpleKey: boolean, empty: boolean): Style {
    let style = requested
    if (simpleKey && a.multiline) style = 'double'
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single'
      if (empty && (this.flowLevel > 0 || simpleKey)) style = 'single'
    }
    if (style === 'single' && !a.single) style = 'double'
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || simpleKey)) style = 'double'
    return style
  }

  /** A one-line plain or single-quoted scalar, folded at spaces past column 80 (go-yaml's rule). */
  private writeWords(value: string, allowBreaks: boolean, quote: '' | "'"): void {
    if (quote) this.writeIndicator(quote, true, false, false)
    else if (!this.whitespace) this.put(' ')
    const text = quote ? value.replaceAll("'", "''") : value
    const n = text.length
    let i = 0
    let prevSpace = false
    while (i < n) {
      const sp = text.indexOf(' ', i)
      const end = sp < 0 ? n : sp
      if (end > i) {
        this.putRun(text.slice(i, end), end - i)
        prevSpace = false
      }
      if (sp < 0) break
      // A space: fold here if past the width, not after another space, not before one (and, quoted, not at the ends).
      const nextIsSpace = text.charCodeAt(sp + 1) === 32
      const inside = !quote || (sp > 0 && sp < n - 1)
      if (allowBreaks && !prevSpace && this.column > BEST_WIDTH && !nextIsSpace && inside) this.writeIndent()
      else this.put(' ')
      prevSpace = true
      i = sp + 1
    }
    if (quote) this.writeIndicator(quote, false, false, false)
    this.whitespace = false
    this.indention = false
  }

  /** A literal block scalar of `\n`-separated lines. */
  private writeLiteralText(value: string): void {
    this.writeIndicator('|', true, false, false)
    const first = value.charCodeAt(0)
    if (first === 32 || first === 10) this.writeIndicator(String(BEST_INDENT), false, false, false)
    this.openEnded = false
    const n = value.length
    let chomp = ''
    if (n === 0 || value[n - 1] !== '\n') chomp = '-'
    else if (n === 1 || value[n - 2] === '\n') {
      chomp = '+'
      this.openEnded = true
    }
    if (chomp) this.writeIndicator(chomp, false, false, false)
    this.putBreak()
    this.indention = true
    this.whitespace = true
    let i = 0
    while (i < n) {
      const nl = value.indexOf('\n', i)
      const end = nl < 0 ? n : nl
      if (end > i) {
        this.writeIndent()
        this.putRun(value.slice(i, end), end - i)
        this.indention = false
      }
      if (nl < 0) break
      this.putBreak()
      this.indention = true
      i = nl + 1
    }
  }

  private writePlain(chars: string[], allowBreaks: boolean, root: boolean): void {
    if (!this.whitespace) this.put(' ')
    let spaces = false
    let breaks = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent()
        else this.put(c)
        spaces = true
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak()
        this.writeBreak(c)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.put(c)
        this.indention = false
        spaces = false
        breaks = false
      }
    }
    this.whitespace = false
    this.indention = false
    if (root) this.openEnded = true
  }

  private writeSingle(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false)
    let spaces = false
    let breaks = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < chars.length - 1 &&
          chars[i + 1] !== ' '
        )
          this.writeIndent()
        else this.put(c)
        spaces = true
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak()
        this.writeBreak(c)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        if (c === "'") this.put("'")
        this.put(c)
        this.indention = false
        spaces = false
        breaks = false
      }
    }
    this.writeIndicator("'", false, false, false)
    this.whitespace = false
    this.indention = false
  }

  private writeDouble(chars: string[], allowBreaks: boolean): void {
    let spaces = false
    this.writeIndicator('"', true, false, false)
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      const cp = c.codePointAt(0)!
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\')
        const esc = DOUBLE_ESCAPES[cp]
        if (esc !== undefined) this.put(esc)
        else {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8]
          this.put(letter)
          for (const d of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(d)
        }
        spaces = false
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent()
          if (chars[i + 1] === ' ') this.put('\\')
        } else this.put(c)
        spaces = true
      } else {
        this.put(c)
        spaces = false
      }
    }
    this.writeIndicator('"', false, false, false)
    this.whitespace = false
    this.indention = false
  }

  private writeLiteral(chars: string[]): void {
    this.writeIndicator('|', true, false, false)
    if (chars[0] === ' ' || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false)
    this.openEnded = false
    let chomp = ''
    const n = chars.length
    if (n === 0 || !isBreak(chars[n - 1])) chomp = '-'
    else if (n === 1) {
      chomp = '+'
      this.openEnded = true
    } else if (isBreak(chars[n - 2])) {
      chomp = '+'
      this.openEnded = true
    }
    if (chomp) this.writeIndicator(chomp, false, false, false)
    this.putBreak()
    this.indention = true
    this.whitespace = true
    let breaks = true
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.put(c)
        this.indention = false
        breaks = false
      }
    }
  }
}

/** Text the fast paths handle: BMP printable characters and `\n` (column = UTF-16 length). */
const FAST_TEXT = /^[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/

/** ASCII strings go-yaml writes plain as they are: no spaces, quotes, indicators or leading dot/dash. */
const SIMPLE_PLAIN = /^[A-Za-z0-9_/$(][A-Za-z0-9_/.=+()$-]*$/

/** The style go-yaml v2's encoder asks for a string (the emitter may still pick another). */
function stringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal'
  const canUsePlain =
    resolvePlain(s).tag === 'str' && !(/^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s))
  return canUsePlain ? 'plain' : 'double'
}

/** Serialises one value as sigs.k8s.io/yaml.Marshal does (always ends with a newline). */
export function marshalYaml(value: Json): string {
  const e = new Emitter()
  e.document(value)
  return e.result()
}
