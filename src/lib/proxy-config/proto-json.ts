import type * as Protobuf from 'protobufjs'
import {printMessage, printMessages, toProtoJson} from './output.js'

/**
 * Envoy's JSON of a message as Go's protojson re-marshals it after reading it into the proto (what istioctl
 * prints for `proxy-config … -o json`): fields in declaration order under their camelCase names, map and
 * Struct keys sorted, Anys by their `@type`. Values keep Envoy's JSON spelling, which is already protojson's
 * (enums by name, 64-bit integers as strings, durations as "1.5s"). Guided by the descriptors only, so
 * nothing is lost when a type is not there: an Any of an unknown type, or a field the protos lack (a newer
 * Envoy), is kept with camelCase names and sorted map keys, after the known fields.
 */
export function protoJson(v: unknown, type: Protobuf.Type, root: Protobuf.Root): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
  const m = v as Record<string, unknown>
  switch (type.fullName) {
    case '.google.protobuf.Any':
      return anyJson(m, root)
    case '.google.protobuf.Struct':
    case '.google.protobuf.Value':
    case '.google.protobuf.ListValue':
      return toProtoJson(m, true)
  }
  // the other well-known types have scalar JSON forms, returned above
  const byJsonName = new Map<string, string>()
  for (const k of Object.keys(m)) byJsonName.set(camel(k), k)
  const out: Record<string, unknown> = {}
  for (const field of type.fieldsArray) {
    const key = byJsonName.get(field.name)
    if (key === undefined) continue
    byJsonName.delete(field.name)
    out[field.name] = fieldJson(field, m[key], root)
  }
  // fields these protos do not have
  for (const [name, key] of byJsonName) if (key !== '@type') out[name] = toProtoJson(m[key], opaque(key))
  return out
}

function fieldJson(field: Protobuf.Field, v: unknown, root: Protobuf.Root): unknown {
  const rt = field.resolvedType
  const one = (x: unknown) => (rt && 'fieldsArray' in rt ? protoJson(x, rt, root) : x)
  if (field.map) {
    if (v === null || typeof v !== 'object') return v
    const obj = v as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, one(obj[k])]),
    )
  }
  if (field.repeated && Array.isArray(v)) return v.map(one)
  return one(v)
}

function anyJson(m: Record<string, unknown>, root: Protobuf.Root): unknown {
  const url = typeof m['@type'] === 'string' ? m['@type'] : ''
  let t: Protobuf.Type | undefined
  try {
    t = root.lookupType(url.slice(url.lastIndexOf('/') + 1))
  } catch {
    return toProtoJson(m)
  }
  const {'@type': _url, ...rest} = m
  // a well-known type inside an Any keeps its JSON form under "value"
  if (t.fullName.startsWith('.google.protobuf.') && t.fullName !== '.google.protobuf.Empty')
    return {'@type': url, value: protoJson(rest.value, t, root)}
  return {'@type': url, ...(protoJson(rest, t, root) as Record<string, unknown>)}
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Keys whose values are maps or Structs when the type is unknown (as output.ts guesses them). */
const opaque = (key: string) => /^(filter_?metadata|labels|fields|typed_?per_?filter_?config)$/i.test(key)

/** The message type each `proxy-config … -o json|yaml` prints. */
export const MESSAGE = {
  cluster: 'envoy.config.cluster.v3.Cluster',
  listener: 'envoy.config.listener.v3.Listener',
  route: 'envoy.config.route.v3.RouteConfiguration',
  endpoint: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
  clusterStatus: 'envoy.admin.v3.ClusterStatus',
  bootstrap: 'envoy.admin.v3.BootstrapConfigDump',
  secrets: 'envoy.admin.v3.SecretsConfigDump',
  ecds: 'envoy.admin.v3.EcdsConfigDump',
} as const

/** The type and the root it resolves in; undefined when these protos lack it (then printed by field names). */
async function typeOf(name: string): Promise<{type: Protobuf.Type; root: Protobuf.Root} | undefined> {
  const {fullXdsProtos} = await import('../xds/protos.js')
  const {root} = await fullXdsProtos()
  try {
    return {type: root.lookupType(name), root}
  } catch {
    return undefined
  }
}

/** A list of messages of one type, printed as istioctl prints them (json.MarshalIndent of protojson). */
export async function printProtos(
  items: readonly unknown[],
  typeName: string,
  format: 'json' | 'yaml',
): Promise<string> {
  const t = await typeOf(typeName)
  if (!t) return printMessages(items, format)
  return printMessages(
    items.map((x) => protoJson(x, t.type, t.root)),
    format,
    true,
  )
}

/** One message, printed as istioctl prints it (protomarshal.ToJSONWithIndent). */
export async function printProto(m: unknown, typeName: string, format: 'json' | 'yaml'): Promise<string> {
  const t = await typeOf(typeName)
  return t ? printMessage(protoJson(m, t.type, t.root), format, true) : printMessage(m, format)
}
