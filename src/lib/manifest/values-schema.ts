/**
 * The shape of IstioOperator `values` (Istio's operator/pkg/apis/values_types.proto, as field names and
 * types), and a strict check of a values tree against it with "did you mean" suggestions.
 * The schema itself is generated from the proto (`valuesSchemaFromProto`) into values-schema.gen.ts.
 * @module
 */
import type {Json} from './goyaml.js'
import {isTree} from './values.js'
import {closest, describe} from '../suggest.js'

/**
 * A field type: a scalar kind (as jsonpb decodes it: int32/int64/uint32/uint64 and float/double differ in range),
 * `any` (Struct/Value/Any), an enum (`enum:Name`, its value names in `enums`), or a message name.
 */
export type FieldType =
  | 'string'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'float'
  | 'double'
  | 'duration'
  | 'any'
  | 'object'
  | 'intOrString'
  | `enum:${string}`
  | `msg:${string}`

/** One field: its JSON name, type, and whether it is repeated or a string map. */
export interface FieldSpec {
  json: string
  type: FieldType
  repeated?: boolean
  map?: boolean
}

/** Messages by name (each lists fields by their proto name), and enums' value names. */
export interface ValuesSchema {
  root: string
  messages: Record<string, Record<string, FieldSpec>>
  enums: Record<string, string[]>
}

/** The field type of a proto scalar or well-known type (undefined for a message or enum name). */
function scalarType(t: string): FieldType | undefined {
  // Written inside the function (not a module table) so that each entry is tested by what it returns.
  const scalars: Record<string, FieldType> = {
    string: 'string',
    bytes: 'string',
    bool: 'bool',
    int32: 'int32',
    sint32: 'int32',
    sfixed32: 'int32',
    int64: 'int64',
    sint64: 'int64',
    sfixed64: 'int64',
    uint32: 'uint32',
    fixed32: 'uint32',
    uint64: 'uint64',
    fixed64: 'uint64',
    float: 'float',
    double: 'double',
    'google.protobuf.BoolValue': 'bool',
    'google.protobuf.StringValue': 'string',
    'google.protobuf.BytesValue': 'string',
    'google.protobuf.Int32Value': 'int32',
    'google.protobuf.Int64Value': 'int64',
    'google.protobuf.UInt32Value': 'uint32',
    'google.protobuf.UInt64Value': 'uint64',
    'google.protobuf.FloatValue': 'float',
    'google.protobuf.DoubleValue': 'double',
    'google.protobuf.Duration': 'duration',
    'google.protobuf.Struct': 'object',
    'google.protobuf.Value': 'any',
    'google.protobuf.Any': 'any',
  }
  return Object.hasOwn(scalars, t) ? scalars[t] : undefined
}

/** protoc's default JSON name: snake_case → lowerCamelCase. */
function jsonName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/** Reads message/enum/field declarations from a proto3 file (comments stripped; nested messages flattened). */
export function valuesSchemaFromProto(proto: string, root = 'Values'): ValuesSchema {
  const text = proto.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')
  const tokens = text.match(/map<[^>]*>|[A-Za-z_][\w.]*|\d+|"[^"]*"|[{}=;[\],]/g) ?? []
  const messages: Record<string, Record<string, FieldSpec>> = {}
  const enums: Record<string, string[]> = {}
  const stack: Array<{kind: 'message' | 'enum' | 'other'; name: string}> = []
  const pending: Array<{
    msg: string
    name: string
    type: string
    repeated: boolean
    json?: string
    map: boolean
  }> = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    const top = stack[stack.length - 1]
    if ((t === 'message' || t === 'enum' || t === 'oneof') && tokens[i + 2] === '{') {
      const name = tokens[i + 1]!
      if (t === 'message') messages[name] = {}
      if (t === 'enum') enums[name] = []
      // A oneof's fields belong to the message around it.
      stack.push(t === 'oneof' ? (top ?? {kind: 'other', name}) : {kind: t, name})
      i += 2
      continue
    }
    if (t === '}') {
      stack.pop()
      continue
    }
    if (t === 'option' || t === 'reserved' || t === 'extensions') {
      while (i < tokens.length && tokens[i] !== ';') i++
      continue
    }
    // enum: NAME = N [options] ;
    if (top?.kind === 'enum' && tokens[i + 1] === '=') {
      enums[top.name]!.push(t)
      while (i < tokens.length && tokens[i] !== ';') i++
      continue
    }
    if (top?.kind !== 'message') continue
    // [repeated|optional] TYPE NAME = N [options] ;
    let repeated = false
    let j = i
    if (tokens[j] === 'repeated' || tokens[j] === 'optional') {
      repeated = tokens[j] === 'repeated'
      j++
    }
    const type = tokens[j]!
    const name = tokens[j + 1]
    if (tokens[j + 2] !== '=' || name === undefined) continue
    let json: string | undefined
    let k = j + 4
    for (; k < tokens.length && tokens[k] !== ';'; k++) {
      if (tokens[k] === 'json_name' && tokens[k + 1] === '=') json = tokens[k + 2]!.slice(1, -1)
    }
    pending.push({msg: top.name, name, type, repeated, json, map: type.startsWith('map<')})
    i = k
  }
  for (const f of pending) {
    // map<K, V>: the values' type (a map without one is malformed: anything goes)
    const type = resolveType(f.map ? (/,\s*([\w.]+)/.exec(f.type)?.[1] ?? '') : f.type, messages, enums)
    const spec: FieldSpec = {json: f.json ?? jsonName(f.name), type}
    if (f.repeated) spec.repeated = true
    if (f.map) spec.map = true
    messages[f.msg]![f.name] = spec
  }
  return {root, messages, enums}
}

