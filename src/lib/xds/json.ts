import type * as Protobuf from 'protobufjs'

/**
 * Decoded protobufjs messages to proto3 JSON, as Go's jsonpb writes them: camelCase names in declaration
 * order, default values left out, enums by name, 64-bit integers as strings, bytes as base64, and the
 * well-known types in their JSON forms (Any with `@type`, Struct as an object, Timestamp as RFC 3339,
 * Duration as "1.5s", wrappers as their value). Anys of types the loaded protos do not have become
 * `{"@type": url}`.
 */
export function messageToJson(type: Protobuf.Type, m: Record<string, unknown>, root: Protobuf.Root): unknown {
  const wkt = wellKnown(type, m, root)
  if (wkt !== NOT_WKT) return wkt
  const out: Record<string, unknown> = {}
  for (const field of type.fieldsArray) {
    // protobufjs sets only the fields on the wire (and repeated/map containers) as own properties
    if (!Object.prototype.hasOwnProperty.call(m, field.name)) continue
    const v = m[field.name]
    if (v === undefined || v === null) continue
    if (field.map) {
      const entries = Object.entries(v as Record<string, unknown>)
      if (entries.length === 0) continue
      const obj: Record<string, unknown> = {}
      for (const [k, x] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        obj[k] = valueToJson(field, x, root)
      out[field.name] = obj
    } else if (field.repeated) {
      const arr = v as unknown[]
      if (arr.length === 0) continue
      out[field.name] = arr.map((x) => valueToJson(field, x, root))
    } else {
      // proto3 scalars at their default are not on the wire unless in a oneof or `optional`
      if (!field.partOf && !field.options?.proto3_optional && isDefault(field, v)) continue
      out[field.name] = valueToJson(field, v, root)
    }
  }
  return out
}

function isDefault(field: Protobuf.Field, v: unknown): boolean {
  if (field.resolvedType && 'fieldsArray' in field.resolvedType) return false
  if (typeof v === 'string') return v === ''
  if (typeof v === 'number') return v === 0
  if (typeof v === 'boolean') return !v
  if (v instanceof Uint8Array) return v.length === 0
  if (isLong(v)) return v.low === 0 && v.high === 0
  return false
}

interface LongLike {
  low: number
  high: number
  unsigned: boolean
  toString(): string
}
const isLong = (v: unknown): v is LongLike =>
  typeof v === 'object' && v !== null && 'low' in v && 'high' in v && 'unsigned' in v

function valueToJson(field: Protobuf.Field, v: unknown, root: Protobuf.Root): unknown {
  const rt = field.resolvedType
  if (rt && 'fieldsArray' in rt) return messageToJson(rt, v as Record<string, unknown>, root)
  if (rt && 'valuesById' in rt) return rt.valuesById[v as number] ?? v
  return scalar(field.type, v)
}

function scalar(type: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64')
  if (isLong(v)) return v.toString()
  if (/^(u?int64|s?fixed64|sint64)$/.test(type)) return String(v)
  if (typeof v === 'number' && !Number.isFinite(v))
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
  return v
}

const NOT_WKT = Symbol('not a well-known type')

function wellKnown(type: Protobuf.Type, m: Record<string, unknown>, root: Protobuf.Root): unknown {
  switch (type.fullName) {
    case '.google.protobuf.Any':
      return anyToJson(m, root)
    case '.google.protobuf.Struct':
      return structToJson(m)
    case '.google.protobuf.Value':
      return valueOf(m)
    case '.google.protobuf.ListValue':
      return ((m.values as Record<string, unknown>[] | undefined) ?? []).map(valueOf)
    case '.google.protobuf.Timestamp':
      return timestamp(m)
    case '.google.protobuf.Duration':
      return duration(m)
    case '.google.protobuf.Empty':
      return {}
    case '.google.protobuf.FieldMask':
      return ((m.paths as string[] | undefined) ?? []).join(',')
    case '.google.protobuf.DoubleValue':
    case '.google.protobuf.FloatValue':
    case '.google.protobuf.Int32Value':
    case '.google.protobuf.UInt32Value':
    case '.google.protobuf.BoolValue':
    case '.google.protobuf.StringValue':
      return m.value ?? defaultOf(type)
    case '.google.protobuf.Int64Value':
    case '.google.protobuf.UInt64Value':
      return m.value === undefined ? '0' : String(scalar('int64', m.value))
    case '.google.protobuf.BytesValue':
      return m.value ? Buffer.from(m.value as Uint8Array).toString('base64') : ''
    default:
      return NOT_WKT
  }
}

function defaultOf(type: Protobuf.Type): unknown {
  if (type.name === 'BoolValue') return false
  if (type.name === 'StringValue') return ''
  return 0
}

function anyToJson(m: Record<string, unknown>, root: Protobuf.Root): unknown {
  const url = (m.typeUrl ?? m.type_url ?? '') as string
  const name = url.slice(url.lastIndexOf('/') + 1)
  let t: Protobuf.Type | undefined
  try {
    t = root.lookupType(name)
  } catch {
    return {'@type': url}
  }
  const inner = t.decode((m.value as Uint8Array | undefined) ?? new Uint8Array()) as unknown as Record<
    string,
    unknown
  >
  const json = messageToJson(t, inner, root)
  // well-known types inside an Any keep their JSON form under "value"
  if (
    t.fullName.startsWith('.google.protobuf.') &&
    (json === null || typeof json !== 'object' || Array.isArray(json))
  )
    return {'@type': url, value: json}
  if (t.fullName.startsWith('.google.protobuf.') && t.fullName !== '.google.protobuf.Empty')
    return {'@type': url, value: json}
  return {'@type': url, ...(json as Record<string, unknown>)}
}

function structToJson(m: Record<string, unknown>): Record<string, unknown> {
  const fields = (m.fields as Record<string, Record<string, unknown>> | undefined) ?? {}
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(fields).sort()) out[k] = valueOf(fields[k]!)
  return out
}

