import {
  type Alias,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Document,
  type Node,
} from 'yaml'
import {excessiveAliasing} from '../yaml/aliasing.js'
import {parseFast} from './fast.js'
import {admitObject, isList} from './kube.js'
import {child, lineOfPath} from './positions.js'
import {deepNestingLine, MAX_NESTING} from './depth.js'

/** A path into an object: map keys and list indexes, e.g. `['spec', 'http', 0, 'route']`. */
export type FieldPath = ReadonlyArray<string | number>

/** One Kubernetes-style object read from an input, with the means to find the line of any of its fields. */
export interface InputObject {
  /** The object as plain JSON data. */
  readonly object: Record<string, unknown>
  /** Where it came from: a file path, or `-` for stdin. */
  readonly source: string
  /** 0-based index of the YAML document in the source. */
  readonly docIndex: number
  /** For an item of a `List`, its index in `items`. */
  readonly listIndex?: number
  /** 1-based line where the object starts. */
  readonly line: number
  /**
   * The 1-based line of the field at `path` (relative to the object). For a field that is not there,
   * the line of its nearest present ancestor, so a "missing field" error points at the enclosing map.
   */
  lineOf(path: FieldPath): number
}

/**
 * A message about a place in an input: the source (a path, or `-` for stdin) and, when known, line and
 * column. Input problems and `validate`'s findings are both this; analyze's findings are istioctl messages
 * (code, level, resource) and keep their own shape.
 */
export interface InputMessage {
  readonly source: string
  readonly line?: number
  /** 1-based column, when known (YAML syntax errors). */
  readonly column?: number
  readonly level?: 'error' | 'warning' | 'info'
  readonly message: string
  /** The lines around the place with a marker, shown with --debug only. */
  readonly frame?: string
}

/** `source:line:col` (the parts known; stdin, `-`, is `<stdin>`). */
export function formatLocation(m: Pick<InputMessage, 'source' | 'line' | 'column'>): string {
  const source = m.source === '-' ? '<stdin>' : m.source
  if (m.line === undefined) return source
  return `${source}:${m.line}${m.column === undefined ? '' : `:${m.column}`}`
}

/**
 * A problem reading an input. `level: 'warning'` for a document that is not a Kubernetes object (no
 * apiVersion or kind, e.g. a mesh config file): istioctl skips those, so they make no file invalid.
 * Default `error`.
 */
export interface InputProblem extends InputMessage {
  readonly level?: 'error' | 'warning'
}

/** The objects found in one input and the problems met reading it. */
export interface ParsedInput {
  readonly objects: InputObject[]
  readonly problems: InputProblem[]
}

/** Formats a problem as `source:line[:col]: message` (no line when unknown); one line, never the frame. */
export function formatProblem(p: InputProblem): string {
  return `${formatLocation(p)}: ${p.message}`
}

function makeObject(
  doc: Document.Parsed,
  root: Node,
  counter: LineCounter,
  fields: {source: string; docIndex: number; listIndex?: number},
): InputObject {
  const lineAt = (n: Node): number => counter.linePos(n.range?.[0] ?? 0).line
  return {
    ...fields,
    // toJS with the document resolves aliases (toJSON leaves them as `{source}`), each to its anchor's
    // one object: shared, never copied, so no alias count can grow (an anchor bomb stays a small graph)
    object: root.toJS(doc, {maxAliasCount: -1}) as Record<string, unknown>,
    line: lineAt(root),
    lineOf: (path) => lineOfPath(root, path, lineAt),
  }
}

/**
 * Parses YAML or JSON text (several `---` documents, Kubernetes `List`s expanded into their items) into
 * objects that remember their lines. Empty documents are skipped; a document that does not parse or is not
 * a map, and an object without `apiVersion` or `kind`, become problems, never exceptions.
 *
 * Plain Kubernetes YAML takes a fast path (see fast.ts); anything else, including every file with a
 * problem, is read by {@link parseDocumentsWithPositions}, whose results the fast path reproduces.
 */
