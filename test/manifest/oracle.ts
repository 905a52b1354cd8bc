/**
 * The istioctl 1.30.3 oracle for manifest tests: runs `istioctl manifest generate` once per argument list and
 * caches its output outside the repo (~/.cache/meshctl-test/istioctl-ref), keyed by the arguments and binary.
 */
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {ISTIO_SRC, ISTIOCTL_PATH} from '../helpers/istio.js'

export const ISTIOCTL = ISTIOCTL_PATH
/** Istio's own 1.30.3 manifests directory (read at test time only). */
export const ISTIO_MANIFESTS = path.join(ISTIO_SRC, 'manifests')
const CACHE = path.join(os.homedir(), '.cache', 'meshctl-test', 'istioctl-ref')

/** Why the oracle cannot run, or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  if (!existsSync(ISTIOCTL)) return `istioctl not found at ${ISTIOCTL}`
  if (!existsSync(ISTIO_MANIFESTS)) return `Istio manifests not found at ${ISTIO_MANIFESTS}`
  return undefined
}

// Under mutation testing the suites run again for each mutant in the same process: istioctl's results (and
// what the tests make of its output, render-helpers.ts) are kept in memory too, not read and parsed again.
const MUTATING = process.env.MESHCTL_MUTATION_MODULE !== undefined
const inMemory = new Map<string, {stdout: string; stderr: string; code: number}>()

/** istioctl's stdout, stderr and exit status for `manifest generate <args>` (cached). */
export function istioctlGenerate(args: string[]): {stdout: string; stderr: string; code: number} {
  const known = MUTATING ? inMemory.get(JSON.stringify(args)) : undefined
  if (known) return known
  const res = istioctlGenerateCached(args)
  if (MUTATING) inMemory.set(JSON.stringify(args), res)
  return res
}

function istioctlGenerateCached(args: string[]): {stdout: string; stderr: string; code: number} {
  const st = statSync(ISTIOCTL)
  const dirIndex = args.indexOf('-d')
  const dirStamp = dirIndex >= 0 ? treeStamp(args[dirIndex + 1]!) : ''
  const fileStamps = args.filter((_, i) => args[i - 1] === '-f').map((f) => readFileSync(f, 'utf8'))
  const key = createHash('sha256')
    .update(JSON.stringify([args, st.size, st.mtimeMs, dirStamp, fileStamps]))
    .digest('hex')
    .slice(0, 24)
  const file = path.join(CACHE, `${key}.json`)
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
  let res: {stdout: string; stderr: string; code: number}
  try {
    const stdout = execFileSync(ISTIOCTL, ['manifest', 'generate', ...args], {
      maxBuffer: 256 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString('utf8')
    res = {stdout, stderr: '', code: 0}
  } catch (e) {
    const err = e as {stdout?: Buffer; stderr?: Buffer; status?: number}
    res = {stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? ''), code: err.status ?? 1}
  }
  mkdirSync(CACHE, {recursive: true})
  writeFileSync(file, JSON.stringify(res))
  return res
}

/** Sizes and modification times of every file under a directory, so a cached render follows chart edits. */
function treeStamp(dir: string): string {
  const h = createHash('sha256')
  for (const f of readdirSync(dir, {recursive: true, encoding: 'utf8'}).sort()) {
    const st = statSync(path.join(dir, f))
    if (st.isFile()) h.update(`${f}:${st.size}:${st.mtimeMs}\n`)
  }
  return h.digest('hex')
}
