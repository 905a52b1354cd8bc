// Semantic rules beyond the schema: what istiod's validating webhook (and the CRDs' CEL rules) reject.
// They run only on objects that passed the schema, so field types can be trusted.
import {isIP} from 'node:net'
import {
  HEADER_NAME,
  checkDuration,
  checkFqdn,
  checkIpOrCidr,
  checkPort,
  checkWildcardDomain,
  isDns1123Label,
  parseDurationNs,
} from './checks.js'
import type {PolicyTargetReference} from './common.js'
import type {IstioOperatorSpec} from './install.js'
import {ISTIO_PROTOCOLS} from './kubernetes.js'
import {unreachableRules} from './reachability.js'
import type {Json} from '../manifest/goyaml.js'
import {hubProblem, revisionProblem, tagProblem} from '../manifest/validate.js'
import {checkValues} from '../manifest/values-schema.js'
import {VALUES_SCHEMA} from '../manifest/values-schema.gen.js'
import type {
  ClientTLSSettings,
  DestinationRuleSpec,
  EnvoyFilterSpec,
  GatewaySpec,
  HTTPRoute,
  ServerTLSSettings,
  ServiceEntrySpec,
  SidecarSpec,
  TrafficPolicy,
  VirtualServiceSpec,
  WorkloadEntrySpec,
  WorkloadGroupSpec,
} from './networking.js'
import type {AuthorizationPolicySpec, PeerAuthenticationSpec, RequestAuthenticationSpec} from './security.js'
import type {TelemetrySpec} from './telemetry.js'
import type {TrafficExtensionSpec, WasmPluginSpec} from './extensions.js'
import type {FieldError, ValidationResult} from './validate.js'

type Path = ReadonlyArray<string | number>
interface Ctx {
  namespace: string
  labels: Record<string, string>
  errors: FieldError[]
  warnings: FieldError[]
}

const error = (c: Ctx, path: Path, message: string | undefined) =>
  message && c.errors.push({path: [...path], message})
const warn = (c: Ctx, path: Path, message: string) => c.warnings.push({path: [...path], message})
const SPEC = ['spec'] as const
const GRPC_STATUSES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
]

/** At most one of the fields may be set. */
function atMostOne(c: Ctx, path: Path, o: object, fields: string[]) {
  const set = fields.filter((f) => f in o)
  if (set.length > 1) error(c, path, `only one of ${fields.join(', ')} may be set (found ${set.join(', ')})`)
}

/** Warns about duplicate values in a list; returns nothing. */
function duplicates<T>(c: Ctx, path: Path, items: T[], key: (t: T) => unknown, what: string, asError = true) {
  const seen = new Set<unknown>()
  items.forEach((item, i) => {
    const k = key(item)
    if (k === undefined || k === '') return
    if (seen.has(k)) (asError ? error : warn)(c, [...path, i], `duplicate ${what}: ${String(k)}`)
    seen.add(k)
  })
}

function exportTo(c: Ctx, path: Path, values: string[] | undefined) {
  if (!values) return
  values.forEach((v, i) => {
    if (v !== '.' && v !== '*' && v !== '~' && !isDns1123Label(v))
      error(c, [...path, i], `invalid exportTo value "${v}": must be ".", "*", "~" or a namespace name`)
  })
  duplicates(c, path, values, (v) => (v === c.namespace ? '.' : v), 'entry in exportTo')
  if (values.includes('*') && values.length > 1)
    error(c, path, 'cannot have both public (*) and non-public exportTo values for a resource')
  if (values.includes('~') && values.length > 1) error(c, path, 'cannot export to no one (~) and someone')
}

