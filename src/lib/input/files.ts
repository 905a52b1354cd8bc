import {readdir, readFile, stat} from 'node:fs/promises'
import {extname, join} from 'node:path'
import {parseDocuments, type InputObject, type InputProblem} from './documents.js'

/** File name endings read when walking a directory (files named explicitly are read whatever their name). */
export const INPUT_EXTENSIONS = ['.json', '.yaml', '.yml'] as const

export interface LoadOptions {
  /** Walk sub-directories of directory arguments too. */
  recursive?: boolean
  /** Reads all of stdin, for the path `-` (default: process.stdin). */
  readStdin?: () => Promise<string>
}

/** Everything read from a set of paths: the sources in order, their objects and the problems met. */
export interface LoadedInputs {
  /** Each file read (or `-`), in the order read: paths as given, directory entries sorted by name. */
  sources: string[]
  objects: InputObject[]
  problems: InputProblem[]
  /** Files met in directories and not read, their names ending otherwise than INPUT_EXTENSIONS. */
  skipped: string[]
}

/** Reads the whole of process.stdin as UTF-8. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

async function listDirectory(dir: string, recursive: boolean, skipped: string[]): Promise<string[]> {
  const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) => a.name.localeCompare(b.name))
  const files: string[] = []
  for (const e of entries) {
    const path = join(dir, e.name)
    if (e.isDirectory()) {
      if (recursive) files.push(...(await listDirectory(path, true, skipped)))
    } else if ((INPUT_EXTENSIONS as readonly string[]).includes(extname(e.name).toLowerCase())) {
      files.push(path)
    } else {
      skipped.push(path)
    }
  }
  return files
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  if (e.code === 'ENOENT') return 'no such file or directory'
  if (e.code === 'EACCES') return 'permission denied'
  if (e.code === 'EISDIR') return 'is a directory'
  return e.message ?? String(err)
}

/**
 * Reads YAML/JSON objects from files, directories (their .json/.yaml/.yml files; sub-directories with
 * `recursive`) and `-` (stdin, read once). Unreadable paths and unparsable documents become problems; this
 * never throws for bad input.
 */
export async function loadInputs(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadedInputs> {
  const result: LoadedInputs = {sources: [], objects: [], problems: [], skipped: []}
  const seen = new Set<string>()
  const readOne = async (source: string, read: () => Promise<string>) => {
    if (seen.has(source)) return
    seen.add(source)
    result.sources.push(source)
    let text: string
    try {
      text = await read()
    } catch (err) {
      result.problems.push({source, message: `cannot read file: ${reason(err)}`})
      return
    }
    const parsed = parseDocuments(text, source)
    // a loop, not push(...): spreading tens of thousands of arguments can overflow the stack
    for (const o of parsed.objects) result.objects.push(o)
    for (const p of parsed.problems) result.problems.push(p)
  }

  for (const path of paths) {
    if (path === '-') {
      await readOne('-', opts.readStdin ?? readProcessStdin)
      continue
    }
    let isDir = false
    try {
      isDir = (await stat(path)).isDirectory()
    } catch (err) {
      seen.add(path)
      result.sources.push(path)
      result.problems.push({source: path, message: `cannot read file: ${reason(err)}`})
      continue
    }
    const files = isDir ? await listDirectory(path, opts.recursive ?? false, result.skipped) : [path]
    for (const file of files) await readOne(file, () => readFile(file, 'utf8'))
  }
  return result
}
