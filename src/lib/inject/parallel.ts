/**
 * kube-inject of a large file on two threads: the file is cut at a document marker (`---` at the start of
 * a line) near its middle; a worker thread injects the second part while this thread injects the first,
 * and the outputs are joined. The result is the same as {@link injectStream} on the whole file (line
 * numbers in errors included). Small inputs, a machine without three cores free (a second thread then
 * mostly adds CPU time and memory: see {@link twoThreads}), or a build
 * without the worker file (running from source) stay on one thread. MESHCTL_INJECT_THREADS=1|2 decides
 * instead of the idle time.
 * @module
 */
import {existsSync} from 'node:fs'
import {availableParallelism, cpus, loadavg} from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {MeshctlError} from '../errors.js'
import type {ExitCodeValue} from '../command/exit-codes.js'
import type {InjectSettings} from './inject.js'
import type {RawSettings} from './raw.js'
import {flatSequences, injectStream, type StreamOptions, type StreamResult} from './stream.js'

/** Below this size, starting a thread (loading code, parsing the templates again) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 128 * 1024

export interface WorkerJob {
  raw: RawSettings
  text: string
  source: string
  opts: Omit<StreamOptions, 'warn'>
}

export type WorkerReply =
  {result: StreamResult; warnings: string[]} | {error: {message: string; exitCode?: ExitCodeValue}}

const WORKER = new URL('./worker.js', import.meta.url)

/**
 * Cuts `text` into at most `parts` runs of whole documents, at document markers nearest to equal sizes.
 * Each part says the line it starts on.
 */
export function splitDocuments(text: string, parts: number): {text: string; firstLine: number}[] {
  const markers: number[] = []
  const re = /^---(?=[ \t\r\n]|$)/gm
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) markers.push(m.index)
  const cuts: number[] = []
  for (let k = 1; k < parts; k++) {
    const want = (text.length * k) / parts
    let best: number | undefined
    for (const at of markers) if (best === undefined || Math.abs(at - want) < Math.abs(best - want)) best = at
    if (best !== undefined && !cuts.includes(best) && best > (cuts.at(-1) ?? 0)) cuts.push(best)
  }
  const out: {text: string; firstLine: number}[] = []
  let from = 0
  let line = 1
  for (const to of [...cuts, text.length]) {
    out.push({text: text.slice(from, to), firstLine: line})
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) line++
    from = to
  }
  return out
}

/** Cumulative CPU times, in ms: all cores' idle time, all their time, and this process's own (all threads). */
export interface CpuTimes {
  idle: number
  total: number
  own: number
}

export function cpuTimes(): CpuTimes {
  let idle = 0
  let total = 0
  for (const {times: t} of cpus()) {
    idle += t.idle
    total += t.user + t.nice + t.sys + t.idle + t.irq
  }
  const {user, system} = process.cpuUsage()
  return {idle, total, own: (user + system) / 1000}
}

/** The machine's CPU times when kube-inject started (this module is loaded with the command). */
const STARTED = cpuTimes()

/**
 * How many cores no other process used between two readings of the CPU times: idle, or busy with this
 * one (its main thread, and V8's compiler and GC threads, which keep a second core half busy while it
 * starts); undefined when too little time passed to tell (the counters move in 10 ms steps).
 */
export function freeCores(since: CpuTimes, now: CpuTimes, cores: number): number | undefined {
  const total = now.total - since.total
  if (total < 50 * cores) return undefined
  const free = (cores * (now.idle - since.idle + now.own - since.own)) / total
  return Math.min(cores, free)
}

/**
 * Whether a second thread would pay: forced by MESHCTL_INJECT_THREADS, else whether nearly three cores
 * were left to this process since kube-inject started (what the machine does now; the load average is a
 * minute behind, and kube-inject run again and again keeps it up itself), else the load average. Each
 * thread's V8 keeps compiler and GC threads of its own busy: on 2 idle cores two threads took 2.4-2.6 s
 * for 1,000 Deployments against 2.6-2.7 s on one, with 4.5 s of CPU instead of 3.4 and 200 MiB instead of
 * 158, so it takes a third core.
 */
export function twoThreads(
  env: NodeJS.ProcessEnv = process.env,
  free = freeCores(STARTED, cpuTimes(), availableParallelism()),
): boolean {
  const forced = env.MESHCTL_INJECT_THREADS
  if (forced === '1' || forced === '2') return forced === '2'
  return free !== undefined ? free >= 2.7 : availableParallelism() - loadavg()[0] >= 3
}

/** {@link injectStream}, on two threads when the input is large and a core is idle. */
export async function injectStreamParallel(
  settings: InjectSettings,
  raw: RawSettings,
  text: string,
  source: string,
  opts: StreamOptions & {minBytes?: number},
): Promise<StreamResult> {
  const {minBytes = PARALLEL_MIN_BYTES, warn, ...rest} = opts
  if (text.length < minBytes || !twoThreads() || !existsSync(fileURLToPath(WORKER)))
    return injectStream(settings, text, source, opts)
  const parts = splitDocuments(text, 2)
  if (parts.length < 2) return injectStream(settings, text, source, opts)
  const [head, tail] = parts as [(typeof parts)[0], (typeof parts)[0]]
  const common = {...rest, flatSequences: flatSequences(text)}
  const worker = new Worker(WORKER, {
    workerData: {
      raw,
      text: tail.text,
      source,
      opts: {...common, firstLine: tail.firstLine},
    } satisfies WorkerJob,
  })
  const theirs = new Promise<WorkerReply>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the injection worker stopped (exit code ${code})`)))
  })
  // an error in the first part is the first error of the file
  theirs.catch(() => {})
  const warnings: string[] = []
  let mine: StreamResult
  try {
    mine = injectStream(settings, head.text, source, {...common, warn: (w) => warnings.push(w)})
  } catch (e) {
    await worker.terminate()
    throw e
  }
  const reply = await theirs
  await worker.terminate()
  if ('error' in reply) throw new MeshctlError(reply.error.message, {exitCode: reply.error.exitCode})
  for (const w of [...warnings, ...reply.warnings]) warn(w)
  return {
    text: mine.text + reply.result.text,
    injected: mine.injected + reply.result.injected,
    patches: [...mine.patches, ...reply.result.patches],
  }
}
