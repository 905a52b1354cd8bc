// The context the semantic rules report into, and checks shared by several kinds.
import {isHeaderName, isDns1123Label} from '../checks.js'
import {ISTIO_PROTOCOLS} from '../kubernetes.js'
import type {FieldError} from '../validate.js'

export type Path = ReadonlyArray<string | number>

export interface Ctx {
  namespace: string
  labels: Record<string, string>
  errors: FieldError[]
  warnings: FieldError[]
}

/** Records an error at `path` (nothing when `message` is undefined, so checks can be passed in directly). */
export const error = (c: Ctx, path: Path, message: string | undefined) =>
  message && c.errors.push({path: [...path], message})

/** Records a warning at `path`. */
export const warn = (c: Ctx, path: Path, message: string) => c.warnings.push({path: [...path], message})

/** The path of `spec`, where every rule starts. */
export const SPEC = ['spec'] as const

/** At most one of the fields may be set. */
export function atMostOne(c: Ctx, path: Path, o: object, fields: string[]) {
  const set = fields.filter((f) => f in o)
  if (set.length > 1) error(c, path, `only one of ${fields.join(', ')} may be set (found ${set.join(', ')})`)
}

/** Warns about duplicate values in a list; returns nothing. */
export function duplicates<T>(
  c: Ctx,
  path: Path,
  items: T[],
  key: (t: T) => unknown,
  what: string,
  asError = true,
) {
  const seen = new Set<unknown>()
  items.forEach((item, i) => {
    const k = key(item)
    if (k === undefined || k === '') return
    if (seen.has(k)) (asError ? error : warn)(c, [...path, i], `duplicate ${what}: ${String(k)}`)
    seen.add(k)
  })
}

/** `exportTo` values: ".", "*", "~" or namespace names, without repeats or contradictions. */
export function exportTo(c: Ctx, path: Path, values: string[] | undefined) {
  if (!values) return
  values.forEach((v, i) => {
    if (v !== '.' && v !== '*' && v !== '~' && !isDns1123Label(v))
      error(c, [...path, i], `invalid exportTo value "${v}": must be ".", "*", "~" or a namespace name`)
  })
  duplicates(c, path, values, (v) => (v === c.namespace ? '.' : v), 'entry in exportTo')
  if (values.includes('*') && values.length > 1)
    error(c, path, 'cannot have both public (*) and non-public exportTo values for a resource')
  if (values.includes('~') && values.length > 1) error(c, path, 'cannot export to no one (~) and someone')
}

/** Header names a match can use: HTTP tokens, pseudo-headers and `@request.auth.claims.*`. */
export function headerMatchName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty'
  if (
    name.startsWith('@request.auth.claims.') ||
    [':method', ':scheme', ':authority', ':path', ':status'].includes(name)
  )
    return undefined
  return isHeaderName(name) ? undefined : `header name ${name} is not a valid header name`
}

/** Selector labels: no empty keys, no wildcards. */
export function labelsSelector(c: Ctx, p: Path, labels: Record<string, string> | undefined) {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === '') error(c, p, `empty key is not supported in selector: "=${v}"`)
    else if (k.includes('*') || v.includes('*'))
      error(c, [...p, k], `wildcard is not supported in selector: "${k}=${v}"`)
  }
}

const isProtocol = (p: string) => (ISTIO_PROTOCOLS as readonly string[]).includes(p.toLowerCase())

/** A Sidecar or ServiceEntry port's name and protocol. */
export function portNameAndProtocol(c: Ctx, p: Path, port: {name?: string; protocol?: string}) {
  if (port.name && !isDns1123Label(port.name)) error(c, [...p, 'name'], `invalid port name: ${port.name}`)
  if (port.protocol && !isProtocol(port.protocol))
    error(c, [...p, 'protocol'], `unsupported protocol: ${port.protocol}`)
}
