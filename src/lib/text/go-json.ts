/**
 * JSON text as Go prints it: encoding/json's MarshalIndent (HTML-safe escapes) and golang/protobuf's legacy
 * jsonpb Marshaler with an indent, which istioctl uses for protos. jsonpb indents a map's (and a Struct's)
 * entries one level deeper than other fields and closes it half a level out: callers mark those values
 * with `isMap`.
 */

/** Go's string escaping: like JSON.stringify plus <, >, &, U+2028 and U+2029 as \u escapes. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** encoding/json.MarshalIndent(v, "", indent): keys in insertion order. */
export function goJsonIndent(v: unknown, indent: string): string {
  return writeValue(v, '', indent, () => false, [])
}

/**
 * jsonpb.Marshaler{Indent: indent}: like MarshalIndent, except that values for which `isMap(path)` holds
 * (proto maps and google.protobuf.Struct) get jsonpb's deeper indentation.
 */
export function jsonpbIndent(
  v: unknown,
  indent: string,
  isMap: (path: readonly string[]) => boolean,
): string {
  return writeValue(v, '', indent, isMap, [])
}

function writeValue(
  v: unknown,
  cur: string,
  ind: string,
  isMap: (path: readonly string[]) => boolean,
  path: string[],
): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return goQuote(v)
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]'
    const inner = cur + ind
    const items = v.map((x, i) => inner + writeValue(x, inner, ind, isMap, [...path, String(i)]))
    return `[\n${items.join(',\n')}\n${cur}]`
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
  if (entries.length === 0) return '{}'
  if (path.length > 0 && isMap(path)) {
    // jsonpb: entries at field indent + 2 levels, values nested from field indent + 1, close at + 1
    const field = cur
    const inner = field + ind + ind
    const items = entries.map(
      ([k, x]) => `${inner}${goQuote(k)}: ${writeMapValue(x, field + ind, ind, [...path, k])}`,
    )
    return `{\n${items.join(',\n')}\n${field}${ind}}`
  }
  const inner = cur + ind
  const items = entries.map(
    ([k, x]) => `${inner}${goQuote(k)}: ${writeValue(x, inner, ind, isMap, [...path, k])}`,
  )
  return `{\n${items.join(',\n')}\n${cur}}`
}

/** A value inside a jsonpb map: nested objects are indented from the map's own level. */
function writeMapValue(v: unknown, level: string, ind: string, path: string[]): string {
  // a Struct value inside a Struct is itself a map, one level deeper still: jsonpb indents through the
  // Value and Struct messages around it (istioctl's bootstrap -o json, node metadata in metadata)
  const struct = v !== null && typeof v === 'object' && !Array.isArray(v)
  return writeValue(v, level + ind + (struct ? ind : ''), ind, () => true, path)
}