/** Header names a match can use: HTTP tokens, pseudo-headers and `@request.auth.claims.*`. */
function headerMatchName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty'
  if (
    name.startsWith('@request.auth.claims.') ||
    [':method', ':scheme', ':authority', ':path', ':status'].includes(name)
  )
    return undefined
  return HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`
}

function headerOperations(c: Ctx, path: Path, h: HTTPRoute['headers']) {
  for (const side of ['request', 'response'] as const) {
    const ops = h?.[side]
    if (!ops) continue
    for (const op of ['set', 'add'] as const)
      for (const name of Object.keys(ops[op] ?? {})) {
        const p = [...path, side, op, name]
        if (name === '') error(c, p, 'header name cannot be empty')
        else if (name.startsWith(':') && !(side === 'request' && name === ':authority'))
          error(c, p, `invalid header "${name}": header cannot have ":" prefix`)
        else if (side === 'response' && name.toLowerCase() === 'host')
          error(c, p, `invalid header "${name}": cannot set Host header`)
      }
    ;(ops.remove ?? []).forEach((name, i) => {
      if (name === '' || name.startsWith(':') || name.toLowerCase() === 'host')
        error(c, [...path, side, 'remove', i], `invalid header "${name}": cannot remove it`)
    })
  }
}

function weights(c: Ctx, path: Path, routes: Array<{weight?: number}> | undefined) {
  if (!routes?.length) return
  let total = 0
  routes.forEach((r, i) => {
    if ((r.weight ?? 0) < 0) error(c, [...path, i, 'weight'], `weight ${r.weight} < 0`)
    total += r.weight ?? 0
  })
  if (routes.length > 1 && total === 0) error(c, path, 'total destination weight = 0')
  else if (routes.length > 1 && total !== 100)
    warn(c, path, `destination weights add up to ${total}, not 100 (traffic is split in proportion)`)
}

function destinationHost(c: Ctx, path: Path, host: string) {
  error(c, [...path, 'host'], checkWildcardDomain(host))
}

function percentage(c: Ctx, path: Path, p: {value?: number} | undefined) {
  if (p?.value !== undefined && (p.value < 0 || p.value > 100))
    error(c, [...path, 'value'], `percentage ${p.value} is not in range 0..100`)
}

// ---- networking

/** Whether two hosts overlap: equal, or one is a wildcard (`*.a.com`, `*`) that covers the other. */
function hostsOverlap(a: string, b: string): boolean {
  const covers = (w: string, h: string) => w === '*' || (w.startsWith('*') && h.endsWith(w.slice(1)))
  return a === b || covers(a, b) || covers(b, a)
}

function virtualService(spec: VirtualServiceSpec, c: Ctx) {
  const gateways = spec.gateways ?? []
  const boundToMesh = gateways.length === 0 || gateways.includes('mesh')
  const isDelegate = !spec.hosts?.length
  if (isDelegate) {
    // a VirtualService without hosts is a delegate: only HTTP routes, attached by its parent
    if (gateways.length)
      error(c, [...SPEC, 'gateways'], 'delegate virtual service must have no gateways specified')
    if (spec.tls?.length)
      error(c, [...SPEC, 'tls'], 'delegate virtual service must have no tls route specified')
    if (spec.tcp?.length)
      error(c, [...SPEC, 'tcp'], 'delegate virtual service must have no tcp route specified')
  }
  let hostsValid = true
  ;(spec.hosts ?? []).forEach((h, i) => {
    const p = [...SPEC, 'hosts', i]
    const bad = checkWildcardDomain(h)
    if (bad && checkIpOrCidr(h)) error(c, p, bad)
    else if (!bad && h === '*' && boundToMesh)
      error(c, p, 'wildcard host * is not allowed for virtual services bound to the mesh gateway')
    else return
    hostsValid = false
  })
  const hosts = spec.hosts ?? []
  if (hostsValid)
    hosts.forEach((a, i) =>
      hosts.slice(i + 1).forEach((b, k) => {
        if (hostsOverlap(a, b))
          error(c, [...SPEC, 'hosts', i + 1 + k], `duplicate hosts in virtual service: ${a} & ${b}`)
      }),
    )
  gateways.forEach((g, i) => {
    const p = [...SPEC, 'gateways', i]
    if (!g.includes('/')) {
      if (g.includes('.') && g !== 'mesh') {
        const [name, ns] = g.split('.')
        warn(
          c,
          p,
          `using legacy gatewayName format "${g}"; prefer the <namespace>/<name> format: "${ns}/${name}"`,
        )
      }
      return error(c, p, checkFqdn(g))
    }
    const [ns, name] = [g.slice(0, g.indexOf('/')), g.slice(g.indexOf('/') + 1)]
    if (!ns || !name) error(c, p, 'config namespace and gateway name cannot be empty')
    if (!isDns1123Label(ns)) error(c, p, `invalid value for namespace: "${ns}"`)
    if (!isDns1123Label(name)) error(c, p, `invalid value for gateway name: "${name}"`)
  })
  // JWT claim routing needs a gateway: sidecars do not authenticate requests before routing
  if (boundToMesh)
    (spec.http ?? []).forEach((r, i) =>
      (r.match ?? []).forEach((m, j) => {
        for (const field of ['headers', 'withoutHeaders'] as const)
          for (const key of Object.keys(m[field] ?? {}))
            if (key.startsWith('@request.auth.claims'))
              error(
                c,
                [...SPEC, 'http', i, 'match', j, field, key],
                `JWT claim based routing (key: ${key}) is only supported for gateway`,
              )
      }),
    )
  exportTo(c, [...SPEC, 'exportTo'], spec.exportTo)
  if (!spec.http?.length && !spec.tcp?.length && !spec.tls?.length)
    error(c, SPEC, 'http, tcp or tls must be provided in virtual service')

  ;(spec.http ?? []).forEach((route, i) => httpRoute(c, [...SPEC, 'http', i], route, isDelegate))
  unreachableRules(spec, (path, message) => warn(c, path, message))
  ;(spec.tcp ?? []).forEach((route, i) => {
    weights(c, [...SPEC, 'tcp', i, 'route'], route.route)
    ;(route.route ?? []).forEach((d, j) =>
      destinationHost(c, [...SPEC, 'tcp', i, 'route', j, 'destination'], d.destination.host),
    )
    ;(route.match ?? []).forEach((m, j) =>
      subnets(c, [...SPEC, 'tcp', i, 'match', j, 'destinationSubnets'], m.destinationSubnets),
    )
  })
  ;(spec.tls ?? []).forEach((route, i) => {
    weights(c, [...SPEC, 'tls', i, 'route'], route.route)
    route.match.forEach((m, j) => {
      m.sniHosts.forEach((h, k) =>
        error(c, [...SPEC, 'tls', i, 'match', j, 'sniHosts', k], checkWildcardDomain(h)),
      )
      subnets(c, [...SPEC, 'tls', i, 'match', j, 'destinationSubnets'], m.destinationSubnets)
    })
  })
}

function subnets(c: Ctx, path: Path, values: string[] | undefined) {
  ;(values ?? []).forEach((s, i) => error(c, [...path, i], checkIpOrCidr(s)))
}

function httpRoute(c: Ctx, p: Path, r: HTTPRoute, inDelegate: boolean) {
  const has = (k: keyof HTTPRoute) => r[k] !== undefined
  if (!has('route') && !has('redirect') && !has('directResponse') && !has('delegate'))
    error(c, p, 'HTTP route, redirect or direct_response is required')
  if (has('route') && has('redirect')) error(c, p, 'HTTP route cannot contain both route and redirect')
  if (has('route') && has('directResponse'))
    error(c, p, 'HTTP route cannot contain both route and directResponse')
  if (has('redirect') && has('directResponse'))
    error(c, p, 'HTTP route cannot contain both redirect and directResponse')
  if (has('delegate')) {
    if (inDelegate) error(c, [...p, 'delegate'], 'delegate virtual service must not have delegate')
    if (has('route') || has('redirect'))
      error(c, [...p, 'delegate'], 'HTTP route with delegate must not have route or redirect')
    if (!r.delegate?.name) error(c, [...p, 'delegate', 'name'], 'delegate name is required')
  }
  if (r.rewrite?.uri !== undefined && r.rewrite.uriRegexRewrite)
    error(c, [...p, 'rewrite'], 'rewrite may only contain one of uri or uriRegexRewrite')
  const rr = r.rewrite?.uriRegexRewrite
  if (rr && (!rr.match || !rr.rewrite))
    error(c, [...p, 'rewrite', 'uriRegexRewrite'], 'match and rewrite must both be set')
  if (r.directResponse && (r.directResponse.status < 200 || r.directResponse.status > 599))
    error(
      c,
      [...p, 'directResponse', 'status'],
      `status ${r.directResponse.status} must be in range 200..599`,
    )
  if (
    r.redirect?.redirectCode !== undefined &&
    (r.redirect.redirectCode < 300 || r.redirect.redirectCode > 399)
  )
    error(
      c,
      [...p, 'redirect', 'redirectCode'],
      `redirect code ${r.redirect.redirectCode} must be in range 300..399`,
    )
  if (r.retries?.attempts !== undefined && r.retries.attempts < 0)
    error(c, [...p, 'retries', 'attempts'], 'attempts cannot be negative')
  const abort = r.fault?.abort
  if (abort?.httpStatus !== undefined && (abort.httpStatus < 200 || abort.httpStatus > 599))
    error(
      c,
      [...p, 'fault', 'abort', 'httpStatus'],
      `HTTP status ${abort.httpStatus} is not in range 200..599`,
    )
  if (r.fault?.delay?.exponentialDelay)
    error(c, [...p, 'fault', 'delay', 'exponentialDelay'], 'exponentialDelay not supported yet')
  if (abort?.http2Error !== undefined)
    error(c, [...p, 'fault', 'abort', 'http2Error'], 'HTTP/2 abort fault injection not supported yet')
  if (abort?.grpcStatus !== undefined && !GRPC_STATUSES.includes(abort.grpcStatus))
    error(
      c,
      [...p, 'fault', 'abort', 'grpcStatus'],
      `gRPC status "${abort.grpcStatus}" is not supported, use a code name such as NOT_FOUND`,
    )
  if (abort && !('httpStatus' in abort || 'grpcStatus' in abort || 'http2Error' in abort))
    warn(c, [...p, 'fault', 'abort'], 'abort configured, but error type not set')
  percentage(c, [...p, 'fault', 'abort', 'percentage'], abort?.percentage)
  percentage(c, [...p, 'fault', 'delay', 'percentage'], r.fault?.delay?.percentage)
  percentage(c, [...p, 'mirrorPercentage'], r.mirrorPercentage)
  for (const key of ['mirrorPercent', 'mirror_percent'] as const)
    if ((r[key] ?? 0) > 100)
      error(c, [...p, key], `mirror_percent must have a max value of 100 (it has ${r[key]})`)
  if (r.mirror && r.mirrors) error(c, p, 'only one of mirror or mirrors can be set')
  ;(r.mirrors ?? []).forEach((m, i) => percentage(c, [...p, 'mirrors', i, 'percentage'], m.percentage))
  ;(r.corsPolicy?.allowHeaders ?? []).forEach((h, i) => {
    if (h !== '*' && !HEADER_NAME.test(h))
      error(c, [...p, 'corsPolicy', 'allowHeaders', i], `header name ${h} is not a valid header name`)
  })
  ;(r.match ?? []).forEach((m, i) => {
    for (const field of ['headers', 'withoutHeaders'] as const)
      for (const name of Object.keys(m[field] ?? {}))
        error(c, [...p, 'match', i, field, name], headerMatchName(name))
    if (m.sourceNamespace !== undefined && !isDns1123Label(m.sourceNamespace))
      error(c, [...p, 'match', i, 'sourceNamespace'], `sourceNamespace match ${m.sourceNamespace} is invalid`)
    if (m.port !== undefined) error(c, [...p, 'match', i, 'port'], checkPort(m.port))
  })
  headerOperations(c, [...p, 'headers'], r.headers)
  weights(c, [...p, 'route'], r.route)
  ;(r.route ?? []).forEach((d, i) => {
    destinationHost(c, [...p, 'route', i, 'destination'], d.destination.host)
    headerOperations(c, [...p, 'route', i, 'headers'], d.headers)
  })
}

function clientTls(c: Ctx, p: Path, tls: ClientTLSSettings | undefined) {
  if (!tls) return
  const certs = ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl'] as const
  if ((tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') && tls.credentialName) {
    if (certs.some((f) => tls[f]))
      error(c, p, 'cannot specify client certificates or CA certificate or CA CRL if credentialName is set')
    return
  }
  if (tls.mode === 'MUTUAL') {
    if (!tls.clientCertificate)
      error(c, [...p, 'clientCertificate'], 'client certificate required for mutual tls')
    if (!tls.privateKey) error(c, [...p, 'privateKey'], 'private key required for mutual tls')
  }
  if (tls.insecureSkipVerify && tls.mode === 'SIMPLE' && (tls.caCertificates || tls.subjectAltNames))
    error(c, p, 'cannot specify caCertificates or subjectAltNames when insecureSkipVerify is set true')
}

type PortPolicy = NonNullable<TrafficPolicy['portLevelSettings']>[number]

/** The parts a TrafficPolicy shares with its port-level settings. */
function policyParts(c: Ctx, p: Path, tp: TrafficPolicy | PortPolicy) {
  outlierDetection(c, [...p, 'outlierDetection'], tp.outlierDetection)
  connectionPool(c, [...p, 'connectionPool'], tp.connectionPool)
  loadBalancer(c, [...p, 'loadBalancer'], tp.loadBalancer)
  clientTls(c, [...p, 'tls'], tp.tls)
}

function trafficPolicy(c: Ctx, p: Path, tp: TrafficPolicy | undefined) {
  if (!tp) return
  if (Object.keys(tp).length === 0) error(c, p, 'traffic policy must have at least one field')
  if (tp.tunnel && tp.proxyProtocol) error(c, p, 'tunnel and proxyProtocol must not be set together')
  if (tp.tunnel) {
    const t = tp.tunnel
    if (t.protocol && t.protocol !== 'CONNECT' && t.protocol !== 'POST')
      error(c, [...p, 'tunnel', 'protocol'], 'tunnel protocol must be "CONNECT" or "POST"')
    if (checkFqdn(t.targetHost) && checkIpOrCidr(t.targetHost))
      error(
        c,
        [...p, 'tunnel', 'targetHost'],
        `tunnel target host must be valid FQDN or IP address: ${t.targetHost}`,
      )
    error(c, [...p, 'tunnel', 'targetPort'], checkPort(t.targetPort))
  }
  policyParts(c, p, tp)
  ;(tp.portLevelSettings ?? []).forEach((pls, i) => {
    const pp = [...p, 'portLevelSettings', i]
    if (!pls.port) error(c, [...pp, 'port'], 'portTrafficPolicy must have valid port')
    else error(c, [...pp, 'port', 'number'], checkPort(pls.port.number ?? 0))
    if (!pls.outlierDetection && !pls.connectionPool && !pls.loadBalancer && !pls.tls)
      error(c, pp, 'port traffic policy must have at least one field')
    else policyParts(c, pp, pls)
  })
}

function outlierDetection(c: Ctx, p: Path, od: TrafficPolicy['outlierDetection']) {
  if (!od) return
  if (!od.splitExternalLocalOriginErrors && (od.consecutiveLocalOriginFailures ?? 0) > 0)
    error(
      c,
      [...p, 'consecutiveLocalOriginFailures'],
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false',
    )
  for (const f of ['maxEjectionPercent', 'minHealthPercent'] as const)
    if (od[f] !== undefined && (od[f]! < 0 || od[f]! > 100))
      error(c, [...p, f], `percentage ${od[f]} is not in range 0..100`)
}

function connectionPool(c: Ctx, p: Path, cp: TrafficPolicy['connectionPool']) {
  if (!cp) return
  if (!cp.http && !cp.tcp) return error(c, p, 'connection pool must have at least one field')
  const nonNegative = (group: 'http' | 'tcp', fields: string[]) => {
    const o = (cp[group] ?? {}) as Record<string, unknown>
    for (const f of fields)
      if (typeof o[f] === 'number' && (o[f] as number) < 0)
        error(c, [...p, group, f], `${f} must be non-negative`)
  }
  nonNegative('http', [
    'http1MaxPendingRequests',
    'http2MaxRequests',
    'maxRequestsPerConnection',
    'maxRetries',
    'maxConcurrentStreams',
  ])
  nonNegative('tcp', ['maxConnections'])
  if (cp.http?.useClientProtocol && cp.http.h2UpgradePolicy === 'UPGRADE')
    error(c, [...p, 'http'], 'use client protocol must not be true when H2UpgradePolicy is UPGRADE')
  // a tcp idle timeout of 0 turns the timeout off; any other value is an ordinary duration
  const idle = cp.tcp?.idleTimeout
  if (idle !== undefined && parseDurationNs(idle) !== 0)
    error(c, [...p, 'tcp', 'idleTimeout'], checkDuration(idle))
}

function loadBalancer(c: Ctx, p: Path, lb: TrafficPolicy['loadBalancer']) {
  if (!lb) return
  if (lb.simple === 'LEAST_CONN') warn(c, [...p, 'simple'], 'LEAST_CONN is deprecated, use LEAST_REQUEST')
  const ch = lb.consistentHash
  if (ch) {
    const cookie = ch.httpCookie
    if (cookie)
      duplicates(
        c,
        [...p, 'consistentHash', 'httpCookie', 'attributes'],
        cookie.attributes ?? [],
        (a) => a.name,
        'cookie attribute name',
      )
    if (ch.minimumRingSize && (ch.ringHash || ch.maglev))
      error(c, [...p, 'consistentHash'], 'only one of MinimumRingSize or Maglev/Ringhash can be specified')
    if (ch.maglev) {
      const n = ch.maglev.tableSize ?? 0
      const at = [...p, 'consistentHash', 'maglev', 'tableSize']
      if (!n) error(c, at, 'tableSize must be set for maglev')
      if (n >= 5000011) error(c, at, 'tableSize must be less than 5000011 for maglev')
      if (!isPrime(n)) error(c, at, 'tableSize must be a prime number for maglev')
    }
  }
  const locality = lb.localityLbSetting
  if (locality) {
    const lp = [...p, 'localityLbSetting']
    if (locality.distribute && locality.failover)
      error(c, lp, 'can not simultaneously set distribute and failover')
    ;(locality.distribute ?? []).forEach((d, i) => {
      const total = Object.values(d.to ?? {}).reduce((a, b) => a + b, 0)
      if (total !== 100) error(c, [...lp, 'distribute', i, 'to'], `total weight ${total} != 100`)
    })
  }
  if (lb.warmup?.aggression !== undefined && lb.warmup.aggression !== null && lb.warmup.aggression < 1)
    error(c, [...p, 'warmup', 'aggression'], 'aggression should be greater than or equal to 1')
}

/** Envoy's primality test for maglev table sizes (1, 2 and 3 count as prime). */
function isPrime(n: number): boolean {
  if (n !== 0 && n < 4) return true
  if (n % 2 === 0) return false
  for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return false
  return true
}

function destinationRule(spec: DestinationRuleSpec, c: Ctx) {
  error(c, [...SPEC, 'host'], checkWildcardDomain(spec.host))
  exportTo(c, [...SPEC, 'exportTo'], spec.exportTo)
  if (spec.workloadSelector && spec.exportTo && spec.exportTo.some((e) => e !== '.' && e !== c.namespace))
    error(
      c,
      [...SPEC, 'exportTo'],
      'destination rule with workload selector cannot have exportTo beyond current namespace',
    )
  trafficPolicy(c, [...SPEC, 'trafficPolicy'], spec.trafficPolicy)
  const subsets = spec.subsets ?? []
  duplicates(c, [...SPEC, 'subsets'], subsets, (s) => s.name, 'subset name')
  subsets.forEach((s, i) => {
    if (!isDns1123Label(s.name))
      error(c, [...SPEC, 'subsets', i, 'name'], `subset name "${s.name}" must be a DNS-1123 label`)
    trafficPolicy(c, [...SPEC, 'subsets', i, 'trafficPolicy'], s.trafficPolicy)
  })
}

function namespaceSlashHost(c: Ctx, p: Path, host: string, gateway: boolean) {
  const parts = host.split('/')
  let dns = host
  if (parts.length === 2) {
    const [ns, name] = parts
    if (!ns || !name) return error(c, p, 'config namespace and dnsName in host entry cannot be empty')
    if (ns !== '*' && ns !== '.' && !(ns === '~' && !gateway) && !isDns1123Label(ns))
      error(c, p, `invalid namespace value "${ns}" in ${gateway ? 'gateway' : 'sidecar'}`)
    dns = name
  } else if (!gateway) return error(c, p, 'host must be of form namespace/dnsName')
  if (dns !== '*' && !dns.includes('.')) error(c, p, 'short names (non FQDN) are not allowed')
  const bad = checkWildcardDomain(dns)
  if (bad && !(gateway && !checkIpOrCidr(dns))) error(c, p, bad)
  if (dns.includes('*') && dns.length !== 1 && !dns.startsWith('*.'))
    error(c, p, `partial wildcard "${dns}" not allowed`)
}

function serverTls(c: Ctx, p: Path, tls: ServerTLSSettings) {
  const mode = tls.mode ?? 'PASSTHROUGH'
  if (
    (tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') &&
    !tls.cipherSuites?.length
  )
    warn(
      c,
      [...p, 'cipherSuites'],
      'TLS versions below TLSV1_2 need compatible cipherSuites: the defaults no longer include them',
    )
  const certFields = [
    'serverCertificate',
    'privateKey',
    'caCertificates',
    'tlsCertificates',
    'credentialName',
    'credentialNames',
  ] as const
  if (mode === 'ISTIO_MUTUAL') {
    for (const f of certFields)
      if (tls[f]) error(c, [...p, f], `ISTIO_MUTUAL TLS cannot have associated ${f}`)
    return
  }
  if (
    (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') &&
    (tls.caCrl || certFields.some((f) => tls[f]))
  )
    warn(c, p, `${mode} mode does not use certificates, they will be ignored`)
  const sources = [
    tls.serverCertificate && tls.privateKey && 'serverCertificate/privateKey',
    tls.credentialName && 'credentialName',
    tls.credentialNames?.length && 'credentialNames',
    tls.tlsCertificates?.length && 'tlsCertificates',
  ].filter(Boolean)
  if (sources.length > 1)
    error(
      c,
      p,
      `only one of credentialName, credentialNames, serverCertificate/privateKey, tlsCertificates may be set (found ${sources.join(', ')})`,
    )
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL'
  // With a credential name, certificates come from the cluster: nothing else is needed.
  if (terminating && !(tls.credentialName || tls.credentialNames?.length)) {
    const label = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS'
    if (mode !== 'SIMPLE' && !tls.caCertificates)
      error(c, [...p, 'caCertificates'], `${label} requires a client CA bundle`)
    const pairs = tls.tlsCertificates?.length
      ? tls.tlsCertificates.map((t, i) => ({t, at: [...p, 'tlsCertificates', i]}))
      : [{t: tls, at: p}]
    for (const {t, at} of pairs) {
      if (!t.serverCertificate)
        error(c, [...at, 'serverCertificate'], `${label} requires a server certificate`)
      if (!t.privateKey) error(c, [...at, 'privateKey'], `${label} requires a private key`)
    }
  }
  if (tls.caCrl && tls.credentialName)
    error(
      c,
      [...p, 'caCrl'],
      'CRL is not supported with credentialName. CRL has to be specified in the credential',
    )
  if (tls.caCrl && mode === 'SIMPLE') error(c, [...p, 'caCrl'], 'CRL is not supported with SIMPLE TLS')
}

function gateway(spec: GatewaySpec, c: Ctx) {
  const servers = spec.servers ?? []
  if (servers.length === 0) error(c, [...SPEC, 'servers'], 'gateway must have at least one server')
  const names = new Set<string>()
  servers.forEach((s, i) => {
    const p = [...SPEC, 'servers', i]
    if (s.hosts.length === 0) error(c, [...p, 'hosts'], 'server config must contain at least one host')
    s.hosts.forEach((h, j) => namespaceSlashHost(c, [...p, 'hosts', j], h, true))
    const proto = s.port.protocol.toUpperCase()
    if (!(ISTIO_PROTOCOLS as readonly string[]).includes(proto.toLowerCase()))
      error(
        c,
        [...p, 'port', 'protocol'],
        `invalid protocol "${s.port.protocol}", supported protocols are ${ISTIO_PROTOCOLS.map((x) => x.toUpperCase()).join(', ')}`,
      )
    const unixBind = s.bind?.startsWith('unix://')
    if (s.port.number > 0 || !unixBind) error(c, [...p, 'port', 'number'], checkPort(s.port.number))
    if (unixBind && s.port.number !== 0)
      error(c, [...p, 'port', 'number'], 'port number must be 0 for unix domain socket')
    if (s.bind && !unixBind && !isIP(s.bind)) error(c, [...p, 'bind'], `${s.bind} is not a valid IP`)
    if (s.port.targetPort) error(c, [...p, 'port', 'targetPort'], 'targetPort has no impact on Gateways')
    if (s.port.name && names.has(s.port.name))
      error(c, [...p, 'port', 'name'], `port names in servers must be unique: duplicate name ${s.port.name}`)
    names.add(s.port.name)
    const secure = proto === 'HTTPS' || proto === 'TLS'
    const http = ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'].includes(proto)
    const tls = s.tls
    if (secure && !tls) error(c, p, 'server must have TLS settings for HTTPS/TLS protocols')
    else if (!secure && tls) {
      const passthrough = !tls.mode || tls.mode === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH'
      if (!http) error(c, [...p, 'tls'], 'server cannot have TLS settings for non HTTPS/TLS ports')
      else if (!passthrough || tls.caCertificates || tls.privateKey || tls.serverCertificate)
        error(c, [...p, 'tls'], 'server cannot have TLS settings for plain text HTTP ports')
    }
    if (!http && tls?.httpsRedirect)
      warn(c, [...p, 'tls', 'httpsRedirect'], 'tls.httpsRedirect should only be used with http servers')
    if (tls) serverTls(c, [...p, 'tls'], tls)
  })
  labelsSelector(c, [...SPEC, 'selector'], spec.selector)
}

function labelsSelector(c: Ctx, p: Path, labels: Record<string, string> | undefined) {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === '') error(c, p, `empty key is not supported in selector: "=${v}"`)
    else if (k.includes('*') || v.includes('*'))
      error(c, [...p, k], `wildcard is not supported in selector: "${k}=${v}"`)
  }
}

function workloadEntry(c: Ctx, p: Path, we: WorkloadEntrySpec, requireAddress: boolean) {
  if (requireAddress && !we.address && !we.network)
    error(c, p, 'address is required (or network for a workload behind a gateway)')
  else if (requireAddress && !we.address) warn(c, p, `address is unset with network "${we.network}"`)
  if (we.address?.startsWith('unix://') && we.ports)
    error(c, [...p, 'ports'], 'unix endpoints must not have ports')
  if (we.address && !we.address.startsWith('unix://') && checkIpOrCidr(we.address) && checkFqdn(we.address))
    error(c, [...p, 'address'], `endpoint address "${we.address}" is not a valid IP address or host name`)
  labelsSelector(c, [...p, 'labels'], we.labels)
}

function serviceEntry(spec: ServiceEntrySpec, c: Ctx) {
  spec.hosts.forEach((h, i) => {
    if (!checkIpOrCidr(h))
      error(c, [...SPEC, 'hosts', i], `host "${h}" must be a domain name, not an IP address`)
    else error(c, [...SPEC, 'hosts', i], checkWildcardDomain(h))
  })
  ;(spec.addresses ?? []).forEach((a, i) => error(c, [...SPEC, 'addresses', i], checkIpOrCidr(a)))
  exportTo(c, [...SPEC, 'exportTo'], spec.exportTo)
  atMostOne(c, SPEC, spec, ['workloadSelector', 'endpoints'])
  const resolution = spec.resolution ?? 'NONE'
  if (resolution === 'NONE' && spec.endpoints)
    error(c, [...SPEC, 'endpoints'], 'no endpoints may be given for resolution NONE')
  if (resolution === 'DNS_ROUND_ROBIN' && (spec.endpoints?.length ?? 0) > 1)
    error(c, [...SPEC, 'endpoints'], 'there must be at most one endpoint for resolution DNS_ROUND_ROBIN')
  if ((spec.addresses ?? []).some((a) => a.includes('/')) && resolution !== 'NONE' && resolution !== 'STATIC')
    error(c, [...SPEC, 'addresses'], 'CIDR addresses are allowed only with resolution NONE or STATIC')
  if (resolution === 'NONE' && spec.workloadSelector)
    warn(c, [...SPEC, 'workloadSelector'], 'workloadSelector should not be set when resolution mode is NONE')
  if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && !spec.endpoints) {
    const i = spec.hosts.findIndex((h) => checkFqdn(h))
    if (i >= 0)
      error(
        c,
        [...SPEC, 'hosts', i],
        `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}`,
      )
  }
  if (resolution !== 'DYNAMIC_DNS')
    spec.hosts.forEach((h, i) => {
      if (h.includes('*') && h !== '*' && !h.startsWith('*.'))
        warn(c, [...SPEC, 'hosts', i], `partial wildcard "${h}" not allowed`)
    })
  // Without addresses, TCP needs an automatically allocated IP: not done for NONE, nor when opted out.
  const optedOut = c.labels['networking.istio.io/enable-autoallocate-ip']?.toLowerCase() === 'false'
  if (!spec.addresses?.length && (resolution === 'NONE' || optedOut))
    (spec.ports ?? []).forEach((port, i) => {
      if (!port.protocol || port.protocol === 'TCP')
        warn(
          c,
          [...SPEC, 'ports', i],
          'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
        )
    })
  const ports = spec.ports ?? []
  duplicates(c, [...SPEC, 'ports'], ports, (p) => p.number, 'port number')
  duplicates(c, [...SPEC, 'ports'], ports, (p) => p.name, 'port name')
  const portNames = new Set(ports.map((p) => p.name))
  ;(spec.endpoints ?? []).forEach((ep, i) => {
    const p = [...SPEC, 'endpoints', i]
    workloadEntry(c, p, ep, true)
    if (
      resolution === 'STATIC' &&
      ep.address &&
      !ep.address.startsWith('unix://') &&
      checkIpOrCidr(ep.address) !== undefined
    )
      error(
        c,
        [...p, 'address'],
        `endpoint address "${ep.address}" must be an IP address for resolution STATIC`,
      )
    for (const name of Object.keys(ep.ports ?? {}))
      if (!portNames.has(name))
        error(c, [...p, 'ports', name], `endpoint port ${name} is not defined by the service entry`)
  })
}

const isProtocol = (p: string) => (ISTIO_PROTOCOLS as readonly string[]).includes(p.toLowerCase())

/** A Sidecar or ServiceEntry port's name and protocol. */
function portNameAndProtocol(c: Ctx, p: Path, port: {name?: string; protocol?: string}) {
  if (port.name && !isDns1123Label(port.name)) error(c, [...p, 'name'], `invalid port name: ${port.name}`)
  if (port.protocol && !isProtocol(port.protocol))
    error(c, [...p, 'protocol'], `unsupported protocol: ${port.protocol}`)
}

const LOOPBACK_OR_ANY = ['127.0.0.1', '0.0.0.0', '::1', '::']

function sidecarIngress(c: Ctx, p: Path, l: NonNullable<SidecarSpec['ingress']>[number]) {
  const port = l.port
  if (port.targetPort) error(c, [...p, 'port', 'targetPort'], 'targetPort has no impact on Sidecars')
  portNameAndProtocol(c, [...p, 'port'], port)
  error(c, [...p, 'port', 'number'], checkPort(port.number ?? 0))
  if (l.bind && !isIP(l.bind)) error(c, [...p, 'bind'], `${l.bind} is not a valid IP`)
  const ep = l.defaultEndpoint
  if (ep && !ep.startsWith('unix://')) {
    const m = /^(?:\[([^\]]*)\]|([^:]*)):([^:]*)$/.exec(ep)
    const host = m?.[1] ?? m?.[2]
    if (!m) error(c, [...p, 'defaultEndpoint'], `address ${ep}: missing port in address`)
    else if (host && !LOOPBACK_OR_ANY.includes(host))
      error(
        c,
        [...p, 'defaultEndpoint'],
        'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset',
      )
    else if (!/^\d+$/.test(m[3]))
      error(c, [...p, 'defaultEndpoint'], `sidecar: defaultEndpoint port (${m[3]}) is not a number`)
    else error(c, [...p, 'defaultEndpoint'], checkPort(Number(m[3])))
  }
  if (l.tls) {
    for (const f of [
      'subjectAltNames',
      'httpsRedirect',
      'credentialName',
      'credentialNames',
      'tlsCertificates',
    ] as const)
      if (l.tls[f]) error(c, [...p, 'tls', f], `sidecar: ${f} is not supported in ingress tls`)
    if (l.tls.mode === 'ISTIO_MUTUAL' || l.tls.mode === 'AUTO_PASSTHROUGH')
      error(
        c,
        [...p, 'tls', 'mode'],
        `configuration is invalid: cannot set mode to ${l.tls.mode} in sidecar ingress tls`,
      )
    const proto = (port.protocol ?? '').toUpperCase()
    if (proto !== 'HTTPS' && proto !== 'TLS')
      error(c, [...p, 'tls'], 'server cannot have TLS settings for non HTTPS/TLS ports')
    serverTls(c, [...p, 'tls'], l.tls)
  }
  connectionPool(c, [...p, 'connectionPool'], l.connectionPool)
  if (
    l.connectionPool?.http &&
    !['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'].includes((port.protocol ?? '').toUpperCase())
  )
    warn(
      c,
      [...p, 'connectionPool', 'http'],
      `sidecar: HTTP connection pool settings are configured for port ${port.number} but its protocol is not HTTP (${port.protocol ?? ''}); only TCP settings will apply`,
    )
}

function sidecarEgressHosts(c: Ctx, p: Path, hosts: string[]) {
  if (hosts.length === 0) return error(c, p, 'sidecar: egress listener must contain at least one host')
  const seen = new Map<string, Set<string>>() // namespace -> hosts selected in it
  hosts.forEach((h, j) => {
    namespaceSlashHost(c, [...p, j], h, false)
    const slash = h.indexOf('/')
    if (slash < 0) return
    const ns = h.slice(0, slash) === '.' ? c.namespace : h.slice(0, slash)
    const svc = h.slice(slash + 1)
    const inNs = seen.get(ns) ?? new Set<string>()
    if (svc === '*' ? inNs.size > 0 : inNs.has(svc) || inNs.has('*'))
      warn(c, [...p, j], `duplicated egress host: ${h}`)
    inNs.add(svc)
    seen.set(ns, inNs)
  })
  if (seen.get('*')?.has('*') && seen.size !== 1)
    warn(c, p, '`*/*` host select all resources, no other hosts can be added')
}

function sidecar(spec: SidecarSpec, c: Ctx) {
  if (
    !spec.egress?.length &&
    !spec.ingress?.length &&
    !spec.outboundTrafficPolicy &&
    !spec.inboundConnectionPool
  )
    return error(c, SPEC, 'sidecar: empty configuration provided')
  if (spec.workloadSelector && !Object.keys(spec.workloadSelector.labels ?? {}).length)
    warn(
      c,
      [...SPEC, 'workloadSelector'],
      'workload selector without labels: the sidecar applies to all workloads in the namespace',
    )
  labelsSelector(c, [...SPEC, 'workloadSelector', 'labels'], spec.workloadSelector?.labels)
  duplicates(
    c,
    [...SPEC, 'ingress'],
    spec.ingress ?? [],
    (l) => l.port.number,
    'ingress port (ports on IP bound listeners must be unique)',
  )
  ;(spec.ingress ?? []).forEach((l, i) => sidecarIngress(c, [...SPEC, 'ingress', i], l))
  connectionPool(c, [...SPEC, 'inboundConnectionPool'], spec.inboundConnectionPool)

  const egress = spec.egress ?? []
  let catchAll = false
  egress.forEach((l, i) => {
    const p = [...SPEC, 'egress', i]
    if (!l.port) {
      if (catchAll) return error(c, p, 'sidecar: egress can have only one listener with empty port')
      if (i === egress.length - 1) catchAll = true
      else error(c, p, 'sidecar: the egress listener with empty port should be the last listener in the list')
    } else {
      const port = l.port
      if (port.targetPort) error(c, [...p, 'port', 'targetPort'], 'targetPort has no impact on Sidecars')
      portNameAndProtocol(c, [...p, 'port'], port)
      if (!port.number) {
        if (!l.bind?.startsWith('unix://'))
          error(c, [...p, 'bind'], 'sidecar: ports with 0 value must have a unix domain socket bind address')
        if (l.captureMode && l.captureMode !== 'DEFAULT' && l.captureMode !== 'NONE')
          error(
            c,
            [...p, 'captureMode'],
            'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners',
          )
      } else error(c, [...p, 'port', 'number'], checkPort(port.number))
    }
    sidecarEgressHosts(c, [...p, 'hosts'], l.hosts)
  })
  // listeners on a port, or on a unix socket (port 0), must not collide; the key keeps list indexes right
  duplicates(
    c,
    [...SPEC, 'egress'],
    egress,
    (l) => (!l.port ? undefined : l.port.number ? `port ${l.port.number}` : `socket ${l.bind ?? ''}`),
    'egress listener (ports and unix sockets of listeners must be unique)',
  )

  const otp = spec.outboundTrafficPolicy
  if (otp?.egressProxy) {
    const ep = [...SPEC, 'outboundTrafficPolicy', 'egressProxy']
    if (otp.mode !== 'ALLOW_ANY')
      return error(
        c,
        ep,
        'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode',
      )
    error(c, [...ep, 'host'], checkFqdn(otp.egressProxy.host))
    if (!otp.egressProxy.port) error(c, [...ep, 'port'], 'sidecar: egress_proxy port must be non-nil')
  }
}

const ENVOY_FILTER_CLASSES: Array<
  [applyTo: string[], match: 'listener' | 'routeConfiguration' | 'cluster', what: string]
> = [
  [
    ['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER'],
    'listener',
    'listener class objects cannot have non listener match',
  ],
  [
    ['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE'],
    'routeConfiguration',
    'http route class objects cannot have non route configuration match',
  ],
  [['CLUSTER'], 'cluster', 'cluster class objects cannot have non cluster match'],
]

function envoyFilter(spec: EnvoyFilterSpec, c: Ctx) {
  warn(
    c,
    SPEC,
    'EnvoyFilter exposes internal implementation details that may change at any time: prefer other APIs, and take care on upgrades',
  )
  atMostOne(c, SPEC, spec, ['workloadSelector', 'targetRefs'])
  if (spec.workloadSelector && !Object.keys(spec.workloadSelector.labels ?? {}).length)
    warn(
      c,
      [...SPEC, 'workloadSelector'],
      'workload selector without labels: the filter applies to all workloads in the namespace',
    )
  ;(spec.configPatches ?? []).forEach((cp, i) => {
    const p = [...SPEC, 'configPatches', i]
    const match = cp.match
    if (match?.waypoint && match.context !== 'WAYPOINT')
      return error(c, [...p, 'match'], 'waypoint match requires context WAYPOINT')
    if (match?.context === 'WAYPOINT') {
      if (!match.waypoint) error(c, [...p, 'match'], 'context WAYPOINT requires a waypoint match')
      return
    }
    // istiod stops at the first problem of a patch
    if (!cp.applyTo || cp.applyTo === 'INVALID')
      return error(c, [...p, 'applyTo'], 'Envoy filter: missing applyTo')
    if (!cp.patch) return error(c, [...p, 'patch'], 'Envoy filter: missing patch')
    if (!cp.patch.operation || cp.patch.operation === 'INVALID')
      return error(c, [...p, 'patch', 'operation'], 'Envoy filter: missing patch operation')
    if (cp.patch.operation !== 'REMOVE' && !cp.patch.value)
      return error(c, [...p, 'patch', 'value'], 'Envoy filter: missing patch value for non-remove operation')
    const objectMatch =
      match && (['listener', 'routeConfiguration', 'cluster'] as const).find((k) => match[k])
    const cls = ENVOY_FILTER_CLASSES.find(([applyTo]) => applyTo.includes(cp.applyTo!))
    if (cls && objectMatch && objectMatch !== cls[1])
      return error(c, [...p, 'match'], `Envoy filter: applyTo for ${cls[2]}`)
    const filter = match?.listener?.filterChain?.filter
    if (cls?.[1] === 'listener' && filter) {
      const fp = [...p, 'match', 'listener', 'filterChain', 'filter']
      if (cp.applyTo === 'LISTENER' || cp.applyTo === 'FILTER_CHAIN')
        warn(c, fp, `Envoy filter: filter match has no effect when used with ${cp.applyTo}`)
      if (!filter.name) return error(c, [...fp, 'name'], 'Envoy filter: filter match has no name to match on')
      if (filter.subFilter) {
        if (cp.applyTo !== 'HTTP_FILTER')
          return error(
            c,
            [...fp, 'subFilter'],
            'Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only',
          )
        if (
          filter.name !== 'envoy.filters.network.http_connection_manager' &&
          filter.name !== 'envoy.http_connection_manager'
        )
          return error(
            c,
            [...fp, 'subFilter'],
            'Envoy filter: subfilter match requires filter match with envoy.filters.network.http_connection_manager',
          )
        if (!filter.subFilter.name)
          error(c, [...fp, 'subFilter', 'name'], 'Envoy filter: subfilter match has no name to match on')
      }
    }
  })
}

// ---- security, telemetry, extensions

/** What a policy's targetRef may point at, by group and kind (the version does not matter). */
const TARGET_KINDS = [
  '/Service',
  'networking.istio.io/ServiceEntry',
  'gateway.networking.k8s.io/Gateway',
  'gateway.networking.k8s.io/GatewayClass',
]

