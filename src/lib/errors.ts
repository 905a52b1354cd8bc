import {ExitCode, type ExitCodeValue} from './command/exit-codes.js'

/** An error meant for the user: one line of message, an exit code and optional hints. */
export class MeshctlError extends Error {
  readonly exitCode: ExitCodeValue
  readonly hints: string[]
  /** More about the error for --debug only (e.g. the code frame of a YAML syntax error). */
  detail?: string

  constructor(message: string, opts: {exitCode?: ExitCodeValue; hints?: string[]; cause?: unknown} = {}) {
    super(message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = 'MeshctlError'
    this.exitCode = opts.exitCode ?? ExitCode.FAILURE
    this.hints = opts.hints ?? []
  }
}

/** A usage error (exit 64): a bad flag value or combination. */
export function usageError(message: string, hints: string[] = []): MeshctlError {
  return new MeshctlError(message, {exitCode: ExitCode.USAGE, hints})
}

/** A bad-input error (exit 65): a file that cannot be read or parsed. */
export function inputError(message: string, hints: string[] = []): MeshctlError {
  return new MeshctlError(message, {exitCode: ExitCode.BAD_INPUT, hints})
}
