/**
 * go-yaml v2's (go.yaml.in/yaml/v2, under sigs.k8s.io/yaml) scalar rules and block emitter, shared by the
 * Helm template engine (toYaml, toYamlPretty) and manifest rendering (istioctl's output writer).
 * - {@link resolveScalar}: what an unquoted scalar means under YAML 1.1 (yes/on booleans, 0777 octal, ...).
 * - {@link goYamlKeyLess}: go-yaml's "natural" map key order.
 * - {@link emitGoYaml}: libyaml's block output: 2-space indent, sequences not indented under their key,
 *   strings quoted only when they would be misread, literal blocks for multi-line strings, and plain or
 *   quoted scalars folded past column 80. Callers turn their values into {@link GoYamlNode}s.
 * @module
 */

// ---------------------------------------------------------------------------------------------------------
// Scalar resolution (go-yaml v2 resolve.go).

/** A resolved plain scalar; integers are bigints (Go's int64/uint64 range). */
export type Resolved = {
  tag: 'null' | 'bool' | 'int' | 'float' | 'str' | 'timestamp'
  value: null | boolean | bigint | number | string
}

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
const RESOLVE_MAP = new Map<string, Resolved>()
for (const [value, tag, words] of [
  [true, 'bool', ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, 'bool', ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, 'null', ['', '~', 'null', 'Null', 'NULL']],
  [NaN, 'float', ['.nan', '.NaN', '.NAN']],
  [Infinity, 'float', ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [-Infinity, 'float', ['-.inf', '-.Inf', '-.INF']],
] as const) {
  for (const w of words) RESOLVE_MAP.set(w, {tag, value})
}
/** go-yaml only looks further when the first character hints at a non-string: `<<` is a plain string. */
const HINT = /^[-+.~0-9yYnNtTfFoO]/

/** Go's strconv.ParseInt(s, 0, 64), also accepting the uint64 range: the number, or undefined. */
export function parseGoInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m) return undefined
  const body = m[2]!
  const n = BigInt(/^0[0-7]+$/.test(body) ? '0o' + body.slice(1) : body.toLowerCase())
  const v = m[1] === '-' ? -n : n
  return v < -(2n ** 63n) || v >= 2n ** 64n ? undefined : v
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** go-yaml v2 parseTimestamp: its four time.Parse layouts, with Go's range checks. */
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

/** go-yaml v2's resolve() for an untagged plain scalar. */
export function resolveScalar(s: string): Resolved {
  if (s !== '' && !HINT.test(s)) return {tag: 'str', value: s}
  const hit = RESOLVE_MAP.get(s)
  if (hit) return hit
  const c = s[0]!
  if (c === '.') {
    if (YAML_FLOAT.test(s)) return {tag: 'float', value: Number(s)}
  } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    // go-yaml keeps timestamps as strings when decoding into interface{}, but quotes them when encoding
    if (isTimestamp(s)) return {tag: 'timestamp', value: s}
    const plain = s.replaceAll('_', '')
    const i = parseGoInt(plain)
    if (i !== undefined) return {tag: 'int', value: i}
    if (YAML_FLOAT.test(plain)) return {tag: 'float', value: Number(plain)}
    const b = /^(-?)0b([01]+)$/.exec(plain)
    if (b) return {tag: 'int', value: BigInt('0b' + b[2]) * (b[1] ? -1n : 1n)}
  }
  return {tag: 'str', value: s}
}

/** Scalar styles of the emitter. */
export type Style = 'plain' | 'single' | 'double' | 'literal'

/** The style go-yaml v2's encoder asks for a string (the emitter may still pick another). */
export function stringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal'
  if (SIMPLE_PLAIN.test(s) && !HINT.test(s)) return 'plain'
  return resolveScalar(s).tag === 'str' && !BASE60_FLOAT.test(s) ? 'plain' : 'double'
}

