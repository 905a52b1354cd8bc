import {
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

/** A problem reading an input: it names the source and, when known, the line. */
export interface InputProblem {
  readonly source: string
  readonly line?: number
  readonly message: string
  /**
   * `warning` for a document that is not a Kubernetes object (no apiVersion or kind, e.g. a mesh config
   * file): istioctl skips those, so they make no file invalid. Default `error`.
   */
  readonly level?: 'error' | 'warning'
}

/** The objects found in one input and the problems met reading it. */
export interface ParsedInput {
  readonly objects: InputObject[]
  readonly problems: InputProblem[]
}

/** Formats a problem as `source:line: message` (no line when unknown). */
export function formatProblem(p: InputProblem): string {
  return `${p.line === undefined ? p.source : `${p.source}:${p.line}`}: ${p.message}`
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
    object: root.toJSON(doc) as Record<string, unknown>,
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
  const deep = deepNestingLine(text)
  if (deep !== undefined)
    return {
      objects: [],
      problems: [
        {source, line: deep, message: `cannot parse YAML: nested deeper than ${MAX_NESTING} levels`},
      ],
    }
  return parseFast(text, source) ?? parseDocumentsWithPositions(text, source)
}

/** parseDocuments with the `yaml` parser throughout: every node's position kept, slower. */
export function parseDocumentsWithPositions(text: string, source: string): ParsedInput {
  const counter = new LineCounter()
  const objects: InputObject[] = []
  const problems: InputProblem[] = []
  const docs = parseAllDocuments(text, {lineCounter: counter, prettyErrors: false, uniqueKeys: true})
  if (!Array.isArray(docs)) return {objects, problems} // an empty stream
  const lineAt = (pos: number): number => counter.linePos(pos).line
  const lastContentLine = lineAt(text.trimEnd().length)

  docs.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]
      // An error found at the end of the input (an unclosed bracket) points at the last line with content.
      const line = Math.min(lineAt(e.pos[0]), lastContentLine)
      problems.push({source, line, message: `cannot parse YAML: ${firstLine(e.message)}`})
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
    if (isList(obj.object)) {
      const items = child(root, 'items')?.value
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

function firstLine(msg: string): string {
  return msg.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
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
