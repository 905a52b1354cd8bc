/**
 * YAML as Helm sees it through sigs.k8s.io/yaml (go-yaml v2 underneath):
 * - {@link goYamlParse}: YAML 1.1 resolution (yes/on are booleans, 0777 is octal, `<<` merges), then
 *   the JSON round trip, so numbers become float64 and keys become strings.
 * - {@link goYamlMarshal}: go-yaml v2's block output: keys in its "natural" order, 2-space indent,
 *   sequences not indented under their key, strings quoted only when they would be misread, literal
 *   blocks for multi-line strings, and plain/quoted scalars folded at column 80.
 * The `yaml` package parses; the emitter is ours because `yaml`'s stringifier cannot reproduce go-yaml's
 * quoting, key order and folding.
 */
import {Alias, type Document, Pair, Scalar, YAMLMap, YAMLSeq, parseAllDocuments} from 'yaml'
import {formatFloat} from './fmt.js'
import {type GoMap, GoStruct, Int64, isGoMap} from './values.js'

// ---- parsing ----

type Resolved = {tag: 'null' | 'bool' | 'int' | 'float' | 'str' | 'merge' | 'timestamp'; value: unknown}

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const RESOLVE_MAP: Record<string, Resolved> = {}
for (const [v, tag, words] of [
  [true, 'bool', ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, 'bool', ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, 'null', ['', '~', 'null', 'Null', 'NULL']],
  [NaN, 'float', ['.nan', '.NaN', '.NAN']],
  [Infinity, 'float', ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [-Infinity, 'float', ['-.inf', '-.Inf', '-.INF']],
  ['<<', 'merge', ['<<']],
] as const) {
  for (const w of words) RESOLVE_MAP[w] = {tag, value: v} as Resolved
}

/** strconv.ParseInt/ParseUint(s, 0, 64) */
function parseIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m) return undefined
  let body = m[2]
  if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1)
  const v = BigInt(body) * (m[1] === '-' ? -1n : 1n)
  if (v < -(2n ** 63n) || v >= 2n ** 64n) return undefined
  return v
}

function isTimestamp(s: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?$/.test(s)
}

/** go-yaml v2's resolve() for an untagged plain scalar. */
export function resolvePlain(s: string): Resolved {
  // go-yaml only looks further when the first character hints at a non-string
  if (s !== '' && !'+-0123456789yYnNtTfFoO~.'.includes(s[0])) return {tag: 'str', value: s}
  const hit = RESOLVE_MAP[s]
  if (hit) return hit
  const c = s[0]
  if (c === '.') {
    const f = Number(s)
    if (YAML_FLOAT.test(s) && !Number.isNaN(f)) return {tag: 'float', value: f}
  } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    // go-yaml keeps timestamps as strings when decoding into interface{}, but quotes them when encoding
    if (isTimestamp(s)) return {tag: 'timestamp', value: s}
    const plain = s.replace(/_/g, '')
    const i = parseIntBase0(plain)
    if (i !== undefined) return {tag: 'int', value: i}
    if (YAML_FLOAT.test(plain)) return {tag: 'float', value: Number(plain)}
    const b = /^(-?)0b([01]+)$/.exec(plain)
    if (b) return {tag: 'int', value: BigInt('0b' + b[2]) * (b[1] ? -1n : 1n)}
  }
  return {tag: 'str', value: s}
}

