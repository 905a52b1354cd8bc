/**
 * The Go oracle (test/oracle/gotmpl): Go's text/template + Sprig, and Helm's engine for charts.
 * Built into ~/.cache/meshctl-gotmpl when Go is on PATH (cached by a hash of its sources); tests fall back
 * to committed expectations without Go.
 */
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ORACLE_SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'oracle', 'gotmpl')

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

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

let cachedBinary: string | null | undefined

/** Path of the built oracle, building it if needed; null when Go is not installed. */
export function oracleBinary(): string | null {
  if (cachedBinary !== undefined) return cachedBinary
  if (process.env.MESHCTL_NO_GO_ORACLE === '1' || !hasGo()) return (cachedBinary = null)
  const hash = createHash('sha256')
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(ORACLE_SRC, f)))
  const dir = join(homedir(), '.cache', 'meshctl-gotmpl')
  const bin = join(dir, `gotmpl-${hash.digest('hex').slice(0, 16)}`)
  if (!existsSync(bin)) {
    mkdirSync(dir, {recursive: true})
    execFileSync('go', ['build', '-o', bin, '.'], {
      cwd: ORACLE_SRC,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {...process.env, GOFLAGS: '-mod=mod'},
    })
  }
  return (cachedBinary = bin)
}

/** Runs the oracle on a batch of cases. */
export function runOracle(bin: string, tmpl: TmplCase[], charts: ChartCase[]): Record<string, OracleResult> {
  const out = execFileSync(bin, [], {input: JSON.stringify({tmpl, charts}), maxBuffer: 1 << 30})
  return JSON.parse(out.toString('utf8')) as Record<string, OracleResult>
}
