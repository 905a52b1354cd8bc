/**
 * YAML as Helm sees it through sigs.k8s.io/yaml (go-yaml v2 underneath):
 * - {@link goYamlParse}: YAML 1.1 resolution (yes/on are booleans, 0777 is octal, `<<` merges), then
 *   the JSON round trip, so numbers become float64 and keys become strings.
 * - {@link goYamlMarshal}: go-yaml v2's block output (../yaml/go-yaml.ts) of the JSON round trip;
 *   {@link goYamlMarshalPretty}: yaml.v3's (toYamlPretty).
 * The `yaml` package parses; the emitter is ours because `yaml`'s stringifier cannot reproduce go-yaml's
 * quoting, key order and folding.
 */
import {createRequire} from 'node:module'
import type {Document, Pair, Scalar} from 'yaml'
import {
  emitGoYaml,
  formatNumber,
  goYamlSortBy,
  goYamlSortKeys,
  type GoYamlNode,
  jsonRoundTripKey,
  jsonRoundTripString,
  type Resolved,
  resolveScalar,
  stringStyle,
} from '../yaml/go-yaml.js'
import {formatFloat} from './fmt.js'
import {type GoMap, GoStruct, Int64, isGoMap} from './values.js'

// ---- parsing ----

type YamlLib = typeof import('yaml')
let yamlLib: YamlLib | undefined
/** The `yaml` package, loaded on first use: chart renders that only write YAML never need it. */
function yaml(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib)
}

/** Converts a resolved YAML value to what Go gets after the JSON round trip. */
function jsonScalar(r: Resolved): unknown {
  switch (r.tag) {
    case 'int':
      return Number(r.value as bigint)
    case 'float': {
      const f = r.value as number
      if (!Number.isFinite(f))
        throw new Error(`error converting YAML to JSON: json: unsupported value: ${formatFloat(f, 'g', -1)}`)
      return f
    }
    default:
      return r.value
  }
}

function scalarOf(node: Scalar): Resolved {
  // the yaml package decodes !!binary itself, even under the failsafe schema
  const raw =
    node.value instanceof Uint8Array ? Buffer.from(node.value).toString('base64') : String(node.value ?? '')
  const tag = node.tag
  if (tag === '!') return {tag: 'str', value: raw}
  if (tag) {
    const short = tag.replace('tag:yaml.org,2002:', '')
    if (short === 'str') return {tag: 'str', value: raw}
    const r = resolveScalar(raw)
    if (short === 'float' && r.tag === 'int') return {tag: 'float', value: Number(r.value)}
    if (short === 'binary')
      return {tag: 'str', value: Buffer.from(raw.replace(/\s/g, ''), 'base64').toString('utf8')}
    return r
  }
  if (node.type === 'PLAIN') return resolveScalar(raw)
  return {tag: 'str', value: raw}
}

/** sigs.k8s.io/yaml's float key: strconv.FormatFloat(f, 'g', -1, 32), with YAML's infinity spellings. */
function floatKey(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf'
  // shortest decimal that reads back as the same float32
  const f32 = Math.fround(f)
  let p = 1
  while (p < 9 && Math.fround(Number(f32.toPrecision(p))) !== f32) p++
  return formatFloat(Number(f32.toPrecision(p)), 'g', -1)
}

/** Go's %#v of a decoded go-yaml v2 value (map keys sorted, as fmt prints them). */
function goSyntax(node: unknown, doc: Document): string {
  const {Alias, Scalar, YAMLMap, YAMLSeq} = yaml()
  if (node instanceof Alias) return goSyntax(node.resolve(doc), doc)
  if (node instanceof YAMLSeq) return `[]interface {}{${node.items.map((n) => goSyntax(n, doc)).join(', ')}}`
  if (node instanceof YAMLMap) {
    const items = (node.items as Pair[])
      .map((p) => `${goSyntax(p.key, doc)}:${goSyntax(p.value, doc)}`)
      .sort()
    return `map[interface {}]interface {}{${items.join(', ')}}`
  }
  if (!(node instanceof Scalar)) return 'interface {}(nil)'
  const r = scalarOf(node)
  switch (r.tag) {
    case 'null':
      return 'interface {}(nil)'
    case 'float':
      return formatFloat(r.value as number, 'g', -1)
    case 'str':
      return JSON.stringify(r.value)
    default:
      return String(r.value)
  }
}

/** Map keys become strings the way sigs.k8s.io/yaml turns them into JSON object keys. */
function keyString(node: unknown, doc: Document, value?: unknown): string {
  const {Alias, Scalar} = yaml()
  if (node instanceof Alias) return keyString(node.resolve(doc), doc, value)
  if (node instanceof Scalar) {
    const r = scalarOf(node)
    switch (r.tag) {
      case 'null':
        // sigs.k8s.io/yaml's convertToJSONableObject has no case for a nil key
        throw new Error(
          `error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSyntax(value, doc)}`,
        )
      case 'bool':
        return String(r.value)
      case 'int':
        return (r.value as bigint).toString()
      case 'float':
        return floatKey(r.value as number)
      default:
        return r.value as string
    }
  }
  if (node === null || node === undefined) return 'null'
  throw new Error('error converting YAML to JSON: yaml: invalid map key: ' + goSyntax(node, doc))
}

