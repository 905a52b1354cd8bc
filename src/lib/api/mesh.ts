/**
 * MeshConfig and its `defaultConfig` (ProxyConfig), istio.io/api mesh/v1alpha1: the schema (mesh.gen.ts,
 * generated from the protos) and {@link checkMeshConfig}, which reads a mesh config as istioctl's protobuf
 * JSON decoding does. That decoding ignores unknown fields, so they are warnings here (with the closest
 * valid field); wrongly typed values, unknown enum names and bad durations are errors. Then istioctl's value
 * rules (agent.ValidateMeshConfig) apply to what is set: ports, durations, proxy addresses, locality load
 * balancing, service setting hosts, trust domains, mesh TLS curves, tracing TLS and the private key provider.
 * @module
 */
import {closest, describe} from '../suggest.js'
import {meshConfig, proxyConfig} from './mesh.gen.js'
import type {Infer, JSONSchemaProps} from './schema.js'
import {isObject} from '../json.js'
import {isIP} from 'node:net'
import {checkFqdn, checkPort, checkWildcardDomain, isDns1123Label} from './checks.js'

export {meshConfig, proxyConfig}
/** A mesh config (`meshConfig` of an IstioOperator, the `mesh` key of the istio ConfigMap). */
export type MeshConfig = Infer<typeof meshConfig>
/** A proxy config (`meshConfig.defaultConfig`). */
export type ProxyConfig = Infer<typeof proxyConfig>

/** A problem at a path as users write it (`meshConfig.defaultConfig.concurrency`). */
export interface MeshFinding {
  path: string
  message: string
}

/** Go's time.ParseDuration syntax (`10s`, `1.5m`, `1h2m`, `0`), which protobuf JSON uses for Duration. */
const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/

/** protobuf JSON's integers: a number or a decimal string, within the type's range. */
function integerIn(v: unknown, min: number, max: number): boolean {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN
  return Number.isInteger(n) && n >= min && n <= max
}

const RANGES: Record<string, [number, number, string]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1, 'a 32-bit integer'],
  uint32: [0, 2 ** 32 - 1, 'an unsigned 32-bit integer'],
  uint64: [0, 2 ** 64 - 1, 'an unsigned integer'],
  int64: [-(2 ** 63), 2 ** 63 - 1, 'an integer'],
}

/** What a scalar node wants, when `v` does not fit it. */
function scalarProblem(s: JSONSchemaProps, v: unknown, path: string): string | undefined {
  const want = (what: string) => `invalid value for ${path}: expected ${what}, got ${describe(v)}`
  if (s.enum) {
    if (typeof v === 'number') return Number.isInteger(v) ? undefined : want('an enum name or number')
    if (typeof v !== 'string') return want('an enum name or number')
    return s.enum.includes(v)
      ? undefined
      : `invalid value for ${path}: "${v}" is not one of ${s.enum.join(', ')}`
  }
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') return want('a string')
      if (s['x-meshctl-checks']?.includes('duration') && !GO_DURATION.test(v))
        return `invalid value for ${path}: "${v}" is not a duration (such as 10s, 1.5m or 1h2m)`
      return undefined
    case 'boolean':
      return typeof v === 'boolean' ? undefined : want('a boolean')
    case 'integer': {
      const format = s.format ?? (s.maximum === 2 ** 32 - 1 ? 'uint32' : s.minimum === 0 ? 'uint64' : 'int64')
      const [min, max, what] = RANGES[format] ?? RANGES.int64!
      return integerIn(v, min, max) ? undefined : want(what)
    }
    case 'number':
      return typeof v === 'number' ||
        (typeof v === 'string' && /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|-?Infinity)$/.test(v))
        ? undefined
        : want('a number')
    default:
      return undefined
  }
}

/** protoc's JSON name of a proto field name (protobuf JSON accepts both). */
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/**
 * Checks a mesh config as istioctl decodes it (protobuf JSON, unknown fields allowed): errors for values
 * it refuses, warnings for unknown fields, each naming the field from `prefix` on.
 */
