/** Go text/template's predefined functions: and, or, not, len, index, slice, print*, eq..ge, html, js, urlquery. */
import {FuncError} from './errors.js'
import type {FuncDef, FuncMap, ParamType} from './exec.js'
import {formatValue, sprint, sprintf, sprintln} from './fmt.js'
import {GoStruct, Int64, goTypeName, intOf, isGoMap, isStringMap, isTrue} from './values.js'

/** Shorthand to declare a template function with its Go signature. */
export function def(params: ParamType[], fn: (...args: never[]) => unknown, variadic?: ParamType): FuncDef {
  return {fn: fn as FuncDef['fn'], params, variadic}
}

const fail = (msg: string): never => {
  throw new FuncError(msg)
}

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string'

function basicKind(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return 'bool'
    case 'bigint':
      return 'int'
    case 'number':
      return 'float'
    case 'string':
      return 'string'
  }
  return v instanceof Int64 ? 'int' : 'invalid'
}

/** Comparable primitive of a basic value (ints of either size compare by value). */
const prim = (v: unknown): unknown => intOf(v) ?? v

const isNilish = (v: unknown): boolean => v === undefined || v === null
/** reflect.Kind-like category used by canCompare. */
function reflectKind(v: unknown): string {
  if (isNilish(v)) return 'invalid'
  if (Array.isArray(v)) return 'slice'
  if (isGoMap(v)) return 'map'
  if (v instanceof GoStruct) return v.goSlice() ? 'slice' : v.goEntries() ? 'map' : 'struct'
  return typeof v
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  if (arg2.length === 0) fail('missing argument for comparison')
  const a1 = arg1 === null ? undefined : arg1
  const k1 = basicKind(a1)
  for (let arg of arg2) {
    if (arg === null) arg = undefined
    const k2 = basicKind(arg)
    let truth = false
    if (k1 !== k2) {
      if (a1 !== undefined && arg !== undefined) {
        fail(`incompatible types for comparison: ${goTypeName(a1)} and ${goTypeName(arg)}`)
      }
    } else if (k1 !== 'invalid') {
      truth = prim(a1) === prim(arg)
    } else {
      const r1 = reflectKind(a1)
      const r2 = reflectKind(arg)
      if (r1 !== r2 && r1 !== 'invalid' && r2 !== 'invalid') {
        fail(
          `non-comparable types ${formatValue(a1, 's')}: ${goTypeName(a1)}, ${goTypeName(arg)}: ${formatValue(arg)}`,
        )
      }
      if (a1 === undefined || arg === undefined) truth = a1 === arg
      else if (r2 === 'slice' || r2 === 'map')
        fail(`non-comparable type ${formatValue(arg, 's')}: ${goTypeName(arg)}`)
      else truth = a1 === arg
    }
    if (truth) return true
  }
  return false
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a === null ? undefined : a)
  const k2 = basicKind(b === null ? undefined : b)
  if (k1 === 'invalid' || k2 === 'invalid') fail('invalid type for comparison')
  if (k1 !== k2) fail(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`)
  if (k1 === 'bool') fail('invalid type for comparison')
  return (prim(a) as number) < (prim(b) as number)
}

/** len and index dereference a pointer first, so their errors name the type pointed to. */
const derefTypeName = (v: unknown): string => goTypeName(v).replace(/^\*/, '')

function length(item: unknown): bigint {
  if (item === undefined) fail('reflect: call of reflect.Value.Type on zero Value')
  if (item === null) fail('len of nil pointer')
  if (typeof item === 'string') return BigInt(Buffer.byteLength(item))
  if (Array.isArray(item)) return BigInt(item.length)
  if (item instanceof Uint8Array) return BigInt(item.length)
  if (isGoMap(item)) return BigInt(Object.keys(item).length)
  if (item instanceof GoStruct && item.goLen() !== undefined) return BigInt(item.goLen()!)
  return fail(`len of type ${derefTypeName(item)}`)
}

/** Go's indexArg: `undefined` is an invalid reflect.Value; `null` a nil interface{} (a nil from the data). */
function indexArg(index: unknown, cap: number): number {
  if (index === undefined) fail('cannot index slice/array with nil')
  const x = intOf(index)
  if (x === undefined) return fail(`cannot index slice/array with type ${goTypeName(index)}`)
  if (x < 0n || x > BigInt(cap)) fail(`index out of range: ${x}`)
  return Number(x)
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNilish(item)) fail('index of untyped nil')
  for (let idx of indexes) {
    if (idx === null) idx = undefined
    if (item === null) fail('index of nil pointer')
    if (item instanceof GoStruct) item = item.goSlice() ?? item
    if (typeof item === 'string') {
      const bytes = Buffer.from(item, 'utf8')
      const x = indexArg(idx, bytes.length)
      if (x === bytes.length) fail('reflect: string index out of range')
      item = BigInt(bytes[x])
    } else if (Array.isArray(item)) {
      const x = indexArg(idx, item.length)
      if (x === item.length) fail('reflect: slice index out of range')
      item = item[x]
    } else if (isGoMap(item)) {
      if (idx === undefined) fail('value is nil; should be of type string')
      if (typeof idx !== 'string') fail(`value has type ${goTypeName(idx)}; should be string`)
      item = Object.hasOwn(item, idx as string) ? item[idx as string] : isStringMap(item) ? '' : null
    } else {
      fail(`can't index item of type ${derefTypeName(item)}`)
    }
  }
  return item
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNilish(item)) fail('slice of untyped nil')
  if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`)
  let len: number
  if (typeof item === 'string') {
    if (indexes.length === 3) fail('cannot 3-index slice a string')
    len = Buffer.byteLength(item)
  } else if (Array.isArray(item)) len = item.length
  else return fail(`can't slice item of type ${goTypeName(item)}`)
  const idx = [0, len, len]
  // unlike index, slice does not unwrap a nil interface{} index: its type is named
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)))
  if (idx[0] > idx[1]) fail(`invalid slice index: ${idx[0]} > ${idx[1]}`)
  if (indexes.length === 3 && idx[1] > idx[2]) fail(`invalid slice index: ${idx[1]} > ${idx[2]}`)
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(idx[0], idx[1]).toString('utf8')
  return item.slice(idx[0], idx[1])
}

