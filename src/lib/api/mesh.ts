/**
 * MeshConfig and its `defaultConfig` (ProxyConfig), istio.io/api mesh/v1alpha1: the schema (mesh.gen.ts,
 * generated from the protos) and {@link checkMeshConfig}, which reads a mesh config as istioctl's protobuf
 * JSON decoding does. That decoding ignores unknown fields, so they are warnings here (with the closest
 * valid field); wrongly typed values, unknown enum names and bad durations are errors.
 * @module
 */
import {closest, describe} from '../suggest.js'
import {meshConfig, proxyConfig} from './mesh.gen.js'
import type {Infer, JSONSchemaProps} from './schema.js'
import {isObject} from '../json.js'

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
  // istioctl's mesh config rules (agent.ValidateMeshConfig) apply once the types are right.
  if (schema === meshConfig && errors.length === 0 && isObject(value))
    errors.push(...meshConfigRules(value, prefix))
  return {errors, warnings}
}

const UNITS: Record<string, number> = {ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9}

/** A Go duration string in nanoseconds (valid per GO_DURATION). */
export function goDurationNanos(d: string): number {
  const sign = d.startsWith('-') ? -1 : 1
  let ns = 0
  for (const [, num, unit] of d.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const [int = '0', frac = ''] = num!.split('.')
    // Whole and fractional parts apart, so that 1.5ms is exactly 1500000ns.
    ns += Number(int) * UNITS[unit!]! + Math.round(Number(`0.${frac || '0'}`) * UNITS[unit!]!)
  }
  return sign * ns
}

/** A duration of at least one second as Go's Duration.String prints it (`2h0m0s`, `1h0m0.5s`). */
function goDurationText(ns: number): string {
  const sign = ns < 0 ? '-' : ''
  const abs = Math.abs(ns)
  const h = Math.floor(abs / 3600e9)
  const m = Math.floor((abs % 3600e9) / 60e9)
  const s = ((abs % 60e9) / 1e9).toFixed(9).replace(/\.?0+$/, '')
  return sign + (h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m` : '') + `${s}s`
}

const MS = 1e6
/** istioctl's range rule for ports. */
const portProblem = (n: number) =>
  n >= 1 && n <= 65535 ? undefined : `port number ${n} must be in the range 1..65535`

/** The value rules istioctl applies to a decoded mesh config (the fields users set; defaults are valid). */
function meshConfigRules(mc: Record<string, unknown>, prefix: string): MeshFinding[] {
  const out: MeshFinding[] = []
  const at = (
    obj: Record<string, unknown>,
    field: string,
    path: string,
    rule: (v: unknown) => string | undefined,
  ) => {
    // Named as the user wrote it: the JSON name, or the proto name.
    const key = field in obj ? field : field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
    const v = obj[key]
    const problem = v === undefined || v === null ? undefined : rule(v)
    if (problem) out.push({path: `${path}.${key}`, message: `invalid value for ${path}.${key}: ${problem}`})
  }
  const port = (v: unknown) => portProblem(Number(v))
  const nanos = (v: unknown) => goDurationNanos(String(v))
  at(mc, 'proxyListenPort', prefix, port)
  at(mc, 'connectTimeout', prefix, (v) => {
    const d = nanos(v)
    if (d < MS) return 'duration must be greater than 1ms'
    if (d % MS !== 0) return 'only durations to ms precision are supported'
    return d > 3600e9 ? `time ${goDurationText(d)} must be >1ms and <1h0m0s` : undefined
  })
  at(mc, 'protocolDetectionTimeout', prefix, (v) =>
    nanos(v) % MS !== 0 ? 'only durations to ms precision are supported' : undefined,
  )
  const pc = mc.defaultConfig ?? mc.default_config
  if (!isObject(pc)) return out
  const pcPath = `${prefix}.${mc.defaultConfig !== undefined ? 'defaultConfig' : 'default_config'}`
  at(pc, 'drainDuration', pcPath, (v) => {
    const d = nanos(v)
    if (d < MS) return 'duration must be greater than 1ms'
    if (d % MS !== 0) return 'only durations to ms precision are supported'
    return d % 1e9 !== 0 ? 'drain time only supports durations to seconds precision' : undefined
  })
  at(pc, 'proxyAdminPort', pcPath, port)
  at(pc, 'statusPort', pcPath, port)
  at(pc, 'controlPlaneAuthPolicy', pcPath, (v) =>
    ['NONE', 'MUTUAL_TLS', 0, 1].includes(v as string)
      ? undefined
      : `unrecognized control plane auth policy "${String(v)}"`,
  )
  return out
}