export function checkMeshConfig(
  value: unknown,
  prefix = 'meshConfig',
  schema: JSONSchemaProps = meshConfig,
): {errors: MeshFinding[]; warnings: MeshFinding[]} {
  const errors: MeshFinding[] = []
  const warnings: MeshFinding[] = []
  const walk = (s: JSONSchemaProps, v: unknown, path: string): void => {
    if (v === null || v === undefined) return
    if (s['x-kubernetes-preserve-unknown-fields'] && s.type === undefined) return
    if (s.type === 'object') {
      if (!isObject(v))
        return void errors.push({
          path,
          message: `invalid value for ${path}: expected an object, got ${describe(v)}`,
        })
      if (s.additionalProperties) {
        for (const [k, x] of Object.entries(v)) walk(s.additionalProperties, x, `${path}.${k}`)
      } else if (s.properties) {
        for (const [k, x] of Object.entries(v)) {
          const sub = s.properties[k] ?? s.properties[camel(k)]
          if (sub) walk(sub, x, `${path}.${k}`)
          else {
            const guess = closest(k, Object.keys(s.properties))
            warnings.push({
              path: `${path}.${k}`,
              message: `unknown field ${path}.${k}` + (guess ? `; did you mean ${path}.${guess}?` : ''),
            })
          }
        }
      }
      return
    }
    if (s.type === 'array') {
      if (!Array.isArray(v))
        return void errors.push({
          path,
          message: `invalid value for ${path}: expected a list, got ${describe(v)}`,
        })
      return v.forEach((x, i) => walk(s.items!, x, `${path}[${i}]`))
    }
    const problem = scalarProblem(s, v, path)
    if (problem) errors.push({path, message: problem})
  }
  walk(schema, value, prefix)
  // istioctl's mesh config rules (agent.ValidateMeshConfig) apply once the types are right.
  if (schema === meshConfig && errors.length === 0 && isObject(value))
    errors.push(...meshConfigRules(value, prefix))
  return {errors, warnings}
}

const UNITS: Record<string, number> = {ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9}

/** A Go duration string in nanoseconds (valid per GO_DURATION). */
export function goDurationNanos(d: string): number {
  const sign = d.startsWith('-') ? -1 : 1
  let ns = 0
  for (const [, num, unit] of d.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const [int = '0', frac = ''] = num!.split('.')
    // Whole and fractional parts apart, so that 1.5ms is exactly 1500000ns.
    ns += Number(int) * UNITS[unit!]! + Math.round(Number(`0.${frac || '0'}`) * UNITS[unit!]!)
  }
  return sign * ns
}

/** A duration over an hour (the only ones printed) as Go's Duration.String prints it (`2h0m0s`, `1h0m0.5s`). */
function goDurationText(ns: number): string {
  const h = Math.floor(ns / 3600e9)
  const m = Math.floor((ns % 3600e9) / 60e9)
  const s = ((ns % 60e9) / 1e9).toFixed(9).replace(/\.?0+$/, '')
  return `${h}h${m}m${s}s`
}

const MS = 1e6
/** The key a field is written with in `obj`: its JSON name, or else its proto name. */
const keyOf = (obj: Record<string, unknown>, field: string) =>
  field in obj ? field : field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
/** Go's %q of a string (JSON quoting stands in for it). */
const q = (s: string) => JSON.stringify(s)

/** Go's net.SplitHostPort: [host, port], or its error text. */
export function splitHostPort(hostport: string): [string, string] | string {
  const fail = (why: string) => (hostport === '' ? why : `address ${hostport}: ${why}`)
  const i = hostport.lastIndexOf(':')
  if (i < 0) return fail('missing port in address')
  let host: string
  let [j, k] = [0, 0]
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']')
    if (end < 0) return fail("missing ']' in address")
    if (end + 1 === hostport.length) return fail('missing port in address')
    if (end + 1 !== i)
      return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address')
    host = hostport.slice(1, end)
    ;[j, k] = [1, end + 1]
  } else {
    host = hostport.slice(0, i)
    if (host.includes(':')) return fail('too many colons in address')
  }
  if (hostport.slice(j).includes('[')) return fail("unexpected '[' in address")
  if (hostport.slice(k).includes(']')) return fail("unexpected ']' in address")
  return [host, hostport.slice(i + 1)]
}

