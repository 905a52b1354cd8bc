// EnvoyFilter rules: config patches, their matches and operations.
import type {EnvoyFilterSpec} from '../networking.js'
import {SPEC, atMostOne, error, type Ctx, type Path, warn} from './context.js'
import {ENVOY_PATCH_TARGETS} from './envoy-fields.js'

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
  // both ext_authz filters had this name: istiod's reverse map keeps either (Go map order), we name the HTTP one
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
 * Filters that Envoy's messages configure by `typed_config` (or `config_discovery`): istiod warns when a
 * patch value that parses strictly names its filter without either. Only targets whose message nests no
 * other such filter, where the top-level fields decide it.
 */
const TYPED_FILTERS = new Set(['HTTP_FILTER', 'NETWORK_FILTER', 'LISTENER_FILTER', 'EXTENSION_CONFIG'])

function filterWithoutTypedConfig(
  c: Ctx,
  p: Path,
  applyTo: string,
  value: Record<string, unknown> | undefined,
) {
  if (!TYPED_FILTERS.has(applyTo) || !value) return
  const has = (k: string) => value[k] !== undefined && value[k] !== null
  if (has('typed_config') || has('typedConfig') || has('config_discovery') || has('configDiscovery')) return
  const name = typeof value.name === 'string' ? value.name : ''
  warn(c, p, `using deprecated types by name without typed_config; ${name}`)
}
