// DestinationRule rules: traffic policies (TLS, connection pools, load balancing, outlier detection).
import {
  checkDuration,
  checkFqdn,
  checkIpOrCidr,
  checkPort,
  checkWildcardDomain,
  isDns1123Label,
  parseDurationNs,
} from '../checks.js'
import type {ClientTLSSettings, DestinationRuleSpec, TrafficPolicy} from '../networking.js'
import {SPEC, duplicates, error, exportTo, type Ctx, type Path, warn} from './context.js'

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

/** Connection pool settings (also a Sidecar ingress listener's and inbound pool). */
export function connectionPool(c: Ctx, p: Path, cp: TrafficPolicy['connectionPool']) {
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

/** The rules of a DestinationRule spec. */
export function destinationRule(spec: DestinationRuleSpec, c: Ctx) {
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
