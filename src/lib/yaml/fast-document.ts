/**
 * The `yaml` library's document model, built from js-yaml's reading of the text: js-yaml reads a
 * document about ten times faster than yaml's own parser, and its `listener` reports where each node
 * starts, so each node's style (block or flow, plain or quoted) comes from its first character. Scalars
 * are resolved with yaml's own schema, as its composer does. The result is the Document `yaml` would have
 * built, for documents that hold only what js-yaml reports: no comments, blank lines, anchors, aliases,
 * tags, merge keys, explicit keys, block scalars, tabs, multi-line plain, quoted or flow values. Anything else, and any
 * document whose nodes do not add up to what js-yaml read, is refused (undefined): the caller parses it
 * with yaml, which also words the errors. Ranges are yaml's for the document and its contents; inner
 * nodes' ranges end where their text ends (yaml's run on to the line break), and nothing reads them.
 * @module
 */
import jsyaml from 'js-yaml'
import {
  Composer,
  Document,
  isScalar,
  LineCounter,
  Pair,
  Parser,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Node,
  type ScalarTag,
  type Schema,
} from 'yaml'

/**
 * Text yaml keeps something of that js-yaml does not report, or where the two disagree (js-yaml drops a
 * byte order mark, which moves every position it reports).
 */
const UNSUPPORTED = /[#\t\r\uFEFF]|(?:^|[\s[{,])[&*!?%@`|>]|<</
const BLANK_LINE = /(?:^|\n) *\n/
/** Another document's start or an end (js-yaml takes `---x` for a marker, yaml for a key): refused. */
const INNER_MARKER = /^(?:---|\.\.\.)/m
/** yaml refuses implicit keys longer than this. */
const MAX_KEY = 1024

/** What composing a node needs: yaml's schema and options, and its string tag. */
interface Ctx {
  schema: Schema
  options: Document['options']
  str: ScalarTag
}

interface Frame {
  start: number
  children: Node[]
}

/** The string tag: what yaml resolves quoted scalars (and plain ones no tag claims) with. */
const stringTag = (schema: Schema) =>
  (schema as unknown as Record<symbol, Ctx['str']>)[Symbol.for('yaml.scalar')]!

class Refused extends Error {}

/**
 * The Document yaml would compose for `text.slice(start, end)` (one document, which may begin with a
 * `---` marker), with ranges in `text`; undefined when this reader cannot promise that.
 */
export function fastDocument(text: string, start: number, end: number): Document.Parsed | undefined {
  const chunk = text.slice(start, end)
  const marker = /^---(?: *\n|$)/.exec(chunk)
  // a document ends at its last line that is not blank; blank lines after it are not kept
  const body = chunk.replace(/[ \n]+$/, '')
  const contentEnd = body.length === chunk.length ? chunk.length : chunk.indexOf('\n', body.length) + 1
  const content = chunk.slice(marker ? marker[0].length : 0, contentEnd)
  if ((chunk.startsWith('---') && !marker) || commentBefore(text, start)) return undefined
  if (
    /^[ \n]*$/.test(content) ||
    UNSUPPORTED.test(chunk) ||
    BLANK_LINE.test(content) ||
    INNER_MARKER.test(content)
  )
    return undefined
  // a document that ends in an empty value (`key:`, `-`) ends before its last line break in yaml
  if (/[:-]$/.test(body)) return undefined
  const doc = new Document(undefined, {uniqueKeys: false})
  const offset = start + (marker ? marker[0].length : 0)
  let contents: Node
  try {
    contents = build({schema: doc.schema, options: doc.options, str: stringTag(doc.schema)}, content, offset)
  } catch (e) {
    if (e instanceof Refused || e instanceof jsyaml.YAMLException) return undefined
    throw e
  }
  if (marker) doc.directives!.docStart = true
  doc.contents = contents
  doc.range = [start, start + contentEnd, end]
  return doc as Document.Parsed
}

/** Whether comment lines end the text before `start`: yaml gives them to the document that follows. */
function commentBefore(text: string, start: number): boolean {
  let end = start
  while (end > 0) {
    const from = text.lastIndexOf('\n', end - 2) + 1
    const line = text.slice(from, end).trim()
    if (line.startsWith('#')) return true
    if (line !== '') return false
    end = from
  }
  return false
}

/** The nodes of one document's content, from js-yaml's open and close events. */
function build(ctx: Ctx, content: string, offset: number): Node {
  const stack: Frame[] = [{start: 0, children: []}]
  /** What js-yaml read for each node. */
  const read = new WeakMap<Node, unknown>()
  const listener = (event: 'open' | 'close', state: ListenerState) => {
    if (event === 'open') {
      stack.push({start: state.position, children: []})
      return
    }
    const frame = stack.pop()!
    const parent = stack.at(-1)!
    let from = frame.start
    while (content[from] === ' ' || content[from] === '\n') from++
    const to = state.position
    // js-yaml reads `- x` (or `- {…}`) by first trying `x` as a mapping's first key; with no `:` after
    // it, the outer node is that key
    const kid = frame.children.length === 1 ? frame.children[0]! : undefined
    if (kid && state.result !== null && read.get(kid) === state.result) {
      parent.children.push(kid)
      return
    }
    const node = compose(ctx, state, frame, content, from, to)
    node.range = [offset + from, offset + to, offset + to]
    read.set(node, state.result)
    parent.children.push(node)
  }
  jsyaml.load(content, {schema: jsyaml.FAILSAFE_SCHEMA, listener: listener as never})
  const root = stack[0]!.children
  if (stack.length !== 1 || root.length !== 1) throw new Refused('document')
  return root[0]!
}

/** The fields of js-yaml's reader state the listener reads. */
interface ListenerState {
  position: number
  kind: 'scalar' | 'mapping' | 'sequence' | null
  result: unknown
}

function compose(
  ctx: Ctx,
  state: ListenerState,
  frame: Frame,
  content: string,
  from: number,
  to: number,
): Node {
  const {kind, result} = state
  const kids = frame.children
  const multiLine = () => content.slice(from, to).trimEnd().includes('\n')
  switch (kind) {
    case null:
      // nothing there (`key:` with no value): yaml's empty scalar
      if (kids.length > 0) throw new Refused('empty node with children')
      return scalar(ctx, '', 'PLAIN')
    case 'scalar': {
      if (kids.length > 0 || typeof result !== 'string') throw new Refused('scalar')
      if (multiLine()) throw new Refused('multi-line scalar')
      return scalar(ctx, result, scalarStyle(content[from]))
    }
    case 'mapping': {
      const flow = content[from] === '{'
      if (flow && multiLine()) throw new Refused('multi-line flow map')
      const keys = Object.keys(result as object)
      if (kids.length !== keys.length * 2) throw new Refused('map size')
      const map = new YAMLMap(ctx.schema)
      for (let i = 0; i < keys.length; i++) {
        const key = kids[2 * i]!
        // each key as js-yaml read it, in order (a key that looks like an array index breaks the order: refused)
        if (!isScalar(key) || key.source !== keys[i] || keys[i]!.length > MAX_KEY) throw new Refused('key')
        map.items.push(new Pair(key, kids[2 * i + 1]!))
      }
      if (flow) map.flow = true
      return map
    }
    case 'sequence': {
      const flow = content[from] === '['
      if (flow && multiLine()) throw new Refused('multi-line flow sequence')
      if (kids.length !== (result as unknown[]).length) throw new Refused('sequence size')
      const seq = new YAMLSeq(ctx.schema)
      seq.items.push(...kids)
      if (flow) seq.flow = true
      return seq
    }
  }
}

function scalarStyle(first: string | undefined): Scalar.Type {
  switch (first) {
    case '"':
      return 'QUOTE_DOUBLE'
    case "'":
      return 'QUOTE_SINGLE'
    default:
      return 'PLAIN'
  }
}

/** A scalar as yaml's composer makes it: plain ones take the first default tag whose test matches. */
function scalar({schema, options, str}: Ctx, source: string, type: Scalar.Type): Scalar {
  const tag =
    type === 'PLAIN'
      ? ((schema.tags.find((t) => t.default === true && (t as ScalarTag).test?.test(source)) as ScalarTag) ??
        str)
      : str
  const res = tag.resolve(
    source,
    (msg) => {
      throw new Refused(msg)
    },
    options,
  )
  const node = isScalar(res) ? res : new Scalar(res)
  node.source = source
  node.type = type
  if (tag.format) node.format = tag.format
  return node
}

/** A document of a stream; its ranges are relative to `base` in the stream's text. */
export interface StreamDocument {
  doc: Document.Parsed
  base: number
}

const MARKER = /^---(?=[ \t\r\n]|$)/gm
/** Directives and document-end markers belong to the stream as a whole: yaml reads all of it then. */
const STREAM_SYNTAX = /^(?:%|\.\.\.(?=[ \t\r\n]|$))/m

/**
 * The documents of a YAML stream, as yaml's Composer (`uniqueKeys: false`) yields them: each with
 * {@link fastDocument} where it can, the runs of documents it refuses parsed by yaml together (what a
 * document inherits from the one before it, a comment before its `---`, always makes both refused, so
 * each run reads as it would in the whole stream). `fast: false` reads everything with yaml.
 */
export function* streamDocuments(text: string, fast = true): Generator<StreamDocument> {
  if (!fast || STREAM_SYNTAX.test(text)) {
    yield* yamlDocuments(text, 0, text.length)
    return
  }
  const cuts = [0]
  for (const m of text.matchAll(MARKER)) if (m.index > 0) cuts.push(m.index)
  cuts.push(text.length)
  let slow: number | undefined
  for (let i = 0; i + 1 < cuts.length; i++) {
    const doc = fastDocument(text, cuts[i]!, cuts[i + 1]!)
    if (!doc) {
      slow ??= cuts[i]
      continue
    }
    if (slow !== undefined) yield* yamlDocuments(text, slow, cuts[i]!)
    slow = undefined
    yield {doc, base: 0}
  }
  if (slow !== undefined) yield* yamlDocuments(text, slow, text.length)
}

function* yamlDocuments(text: string, from: number, to: number): Generator<StreamDocument> {
  const part = from === 0 && to === text.length ? text : text.slice(from, to)
  for (const doc of new Composer({uniqueKeys: false}).compose(new Parser().parse(part), true))
    yield {doc, base: from}
}

/** Line numbers (from `firstLine`) of offsets in `text`. */
export function lineNumbers(text: string, firstLine = 1): (offset: number) => number {
  const lines = new LineCounter()
  lines.addNewLine(0)
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1)
  return (offset) => lines.linePos(offset).line + firstLine - 1
}
