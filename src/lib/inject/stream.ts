/**
 * kube-inject over YAML text: every document of a stream is read with the `yaml` library's document model,
 * injected as an object, and only what injection changed is written back into that model, so comments,
 * key order, quoting and untouched fields stay as they were. Documents that did not change are copied
 * byte for byte.
 * @module
 */
import {isDeepStrictEqual} from 'node:util'
import {Document, isMap, isScalar, isSeq, parseAllDocuments, type Node, type Pair} from 'yaml'
import {InjectionError, type InjectSettings} from './inject.js'
import {injectObject, type InjectOptions} from './workload.js'
import {jsonPatch, type JsonPatchOp} from './patch.js'
import {MeshctlError} from '../errors.js'
import {ExitCode} from '../command/exit-codes.js'

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

function lineOf(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** Whether block sequences in this text sit at their parent key's indentation (`key:\n- item`). */
function flatSequences(text: string): boolean {
  return /^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text)
}

/** Writes `next` into `node` (which holds `prev`), touching only what differs; returns the node to keep. */
function sync(doc: Document, node: unknown, prev: unknown, next: unknown): unknown {
  if (isDeepStrictEqual(prev, next)) return node
  if (isMap(node) && isObj(prev) && isObj(next)) {
    const items = node.items as Pair[]
    node.items = items.filter((p) => Object.hasOwn(next, keyOf(p)))
    for (const p of node.items as Pair[]) {
      const k = keyOf(p)
      p.value = sync(doc, p.value, prev[k], next[k]) as Node
    }
    for (const k of Object.keys(next)) if (!Object.hasOwn(prev, k)) node.add(doc.createPair(k, next[k]))
    return node
  }
  if (isSeq(node) && Array.isArray(prev) && Array.isArray(next)) {
    const used = new Set<number>()
    const named = (v: unknown) => (isObj(v) && typeof v.name === 'string' ? v.name : undefined)
    node.items = next.map((item, i) => {
      let j = -1
      const name = named(item)
      if (name !== undefined) j = prev.findIndex((p, k) => !used.has(k) && named(p) === name)
      if (j < 0) j = prev.findIndex((p, k) => !used.has(k) && isDeepStrictEqual(p, item))
      if (j < 0 && i < prev.length && !used.has(i) && named(prev[i]) === undefined && name === undefined)
        j = i
      if (j < 0) return doc.createNode(item)
      used.add(j)
      return sync(doc, node.items[j], prev[j], item)
    })
    return node
  }
  if (isScalar(node) && node.value === next) return node
  return doc.createNode(next)
}

function keyOf(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : String(p.key)
}

/**
 * Injects every document of `text`. Throws a MeshctlError (exit 65) naming `source:line` for YAML that does
 * not parse, a document that is not an object, or an injection that fails; nothing is returned then.
 */
export function injectStream(
  settings: InjectSettings,
  text: string,
  source: string,
  opts: StreamOptions,
): StreamResult {
  const docs = parseAllDocuments(text, {uniqueKeys: false})
  const list = Array.isArray(docs) ? docs : [docs]
  const flat = flatSequences(text)
  const patches: ObjectPatch[] = []
  let injected = 0
  let out = ''
  let pos = 0
  for (const [i, doc] of list.entries()) {
    const err = doc.errors[0]
    if (err) {
      const line = err.linePos?.[0].line ?? lineOf(text, err.pos[0])
      throw streamError(source, line, err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''))
    }
    const start = i === 0 ? 0 : doc.range[0]
    const end = doc.range[2]
    const line = lineOf(text, doc.contents?.range?.[0] ?? doc.range[0])
    const before = doc.toJS({maxAliasCount: -1}) as unknown
    if (before === null || before === undefined) continue
    if (!isObj(before)) throw streamError(source, line, 'the document is not an object (a map of fields)')
    const after = structuredClone(before)
    let outcome
    try {
      outcome = injectObject(settings, after, opts)
    } catch (e) {
      if (e instanceof InjectionError) throw streamError(source, line, `${describe(before)}: ${e.message}`)
      throw e
    }
    if (outcome !== 'injected' || isDeepStrictEqual(before, after)) continue
    injected++
    const meta = isObj(before.metadata) ? before.metadata : {}
    if (opts.patches)
      patches.push({
        apiVersion: String(before.apiVersion ?? ''),
        kind: String(before.kind ?? ''),
        metadata: {
          ...(typeof meta.name === 'string' ? {name: meta.name} : {}),
          ...(typeof meta.namespace === 'string' ? {namespace: meta.namespace} : {}),
        },
        patch: jsonPatch(before, after),
      })
    doc.contents = sync(doc, doc.contents, before, after) as typeof doc.contents
    out += text.slice(pos, start) + doc.toString({indentSeq: !flat, lineWidth: 0})
    pos = end
  }
  out += text.slice(pos)
  return {text: out, injected, patches}
}

function describe(o: JsonMap): string {
  const meta = isObj(o.metadata) ? o.metadata : {}
  const name = typeof meta.name === 'string' ? meta.name : ''
  const ns = typeof meta.namespace === 'string' ? meta.namespace + '/' : ''
  return `${String(o.kind ?? 'object')} ${ns}${name}`.trim()
}