function convert(node: unknown, doc: Document): unknown {
  const {Alias, Scalar, YAMLMap, YAMLSeq} = yaml()
  if (node === null || node === undefined) return null
  if (node instanceof Alias) return convert(node.resolve(doc), doc)
  if (node instanceof Scalar) {
    return jsonScalar(scalarOf(node))
  }
  if (node instanceof YAMLSeq) return node.items.map((n) => convert(n, doc))
  if (node instanceof YAMLMap) {
    const out: GoMap = {}
    const merges: GoMap[] = []
    for (const item of node.items as Pair[]) {
      const k = item.key
      if (k instanceof Scalar && k.type === 'PLAIN' && k.value === '<<') {
        const v = convert(item.value, doc)
        for (const m of Array.isArray(v) ? v : [v]) {
          if (!isGoMap(m))
            throw new Error(
              'error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value',
            )
          merges.push(m)
        }
        continue
      }
      out[keyString(k, doc, item.value)] = convert(item.value, doc)
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
  const docs = yaml().parseAllDocuments(text, {schema: 'failsafe', uniqueKeys: false, merge: false})
  for (const d of docs) {
    const e = d.errors[0]
    if (e) {
      const line = e.linePos?.[0].line ?? 0
      throw new YamlError(
        `error converting YAML to JSON: yaml: line ${line}: ${e.message.split('\n')[0]}`,
        line,
      )
    }
  }
  return docs as Document[] // an empty stream is an empty array too
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

/** go-yaml reads a float back as the int JSON wrote when it fits; NaN and Inf have no JSON form. */
function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloat(f, 'g', -1)}`)
  return formatNumber(f)
}

/** yaml.v3's float encoding: shortest %g, with YAML's spellings of infinities and NaN. */
function yamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf'
  return formatFloat(f, 'g', -1)
}

const plain = (text: string): GoYamlNode<unknown> => ({kind: 'scalar', text, style: 'plain'})

/**
 * What go-yaml is given for a template value: the value after a JSON round trip for sigs.k8s.io/yaml
 * (`json`), or the value itself (yaml.v3's encoder, for toYamlPretty).
 */
function describer(json: boolean): (v: unknown) => GoYamlNode<unknown> {
  const describe = (v: unknown): GoYamlNode<unknown> => {
    switch (typeof v) {
      case 'string': {
        const s = json ? jsonRoundTripString(v) : v
        return {kind: 'scalar', text: s, style: stringStyle(s)}
      }
      case 'bigint':
        return plain(v.toString())
      case 'number':
        return plain(json ? jsonFloat(v) : yamlFloat(v))
      case 'boolean':
        return plain(String(v))
      case 'undefined':
        return plain('null')
    }
    if (v === null) return plain('null')
    if (v instanceof Int64) return plain(v.v.toString())
    if (Array.isArray(v)) return {kind: 'seq', items: v}
    // JSON writes a []byte as base64; yaml.v3 as a sequence of numbers
    if (v instanceof Uint8Array) {
      return json ? describe(Buffer.from(v).toString('base64')) : {kind: 'seq', items: Array.from(v, BigInt)}
    }
    if (v instanceof GoStruct && v.goJson() !== undefined) return describe(v.goJson())
    if (isGoMap(v)) {
      // maps: sort the keys themselves (no [key, value] pair per entry: CRDs have many thousands)
      const keys = goYamlSortKeys(Object.keys(v), !json)
      if (json) keys.forEach(jsonRoundTripKey)
      return {kind: 'map', keys, values: keys.map((k) => v[k])}
    }
    const entries: [string, unknown][] = v instanceof GoStruct ? v.goFields() : []
    // JSON names the fields and go-yaml sorts them; yaml.v3 keeps the struct's order and lower-cases names
    if (json) goYamlSortBy(entries, (e) => e[0], false)
    return {
      kind: 'map',
      keys: entries.map(([k]) => (json ? jsonRoundTripKey(k) : k.toLowerCase())),
      values: entries.map((e) => e[1]),
    }
  }
  return describe
}
const describeJson = describer(true)
const describeV3 = describer(false)

/**
 * sigs.k8s.io/yaml.Marshal: json.Marshal, then go-yaml v2 output. Ends with a newline (Helm's toYaml trims
 * it). Throws for values JSON cannot hold (NaN, Inf).
 */
export function goYamlMarshal(v: unknown): string {
  return emitGoYaml(v, describeJson)
}

/**
 * yaml.v3's Encoder with SetIndent(2) (Helm's toYamlPretty): values encoded directly (floats as %g),
 * sequences indented under their key, no line folding.
 */
export function goYamlMarshalPretty(v: unknown): string {
  return emitGoYaml(v, describeV3, {width: Infinity, v3: true, indentSequences: true})
}