/** Converts a resolved YAML value to what Go gets after the JSON round trip. */
function jsonScalar(r: Resolved): unknown {
  switch (r.tag) {
    case 'int':
      return Number(r.value as bigint)
    case 'float': {
      const f = r.value as number
      if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloat(f, 'g', -1)}`)
      return f
    }
    default:
      return r.value
  }
}

function scalarOf(node: Scalar): Resolved {
  const raw = String(node.value ?? '')
  const tag = node.tag
  if (tag && tag !== '!') {
    const short = tag.replace('tag:yaml.org,2002:', '')
    if (short === 'str') return {tag: 'str', value: raw}
    const r = resolvePlain(raw)
    if (short === 'float' && r.tag === 'int') return {tag: 'float', value: Number(r.value)}
    if (short === 'binary')
      return {tag: 'str', value: Buffer.from(raw.replace(/\s/g, ''), 'base64').toString('utf8')}
    return r
  }
  if (node.type === 'PLAIN') return resolvePlain(raw)
  return {tag: 'str', value: raw}
}

/** Map keys become strings the way sigs.k8s.io/yaml turns them into JSON object keys. */
function keyString(node: unknown, doc: Document): string {
  if (node instanceof Alias) return keyString(node.resolve(doc), doc)
  if (node instanceof Scalar) {
    const r = scalarOf(node)
    switch (r.tag) {
      case 'null':
        return 'null'
      case 'bool':
        return String(r.value)
      case 'int':
        return (r.value as bigint).toString()
      case 'float':
        return formatFloat(r.value as number, 'g', -1)
      default:
        return r.value as string
    }
  }
  if (node === null || node === undefined) return 'null'
  throw new Error('error converting YAML to JSON: yaml: invalid map key: ' + String(node))
}

function convert(node: unknown, doc: Document): unknown {
  if (node === null || node === undefined) return null
  if (node instanceof Alias) return convert(node.resolve(doc), doc)
  if (node instanceof Scalar) {
    const r = scalarOf(node)
    return r.tag === 'merge' ? '<<' : jsonScalar(r)
  }
  if (node instanceof YAMLSeq) return node.items.map((n) => convert(n, doc))
  if (node instanceof YAMLMap) {
    const out: GoMap = {}
    const merges: GoMap[] = []
    for (const item of node.items as Pair[]) {
      const k = item.key
      if (k instanceof Scalar && k.type === 'PLAIN' && k.value === '<<') {
        const v = convert(item.value, doc)
        for (const m of Array.isArray(v) ? v : [v]) if (isGoMap(m)) merges.push(m)
        continue
      }
      out[keyString(k, doc)] = convert(item.value, doc)
    }
    // Merged keys never override explicit ones; earlier merge sources win over later ones.
    for (const m of merges) for (const k of Object.keys(m)) if (!Object.hasOwn(out, k)) out[k] = m[k]
    return out
  }
  return null
}

/** Error raised for unparsable YAML, worded like sigs.k8s.io/yaml's. */
export class YamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
    this.name = 'YamlError'
  }
}

function parseDocs(text: string): Document[] {
  const docs = parseAllDocuments(text, {schema: 'failsafe', uniqueKeys: false, merge: false})
  const list = Array.isArray(docs) ? docs : [docs]
  for (const d of list) {
    const e = d.errors[0]
    if (e) {
      const line = e.linePos?.[0].line ?? 0
      throw new YamlError(
        `error converting YAML to JSON: yaml: line ${line}: ${e.message.split('\n')[0]}`,
        line,
      )
    }
  }
  return list as Document[]
}

/**
 * sigs.k8s.io/yaml.Unmarshal into interface{}: the first document, YAML 1.1 types, JSON-normalised
 * (numbers are float64, keys strings). An empty document gives null.
 */
export function goYamlParse(text: string): unknown {
  const docs = parseDocs(text)
  if (docs.length === 0) return null
  return convert(docs[0].contents, docs[0])
}

/** All documents of a stream (Helm's fromYamlArray uses the first only; this is for callers that need all). */
export function goYamlParseAll(text: string): unknown[] {
  return parseDocs(text).map((d) => convert(d.contents, d))
}

// ---- emitting ----

/**
 * go-yaml sorts map keys "naturally": numbers inside keys compare by value, letters before others.
 * v3 (`v3`) additionally puts letters first after a run of digits.
 */
export function yamlKeyLess(a: string, b: string, v3 = false): boolean {
  const ar = [...a]
  const br = [...b]
  const isDigit = (c: string): boolean => /\p{Nd}/u.test(c)
  const isLetter = (c: string): boolean => /\p{L}/u.test(c)
  let digits = false
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i])
      continue
    }
    const al = isLetter(ar[i])
    const bl = isLetter(br[i])
    if (al && bl) return ar[i] < br[i]
    if (al || bl) return v3 && digits ? al : bl
    let an = 0n
    let bn = 0n
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n
          bn = 1n
          break
        }
      }
    }
    let ai = i
    let bi = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].codePointAt(0)! - 48)
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].codePointAt(0)! - 48)
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i] < br[i]
  }
  return ar.length < br.length
}

const keyCompare = (a: string, b: string, v3 = false): number =>
  yamlKeyLess(a, b, v3) ? -1 : yamlKeyLess(b, a, v3) ? 1 : 0

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/

/** go-yaml's is_printable: note that NEL and everything outside the BMP (emoji) count as unprintable. */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  )
}
const isBreakCp = (cp: number): boolean =>
  cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029
const isBlankOrEnd = (cps: number[], i: number): boolean =>
  i >= cps.length || cps[i] === 0x20 || cps[i] === 0x09 || isBreakCp(cps[i]) || cps[i] === 0

interface ScalarAnalysis {
  flowPlain: boolean
  blockPlain: boolean
  singleQuoted: boolean
  block: boolean
}

/** libyaml's analyze_scalar: which styles can represent the value faithfully (`v3`: yaml.v3's tab rule). */
function analyze(cps: number[], v3: boolean): ScalarAnalysis {
  if (cps.length === 0) return {flowPlain: false, blockPlain: true, singleQuoted: true, block: false}
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
  let tabs = false
  let prevSpace = false
  let prevBreak = false
  const s3 = String.fromCodePoint(...cps.slice(0, 3))
  if (s3 === '---' || s3 === '...') blockInd = flowInd = true
  let precededByWs = true
  for (let i = 0; i < cps.length; i++) {
    const c = String.fromCodePoint(cps[i])
    const followedByWs = isBlankOrEnd(cps, i + 1)
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
    if (v3 && cps[i] === 0x09) tabs = true
    else if (!isPrintable(cps[i])) special = true
    if (cps[i] === 0x20) {
      if (i === 0) leadingSpace = true
      if (i === cps.length - 1) trailingSpace = true
      if (prevBreak) breakSpace = true
      prevSpace = true
      prevBreak = false
    } else if (isBreakCp(cps[i])) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === cps.length - 1) trailingBreak = true
      if (prevSpace) spaceBreak = true
      prevSpace = false
      prevBreak = true
    } else {
      prevSpace = prevBreak = false
    }
    precededByWs = isBlankOrEnd(cps, i)
  }
  const a: ScalarAnalysis = {flowPlain: true, blockPlain: true, singleQuoted: true, block: true}
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false
  if (trailingSpace) a.block = false
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false
  if (spaceBreak || tabs || special) a.flowPlain = a.blockPlain = a.singleQuoted = false
  if (spaceBreak || special) a.block = false
  if (lineBreaks) a.flowPlain = a.blockPlain = false
  if (flowInd) a.flowPlain = false
  if (blockInd) a.blockPlain = false
  return a
}

const BEST_WIDTH = 80
const BEST_INDENT = 2

/** A port-by-behaviour of the parts of libyaml's emitter that go-yaml v2 uses for block output. */
class Emitter {
  /** go-yaml v2 folds at column 80; v3 (toYamlPretty) does not fold. */
  constructor(
    readonly width = BEST_WIDTH,
    readonly v3 = false,
  ) {}
  out = ''
  column = 0
  whitespace = true
  indention = true
  indent = -1

  private put(s: string): void {
    this.out += s
    this.column += 1
  }
  private putBreak(): void {
    this.out += '\n'
    this.column = 0
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0)
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak()
    while (this.column < indent) this.put(' ')
    this.whitespace = true
    this.indention = true
  }
  writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ')
    this.out += ind
    this.column += ind.length
    this.whitespace = isWs
    this.indention = this.indention && isIndention
  }

  scalar(s: string, plainOk: boolean, simpleKey: boolean, root: boolean): void {
    const cps = Array.from(s, (c) => c.codePointAt(0)!)
    const a = analyze(cps, this.v3)
    let style: 'plain' | 'single' | 'double' | 'literal' = s.includes('\n')
      ? 'literal'
      : plainOk
        ? 'plain'
        : 'double'
    if (style === 'plain') {
      if (!a.blockPlain) style = 'single'
      if (s.length === 0 && simpleKey) style = 'single'
    }
    if (style === 'single' && !a.singleQuoted) style = 'double'
    if (style === 'literal' && (!a.block || simpleKey)) style = 'double'
    const saved = this.indent
    this.indent = this.indent < 0 ? BEST_INDENT : this.indent + BEST_INDENT
    const allowBreaks = !simpleKey
    switch (style) {
      case 'plain':
        this.writePlain(cps, allowBreaks)
        break
      case 'single':
        this.writeSingle(cps, allowBreaks)
        break
      case 'double':
        this.writeDouble(cps, allowBreaks)
        break
      case 'literal':
        this.writeLiteral(cps)
    }
    this.indent = saved
    void root
  }

  private writePlain(cps: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ')
    let spaces = false
    let breaks = false
    for (let i = 0; i < cps.length; i++) {
      const cp = cps[i]
      if (cp === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && cps[i + 1] !== 0x20) this.writeIndent()
        else this.put(' ')
        spaces = true
      } else if (isBreakCp(cp)) {
        if (!breaks && cp === 0x0a) this.putBreak()
        this.writeBreak(cp)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.put(String.fromCodePoint(cp))
        this.indention = false
        spaces = breaks = false
      }
    }
    this.whitespace = false
    this.indention = false
  }

  private writeBreak(cp: number): void {
    if (cp === 0x0a) this.putBreak()
    else {
      this.out += String.fromCodePoint(cp)
      this.column = 0
    }
  }

  private writeSingle(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false)
    let spaces = false
    let breaks = false
    for (let i = 0; i < cps.length; i++) {
      const cp = cps[i]
      if (cp === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > this.width &&
          i > 0 &&
          i < cps.length - 1 &&
          cps[i + 1] !== 0x20
        ) {
          this.writeIndent()
        } else this.put(' ')
        spaces = true
      } else if (isBreakCp(cp)) {
        if (!breaks && cp === 0x0a) this.putBreak()
        this.writeBreak(cp)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        if (cp === 0x27) this.put("'")
        this.put(String.fromCodePoint(cp))
        this.indention = false
        spaces = breaks = false
      }
    }
    this.writeIndicator("'", false, false, false)
    this.whitespace = false
    this.indention = false
  }

  private writeDouble(cps: number[], allowBreaks: boolean): void {
    let spaces = false
    this.writeIndicator('"', true, false, false)
    for (let i = 0; i < cps.length; i++) {
      const v = cps[i]
      if (!isPrintable(v) || v === 0xfeff || isBreakCp(v) || v === 0x22 || v === 0x5c) {
        const esc: Record<number, string> = {
          0: '0',
          7: 'a',
          8: 'b',
          9: 't',
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
        let e = esc[v]
        if (e === undefined) {
          const w = v <= 0xff ? 2 : v <= 0xffff ? 4 : 8
          e = (w === 2 ? 'x' : w === 4 ? 'u' : 'U') + v.toString(16).toUpperCase().padStart(w, '0')
        }
        this.out += '\\' + e
        this.column += 1 + e.length
        spaces = false
      } else if (v === 0x20) {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < cps.length - 1) {
          this.writeIndent()
          if (cps[i + 1] === 0x20) this.put('\\')
        } else this.put(' ')
        spaces = true
      } else {
        this.put(String.fromCodePoint(v))
        spaces = false
      }
    }
    this.writeIndicator('"', false, false, false)
    this.whitespace = false
    this.indention = false
  }

  private writeLiteral(cps: number[]): void {
    this.writeIndicator('|', true, false, false)
    // block scalar hints
    if (cps[0] === 0x20 || isBreakCp(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false)
    let chomp = ''
    const n = cps.length
    if (!isBreakCp(cps[n - 1])) chomp = '-'
    else if (n === 1 || isBreakCp(cps[n - 2])) chomp = '+'
    if (chomp) this.writeIndicator(chomp, false, false, false)
    this.putBreak()
    this.indention = true
    this.whitespace = true
    let breaks = true
    for (const cp of cps) {
      if (isBreakCp(cp)) {
        this.writeBreak(cp)
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.put(String.fromCodePoint(cp))
        this.indention = false
        breaks = false
      }
    }
  }
}

/** A value after json.Marshal + go-yaml Unmarshal: what go-yaml actually emits. */
type YNode =
  | {k: 'map'; entries: [string, YNode][]}
  | {k: 'seq'; items: YNode[]}
  | {k: 'scalar'; text: string; plainOk: boolean}

function floatScalar(f: number): YNode {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloat(f, 'g', -1)}`)
  // encoding/json writes integers below 1e21 without exponent; go-yaml then reads them back as ints.
  if (Number.isInteger(f) && Math.abs(f) < 1e21) {
    const s = BigInt(f).toString()
    if (parseIntBase0(s) !== undefined) return {k: 'scalar', text: s === '-0' ? '0' : s, plainOk: true}
  }
  return {k: 'scalar', text: formatFloat(f, 'g', -1), plainOk: true}
}

