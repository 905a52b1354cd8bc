/**
 * Go parsers' error texts that istiod's and istioctl's messages carry: net/netip's ParseAddr/ParsePrefix and
 * Kubernetes' resource.ParseQuantity (checked against istioctl 1.30.3 through IST0125 and manifest generate).
 * Shared by the annotation analyzer and the IstioOperator checks.
 * @module
 */

const q = (s: string) => JSON.stringify(s)

/** Go's `netip.ParseAddr` error text for `s`, or undefined when it is an address (IPv4, IPv6, IPv6 with a zone). */
export function addrError(s: string): string | undefined {
  const fail = (msg: string, at?: string) => `ParseAddr(${q(s)}): ${msg}${at ? ` (at ${q(at)})` : ''}`
  const first = /[.:%]/.exec(s)?.[0]
  if (first === '.') return ipv4Error(s, fail)
  if (first === '%') return fail('missing IPv6 address')
  if (first !== ':') return fail('unable to parse IP')
  return ipv6Error(s, fail)
}

type Fail = (msg: string, at?: string) => string

/** The error of the dotted IPv4 text `s` (all of `in`, or its embedded tail), as Go reports it. */
function ipv4Error(s: string, fail: Fail): string | undefined {
  let fields = 0
  let digits = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c >= '0' && c <= '9') {
      if (digits === '0') return fail('IPv4 field has octet with leading zero')
      digits += c
      if (Number(digits) > 255) return fail('IPv4 field has value >255')
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.')
        return fail('IPv4 field must have at least one digit', s.slice(i))
      if (fields === 3) return fail('IPv4 address too long')
      fields++
      digits = ''
    } else return fail('unexpected character', s.slice(i))
  }
  return fields < 3 ? fail('IPv4 address too short') : undefined
}

/** The error of IPv6 text, as Go's parser reports it (groups of up to 4 hex digits, one `::`, IPv4 tail). */
function ipv6Error(input: string, fail: Fail): string | undefined {
  // a zone follows the first `%`; an empty one is refused
  if (/^[^%]*%$/.test(input)) return fail('zone must be a non-empty string')
  let s = input.split('%')[0]
  let ellipsis = false
  let bytes = 0
  if (s.startsWith('::')) {
    ellipsis = true
    s = s.slice(2)
    if (s === '') return undefined
  }
  while (bytes < 16) {
    const hex = /[0-9a-fA-F]*/.exec(s)![0] // the leftmost match, at 0 (maybe empty)
    if (hex.length > 4) return fail('each group must have 4 or less digits', s)
    if (hex === '') return fail('each colon-separated field must have at least one digit', s)
    if (s[hex.length] === '.') {
      if (!ellipsis && bytes !== 12)
        return fail('embedded IPv4 address must replace the final 2 fields of the address', s)
      if (bytes + 4 > 16)
        return fail('too many hex fields to fit an embedded IPv4 at the end of the address', s)
      const e = ipv4Error(s, fail)
      if (e) return e
      s = ''
      bytes += 4
      break
    }
    bytes += 2
    s = s.slice(hex.length)
    if (s === '') break
    if (s[0] !== ':') return fail('unexpected character, want colon', s)
    if (s.length === 1) return fail('colon must be followed by more characters', s)
    s = s.slice(1)
    if (s[0] === ':') {
      if (ellipsis) return fail('multiple :: in address', s)
      ellipsis = true
      s = s.slice(1)
      if (s === '') break
    }
  }
  if (s !== '') return fail('trailing garbage after address', s)
  if (bytes < 16 && !ellipsis) return fail('address string too short')
  if (bytes === 16 && ellipsis) return fail('the :: must expand to at least one field of zeros')
  return undefined
}

/** Go's `netip.ParsePrefix` error text for `text`, or undefined when it is a prefix. */
export function prefixError(text: string): string | undefined {
  const fail = (msg: string) => `netip.ParsePrefix(${q(text)}): ${msg}`
  const slash = text.lastIndexOf('/')
  if (slash < 0) return fail("no '/'")
  const ip = text.slice(0, slash)
  const bad = addrError(ip)
  if (bad) return fail(bad)
  if (ip.includes('%')) return fail('IPv6 zones cannot be present in a prefix')
  const bits = text.slice(slash + 1)
  // strconv.Atoi's range (int64) and no sign or leading zero
  if (!/^(0|[1-9]\d*)$/.test(bits) || BigInt(bits) >= 1n << 63n)
    return fail(`bad bits after slash: ${q(bits)}`)
  return Number(bits) > (ip.includes(':') ? 128 : 32) ? fail('prefix length out of range') : undefined
}

const DECIMAL_SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E'])
const BINARY_SUFFIXES = new Set(['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'])

/**
 * Kubernetes' resource.ParseQuantity errors: a sign, digits, a fraction, then a suffix (SI, binary or an
 * `e<int>` exponent). Leading zeros alone (`+`, `00`) and a bare suffix (`m`) are quantities too.
 */
export function parseQuantityError(v: string): string | undefined {
  // the leftmost match is at 0: every part is optional
  const m = /[+-]?(?:\d*(?:\.\d*)?)([eEinumkKMGTP]*)([+-]?\d*)(.?)/.exec(v)!
  if (v === '' || m[3] !== '')
    return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
  const suffix = m[1] + m[2]
  const known =
    DECIMAL_SUFFIXES.has(suffix) ||
    BINARY_SUFFIXES.has(suffix) ||
    (/^[eE]/.test(suffix) && /^[+-]?\d+$/.test(suffix.slice(1)))
  return known ? undefined : "unable to parse quantity's suffix"
}
