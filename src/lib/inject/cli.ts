/**
 * The file side of `kube-inject`: reading -f inputs (files, directories, stdin) and writing results
 * through a temporary file and a rename, so a failed run never leaves a truncated file.
 * @module
 */
import {readdir, readFile, rename, stat, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {inputError} from '../errors.js'
import {INPUT_EXTENSIONS, readProcessStdin} from '../input/index.js'

export {resolveSettings, nativeSidecarsFromEnv} from './sources.js'
export {injectStream, type StreamResult} from './stream.js'

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