/** istioctl's check of a proxy address (`host:port`, the host a DNS name or an IP address). */
export function proxyAddressProblem(address: string): string | undefined {
  const split = splitHostPort(address)
  if (typeof split === 'string') return `unable to split ${q(address)}: ${split}`
  const [host, p] = split
  // Go's strconv.Atoi: an optional sign and decimal digits, within 64 bits.
  const atoi = `port (${p}) is not a number: strconv.Atoi: parsing ${q(p)}`
  if (!/^[-+]?\d+$/.test(p)) return `${atoi}: invalid syntax`
  const n = BigInt(p)
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return `${atoi}: value out of range`
  if (n < 1n || n > 65535n) return `port number ${n} must be in the range 1..65535`
  return checkFqdn(host) && !isIP(host) ? `${q(host)} is not a valid hostname or an IP address` : undefined
}

/** istioctl's trust domain rule: DNS-1123 labels, a trailing dot allowed. */
function trustDomainProblem(domain: string): string | undefined {
  if (domain === '') return 'empty domain name not allowed'
  const parts = domain.split('.')
  const ok = parts.every((l, i) => (i === parts.length - 1 && l === '') || isDns1123Label(l))
  return ok ? undefined : `trust domain name ${q(domain)} invalid`
}

/** The first overlap or malformed entry among localities (`region/zone/subzone`, `region/*`), as istioctl finds it. */
function localitiesProblem(localities: string[]): string | undefined {
  const seen = new Map<string, Map<string, Set<string>>>()
  for (const l of localities) {
    const stars = l.split('*').length - 1
    if (stars > 1 || (stars === 1 && !l.endsWith('*')))
      return `locality ${l} wildcard '*' number can not exceed 1 and must be in the end`
    const overlap = `locality ${l} overlap with previous specified ones`
    if (seen.has('*')) return overlap
    const parts = l.split('/')
    const items = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join('/')] : parts
    if (items.some((x) => x === '')) return `locality ${l} must not contain empty region/zone/subzone info`
    const [region, zone, subZone] = items as [string, string?, string?]
    const zones = seen.get(region)
    if (zone === undefined) {
      if (zones) return overlap
      seen.set(region, new Map([['*', new Set(['*'])]]))
    } else if (!zones) {
      seen.set(region, new Map([[zone, new Set([subZone ?? '*'])]]))
    } else {
      if (zones.has('*')) return overlap
      const subZones = zones.get(zone)
      if (subZone === undefined) {
        if (subZones) return overlap
        zones.set(zone, new Set(['*']))
      } else if (!subZones) zones.set(zone, new Set([subZone]))
      else {
        if (subZones.has('*') || subZones.has(subZone)) return overlap
        subZones.add(subZone)
      }
    }
  }
  return undefined
}

const TOPOLOGY_LABELS = [
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
]

/** istioctl's rules for `localityLbSetting`: the problems, in its order (some end the check). */
function localityLbProblems(lb: Record<string, unknown>): string[] {
  const list = (k: string) => {
    const v = lb[keyOf(lb, k)]
    return Array.isArray(v) ? v.map((x) => (isObject(x) ? x : {})) : []
  }
  const distribute = list('distribute')
  const failover = list('failover')
  const priority = (lb[keyOf(lb, 'failoverPriority')] ?? []) as string[]
  if (distribute.length > 0 && failover.length > 0)
    return ["can not simultaneously specify 'distribute' and 'failover'"]
  const topology = failover.length > 0 ? priority.find((p) => TOPOLOGY_LABELS.includes(p)) : undefined
  if (topology)
    return [`can not simultaneously set 'failover' and topology label '${topology}' in 'failover_priority'`]
  const out: string[] = []
  for (const d of distribute) {
    const to = Object.entries(isObject(d.to) ? d.to : {})
    const weights = to.map(([, w]) => Number(w))
    if (weights.some((w) => w <= 0 || w > 100)) return [...out, 'locality weight must be in range [1, 100]']
    const total = weights.reduce((a, b) => a + b, 0)
    if (total !== 100) return [...out, `total locality weight ${total} != 100`]
    const problem = localitiesProblem(to.map(([l]) => l))
    if (problem) out.push(problem)
  }
  const sources = localitiesProblem(distribute.map((d) => String(d.from ?? '')))
  if (sources) out.push(sources)
  for (const f of failover) {
    const [from, to] = [String(f.from ?? ''), String(f.to ?? '')]
    if (from === to) out.push('locality lb failover settings must specify different regions')
    if (from.includes('/') || to.includes('/')) out.push('locality lb failover only specify region')
    if (from.includes('*') || to.includes('*'))
      out.push("locality lb failover region should not contain '*' wildcard")
  }
  return out
}

