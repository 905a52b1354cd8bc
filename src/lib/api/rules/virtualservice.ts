// VirtualService rules: hosts, gateways, HTTP/TCP/TLS routes, weights, headers, faults.
import {
  isHeaderName,
  checkFqdn,
  checkIpOrCidr,
  checkPort,
  checkWildcardDomain,
  isDns1123Label,
} from '../checks.js'
import {unreachableRules} from '../reachability.js'
import type {HTTPRoute, VirtualServiceSpec} from '../networking.js'
import {SPEC, error, exportTo, headerMatchName, type Ctx, type Path, warn} from './context.js'

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

/** A destination's host; a missing destination (a schema error already) has none to check. */
function destinationHost(c: Ctx, path: Path, destination: {host: string} | undefined) {
  if (destination) error(c, [...path, 'host'], checkWildcardDomain(destination.host))
}

function percentage(c: Ctx, path: Path, p: {value?: number} | undefined) {
  if (p?.value !== undefined && (p.value < 0 || p.value > 100))
    error(c, [...path, 'value'], `percentage ${p.value} is not in range 0..100`)
}

/** Whether two hosts overlap: equal, or one is a wildcard (`*.a.com`, `*`) that covers the other. */
function hostsOverlap(a: string, b: string): boolean {
  const covers = (w: string, h: string) => w === '*' || (w.startsWith('*') && h.endsWith(w.slice(1)))
  return a === b || covers(a, b) || covers(b, a)
}

/** The rules of a VirtualService spec. */
export function virtualService(spec: VirtualServiceSpec, c: Ctx) {
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
      destinationHost(c, [...SPEC, 'tcp', i, 'route', j, 'destination'], d.destination),
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
    if (h !== '*' && !isHeaderName(h))
      error(c, [...p, 'corsPolicy', 'allowHeaders', i], `header name ${h} is not a valid header name`)
  })
  ;(r.match ?? []).forEach((m, i) => {
    for (const field of ['headers', 'withoutHeaders'] as const)
      for (const name of Object.keys(m[field] ?? {}))
        error(c, [...p, 'match', i, field, name], headerMatchName(name))
    // 0 and "" are unset to istiod (proto defaults)
    if (m.sourceNamespace && !isDns1123Label(m.sourceNamespace))
      error(c, [...p, 'match', i, 'sourceNamespace'], `sourceNamespace match ${m.sourceNamespace} is invalid`)
    if (m.port) error(c, [...p, 'match', i, 'port'], checkPort(m.port))
  })
  headerOperations(c, [...p, 'headers'], r.headers)
  weights(c, [...p, 'route'], r.route)
  ;(r.route ?? []).forEach((d, i) => {
    destinationHost(c, [...p, 'route', i, 'destination'], d.destination)
    headerOperations(c, [...p, 'route', i, 'headers'], d.headers)
  })
}
