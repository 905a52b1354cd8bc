// Validation of loaded input files: one finding per problem, with file, line, object and field path.
import {formatLocation, type InputMessage, type InputObject, type InputProblem} from '../input/index.js'
import {formatPath, validateObject, type FieldPath, type ValidateOptions} from './validate.js'

/** One problem found in an input file: an input message, with the object and field it is about. */
export interface Finding extends InputMessage {
  level: 'error' | 'warning' | 'info'
  /** `Kind namespace/name`, when the problem is in an object. */
  object?: string
  path?: FieldPath
}

/** Per-source totals, in the order the sources were read. */
export interface SourceSummary {
  source: string
  errors: number
  warnings: number
}

export interface ValidationReport {
  findings: Finding[]
  sources: SourceSummary[]
}

/**
 * One line per finding: `error: FILE:LINE[:COL]: Kind ns/name: field.path: message` (parts that are not
 * known are left out; stdin is `<stdin>`).
 */
export function formatFinding(f: Finding): string {
  const parts = [`${f.level}: ${formatLocation(f)}`]
  if (f.object) parts.push(f.object)
  if (f.path?.length) parts.push(formatPath(f.path))
  parts.push(f.message)
  return parts.join(': ')
}

/** The `Kind namespace/name` of an object, the namespace defaulted as istiod would. */
function objectName(o: Record<string, unknown>, namespace: string): string {
  const meta = (o.metadata ?? {}) as {name?: unknown; namespace?: unknown}
  const ns = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : namespace
  const name = typeof meta.name === 'string' && meta.name ? meta.name : '<unnamed>'
  return `${String(o.kind)} ${ns}/${name}`
}

/**
 * Validates every loaded object and turns input problems and field errors into findings, each with its
 * file and line. `sources` lists every source read, with its counts.
 */
export function validateInputs(
  sources: readonly string[],
  objects: readonly InputObject[],
  problems: readonly InputProblem[],
  opts: ValidateOptions = {},
): ValidationReport {
  const namespace = opts.namespace || 'default'
  const findings: Finding[] = problems.map((p) => ({...p, level: p.level ?? 'error'}))
  for (const o of objects) {
    const {errors, warnings, infos = []} = validateObject(o.object, {...opts, namespace})
    const object = objectName(o.object, namespace)
    for (const [level, list] of [
      ['error', errors],
      ['warning', warnings],
      ['info', infos],
    ] as const)
      for (const e of list)
        findings.push({
          level,
          source: o.source,
          line: o.lineOf(e.path),
          object,
          path: e.path,
          message: e.message,
        })
  }
  const order = new Map(sources.map((s, i) => [s, i]))
  findings.sort(
    (a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0) || (a.line ?? 0) - (b.line ?? 0),
  )
  // counted in one pass: with thousands of files, a filter per file would be quadratic
  const summary = sources.map((source) => ({source, errors: 0, warnings: 0}))
  for (const f of findings) {
    const s = summary[order.get(f.source) ?? -1]
    if (s && f.level === 'error') s.errors++
    else if (s && f.level === 'warning') s.warnings++
  }
  return {findings, sources: summary}
}

const counted = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`

/**
 * Why validation fails, as one line (`validation failed: 2 errors in 1 of 3 files`), or undefined when it
 * passes: any error fails it, and with `failOnWarning` any warning too.
 */
export function failureSummary(r: ValidationReport, failOnWarning = false): string | undefined {
  const fails = (s: SourceSummary) => s.errors > 0 || (failOnWarning && s.warnings > 0)
  const failed = r.sources.filter(fails).length
  if (failed === 0) return undefined
  const errors = r.sources.reduce((n, s) => n + s.errors, 0)
  const warnings = r.sources.reduce((n, s) => n + s.warnings, 0)
  const what = errors > 0 ? counted(errors, 'error') : counted(warnings, 'warning')
  return `validation failed: ${what} in ${failed} of ${counted(r.sources.length, 'file')}`
}

/** The verdict line for a source without errors: `"FILE" is valid` (istioctl's words), with a warning count. */
export function formatVerdict(s: SourceSummary): string {
  const base = s.source === '-' ? 'validation succeed' : `"${s.source}" is valid`
  return s.warnings ? `${base} (${counted(s.warnings, 'warning')})` : base
}

/** The report as stable JSON data (`validate -o json|yaml`): a verdict, one entry per finding, per-file totals. */
export function reportData(r: ValidationReport): {
  valid: boolean
  findings: Array<{
    level: Finding['level']
    file: string
    line?: number
    column?: number
    object?: string
    path?: string
    message: string
  }>
  files: Array<{file: string; errors: number; warnings: number}>
} {
  return {
    valid: r.sources.every((s) => s.errors === 0),
    findings: r.findings.map((f) => ({
      level: f.level,
      file: f.source,
      ...(f.line === undefined ? {} : {line: f.line}),
      ...(f.column === undefined ? {} : {column: f.column}),
      ...(f.object ? {object: f.object} : {}),
      ...(f.path?.length ? {path: formatPath(f.path)} : {}),
      message: f.message,
    })),
    files: r.sources.map((s) => ({file: s.source, errors: s.errors, warnings: s.warnings})),
  }
}