function resolveType(
  t: string,
  messages: Record<string, unknown>,
  enums: Record<string, unknown>,
): FieldType {
  const scalar = scalarType(t)
  if (scalar) return scalar
  const short = t.split('.').pop()!
  // Istio's IntOrString message has a custom JSON form: a number or a string.
  if (short === 'IntOrString') return 'intOrString'
  if (Object.hasOwn(enums, short)) return `enum:${short}`
  if (Object.hasOwn(messages, short)) return `msg:${short}`
  return 'any'
}

/** A problem found in values. */
export interface ValuesProblem {
  path: string
  message: string
}

/**
 * Whether jsonpb takes `v` for an integer field in [min, max]. It strips one pair of quotes and decodes the rest
 * as a JSON number into the Go integer type: so `"5"` and `" 5 "` are numbers too, but not `"05"`, `"+5"`,
 * `"5.0"` or `"1e2"` (JSON, but not an integer); a YAML number reaches it as an integer unless it has a fraction.
 */
function integerOk(v: Json, min: bigint, max: bigint): boolean {
  let n: bigint
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return false
    n = BigInt(v)
  } else if (typeof v === 'string') {
    const m = /^[ \t\n\r]*(-?(?:0|[1-9]\d*))[ \t\n\r]*$/.exec(v)
    // Go's ParseUint takes no sign at all, not even on -0
    if (!m || (min === 0n && m[1]!.startsWith('-'))) return false
    n = BigInt(m[1]!)
  } else return false
  return n >= min && n <= max
}

/** Whether jsonpb takes `v` for a float (32 bits) or double field: a finite number in range, its JSON text, or NaN/±Infinity. */
function floatOk(v: Json, max: number): boolean {
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return true
  let n: number
  if (typeof v === 'number') n = v
  else if (
    typeof v === 'string' &&
    /^[ \t\n\r]*-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?[ \t\n\r]*$/.test(v)
  )
    n = Number(v)
  else return false
  return Math.abs(n) <= max
}

/**
 * Go's time.ParseDuration (which jsonpb uses for google.protobuf.Duration): a sign, then numbers with units,
 * in int64 nanoseconds (down to -2^63; a fraction counts truncated).
 */
