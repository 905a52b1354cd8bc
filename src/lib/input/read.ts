import {readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {inputError, type MeshctlError} from '../errors.js'

/** Why a file could not be read, in words (`no such file or directory`), never a bare errno code. */
export function readFailureReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'ENOTDIR':
      return 'a parent of it is not a directory'
    default:
      return (e?.message ?? String(err)).split('\n')[0]
  }
}

/** The one wording of a read failure: `PATH: cannot read file: REASON`, plus the flag that named it. */
export function readFailureMessage(path: string, err: unknown, flag?: string): string {
  return `${path}: cannot read file: ${readFailureReason(err)}${flag ? ` (${flag})` : ''}`
}

function readError(path: string, err: unknown, flag?: string): MeshctlError {
  return inputError(readFailureMessage(path, err, flag))
}

/** Reads a UTF-8 file; a failure is a bad-input error (exit 65) naming the path and the flag, if any. */
export async function readTextFile(path: string, flag?: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw readError(path, err, flag)
  }
}

/** readTextFile, synchronously. */
export function readTextFileSync(path: string, flag?: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw readError(path, err, flag)
  }
}