function stringNode(v: string): YNode {
  const r = resolvePlain(v)
  return {k: 'scalar', text: v, plainOk: r.tag === 'str' && !BASE60.test(v)}
}

/**
 * encoding/json leaves U+0085 (NEL) unescaped, and go-yaml then reads it as a line break inside a quoted
 * scalar and folds it: one break becomes a space, n breaks n-1 newlines, spaces around them go.
 */
function foldNel(s: string): string {
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

function mapKey(k: string): string {
  // a line break inside a key of the JSON text is a multi-line implicit key for go-yaml: an error
  if (k.includes('\u0085')) throw new Error("yaml: line 1: could not find expected ':'")
  return k
}

/**
 * The value as go-yaml sees it: after a JSON round trip for sigs.k8s.io/yaml (`json`), or directly
 * (yaml.v3's encoder, for toYamlPretty).
 */
function toYNode(v: unknown, json = true): YNode {
  const sub = (x: unknown): YNode => toYNode(x, json)
  switch (typeof v) {
    case 'string':
      return stringNode(json ? foldNel(v) : v)
    case 'bigint':
      return {k: 'scalar', text: v.toString(), plainOk: true}
    case 'number':
      return json ? floatScalar(v) : {k: 'scalar', text: yamlFloat(v), plainOk: true}
    case 'boolean':
      return {k: 'scalar', text: String(v), plainOk: true}
    case 'undefined':
      return {k: 'scalar', text: 'null', plainOk: true}
  }
  if (v === null) return {k: 'scalar', text: 'null', plainOk: true}
  if (v instanceof Int64) return {k: 'scalar', text: v.v.toString(), plainOk: true}
  if (Array.isArray(v)) return {k: 'seq', items: v.map(sub)}
  if (v instanceof Uint8Array) return sub(Buffer.from(v).toString('base64'))
  if (v instanceof GoStruct && v.goJson() !== undefined) return sub(v.goJson())
  const entries: [string, unknown][] =
    v instanceof GoStruct ? v.goFields() : isGoMap(v) ? Object.keys(v).map((k) => [k, v[k]]) : []
  return {
    k: 'map',
    entries: entries
      .sort((a, b) => keyCompare(a[0], b[0], !json))
      .map(([k, x]) => [json ? mapKey(k) : k, sub(x)]),
  }
}

/** go-yaml's float encoding: shortest %g, with YAML's spellings of infinities and NaN. */
function yamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf'
  return formatFloat(f, 'g', -1)
}