interface PolicyScope {
  selector?: {matchLabels?: Record<string, string>}
  targetRef?: PolicyTargetReference
  targetRefs?: PolicyTargetReference[]
}

/** Selector and target references of the security, telemetry and extension policies. */
function policySelector(c: Ctx, spec: PolicyScope) {
  atMostOne(c, SPEC, spec, ['selector', 'targetRef', 'targetRefs'])
  if (spec.selector && !Object.keys(spec.selector.matchLabels ?? {}).length)
    warn(c, [...SPEC, 'selector'], 'workload selector specified without labels')
  const refs: Array<[Path, PolicyTargetReference]> = [
    ...(spec.targetRef ? [[[...SPEC, 'targetRef'], spec.targetRef] as [Path, PolicyTargetReference]] : []),
    ...(spec.targetRefs ?? []).map(
      (r, i) => [[...SPEC, 'targetRefs', i], r] as [Path, PolicyTargetReference],
    ),
  ]
  for (const [p, ref] of refs)
    if (!TARGET_KINDS.includes(`${ref.group ?? ''}/${ref.kind}`))
      error(
        c,
        [...p, 'kind'],
        `targetRef must be to one of ${TARGET_KINDS.map((k) => k.replace(/^\//, 'core/')).join(', ')} but was ${ref.group ?? ''}/${ref.kind}`,
      )
}

