// Whole-process timing: each command runs as a user would run it, after a warm-up, alternating the
// commands being compared so that machine noise hits them alike. Reports medians.
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export interface Command {
  /** Row label, e.g. `meshctl --version`. */
  label: string
  file: string
  args: string[]
}

export interface Measurement {
  label: string
  runs: number
  /** Median wall time, milliseconds. */
  medianMs: number
  minMs: number
  /** Median peak resident memory, MiB (only when asked for). */
  peakMiB?: number
  /**
   * Median CPU time (user + system), milliseconds, measured with the memory: less moved by other work on
   * the machine than wall time, and above wall time for a tool that works on several cores at once.
   */
  cpuMs?: number
  /** The first unexpected exit code of a timed run, else the last run's (a failing command is reported, not hidden). */
  exitCode: number
  /** Timed runs that ended with an unexpected exit code. */
  failedRuns: number
}

export interface Options {
  runs: number
  warmup: number
  /** Measure peak RSS through /usr/bin/time (GNU time's %M). */
  memory?: boolean
  /** Exit codes that mean the command did its work (default [0]; analyze with findings exits 79). */
  okCodes?: number[]
  cwd?: string
}

const GNU_TIME = '/usr/bin/time'

function once(
  cmd: Command,
  opts: Options,
  scratch: string,
): Promise<{ms: number; kib?: number; cpuMs?: number; code: number}> {
  const out = join(scratch, 'rss')
  const [file, args] = opts.memory
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', out, cmd.file, ...cmd.args]]
    : [cmd.file, cmd.args]
  return new Promise((resolve) => {
    const start = process.hrtime.bigint()
    execFile(file, args, {cwd: opts.cwd, maxBuffer: 512 * 1024 * 1024}, (err) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      // GNU time writes `Command exited with non-zero status N` first when the command fails
      const [kib, user, sys] = opts.memory
        ? readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number)
        : []
      resolve({ms, kib, cpuMs: user === undefined ? undefined : (user + sys) * 1000, code})
    })
  })
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Runs the commands `runs` times each, interleaved, after `warmup` untimed rounds. */
export async function measure(cmds: Command[], opts: Options): Promise<Measurement[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'meshctl-bench-'))
  try {
    const times = cmds.map(() => [] as number[])
    const mem = cmds.map(() => [] as number[])
    const cpu = cmds.map(() => [] as number[])
    const ok = opts.okCodes ?? [0]
    const codes = cmds.map(() => 0)
    const failed = cmds.map(() => 0)
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      for (const [i, cmd] of cmds.entries()) {
        const r = await once(cmd, opts, scratch)
        if (round < opts.warmup) continue
        if (failed[i] === 0) codes[i] = r.code // keeps the first unexpected code once there is one
        if (!ok.includes(r.code)) failed[i]++
        times[i].push(r.ms)
        if (r.kib !== undefined) mem[i].push(r.kib / 1024)
        if (r.cpuMs !== undefined) cpu[i].push(r.cpuMs)
      }
    }
    return cmds.map((cmd, i) => ({
      label: cmd.label,
      runs: opts.runs,
      medianMs: round1(median(times[i])),
      minMs: round1(Math.min(...times[i])),
      ...(opts.memory ? {peakMiB: round1(median(mem[i])), cpuMs: round1(median(cpu[i]))} : {}),
      exitCode: codes[i],
      failedRuns: failed[i],
    }))
  } finally {
    rmSync(scratch, {recursive: true, force: true})
  }
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10
}
