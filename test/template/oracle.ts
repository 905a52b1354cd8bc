/**
 * The Go oracle (test/oracle/gotmpl): Go's text/template + Sprig, and Helm's engine for charts.
 * Built before the tests by scripts/prepare-oracles.ts (test/helpers/go-oracles.ts says where); tests fall
 * back to committed expectations, or skip, without it.
 */
import {execFileSync} from 'node:child_process'
import {goOracle} from '../helpers/go-oracles.js'

/** A plain-template case: text/template with Sprig's TxtFuncMap. */
export interface TmplCase {
  id: string
  templates: [string, string][]
  entry?: string
  data?: unknown
  missingkey?: 'default' | 'zero' | 'error'
  nosprig?: boolean
}

/** A chart case: rendered with Helm's engine.Render after values coalescing. */
export interface ChartCase {
  id: string
  dir?: string
  files?: [string, string][]
  values?: unknown
  releaseName?: string
  namespace?: string
  revision?: number
  isUpgrade?: boolean
  kubeVersion?: string
  apiVersions?: string[]
}

/** What the oracle returns per case: output (string, or path → text for charts) and Go's error text. */
export interface OracleResult {
  out: string | Record<string, string> | null
  err?: string
}

/** Path of the prepared oracle (scripts/prepare-oracles.ts); null when it is not built. Never builds. */
export function oracleBinary(): string | null {
  return goOracle('gotmpl').bin ?? null
}

/** Why the oracle is unavailable, for skip messages. */
export function oracleMissingReason(): string {
  return goOracle('gotmpl').reason ?? ''
}

/** Runs the oracle on a batch of cases. */
export function runOracle(bin: string, tmpl: TmplCase[], charts: ChartCase[]): Record<string, OracleResult> {
  const out = execFileSync(bin, [], {input: JSON.stringify({tmpl, charts}), maxBuffer: 1 << 30})
  return JSON.parse(out.toString('utf8')) as Record<string, OracleResult>
}
