/**
 * Documents meshctl's own emitter wrote while rendering a chart (a template's `toYaml` of a whole object), and
 * documents spliced from text already in its form (each CRD of the base chart, copied from a file of toYaml
 * output). istioctl parses every rendered document and writes it out again; for these the result is known
 * without doing either: parsing the text gives back the value it was written from, and writing that value
 * gives the same text (go-yaml's output is a fixed point of read-then-write; test/manifest/known-documents.test.ts
 * checks it on every rendered document). The CRDs are most of a manifest, so this saves a parse and an emit of
 * half a megabyte per run.
 * @module
 */
import {goYamlKeyLess, marshalYaml, parseYamlDocuments, type Json} from './goyaml.js'
import {isTree, type Tree} from './values.js'

/** Text (as `toYaml` returns it, without the final newline) → the frozen value it was written from. */
const byText = new Map<string, Tree>()
/** Value from {@link knownDocument} → its output text (sigs.k8s.io/yaml.Marshal, ending in a newline). */
const textOf = new WeakMap<Tree, string>()
/** Enough for every document of several renders; a long-lived process starts over past it. */
export const MAX_KNOWN_DOCUMENTS = 5000

/**
 * A deep, frozen copy of a value whose YAML form round-trips exactly: plain objects, arrays, strings,
 * booleans, null and finite numbers (not -0). Anything else (Go structs, int64s, NaN, U+0085 in strings,
 * which sigs.k8s.io/yaml folds) gives undefined, and the document is parsed as usual.
 */
function frozenJson(v: unknown): Json | undefined {
  switch (typeof v) {
    case 'string':
      return v.includes('\u0085') ? undefined : v
    case 'boolean':
      return v
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? v : undefined
    case 'object': {
      if (v === null) return null
      if (Array.isArray(v)) {
        const out: Json[] = []
        for (const x of v) {
          const c = frozenJson(x)
          if (c === undefined) return undefined
          out.push(c)
        }
        return Object.freeze(out) as Json[]
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return undefined
      const out: Tree = {}
      for (const k of Object.keys(v)) {
        const c = frozenJson((v as Record<string, unknown>)[k])
        if (c === undefined || k === '__proto__' || k.includes('\u0085')) return undefined
        out[k] = c
      }
      return Object.freeze(out)
    }
    default:
      return undefined
  }
}

/**
 * Records that `text` is the go-yaml (sigs.k8s.io/yaml) form of `value`, written by the template engine's
 * `toYaml` (trailing newline removed). Only whole objects with a `kind` are kept: the others never make up
 * a rendered document by themselves.
 */
export function rememberDocument(text: string, value: unknown): void {
  if (text === '' || typeof value !== 'object' || value === null) return
  const kind = (value as Record<string, unknown>).kind
  if (typeof kind !== 'string' || kind === '' || byText.has(text)) return
  const frozen = frozenJson(value)
  if (frozen === undefined) return
  if (byText.size >= MAX_KNOWN_DOCUMENTS) byText.clear()
  byText.set(text, frozen as Tree)
}

/**
 * The value of a rendered document if {@link rememberDocument} saw its exact text, else undefined. The
 * value is frozen: code that changes an object must copy it first (as strategic merge and overlays do),
 * so its remembered output text can never go stale.
 */
export function knownDocument(text: string): Tree | undefined {
  const v = byText.get(text) ?? splicedDocument(text)
  if (v !== undefined) textOf.set(v, text + '\n')
  return v
}

/** The output text of a value {@link knownDocument} returned, else undefined. */
export function knownText(value: Json): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? textOf.get(value) : undefined
}

// ---------------------------------------------------------------------------------------------------------
// Documents a chart splices together as text: the base chart copies each CRD from its files/crd-all.gen.yaml,
// whose documents are already go-yaml's output (crdsYaml in src/lib/api), and writes only its own labels.

/** Where a CRD's `spec` starts: the top-level entries from there on are taken from a trusted file. */
const TAIL_START = '\nspec:\n'
/** Top-level entries (text from `spec:` on) known to be go-yaml's form → their keys and, once read, values. */
const trustedTails = new Map<string, {keys: string[]; value?: Tree}>()
/** A top-level line of go-yaml's output: a plain key at column 0. */
const TOP_LEVEL_KEY = /^([A-Za-z][A-Za-z0-9]*):(?: |$)/

/**
 * Trusts the documents of `text` from their `spec:` line on as go-yaml's (sigs.k8s.io/yaml) form: what a
 * template splices them into need not be parsed and written again to print as istioctl would. Only for
 * files whose form tests guarantee (meshctl's own crd-all.gen.yaml, test/manifests-data/crds.test.ts).
 */
export function trustGoYamlDocuments(text: string): void {
  for (const doc of text.split('\n---\n')) {
    const at = doc.indexOf(TAIL_START)
    if (at < 0) continue
    const tail = doc.slice(at + 1).trimEnd()
    const keys: string[] = []
    for (const line of tail.match(/^\S.*$/gm) ?? []) keys.push(TOP_LEVEL_KEY.exec(line)?.[1] ?? '')
    // a tail trusted again keeps the value already read from it
    if (!keys.includes('') && !trustedTails.has(tail)) trustedTails.set(tail, {keys})
  }
}

/**
 * Forgets every remembered document and trusted text. These outlive a render in one process (the CLI renders
 * once; tests and mutation runs render many times), so tests start from none.
 */
export function forgetKnownDocuments(): void {
  byText.clear()
  trustedTails.clear()
}

/** The value of trusted text, frozen like every known document (as read if it holds what cannot be frozen so). */
function readTail(text: string): Tree {
  const parsed = parseYamlDocuments(text)[0] as Tree
  return (frozenJson(parsed) as Tree | undefined) ?? parsed
}

/**
 * A rendered document made of a head (apiVersion, kind, metadata) in go-yaml's form followed by a trusted
 * tail: the head is read (a few lines), the tail only when someone looks at it. go-yaml writes the entries of
 * a top-level map one after the other in key order, so the whole text is what it would write.
 */
function splicedDocument(text: string): Tree | undefined {
  const at = text.indexOf(TAIL_START)
  if (at < 0 || trustedTails.size === 0) return undefined
  const tail = trustedTails.get(text.slice(at + 1))
  if (!tail) return undefined
  const headText = text.slice(0, at + 1)
  let head: Json | undefined
  try {
    head = parseYamlDocuments(headText)[0]
  } catch {
    return undefined
  }
  if (!isTree(head) || typeof head.kind !== 'string' || head.kind === '') return undefined
  const headKeys = Object.keys(head)
  if (!headKeys.every((k) => goYamlKeyLess(k, tail.keys[0]!)) || marshalYaml(head) !== headText)
    return undefined
  const frozenHead = frozenJson(head)
  if (!isTree(frozenHead)) return undefined
  const doc: Tree = {...frozenHead}
  const tailText = text.slice(at + 1)
  for (const key of tail.keys)
    Object.defineProperty(doc, key, {
      enumerable: true,
      get: () => (tail.value ??= readTail(tailText))[key],
    })
  return Object.freeze(doc)
}