/** A number as Go prints it after a JSON round trip: int64/uint64 integers plainly, other floats with %g. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (n === Infinity) return '.inf'
  if (n === -Infinity) return '-.inf'
  // encoding/json writes integers below 1e21 without exponent; go-yaml reads them back as ints when they fit
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    const s = BigInt(n).toString()
    if (parseGoInt(s) !== undefined) return s
  }
  // strconv.FormatFloat(f, 'g', -1, 64): %e when exp < -4 || exp >= 6 (shortest digits)
  const [mant, expStr] = n.toExponential().split('e') as [string, string]
  const exp = Number(expStr)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp)
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`
  }
  return String(n)
}

/**
 * A string as go-yaml gets it from sigs.k8s.io/yaml.Marshal's JSON text: encoding/json leaves U+0085 (NEL)
 * unescaped, and go-yaml then reads it as a line break inside a quoted
 * scalar and folds it: one break becomes a space, n breaks n-1 newlines, spaces around them go.
 */
export function jsonRoundTripString(s: string): string {
  if (!s.includes('\u0085')) return s
  // a folded line that starts with a document marker ends the document: go-yaml fails to read it back
  // (in the JSON text only a raw space or NEL can follow it: tabs and newlines are escapes, then a quote)
  if (/\u0085(---|\.\.\.)[ \u0085]/.test(s)) throw new Error('yaml: found unexpected document indicator')
  // only raw spaces are blanks here: encoding/json writes tabs as \t escapes, which are content
  return s.replace(/ *\u0085((?: *\u0085)*) */g, (_m, more: string) => {
    const n = (more.match(/\u0085/g) ?? []).length
    return n === 0 ? ' ' : '\n'.repeat(n)
  })
}

/** A map key as go-yaml gets it from the JSON text: one with a NEL cannot be read back. */
export function jsonRoundTripKey(k: string): string {
  // a line break inside a key of the JSON text is a multi-line implicit key for go-yaml: an error
  if (k.includes('\u0085')) throw new Error("yaml: line 1: could not find expected ':'")
  return k
}

// ---------------------------------------------------------------------------------------------------------
// Key order.

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

/** The value of a digit run, `big`: as a bigint (for long runs, so no precision is lost). */
function digitRun(cps: ArrayLike<number>, start: number, end: number, carry: number, big: boolean) {
  if (!big) {
    let n = carry
    for (let i = start; i < end; i++) n = n * 10 + (cps[i]! - 48)
    return n
  }
  let n = BigInt(carry)
  for (let i = start; i < end; i++) n = n * 10n + BigInt(cps[i]! - 48)
  return n
}

/**
 * go-yaml's "natural" key order: letters after non-letters, digit runs compared as numbers. yaml.v3 (`v3`)
 * additionally puts letters first after a run of digits.
 */
export function goYamlKeyLess(a: string, b: string, v3 = false): boolean {
  const ar = codePoints(a)
  const br = codePoints(b)
  let digits = false
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      if (v3) digits = isDigitCode(ar[i])
      continue
    }
    const al = isLetterCode(ar[i]!)
    const bl = isLetterCode(br[i]!)
    if (al && bl) return ar[i]! < br[i]!
    if (al || bl) return v3 && digits ? al : bl
    let carry = 0
    if (ar[i] === 48 || br[i] === 48) {
      for (let j = i - 1; j >= 0 && isDigitCode(ar[j]); j--) {
        if (ar[j] !== 48) {
          carry = 1
          break
        }
      }
    }
    let ai = i
    let bi = i
    while (ai < ar.length && isDigitCode(ar[ai])) ai++
    while (bi < br.length && isDigitCode(br[bi])) bi++
    const big = Math.max(ai, bi) - i > 15
    const an = digitRun(ar, i, ai, carry, big)
    const bn = digitRun(br, i, bi, carry, big)
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i]! < br[i]!
  }
  return ar.length < br.length
}

/**
 * Keys of letters and the ASCII punctuation below `A` (no digits, which compare as numbers): for these the
 * natural order (non-letters first, then by code) is plain code-unit order. Most Kubernetes keys are such.
 */
const CODE_ORDER_KEY = /^[\x20-\x2f\x3a-\x40A-Za-z]*$/

/** Sorts items in place by a string key as go-yaml orders map keys (`v3`: yaml.v3's order). */
export function goYamlSortBy<T>(items: T[], key: (item: T) => string, v3 = false): T[] {
  if (items.every((x) => CODE_ORDER_KEY.test(key(x)))) {
    return items.sort((a, b) => {
      const [x, y] = [key(a), key(b)]
      return x < y ? -1 : x > y ? 1 : 0
    })
  }
  return items.sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    return goYamlKeyLess(x, y, v3) ? -1 : goYamlKeyLess(y, x, v3) ? 1 : 0
  })
}

