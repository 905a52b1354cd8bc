/**
 * Go's fmt package as templates see it: %v printing of values (maps as `map[k:v]`, slices as `[a b]`,
 * nil as `<nil>`, float64 in `%g` shortest form), Sprint/Sprintln/Sprintf with Go verb semantics, and
 * strconv.Quote.
 */
import {GoStruct, Int64, goTypeName, isGoMap, sortedKeys} from './values.js'

const NON_PRINT = /[\p{C}\p{Z}]/u

/** strconv.Quote: a double-quoted Go string literal. */
export function quoteGo(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (cp >= 0x20 && cp < 0x7f) out += ch
    else if (cp < 0x80 || (cp >= 0xd800 && cp < 0xe000)) out += escapeControl(cp)
    else if (ch !== ' ' && NON_PRINT.test(ch)) {
      out += cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8)
    } else out += ch
  }
  return out + '"'
}

function escapeControl(cp: number): string {
  switch (cp) {
    case 7:
      return '\\a'
    case 8:
      return '\\b'
    case 12:
      return '\\f'
    case 10:
      return '\\n'
    case 13:
      return '\\r'
    case 9:
      return '\\t'
    case 11:
      return '\\v'
  }
  if (cp >= 0xd800 && cp < 0xe000) return '\\ufffd'
  return '\\x' + hex(cp, 2)
}

const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0')

// ---- floats ----

interface Digits {
  neg: boolean
  d: string // significant digits, no trailing zeros ('' for zero)
  dp: number // decimal point position
}

/** Rounds a digit string to `keep` digits, half to even on exact ties (as Go's decimal rounding does). */
function roundDigits(d: string, keep: number): {d: string; carry: boolean} {
  if (keep < 0) return {d: '', carry: false}
  if (d.length <= keep) return {d, carry: false}
  const rest = d.slice(keep)
  let up = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)))
  if (rest[0] === '5' && !/[1-9]/.test(rest.slice(1))) up = keep > 0 && (Number(d[keep - 1]) & 1) === 1
  let head = d.slice(0, keep)
  if (!up) return {d: head, carry: false}
  let i = head.length - 1
  while (i >= 0 && head[i] === '9') i--
  if (i < 0) return {d: '1' + '0'.repeat(head.length), carry: true}
  head = head.slice(0, i) + String(Number(head[i]) + 1) + '0'.repeat(head.length - i - 1)
  return {d: head, carry: false}
}

/**
 * All decimal digits of a finite positive double, exactly (mant × 2^exp is mant × 5^-exp / 10^-exp), with
 * the decimal point position: Go rounds %e and %f from the exact value, which can have hundreds of digits.
 */
function exactDigits(a: number): {all: string; dp: number} {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, a)
  const bits = view.getBigUint64(0)
  const e = Number((bits >> 52n) & 0x7ffn)
  let mant = bits & ((1n << 52n) - 1n)
  if (e !== 0) mant |= 1n << 52n
  const exp = (e === 0 ? 1 : e) - 1075
  const digits = exp >= 0 ? (mant << BigInt(exp)).toString() : (mant * 5n ** BigInt(-exp)).toString()
  const all = digits.replace(/0+$/, '')
  return {all, dp: exp >= 0 ? digits.length : digits.length + exp}
}

/** Digits of |f| (shortest, or exact and rounded Go's way to `prec` places). */
function digitsOf(f: number, mode: 'shortest' | 'e' | 'f', prec: number): Digits {
  const neg = f < 0 || Object.is(f, -0)
  const a = Math.abs(f)
  if (a === 0) return {neg, d: '', dp: 0}
  if (mode === 'shortest') {
    const [m, e] = a.toExponential().split('e')
    return {neg, d: m.replace('.', '').replace(/0+$/, ''), dp: Number(e) + 1}
  }
  const {all, dp: exp10} = exactDigits(a)
  let dp = exp10
  const keep = mode === 'e' ? prec + 1 : dp + prec
  const r = roundDigits(all, keep)
  if (r.carry) dp++
  return {neg, d: r.d.replace(/0+$/, ''), dp}
}

function fmtE(dg: Digits, prec: number, e: string): string {
  prec = Math.max(prec, 0)
  let s = dg.d[0] ?? '0'
  if (prec > 0) s += '.' + (dg.d.slice(1) + '0'.repeat(prec)).slice(0, prec)
  const exp = dg.d === '' ? 0 : dg.dp - 1
  const ae = Math.abs(exp)
  return s + e + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae))
}

