/**
 * kube-inject over YAML text: every document of a stream is read with the `yaml` library's document model,
 * injected as an object, and only what injection changed is written back into that model, so comments,
 * key order, quoting and untouched fields stay as they were. Documents that did not change are copied
 * byte for byte.
 * @module
 */
import {isDeepStrictEqual} from 'node:util'
import {Document, isMap, isScalar, isSeq, Pair, Scalar, visit, type Node} from 'yaml'
import {lineNumbers, streamDocuments} from '../yaml/fast-document.js'
import {printDocument} from '../yaml/print.js'
import {blockItem, blockValue, isBlockValue, Unsupported} from '../yaml/block.js'
import {InjectionError, type InjectSettings, type Pod} from './inject.js'
import {injectObject, type DeferredInjection, type InjectOptions, type Outcome} from './workload.js'
import {jsonPatch, type JsonPatchOp} from './patch.js'
import {MeshctlError} from '../errors.js'
import {ExitCode} from '../command/exit-codes.js'
import {jsonClone} from '../json.js'

type JsonMap = {[k: string]: unknown}
const isObj = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A JSON patch for one injected object (`-o json-patch`). */
export interface ObjectPatch {
  apiVersion: string
  kind: string
  metadata: {name?: string; namespace?: string}
  patch: JsonPatchOp[]
}

export interface StreamOptions extends InjectOptions {
  /** Also compute each object's JSON patch (`-o json-patch`). */
  patches?: boolean
  /** The line `text` starts on in its file (a part of a file injected on its own); 1 by default. */
  firstLine?: number
  /** Block sequences at their key's indentation (a part of a file follows the whole file's style). */
  flatSequences?: boolean
  /**
   * Lay out new maps and sequences and print documents directly (src/lib/yaml/block.ts and print.ts; the
   * default, much faster); false prints everything with yaml's nodes, the text the layout must equal
   * (tests compare the two).
   */
  layout?: boolean
  /**
   * Read documents with js-yaml where it gives the same document model (the default, much faster); false
   * reads all with yaml's parser, the reference the fast reader must equal (tests compare the two).
   */
  fastRead?: boolean
}

export interface StreamResult {
  text: string
  /** Objects whose pod was injected. */
  injected: number
  /** With `patches: true`. */
  patches: ObjectPatch[]
}

/** Bad input (exit 65): `SOURCE:LINE: message`. */
export function streamError(source: string, line: number, message: string): MeshctlError {
  return new MeshctlError(`${source}:${line}: ${message}`, {exitCode: ExitCode.BAD_INPUT})
}

/** Whether block sequences in this text sit at their parent key's indentation (`key:\n- item`). */
export function flatSequences(text: string): boolean {
  return /^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text)
}

/**
 * New values for a document: collections are written as placeholders, laid out by the printer at their
 * columns (src/lib/yaml/block.ts, much faster than yaml's nodes), or after yaml's `toString` where the
 * printer steps aside; scalars, values in flow collections and what that layout refuses are yaml nodes.
 */
class Fresh {
  /** The value of placeholder n and whether it is a sequence item. */
  readonly values: {value: unknown; item: boolean}[] = []
  constructor(
    private readonly doc: Document,
    private readonly indentSeq: boolean,
    private readonly fast: boolean,
  ) {}

  pair(key: string, value: unknown, inFlow: boolean): Pair {
    return this.doc.createPair(key, this.node(value, false, inFlow))
  }

  node(value: unknown, item: boolean, inFlow: boolean): Node {
    if (this.fast && !inFlow && isBlockValue(value)) {
      this.values.push({value, item})
      return new Scalar(`${PLACEHOLDER}${this.values.length - 1}__`)
    }
    return this.doc.createNode(value) as Node
  }

  /**
   * Placeholder `s` laid out after `key:` (key at `col`) or after `- ` (dash at `col`); null when the
   * layout refuses it (yaml prints the document then); undefined when `s` is not a placeholder.
   */
  layout(s: string, item: boolean, col: number): string | null | undefined {
    // asked for every string the printer meets: most are not placeholders
    const m = s.startsWith(PLACEHOLDER) ? /^__meshctl_fresh_(\d+)__$/.exec(s) : null
    const f = m ? this.values[Number(m[1])] : undefined
    if (!f) return undefined
    if (f.item !== item) return null
    try {
      return item ? blockItem(f.value, this.indentSeq, col) : blockValue(f.value, this.indentSeq, col)
    } catch (e) {
      if (e instanceof Unsupported) return null
      throw e
    }
  }
}

const PLACEHOLDER = '__meshctl_fresh_'
const PLACEHOLDERS = / __meshctl_fresh_(\d+)__/g

/**
 * yaml's text of the document with its placeholders laid out at their columns; undefined when one is
 * not where a block value can start or the layout refuses one (then yaml prints the values).
 */
