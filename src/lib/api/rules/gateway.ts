// Gateway rules: servers, hosts, ports and server TLS settings (also used by Sidecar ingress TLS).
import {isIP} from 'node:net'
import {checkIpOrCidr, checkPort, checkWildcardDomain, isDns1123Label} from '../checks.js'
import {ISTIO_PROTOCOLS} from '../kubernetes.js'
import type {GatewaySpec, ServerTLSSettings} from '../networking.js'
import {SPEC, error, labelsSelector, type Ctx, type Path, warn} from './context.js'

/** A `namespace/dnsName` host of a Gateway server (where the namespace may be left out) or a Sidecar egress listener. */
export function namespaceSlashHost(c: Ctx, p: Path, host: string, gateway: boolean) {
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

/** Server TLS settings: certificates as each mode requires them. */
export function serverTls(c: Ctx, p: Path, tls: ServerTLSSettings) {
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

/** istiod's error for a server port protocol it does not know (its list of protocols is fixed text). */
export const invalidServerProtocol = (protocol: string) =>
  `invalid protocol "${protocol}", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`

/** The rules of a Gateway spec. */
export function gateway(spec: GatewaySpec, c: Ctx) {
  const servers = spec.servers ?? []
  if (servers.length === 0) error(c, [...SPEC, 'servers'], 'gateway must have at least one server')
  const names = new Set<string>()
  servers.forEach((s, i) => {
    const p = [...SPEC, 'servers', i]
    // missing hosts or port are reported (schema); the rest of the server is still checked, as istiod does
    const hosts = s.hosts ?? []
    if (hosts.length === 0) error(c, [...p, 'hosts'], 'server config must contain at least one host')
    hosts.forEach((h, j) => namespaceSlashHost(c, [...p, 'hosts', j], h, true))
    const unixBind = s.bind?.startsWith('unix://')
    if (s.bind && !unixBind && !isIP(s.bind)) error(c, [...p, 'bind'], `${s.bind} is not a valid IP`)
    if (!s.port) {
      if (s.tls) serverTls(c, [...p, 'tls'], s.tls)
      return
    }
    const protocol = s.port.protocol ?? ''
    const number = s.port.number ?? 0
    const proto = protocol.toUpperCase()
    if (!(ISTIO_PROTOCOLS as readonly string[]).includes(proto.toLowerCase()))
      error(c, [...p, 'port', 'protocol'], invalidServerProtocol(protocol))
    if (number > 0 || !unixBind) error(c, [...p, 'port', 'number'], checkPort(number))
    if (unixBind && number !== 0)
      error(c, [...p, 'port', 'number'], 'port number must be 0 for unix domain socket')
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
