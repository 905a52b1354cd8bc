import {levelRank, messageText, type Level, type Message} from './message.js'
import {friendlyName, messageNamespace, reference} from './resource.js'

/** The docs minor version analysis links to (istioctl 1.30.3's). */
export const DOCS_VERSION = '1.30'

/** The istioctl docs page for a code. */
export function documentationUrl(code: string): string {
  return `https://istio.io/v${DOCS_VERSION}/docs/reference/config/analysis/${code.toLowerCase()}/?ref=istioctl-analyze`
}

/** A message made printable: everything output formats, suppressions and baselines need. */
export interface Finding {
  readonly code: string
  /** The message type's name (ReferencedResourceNotFound). */
  readonly name: string
  readonly level: Level
  readonly message: string
  /** The resource's friendly name (`VirtualService shop/catalog`), when the finding is about one. */
  readonly origin?: string
  /** The namespace used for -n filtering ('' for cluster-scoped). */
  readonly namespace?: string
  /** File and line (of the offending field where known) for file resources. */
  readonly file?: string
  readonly line?: number
  /** The resource kind and name, for structured consumers. */
  readonly kind?: string
  readonly resourceName?: string
  /** Annotation-based suppressions of the resource (`galley.istio.io/analyze-suppress`). */
  readonly suppressedCodes?: readonly string[]
}

export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress'

/** Turns a message into a finding. */
export function toFinding(m: Message): Finding {
  const base = {code: m.type.code, name: m.type.name, level: m.type.level, message: messageText(m)}
  const r = m.resource
  if (!r) return base
  const ref = reference(r, m.field)
  const suppress = r.object.metadata.annotations?.[SUPPRESS_ANNOTATION]
  return {
    ...base,
    origin: friendlyName(r),
    namespace: messageNamespace(r),
    kind: r.kind.kind,
    resourceName: r.name,
    ...(ref ? {file: ref.file, line: ref.line} : {}),
    ...(suppress ? {suppressedCodes: suppress.split(',').map((s) => s.trim())} : {}),
  }
}

/** `file:line` (no line for .json files, like istioctl), or undefined. */
export function referenceText(f: Finding): string | undefined {
  // no file, no line: undefined
  return f.line === undefined ? f.file : `${f.file}:${f.line}`
}

/** istioctl's line for a finding without colour: `Error [IST0101] (VirtualService ns/n f.yaml:3) text`. */
export function findingLine(f: Finding): string {
  const ref = referenceText(f)
  const origin = f.origin === undefined ? '' : ` (${f.origin}${ref ? ` ${ref}` : ''})`
  return `${f.level} [${f.code}]${origin} ${f.message}`
}

/** The parts of istioctl's order after level and code, as strings compared in turn. */
function orderKey(f: Finding): [string, string] {
  return [`${f.kind}/${f.resourceName}/${f.namespace}`, findingLine(f)]
}

interface Keyed {
  f: Finding
  key: [string, string]
}

function compareKeyed(a: Keyed, b: Keyed): number {
  const byLevel = levelRank(a.f.level) - levelRank(b.f.level)
  if (byLevel !== 0) return byLevel
  if (a.f.code !== b.f.code) return a.f.code < b.f.code ? -1 : 1
  if ((a.f.origin === undefined) !== (b.f.origin === undefined)) return a.f.origin === undefined ? -1 : 1
  for (let i = 0; i < 2; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1
  return 0
}

/** istioctl's order: level (worst first), code, resource-less first, kind/name/namespace, then text. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareKeyed({f: a, key: orderKey(a)}, {f: b, key: orderKey(b)})
}

/** Sorted, with findings that print the same line removed. */
export function sortAndDedupe(findings: readonly Finding[]): Finding[] {
  // the keys are made once per finding, not once per comparison
  const sorted = findings.map((f) => ({f, key: orderKey(f)})).sort(compareKeyed)
  return sorted.filter((x, i) => i === 0 || sorted[i - 1].key[1] !== x.key[1]).map((x) => x.f)
}

/** Whether a finding is at least as severe as a threshold. */
export function atLeast(f: {level: Level}, threshold: Level): boolean {
  return levelRank(f.level) <= levelRank(threshold)
}
