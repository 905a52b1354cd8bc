/**
 * MeshConfig and its `defaultConfig` (ProxyConfig), istio.io/api mesh/v1alpha1: the schema (mesh.gen.ts,
 * generated from the protos) and {@link checkMeshConfig}, which reads a mesh config as istioctl's protobuf
 * JSON decoding does. That decoding ignores unknown fields, so they are warnings here (with the closest
 * valid field); wrongly typed values, unknown enum names and bad durations are errors.
 * @module
 */
import {closest, describe} from '../manifest/values-schema.js'
import {meshConfig, proxyConfig} from './mesh.gen.js'
import type {Infer, JSONSchemaProps} from './schema.js'

export {meshConfig, proxyConfig}
/** A mesh config (`meshConfig` of an IstioOperator, the `mesh` key of the istio ConfigMap). */
export type MeshConfig = Infer<typeof meshConfig>
/** A proxy config (`meshConfig.defaultConfig`). */
export type ProxyConfig = Infer<typeof proxyConfig>

/** A problem at a path as users write it (`meshConfig.defaultConfig.concurrency`). */
export interface MeshFinding {
  path: string
  message: string
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Go's time.ParseDuration syntax (`10s`, `1.5m`, `1h2m`, `0`), which protobuf JSON uses for Duration. */
const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/

/** protobuf JSON's integers: a number or a decimal string, within the type's range. */
function integerIn(v: unknown, min: number, max: number): boolean {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN
  return Number.isInteger(n) && n >= min && n <= max
}

const RANGES: Record<string, [number, number, string]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1, 'a 32-bit integer'],
  uint32: [0, 2 ** 32 - 1, 'an unsigned 32-bit integer'],
  uint64: [0, 2 ** 64 - 1, 'an unsigned integer'],
  int64: [-(2 ** 63), 2 ** 63 - 1, 'an integer'],
}

/** What a scalar node wants, when `v` does not fit it. */
function scalarProblem(s: JSONSchemaProps, v: unknown, path: string): string | undefined {
  const want = (what: string) => `invalid value for ${path}: expected ${what}, got ${describe(v)}`
  if (s.enum) {
    if (typeof v === 'number') return Number.isInteger(v) ? undefined : want('an enum name or number')
    if (typeof v !== 'string') return want('an enum name or number')
    return s.enum.includes(v)
      ? undefined
      : `invalid value for ${path}: "${v}" is not one of ${s.enum.join(', ')}`
  }
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') return want('a string')
      if (s['x-meshctl-checks']?.includes('duration') && !GO_DURATION.test(v))
        return `invalid value for ${path}: "${v}" is not a duration (such as 10s, 1.5m or 1h2m)`
      return undefined
    case 'boolean':
      return typeof v === 'boolean' ? undefined : want('a boolean')
    case 'integer': {
      const format = s.format ?? (s.maximum === 2 ** 32 - 1 ? 'uint32' : s.minimum === 0 ? 'uint64' : 'int64')
      const [min, max, what] = RANGES[format] ?? RANGES.int64!
      return integerIn(v, min, max) ? undefined : want(what)
    }
    case 'number':
      return typeof v === 'number' ||
        (typeof v === 'string' && /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|-?Infinity)$/.test(v))
        ? undefined
        : want('a number')
    default:
      return undefined
  }
}

/** protoc's JSON name of a proto field name (protobuf JSON accepts both). */
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/**
 * Checks a mesh config as istioctl decodes it (protobuf JSON, unknown fields allowed): errors for values
 * it refuses, warnings for unknown fields, each naming the field from `prefix` on.
 */
export function checkMeshConfig(
  value: unknown,
  prefix = 'meshConfig',
  schema: JSONSchemaProps = meshConfig,
): {errors: MeshFinding[]; warnings: MeshFinding[]} {
  const errors: MeshFinding[] = []
  const warnings: MeshFinding[] = []
  const walk = (s: JSONSchemaProps, v: unknown, path: string): void => {
    if (v === null || v === undefined) return
    if (s['x-kubernetes-preserve-unknown-fields'] && s.type === undefined) return
    if (s.type === 'object') {
      if (!isObject(v))
        return void errors.push({
          path,
          message: `invalid value for ${path}: expected an object, got ${describe(v)}`,
        })
      if (s.additionalProperties) {
        for (const [k, x] of Object.entries(v)) walk(s.additionalProperties, x, `${path}.${k}`)
      } else if (s.properties) {
        for (const [k, x] of Object.entries(v)) {
          const sub = s.properties[k] ?? s.properties[camel(k)]
          if (sub) walk(sub, x, `${path}.${k}`)
          else {
            const guess = closest(k, Object.keys(s.properties))
            warnings.push({
              path: `${path}.${k}`,
              message: `unknown field ${path}.${k}` + (guess ? `; did you mean ${path}.${guess}?` : ''),
            })
          }
        }
      }
      return
    }
    if (s.type === 'array') {
      if (!Array.isArray(v))
        return void errors.push({
          path,
          message: `invalid value for ${path}: expected a list, got ${describe(v)}`,
        })
      return v.forEach((x, i) => walk(s.items!, x, `${path}[${i}]`))
    }
    const problem = scalarProblem(s, v, path)
    if (problem) errors.push({path, message: problem})
  }
  walk(schema, value, prefix)
  return {errors, warnings}
}
