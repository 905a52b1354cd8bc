/**
 * Go's fmt package as templates see it: %v printing of values (maps as `map[k:v]`, slices as `[a b]`,
 * nil as `<nil>`, float64 in `%g` shortest form), Sprint/Sprintln/Sprintf with Go verb semantics, and
 * strconv.Quote.
 */
import {GoStruct, goTypeName, isGoMap, sortedKeys} from './values.js'

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

/** Exact-enough digits of |f| (30 more than needed), then Go-style rounding. */
function digitsOf(f: number, mode: 'shortest' | 'e' | 'f', prec: number): Digits {
  const neg = f < 0 || Object.is(f, -0)
  const a = Math.abs(f)
  if (a === 0) return {neg, d: '', dp: 0}
  if (mode === 'shortest') {
    const [m, e] = a.toExponential().split('e')
    return {neg, d: m.replace('.', '').replace(/0+$/, ''), dp: Number(e) + 1}
  }
  // all significant digits with decimal point position
  const [m, e] = a
    .toExponential(Math.min(100, (mode === 'e' ? prec : Math.max(0, prec + 22)) + 30))
    .split('e')
  const all = m.replace('.', '')
  let dp = Number(e) + 1
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

/** Formats a value as fmt's %v does. */
export function formatValue(v: unknown, verb = 'v', plus = false): string {
  switch (typeof v) {
    case 'string':
      return v
    case 'bigint':
      return v.toString()
    case 'number':
      return formatFloat(v, 'g', -1)
    case 'boolean':
      return v ? 'true' : 'false'
    case 'undefined':
      return '<nil>'
    case 'function':
      return '0x0'
  }
  if (v === null) return '<nil>'
  if (Array.isArray(v)) return '[' + v.map((e) => formatElem(e, verb, plus)).join(' ') + ']'
  if (v instanceof Uint8Array) return '[' + Array.from(v).join(' ') + ']'
  if (v instanceof GoStruct) {
    const str = v.goString()
    if (str !== undefined) return str
    const fields = v.goFields()
    return '{' + fields.map(([k, f]) => (plus ? `${k}:` : '') + formatElem(f, verb, plus)).join(' ') + '}'
  }
  if (isGoMap(v)) {
    return (
      'map[' +
      sortedKeys(v)
        .map((k) => `${k}:${formatElem(v[k], verb, plus)}`)
        .join(' ') +
      ']'
    )
  }
  return String(v)
}

function formatElem(v: unknown, verb: string, plus: boolean): string {
  if (verb === 'v') return formatValue(v, 'v', plus)
  return formatVerb(v, verb, {
    plus,
    minus: false,
    sharp: false,
    zero: false,
    space: false,
    width: -1,
    prec: -1,
  })
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
  width: number
  prec: number
}

function pad(s: string, f: Flags, numeric: boolean): string {
  const w = f.width
  const len = [...s].length
  if (w < 0 || len >= w) return s
  if (f.minus) return s + ' '.repeat(w - len)
  if (f.zero && numeric) {
    const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : ''
    return sign + '0'.repeat(w - len) + s.slice(sign.length)
  }
  return ' '.repeat(w - len) + s
}

function badVerb(v: unknown, verb: string): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`
  return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`
}

