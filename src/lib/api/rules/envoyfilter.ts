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
    }
    unknownPatchField(c, [...p, 'patch', 'value'], cp.applyTo, cp.patch.value)
  })
}

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
function unknownPatchField(c: Ctx, p: Path, applyTo: string, value: Record<string, unknown> | undefined) {
  const known = knownFields.get(applyTo)
  if (!known || !value) return
  const unknown = Object.keys(value)
    .sort()
    .find((k) => !known.has(k))
  if (unknown !== undefined)
    warn(
      c,
      [...p, unknown],
      `Envoy filter: unknown field "${unknown}" in ${ENVOY_PATCH_TARGETS[applyTo].message}`,
    )
}