function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0]
  // a nil argument is an invalid reflect.Value here, which prints as <no value>
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)))
}

/** template.HTMLEscapeString */
export function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) =>
    c === '&'
      ? '&amp;'
      : c === "'"
        ? '&#39;'
        : c === '<'
          ? '&lt;'
          : c === '>'
            ? '&gt;'
            : c === '"'
              ? '&#34;'
              : '\uFFFD',
  )
}

const NON_PRINT = /[\p{C}\p{Z}]/u

/** template.JSEscapeString */
export function jsEscape(s: string): string {
  let out = ''
  for (const c of s) {
    switch (c) {
      case '\\':
        out += '\\\\'
        continue
      case "'":
        out += "\\'"
        continue
      case '"':
        out += '\\"'
        continue
      case '<':
        out += '\\u003C'
        continue
      case '>':
        out += '\\u003E'
        continue
      case '&':
        out += '\\u0026'
        continue
      case '=':
        out += '\\u003D'
        continue
    }
    const cp = c.codePointAt(0)!
    if (cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
    else if (cp < 0x80 || c === ' ' || !NON_PRINT.test(c)) out += c
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
  }
  return out
}

/** url.QueryEscape */
export function queryEscape(s: string): string {
  let out = ''
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

const notFn = (v: unknown): boolean => !isTrue(v)

/** Go text/template's builtin functions. */
export function builtinFuncs(): FuncMap {
  return {
    and: {fn: () => undefined, params: ['value'], variadic: 'value', shortCircuit: 'and'},
    or: {fn: () => undefined, params: ['value'], variadic: 'value', shortCircuit: 'or'},
    not: def(['value'], notFn),
    len: def(['value'], length),
    index: def(['value'], index, 'value'),
    slice: def(['value'], slice, 'value'),
    // an 'any' argument is never undefined: a missing value arrives as nil
    print: def([], (...a: unknown[]) => sprint(a), 'any'),
    printf: def(['string'], (f: string, ...a: unknown[]) => sprintf(f, a), 'any'),
    println: def([], (...a: unknown[]) => sprintln(a), 'any'),
    eq: def(['value'], eq, 'value'),
    ne: def(['value', 'value'], (a: unknown, b: unknown) => !eq(a, b)),
    lt: def(['value', 'value'], lt),
    le: def(['value', 'value'], (a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
    gt: def(['value', 'value'], (a: unknown, b: unknown) => !(lt(a, b) || eq(a, b))),
    ge: def(['value', 'value'], (a: unknown, b: unknown) => !lt(a, b)),
    html: def([], (...a: unknown[]) => htmlEscape(evalArgs(a)), 'any'),
    js: def([], (...a: unknown[]) => jsEscape(evalArgs(a)), 'any'),
    urlquery: def([], (...a: unknown[]) => queryEscape(evalArgs(a)), 'any'),
    call: {
      ...def(
        ['value'],
        (callee: string, f: unknown, ...a: unknown[]) => {
          if (typeof f !== 'function')
            fail(isNilish(f) ? 'call of nil' : `non-function ${callee} of type ${goTypeName(f)}`)
          return (f as (...x: unknown[]) => unknown)(...a)
        },
        'value',
      ),
      calleeName: true,
    },
  }
}
