// Value checks shared by the schema keywords (x-meshctl-checks) and the per-kind semantic rules.
// Each returns an error message, or undefined when the value is fine.
import {isIP} from 'node:net'
import type {CheckName} from './schema.js'

// The patterns are written inside the functions that use them, not as module constants, so that mutation
// testing can change them under a loaded module (a regex literal is compiled once either way).

/** RFC 7230 token characters: what an HTTP header name may contain. */
export const isHeaderName = (name: string): boolean => /^[-!#$%&'*+.^_`|~0-9A-Za-z]+$/.test(name)

/** Parses a duration (`1.5s`, `10ms`, `1h30m`) to nanoseconds, or undefined when it is not one. */
export function parseDurationNs(value: string): number | undefined {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(value)
  if (!m) return undefined
  const unitNs: Record<string, number> = {ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9}
  let ns = 0
  for (const [, num, unit] of value.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    ns += Number(num) * unitNs[unit]
  return m[1] === '-' ? -ns : ns
}

/** A duration of at least 1ms, to millisecond precision (what istiod accepts). */
export function checkDuration(value: string): string | undefined {
  const ns = parseDurationNs(value)
  if (ns === undefined) return `invalid duration "${value}" (expected e.g. "1.5s", "10ms", "1h")`
  if (ns < 1e6) return `duration "${value}" must be at least 1ms`
  if (Math.round(ns) % 1e6 !== 0) return `duration "${value}": only durations to ms precision are supported`
  return undefined
}

/** A port number in 1..65535. */
export function checkPort(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535
    ? undefined
    : `port number ${value} must be in the range 1..65535`
}

/** A DNS-1123 label (`my-name`). */
export const isDns1123Label = (s: string): boolean =>
  s.length <= 63 && /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(s)

/** A domain name or wildcard domain (`*.example.com`, `reviews`, `*`): wildcards only in the first label. */
export function checkWildcardDomain(domain: string): string | undefined {
  if (domain.length === 0) return 'empty domain name not allowed'
  if (domain.length > 255) return `domain name "${domain}" too long (max 255)`
  const [first, rest] = splitOnce(domain, '.')
  if (!(first.length <= 63 && /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/.test(first)))
    return `domain name "${domain}" invalid (label "${first}" invalid)`
  // istiod names the rest of the domain, not the whole, in what it finds there
  return rest === undefined ? undefined : checkDnsLabels(rest, rest)
}

/** A fully qualified domain name without wildcards. */
export function checkFqdn(domain: string): string | undefined {
  if (domain.length === 0) return 'empty domain name not allowed'
  if (domain.length > 255) return `domain name "${domain}" too long (max 255)`
  return checkDnsLabels(domain, domain)
}

function checkDnsLabels(domain: string, labels: string): string | undefined {
  const parts = labels.split('.')
  const tld = parts[parts.length - 1]
  if (/^\d+$/.test(tld))
    return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`
  for (const [i, label] of parts.entries()) {
    if (i === parts.length - 1 && label === '') return undefined // a trailing dot: `istio.io.`
    if (!isDns1123Label(label)) return `domain name "${domain}" invalid (label "${label}" invalid)`
  }
  return undefined
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep)
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)]
}

/** An IP address or a CIDR block. */
export function checkIpOrCidr(value: string): string | undefined {
  const [addr, bits] = splitOnce(value, '/')
  const family = isIP(addr)
  if (!family) return bits === undefined ? `${value} is not a valid IP` : `${value} is not a valid CIDR block`
  if (bits === undefined) return undefined
  const max = family === 4 ? 32 : 128
  return /^\d+$/.test(bits) && Number(bits) <= max ? undefined : `${value} is not a valid CIDR block`
}

/**
 * An RE2 regular expression as Envoy runs it. JavaScript's engine stands in for RE2: the RE2 flag group
 * `(?i)` is accepted, and what RE2 lacks (look-around, back-references) is rejected.
 */
export function checkRegex(re: string): string | undefined {
  if (re === '') return 'regex string match should not be empty'
  if (re.length > 1024) return 'regex is too large, max length allowed is 1024'
  if (/\(\?<?[=!]/.test(re)) return `invalid regex "${re}": look-around is not supported by RE2`
  if (/(^|[^\\])\\[1-9]/.test(re)) return `invalid regex "${re}": back-references are not supported by RE2`
  try {
    new RegExp(re.replace(/^\(\?[imsU]+\)/, ''))
  } catch (err) {
    return `invalid regex "${re}": ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/: /, '')}`
  }
  return undefined
}

/** A check run by the `x-meshctl-checks` schema keyword: its value, and the map keys for map checks. */
export const CHECKS: Record<CheckName, (value: unknown) => string | undefined> = {
  duration: (v) => (typeof v === 'string' ? checkDuration(v) : undefined),
  port: (v) => (typeof v === 'number' ? checkPort(v) : undefined),
  noWildcard: (v) =>
    typeof v === 'string' && v.includes('*')
      ? `wildcard is not supported in selector value "${v}"`
      : undefined,
  labelKeys: (v) => {
    for (const key of Object.keys(asMap(v))) {
      if (key === '') return 'empty key is not supported in selector'
      if (key.includes('*')) return `wildcard is not supported in selector key "${key}"`
    }
    return undefined
  },
  portName: (v) => {
    const bad = Object.keys(asMap(v)).find((k) => !(k.length < 63 && isDns1123Label(k)))
    return bad === undefined ? undefined : `port name "${bad}" must be valid (a DNS-1123 label)`
  },
  portKeys: (v) => {
    const bad = Object.keys(asMap(v)).find((k) => !/^\d+$/.test(k) || checkPort(Number(k)))
    return bad === undefined ? undefined : `port "${bad}" must be between 1-65535`
  },
  emptyNamespace: (v) =>
    v ? 'namespace must not be set; cross namespace referencing is not supported' : undefined,
  notStar: (v) => (v === '*' ? 'invalid host *' : undefined), // istiod's words (ServiceEntry hosts)
  httpUrl: (v) => {
    if (typeof v !== 'string') return undefined
    try {
      const scheme = new URL(v).protocol
      return scheme === 'http:' || scheme === 'https:' ? undefined : `URL "${v}" must use http or https`
    } catch {
      return `"${v}" is not a valid URL`
    }
  },
  unixAddress: (v) => {
    if (typeof v !== 'string' || !v.startsWith('unix://')) return undefined
    if (v[7] !== '/' && v[7] !== '@')
      return `unix address "${v}" must be absolute (unix:///path) or abstract (unix://@name)`
    if (v.endsWith('/')) return `unix address "${v}" must not end with "/"`
    return undefined
  },
  regex: (v) => (typeof v === 'string' ? checkRegex(v) : undefined),
}

const asMap = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
