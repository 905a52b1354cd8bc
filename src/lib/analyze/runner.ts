import type {FieldPath} from '../input/index.js'
import type {AnalysisContext, Analyzer} from './analyzer.js'
import {atLeast, sortAndDedupe, toFinding, type Finding} from './finding.js'
import type {MeshConfig} from './mesh.js'
import {newInternalError} from './messages.gen.js'
import type {Level, Message} from './message.js'
import {kindKey, type KindRef} from './resource.js'
import type {ResourceStore} from './store.js'
import {
  applyBaseline,
  suppressedByAnnotation,
  suppressionMatcher,
  type Baseline,
  type Suppression,
} from './suppress.js'

export interface RunOptions {
  store: ResourceStore
  analyzers: readonly Analyzer[]
  mesh: MeshConfig
  istioNamespace: string
  /** Which kinds the sources can vouch for (see AnalysisContext.available); default: all. */
  available?: (kind: KindRef) => boolean
}

export interface RunResult {
  messages: Message[]
  /** Names of the analyzers that ran, and of those skipped because none of their inputs had objects. */
  executed: string[]
  skipped: string[]
}

/** The union of the analyzers' input kinds (what the cluster path LISTs). */
export function inputKinds(analyzers: readonly Analyzer[]): KindRef[] {
  const kinds = new Map<string, KindRef>()
  for (const a of analyzers) for (const k of a.inputs) kinds.set(kindKey(k), k)
  return [...kinds.values()]
}

/**
 * Runs each analyzer whose required kinds are available and whose inputs have objects. An analyzer that
 * throws becomes an InternalError (IST0001) finding naming it, so one bug never hides the others' findings.
 */
export function runAnalyzers(opts: RunOptions): RunResult {
  const result: RunResult = {messages: [], executed: [], skipped: []}
  const available = opts.available ?? (() => true)
  for (const a of opts.analyzers) {
    if (!(a.requires ?? a.inputs).every(available) || !a.inputs.some((k) => opts.store.has(k))) {
      result.skipped.push(a.name)
      continue
    }
    result.executed.push(a.name)
    const ctx: AnalysisContext = {
      store: opts.store,
      mesh: opts.mesh,
      istioNamespace: opts.istioNamespace,
      available,
      report: (m: Message, field?: FieldPath) => result.messages.push(field ? {...m, field} : m),
    }
    try {
      a.analyze(ctx)
    } catch (err) {
      result.messages.push(
        newInternalError(undefined, `analyzer ${a.name} failed: ${(err as Error).message}`),
      )
    }
  }
  return result
}

export interface FilterOptions {
  /** Keep only findings about these namespaces (plus cluster-scoped and resource-less ones); undefined = all. */
  namespaces?: ReadonlySet<string>
  suppressions?: readonly Suppression[]
  baseline?: Baseline
}

/**
 * Turns messages into the reported findings: namespace filter, annotation and `--suppress` suppression,
 * istioctl's sort and de-duplication, then the baseline.
 */
export function toFindings(messages: readonly Message[], opts: FilterOptions = {}): Finding[] {
  const suppressed = suppressionMatcher(opts.suppressions ?? [])
  const kept = messages
    .map(toFinding)
    .filter((f) => !opts.namespaces || !f.namespace || opts.namespaces.has(f.namespace))
    .filter((f) => !suppressedByAnnotation(f) && !suppressed(f))
  const sorted = sortAndDedupe(kept)
  return opts.baseline ? applyBaseline(sorted, opts.baseline) : sorted
}

/** Whether any finding reaches the failure threshold (the exit code 79 decision). */
export function failsThreshold(findings: readonly Finding[], threshold: Level): boolean {
  return findings.some((f) => atLeast(f, threshold))
}