const AUTHZ_KEYS = [
  'request.headers[',
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.serviceAccount',
  'source.principal',
  'source.trustDomain',
  'request.auth.principal',
  'request.auth.audiences',
  'request.auth.presenter',
  'request.auth.claims[',
  'destination.ip',
  'destination.port',
  'connection.sni',
  'experimental.',
]

/** `*` is a prefix, suffix or presence match only. */
function wildcardValues(c: Ctx, p: Path, values: string[] | undefined, what: string) {
  ;(values ?? []).forEach((v, i) => {
    if (v === '') error(c, [...p, i], `empty value not allowed in ${what}`)
    else if (v.length > 1 && v.slice(1, -1).includes('*'))
      warn(
        c,
        [...p, i],
        `"${v}": "*" only matches as a prefix or suffix; in the middle it is taken literally`,
      )
  })
}

function authorizationPolicy(spec: AuthorizationPolicySpec, c: Ctx) {
  policySelector(c, spec)
  const action = spec.action ?? 'ALLOW'
  if (action === 'CUSTOM') {
    if (!spec.provider?.name) error(c, [...SPEC, 'provider', 'name'], '`provider.name` must not be empty')
    if (!spec.rules)
      error(c, SPEC, 'CUSTOM action without `rules` is meaningless as it will never be triggered')
  } else if (spec.provider)
    error(c, [...SPEC, 'provider'], `\`provider\` must not be with non CUSTOM action, found ${action}`)
  if (action === 'DENY' && !spec.rules)
    error(c, SPEC, 'DENY action without `rules` is meaningless as it will never be triggered')
  ;(spec.rules ?? []).forEach((rule, i) => {
    const rp = [...SPEC, 'rules', i]
    if (rule.from?.length === 0) error(c, [...rp, 'from'], `\`from\` must not be empty, found at rule ${i}`)
    ;(rule.from ?? []).forEach((f, j) => {
      const sp = [...rp, 'from', j, 'source']
      const s = f.source
      if (!s) return error(c, sp, `\`from.source\` must not be nil, found at rule ${i}`)
      if (Object.keys(s).length === 0) error(c, sp, `\`from.source\` must not be empty, found at rule ${i}`)
      if (
        (s.serviceAccounts || s.notServiceAccounts) &&
        (s.principals || s.notPrincipals || s.namespaces || s.notNamespaces)
      )
        error(c, sp, `cannot set serviceAccounts with namespaces or principals, found at rule ${i}`)
      for (const f of [
        'principals',
        'notPrincipals',
        'requestPrincipals',
        'notRequestPrincipals',
        'namespaces',
        'notNamespaces',
      ] as const)
        wildcardValues(c, [...sp, f], s[f], f)
      for (const f of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const)
        (s[f] ?? []).forEach((ip, k) => error(c, [...sp, f, k], checkIpOrCidr(ip)))
      for (const f of ['serviceAccounts', 'notServiceAccounts'] as const)
        (s[f] ?? []).forEach((sa, k) => {
          const parts = sa.split('/')
          const what =
            sa === ''
              ? 'empty value not allowed'
              : sa.includes('*')
                ? 'wildcard not allowed'
                : parts.length > 2 || parts.some((x) => x === '')
                  ? `expected format 'serviceAccount' or 'namespace/serviceAccount', found "${sa}"`
                  : undefined
          if (what) error(c, [...sp, f, k], what)
        })
    })
    if (rule.to?.length === 0) error(c, [...rp, 'to'], `\`to\` must not be empty, found at rule ${i}`)
    ;(rule.to ?? []).forEach((t, j) => {
      const op = t.operation
      const opPath = [...rp, 'to', j, 'operation']
      if (!op) return error(c, opPath, `\`to.operation\` must not be nil, found at rule ${i}`)
      if (Object.keys(op).length === 0)
        error(c, opPath, `\`to.operation\` must not be empty, found at rule ${i}`)
      for (const f of ['ports', 'notPorts'] as const)
        (op[f] ?? []).forEach((port, k) => {
          if (!/^\d+$/.test(port) || checkPort(Number(port)))
            error(c, [...opPath, f, k], `invalid port: ${port}`)
        })
      // paths may hold templates (`/api/{*}`): only hosts and methods get the wildcard check
      for (const f of ['hosts', 'notHosts', 'methods', 'notMethods'] as const)
        wildcardValues(c, [...opPath, f], op[f], f)
    })
    ;(rule.when ?? []).forEach((w, j) => {
      const wp = [...rp, 'when', j]
      if (!w.key) error(c, [...wp, 'key'], '`key` must not be empty')
      else if (
        !AUTHZ_KEYS.some((k) => (k.endsWith('[') || k.endsWith('.') ? w.key.startsWith(k) : w.key === k))
      )
        error(c, [...wp, 'key'], `unknown attribute: ${w.key}`)
      if (!w.values && !w.notValues)
        error(c, wp, `at least one of \`values\` or \`notValues\` must be set for key ${w.key}`)
    })
  })
}

