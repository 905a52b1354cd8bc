// Runs the built CLI on one input the way a user would, in a folder of its own, and measures what the
// robustness and secrets suites assert: exit code, stderr, peak memory, wall time, files left behind.
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {BIN} from '../helpers/cli.js'

/** GNU time reports peak RSS; without it, memory is not measured (the run still is). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
const RSS_MARK = '@@meshctl-maxrss-kb='

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  /** Peak resident memory in KiB, when GNU time is there. */
  maxRssKb?: number
  ms: number
  timedOut: boolean
  /** Files in the run's folder afterwards that were not there before (relative paths). */
  created: string[]
  /** The content of each `keep` file that exists afterwards. */
  files?: Record<string, string>
}

export interface RunSpec {
  args: string[]
  /** Files to create in the run's folder first (relative path → content). */
  files?: Record<string, string | Buffer>
  stdin?: string | Buffer
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  /** Files to read back after the run (relative paths). */
  keep?: string[]
}

function listFiles(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, join(base, e.name)) : [join(base, e.name)],
  )
}

/** Runs `meshctl ARGS` in a fresh temporary folder (the cwd), then removes the folder. */
export function runInFolder(spec: RunSpec): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'meshctl-robust-'))
  for (const [name, content] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), {recursive: true})
    writeFileSync(join(dir, name), content)
  }
  const before = new Set(listFiles(dir))
  const started = Date.now()
  const argv = [process.execPath, BIN, ...spec.args]
  const [cmd, ...args] = GNU_TIME ? [GNU_TIME, '-f', `${RSS_MARK}%M`, ...argv] : argv
  return new Promise((resolve) => {
    const child = spawn(cmd!, args, {
      cwd: dir,
      env: {...process.env, NO_COLOR: '1', KUBECONFIG: '/nonexistent/meshctl-test-kubeconfig', ...spec.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.stdin.on('error', () => {}) // the CLI may exit before reading all of stdin
    child.stdin.end(spec.stdin ?? '')
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, spec.timeoutMs ?? 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      let stderr = Buffer.concat(err).toString('utf8')
      let maxRssKb: number | undefined
      const mark = stderr.lastIndexOf(RSS_MARK)
      if (mark >= 0) {
        maxRssKb = Number(stderr.slice(mark + RSS_MARK.length).trim())
        stderr = stderr.slice(0, mark)
        // GNU time's own note on a non-zero exit
        stderr = stderr.replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\n$/, '')
      }
      const created = existsSync(dir) ? listFiles(dir).filter((f) => !before.has(f)) : []
      const files: Record<string, string> = {}
      for (const f of spec.keep ?? [])
        if (existsSync(join(dir, f))) files[f] = readFileSync(join(dir, f), 'utf8')
      rmSync(dir, {recursive: true, force: true})
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        maxRssKb,
        ms: Date.now() - started,
        timedOut,
        created,
        files,
      })
    })
  })
}

/** Runs tasks with at most `n` at a time, keeping their order in the results. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({length: Math.min(n, items.length)}, worker))
  return results
}

/** A JavaScript stack trace line, which users must never see without --debug. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m
