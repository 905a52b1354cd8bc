/**
 * Checks JSON against Go struct types the way encoding/json with DisallowUnknownFields decodes it (what
 * istioctl does with an IstioOperator): unknown fields (names match case-insensitively, as in Go), wrong
 * JSON types, integers out of range, Kubernetes quantities and int-or-strings. The types are generated
 * (go-types.gen.ts); `null` fits anything, as in Go.
 * @module
 */
import type {Json} from './goyaml.js'
import {closest, describe as describeJson} from '../suggest.js'
import {isTree} from './values.js'
// Kubernetes' resource.ParseQuantity errors (checked against istioctl for IST0125)
import {parseQuantityError} from '../go-parse.js'

/**
 * Go struct name → JSON field → type: a struct name, `[]T`, `map:T`, or a leaf (`string`, `bool`, `int32`,
 * `int64`, `uint32`, `uint64`, `float`, `quantity`, `intstr`, `any`).
 */
export type GoTypes = Record<string, Record<string, string>>

/** One problem: the path as users write it and a message naming it. */
export interface GoTypeFinding {
  path: string
  message: string
}

/**
 * Go's integer ranges. int64 and uint64 are compared as JS numbers, which cannot tell 2^63 - 1 from 2^63: at
 * that edge a value is accepted.
 */
const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, 2 ** 64 - 1],
}

/** The shared wording, naming a fractional number's value (a Go integer field refuses it). */
const describe = (v: Json): string =>
  typeof v === 'number' && !Number.isInteger(v) ? `number ${v}` : describeJson(v)

/**
 * resource.Quantity's UnmarshalJSON: the JSON text, its quotes stripped and trimmed, goes to ParseQuantity (a
 * number is always a quantity; a boolean, list or object fails its format check).
 */
function quantityProblem(v: Json): string | undefined {
  if (typeof v === 'number') return undefined
  return parseQuantityError(typeof v === 'string' ? v.trim() : JSON.stringify(v))
}

/** Why a leaf value does not decode into `type`, or undefined (`any`, and leaves not listed: anything). */
function leafProblem(type: string, v: Json): string | undefined {
  const want = (what: string) => `expected ${what}, got ${describe(v)}`
  switch (type) {
    case 'string':
      return typeof v === 'string' ? undefined : want('a string')
    case 'bool':
      return typeof v === 'boolean' ? undefined : want('a boolean')
    case 'float':
      return typeof v === 'number' ? undefined : want('a number')
    case 'intstr':
      // intstr.IntOrString.UnmarshalJSON: a JSON string, or else an int32
      if (
        typeof v === 'string' ||
        (Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31)
      )
        return undefined
      return want('an integer or a string')
    case 'quantity':
      return quantityProblem(v)
  }
  const range = INT_RANGES[type]
  if (!range) return undefined
  if (!Number.isInteger(v)) return want(`an integer (${type})`)
  const n = v as number
  return n < range[0] || n > range[1] ? `${n} is out of range for ${type}` : undefined
}

/** Checks `v` against the Go type `type`; findings go to `out`. */
export function checkGoType(types: GoTypes, type: string, v: Json, path: string, out: GoTypeFinding[]): void {
  if (v === null) return
  if (type.startsWith('[]')) {
    if (!Array.isArray(v))
      out.push({path, message: `invalid value for ${path}: expected a list, got ${describe(v)}`})
    else v.forEach((x, i) => checkGoType(types, type.slice(2), x, `${path}[${i}]`, out))
    return
  }
  if (type.startsWith('map:')) {
    if (!isTree(v))
      out.push({path, message: `invalid value for ${path}: expected an object, got ${describe(v)}`})
    else for (const [k, x] of Object.entries(v)) checkGoType(types, type.slice(4), x, `${path}.${k}`, out)
    return
  }
  const fields = types[type]
  if (!fields) {
    const problem = leafProblem(type, v)
    if (problem) out.push({path, message: `invalid value for ${path}: ${problem}`})
    return
  }
  if (!isTree(v)) {
    out.push({path, message: `invalid value for ${path}: expected an object, got ${describe(v)}`})
    return
  }
  const names = Object.keys(fields)
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k
    const field = k in fields ? k : names.find((n) => n.toLowerCase() === k.toLowerCase())
    if (field === undefined) {
      const g = closest(k, names)
      out.push({
        path: p,
        message: `unknown field ${p}` + (g ? `; did you mean ${path ? path + '.' : ''}${g}?` : ''),
      })
      continue
    }
    checkGoType(types, fields[field]!, x, p, out)
  }
}