function durationOk(v: string): boolean {
  if (!/^[-+]?(?:0|(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.test(v)) return false
  const units: Record<string, bigint> = {
    ns: 1n,
    us: 1000n,
    µs: 1000n,
    μs: 1000n,
    ms: 1000000n,
    s: 1000000000n,
    m: 60000000000n,
    h: 3600000000000n,
  }
  let ns = 0n
  for (const [, int, frac, unit] of v.matchAll(/(\d*)\.?(\d*)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const u = units[unit!]!
    ns += BigInt(int || '0') * u + (BigInt(frac || '0') * u) / 10n ** BigInt(frac!.length)
  }
  return ns <= (v.startsWith('-') ? 2n ** 63n : 2n ** 63n - 1n)
}

const INT32: [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n]

function checkScalar(type: FieldType, v: Json): string | undefined {
  switch (type) {
    case 'any':
      return undefined
    case 'object':
      return isTree(v) ? undefined : 'an object'
    case 'string':
      return typeof v === 'string' ? undefined : 'a string'
    case 'duration':
      return typeof v === 'string' && durationOk(v) ? undefined : 'a duration (such as 1h2m3.5s)'
    case 'bool':
      return typeof v === 'boolean' ? undefined : 'a boolean'
    case 'int32':
      return integerOk(v, ...INT32) ? undefined : 'an integer (int32)'
    case 'int64':
      return integerOk(v, -(2n ** 63n), 2n ** 63n - 1n) ? undefined : 'an integer (int64)'
    case 'uint32':
      return integerOk(v, 0n, 2n ** 32n - 1n) ? undefined : 'an unsigned integer'
    case 'uint64':
      return integerOk(v, 0n, 2n ** 64n - 1n) ? undefined : 'an unsigned integer (uint64)'
    case 'float':
      return floatOk(v, 3.4028234663852886e38) ? undefined : 'a number (float32)'
    case 'double':
      return floatOk(v, Number.MAX_VALUE) ? undefined : 'a number'
    case 'intOrString':
      // Istio's IntOrString.UnmarshalJSON: a JSON string, or else an int32
      return typeof v === 'string' || (typeof v === 'number' && integerOk(v, ...INT32))
        ? undefined
        : 'an integer or a string'
  }
  return undefined // enum: and msg: types are walked apart
}

/** jsonpb's enum decoding: a value name (exactly), or any int32 number. */
function enumProblem(names: string[], v: Json): string | undefined {
  if (typeof v === 'string') return names.includes(v) ? undefined : `"${v}" is not one of ${names.join(', ')}`
  return typeof v === 'number' && integerOk(v, ...INT32)
    ? undefined
    : `expected an enum name, got ${describe(v)}`
}

const withWant = (want: string | undefined, v: Json) => want && `expected ${want}, got ${describe(v)}`

/** Checks a values tree against the schema: unknown fields (with the closest valid path) and wrong types. */
export function checkValues(schema: ValuesSchema, values: Json, prefix = 'values'): ValuesProblem[] {
  const problems: ValuesProblem[] = []
  const walkMessage = (msgName: string, v: Json, path: string): void => {
    if (v === null) return
    if (!isTree(v)) {
      problems.push({path, message: `invalid value for ${path}: expected an object, got ${describe(v)}`})
      return
    }
    const fields = schema.messages[msgName] ?? {}
    const byName = new Map<string, FieldSpec>()
    for (const [proto, f] of Object.entries(fields)) {
      byName.set(f.json, f)
      byName.set(proto, f)
    }
    for (const [k, child] of Object.entries(v)) {
      const f = byName.get(k)
      const p = `${path}.${k}`
      if (!f) {
        const guess = closest(
          k,
          Object.values(fields).map((x) => x.json),
        )
        problems.push({
          path: p,
          message: `unknown field ${p}` + (guess ? `; did you mean ${path}.${guess}?` : ''),
        })
        continue
      }
      walkField(f, child, p)
    }
  }
  const walkOne = (type: FieldType, v: Json, path: string): void => {
    if (v === null) return
    if (type.startsWith('msg:')) return walkMessage(type.slice(4), v, path)
    const problem = type.startsWith('enum:')
      ? enumProblem(schema.enums[type.slice(5)] ?? [], v)
      : withWant(checkScalar(type, v), v)
    if (problem) problems.push({path, message: `invalid value for ${path}: ${problem}`})
  }
  const walkField = (f: FieldSpec, v: Json, path: string): void => {
    if (v === null) return
    if (f.map) {
      if (!isTree(v))
        return void problems.push({
          path,
          message: `invalid value for ${path}: expected an object, got ${describe(v)}`,
        })
      for (const [k, x] of Object.entries(v)) walkOne(f.type, x, `${path}.${k}`)
      return
    }
    if (f.repeated) {
      if (!Array.isArray(v))
        return void problems.push({
          path,
          message: `invalid value for ${path}: expected a list, got ${describe(v)}`,
        })
      v.forEach((x, i) => walkOne(f.type, x, `${path}[${i}]`))
      return
    }
    walkOne(f.type, v, path)
  }
  walkMessage(schema.root, values, prefix)
  return problems
}
