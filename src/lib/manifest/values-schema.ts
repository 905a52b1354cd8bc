/**
 * The shape of IstioOperator `values` (Istio's operator/pkg/apis/values_types.proto, as field names and
 * types), and a strict check of a values tree against it with "did you mean" suggestions.
 * The schema itself is generated from the proto (`valuesSchemaFromProto`) into values-schema.gen.ts.
 * @module
 */
import type {Json} from './goyaml.js'
import {isTree} from './values.js'
import {closest, describe} from '../suggest.js'

/** A field type: a scalar kind, `any` (Struct/Value/Any), an enum, or a message name. */
export type FieldType =
  | 'string'
  | 'bool'
  | 'int'
  | 'uint32'
  | 'uint64'
  | 'float'
  | 'duration'
  | 'any'
  | 'object'
  | 'enum'
  | 'intOrString'
  | `msg:${string}`

/** One field: its JSON name, type, and whether it is repeated or a string map. */
export interface FieldSpec {
  json: string
  type: FieldType
  repeated?: boolean
  map?: boolean
}

/** Messages by name; each lists fields by their proto name. */
export interface ValuesSchema {
  root: string
  messages: Record<string, Record<string, FieldSpec>>
}

const SCALARS: Record<string, FieldType> = {
  string: 'string',
  bytes: 'string',
  bool: 'bool',
  int32: 'int',
  int64: 'int',
  uint32: 'uint32',
  uint64: 'uint64',
  sint32: 'int',
  sint64: 'int',
  fixed32: 'uint32',
  fixed64: 'uint64',
  float: 'float',
  double: 'float',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.Int32Value': 'int',
  'google.protobuf.Int64Value': 'int',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.DoubleValue': 'float',
  'google.protobuf.Duration': 'duration',
  'google.protobuf.Struct': 'object',
  'google.protobuf.Value': 'any',
  'google.protobuf.Any': 'any',
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
  const enums = new Set<string>()
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
      if (t === 'enum') enums.add(name)
      stack.push({
        kind: t === 'oneof' ? (top?.kind === 'message' ? 'message' : 'other') : t,
        name: t === 'oneof' ? top!.name : name,
      })
      i += 2
      continue
    }
    if (t === '}') {
      stack.pop()
      continue
    }
    if (top?.kind !== 'message' || ['option', 'reserved', 'extensions'].includes(t)) {
      if (t === 'option' || t === 'reserved') while (i < tokens.length && tokens[i] !== ';') i++
      continue
    }
    // [repeated] TYPE NAME = N [options] ;
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
    let type: FieldType
    if (f.map) {
      const v = /map<\s*\w+\s*,\s*([\w.]+)\s*>/.exec(f.type)?.[1] ?? 'string'
      type = resolveType(v, messages, enums)
    } else type = resolveType(f.type, messages, enums)
    const spec: FieldSpec = {json: f.json ?? jsonName(f.name), type}
    if (f.repeated) spec.repeated = true
    if (f.map) spec.map = true
    messages[f.msg]![f.name] = spec
  }
  return {root, messages}
}

function resolveType(t: string, messages: Record<string, unknown>, enums: Set<string>): FieldType {
  if (SCALARS[t]) return SCALARS[t]
  const short = t.split('.').pop()!
  // Istio's IntOrString message has a custom JSON form: a number or a string.
  if (short === 'IntOrString') return 'intOrString'
  if (enums.has(short)) return 'enum'
  if (short in messages) return `msg:${short}`
  return 'any'
}

/** A problem found in values. */
export interface ValuesProblem {
  path: string
  message: string
}

/** An unsigned integer up to `max`, as a number or a decimal string (Go's json decodes both). */
function unsignedOk(v: Json, max: number): boolean {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN
  return Number.isInteger(n) && n >= 0 && n <= max
}

function checkScalar(type: FieldType, v: Json): string | undefined {
  switch (type) {
    case 'any':
      return undefined
    case 'object':
      return isTree(v) ? undefined : 'an object'
    case 'string':
    case 'duration':
      return typeof v === 'string' ? undefined : 'a string'
    case 'bool':
      return typeof v === 'boolean' ? undefined : 'a boolean'
    case 'int':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v))
        ? undefined
        : 'an integer'
    case 'uint32':
    case 'uint64':
      return unsignedOk(v, type === 'uint32' ? 2 ** 32 - 1 : 2 ** 64 - 1) ? undefined : 'an unsigned integer'
    case 'float':
      return typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Number(v)))
        ? undefined
        : 'a number'
    case 'enum':
      return typeof v === 'string' || typeof v === 'number' ? undefined : 'an enum name'
    case 'intOrString':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))
        ? undefined
        : 'an integer or a string'
    default:
      return isTree(v) ? undefined : 'an object'
  }
}

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
    const want = checkScalar(type, v)
    if (want)
      problems.push({path, message: `invalid value for ${path}: expected ${want}, got ${describe(v)}`})
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
