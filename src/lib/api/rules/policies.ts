// Rules of the policies that select workloads: AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry, WasmPlugin, TrafficExtension.
import {checkIpOrCidr, checkPort} from '../checks.js'
import type {PolicyTargetReference} from '../common.js'
import type {AuthorizationPolicySpec, PeerAuthenticationSpec, RequestAuthenticationSpec} from '../security.js'
import type {TelemetrySpec} from '../telemetry.js'
import type {TrafficExtensionSpec, WasmPluginSpec} from '../extensions.js'
import {SPEC, atMostOne, duplicates, error, headerMatchName, type Ctx, type Path, warn} from './context.js'

/** What a policy's targetRef may point at, by group and kind (the version does not matter). */
const TARGET_KINDS = [
  '/Service',
  'networking.istio.io/ServiceEntry',
  'gateway.networking.k8s.io/Gateway',
  'gateway.networking.k8s.io/GatewayClass',
]

/** The kinds as istiod lists them: Go's %v of its group/version/kind list (any version matches). */
const TARGET_LIST = `[${TARGET_KINDS.map((k) => k.replace(/^\//, 'core/').replace('/', '/v1/')).join(' ')}]`

interface PolicyScope {
  selector?: {matchLabels?: Record<string, string>}
  targetRef?: PolicyTargetReference
  targetRefs?: PolicyTargetReference[]
}

/**
 * At most one way of choosing workloads: a selector, a targetRef or (non-empty) targetRefs. istiod words it
 * the same for every combination (validateOneOfSelectorType).
 */
function oneSelectorType(c: Ctx, spec: PolicyScope) {
  const set = [spec.selector !== undefined, spec.targetRef !== undefined, !!spec.targetRefs?.length]
  if (set.filter(Boolean).length > 1) error(c, SPEC, 'only one of targetRefs or workloadSelector can be set')
}

