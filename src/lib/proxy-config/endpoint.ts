import {TabWriter} from '../text/tabwriter.js'
import {
  type ConfigDump,
  type Msg,
  SECTION,
  get,
  goSortSlice,
  list,
  msg,
  num,
  path,
  str,
  subsetKeyLess,
} from './dump.js'

export interface EndpointFilter {
  address?: string
  port?: number
  cluster?: string
  status?: string
}

const HEALTH = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED']

function healthStatus(ep: Msg): string {
  const s = get(ep, 'health_status')
  return typeof s === 'string' ? s : (HEALTH[Number(s ?? 0)] ?? String(s))
}

/** An endpoint's addresses: ip:port, a pipe path, envoy://listener/id for internal ones. */
export function endpointAddresses(ep: Msg): string[] {
  const e = msg(ep, 'endpoint')
  const addrs = [get(e, 'address'), ...list(e, 'additional_addresses').map((a) => get(a, 'address'))]
  return addrs.map((a) => {
    const sock = msg(a, 'socket_address')
    if (sock) return `${str(sock, 'address')}:${num(sock, 'port_value')}`
    const pipe = msg(a, 'pipe')
    if (pipe) return str(pipe, 'path')
    const internal = msg(a, 'envoy_internal_address')
    if (internal && get(internal, 'server_listener_name') !== undefined)
      return `envoy://${str(internal, 'server_listener_name')}/${str(internal, 'endpoint_id')}`
    return 'unknown'
  })
}

function endpointMatches(f: EndpointFilter, ep: Msg, cluster: string): boolean {
  if (f.address) {
    const want = f.address.toLowerCase()
    if (!endpointAddresses(ep).some((a) => a.toLowerCase() === want)) return false
  }
  if (f.port && num(path(ep, 'endpoint', 'address', 'socket_address'), 'port_value') !== f.port) return false
  if (f.cluster && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false
  if (f.status && healthStatus(ep).toLowerCase() !== f.status.toLowerCase()) return false
  return true
}

/** The ClusterLoadAssignments with the endpoints the filter keeps (none kept: left out), sorted as clusters. */
export function sortedEndpoints(dump: ConfigDump, filter: EndpointFilter): Msg[] {
  // a dump without endpoints (no ?include_eds) has nothing to show, as istioctl says
  if (!dump.has(SECTION.endpoints)) return []
  const section = dump.section(SECTION.endpoints)
  const out: Msg[] = []
  for (const e of [
    ...list(section, 'dynamic_endpoint_configs'),
    ...list(section, 'static_endpoint_configs'),
  ]) {
    const cla = msg(e, 'endpoint_config')
    if (!cla) continue
    const cluster = str(cla, 'cluster_name')
    let count = 0
    const endpoints = list(cla, 'endpoints').map((llb) => {
      const kept = list(llb, 'lb_endpoints').filter((ep) => endpointMatches(filter, ep, cluster))
      count += kept.length
      return {...llb, ['lb_endpoints' in llb ? 'lb_endpoints' : 'lbEndpoints']: kept}
    })
    if (count > 0) out.push({...cla, ['endpoints' in cla ? 'endpoints' : 'endpoints']: endpoints})
  }
  return goSortSlice(out, (a, b) => subsetKeyLess(str(a, 'cluster_name'), str(b, 'cluster_name')))
}

function locality(l: unknown): string {
  if (!l) return ''
  let s = str(l, 'region')
  if (!str(l, 'zone')) return s
  s += `/${str(l, 'zone')}`
  if (!str(l, 'sub_zone')) return s
  return `${s}/${str(l, 'sub_zone')}`
}

/** `proxy-config endpoint`: NAME STATUS LOCALITY CLUSTER. */
export function endpointSummary(dump: ConfigDump, filter: EndpointFilter, withType = false): string {
  const w = new TabWriter(0, 5).row('NAME', 'STATUS', 'LOCALITY', 'CLUSTER')
  for (const cla of sortedEndpoints(dump, filter))
    for (const llb of list(cla, 'endpoints'))
      for (const ep of list(llb, 'lb_endpoints')) {
        const addr = endpointAddresses(ep).join(',')
        w.row(
          withType ? `endpoint/${addr}` : addr,
          healthStatus(ep),
          locality(get(llb, 'locality')),
          str(cla, 'cluster_name'),
        )
      }
  return w.flush()
}
