import {X509Certificate} from 'node:crypto'
import {TabWriter} from '../text/tabwriter.js'
import {type ConfigDump, type Msg, SECTION, get, list, msg, path, str} from './dump.js'

export interface SecretItem {
  name: string
  state: string
  type: string
  valid: boolean
  serialNumber: string
  notAfter: string
  notBefore: string
  trustDomain: string
}

const SPIFFE_VALIDATOR =
  'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'

/** Go's time.Format(RFC3339) of a UTC time: no fractional seconds. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

function certMeta(pem: string, trustDomain: string, now: Date): Partial<SecretItem> | undefined {
  const m = /-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/.exec(pem)
  if (!m) return undefined
  let cert: X509Certificate
  try {
    cert = new X509Certificate(m[0])
  } catch {
    return undefined
  }
  if (!trustDomain)
    for (const uri of (cert.subjectAltName ?? '').split(', ')) {
      const u = /^URI:spiffe:\/\/([^/]+)/.exec(uri)
      if (u) trustDomain = u[1]!
    }
  const notBefore = new Date(cert.validFrom)
  const notAfter = new Date(cert.validTo)
  return {
    serialNumber: BigInt(`0x${cert.serialNumber}`).toString(16).padStart(32, '0'),
    notAfter: rfc3339(notAfter),
    notBefore: rfc3339(notBefore),
    type: cert.ca ? 'CA' : 'Cert Chain',
    valid: now > notBefore && now < notAfter,
    trustDomain,
  }
}

function item(name: string, state: string, data: string, trustDomain: string, now: Date): SecretItem {
  const base: SecretItem = {
    name,
    state,
    type: '',
    valid: false,
    serialNumber: '',
    notAfter: '',
    notBefore: '',
    trustDomain: '',
  }
  if (!data) return base
  const meta = certMeta(data, trustDomain, now)
  return meta ? {...base, ...meta} : base
}

const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '')

function parseDynamicSecret(s: Msg, state: string, now: Date): SecretItem[] {
  const secret = msg(s, 'secret')
  const chain = bytes(path(secret, 'tls_certificate', 'certificate_chain', 'inline_bytes'))
  const ca = bytes(path(secret, 'validation_context', 'trusted_ca', 'inline_bytes'))
  if (chain) return [item(str(s, 'name'), state, chain, '', now)]
  if (ca) return [item(str(s, 'name'), state, ca, '', now)]
  const validator = path(secret, 'validation_context', 'custom_validator_config', 'typed_config')
  if (validator && get(validator, '@type') === SPIFFE_VALIDATOR)
    return list(validator, 'trust_domains').map((td) =>
      item(str(secret, 'name'), state, bytes(path(td, 'trust_bundle', 'inline_bytes')), str(td, 'name'), now),
    )
  return [item(str(s, 'name'), state, '', '', now)]
}

/** Warming then active secrets, with what their certificates say. */
export function secretItems(dump: ConfigDump, now = new Date()): SecretItem[] {
  const section = dump.section(SECTION.secrets)
  return [
    ...list(section, 'dynamic_warming_secrets').flatMap((s) => parseDynamicSecret(s, 'WARMING', now)),
    ...list(section, 'dynamic_active_secrets').flatMap((s) => parseDynamicSecret(s, 'ACTIVE', now)),
  ]
}

/** `proxy-config secret`: RESOURCE NAME TYPE STATUS VALID CERT SERIAL NUMBER NOT AFTER NOT BEFORE [TRUST DOMAIN]. */
export function secretSummary(dump: ConfigDump, withType = false, now = new Date()): string {
  const section = dump.section(SECTION.secrets)
  if (
    list(section, 'dynamic_active_secrets').length === 0 &&
    list(section, 'dynamic_warming_secrets').length === 0
  )
    return 'No active or warming secrets found.\n'
  const items = secretItems(dump, now)
  if (items.length === 0) return 'No secret items to show.\n'
  const withDomain = items.every((s) => s.trustDomain !== '')
  const w = new TabWriter(0, 5)
  w.row(
    'RESOURCE NAME',
    'TYPE',
    'STATUS',
    'VALID CERT',
    'SERIAL NUMBER',
    'NOT AFTER',
    'NOT BEFORE',
    ...(withDomain ? ['TRUST DOMAIN'] : []),
  )
  for (const s of items)
    w.row(
      withType ? `secret/${s.name}` : s.name,
      s.type,
      s.state,
      s.valid,
      s.serialNumber,
      s.notAfter,
      s.notBefore,
      ...(withDomain ? [s.trustDomain] : []),
    )
  return w.flush()
}
