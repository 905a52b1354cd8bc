import {marshalYaml, type Json} from '../manifest/goyaml.js'
import {goJsonIndent, jsonpbIndent} from '../text/go-json.js'

/**
 * Fields whose values are maps or google.protobuf.Struct: their keys are data, not field names, so they
 * keep their spelling (Envoy writes field names in snake_case, protojson in camelCase).
 */
const OPAQUE = new Set([
  'filter_metadata',
  'filterMetadata',
  'typed_filter_metadata',
  'typedFilterMetadata',
  'typed_per_filter_config',
  'typedPerFilterConfig',
  'fields',
  'labels',
  'value',
  'struct_value',
  'structValue',
])

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Proto JSON as Go's protojson writes it: camelCase field names, map and Struct keys as they are. */
export function toProtoJson(v: unknown, opaque = false): unknown {
  if (Array.isArray(v)) return v.map((x) => toProtoJson(x, opaque))
  if (v === null || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  if (opaque) {
    // map entries and Struct fields: sorted by key, as jsonpb writes them
    for (const k of Object.keys(v).sort()) out[k] = toProtoJson((v as Record<string, unknown>)[k], true)
    return out
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k === '@type' ? k : camel(k)] = toProtoJson(x, isOpaque(k, x))
  }
  return out
}

/** `metadata` is a core.Metadata (filter_metadata, ...) in most messages and a Struct in a Node. */
function isOpaque(key: string, v: unknown): boolean {
  if (key !== 'metadata') return OPAQUE.has(key)
  if (v === null || typeof v !== 'object') return false
  const keys = Object.keys(v)
  return !keys.some((k) =>
    /^(filter_metadata|filterMetadata|typed_filter_metadata|typedFilterMetadata)$/.test(k),
  )
}

/** A message unpacked from an Any, as Go prints it: without the `@type` of its envelope. */
function unpacked(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
  const {'@type': _t, ...rest} = v as Record<string, unknown>
  return rest
}

/**
 * json.MarshalIndent(list, "", "    ") of protos (istioctl's cluster, listener, route, endpoint -o json).
 * `canonical`: the items are protojson already (proto-json.ts), not Envoy's JSON to convert by field names.
 */
export function printMessages(items: readonly unknown[], format: 'json' | 'yaml', canonical = false): string {
  const json = goJsonIndent(canonical ? items.map(unpacked) : toProtoJson(items.map(unpacked)), '    ')
  return format === 'yaml' ? marshalYaml(JSON.parse(json) as Json) + '\n' : json + '\n'
}

/** protomarshal.ToJSONWithIndent(msg, "    ") (bootstrap, secret, ecds -o json); `canonical` as above. */
export function printMessage(m: unknown, format: 'json' | 'yaml', canonical = false): string {
  const value = canonical ? unpacked(m) : toProtoJson(unpacked(m))
  const json = jsonpbIndent(
    value,
    '    ',
    (p) => p.length > 0 && ['metadata', 'filterMetadata', 'labels'].includes(p[p.length - 1]!),
  )
  return format === 'yaml' ? marshalYaml(JSON.parse(json) as Json) + '\n' : json + '\n'
}

/** A raw dump re-printed: YAML through sigs.k8s.io/yaml, JSON as it came (`all -o json|yaml`). */
export function printRaw(text: string, format: 'json' | 'yaml'): string {
  return format === 'yaml' ? marshalYaml(JSON.parse(text) as Json) + '\n' : text + '\n'
}