function peerAuthentication(spec: PeerAuthenticationSpec, c: Ctx) {
  if (spec.portLevelMtls && !Object.keys(spec.selector?.matchLabels ?? {}).length)
    error(c, [...SPEC, 'portLevelMtls'], 'mesh/namespace peer authentication cannot have port level mTLS')
  if (spec.selector && !Object.keys(spec.selector.matchLabels ?? {}).length)
    warn(c, [...SPEC, 'selector'], 'workload selector specified without labels')
}

function requestAuthentication(spec: RequestAuthenticationSpec, c: Ctx) {
  policySelector(c, spec)
  ;(spec.jwtRules ?? []).forEach((r, i) => {
    const p = [...SPEC, 'jwtRules', i]
    if (!r.issuer && !r.jwksUri) error(c, p, 'issuer or jwksUri must be non-empty string')
    if (r.jwks !== undefined && r.jwks !== '') {
      try {
        JSON.parse(r.jwks)
      } catch (err) {
        error(c, [...p, 'jwks'], `jwks parse error: ${(err as Error).message}`)
      }
    }
    atMostOne(c, p, r, ['jwksUri', 'jwks_uri', 'jwks'])
    ;(r.fromHeaders ?? []).forEach((h, j) =>
      error(c, [...p, 'fromHeaders', j, 'name'], headerMatchName(h.name)),
    )
  })
}

