// Sidecar rules: ingress and egress listeners, egress hosts, outbound traffic policy.
import {isIP} from 'node:net'
import {checkFqdn, checkPort} from '../checks.js'
import {splitHostPort} from '../mesh.js'
import type {SidecarSpec} from '../networking.js'
import {
  SPEC,
  duplicates,
  error,
  labelsSelector,
  portNameAndProtocol,
  type Ctx,
  type Path,
  warn,
} from './context.js'
import {connectionPool} from './destinationrule.js'
import {namespaceSlashHost, serverTls} from './gateway.js'

const LOOPBACK_OR_ANY = ['127.0.0.1', '0.0.0.0', '::1', '::']

/** Ingress TLS fields a Sidecar cannot use, with istiod's message for each. */
const INGRESS_TLS_UNSUPPORTED = [
  ['subjectAltNames', 'sidecar: subjectAltNames is not supported in ingress tls'],
  ['httpsRedirect', 'sidecar: httpsRedirect is not supported'],
  ['credentialName', 'sidecar: credentialName is not currently supported'],
  ['credentialNames', 'sidecar: credentialNames is not currently supported'],
  ['tlsCertificates', 'sidecar: tls_certificates is not currently supported'],
] as const

function sidecarIngress(c: Ctx, p: Path, l: NonNullable<SidecarSpec['ingress']>[number]) {
  const port = l.port
  if (port.targetPort) error(c, [...p, 'port', 'targetPort'], 'targetPort has no impact on Sidecars')
  portNameAndProtocol(c, [...p, 'port'], port)
  error(c, [...p, 'port', 'number'], checkPort(port.number ?? 0))
  if (l.bind && !isIP(l.bind)) error(c, [...p, 'bind'], `${l.bind} is not a valid IP`)
  const ep = l.defaultEndpoint
  if (ep && !ep.startsWith('unix://')) {
    // as istiod: Go's net.SplitHostPort, then strconv.Atoi of the port, which also runs after a split error
    const split = splitHostPort(ep)
    const [host, epPort] = typeof split === 'string' ? ['', ''] : split
    if (typeof split === 'string') error(c, [...p, 'defaultEndpoint'], split)
    else if (host && !LOOPBACK_OR_ANY.includes(host))
      error(
        c,
        [...p, 'defaultEndpoint'],
        'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset',
      )
    if (!/^[-+]?\d+$/.test(epPort))
      error(
        c,
        [...p, 'defaultEndpoint'],
        `sidecar: defaultEndpoint port (${epPort}) is not a number: strconv.Atoi: parsing ${JSON.stringify(epPort)}: invalid syntax`,
      )
    else error(c, [...p, 'defaultEndpoint'], checkPort(Number(epPort)))
  }
  if (l.tls) {
    for (const [f, message] of INGRESS_TLS_UNSUPPORTED)
      if (Array.isArray(l.tls[f]) ? (l.tls[f] as unknown[]).length > 0 : l.tls[f])
        error(c, [...p, 'tls', f], message)
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
      `sidecar: HTTP connection pool settings are configured for port ${port.number} (${JSON.stringify(port.name ?? '')}) but its protocol is not HTTP (${port.protocol ?? ''}); only TCP settings will apply`,
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

/** The rules of a Sidecar spec. */
export function sidecar(spec: SidecarSpec, c: Ctx) {
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
      'sidecar: workload selector specified without labels, will be applied to all services in namespace',
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
  egress.forEach((l, i) => {
    const p = [...SPEC, 'egress', i]
    // (istiod's "only one listener with empty port" cannot happen: a second one is never the last)
    if (!l.port) {
      if (i !== egress.length - 1)
        error(c, p, 'sidecar: the egress listener with empty port should be the last listener in the list')
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
