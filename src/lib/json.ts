// Small checks on parsed JSON/YAML values, shared by the readers and validators.

/** Whether v is a JSON object (not null, not a list). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A deep copy of a JSON value (plain objects, arrays, primitives; undefined-valued keys kept, a `__proto__`
 * key kept as a key): five to eight times faster than structuredClone on pods, which kube-inject copies
 * several times each.
 */
export function jsonClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(jsonClone) as T
  if (v === null || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const x = jsonClone((v as Record<string, unknown>)[k])
    if (k === '__proto__')
      Object.defineProperty(out, k, {value: x, enumerable: true, writable: true, configurable: true})
    else out[k] = x
  }
  return out as T
}