function fmtF(dg: Digits, prec: number): string {
  let s: string
  if (dg.dp > 0) s = (dg.d + '0'.repeat(Math.max(0, dg.dp - dg.d.length))).slice(0, dg.dp)
  else s = '0'
  if (prec > 0) {
    let frac = ''
    for (let i = 0; i < prec; i++) {
      const j = dg.dp + i
      frac += j < 0 || j >= dg.d.length ? '0' : dg.d[j]
    }
    s += '.' + frac
  }
  return s
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G; prec -1 means shortest. */
export function formatFloat(f: number, fmt: string, prec: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  const shortest = prec < 0
  let body: string
  let neg: boolean
  if (fmt === 'f' || fmt === 'F') {
    const dg = shortest ? digitsOf(f, 'shortest', 0) : digitsOf(f, 'f', prec)
    neg = dg.neg
    body = fmtF(dg, shortest ? Math.max(dg.d.length - dg.dp, 0) : prec)
  } else if (fmt === 'e' || fmt === 'E') {
    const dg = shortest ? digitsOf(f, 'shortest', 0) : digitsOf(f, 'e', prec)
    neg = dg.neg
    body = fmtE(dg, shortest ? Math.max(dg.d.length - 1, 0) : prec, fmt)
  } else {
    let p = prec === 0 ? 1 : prec
    const dg = shortest ? digitsOf(f, 'shortest', 0) : digitsOf(f, 'e', p - 1)
    neg = dg.neg
    const nd = dg.d.length
    if (shortest) p = nd
    let eprec = p
    if (eprec > nd && nd >= dg.dp) eprec = nd
    if (shortest) eprec = 6
    const exp = dg.d === '' ? 0 : dg.dp - 1
    if (exp < -4 || exp >= eprec) {
      body = fmtE(dg, Math.min(p, nd) - 1, fmt === 'G' ? 'E' : 'e')
    } else {
      body = fmtF(dg, Math.max((p > dg.dp ? nd : p) - dg.dp, 0))
    }
  }
  return (neg ? '-' : '') + body
}

// ---- values ----

/** Formats a value as fmt's %v does (or another verb, applied to every element as fmt does). */
export function formatValue(v: unknown, verb = 'v', plus = false): string {
  if (typeof v === 'string' && verb === 'v') return v
  return fmtArg(v, verb, {...NO_FLAGS, plus}, 0)
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = ''
  let prevString = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const isString = typeof a === 'string'
    if (i > 0 && !isString && !prevString) out += ' '
    out += formatValue(a)
    prevString = isString
  }
  return out
}

/** fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(args: unknown[]): string {
  return args.map((a) => formatValue(a)).join(' ') + '\n'
}

interface Flags {
  plus: boolean
  minus: boolean
  sharp: boolean
  zero: boolean
  space: boolean
  /** -1: no width */
  width: number
  /** -1: no precision */
  prec: number
  /** %#v: Go syntax (only strings differ from %v here) */
  sharpV?: boolean
  /** %+v: struct fields are printed with their names. */
  plusV?: boolean
}

const NO_FLAGS: Flags = {
  plus: false,
  minus: false,
  sharp: false,
  zero: false,
  space: false,
  width: -1,
  prec: -1,
}

/** fmt's pad: spaces (or zeros with the 0 flag, on the left only) up to the width, counted in runes. */
function pad(s: string, f: Flags): string {
  if (f.width <= 0) return s
  const n = f.width - [...s].length
  if (n <= 0) return s
  if (f.minus) return s + ' '.repeat(n)
  return (f.zero ? '0' : ' ').repeat(n) + s
}