/** istioctl's client TLS rules for the tracing TLS settings (no config namespace). */
function tlsProblems(tls: Record<string, unknown>): string[] {
  const mode = tls.mode
  const simple = mode === 'SIMPLE' || mode === 1
  const mutual = mode === 'MUTUAL' || mode === 2
  const has = (k: string) => {
    const v = tls[keyOf(tls, k)]
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v !== ''
  }
  const out: string[] = []
  if (tls[keyOf(tls, 'insecureSkipVerify')] === true) {
    if (simple && (has('caCertificates') || has('credentialName') || has('subjectAltNames')))
      out.push(
        'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
      )
    if (mutual && (has('caCertificates') || has('subjectAltNames')))
      out.push('cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true')
  }
  if ((simple || mutual) && has('credentialName')) {
    if (['clientCertificate', 'caCertificates', 'privateKey', 'caCrl'].some(has))
      out.push('cannot specify client certificates or CA certificate or CA CRL If credentialName is set')
    return out
  }
  if (mutual && !has('clientCertificate')) out.push('client certificate required for mutual tls')
  if (mutual && !has('privateKey')) out.push('private key required for mutual tls')
  return out
}

/** The value rules istioctl applies to a decoded mesh config (the fields users set; defaults are valid). */
function meshConfigRules(mc: Record<string, unknown>, prefix: string): MeshFinding[] {
  const out: MeshFinding[] = []
  const report = (path: string, problem: string | undefined) => {
    if (problem) out.push({path, message: `invalid value for ${path}: ${problem}`})
  }
  const at = (
    obj: Record<string, unknown>,
    field: string,
    path: string,
    rule: (v: unknown) => string | undefined,
  ) => {
    const key = keyOf(obj, field)
    const v = obj[key]
    if (v !== undefined && v !== null) report(`${path}.${key}`, rule(v))
  }
  /** A message field that is set: [it, its path]. */
  const child = (obj: Record<string, unknown>, field: string, path: string) => {
    const key = keyOf(obj, field)
    const v = obj[key]
    return isObject(v) ? ([v, `${path}.${key}`] as const) : undefined
  }
  const port = (v: unknown) => checkPort(Number(v))
  const nanos = (v: unknown) => goDurationNanos(String(v))
  const address = (v: unknown) => proxyAddressProblem(String(v))
  const nonEmpty = (what: string) => (v: unknown) => (v === '' ? what : undefined)
  at(mc, 'proxyListenPort', prefix, port)
  at(mc, 'connectTimeout', prefix, (v) => {
    const d = nanos(v)
    if (d < MS) return 'duration must be greater than 1ms'
    if (d % MS !== 0) return 'only durations to ms precision are supported'
    return d > 3600e9 ? `time ${goDurationText(d)} must be >1ms and <1h0m0s` : undefined
  })
  at(mc, 'protocolDetectionTimeout', prefix, (v) =>
    nanos(v) % MS !== 0 ? 'only durations to ms precision are supported' : undefined,
  )
  const defaults = child(mc, 'defaultConfig', prefix)
  if (defaults) proxyConfigRules(...defaults)
  const lb = child(mc, 'localityLbSetting', prefix)
  if (lb) for (const problem of localityLbProblems(lb[0])) report(lb[1], problem)
  const settings = mc[keyOf(mc, 'serviceSettings')]
  if (Array.isArray(settings))
    settings.forEach((s, i) => {
      const hosts = isObject(s) ? s.hosts : undefined
      const path = `${prefix}.${keyOf(mc, 'serviceSettings')}[${i}].hosts`
      if (Array.isArray(hosts))
        hosts.forEach((h, j) => report(`${path}[${j}]`, checkWildcardDomain(String(h))))
    })
  at(mc, 'trustDomain', prefix, (v) => trustDomainProblem(String(v)))
  const aliases = mc[keyOf(mc, 'trustDomainAliases')]
  if (Array.isArray(aliases))
    aliases.forEach((a, i) =>
      report(`${prefix}.${keyOf(mc, 'trustDomainAliases')}[${i}]`, trustDomainProblem(String(a))),
    )
  const mtls = child(mc, 'meshMTLS', prefix) ?? child(mc, 'mesh_mTLS', prefix)
  if (mtls)
    at(mtls[0], 'ecdhCurves', mtls[1], (v) =>
      Array.isArray(v) && v.length > 0 ? 'mesh TLS does not support ECDH curves configuration' : undefined,
    )
  return out

  /** istioctl's ProxyConfig rules, in its order. */
  function proxyConfigRules(pc: Record<string, unknown>, pcPath: string) {
    at(pc, 'configPath', pcPath, nonEmpty('config path must be set'))
    at(pc, 'binaryPath', pcPath, nonEmpty('binary path must be set'))
    at(pc, 'serviceCluster', pcPath, nonEmpty('service cluster must be specified'))
    at(pc, 'drainDuration', pcPath, (v) => {
      const d = nanos(v)
      if (d < MS) return 'duration must be greater than 1ms'
      if (d % MS !== 0) return 'only durations to ms precision are supported'
      return d % 1e9 !== 0 ? 'drain time only supports durations to seconds precision' : undefined
    })
    at(pc, 'discoveryAddress', pcPath, (v) =>
      v === '' ? 'discovery address must be set to the proxy discovery service' : address(v),
    )
    const tracing = child(pc, 'tracing', pcPath)
    if (tracing) {
      const [t, tPath] = tracing
      const lightstep = child(t, 'lightstep', tPath)
      if (lightstep) {
        const [ls, lsPath] = lightstep
        const addr = String(ls.address ?? '')
        if (addr === '') report(lsPath, 'address is required')
        report(ls.address ? `${lsPath}.address` : lsPath, proxyAddressProblem(addr))
        if (!ls[keyOf(ls, 'accessToken')]) report(lsPath, 'access token is required')
      }
      // $(HOST_IP) stands for the node's address, filled in at run time.
      for (const tracer of ['zipkin', 'datadog']) {
        const c = child(t, tracer, tPath)
        if (c)
          report(
            `${c[1]}.address`,
            proxyAddressProblem(String(c[0].address ?? '').replace('$(HOST_IP)', '127.0.0.1')),
          )
      }
      const tls = child(t, 'tlsSettings', tPath)
      if (tls) for (const problem of tlsProblems(tls[0])) report(tls[1], problem)
    }
    at(pc, 'statsdUdpAddress', pcPath, (v) => (v === '' ? undefined : address(v)))
    at(pc, 'envoyMetricsServiceAddress', pcPath, (v) => (v === '' ? undefined : address(v)))
    for (const service of ['envoyMetricsService', 'envoyAccessLogService']) {
      const s = child(pc, service, pcPath)
      if (s) at(s[0], 'address', s[1], (v) => (v === '' ? undefined : address(v)))
    }
    at(pc, 'proxyAdminPort', pcPath, port)
    at(pc, 'controlPlaneAuthPolicy', pcPath, (v) =>
      ['NONE', 'MUTUAL_TLS', 0, 1].includes(v as string)
        ? undefined
        : `unrecognized control plane auth policy "${String(v)}"`,
    )
    at(pc, 'statusPort', pcPath, port)
    const pkp = child(pc, 'privateKeyProvider', pcPath)
    if (pkp) {
      const [p, pPath] = pkp
      const provider = ['cryptomb', 'qat'].map((k) => child(p, k, pPath)).find((x) => x)
      if (!provider) {
        report(pPath, 'private key provider configuration is required')
        report(pPath, 'unknown private key provider')
      } else {
        const [conf, confPath] = provider
        const key = keyOf(conf, 'pollDelay')
        const delay = conf[key]
        if (delay === undefined || delay === null) report(confPath, 'pollDelay is required')
        else if (nanos(delay) === 0) report(`${confPath}.${key}`, 'pollDelay must be non zero')
      }
    }
  }
}
