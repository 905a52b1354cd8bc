import {TabWriter} from '../text/tabwriter.js'
import {type ConfigDump, type Msg, SECTION, get, goSortSlice, list, msg, num, path, str} from './dump.js'

export const HTTP_FILTER = 'envoy.filters.network.http_connection_manager'
export const TCP_FILTER = 'envoy.filters.network.tcp_proxy'
const BLACKHOLE = 'BlackHoleCluster'
const PASSTHROUGH = 'PassthroughCluster'

export interface ListenerFilter {
  address?: string
  port?: number
  type?: string
  verbose?: boolean
}

function filterChains(l: Msg): Msg[] {
  const res = [...list(l, 'filter_chains')]
  const def = msg(l, 'default_filter_chain')
  if (def) res.push(def)
  return res
}

/** A filter's typed config contains the blackhole cluster (istioctl looks at the encoded bytes). */
const isBlackhole = (f: Msg) => JSON.stringify(get(f, 'typed_config') ?? {}).includes(BLACKHOLE)

export function listenerType(l: Msg): string {
  let nHTTP = 0
  let nTCP = 0
  for (const fc of filterChains(l))
    for (const f of list(fc, 'filters')) {
      if (str(f, 'name') === HTTP_FILTER) nHTTP++
      else if (str(f, 'name') === TCP_FILTER && !isBlackhole(f)) nTCP++
    }
  if (nHTTP > 0) return nTCP === 0 ? 'HTTP' : 'HTTP+TCP'
  return nTCP > 0 ? 'TCP' : 'UNKNOWN'
}

export function listenerAddress(l: Msg): string {
  const sock = path(l, 'address', 'socket_address')
  if (sock) return str(sock, 'address')
  const pipe = path(l, 'address', 'pipe')
  return pipe ? str(pipe, 'path') : ''
}

function additionalAddresses(l: Msg): string[] {
  return list(l, 'additional_addresses').map((a) => str(path(a, 'address', 'socket_address'), 'address'))
}

export const listenerPort = (l: Msg): number => num(path(l, 'address', 'socket_address'), 'port_value')