/** Sorts keys in place as go-yaml does (`v3`: yaml.v3's order). */
export function goYamlSortKeys(keys: string[], v3 = false): string[] {
  return goYamlSortBy(keys, (k) => k, v3)
}

// ---------------------------------------------------------------------------------------------------------
// Emitting.

const BEST_WIDTH = 80
const BEST_INDENT = 2

interface Analysis {
  multiline: boolean
  flowPlain: boolean
  blockPlain: boolean
  single: boolean
  block: boolean
}

const isBreak = (c: string | undefined): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029'
/** go-yaml's is_printable: NEL and everything outside the BMP (emoji) count as unprintable. */
const isPrintable = (cp: number): boolean =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
const isBlankz = (c: string | undefined): boolean =>
  c === undefined || c === ' ' || c === '\t' || isBreak(c) || c === '\0'

/** libyaml's analyze_scalar: which styles can represent the value (`v3`: yaml.v3's rule for tabs). */
function analyze(chars: ArrayLike<string>, v3: boolean): Analysis {
  if (chars.length === 0)
    return {multiline: false, flowPlain: false, blockPlain: true, single: true, block: false}
  let blockInd = false
  let flowInd = false
  let lineBreaks = false
  let special = false
  let tabs = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let prevSpace = false
  let prevBreak = false
  const s3 = (chars[0] ?? '') + (chars[1] ?? '') + (chars[2] ?? '')
  if (s3 === '---' || s3 === '...') blockInd = flowInd = true
  let precededByWs = true
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    const followedByWs = isBlankz(chars[i + 1])
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) flowInd = blockInd = true
      else if (c === '?' || c === ':') {
        flowInd = true
        if (followedByWs) blockInd = true
      } else if (c === '-' && followedByWs) flowInd = blockInd = true
    } else if (',?[]{}'.includes(c)) flowInd = true
    else if (c === ':') {
      flowInd = true
      if (followedByWs) blockInd = true
    } else if (c === '#' && precededByWs) flowInd = blockInd = true
    if (v3 && c === '\t') tabs = true
    else if (!isPrintable(c.codePointAt(0)!)) special = true
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
    } else prevSpace = prevBreak = false
    precededByWs = isBlankz(c)
  }
  const a: Analysis = {multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true}
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false
  if (trailingSpace) a.block = false
  if (breakSpace) a.flowPlain = a.blockPlain = a.single = false
  if (spaceBreak || tabs || special) a.flowPlain = a.blockPlain = a.single = false
  if (spaceBreak || special) a.block = false
  if (lineBreaks) a.flowPlain = a.blockPlain = false
  if (flowInd) a.flowPlain = false
  if (blockInd) a.blockPlain = false
  return a
}