function expand(text: string, fresh: Fresh): string | undefined {
  let ok = true
  let count = 0
  const out = text.replace(PLACEHOLDERS, (match, n: string, offset: number) => {
    const f = fresh.values[Number(n)]
    const at = offset + 1 // the placeholder, after its space
    const before = text.slice(text.lastIndexOf('\n', at) + 1, at)
    if (!f || text[offset + match.length] !== '\n') return ((ok = false), match)
    count++
    if (f.item) {
      // `- ` right before it, at the dash's column
      if (!/^(?: *- )+$/.test(before)) return ((ok = false), match)
      return ' ' + (fresh.layout(match.slice(1), true, before.length - 2) ?? ((ok = false), match))
    }
    // `key: ` before it: the key's column, after any `- ` of an enclosing sequence
    const m = /^(?: *- )* */.exec(before)!
    const rest = before.slice(m[0].length)
    if (!rest.endsWith(': ') || rest.length < 3 || rest.startsWith('? ')) return ((ok = false), match)
    // the value starts on the next line: the space after the colon goes
    return fresh.layout(match.slice(1), false, m[0].length) ?? ((ok = false), match)
  })
  return ok && count === fresh.values.length ? out : undefined
}

/** Writes `next` into `node` (which holds `prev`), touching only what differs; returns the node to keep. */
function sync(
  fresh: Fresh,
  node: unknown,
  prev: unknown,
  next: unknown,
  item: boolean,
  inFlow: boolean,
): unknown {
  if (isDeepStrictEqual(prev, next)) return node
  if (isMap(node) && isObj(prev) && isObj(next)) {
    const flow = inFlow || !!node.flow
    const items = node.items as Pair[]
    node.items = items.filter((p) => Object.hasOwn(next, keyOf(p)))
    for (const p of node.items as Pair[]) {
      const k = keyOf(p)
      p.value = sync(fresh, p.value, prev[k], next[k], false, flow) as Node
    }
    for (const k of Object.keys(next)) if (!Object.hasOwn(prev, k)) node.add(fresh.pair(k, next[k], flow))
    return node
  }
  if (isSeq(node) && Array.isArray(prev) && Array.isArray(next)) {
    const flow = inFlow || !!node.flow
    const used = new Set<number>()
    const named = (v: unknown) => (isObj(v) && typeof v.name === 'string' ? v.name : undefined)
    node.items = next.map((item, i) => {
      let j = -1
      const name = named(item)
      if (name !== undefined) j = prev.findIndex((p, k) => !used.has(k) && named(p) === name)
      if (j < 0) j = prev.findIndex((p, k) => !used.has(k) && isDeepStrictEqual(p, item))
      if (j < 0 && i < prev.length && !used.has(i) && named(prev[i]) === undefined && name === undefined)
        j = i
      if (j < 0) return fresh.node(item, true, flow)
      used.add(j)
      return sync(fresh, node.items[j], prev[j], item, true, flow)
    })
    return node
  }
  if (isScalar(node) && node.value === next) return node
  return fresh.node(next, item, inFlow)
}

function keyOf(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : String(p.key)
}

/** One document after injection, before it is written back. */
interface Pending {
  doc: Document
  start: number
  end: number
  before: JsonMap
  after: JsonMap
  line: number
  outcome: Outcome
}

/**
 * Reads the documents of `text` one at a time (so each can be freed once written) and injects each with
 * `inject`. Throws a MeshctlError (exit 65) naming `source:line` for YAML that does not parse, a document
 * that is not an object, or an injection that fails.
 */
function* injected(
  text: string,
  source: string,
  opts: StreamOptions,
  inject: (obj: JsonMap, line: number) => Outcome,
): Generator<Pending> {
  const lineAt = lineNumbers(text, opts.firstLine ?? 1)
  let first = true
  for (const {doc, base} of streamDocuments(text, opts.fastRead ?? true)) {
    const err = doc.errors[0]
    if (err)
      throw streamError(
        source,
        lineAt(base + err.pos[0]),
        err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      )
    const start = first ? 0 : base + doc.range[0]
    first = false
    const line = lineAt(base + (doc.contents?.range?.[0] ?? doc.range[0]))
    const before = doc.toJS({maxAliasCount: -1}) as unknown
    if (before === null || before === undefined) continue
    if (!isObj(before)) throw streamError(source, line, 'the document is not an object (a map of fields)')
    const after = jsonClone(before)
    let outcome: Outcome
    try {
      outcome = inject(after, line)
    } catch (e) {
      if (e instanceof InjectionError) throw streamError(source, line, `${describe(before)}: ${e.message}`)
      throw e
    }
    yield {doc, start, end: base + doc.range[2], before, after, line, outcome}
  }
}

/** Writes the injected documents back into the text, copying the others byte for byte. */
class Writer {
  readonly patches: ObjectPatch[] = []
  injected = 0
  private out = ''
  private pos = 0
  private readonly flat: boolean
  /** Whether placeholders cannot be mistaken for the input's own text. */
  private readonly fast: boolean
  constructor(
    private readonly text: string,
    private readonly patchesWanted: boolean,
    flat?: boolean,
    layout = true,
  ) {
    this.flat = flat ?? flatSequences(text)
    this.fast = layout && !text.includes(PLACEHOLDER)
  }