function telemetry(spec: TelemetrySpec, c: Ctx) {
  policySelector(c, spec)
  ;(spec.metrics ?? []).forEach((m, i) =>
    (m.overrides ?? []).forEach((o, j) => {
      for (const [tag, t] of Object.entries(o.tagOverrides ?? {})) {
        const p = [...SPEC, 'metrics', i, 'overrides', j, 'tagOverrides', tag]
        if ((t.operation ?? 'UPSERT') === 'UPSERT' && !t.value)
          error(c, p, 'tagOverrides.value must be set when operation is UPSERT')
        if (t.operation === 'REMOVE' && t.value !== undefined)
          error(c, p, 'tagOverrides.value must not be set when operation is REMOVE')
      }
    }),
  )
}

function wasmUrl(c: Ctx, p: Path, url: string) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase()
  if (scheme && !['http', 'https', 'oci', 'file'].includes(scheme))
    error(c, p, `url scheme "${scheme}" is not supported: use http, https, oci or file`)
}

function wasmEnv(
  c: Ctx,
  p: Path,
  env: Array<{name: string; value?: string; valueFrom?: string}> | undefined,
) {
  ;(env ?? []).forEach((e, i) => {
    if (e.valueFrom === 'HOST' && e.value !== undefined)
      error(c, [...p, i, 'value'], 'value must not be set when valueFrom is HOST')
  })
  duplicates(c, p, env ?? [], (e) => e.name, 'env name')
}

