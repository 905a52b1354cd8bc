// The fast path of parseDocuments. The `yaml` parser keeps every node's position, which makes it several
// times slower than js-yaml; big inputs are plain Kubernetes YAML whose positions matter only where a
// finding points. So: split the stream into documents while counting lines, read each with js-yaml, and
// find a field's line only when one is asked for, from the document's text (locate.ts) or, where that text
// is not plain block YAML, from a parse of that one document with `yaml`. Whatever the two parsers could
// read differently (anchors, tags, complex and null keys, directives, what js-yaml tolerates and `yaml`
// rejects: see lenient.ts) sends the whole input to the `yaml` path.
import jsyaml from 'js-yaml'
import type {FieldPath, ParsedInput} from './documents.js'
import {admitObject, isList} from './kube.js'
import {mayReadDifferently} from './lenient.js'
import {blockLocator} from './locate.js'
import {lazyLineOf} from './positions.js'
import {isObject} from '../json.js'

const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/
const FLOAT =
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/

/** A plain scalar type: `tag:yaml.org,2002:<name>` for text matching `test`. */
const scalar = (name: string, test: RegExp, construct: (s: string) => unknown) =>
  new jsyaml.Type(`tag:yaml.org,2002:${name}`, {
    kind: 'scalar',
    resolve: (s: string | null) => s !== null && test.test(s),
    construct: (s: string | null) => (s === null ? null : construct(s)),
  })

/**
 * YAML 1.2 core schema scalars exactly as `yaml` resolves them (js-yaml's own int and float types also
 * take `1_000` and `0b1`, its default schema dates and merge keys).
 */
const CORE = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s === 'true' || s === 'True' || s === 'TRUE'),
    scalar('int', INT, (s) =>
      s.startsWith('0o')
        ? parseInt(s.slice(2), 8)
        : s.startsWith('0x')
          ? parseInt(s.slice(2), 16)
          : parseInt(s, 10),
    ),
    scalar('float', FLOAT, (s) =>
      /nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : parseFloat(s),
    ),
  ],
})

/**
 * Text the two parsers may read differently, matched loosely (a false match only costs speed): node
 * properties (`&anchor`, `*alias`, `!tag`) and explicit `? ` keys where a node starts, a flow collection
 * used as a key (`[a]: b`, `{{ .X }}: y`), directives and document end markers.
 */
const NOT_PLAIN = /(?:^|[-:?,[{])[ \t]*(?:[&*!]|\?(?:[ \t]|$))|[\]}][ \t]*:|^(?:%|\.\.\.)/m

/**
 * A null map key (`~:`, `null:`, an empty key `: x`), which `yaml` reads as `''` and js-yaml as `'null'`;
 * matched where a key starts: at the start of a line (after `- ` items) or after `{`, `[` or `,`.
 */
const NULL_KEY = /(?:^[ \t]*(?:-[ \t]+)*|[{,[][ \t]*)(?:(?:~|null|Null|NULL)[ \t]*)?:(?:[ \t]|$)/m

/** A carriage return that does not end a line, and the breaks of YAML 1.1 (NEL, LS, PS): read variously. */
const ODD_BREAK = /\r(?!\n)|[\u0085\u2028\u2029]/

/** One document of the stream: its text is `text.slice(start, end)`, starting on 1-based line `line`. */
interface Chunk {
  start: number
  end: number
  line: number
}

/**
 * Splits a stream at its `---` lines, counting lines. Undefined when a marker line carries content
 * (`--- {a: 1}`), which the `yaml` path handles.
 */
function split(text: string): Chunk[] | undefined {
  const chunks: Chunk[] = [{start: 0, end: text.length, line: 1}]
  let line = 1
  for (let pos = 0; pos < text.length; line++) {
    const nl = text.indexOf('\n', pos)
    const next = nl < 0 ? text.length : nl + 1
    // a byte order mark may come before the first marker
    const at = pos === 0 && text.charCodeAt(0) === 0xfeff ? 1 : pos
    if (text.startsWith('---', at) && (at + 3 === next || /\s/.test(text[at + 3]))) {
      if (!/^\s*(?:#.*)?$/.test(text.slice(at + 3, nl < 0 ? next : nl))) return undefined
      chunks[chunks.length - 1].end = pos
      chunks.push({start: pos, end: text.length, line})
    }
    pos = next
  }
  return chunks
}

/**
 * The 1-based line of the first content (not blank, not a comment) in a chunk, after its `---` line;
 * undefined when there is none.
 */
function contentLine(text: string, c: Chunk, hasMarker: boolean): number | undefined {
  let line = c.line
  let pos = c.start
  if (hasMarker) {
    pos = text.indexOf('\n', pos) + 1 || c.end
    line++
  }
  while (pos < c.end) {
    const nl = text.indexOf('\n', pos)
    const eol = nl < 0 || nl >= c.end ? c.end : nl
    if (!/^[\s\uFEFF]*(?:#.*)?$/.test(text.slice(pos, eol))) return line
    pos = eol + 1
    line++
  }
  return undefined
}

/**
 * Field lines of one document: read from its text where that is plain block YAML, else from a parse of
 * the document with `yaml` (both made on the first call).
 */
function lineFinder(text: string, c: Chunk, rootLine: number, root: unknown): (path: FieldPath) => number {
  let fast: ((path: FieldPath) => number | undefined) | undefined
  let exact: ((path: FieldPath) => number) | undefined
  return (path) => {
    fast ??= blockLocator(text.slice(c.start, c.end).split(/\r?\n/), c.line, rootLine, root)
    const line = fast(path)
    if (line !== undefined) return line
    exact ??= lazyLineOf(text, c.start, c.end, c.line)
    return exact(path)
  }
}

/**
 * parseDocuments for streams of plain maps that js-yaml reads without error. Undefined when anything needs
 * the `yaml` path: a parse error, a document that is not a map or is a `List`, or text NOT_PLAIN matches.
 * The objects, lines, document indexes and problems are the same as the `yaml` path's.
 */
export function parseFast(text: string, source: string): ParsedInput | undefined {
  if (NOT_PLAIN.test(text) || NULL_KEY.test(text) || ODD_BREAK.test(text) || mayReadDifferently(text))
    return undefined
  const chunks = split(text)
  if (!chunks) return undefined
  const parsed: ParsedInput = {objects: [], problems: []}
  let docIndex = -1
  for (const [i, c] of chunks.entries()) {
    const line = contentLine(text, c, i > 0)
    // text before the first `---` is a document only if it has content; every `---` starts one
    if (i > 0 || line !== undefined) docIndex++
    if (line === undefined) continue
    let value: unknown
    try {
      value = jsyaml.load(text.slice(c.start, c.end), {schema: CORE})
    } catch {
      return undefined
    }
    if (value === null || value === undefined) continue
    if (!isObject(value) || isList(value)) return undefined
    admitObject({object: value, source, docIndex, line, lineOf: lineFinder(text, c, line, value)}, parsed)
  }
  return parsed
}
