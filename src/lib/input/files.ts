import {readdir, readFile, stat} from 'node:fs/promises'
import {extname, join} from 'node:path'
import {parseDocuments, type InputObject, type InputProblem} from './documents.js'
import {readFailureReason} from './read.js'

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

/** Reads the whole of process.stdin (or another stream) as UTF-8. */
export async function readProcessStdin(stream: AsyncIterable<unknown> = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
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

/** True for text with nothing but blank lines, comments and document markers: no document at all. */
export function isBlankYaml(text: string): boolean {
  return text.split('\n').every((l) => /^\s*(#.*)?$/.test(l) || /^(---|\.\.\.)\s*(#.*)?$/.test(l))
}

/**
 * Reads YAML/JSON objects from files, directories (their .json/.yaml/.yml files; sub-directories with
 * `recursive`) and `-` (stdin, read once). Unreadable paths and unparsable documents become problems, and
 * so does a path that yields no document at all (an empty file, a directory without YAML or JSON files),
 * so that nothing passes for having been checked; this never throws for bad input.
 */
export async function loadInputs(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadedInputs> {
  const result: LoadedInputs = {sources: [], objects: [], problems: [], skipped: []}
  const seen = new Set<string>()
  /** Reads one source; false when it held no document (blank), true otherwise (read, or a problem). */
  const readOne = async (source: string, read: () => Promise<string>): Promise<boolean> => {
    if (seen.has(source)) return true
    seen.add(source)
    let text: string
    try {
      text = await read()
    } catch (err) {
      result.sources.push(source)
      result.problems.push({source, message: `cannot read file: ${readFailureReason(err)}`})
      return true
    }
    // A blank file is no source: it is not listed as read (and so never reported valid).
    if (isBlankYaml(text)) return false
    result.sources.push(source)
    const parsed = parseDocuments(text, source)
    // a loop, not push(...): spreading tens of thousands of arguments can overflow the stack
    for (const o of parsed.objects) result.objects.push(o)
    for (const p of parsed.problems) result.problems.push(p)
    return true
  }
  const problem = (source: string, message: string) => {
    if (!result.sources.includes(source)) result.sources.push(source)
    seen.add(source)
    result.problems.push({source, message})
  }

  for (const path of paths) {
    if (path === '-') {
      if (!(await readOne('-', opts.readStdin ?? readProcessStdin)))
        problem('-', 'no YAML or JSON documents on stdin')
      continue
    }
    let files: string[]
    let isDir: boolean
    try {
      isDir = (await stat(path)).isDirectory()
      files = isDir ? await listDirectory(path, opts.recursive ?? false, result.skipped) : [path]
    } catch (err) {
      problem(path, `cannot read file: ${readFailureReason(err)}`)
      continue
    }
    let found = false
    for (const file of files) if (await readOne(file, () => readFile(file, 'utf8'))) found = true
    if (!found)
      problem(
        path,
        isDir && files.length === 0
          ? `no YAML or JSON files (${INPUT_EXTENSIONS.join(', ')}) in this directory${opts.recursive ? ' or below' : ''}`
          : 'no YAML or JSON documents found',
      )
  }
  return result
}