  add(p: Pending): void {
    const {before, after} = p
    if (p.outcome !== 'injected' || isDeepStrictEqual(before, after)) return
    this.injected++
    const meta = isObj(before.metadata) ? before.metadata : {}
    if (this.patchesWanted)
      this.patches.push({
        apiVersion: String(before.apiVersion ?? ''),
        kind: String(before.kind ?? ''),
        metadata: {
          ...(typeof meta.name === 'string' ? {name: meta.name} : {}),
          ...(typeof meta.namespace === 'string' ? {namespace: meta.namespace} : {}),
        },
        patch: jsonPatch(before, after),
      })
    this.out += this.text.slice(this.pos, p.start) + this.write(p)
    this.pos = p.end
  }

  /** The document with `after` written into it. */
  private write({doc, before, after, start, end}: Pending): string {
    const options = {indentSeq: !this.flat, lineWidth: 0}
    const fresh = new Fresh(doc, !this.flat, this.fast && doc.directives?.yaml.version === '1.2')
    doc.contents = sync(fresh, doc.contents, before, after, false, false) as typeof doc.contents
    // yaml looks through the whole document for tags to declare; with no `!` in it there are none
    if (this.fast && doc.directives && !this.text.slice(start, end).includes('!')) doc.directives.tags = {}
    const printed = this.fast
      ? printDocument(doc, options.indentSeq, (s, item, col) => fresh.layout(s, item, col))
      : undefined
    if (printed !== undefined) return printed
    const text = doc.toString(options)
    if (fresh.values.length === 0) return text
    const laid = expand(text, fresh)
    if (laid !== undefined) return laid
    // a placeholder somewhere a block value cannot start: yaml prints the values after all
    visit(doc, {
      Scalar: (_key, node) => {
        const m = typeof node.value === 'string' && /^__meshctl_fresh_(\d+)__$/.exec(node.value)
        return m ? doc.createNode(fresh.values[Number(m[1])]!.value) : undefined
      },
    })
    return doc.toString(options)
  }

  result(): StreamResult {
    return {text: this.out + this.text.slice(this.pos), injected: this.injected, patches: this.patches}
  }
}

/**
 * Injects every document of `text` with the engine. Throws a MeshctlError (exit 65) naming `source:line`
 * for YAML that does not parse, a document that is not an object, or an injection that fails; nothing is
 * returned then.
 */
export function injectStream(
  settings: InjectSettings,
  text: string,
  source: string,
  opts: StreamOptions,
): StreamResult {
  const w = new Writer(text, !!opts.patches, opts.flatSequences, opts.layout)
  for (const p of injected(text, source, opts, (obj) => injectObject(settings, obj, opts))) w.add(p)
  return w.result()
}

/** Injects one pod somewhere else (istiod's webhook): the pod as it should be, or undefined when not injected. */
export type PodInjector = (pod: Pod, namespace: string) => Promise<Pod | undefined>

/**
 * Like {@link injectStream}, but every pod that is to be injected goes to `injectPod` (istiod's webhook),
 * `concurrency` at a time; a pod it does not inject is left as it was, with a warning. A failure of
 * `injectPod` rejects the whole stream (nothing is returned): errors `wrap` chooses are named
 * `source:line: Kind ns/name: …`, the others (an unreachable webhook) pass as they are.
 */
export async function injectStreamVia(
  injectPod: PodInjector,
  text: string,
  source: string,
  opts: StreamOptions & {concurrency?: number; wrap?: (e: unknown) => boolean},
): Promise<StreamResult> {
  const pending: Pending[] = []
  const calls: (() => Promise<void>)[] = []
  let line = 0
  const defer: DeferredInjection = (pod, namespace, what, put) => {
    const at = line
    calls.push(async () => {
      let done
      try {
        done = await injectPod(pod, namespace)
      } catch (e) {
        if (!(opts.wrap?.(e) ?? true)) throw e
        throw new MeshctlError(`${source}:${at}: ${what}: ${(e as Error).message}`, {cause: e})
      }
      if (done) put(done)
      else opts.warn(`===> Skipping injection because ${what} was not injected by istiod's webhook`)
    })
  }
  for (const p of injected(text, source, opts, (obj, l) => {
    line = l
    return injectObject(undefined, obj, {...opts, defer})
  }))
    pending.push(p)
  // the first call alone: when the webhook cannot be reached, nothing else is tried
  if (calls.length > 0) await calls[0]!()
  let next = 1
  const worker = async () => {
    while (next < calls.length) await calls[next++]!()
  }
  await Promise.all(Array.from({length: Math.max(1, opts.concurrency ?? 4)}, worker))
  const w = new Writer(text, !!opts.patches, undefined, opts.layout)
  for (const p of pending) w.add(p)
  return w.result()
}

function describe(o: JsonMap): string {
  const meta = isObj(o.metadata) ? o.metadata : {}
  const name = typeof meta.name === 'string' ? meta.name : ''
  const ns = typeof meta.namespace === 'string' ? meta.namespace + '/' : ''
  return `${String(o.kind ?? 'object')} ${ns}${name}`.trim()
}