/** google.protobuf.Value; protobufjs defines the well-known types with their proto (snake_case) names. */
function valueOf(v: Record<string, unknown>): unknown {
  const own = (k: string) => (Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined)
  const f = (name: string) => own(name) ?? own(name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))
  const struct = f('struct_value')
  if (struct) return structToJson(struct as Record<string, unknown>)
  const list = f('list_value')
  if (list) return ((list as {values?: Record<string, unknown>[]}).values ?? []).map(valueOf)
  for (const k of ['string_value', 'number_value', 'bool_value']) if (f(k) !== undefined) return f(k)
  return null
}

const num = (v: unknown): number => (isLong(v) ? Number(v.toString()) : Number(v ?? 0))

/** Go's Timestamp JSON: RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits. */
function timestamp(m: Record<string, unknown>): string {
  const seconds = num(m.seconds)
  const nanos = num(m.nanos)
  const base = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '')
  return `${base}${fraction(nanos)}Z`
}

/** Go's Duration JSON: seconds with 0, 3, 6 or 9 fractional digits and an "s". */
function duration(m: Record<string, unknown>): string {
  const seconds = num(m.seconds)
  const nanos = num(m.nanos)
  const neg = seconds < 0 || nanos < 0
  return `${neg ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`
}

function fraction(nanos: number): string {
  if (nanos === 0) return ''
  let s = String(nanos).padStart(9, '0')
  if (s.endsWith('000000')) s = s.slice(0, 3)
  else if (s.endsWith('000')) s = s.slice(0, 6)
  return `.${s}`
}

/**
 * The inverse of messageToJson: proto3 JSON (camelCase or proto names) to a protobufjs message of `type`,
 * for requests meshctl sends and for test servers that answer from recorded JSON.
 */
export function jsonToMessage(type: Protobuf.Type, json: unknown, root: Protobuf.Root): Protobuf.Message {
  return type.fromObject(toObject(type, json, root) as Record<string, unknown>)
}

function toObject(type: Protobuf.Type, json: unknown, root: Protobuf.Root): unknown {
  switch (type.fullName) {
    case '.google.protobuf.Any': {
      const {'@type': url, ...rest} = (json ?? {}) as Record<string, unknown>
      let t: Protobuf.Type
      try {
        t = root.lookupType(String(url).slice(String(url).lastIndexOf('/') + 1))
      } catch {
        // a type these protos lack: only its URL goes over (as messageToJson shows such Anys)
        return {[fieldName(type, 'type_url')]: url, value: new Uint8Array()}
      }
      const inner = t.fullName.startsWith('.google.protobuf.') && 'value' in rest ? rest.value : rest
      return {[fieldName(type, 'type_url')]: url, value: t.encode(jsonToMessage(t, inner, root)).finish()}
    }
    case '.google.protobuf.Struct':
      return structOf(json as Record<string, unknown>, root)
    case '.google.protobuf.Value':
      return toValue(json, root)
    case '.google.protobuf.Timestamp': {
      const ms = Date.parse(String(json))
      const frac = /\.(\d+)Z$/.exec(String(json))?.[1] ?? ''
      return {seconds: Math.floor(ms / 1000), nanos: Number(frac.padEnd(9, '0').slice(0, 9)) || 0}
    }
    case '.google.protobuf.Duration': {
      const [s, f = ''] = String(json).replace(/s$/, '').split('.')
      return {seconds: Number(s), nanos: Number(f.padEnd(9, '0').slice(0, 9)) || 0}
    }
  }
  if (type.fullName.startsWith('.google.protobuf.') && type.fullName.endsWith('Value')) return {value: json}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries((json ?? {}) as Record<string, unknown>)) {
    const field = type.fields[k] ?? type.fields[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]
    if (!field) continue
    const rt = field.resolvedType
    const conv = (x: unknown) => (rt && 'fieldsArray' in rt ? toObject(rt, x, root) : x)
    if (field.map)
      out[field.name] = Object.fromEntries(Object.entries(v as object).map(([mk, mv]) => [mk, conv(mv)]))
    else if (field.repeated) out[field.name] = (v as unknown[]).map(conv)
    else out[field.name] = conv(v)
  }
  return out
}

/** A field's name as this root spells it (protobufjs keeps some well-known types in snake_case). */
function fieldName(type: Protobuf.Type, snake: string): string {
  return type.fields[snake] ? snake : snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

function toValue(v: unknown, root: Protobuf.Root): Record<string, unknown> {
  const V = root.lookupType('google.protobuf.Value')
  const k = (snake: string) => fieldName(V, snake)
  if (v === null || v === undefined) return {[k('null_value')]: 0}
  if (typeof v === 'string') return {[k('string_value')]: v}
  if (typeof v === 'number') return {[k('number_value')]: v}
  if (typeof v === 'boolean') return {[k('bool_value')]: v}
  if (Array.isArray(v)) return {[k('list_value')]: {values: v.map((x) => toValue(x, root))}}
  return {[k('struct_value')]: structOf(v as Record<string, unknown>, root)}
}

/** protobufjs fromObject input for a google.protobuf.Struct (node metadata). */
export function structOf(
  values: Record<string, unknown>,
  root: Protobuf.Root,
): {fields: Record<string, unknown>} {
  return {fields: Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, toValue(v, root)]))}
}
