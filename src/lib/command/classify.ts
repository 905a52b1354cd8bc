import {ExitCode, type ExitCodeValue} from './exit-codes.js'
import {MeshctlError} from '../errors.js'

/** What the user sees for an error: one message line, hint lines and the exit code. */
export interface ErrorReport {
  message: string
  hints: string[]
  exitCode: ExitCodeValue
}

const USAGE_PATTERNS = [/^command .* not found/, /^topic .* not found/]

/** Maps any thrown value to the one-line report and exit code that meshctl prints. */
export function classifyError(err: unknown): ErrorReport {
  if (err instanceof MeshctlError)
    return {message: flagParseMessage(err.message) ?? err.message, hints: err.hints, exitCode: err.exitCode}
  const e = err as {message?: unknown; parse?: unknown; name?: string}
  const raw = typeof e?.message === 'string' ? e.message : String(err)
  // oclif parser errors (unknown flag, bad option, missing argument) carry a `parse` field.
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^See more help with/.test(l))
  const message = lines[0] ?? 'unknown error'
  if (e && typeof e === 'object' && 'parse' in e) {
    return {message: lines.join(' '), hints: ['see --help'], exitCode: ExitCode.USAGE}
  }
  const fsError = fileSystemReport(err)
  if (fsError) return fsError
  if (USAGE_PATTERNS.some((p) => p.test(message))) {
    return {message, hints: ['run "meshctl --help" for the list of commands'], exitCode: ExitCode.USAGE}
  }
  return {message, hints: lines.slice(1, 3), exitCode: ExitCode.FAILURE}
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
}

/** A file a command could not read or write, left unhandled: `PATH: REASON` (bad input: the path is the user's). */
function fileSystemReport(err: unknown): ErrorReport | undefined {
  const e = err as NodeJS.ErrnoException
  if (!e || typeof e.code !== 'string' || typeof e.path !== 'string' || !FS_REASONS[e.code]) return undefined
  return {message: `${e.path}: ${FS_REASONS[e.code]}`, hints: [], exitCode: ExitCode.BAD_INPUT}
}

/**
 * oclif rewrites an error thrown by a flag's parser to `Parsing --flag \n\tMESSAGE\nSee more help…`;
 * this gives it back as one line, `--flag: MESSAGE`.
 */
function flagParseMessage(raw: string): string | undefined {
  const m = /^Parsing (--[\w-]+) ?\n\t(.*)/.exec(raw)
  return m ? `${m[1]}: ${m[2]}` : undefined
}

/** Formats a report as the lines written to stderr. */
export function formatErrorReport(report: ErrorReport): string {
  const out = [`error: ${report.message}`]
  for (const h of report.hints) out.push(`hint: ${h}`)
  return out.join('\n') + '\n'
}

/** True for oclif's ExitError (this.exit()), which carries an exit code and nothing to print. */
export function isExitError(err: unknown): err is {oclif: {exit: number}} {
  return (
    (err as {code?: string})?.code === 'EEXIT' &&
    typeof (err as {oclif?: {exit?: unknown}}).oclif?.exit === 'number'
  )
}
