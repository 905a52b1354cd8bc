/**
 * YAML the way istioctl reads and writes it: sigs.k8s.io/yaml on top of go-yaml v2 (YAML 1.1 scalars, keys
 * in go-yaml's "natural" order, 80-column folding, its quoting rules). `manifest generate` output must be
 * byte-identical to istioctl's, so this follows go-yaml's emitter decisions rather than the `yaml` package's.
 * @module
 */
import jsyaml from 'js-yaml'
import {inputError} from '../errors.js'
import {
  emitGoYaml,
  formatNumber,
  goYamlKeyLess,
  goYamlSortKeys,
  type GoYamlNode,
  jsonRoundTripKey,
  jsonRoundTripString,
  resolveScalar,
  stringStyle,
} from '../yaml/go-yaml.js'
import {excessiveAliasing} from '../yaml/aliasing.js'

export {formatNumber, goYamlKeyLess, goYamlSortKeys}

/** A JSON-like value, as objects are held in memory. */
export type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

// ---------------------------------------------------------------------------------------------------------
// Scalar resolution: go-yaml v2's rules (../yaml/go-yaml.ts), with integers as JS numbers.

type Resolved = {tag: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp'; value: Json}

/** What go-yaml v2 makes of an unquoted scalar. */
export function resolvePlain(s: string): Resolved {
  const r = resolveScalar(s)
  return typeof r.value === 'bigint' ? {tag: r.tag, value: Number(r.value)} : (r as Resolved)
}

// ---------------------------------------------------------------------------------------------------------
// Parsing: YAML text -> JSON-like values (what sigs.k8s.io/yaml.Unmarshal yields). js-yaml does the syntax;
// a schema whose implicit types are go-yaml v2's decides what unquoted scalars mean.

const PLAIN_TAGS = ['null', 'bool', 'int', 'float'] as const
let lastScalar: string | undefined
let lastResolved: Resolved = {tag: 'str', value: ''}
/** resolvePlain for js-yaml's implicit types, which ask once per type: remember the last answer. */
function resolveOnce(data: unknown): Resolved {
  const s = String(data)
  if (s !== lastScalar) {
    lastScalar = s
    lastResolved = resolvePlain(s)
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
// Any other tag (`!local`, `!<verbatim>`, `!!set`, `!!timestamp`, `!!str` on a list...): go-yaml decodes the
// node as if untagged, except that a scalar keeps its text as a string.
const otherTags = (['scalar', 'sequence', 'mapping'] as const).map(
  (kind) => new jsyaml.Type('', {kind, multi: true, construct: (data: unknown) => data ?? ''}),
)
// `!!binary`: standard base64 (line breaks skipped), decoded into a string
const binaryType = new jsyaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(
      String(data).replace(/[\r\n]/g, ''),
    ),
  construct: (data: unknown) => Buffer.from(String(data).replace(/[\r\n]/g, ''), 'base64').toString('utf8'),
})
const GO_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [...goTypes, mergeType],
  explicit: [binaryType, ...otherTags],
})

/**
 * A deep copy, so that each alias is a value of its own (js-yaml shares one object between an anchor and
 * its aliases; Go decodes each into a copy, and templates may change one of them).
 */
function unshare(v: Json): Json {
  // a billion laughs is refused before it is copied (go-yaml's excessive-aliasing rule)
  if (excessiveAliasing(v)) throw new YamlError('document contains excessive aliasing')
  const copy = (x: Json): Json => {
    if (x === null || typeof x !== 'object') return x
    if (Array.isArray(x)) return x.map(copy)
    const out: {[k: string]: Json} = {}
    for (const [k, y] of Object.entries(x)) out[k] = copy(y)
    return out
  }
  return copy(v)
}