function fmtInteger(n: bigint, verb: string, f: Flags): string | undefined {
  const neg = n < 0n
  const a = neg ? -n : n
  let s: string
  switch (verb) {
    case 'd':
    case 'v':
      s = a.toString()
      break
    case 'b':
      s = a.toString(2)
      break
    case 'o':
      s = a.toString(8)
      if (f.sharp) s = '0' + s
      break
    case 'O':
      s = '0o' + a.toString(8)
      break
    case 'x':
      s = (f.sharp ? '0x' : '') + a.toString(16)
      break
    case 'X':
      s = (f.sharp ? '0X' : '') + a.toString(16).toUpperCase()
      break
    case 'c':
      return pad(String.fromCodePoint(Number(n)), f, false)
    case 'q':
      return pad(
        "'" +
          quoteGo(String.fromCodePoint(Number(n)))
            .slice(1, -1)
            .replace(/\\"/g, '"') +
          "'",
        f,
        false,
      )
    case 'U':
      return pad('U+' + a.toString(16).toUpperCase().padStart(4, '0'), f, false)
    default:
      return undefined
  }
  if (f.prec >= 0) s = s.padStart(f.prec, '0')
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : ''
  return pad(sign + s, {...f, zero: f.zero && f.prec < 0 && !f.minus}, true)
}

function fmtFloatVerb(x: number, verb: string, f: Flags): string | undefined {
  let s: string
  switch (verb) {
    case 'v':
      s = formatFloat(x, 'g', f.prec)
      break
    case 'g':
    case 'G':
      s = formatFloat(x, verb, f.prec)
      break
    case 'e':
    case 'E':
    case 'f':
      s = formatFloat(x, verb, f.prec < 0 ? 6 : f.prec)
      break
    case 'F':
      s = formatFloat(x, 'f', f.prec < 0 ? 6 : f.prec)
      break
    default:
      return undefined
  }
  if (f.plus && s[0] !== '-' && s[0] !== '+') s = '+' + s
  else if (f.space && s[0] !== '-') s = ' ' + s
  if (s === '+Inf' && !f.plus) s = f.space ? ' Inf' : '+Inf'
  return pad(s, {...f, zero: f.zero && Number.isFinite(x)}, true)
}

const hasControl = (s: string): boolean => [...s].some((c) => c !== '\t' && (c < ' ' || c === '\x7f'))

function fmtString(s: string, verb: string, f: Flags): string | undefined {
  if (f.prec >= 0 && (verb === 's' || verb === 'v' || verb === 'q')) s = [...s].slice(0, f.prec).join('')
  switch (verb) {
    case 'v':
    case 's':
      return pad(s, f, false)
    case 'q':
      if (f.sharp && !s.includes('`') && !hasControl(s)) return pad('`' + s + '`', f, false)
      return pad(quoteGo(s), f, false)
    case 'x':
    case 'X': {
      let h = Buffer.from(s, 'utf8').toString('hex')
      if (verb === 'X') h = h.toUpperCase()
      return pad(h, f, false)
    }
  }
  return undefined
}

/** Formats one operand with one verb (the part of Sprintf after flags/width/precision are parsed). */
function formatVerb(v: unknown, verb: string, f: Flags): string {
  if (verb === 'T') return pad(v === null || v === undefined ? '<nil>' : goTypeName(v), f, false)
  if (v === null || v === undefined) return verb === 'v' ? pad('<nil>', f, false) : badVerb(v, verb)
  let r: string | undefined
  switch (typeof v) {
    case 'boolean':
      r = verb === 't' || verb === 'v' ? pad(String(v), f, false) : undefined
      break
    case 'bigint':
      r = fmtInteger(v, verb, f)
      break
    case 'number':
      r = fmtFloatVerb(v, verb, f)
      break
    case 'string':
      r = fmtString(v, verb, f)
      break
    default:
      if (v instanceof GoStruct && v.goString() !== undefined && 'vsq'.includes(verb)) {
        r = fmtString(v.goString()!, verb, f)
      } else if (Array.isArray(v) || isGoMap(v) || v instanceof GoStruct) {
        r = pad(formatValue(v, verb, f.plus), f, false)
      }
  }
  return r ?? badVerb(v, verb)
}

/** fmt.Sprintf with Go verb semantics, including `%!v(MISSING)` and `%!(EXTRA ...)` reports. */
export function sprintf(format: string, args: unknown[]): string {
  let out = ''
  let argNum = 0
  const n = format.length
  let i = 0
  while (i < n) {
    const pct = format.indexOf('%', i)
    if (pct < 0) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, pct)
    i = pct + 1
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
    const num = (): number => {
      let s = ''
      while (i < n && format[i] >= '0' && format[i] <= '9') s += format[i++]
      return s === '' ? -1 : Number(s)
    }
    const starArg = (): number => {
      i++
      const a = args[argNum++]
      if (typeof a === 'bigint') return Number(a)
      out += '%!(BADWIDTH)'
      return -1
    }
    if (format[i] === '*') {
      f.width = starArg()
      if (f.width < 0 && f.width !== -1) {
        f.minus = true
        f.width = -f.width
      }
    } else f.width = num()
    if (format[i] === '.') {
      i++
      if (format[i] === '*') f.prec = starArg()
      else {
        f.prec = num()
        if (f.prec < 0) f.prec = 0
      }
    }
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
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    out += formatVerb(args[argNum++], verb, f)
  }
  if (argNum < args.length) {
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