/** Indicators at the start: `---`/`...` or one of these characters rule out both plain styles. */
const START_INDICATOR = /^(?:---|\.\.\.|[#,[\]{}&*!|>'"%@`])/
/** Flow indicators anywhere, or a comment start (`#` after a blank). */
const FLOW_INDICATOR = /[,?[\]{}:]|[ \n]#|^-(?:[ \n]|$)/
/** `- `/`? ` at the start, `: ` anywhere (also at the end), or a comment start. */
const BLOCK_INDICATOR = /^[-?](?:[ \n]|$)|:(?:[ \n]|$)|[ \n]#/

/**
 * {@link analyze} for text of printable BMP characters and `\n` ({@link FAST_TEXT}): the same answers from
 * a few native string searches instead of a loop over every character (long descriptions make up most of
 * a manifest).
 */
function analyzeText(s: string): Analysis {
  if (s.length === 0) return analyze(s, false)
  const first = s[0]
  const last = s[s.length - 1]
  const start = START_INDICATOR.test(s)
  const lineBreaks = s.includes('\n')
  const breakSpace = lineBreaks && s.includes('\n ')
  const spaceBreak = lineBreaks && s.includes(' \n')
  const a: Analysis = {multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true}
  if (first === ' ' || first === '\n' || last === ' ' || last === '\n') a.flowPlain = a.blockPlain = false
  if (last === ' ' || spaceBreak) a.block = false
  if (breakSpace || spaceBreak) a.flowPlain = a.blockPlain = a.single = false
  if (lineBreaks || start || FLOW_INDICATOR.test(s)) a.flowPlain = false
  if (lineBreaks || start || BLOCK_INDICATOR.test(s)) a.blockPlain = false
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

/** Text the fast paths handle: BMP printable characters and `\n` (column = UTF-16 length). */
const FAST_TEXT = /^[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/

/** ASCII strings written plain as they are: no spaces, quotes, indicators or leading dot/dash. */
const SIMPLE_PLAIN = /^[A-Za-z0-9_/$(][A-Za-z0-9_/.=+()$-]*$/

/** A value ready to emit: a scalar with the style its encoder asks for, a sequence, or a mapping in order. */
export type GoYamlNode<T> =
  | {kind: 'scalar'; text: string; style: Style}
  | {kind: 'seq'; items: readonly T[]}
  | {kind: 'map'; keys: readonly string[]; values: readonly T[]}

/** Where the output differs between the go-yaml flavours. */
export interface GoYamlOptions {
  /** Fold plain and quoted scalars at spaces past this column (go-yaml v2: 80; yaml.v3 here: none). */
  width?: number
  /** yaml.v3's scalar analysis: tabs rule out plain and single-quoted styles but not literal blocks. */
  v3?: boolean
  /** Indent sequences under their mapping key (yaml.v3 with SetIndent(2)); go-yaml v2 does not. */
  indentSequences?: boolean
}

/**
 * Emits one document the way go-yaml's block emitter does; `describe` says what each value is. Ends with a
 * newline.
 */
export function emitGoYaml<T>(root: T, describe: (v: T) => GoYamlNode<T>, opts: GoYamlOptions = {}): string {
  const e = new Emitter(opts.width ?? BEST_WIDTH, opts.v3 ?? false, opts.indentSequences ?? false)
  e.node(root, describe, false)
  e.writeIndent()
  return e.out
}

/** A transcription of libyaml's block emitter state for the shapes JSON-like values produce. */
class Emitter {
  out = ''
  private column = 0
  private indent = -1
  private indents: number[] = []
  private whitespace = true
  private indention = true

  constructor(
    private readonly width: number,
    private readonly v3: boolean,
    private readonly indentSequences: boolean,
  ) {}

  node<T>(v: T, describe: (v: T) => GoYamlNode<T>, underKey: boolean): void {
    const n = describe(v)
    if (n.kind === 'scalar') return this.scalar(n.text, n.style, false)
    const count = n.kind === 'map' ? n.keys.length : n.items.length
    if (count === 0) {
      this.writeIndicator(n.kind === 'map' ? '{' : '[', true, true, false)
      this.writeIndicator(n.kind === 'map' ? '}' : ']', false, false, false)
      return
    }
    if (n.kind === 'seq') {
      // sequences directly under a mapping key are not indented (go-yaml's "indentless" sequences)
      this.increaseIndent(false, underKey && !this.indention && !this.indentSequences)
      for (const item of n.items) {
        this.writeIndent()
        this.writeIndicator('-', true, false, true)
        this.node(item, describe, false)
      }
    } else {
      this.increaseIndent(false, false)
      for (let i = 0; i < count; i++) {
        this.key(n.keys[i]!)
        this.node(n.values[i]!, describe, true)
      }
    }
    this.indent = this.indents.pop()!
  }

  /** A mapping key and its `:`; multi-line or long (> 128 bytes) keys are complex: `? key` then `: `. */
  private key(k: string): void {
    this.writeIndent()
    const style = stringStyle(k)
    if ((SIMPLE_PLAIN.test(k) || !/[\n\r\u0085\u2028\u2029]/.test(k)) && Buffer.byteLength(k) <= 128) {
      this.scalar(k, style, true)
      this.writeIndicator(':', false, false, false)
    } else {
      this.writeIndicator('?', true, false, true)
      this.scalar(k, style, false)
      this.writeIndent()
      this.writeIndicator(':', true, false, true)
    }
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

  writeIndent(): void {
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
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent)
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0
    else if (!indentless) this.indent += BEST_INDENT
  }

  private scalar(value: string, requested: Style, simpleKey: boolean): void {
    if (requested === 'plain' && SIMPLE_PLAIN.test(value)) {
      // Common case: nothing to quote, fold or escape (no spaces, no indicators, ASCII).
      if (!this.whitespace) this.put(' ')
      this.putRun(value, value.length)
      this.whitespace = false
      this.indention = false
      return
    }
    // Text of printable BMP characters and `\n` is handled on the string; anything else char by char.
    const fast = requested !== 'double' && FAST_TEXT.test(value)
    const chars = fast ? undefined : Array.from(value)
    const a = fast ? analyzeText(value) : analyze(chars!, this.v3)
    const style = chooseStyle(a, requested, simpleKey, value.length === 0)
    this.increaseIndent(true, false)
    const allowBreaks = !simpleKey
    if (fast && style === 'plain' && !a.multiline) this.writeWords(value, allowBreaks, '')
    else if (fast && style === 'single' && !a.multiline) this.writeWords(value, allowBreaks, "'")
    else if (fast && style === 'literal') this.writeLiteralText(value)
    else {
      const cs = chars ?? Array.from(value)
      if (style === 'plain') this.writePlain(cs, allowBreaks)
      else if (style === 'single') this.writeSingle(cs, allowBreaks)
      else if (style === 'double') this.writeDouble(cs, allowBreaks)
      else this.writeLiteral(cs)
    }
    this.indent = this.indents.pop()!
  }

  /** A one-line plain or single-quoted scalar, folded at spaces past the width (go-yaml's rule). */
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
      if (allowBreaks && !prevSpace && this.column > this.width && !nextIsSpace && inside) this.writeIndent()
      else this.put(' ')
      prevSpace = true
      i = sp + 1
    }
    if (quote) this.writeIndicator(quote, false, false, false)
    this.whitespace = false
    this.indention = false
  }

  /** The `|` header: indentation hint for a leading space or break, chomping for the final breaks. */
  private literalHeader(first: string | undefined, last: string | undefined, beforeLast: string | undefined) {
    this.writeIndicator('|', true, false, false)
    if (first === ' ' || isBreak(first)) this.writeIndicator(String(BEST_INDENT), false, false, false)
    const chomp = !isBreak(last) ? '-' : beforeLast === undefined || isBreak(beforeLast) ? '+' : ''
    if (chomp) this.writeIndicator(chomp, false, false, false)
    this.putBreak()
    this.indention = true
    this.whitespace = true
  }

  /** A literal block scalar of `\n`-separated lines. */
  private writeLiteralText(value: string): void {
    const n = value.length
    this.literalHeader(value[0], value[n - 1], n > 1 ? value[n - 2] : undefined)
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

  private writeLiteral(chars: string[]): void {
    const n = chars.length
    this.literalHeader(chars[0], chars[n - 1], n > 1 ? chars[n - 2] : undefined)
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

  /** Plain and single-quoted text: spaces may fold, line breaks are doubled (a single one would fold). */
  private writeFolding(chars: string[], allowBreaks: boolean, quoted: boolean): void {
    let spaces = false
    let breaks = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      if (c === ' ') {
        const inside = !quoted || (i > 0 && i < chars.length - 1)
        if (allowBreaks && !spaces && this.column > this.width && inside && chars[i + 1] !== ' ')
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
        if (quoted && c === "'") this.put("'")
        this.put(c)
        this.indention = false
        spaces = breaks = false
      }
    }
  }

  private writePlain(chars: string[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ')
    this.writeFolding(chars, allowBreaks, false)
    this.whitespace = false
    this.indention = false
  }

  private writeSingle(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false)
    this.writeFolding(chars, allowBreaks, true)
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
      if (!isPrintable(cp) || isBreak(c) || c === '"' || c === '\\') {
        let esc = DOUBLE_ESCAPES[cp]
        if (esc === undefined) {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8]
          esc = letter + cp.toString(16).toUpperCase().padStart(width, '0')
        }
        this.putRun('\\' + esc, 1 + esc.length)
        spaces = false
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < chars.length - 1) {
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
}

/** libyaml's yaml_emitter_select_scalar_style (block context): the requested style unless the text rules it out. */
function chooseStyle(a: Analysis, requested: Style, simpleKey: boolean, empty: boolean): Style {
  let style = requested
  if (simpleKey && a.multiline) style = 'double'
  if (style === 'plain' && (!a.blockPlain || (empty && simpleKey))) style = 'single'
  if (style === 'single' && !a.single) style = 'double'
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double'
  return style
}