function wasmPlugin(spec: WasmPluginSpec, c: Ctx) {
  policySelector(c, spec)
  wasmUrl(c, [...SPEC, 'url'], spec.url)
  wasmEnv(c, [...SPEC, 'vmConfig', 'env'], spec.vmConfig?.env)
}

function trafficExtension(spec: TrafficExtensionSpec, c: Ctx) {
  atMostOne(c, SPEC, spec, ['selector', 'targetRefs'])
  if (!spec.wasm && !spec.lua) error(c, SPEC, 'exactly one of wasm or lua must be set')
  if (spec.wasm) {
    wasmUrl(c, [...SPEC, 'wasm', 'url'], spec.wasm.url)
    wasmEnv(c, [...SPEC, 'wasm', 'vmConfig', 'env'], spec.wasm.vmConfig?.env)
  }
}

function workloadGroup(spec: WorkloadGroupSpec, c: Ctx) {
  workloadEntry(c, [...SPEC, 'template'], spec.template, false)
  const get = spec.probe?.httpGet
  if (get?.scheme !== undefined && !['', 'HTTP', 'HTTPS'].includes(get.scheme))
    error(c, [...SPEC, 'probe', 'httpGet', 'scheme'], `scheme "${get.scheme}" must be HTTP or HTTPS`)
}

