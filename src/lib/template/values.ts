/**
 * How Go values are represented in JavaScript, and the Go type rules templates depend on.
 *
 * | Go                         | JavaScript                                   |
 * |----------------------------|----------------------------------------------|
 * | invalid reflect.Value      | `undefined` (a missing map key)              |
 * | nil interface              | `null`                                       |
 * | string / bool              | `string` / `boolean`                         |
 * | int, int64 (any signed)    | `bigint`                                     |
 * | float64                    | `number` (JSON and YAML numbers, as in Helm) |
 * | []interface{}              | `Array`                                      |
 * | map[string]interface{}     | plain object (prototype Object or null)      |
 * | struct / pointer to struct | a subclass of {@link GoStruct}               |
 */

/**
 * Base class for values that behave as Go structs: exported fields are own properties whose names start
 * with an upper-case letter; methods are prototype functions with upper-case names, called with template
 * arguments. Accessing a missing field is an error, as it is in Go.
 */
export abstract class GoStruct {
  /** Go type name for error messages, e.g. `*chart.Metadata`. */
  abstract readonly goType: string
  /** The Stringer result, when the Go type has a String method. */
  goString(): string | undefined {
    return undefined
  }
  /** For map-like Go types (e.g. Helm's Files): sorted entries, which `range` and `len` use. */
  goEntries(): [string, unknown][] | undefined {
    return undefined
  }
  /** For slice Go types (Helm's chartutil.VersionSet): the elements, which `range`, `len` and `index` use. */
  goSlice(): unknown[] | undefined {
    return undefined
  }
  /** The length of a slice or map Go type, undefined for a struct. */
  goLen(): number | undefined {
    return (this.goSlice() ?? this.goEntries())?.length
  }
  /** The value json.Marshal would see (used by toJson/toYaml), when it is not the field map. */
  goJson(): unknown {
    return undefined
  }
  /** Field name/value pairs in declaration order, for `%v` printing. */
  goFields(): [string, unknown][] {
    return Object.entries(this).filter(([k]) => /^[A-Z]/.test(k))
  }
}

/** A plain object standing for a Go map[string]interface{}. */
export type GoMap = Record<string, unknown>

/** True for plain objects (Go maps), false for arrays, structs and other class instances. */
export function isGoMap(v: unknown): v is GoMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const p = Object.getPrototypeOf(v)
  return p === Object.prototype || p === null
}

/** Map keys in Go's sorted order (byte-wise on UTF-8, which matches code-point order). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareStrings)
}

/** Go string comparison (byte-wise UTF-8 order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  // UTF-16 order differs from UTF-8 order only for surrogate pairs vs U+E000..U+FFFF.
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // a surrogate stands for a code point above U+FFFF: it sorts after every BMP unit, U+E000..U+FFFF included
    if (x >= 0xd800 && x < 0xe000) x += 0x10000
    if (y >= 0xd800 && y < 0xe000) y += 0x10000
    return x < y ? -1 : 1
  }
  return a.length < b.length ? -1 : 1
}

/**
 * A Go int64, as Sprig's arithmetic returns (add, sub, mul, max, int64, ...). Go ints are plain bigints;
 * the two compare and print alike but differ in type names and in what parameters accept.
 */
export class Int64 {
  constructor(readonly v: bigint) {}
}

/** The integer inside a Go int or int64, or undefined for anything else. */
export function intOf(v: unknown): bigint | undefined {
  return typeof v === 'bigint' ? v : v instanceof Int64 ? v.v : undefined
}

const sliceTypes = new WeakMap<unknown[], string>()
const stringMaps = new WeakSet<object>()

/**
 * Marks a plain object as a Go map[string]string (e.g. a pod's labels in istiod's injection data): `index`
 * of a missing key gives "" (the element type's zero value) rather than a nil interface.
 */
export function stringMap<T extends Record<string, string>>(m: T): T {
  stringMaps.add(m)
  return m
}

/** True for objects marked with {@link stringMap}. */
export function isStringMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && stringMaps.has(v)
}

/** Marks an array as a typed Go slice (e.g. `[]string` from splitList) for %T and type errors. */
export function typedSlice<T extends unknown[]>(a: T, goType: string): T {
  sliceTypes.set(a, goType)
  return a
}

/** Go's type name of a value, as printed in error messages and by %T. */
export function goTypeName(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string'
    case 'bigint':
      return 'int'
    case 'number':
      return 'float64'
    case 'boolean':
      return 'bool'
    case 'function':
      return 'func'
    case 'undefined':
      return '<nil>'
  }
  if (v === null) return 'interface {}'
  if (v instanceof Int64) return 'int64'
  if (Array.isArray(v)) return sliceTypes.get(v) ?? '[]interface {}'
  if (v instanceof Uint8Array) return '[]uint8'
  if (v instanceof GoStruct) return v.goType
  if (isGoMap(v)) return stringMaps.has(v) ? 'map[string]string' : 'map[string]interface {}'
  return (v as object).constructor?.name ?? 'object'
}

/** Go's template truth: false for the zero value of the type; structs are always true. */
export function isTrue(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      return v.length > 0
    case 'boolean':
      return v
    case 'bigint':
      return v !== 0n
    case 'number':
      return v !== 0
    case 'undefined':
      return false
    case 'function':
      return true
  }
  if (v === null) return false
  if (v instanceof Int64) return v.v !== 0n
  if (Array.isArray(v)) return v.length > 0
  if (v instanceof GoStruct) return (v.goLen() ?? 1) > 0
  if (isGoMap(v)) return Object.keys(v).length > 0
  return true
}

/** A Go hexadecimal floating-point literal (`0x1.8p3`); the exponent is required, as in strconv. */
export function parseHexFloat(s: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s)
  if (!m || (m[2] === '' && !m[3])) return undefined
  const frac = m[3] ?? ''
  const mant = parseInt((m[2] || '0') + frac, 16) / Math.pow(16, frac.length)
  return (m[1] === '-' ? -1 : 1) * mant * Math.pow(2, Number(m[4]))
}

class DynamicStruct extends GoStruct {
  constructor(
    readonly goType: string,
    fields: Record<string, unknown>,
  ) {
    super()
    Object.assign(this, fields)
  }
}

/**
 * A Go struct value built from fields (exported names start upper-case): unlike a map, reading a field
 * it does not have is an error (`can't evaluate field X in type T`), as with Go structs such as
 * metav1.ObjectMeta in istiod's injection data.
 */
export function goStruct(goType: string, fields: Record<string, unknown>): GoStruct {
  return new DynamicStruct(goType, fields)
}