function badVerb(v: unknown, verb: string, f: Flags): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`
  return `%!${verb}(${goTypeName(v)}=${fmtArg(v, 'v', f, 0)})`
}

/** fmt.fmtInteger: sign, precision or zero padding, base prefixes with #. */
function fmtInteger(n: bigint, base: number, verb: string, f: Flags): string {
  const negative = n < 0n
  let u = negative ? -n : n
  if (verb === 'U' || verb === 'c' || verb === 'q') u = BigInt.asUintN(64, n)
  let prec = 0
  if (f.prec >= 0) {
    prec = f.prec
    if (prec === 0 && u === 0n) return pad('', {...f, zero: false})
  } else if (f.zero && !f.minus && f.width >= 0) {
    prec = f.width
    if (negative || f.plus || f.space) prec--
  }
  let digits = u.toString(base)
  if (verb === 'X') digits = digits.toUpperCase()
  digits = digits.padStart(prec, '0')
  if (f.sharp) {
    if (base === 2) digits = '0b' + digits
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits
  }
  if (verb === 'O') digits = '0o' + digits
  const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : ''
  return pad(sign + digits, {...f, zero: false})
}

function fmtInt(n: bigint, verb: string, f: Flags, orig: unknown = n): string {
  switch (verb) {
    case 'v':
    case 'd':
      return fmtInteger(n, 10, verb, f)
    case 'b':
      return fmtInteger(n, 2, verb, f)
    case 'o':
    case 'O':
      return fmtInteger(n, 8, verb, f)
    case 'x':
    case 'X':
      return fmtInteger(n, 16, verb, f)
    case 'c':
    case 'q': {
      const u = BigInt.asUintN(64, n)
      const ch = u > 0x10ffffn || (u >= 0xd800n && u < 0xe000n) ? '\ufffd' : String.fromCodePoint(Number(u))
      if (verb === 'c') return pad(ch, f)
      let q = ch === "'" ? "\\'" : ch === '"' ? '"' : quoteGo(ch).slice(1, -1)
      if (f.plus) q = q.replace(/[^\p{ASCII}]/gu, (c) => asciiEscape(c))
      return pad(`'${q}'`, f)
    }
    case 'U': {
      const u = BigInt.asUintN(64, n)
      let h = u.toString(16).toUpperCase().padStart(Math.max(4, f.prec), '0')
      h = 'U+' + h
      if (f.sharp && u <= 0x10ffffn && !NON_PRINT.test(String.fromCodePoint(Number(u)))) {
        h += ` '${String.fromCodePoint(Number(u))}'`
      }
      return pad(h, {...f, zero: false})
    }
  }
  return badVerb(orig, verb, f)
}

/** strconv's %x/%X (hexadecimal mantissa, binary exponent) and %b (decimal mantissa, binary exponent). */
function fmtFloatBits(x: number, verb: string, prec: number): string {
  if (!Number.isFinite(x)) return formatFloat(x, 'g', -1)
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const neg = bits >> 63n === 1n
  let exp = Number((bits >> 52n) & 0x7ffn)
  let mant = bits & ((1n << 52n) - 1n)
  if (exp === 0) exp = 1
  else mant |= 1n << 52n
  exp -= 1075
  if (verb === 'b') return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`
  // %x: normalise to 1.xxx p exp
  if (mant === 0n) exp = 0
  else {
    while (mant < 1n << 52n) {
      mant <<= 1n
      exp--
    }
    exp += 52
  }
  let frac = mant & ((1n << 52n) - 1n)
  let lead = mant === 0n ? 0n : 1n
  let hex = frac.toString(16).padStart(13, '0')
  if (prec >= 0 && prec < 13) {
    // round the 52-bit fraction to prec hex digits, half to even
    const shift = BigInt((13 - prec) * 4)
    const half = 1n << (shift - 1n)
    const rest = frac & ((1n << shift) - 1n)
    frac >>= shift
    const odd = prec === 0 ? (lead & 1n) === 1n : (frac & 1n) === 1n
    if (rest > half || (rest === half && odd)) frac++
    if (frac >> BigInt(prec * 4) === 1n) {
      frac = 0n
      lead++
      if (lead === 2n) {
        lead = 1n
        exp++
      }
    }
    hex = prec === 0 ? '' : frac.toString(16).padStart(prec, '0')
  } else {
    hex = hex.replace(/0+$/, '')
    if (prec > 13) hex = hex.padEnd(prec, '0')
  }
  const e = Math.abs(exp)
  let out = `${neg ? '-' : ''}0x${lead}${hex ? '.' + hex : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`
  if (verb === 'X') out = out.toUpperCase()
  return out
}

/** fmt.fmtFloat: sign handling, zero padding after the sign, Inf/NaN never zero-padded. */
function fmtFloatVerb(x: number, verb: string, f: Flags): string {
  let num: string
  switch (verb) {
    case 'v':
      num = formatFloat(x, 'g', f.prec)
      break
    case 'g':
    case 'G':
      num = formatFloat(x, verb, f.prec)
      break
    case 'e':
    case 'E':
    case 'f':
      num = formatFloat(x, verb, f.prec < 0 ? 6 : f.prec)
      break
    case 'F':
      num = formatFloat(x, 'f', f.prec < 0 ? 6 : f.prec)
      break
    case 'x':
    case 'X':
    case 'b':
      num = fmtFloatBits(x, verb, verb === 'b' ? -1 : f.prec)
      break
    default:
      return badVerb(x, verb, f)
  }
  if (num[0] !== '-' && num[0] !== '+') num = '+' + num
  if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1)
  if (f.sharp && verb !== 'b' && num[1] !== 'I' && num[1] !== 'N') num = sharpFloat(num, verb, f.prec)
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1)
    return pad(num, {...f, zero: false})
  }
  if (f.plus || num[0] !== '+') {
    if (f.zero && !f.minus && f.width > num.length)
      return num[0] + '0'.repeat(f.width - num.length) + num.slice(1)
    return pad(num, f)
  }
  return pad(num.slice(1), f)
}