export function listenerMatches(f: ListenerFilter, l: Msg): boolean {
  if (f.address) {
    const want = f.address.toLowerCase()
    if (![...additionalAddresses(l), listenerAddress(l)].some((a) => a.toLowerCase() === want)) return false
  }
  if (f.port && listenerPort(l) !== f.port) return false
  if (f.type && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false
  return true
}

export function allListeners(dump: ConfigDump): Msg[] {
  const section = dump.section(SECTION.listeners)
  const out: Msg[] = []
  for (const l of list(section, 'dynamic_listeners')) {
    const active = path(l, 'active_state', 'listener')
    if (active) out.push(active as Msg)
  }
  for (const l of list(section, 'static_listeners'))
    if (get(l, 'listener')) out.push(get(l, 'listener') as Msg)
  if (out.length === 0) throw new Error('no listeners found')
  return out
}

function listenerLess(a: Msg, b: Msg): boolean {
  if (listenerPort(a) !== listenerPort(b)) return listenerPort(a) < listenerPort(b)
  if (listenerAddress(a) !== listenerAddress(b)) return listenerAddress(a) < listenerAddress(b)
  return listenerType(a) < listenerType(b)
}

/** `proxy-config listener`: ADDRESSES PORT TYPE, or MATCH DESTINATION per filter chain when verbose. */
export function listenerSummary(dump: ConfigDump, filter: ListenerFilter, withType = false): string {
  const listeners = goSortSlice(
    allListeners(dump).filter((l) => listenerMatches(filter, l)),
    listenerLess,
  )
  const w = new TabWriter(0, 1)
  const head = [...(withType ? ['NAME'] : []), 'ADDRESSES', 'PORT']
  w.row(...head, ...(filter.verbose ? ['MATCH', 'DESTINATION'] : ['TYPE']))
  for (const l of listeners) {
    const addresses = [listenerAddress(l), ...additionalAddresses(l)].join(',')
    const port = listenerPort(l)
    const name = withType ? [`listener/${str(l, 'name')}`] : []
    if (filter.verbose) {
      const matches = goSortSlice(
        filterChains(l).map((fc) => ({
          destination: filterType(list(fc, 'filters')),
          match: describeChainMatch(msg(fc, 'filter_chain_match')),
        })),
        (a, b) => a.destination > b.destination,
      )
      for (const m of matches) w.row(...name, addresses, port, m.match, m.destination)
    } else w.row(...name, addresses, port, listenerType(l))
  }
  return w.flush()
}

const ALPN: [string, string[]][] = [
  ['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: Istio HTTP Plain', ['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: TCP TLS', ['istio-peer-exchange', 'istio']],
  ['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
]

/** A filter chain match as istioctl describes it: SNI, transport, ALPN, destination addresses; ALL if none. */
export function describeChainMatch(m: Msg | undefined): string {
  const descrs: string[] = []
  const sni = (get(m, 'server_names') as string[] | undefined) ?? []
  if (sni.length > 0) descrs.push(`SNI: ${sni.join(',')}`)
  const transport = str(m, 'transport_protocol')
  if (transport) descrs.push(`Trans: ${transport}`)
  const alpn = (get(m, 'application_protocols') as string[] | undefined) ?? []
  if (alpn.length > 0) {
    const known = ALPN.find(([, p]) => p.length === alpn.length && p.every((x, i) => x === alpn[i]))
    descrs.push(known ? known[0] : `App: ${alpn.join(',')}`)
  }
  const dport = get(m, 'destination_port')
  const port =
    dport === undefined || dport === null
      ? ''
      : `:${typeof dport === 'object' ? num(dport, 'value') : Number(dport)}`
  const ranges = list(m, 'prefix_ranges')
  if (ranges.length > 0) {
    const pf = ranges.map((p) => {
      const len = get(p, 'prefix_len')
      return `${str(p, 'address_prefix')}/${typeof len === 'object' && len !== null ? num(len, 'value') : Number(len ?? 0)}`
    })
    descrs.push(`Addr: ${pf.join(',')}${port}`)
  } else if (port) descrs.push(`Addr: *${port}`)
  return descrs.length > 0 ? descrs.join('; ') : 'ALL'
}

/** Where a filter chain sends traffic: its route (config), cluster, or the kind of filter. */
export function filterType(filters: Msg[]): string {
  for (const f of filters) {
    const cfg = msg(f, 'typed_config')
    if (str(f, 'name') === HTTP_FILTER) {
      const rc = msg(cfg, 'route_config')
      if (rc) return describeRouteConfig(rc)
      const rds = str(msg(cfg, 'rds'), 'route_config_name')
      if (rds) return `Route: ${rds}`
      return 'HTTP'
    } else if (str(f, 'name') === TCP_FILTER && !isBlackhole(f)) {
      const cluster = str(cfg, 'cluster')
      return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`
    }
  }
  return 'Non-HTTP/Non-TCP'
}

function describeRouteConfig(rc: Msg): string {
  const all = matchAllCluster(rc)
  if (all) return all
  const vhosts = list(rc, 'virtual_hosts').map((vh) => {
    const d = describeDomains(vh)
    return d === '' ? describeRoutes(vh) : `${d} ${describeRoutes(vh)}`
  })
  return `Inline Route: ${vhosts.join('; ')}`
}

function matchAllCluster(rc: Msg): string {
  const vhs = list(rc, 'virtual_hosts')
  if (vhs.length !== 1) return ''
  const domains = (get(vhs[0], 'domains') as string[] | undefined) ?? []
  if (domains.length !== 1 || domains[0] !== '*') return ''
  const routes = list(vhs[0], 'routes')
  if (routes.length !== 1) return ''
  if (str(msg(routes[0], 'match'), 'prefix') !== '/') return ''
  const cluster = get(msg(routes[0], 'route'), 'cluster')
  if (typeof cluster !== 'string') return ''
  return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`
}

function describeDomains(vh: Msg): string {
  const d = (get(vh, 'domains') as string[] | undefined) ?? []
  if (d.length === 1 && d[0] === '*') return ''
  return d.join('/')
}

function describeRoutes(vh: Msg): string {
  return list(vh, 'routes')
    .map((r) => describeRouteMatch(msg(r, 'match')))
    .join(', ')
}

/** A route match: `prefix*`, `PathPrefix:p`, an exact path, `regex r`. */
export function describeRouteMatch(m: Msg | undefined): string {
  const conds: string[] = []
  if (str(m, 'prefix')) conds.push(`${str(m, 'prefix')}*`)
  if (str(m, 'path_separated_prefix')) conds.push(`PathPrefix:${str(m, 'path_separated_prefix')}`)
  if (str(m, 'path')) conds.push(str(m, 'path'))
  const re = msg(m, 'safe_regex')
  if (re) conds.push(`regex ${str(re, 'regex')}`)
  return conds.join(' ')
}

export function isPassthrough(route: Msg): boolean {
  return get(msg(route, 'route'), 'cluster') === PASSTHROUGH
}

export function listenerDump(dump: ConfigDump, filter: ListenerFilter): Msg[] {
  return allListeners(dump).filter((l) => listenerMatches(filter, l))
}
