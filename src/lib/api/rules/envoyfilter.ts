// EnvoyFilter rules: config patches, their matches and operations.
import type {EnvoyFilterSpec} from '../networking.js'
import {SPEC, atMostOne, error, type Ctx, type Path, warn} from './context.js'
import {ENVOY_PATCH_TARGETS, TYPED_CONFIG_MESSAGES} from './envoy-fields.js'

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

/** The rules of an EnvoyFilter spec; like istiod, the checks of one patch stop at its first problem. */
export function envoyFilter(spec: EnvoyFilterSpec, c: Ctx) {
  // istioctl's wording, kept so that tooling matching on it sees the same warning.
  warn(
    c,
    SPEC,
    'EnvoyFilter exposes internal implementation details that may change at any time. ' +
      'Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.',
  )
  atMostOne(c, SPEC, spec, ['workloadSelector', 'targetRefs'])
  if (spec.workloadSelector && !Object.keys(spec.workloadSelector.labels ?? {}).length)
    warn(
      c,
      [...SPEC, 'workloadSelector'],
      'Envoy filter: workload selector specified without labels, will be applied to all services in namespace',
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
    if (cls && objectMatch && objectMatch !== cls[1]) {
      error(c, [...p, 'match'], `Envoy filter: applyTo for ${cls[2]}`)
      // istiod stops here for listener-class patches only; route and cluster ones go on to the value
      if (cls[1] === 'listener') return
    }
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
          return error(
            c,
            [...fp, 'subFilter', 'name'],
            'Envoy filter: subfilter match has no name to match on',
          )
      }
      for (const [name, at] of [
        [filter.name, [...fp, 'name']],
        [filter.subFilter?.name, [...fp, 'subFilter', 'name']],
      ] as const) {
        const current = name === undefined ? undefined : CURRENT_FILTER_NAMES[name]
        if (current) warn(c, at, `using deprecated filter name "${name}"; use "${current}" instead`)
      }
    }
    const valuePath = [...p, 'patch', 'value']
    if (!unknownPatchField(c, valuePath, cp.applyTo, cp.patch.value))
      filterWithoutTypedConfig(c, valuePath, cp.applyTo, cp.patch.value)
  })
}

/** Envoy's deprecated filter names (istio pkg/config/xds DeprecatedFilterNames) → their current names. */
const CURRENT_FILTER_NAMES: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  'envoy.buffer': 'envoy.filters.http.buffer',
  'envoy.cors': 'envoy.filters.http.cors',
  'envoy.csrf': 'envoy.filters.http.csrf',
  'envoy.http_dynamo_filter': 'envoy.filters.http.dynamo',
  'envoy.fault': 'envoy.filters.http.fault',
  'envoy.grpc_http1_bridge': 'envoy.filters.http.grpc_http1_bridge',
  'envoy.grpc_json_transcoder': 'envoy.filters.http.grpc_json_transcoder',
  'envoy.grpc_web': 'envoy.filters.http.grpc_web',
  'envoy.gzip': 'envoy.filters.http.gzip',
  'envoy.health_check': 'envoy.filters.http.health_check',
  'envoy.ip_tagging': 'envoy.filters.http.ip_tagging',
  'envoy.lua': 'envoy.filters.http.lua',
  'envoy.rate_limit': 'envoy.filters.http.ratelimit',
  'envoy.router': 'envoy.filters.http.router',
  'envoy.squash': 'envoy.filters.http.squash',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
  'envoy.listener.original_src': 'envoy.filters.listener.original_src',
  'envoy.listener.proxy_protocol': 'envoy.filters.listener.proxy_protocol',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.client_ssl_auth': 'envoy.filters.network.client_ssl_auth',
  // Both ext_authz filters had this name. istiod builds this reverse map from a Go map, whose order is random
  // per process: istioctl 1.30.3 names the HTTP or the network filter from one run to the next (seen 5:3 in
  // 8 runs). No answer is istioctl's; we name the HTTP one, the more common.
  'envoy.ext_authz': 'envoy.filters.http.ext_authz',
  'envoy.http_connection_manager': 'envoy.filters.network.http_connection_manager',
  'envoy.mongo_proxy': 'envoy.filters.network.mongo_proxy',
  'envoy.ratelimit': 'envoy.filters.network.ratelimit',
  'envoy.redis_proxy': 'envoy.filters.network.redis_proxy',
  'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
})

const jsonName = (protoName: string) => protoName.replace(/_(.)/g, (_m, ch: string) => ch.toUpperCase())
const knownFields = new Map(
  Object.entries(ENVOY_PATCH_TARGETS).map(([applyTo, t]) => [
    applyTo,
    new Set(t.fields.flatMap((f) => [f, jsonName(f)])),
  ]),
)

/**
 * istiod parses a patch value into the Envoy message its applyTo names, strictly for a warning: the first
 * unknown field (in key order, as its JSON encoder writes them) is reported. Top-level fields only.
 */
function unknownPatchField(
  c: Ctx,
  p: Path,
  applyTo: string,
  value: Record<string, unknown> | undefined,
): boolean {
  const known = knownFields.get(applyTo)
  if (!known || !value) return false
  const unknown = Object.keys(value)
    .sort()
    .find((k) => !known.has(k))
  if (unknown !== undefined)
    warn(
      c,
      [...p, unknown],
      `Envoy filter: unknown field "${unknown}" in ${ENVOY_PATCH_TARGETS[applyTo].message}`,
    )
  return unknown !== undefined
}

/**
 * istiod warns about filters a patch value names without `typed_config` (or `config_discovery`), once per
 * patch, listing their names depth first (children before their parent, fields in declaration order). It walks
 * only singular message fields: not lists, maps, or into an Any. It runs only on a value that parses strictly.
 *
 * istiod also warns "using deprecated type_url(s)" for an Any whose type comes from a FROZEN proto package.
 * Only Envoy's v2 packages are FROZEN, and istioctl 1.30.3 registers none of them (its binary embeds no file
 * descriptor with that status), so a v2 type_url fails to resolve before that check: it cannot fire, and
 * meshctl has no such check.
 */
function filterWithoutTypedConfig(
  c: Ctx,
  p: Path,
  applyTo: string,
  value: Record<string, unknown> | undefined,
) {
  const root = ENVOY_PATCH_TARGETS[applyTo]?.message
  const names = root ? namedWithoutTypedConfig(root, value) : []
  if (names.length) warn(c, p, `using deprecated types by name without typed_config; ${names.join(', ')}`)
}

/** Names of the filters in `value` (a JSON form of `message`) that have neither typed_config nor config_discovery. */
function namedWithoutTypedConfig(message: string, value: unknown): string[] {
  const m = TYPED_CONFIG_MESSAGES[message]
  if (!m || !value || typeof value !== 'object' || Array.isArray(value)) return []
  const v = value as Record<string, unknown>
  // protojson takes both names; null leaves a message field unset
  const field = (name: string) => v[name] ?? v[jsonName(name)] ?? undefined
  const names = (m.fields ?? []).flatMap(([name, child]) => namedWithoutTypedConfig(child, field(name)))
  if (m.typed && field('typed_config') === undefined && field('config_discovery') === undefined)
    names.push(typeof v.name === 'string' ? v.name : '')
  return names
}
