/**
 * Documents meshctl's own emitter wrote while rendering a chart (a template's `toYaml` of a whole object,
 * e.g. each CRD of the base chart). istioctl parses every rendered document and writes it out again;
 * for these the result is known without doing either: parsing `toYaml`'s text gives back the value it was
 * written from, and writing that value gives the same text (go-yaml's output is a fixed point of
 * read-then-write; test/manifest/known-documents.test.ts checks it on every rendered document). The CRDs
 * are most of a manifest, so this saves a parse and an emit of half a megabyte per run.
 * @module
 */
import type {Json} from './goyaml.js'
import type {Tree} from './values.js'

/** Text (as `toYaml` returns it, without the final newline) → the frozen value it was written from. */
const byText = new Map<string, Tree>()
/** Value from {@link knownDocument} → its output text (sigs.k8s.io/yaml.Marshal, ending in a newline). */
const textOf = new WeakMap<Tree, string>()
/** Enough for every document of several renders; a long-lived process starts over past it. */
const MAX_ENTRIES = 5000

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
  if (byText.size >= MAX_ENTRIES) byText.clear()
  byText.set(text, frozen as Tree)
}

/**
 * The value of a rendered document if {@link rememberDocument} saw its exact text, else undefined. The
 * value is frozen: code that changes an object must copy it first (as strategic merge and overlays do),
 * so its remembered output text can never go stale.
 */
export function knownDocument(text: string): Tree | undefined {
  const v = byText.get(text)
  if (v !== undefined) textOf.set(v, text + '\n')
  return v
}

/** The output text of a value {@link knownDocument} returned, else undefined. */
export function knownText(value: Json): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? textOf.get(value) : undefined
}
