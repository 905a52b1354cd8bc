/**
 * Value checks for the injection annotations istiod validates, returning Go-style error text (the text
 * IST0125 shows) or undefined when the value is fine.
 */

const goSyntax = (fn: string, v: string) => `strconv.${fn}: parsing ${JSON.stringify(v)}: invalid syntax`

function parseUint(v: string, bits: number, fn = 'ParseUint'): string | undefined {
  if (!/^\d+$/.test(v)) return goSyntax(fn, v)
  if (BigInt(v) >= 1n << BigInt(bits))
    return `strconv.${fn}: parsing ${JSON.stringify(v)}: value out of range`
  return undefined
}

function parsePort(p: string): string | undefined {
  const e = parseUint(p.trim(), 16)
  return e ? `failed parsing port '${p}': ${e}` : undefined
}

function portList(param: string, ports: string): string | undefined {
  const s = ports.trim()
  if (s === '') return undefined
  for (const p of s.split(',')) {
    const e = parsePort(p)
    if (e) return `${param} invalid: failed parsing port '${p}': ${e}`
  }
  return undefined
}

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

function cidrList(name: string, list: string): string | undefined {
  if (list === '') return undefined
  for (const c of list.split(',')) {
    const e = prefixError(c)
    if (e) return `${name} invalid: failed parsing cidr '${c}': ${e}`
  }
  return undefined
}

/** istio's ValidateInterfaceNames: comma-separated Linux interface names (an empty list is fine). */
function interfaces(v: string): string | undefined {
  if (v === '') return undefined
  for (const raw of v.split(',')) {
    const name = raw.trim()
    if (name === '') return 'empty interface name'
    if (name.length > 15) return `interface name ${q(name)} too long (max 15 chars)`
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(name))
      return `interface name ${q(name)} contains invalid characters`
  }
  return undefined
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

/** An annotation's quantity: istiod refuses control characters before parsing it. */
function quantity(v: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return 'value contains control characters'
  return parseQuantityError(v)
}

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'])

/** Validators by annotation name. */
export const ANNOTATION_VALIDATORS: Readonly<Record<string, (v: string) => string | undefined>> = {
  'sidecar.istio.io/interceptionMode': (v) =>
    ['REDIRECT', 'TPROXY', 'NONE'].includes(v)
      ? undefined
      : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`,
  'status.sidecar.istio.io/port': (v) => {
    const e = parsePort(v)
    return e ? `excludeInboundPorts invalid: ${e}` : undefined
  },
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => parseUint(v, 32),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) =>
    v === '*' ? undefined : cidrList('includeIPRanges', v),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => cidrList('excludeIPRanges', v),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) =>
    v === '*' ? undefined : portList('includeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => portList('excludeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => portList('excludeOutboundPorts', v),
  'traffic.sidecar.istio.io/excludeInterfaces': interfaces,
  'traffic.sidecar.istio.io/kubevirtInterfaces': interfaces,
  'istio.io/reroute-virtual-interfaces': interfaces,
  'prometheus.istio.io/merge-metrics': (v) => (BOOLS.has(v) ? undefined : goSyntax('ParseBool', v)),
  'sidecar.istio.io/proxyCPU': quantity,
  'sidecar.istio.io/proxyMemory': quantity,
  'sidecar.istio.io/proxyCPULimit': quantity,
  'sidecar.istio.io/proxyMemoryLimit': quantity,
}

/** proxy.istio.io/config must at least be a YAML map of ProxyConfig fields. */
export function validateProxyConfig(v: string, parse: (text: string) => unknown): string | undefined {
  try {
    const doc = parse(v)
    // an empty document (null) is no change
    if (typeof doc === 'object' && !Array.isArray(doc)) return undefined
    // istiod reads the YAML as JSON into a map: Go's encoding/json names the JSON type it found instead
    const type = Array.isArray(doc)
      ? 'array'
      : typeof doc === 'string'
        ? 'string'
        : typeof doc === 'boolean'
          ? 'bool'
          : 'number'
    return `failed to convert to apply proxy config: json: cannot unmarshal ${type} into Go value of type map[string]json.RawMessage`
  } catch (err) {
    return `failed to convert to apply proxy config: ${(err as Error).message.split('\n')[0]}`
  }
}