/** The # flag on floats: always a decimal point, and %g/%v keep trailing zeros up to the precision. */
function sharpFloat(num: string, verb: string, prec: number): string {
  let digits = 'vgGxX'.includes(verb) ? (prec < 0 ? 6 : prec) : 0
  if (verb === 'X') digits = 0
  let tail = ''
  let body = num
  let hasPoint = false
  let sawNonzero = false
  for (let i = 1; i < body.length; i++) {
    const c = body[i]
    if (c === '.') hasPoint = true
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = body.slice(i)
      body = body.slice(0, i)
      break
    } else {
      if (c !== '0') sawNonzero = true
      if (sawNonzero) digits--
    }
  }
  if (!hasPoint) {
    if (body.length === 2 && body[1] === '0') digits--
    body += '.'
  }
  if (digits > 0) body += '0'.repeat(digits)
  return body + tail
}

function truncate(s: string, f: Flags): string {
  return f.prec >= 0 ? [...s].slice(0, f.prec).join('') : s
}

const canBackquote = (s: string): boolean =>
  [...s].every((c) => c === '\t' || (c >= ' ' && c !== '`' && c !== '\x7f' && c !== '\ufeff'))

function fmtStr(s: string, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(quoteGo(truncate(s, f)), f)
      return pad(truncate(s, f), f)
    case 's':
      return pad(truncate(s, f), f)
    case 'q': {
      const t = truncate(s, f)
      if (f.sharp && canBackquote(t)) return pad('`' + t + '`', f)
      return pad(f.plus ? quoteGo(t).replace(/[^\p{ASCII}]/gu, (c) => asciiEscape(c)) : quoteGo(t), f)
    }
    case 'x':
    case 'X': {
      let bytes = Buffer.from(s, 'utf8')
      if (f.prec >= 0) bytes = bytes.subarray(0, f.prec)
      const parts = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
      const pre = f.sharp ? '0x' : ''
      let out = f.space ? parts.map((p) => pre + p).join(' ') : pre + parts.join('')
      if (verb === 'X') out = out.toUpperCase()
      return pad(out, f)
    }
  }
  return badVerb(s, verb, f)
}

function asciiEscape(c: string): string {
  const cp = c.codePointAt(0)!
  return cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8)
}

/** fmt's printArg/printValue: one operand, one verb, with flags; containers apply them to each element. */
function fmtArg(v: unknown, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') return pad(v === null || v === undefined ? '<nil>' : goTypeName(v), f)
  if (v === null || v === undefined) return depth > 0 || verb === 'v' ? pad('<nil>', f) : badVerb(v, verb, f)
  switch (typeof v) {
    case 'boolean':
      return verb === 't' || verb === 'v' ? pad(String(v), f) : badVerb(v, verb, f)
    case 'bigint':
      return fmtInt(v, verb, f)
    case 'number':
      return fmtFloatVerb(v, verb, f)
    case 'string':
      return fmtStr(v, verb, f)
    case 'function':
      return pad('0x0', f)
  }
  if (v instanceof Int64) return fmtInt(v.v, verb, f, v)
  if (v instanceof GoStruct) {
    const str = v.goString()
    if (str !== undefined && 'vsxXq'.includes(verb)) return fmtStr(str, verb, f)
    const fields = v.goFields()
    return (
      '{' + fields.map(([k, x]) => (f.plusV ? `${k}:` : '') + fmtArg(x, verb, f, depth + 1)).join(' ') + '}'
    )
  }
  if (Array.isArray(v)) return '[' + v.map((e) => fmtArg(e, verb, f, depth + 1)).join(' ') + ']'
  if (v instanceof Uint8Array) {
    // fmt prints a []byte as a string for %s, %q, %x and %X
    if ('sqxX'.includes(verb)) return fmtStr(Buffer.from(v).toString('utf8'), verb, f)
    return '[' + Array.from(v, (b) => fmtInt(BigInt(b), verb, f)).join(' ') + ']'
  }
  if (isGoMap(v)) {
    const items = sortedKeys(v).map(
      (k) => `${fmtArg(k, verb, f, depth + 1)}:${fmtArg(v[k], verb, f, depth + 1)}`,
    )
    return 'map[' + items.join(' ') + ']'
  }
  return pad(String(v), f)
}

