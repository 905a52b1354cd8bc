// The CEL rules (x-kubernetes-validations) that Istio's CRDs carry, as facts: the rule text and message the
// API server uses. The CRDs we generate carry them; our validator enforces their meaning in TypeScript
// (checks.ts for the value checks below, rules/ for the rules on whole objects).
import type {CelRule, CheckName} from './schema.js'

const rule = (message: string, text: string): CelRule => ({message, rule: text})

/** The CEL rules the API server runs for a value check, where Istio's CRDs have them. */
export const CHECK_RULES: Partial<Record<CheckName, readonly CelRule[]>> = {
  duration: [rule('must be a valid duration greater than 1ms', "duration(self) >= duration('1ms')")],
  port: [rule('port must be between 1-65535', '0 < self && self <= 65535')],
  labelKeys: [
    rule('wildcard not allowed in label key match', 'self.all(key, !key.contains("*"))'),
    rule('key must not be empty', 'self.all(key, key.size() != 0)'),
  ],
  portName: [
    rule(
      'port name must be valid',
      'self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))',
    ),
  ],
  portKeys: [rule('port must be between 1-65535', 'self.all(key, 0 < int(key) && int(key) <= 65535)')],
  emptyNamespace: [rule('cross namespace referencing is not currently supported', 'self.size() == 0')],
  notStar: [rule('hostname cannot be wildcard', 'self != "*"')],
  httpUrl: [rule('url must have scheme http:// or https://', 'url(self).getScheme() in ["http", "https"]')],
  unixAddress: [
    rule(
      'UDS must be an absolute path or abstract socket',
      'self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true',
    ),
    rule('UDS may not be a dir', 'self.startsWith("unix://") ? !self.endsWith("/") : true'),
  ],
}

/** The CEL rules of the value checks, in order. */
export const checkRules = (checks: readonly CheckName[] = []): CelRule[] =>
  checks.flatMap((c) => CHECK_RULES[c] ?? [])

/** At most one of the fields is set. */
export const atMostOneOf = (message: string, fields: readonly string[]): CelRule =>
  rule(message, `${fields.map((f) => `(has(self.${f}) ? 1 : 0)`).join(' + ')} <= 1`)

/** The value of an optional field, or a default: `(has(self.f) ? self.f : d)`. */
const orElse = (field: string, fallback: string) => `(has(self.${field}) ? self.${field} : ${fallback})`

/** Selector values: type.v1beta1.WorkloadSelector and networking's WorkloadSelector word it differently. */
export const NO_WILDCARD_LABEL = rule('wildcard not allowed in label value match', '!self.contains("*")')
export const NO_WILDCARD_SELECTOR = rule('wildcard is not supported in selector', '!self.contains("*")')

/** A policy selects workloads by selector or by targetRef(s), not both. */
export const selectorOrTargetRefs = (fields: readonly string[]): CelRule =>
  atMostOneOf('only one of targetRefs or selector can be set', fields)

/** WorkloadEntry: an address or a network; a Unix domain socket has no ports. */
export const ADDRESS_REQUIRED = rule('Address is required', 'has(self.address) || has(self.network)')
export const UDS_NO_PORTS = rule(
  'UDS may not include ports',
  `${orElse('address', '""')}.startsWith("unix://") ? !has(self.ports) : true`,
)

/** ServiceEntry: how endpoints, addresses and the resolution mode go together. */
export const SERVICE_ENTRY_RULES: CelRule[] = [
  atMostOneOf('only one of WorkloadSelector or Endpoints can be set', ['workloadSelector', 'endpoints']),
  rule(
    'CIDR addresses are allowed only for NONE/STATIC resolution types',
    `!(${orElse('addresses', '[]')}.exists(k, k.contains("/")) && !(${orElse('resolution', '"NONE"')} in ["STATIC", "NONE"]))`,
  ),
  rule(
    'NONE mode cannot set endpoints',
    `(${orElse('resolution', '"NONE"')} == "NONE") ? !has(self.endpoints) : true`,
  ),
  rule(
    'DNS_ROUND_ROBIN mode cannot have multiple endpoints',
    `(${orElse('resolution', '""')} == "DNS_ROUND_ROBIN") ? (${orElse('endpoints', '[]')}.size() <= 1) : true`,
  ),
]

/** ServiceEntry ports: each port number once. */
export const UNIQUE_PORT_NUMBERS = rule(
  'port number cannot be duplicated',
  'self.all(l1, self.exists_one(l2, l1.number == l2.number))',
)

/** Server TLS: one way to give certificates. (The third message names the wrong field: Istio's words.) */
export const SERVER_TLS_RULES: CelRule[] = [
  atMostOneOf('only one of credentialNames or tlsCertificates can be set', [
    'tlsCertificates',
    'credentialNames',
  ]),
  atMostOneOf('only one of credentialName or credentialNames can be set', [
    'credentialName',
    'credentialNames',
  ]),
  atMostOneOf('only one of credentialName or tlsCertificates can be set', [
    'credentialNames',
    'tlsCertificates',
  ]),
]

/** EnvoyFilter: a waypoint match exactly when the context is WAYPOINT. */
export const WAYPOINT_MATCH = rule(
  'only support waypointMatch when context is WAYPOINT',
  'has(self.context) ? ((self.context == "WAYPOINT") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)',
)

/** WorkloadGroup probes: HTTP or HTTPS. */
export const PROBE_SCHEME = rule('scheme must be one of [HTTP, HTTPS]', 'self in ["", "HTTP", "HTTPS"]')

/**
 * AuthorizationPolicy sources: serviceAccounts exclude principals and namespaces. (The line break is in
 * Istio's rule text, where its generator wrapped the comment it came from.)
 */
export const SERVICE_ACCOUNTS_ALONE = rule(
  'Cannot set serviceAccounts with namespaces or principals',
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n' +
    '!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true',
)

/** PeerAuthentication: port-level mTLS only for a policy that selects workloads. */
export const PORT_MTLS_NEEDS_SELECTOR = rule(
  'portLevelMtls requires selector',
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
)

/** RequestAuthentication JWT rules: one source of keys. */
export const ONE_JWKS = atMostOneOf('only one of jwks or jwksUri can be set', ['jwksUri', 'jwks_uri', 'jwks'])

/** Telemetry tag overrides: a value to upsert, none to remove. */
export const TAG_OVERRIDE_RULES: CelRule[] = [
  rule(
    'value must be set when operation is UPSERT',
    `(${orElse('operation', '""')} == "UPSERT") ? (self.value != "") : true`,
  ),
  rule(
    'value must not be set when operation is REMOVE',
    `(${orElse('operation', '""')} == "REMOVE") ? !has(self.value) : true`,
  ),
]

/** Wasm module URLs: a scheme Istio can fetch from, or none (a registry path). Schemes in Istio's order. */
export const wasmUrl = (schemes: readonly string[]): CelRule => {
  const list = ['""', ...schemes.map((s) => `"${s}"`)].join(', ')
  return rule(
    'url must have schema one of [http, https, file, oci]',
    `isURL(self) ? (url(self).getScheme() in [${list}]) : (isURL("http://" + self) &&\n` +
      `url("http://" + self).getScheme() in [${list}])`,
  )
}

/** Wasm VM env: a value only for INLINE entries. */
export const ENV_VALUE_INLINE = rule(
  'value may only be set when valueFrom is INLINE',
  `${orElse('valueFrom', '""')} != "HOST" || !has(self.value)`,
)

/** TrafficExtension: a Wasm module or a Lua script. */
export const WASM_OR_LUA = rule('exactly one of wasm or lua must be set', 'has(self.wasm) != has(self.lua)')