/** `values.a.b[0].c` (the installer's path notation) as a field path under spec. */
const specPath = (dotted: string): Path => [
  ...SPEC,
  ...dotted.split(/\.|(?=\[)/).map((seg) => (/^\[\d+\]$/.test(seg) ? Number(seg.slice(1, -1)) : seg)),
]

function istioOperator(spec: IstioOperatorSpec, c: Ctx) {
  // The installer's own checks (values against the values API, hub, tag, revision), shared with `manifest generate`.
  for (const p of checkValues(VALUES_SCHEMA, (spec.values ?? {}) as Json, 'values'))
    error(c, specPath(p.path), p.message)
  for (const [field, problem] of [
    ['hub', hubProblem(spec.hub ?? '')],
    ['tag', tagProblem(spec.tag)],
    ['revision', revisionProblem(spec.revision)],
  ] as const)
    error(c, [...SPEC, field], problem)
  if (spec.namespace !== undefined && spec.namespace !== '' && !isDns1123Label(spec.namespace))
    error(c, [...SPEC, 'namespace'], `invalid namespace "${spec.namespace}": must be a DNS-1123 label`)
  ;(['ingressGateways', 'egressGateways'] as const).forEach((kind) =>
    duplicates(
      c,
      [...SPEC, 'components', kind],
      spec.components?.[kind] ?? [],
      (g) => g.name,
      'gateway name',
    ),
  )
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RULES: Record<string, (spec: any, c: Ctx) => void> = {
  VirtualService: virtualService,
  DestinationRule: destinationRule,
  Gateway: gateway,
  ServiceEntry: serviceEntry,
  Sidecar: sidecar,
  WorkloadEntry: (spec: WorkloadEntrySpec, c) => workloadEntry(c, SPEC, spec, true),
  WorkloadGroup: workloadGroup,
  EnvoyFilter: envoyFilter,
  ProxyConfig: () => undefined,
  AuthorizationPolicy: authorizationPolicy,
  PeerAuthentication: peerAuthentication,
  RequestAuthentication: requestAuthentication,
  Telemetry: telemetry,
  WasmPlugin: wasmPlugin,
  TrafficExtension: trafficExtension,
  IstioOperator: istioOperator,
}

/**
 * The semantic rules of one kind, on an object that passed its schema. `namespace` is where the object
 * lives (its own, or the default), which some rules (exportTo) depend on.
 */
export function semanticRules(
  kind: string,
  obj: Record<string, unknown>,
  opts: {namespace: string},
): ValidationResult {
  const meta = (obj.metadata ?? {}) as {name?: string; namespace?: string; labels?: Record<string, string>}
  const c: Ctx = {
    namespace: meta.namespace || opts.namespace,
    labels: meta.labels ?? {},
    errors: [],
    warnings: [],
  }
  // The API server's rule for custom resource names: any path segment.
  // IstioOperator is an input file, not a cluster object: it may go without a name.
  if (!meta.name) {
    if (kind !== 'IstioOperator') error(c, ['metadata', 'name'], 'name is required')
  } else if (meta.name === '.' || meta.name === '..' || /[/%]/.test(meta.name))
    error(
      c,
      ['metadata', 'name'],
      `invalid name "${meta.name}": may not be "." or ".." nor contain "/" or "%"`,
    )
  RULES[kind]?.(obj.spec ?? {}, c)
  return {errors: c.errors, warnings: c.warnings}
}