/** Selector and target references of the security, telemetry and extension policies. */
function policySelector(c: Ctx, spec: PolicyScope) {
  oneSelectorType(c, spec)
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
        `targetRef must be to one of ${TARGET_LIST} but was ${ref.group ?? ''}/${ref.kind ?? ''}`,
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

/** The source fields and `when` keys a CUSTOM action cannot match on (istiod's words name them). */
const CUSTOM_SOURCE_FIELDS = [
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'trustDomains',
  'notTrustDomains',
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
] as const
const CUSTOM_WHEN_KEYS = [
  'source.namespace',
  'source.serviceAccount',
  'source.trustDomain',
  'source.principal',
]

function customUnsupported(c: Ctx, rules: NonNullable<AuthorizationPolicySpec['rules']>) {
  const unsupported = (p: Path, name: string) =>
    error(c, p, `${name} is currently not supported with CUSTOM action`)
  rules.forEach((rule, i) => {
    ;(rule.from ?? []).forEach((f, j) => {
      for (const k of CUSTOM_SOURCE_FIELDS)
        if (f.source?.[k]?.length)
          unsupported(
            [...SPEC, 'rules', i, 'from', j, 'source', k],
            `From.${k[0]!.toUpperCase()}${k.slice(1)}`,
          )
    })
    ;(rule.when ?? []).forEach((w, j) => {
      if (CUSTOM_WHEN_KEYS.includes(w.key) || w.key?.startsWith('request.auth.'))
        unsupported([...SPEC, 'rules', i, 'when', j, 'key'], w.key)
    })
  })
}

/** The rules of an AuthorizationPolicy spec. */
export function authorizationPolicy(spec: AuthorizationPolicySpec, c: Ctx) {
  policySelector(c, spec)
  const action = spec.action ?? 'ALLOW'
  // istiod reads an empty list as no list (protobuf): `rules: []` has no rules, `from: []` no from
  const rules = spec.rules ?? []
  const never = (what: string) =>
    `${what} action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request`
  if (action === 'CUSTOM') {
    if (!rules.length) error(c, SPEC, never('CUSTOM'))
    else if (!spec.provider?.name)
      error(c, [...SPEC, 'provider', 'name'], '`provider.name` must not be empty')
    customUnsupported(c, rules)
  } else if (spec.provider)
    error(c, [...SPEC, 'provider'], `\`provider\` must not be with non CUSTOM action, found ${action}`)
  if (action === 'DENY' && !rules.length) error(c, SPEC, never('DENY'))
  rules.forEach((rule, i) => {
    const rp = [...SPEC, 'rules', i]
    ;(rule.from ?? []).forEach((f, j) => {
      const sp = [...rp, 'from', j, 'source']
      const s = f.source
      if (!s) return error(c, sp, `\`from.source\` must not be nil, found at rule ${i}`)
      const some = (fields: ReadonlyArray<keyof typeof s>) => fields.some((k) => (s[k]?.length ?? 0) > 0)
      if (!some(Object.keys(s) as Array<keyof typeof s>))
        error(c, sp, `\`from.source\` must not be empty, found at rule ${i}`)
      if (
        some(['serviceAccounts', 'notServiceAccounts']) &&
        some(['principals', 'notPrincipals', 'namespaces', 'notNamespaces'])
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
    ;(rule.to ?? []).forEach((t, j) => {
      const op = t.operation
      const opPath = [...rp, 'to', j, 'operation']
      if (!op) return error(c, opPath, `\`to.operation\` must not be nil, found at rule ${i}`)
      if (!Object.values(op).some((v) => Array.isArray(v) && v.length > 0))
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

/** The rules of a PeerAuthentication spec. */
export function peerAuthentication(spec: PeerAuthenticationSpec, c: Ctx) {
  if (spec.portLevelMtls && !Object.keys(spec.selector?.matchLabels ?? {}).length)
    error(c, [...SPEC, 'portLevelMtls'], 'mesh/namespace peer authentication cannot have port level mTLS')
  if (spec.selector && !Object.keys(spec.selector.matchLabels ?? {}).length)
    warn(c, [...SPEC, 'selector'], 'workload selector specified without labels')
}

/** The rules of a RequestAuthentication spec. */
export function requestAuthentication(spec: RequestAuthenticationSpec, c: Ctx) {
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

/** The rules of a Telemetry spec. */
export function telemetry(spec: TelemetrySpec, c: Ctx) {
  policySelector(c, spec)
  ;(spec.metrics ?? []).forEach((m, i) =>
    (m.overrides ?? []).forEach((o, j) => {
      for (const [tag, t] of Object.entries(o.tagOverrides ?? {})) {
        const p = [...SPEC, 'metrics', i, 'overrides', j, 'tagOverrides', tag]
        if ((t.operation ?? 'UPSERT') === 'UPSERT' && !t.value)
          error(c, p, 'tagOverrides.value must be set when operation is UPSERT')
        // an empty value is no value (protobuf)
        if (t.operation === 'REMOVE' && t.value)
          error(c, p, 'tagOverrides.value may only be set when operation is UPSERT')
        if (tag === '') warn(c, p, 'tagOverrides.name may not be empty')
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

/** The rules of a WasmPlugin spec. */
export function wasmPlugin(spec: WasmPluginSpec, c: Ctx) {
  policySelector(c, spec)
  wasmUrl(c, [...SPEC, 'url'], spec.url)
  wasmEnv(c, [...SPEC, 'vmConfig', 'env'], spec.vmConfig?.env)
}

/** The rules of a TrafficExtension spec. */
export function trafficExtension(spec: TrafficExtensionSpec, c: Ctx) {
  oneSelectorType(c, spec)
  if (!spec.wasm && !spec.lua) error(c, SPEC, 'exactly one of wasm or lua must be set')
  if (spec.wasm) {
    wasmUrl(c, [...SPEC, 'wasm', 'url'], spec.wasm.url)
    wasmEnv(c, [...SPEC, 'wasm', 'vmConfig', 'env'], spec.wasm.vmConfig?.env)
  }
}