/**
 * fmt.Sprintf with Go verb semantics, following Go's doPrintf: explicit argument indexes (`%[2]d`,
 * `%[3]*.[2]*[1]f`), `*` widths and precisions, and the `%!v(MISSING)`, `%!v(BADINDEX)`, `%!(BADWIDTH)`,
 * `%!(BADPREC)`, `%!(NOVERB)` and `%!(EXTRA ...)` reports.
 */
export function sprintf(format: string, args: unknown[]): string {
  let out = ''
  let argNum = 0
  let reordered = false // an explicit index was used: Go then skips the EXTRA report
  const n = format.length
  let i = 0
  // Go's tooLarge: widths, precisions and indexes beyond ±1e6 are refused
  const tooLarge = (x: number): boolean => x > 1e6 || x < -1e6
  // Go's parsenum: digits from i, or -1 when there are none (or too many)
  const num = (end = n): number => {
    let v = -1
    while (i < end && format[i] >= '0' && format[i] <= '9') {
      if (v !== -1 && tooLarge(v)) {
        i = end
        return -1
      }
      v = (v === -1 ? 0 : v * 10) + Number(format[i++])
    }
    return v
  }
  // Go's intFromArg: the argument as an int, or undefined (and the argument still consumed when present)
  const intArg = (): number | undefined => {
    if (argNum >= args.length) return undefined
    const a = args[argNum++]
    const v = typeof a === 'bigint' ? a : a instanceof Int64 ? a.v : undefined
    if (v === undefined || v > 1_000_000n || v < -1_000_000n) return undefined
    return Number(v)
  }
  while (i < n) {
    const pct = format.indexOf('%', i)
    if (pct < 0) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, pct)
    i = pct + 1
    let goodArgNum = true
    // Go's argNumber: an explicit `[n]` selects argument n (1-based); a bad one spoils the verb
    const argIndex = (): boolean => {
      if (format[i] !== '[') return false
      reordered = true
      const close = format.indexOf(']', i + 1)
      if (close < 0 || i + 3 > n) {
        i++
        goodArgNum = false
        return false
      }
      i++
      const idx = num(close)
      const ok = idx !== -1 && i === close
      i = close + 1
      if (ok && idx >= 1 && idx <= args.length) {
        argNum = idx - 1
        return true
      }
      goodArgNum = false
      return ok
    }
    const f: Flags = {plus: false, minus: false, sharp: false, zero: false, space: false, width: -1, prec: -1}
    for (; i < n; i++) {
      const c = format[i]
      if (c === '+') f.plus = true
      else if (c === '-') f.minus = true
      else if (c === '#') f.sharp = true
      else if (c === '0') f.zero = true
      else if (c === ' ') f.space = true
      else break
    }
    if (f.minus) f.zero = false // zero padding only ever goes on the left
    let afterIndex = argIndex()
    if (format[i] === '*') {
      i++
      const w = intArg()
      if (w === undefined) out += '%!(BADWIDTH)'
      else if (w < 0) {
        f.minus = true
        f.zero = false
        f.width = -w
      } else f.width = w
      afterIndex = false
    } else {
      f.width = num()
      if (afterIndex && f.width !== -1) goodArgNum = false // "%[3]2d"
    }
    if (i + 1 < n && format[i] === '.') {
      i++
      if (afterIndex) goodArgNum = false // "%[3].2d"
      afterIndex = argIndex()
      if (format[i] === '*') {
        i++
        const p = intArg()
        if (p === undefined || p < 0) out += '%!(BADPREC)'
        else f.prec = p
        afterIndex = false
      } else {
        f.prec = num()
        if (f.prec < 0) f.prec = 0
      }
    }
    if (!afterIndex) afterIndex = argIndex()
    if (i >= n) {
      out += '%!(NOVERB)'
      break
    }
    const cp = format.codePointAt(i)!
    const verb = String.fromCodePoint(cp)
    i += verb.length
    if (verb === '%') {
      out += '%'
      continue
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`
      continue
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    // %+v and %#v select struct-field and Go-syntax forms; they are not sign/alternate flags
    const g = verb === 'v' ? {...f, plus: false, sharp: false, sharpV: f.sharp, plusV: f.plus} : f
    out += fmtArg(args[argNum++], verb, g, 0)
  }
  if (!reordered && argNum < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argNum)
        .map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`))
        .join(', ') +
      ')'
  }
  return out
}
