/**
 * The file side of `kube-inject`: reading -f inputs (files, directories, stdin) and writing results
 * through a temporary file and a rename, so a failed run never leaves a truncated file.
 * @module
 */
import {readdir, readFile, rename, stat, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {inputError} from '../errors.js'
import {INPUT_EXTENSIONS, readProcessStdin} from '../input/index.js'
import type {KubeClient} from '../kube/client.js'
import {reachCluster, resolveSettings, type SourceOptions} from './sources.js'
import {injectStreamVia, type StreamResult} from './stream.js'
import {injectStreamParallel} from './parallel.js'
import {openWebhook, WebhookError} from './webhook.js'

export {resolveSettings, nativeSidecarsFromEnv} from './sources.js'
export {injectStream, type StreamResult} from './stream.js'

export interface RunOptions extends SourceOptions {
  /** --webhookConfig: the MutatingWebhookConfiguration preferred among the revision's. */
  webhookConfig: string
  reinject?: boolean
  /** `-o json-patch`. */
  patches?: boolean
}

export interface RunResult {
  results: {path: string; result: StreamResult}[]
  /** Where the configuration came from, for stderr. */
  notes: string[]
  /** istioctl's skip warnings, for stderr. */
  warnings: string[]
}

/** Whether any configuration file is given: then injection is local (the files are what the user asked for). */
function anyConfigFile(o: SourceOptions): boolean {
  return !!(o.injectConfigFile || o.valuesFile || o.meshConfigFile || o.operatorFileName)
}

/**
 * kube-inject over the inputs. With no configuration file and a cluster that answers, each pod goes to
 * istiod's injection webhook, as istioctl does; when that webhook is not configured or cannot be reached
 * (nothing answered yet), a note says why and the revision's ConfigMaps are used. Otherwise the engine
 * injects with the files, the ConfigMaps or the default profile (see resolveSettings).
 */
export async function injectInputs(
  inputs: InjectInput[],
  opts: RunOptions,
  cluster: () => Promise<KubeClient>,
): Promise<RunResult> {
  const notes: string[] = []
  let warnings: string[] = []
  let client: Promise<KubeClient> | undefined
  const once = () => (client ??= cluster())
  if (!anyConfigFile(opts)) {
    const reached = await reachCluster(once)
    if ('client' in reached) {
      const setup = await openWebhook(reached.client, {
        revision: opts.revision === 'default' ? '' : opts.revision,
        webhookConfig: opts.webhookConfig,
      })
      let why: string
      if ('injector' in setup) {
        const {injector} = setup
        try {
          const results = []
          for (const input of inputs) {
            const result = await injectStreamVia(injector.inject.bind(injector), input.text, input.name, {
              reinject: opts.reinject,
              patches: opts.patches,
              warn: (w) => warnings.push(w),
              wrap: (e) => !(e instanceof WebhookError && e.unreachable),
            })
            results.push({path: input.path, result})
          }
          notes.push(`using istiod's injection webhook (${injector.describe})`)
          return {results, notes, warnings}
        } catch (e) {
          if (!(e instanceof WebhookError && e.unreachable && injector.answered === 0)) throw e
          why = e.message
        } finally {
          await injector.close()
        }
      } else why = setup.unavailable
      notes.push(
        `cannot use istiod's injection webhook (${why}); injecting with the revision's ConfigMaps instead`,
      )
      warnings = []
    }
  }
  const resolved = await resolveSettings(opts, once)
  notes.push(...resolved.notes)
  const results = []
  for (const input of inputs)
    results.push({
      path: input.path,
      result: await injectStreamParallel(resolved.settings, resolved.raw, input.text, input.name, {
        reinject: opts.reinject,
        patches: opts.patches,
        warn: (w) => warnings.push(w),
      }),
    })
  return {results, notes, warnings}
}

export interface InjectInput {
  /** Name for messages. */
  name: string
  /** File path ('' for stdin). */
  path: string
  text: string
}

/** Reads -f arguments: `-` is stdin, a directory gives its .yaml/.yml/.json files in name order. */
export async function readInjectInputs(args: string[]): Promise<InjectInput[]> {
  const out: InjectInput[] = []
  for (const arg of args) {
    if (arg === '-') {
      out.push({name: 'stdin', path: '', text: await readProcessStdin()})
      continue
    }
    let isDir: boolean
    try {
      isDir = (await stat(arg)).isDirectory()
    } catch {
      throw inputError(`${arg}: no such file or directory`)
    }
    const files = isDir
      ? (await readdir(arg))
          .filter((f) => (INPUT_EXTENSIONS as readonly string[]).some((e) => f.endsWith(e)))
          .sort()
          .map((f) => join(arg, f))
      : [arg]
    for (const f of files) {
      try {
        out.push({name: f, path: f, text: await readFile(f, 'utf8')})
      } catch (e) {
        throw inputError(`${f}: ${(e as Error).message}`)
      }
    }
  }
  return out
}

/** Writes `text` to `file` via a temporary file in the same directory and a rename. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
  try {
    await writeFile(tmp, text)
    await rename(tmp, file)
  } catch (e) {
    await unlink(tmp).catch(() => {})
    throw e
  }
}