export function parseDocuments(text: string, source: string): ParsedInput {
  const refuse = (at: number, message: string): ParsedInput => ({
    objects: [],
    problems: [{source, line: at, message: `cannot parse YAML: ${message}`}],
  })
  const deep = deepNestingLine(text)
  if (deep !== undefined) return refuse(deep, `nested deeper than ${MAX_NESTING} levels`)
  // YAML allows no NUL; the `yaml` parser would keep it inside a scalar
  const nul = text.indexOf('\0')
  if (nul >= 0) return refuse(lineOfOffset(text, nul), 'contains a NUL byte (a binary or UTF-16 file?)')
  return parseFast(text, source) ?? parseDocumentsWithPositions(text, source)
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** parseDocuments with the `yaml` parser throughout: every node's position kept, slower. */
export function parseDocumentsWithPositions(text: string, source: string): ParsedInput {
  const counter = new LineCounter()
  const objects: InputObject[] = []
  const problems: InputProblem[] = []
  // an empty stream is an empty array (yaml's EmptyStream)
  const docs = parseAllDocuments(text, {lineCounter: counter, prettyErrors: false, uniqueKeys: true})
  const lineAt = (pos: number): number => counter.linePos(pos).line
  const lastContentLine = lineAt(text.trimEnd().length)

  // an alias starts a node: at a line's start or after a blank, `[`, `{`, `,` or `:`
  const mayHaveAlias = /(?:^|[\s[{,:])\*/.test(text)
  docs.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]
      // An error found at the end of the input (an unclosed bracket) points at the last line with content.
      const pos = counter.linePos(e.pos[0])
      const column = pos.line > lastContentLine ? undefined : pos.col
      const line = Math.min(pos.line, lastContentLine)
      problems.push({
        source,
        line,
        ...(column === undefined ? {} : {column}),
        message: `cannot parse YAML: ${firstLine(e.message)}`,
        frame: codeFrame(text, line, column),
      })
      return
    }
    const badKey = collectionKey(doc)
    if (badKey) {
      // JSON (and so Kubernetes) has string keys only; `{{ .Values.x }}: y` in a template is such a key
      problems.push({
        source,
        line: lineAt(badKey.range?.[0] ?? 0),
        message: 'cannot parse YAML: invalid map key (a map or list used as a key; an unrendered template?)',
      })
      return
    }
    const alias = mayHaveAlias ? unresolvedAlias(doc) : undefined
    if (alias) {
      problems.push({
        source,
        line: lineAt(alias.range?.[0] ?? 0),
        message: `cannot parse YAML: unknown alias *${alias.source}`,
      })
      return
    }
    const root = doc.contents as Node | null
    if (root === null || (isScalar(root) && root.value === null)) return // an empty document
    if (!isMap(root)) {
      const what = isSeq(root) ? 'a list' : `a ${typeof (root as {value?: unknown}).value}`
      problems.push({
        source,
        line: lineAt(root.range?.[0] ?? 0),
        message: `document is ${what}, not an object`,
      })
      return
    }
    const obj = makeObject(doc, root, counter, {source, docIndex})
    if (mayHaveAlias && excessiveAliasing(obj.object)) {
      // as go-yaml (and so istioctl) refuses it; checked before anything walks the shared objects
      problems.push({
        source,
        line: obj.line,
        message: 'cannot parse YAML: document contains excessive aliasing',
      })
      return
    }
    if (isList(obj.object)) {
      // `items: *anchor` is the anchored list (isList saw an array, so it is one)
      const found = child(root, 'items')?.value
      const items = isAlias(found) ? found.resolve(doc) : found
      if (!isSeq(items)) return
      items.items.forEach((item, listIndex) => {
        const node = item as Node
        if (!isMap(node)) {
          problems.push({
            source,
            line: lineAt(node.range?.[0] ?? 0),
            message: `items[${listIndex}] is not an object`,
          })
          return
        }
        admitObject(makeObject(doc, node, counter, {source, docIndex, listIndex}), {objects, problems})
      })
      return
    }
    admitObject(obj, {objects, problems})
  })
  return {objects, problems}
}

/** Two lines before the problem, its line and a caret under the column (or the line's start). */
function codeFrame(text: string, line: number, column?: number): string {
  const lines = text.split('\n')
  const from = Math.max(1, line - 2)
  const width = String(line).length
  const out: string[] = []
  for (let n = from; n <= line; n++) out.push(`${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`)
  out.push(`${' '.repeat(width)} | ${' '.repeat(Math.max(0, (column ?? 1) - 1))}^`)
  return out.join('\n')
}

// without prettyErrors the message carries no ` at line …, column …` suffix
function firstLine(msg: string): string {
  return msg.split('\n')[0]
}

/** The first alias with no anchor before it, which the `yaml` parser leaves for toJS() to throw on. */
function unresolvedAlias(doc: Document.Parsed): Alias | undefined {
  let found: Alias | undefined
  visit(doc, {
    Alias(_, a) {
      if (a.resolve(doc) === undefined) {
        found = a
        return visit.BREAK
      }
      return undefined
    },
  })
  return found
}

/** The first map key that is itself a map or a list, if any. */
function collectionKey(doc: Document.Parsed): Node | undefined {
  let found: Node | undefined
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        found = pair.key
        return visit.BREAK
      }
      return undefined
    },
  })
  return found
}
