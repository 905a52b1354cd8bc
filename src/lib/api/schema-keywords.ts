// The formats and keywords of meshctl's ajv schemas, in their own module so that validators generated at
// build time (precompile.ts) import the very functions that validate.ts gives ajv at run time.
import type {Format} from 'ajv'
import {CHECKS} from './checks.js'
import type {CheckName} from './schema.js'

/**
 * Formats the schemas use (keys are ajv format names). The bounds and patterns are written inside the
 * functions, not as module constants, so that mutation testing can change them under a loaded module.
 */
export const FORMATS: Record<string, Format> = {
  int32: {type: 'number', validate: (n: number) => n >= -(2 ** 31) && n <= 2 ** 31 - 1},
  double: {type: 'number', validate: () => true},
  byte: (s: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  'date-time': (s: string) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
}

/** A deprecated field met during one validation: its JSON pointer, the whole object, the note. */
export interface Deprecation {
  pointer: string
  root: unknown
  note: string
}

/** Filled by the x-meshctl-deprecated keyword during one validation; validate.ts empties it around each run. */
export const deprecations: Deprecation[] = []

/** The `validate` functions of meshctl's own keywords. */
export const KEYWORDS = {
  /** x-meshctl-checks: runs the named checks of checks.ts on the value; each failure is an ajv error. */
  checks: function run(checks: CheckName[], data: unknown): boolean {
    const errors = checks.flatMap((c) => {
      const message = CHECKS[c](data)
      return message ? [{keyword: 'x-meshctl-checks', message, params: {check: c}}] : []
    })
    ;(run as unknown as {errors: unknown[]}).errors = errors
    return errors.length === 0
  },
  /** x-meshctl-deprecated: records the field as deprecated; never fails. */
  deprecated: (
    note: string,
    _data: unknown,
    _schema: unknown,
    cxt?: {instancePath: string; rootData: unknown},
  ) => {
    if (cxt) deprecations.push({pointer: cxt.instancePath, root: cxt.rootData, note})
    return true
  },
}