/** Parses one or more YAML documents into JSON-like values with go-yaml v2's YAML 1.1 scalar rules. */
export function parseYamlDocuments(text: string): Json[] {
  try {
    const opts: jsyaml.LoadOptions = {schema: GO_YAML_SCHEMA, json: true}
    if (!/[\n\r\u0085\u2028\u2029]$/.test(text) && mayEndInBlockScalar(text))
      opts.listener = blockScalarAtEof(text)
    const docs = jsyaml.loadAll(text, undefined, opts) as Json[]
    // Only aliases (`*name`, also behind `<<` merges) make js-yaml share objects. An alias starts a node: at
    // the start of a line or after a blank, `[`, `{`, `,` or `:`; a `*` anywhere else is text.
    return /(?:^|[\s[{,:])\*/.test(text) ? docs.map(unshare) : docs
  } catch (e) {
    if (e instanceof jsyaml.YAMLException)
      throw new YamlError(
        e.reason,
        e.mark ? e.mark.line + 1 : undefined,
        e.mark ? e.mark.column + 1 : undefined,
        e.mark?.snippet ?? undefined,
      )
    // a nesting deep enough to exhaust the stack is bad input too
    if (e instanceof RangeError) throw new YamlError('document nested too deeply')
    throw e
  }
}

/**
 * Whether the text could end inside a block scalar: some `|`/`>` header line whose following lines are all
 * more indented. A cheap scan from the end, so the (exact but slower) listener only runs when needed; only
 * lines indented less than all after them are looked at closely.
 */
function mayEndInBlockScalar(text: string): boolean {
  // (the patterns are written here, not as module constants, so that mutation tests can change them)
  // a line that may start a block scalar: a key, item or explicit key, properties, then `|` or `>` with its
  // indicators; it may say so more often than it does (a key with `#`, a comment): the listener is exact
  const blockHeader = /^\s*(?:-\s+|\?\s+|.*?:\s+)?(?:[&!]\S*\s+)*[|>][0-9+-]{0,2}\s*(?:#.*)?$/
  // the first non-blank character (`\s`, what trim() strips) at or after lastIndex
  const nonBlank = /\S/g
  let minIndent = Infinity
  let end = text.length
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    nonBlank.lastIndex = start
    const first = nonBlank.exec(text)?.index ?? end
    const lineEnd = end
    end = start - 1
    if (first >= lineEnd) continue
    const indent = first - start
    if (indent >= minIndent) continue
    if (blockHeader.test(text.slice(start, lineEnd))) return true
    minIndent = indent
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

/**
 * Whether a parsed value has a key that says a number became the key (js-yaml writes it as JavaScript does,
 * sigs.k8s.io/yaml as Go does: 1e+06, exact int64s: long digit runs, tiny fractions, infinities), or a number
 * JSON cannot hold.
 */
function hasNumberTrouble(v: Json): boolean {
  if (typeof v === 'number') return !Number.isFinite(v)
  if (v === null || typeof v !== 'object') return false
  if (Array.isArray(v)) return v.some(hasNumberTrouble)
  return Object.keys(v).some((k) => /^-?(?:\d{7,}|0\.0000|Infinity$|NaN$)/.test(k) || hasNumberTrouble(v[k]!))
}

/**
 * The first document of plain YAML (a chart's values.yaml or Chart.yaml) as sigs.k8s.io/yaml reads it,
 * with the go-yaml scalar rules of this module, or undefined when the text uses a construct where this
 * reader and the template engine's (`goYamlParse`, on the `yaml` package) might differ: then use that.
 * js-yaml is already at work for the CRDs, so charts load without warming up a second parser.
 */
export function parseSimpleYaml(text: string): Json | undefined {
  // Text where js-yaml and the `yaml` package could read differently: other than printable characters and
  // `\n` (tabs, CR, NEL, U+2028/9, BOM), tags (`!`), aliases (the `yaml` package limits them), explicit or
  // collection keys (`? k`, `[a]: b`, `{a: 1}: b`, and any collection nested in a flow collection, where it
  // may be a key), or no final newline (a block scalar may end there).
  const notSimple =
    /[^\n\x20-\x7e\u00a1-\u2027\u202a-\ud7ff]|!|(?:^|[\s[{,:])\*|(?:^|[\s[{,])\?(?:\s|$)|[\]}]\s*:(?:\s|$)|[[{,]\s*[[{]|[^\n]$/
  if (notSimple.test(text)) return undefined
  let doc: Json
  try {
    doc = parseYamlDocuments(text)[0] ?? null
  } catch {
    return undefined
  }
  return hasNumberTrouble(doc) ? undefined : doc
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
  /** One line of text (js-yaml's own messages carry a multi-line excerpt, left out here). */
  constructor(
    message: string,
    /** 1-based line of the problem, when known. */
    readonly line?: number,
    /** 1-based column of the problem, when known. */
    readonly column?: number,
    /** The lines around the problem with a marker (shown with --debug only). */
    readonly frame?: string,
  ) {
    super(message)
  }
}

/** `SOURCE[:LINE[:COL]]: cannot parse YAML: REASON`, the one-line input error; the code frame only with --debug. */
export function yamlInputError(source: string, e: unknown, what = 'cannot parse YAML'): Error {
  if (!(e instanceof YamlError)) return e as Error
  const at = e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''
  const err = inputError(`${source}${at}: ${what}: ${e.message}`)
  if (e.frame) err.detail = e.frame
  return err
}

// ---------------------------------------------------------------------------------------------------------
// Emitting: JSON-like value -> YAML text (sigs.k8s.io/yaml.Marshal).

/**
 * What go-yaml v2 is given for a value after sigs.k8s.io/yaml's JSON round trip: scalars with the style its
 * encoder asks for, keys in its order.
 */
function describe(v: Json): GoYamlNode<Json> {
  if (v === null) return {kind: 'scalar', text: 'null', style: 'plain'}
  if (typeof v === 'boolean') return {kind: 'scalar', text: v ? 'true' : 'false', style: 'plain'}
  if (typeof v === 'number') return {kind: 'scalar', text: formatNumber(v), style: 'plain'}
  if (typeof v === 'string') {
    const s = jsonRoundTripString(v)
    return {kind: 'scalar', text: s, style: stringStyle(s)}
  }
  if (Array.isArray(v)) return {kind: 'seq', items: v}
  const keys = goYamlSortKeys(Object.keys(v))
  keys.forEach(jsonRoundTripKey)
  return {kind: 'map', keys, values: keys.map((k) => v[k]!)}
}

/**
 * Serialises one value as sigs.k8s.io/yaml.Marshal does (always ends with a newline). Unlike Helm's toYaml
 * (template/yaml.ts), non-finite numbers are written as `.nan`/`.inf` rather than refused.
 */
export function marshalYaml(value: Json): string {
  return emitGoYaml(value, describe)
}
