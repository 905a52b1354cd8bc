import {parse, stringify} from 'yaml'
import type {Finding} from './finding.js'
import {globRegExp} from './glob.js'

/** One `--suppress CODE=RESOURCE` rule; both sides may use `*` wildcards. */
export interface Suppression {
  readonly code: string
  readonly resource: string
}

/** Why a suppression flag value was rejected. */
export class SuppressionSyntaxError extends Error {}

/**
 * Parses `CODE=Kind ns/name`. istioctl's help text shows the older `Kind name.ns` form, which never matched
 * (istio/istio#58188); we accept it too by also trying it as `Kind ns/name`.
 */
export function parseSuppression(text: string): Suppression {
  const parts = text.split('=')
  if (parts.length !== 2 || parts[0].trim() === '' || parts[1].trim() === '')
    throw new SuppressionSyntaxError(`${text} is not a valid suppression value: use CODE=Kind namespace/name`)
  return {code: parts[0].trim(), resource: parts[1].trim()}
}

/** `Kind name.ns` as `Kind ns/name` (undefined when the pattern has a slash or no dot). */
function legacyForm(resource: string): string | undefined {
  const space = resource.indexOf(' ')
  const target = resource.slice(space + 1)
  const dot = target.lastIndexOf('.')
  if (space < 0 || target.includes('/') || dot < 0) return undefined
  return `${resource.slice(0, space)} ${target.slice(dot + 1)}/${target.slice(0, dot)}`
}

/** A predicate that says whether a finding is suppressed by any of the rules. */
export function suppressionMatcher(rules: readonly Suppression[]): (f: Finding) => boolean {
  const compiled = rules.map((s) => {
    const legacy = legacyForm(s.resource)
    return {
      code: globRegExp(s.code),
      resources: [globRegExp(s.resource), ...(legacy ? [globRegExp(legacy)] : [])],
    }
  })
  return (f) =>
    f.origin !== undefined &&
    compiled.some((c) => c.code.test(f.code) && c.resources.some((r) => r.test(f.origin!)))
}

/** Whether the resource's `galley.istio.io/analyze-suppress` annotation lists the code (or `*`). */
export function suppressedByAnnotation(f: Finding): boolean {
  return (f.suppressedCodes ?? []).some((c) => c === '*' || c === f.code)
}

/** A committed list of accepted findings: matched on code, resource and message, not lines. */
export interface Baseline {
  version: 1
  findings: {code: string; resource: string; message: string}[]
}

const baselineKey = (f: {code: string; resource?: string; origin?: string; message: string}) =>
  `${f.code}\u0000${f.resource ?? f.origin ?? ''}\u0000${f.message}`

/** Renders a baseline file for findings (sorted, so it diffs well). */
export function renderBaseline(findings: readonly Finding[]): string {
  const entries = findings
    .map((f) => ({code: f.code, resource: f.origin ?? '', message: f.message}))
    // entries with equal keys are equal, so their order cannot show
    .sort((a, b) => (baselineKey(a) < baselineKey(b) ? -1 : 1))
  const header =
    '# meshctl analyze baseline: findings accepted when this file was written (meshctl analyze --write-baseline).\n' +
    '# Findings listed here are not reported with --baseline; remove entries as you fix them.\n'
  return header + stringify({version: 1, findings: entries} satisfies Baseline, {lineWidth: 0})
}

/** Parses a baseline file; throws an Error naming the problem when it is not one. */
export function parseBaseline(text: string): Baseline {
  const doc = parse(text) as Partial<Baseline> | null
  if (!doc || doc.version !== 1 || !Array.isArray(doc.findings))
    throw new Error('not a meshctl analyze baseline (expected version: 1 and a findings list)')
  for (const [i, e] of doc.findings.entries()) {
    if (typeof e?.code !== 'string' || typeof e.resource !== 'string' || typeof e.message !== 'string')
      throw new Error(`findings[${i}] needs code, resource and message strings`)
  }
  return doc as Baseline
}

/**
 * Removes the findings a baseline accepts. Entries count: two identical baseline entries accept two
 * identical findings, so a new duplicate still shows.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const budget = new Map<string, number>()
  for (const e of baseline.findings) budget.set(baselineKey(e), (budget.get(baselineKey(e)) ?? 0) + 1)
  return findings.filter((f) => {
    const k = baselineKey(f)
    const n = budget.get(k) ?? 0
    if (n === 0) return true
    budget.set(k, n - 1)
    return false
  })
}