function emitNode(e: Emitter, n: YNode, ctx: 'root' | 'map' | 'seq', indentSeqs = false): void {
  if (n.k === 'scalar') {
    e.scalar(n.text, n.plainOk, false, ctx === 'root')
    return
  }
  const items = n.k === 'map' ? n.entries : n.items
  if (items.length === 0) {
    e.writeIndicator(n.k === 'map' ? '{' : '[', true, true, false)
    e.writeIndicator(n.k === 'map' ? '}' : ']', false, false, false)
    return
  }
  const saved = e.indent
  if (n.k === 'map') {
    e.indent = e.indent < 0 ? 0 : e.indent + BEST_INDENT
    for (const [k, v] of n.entries) {
      e.writeIndent()
      const kr = resolvePlain(k)
      const plainOk = kr.tag === 'str' && !BASE60.test(k)
      // multi-line or long (> 128 bytes) keys are written as complex keys: `? key` then `: value`
      if (/[\n\r\u0085\u2028\u2029]/.test(k) || Buffer.byteLength(k) > 128) {
        e.writeIndicator('?', true, false, true)
        e.scalar(k, plainOk, false, false)
        e.writeIndent()
        e.writeIndicator(':', true, false, true)
      } else {
        e.scalar(k, plainOk, true, false)
        e.writeIndicator(':', false, false, false)
      }
      emitNode(e, v, 'map', indentSeqs)
    }
  } else {
    // sequences directly under a mapping key are not indented (go-yaml's "indentless" sequences)
    const indentless = ctx === 'map' && !e.indention && !indentSeqs
    e.indent = e.indent < 0 ? 0 : indentless ? e.indent : e.indent + BEST_INDENT
    for (const item of n.items) {
      e.writeIndent()
      e.writeIndicator('-', true, false, true)
      emitNode(e, item, 'seq', indentSeqs)
    }
  }
  e.indent = saved
}

/**
 * sigs.k8s.io/yaml.Marshal: json.Marshal, then go-yaml v2 output. Ends with a newline (Helm's toYaml trims
 * it). Throws for values JSON cannot hold (NaN, Inf).
 */
export function goYamlMarshal(v: unknown): string {
  const e = new Emitter()
  emitNode(e, toYNode(v), 'root')
  // document end: go-yaml writes a final line break
  e.writeIndent()
  return e.out
}

/**
 * yaml.v3's Encoder with SetIndent(2) (Helm's toYamlPretty): values encoded directly (floats as %g),
 * sequences indented under their key, no line folding.
 */
export function goYamlMarshalPretty(v: unknown): string {
  const e = new Emitter(Number.MAX_SAFE_INTEGER, true)
  emitNode(e, toYNode(v, false), 'root', true)
  e.writeIndent()
  return e.out
}
