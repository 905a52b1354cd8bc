import {type MeshctlError, inputError} from '../errors.js'

/**
 * An error raised while parsing or executing a template. `message` is worded exactly as Go's text/template
 * words it (`template: NAME:LINE:COL: ...`), and the location is also available as fields so that CLI
 * commands can report `file:line:col` and exit 65.
 */
export class TemplateError extends Error {
  /** Template (file) name the error occurred in. */
  readonly file: string
  /** 1-based line number, 0 when unknown. */
  readonly line: number
  /** Byte column as Go reports it (0-based offset within the line), 0 when unknown. */
  readonly col: number
  /** `parse` for syntax errors, `exec` for runtime errors. */
  readonly phase: 'parse' | 'exec'

  constructor(message: string, file: string, line: number, col: number, phase: 'parse' | 'exec') {
    super(message)
    this.name = 'TemplateError'
    this.file = file
    this.line = line
    this.col = col
    this.phase = phase
  }
}

/** Thrown by template functions: the executor wraps it as `error calling NAME: MESSAGE`. */
export class FuncError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FuncError'
  }
}

/**
 * A template error as a meshctl bad-input error (exit 65): `FILE:LINE:COL: message`, with Go's wording
 * of the message kept after the location.
 */
export function templateInputError(e: TemplateError): MeshctlError {
  const where = e.line > 0 ? `${e.file}:${e.line}:${e.col}` : e.file
  return inputError(`${where}: ${e.message}`)
}
