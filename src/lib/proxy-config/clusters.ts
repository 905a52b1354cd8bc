import {inputError} from '../errors.js'
import {TabWriter} from '../text/tabwriter.js'
import {type Msg, get, list, msg, num, str} from './dump.js'
import type {EndpointFilter} from './endpoint.js'

const HEALTH = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED']

/** Envoy's `/clusters?format=json` (envoy.admin.v3.Clusters): what `proxy-config endpoint` reads. */
export class ClusterStatuses {
  constructor(readonly statuses: readonly Msg[]) {}

  static parse(text: string, where: string): ClusterStatuses {
    let v: unknown
    try {
      v = JSON.parse(text)
    } catch (e) {
      throw inputError(`${where}: not Envoy /clusters JSON: ${(e as Error).message}`)
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw inputError(`${where}: not Envoy /clusters JSON: expected an object`)
    return new ClusterStatuses(list(v, 'cluster_statuses'))
  }
}

function hostAddress(h: Msg): string {
  const a = msg(h, 'address')
  const sock = msg(a, 'socket_address')
  if (sock) return str(sock, 'address')
  const pipe = msg(a, 'pipe')
  if (pipe) return `unix://${str(pipe, 'path')}`
  const internal = msg(a, 'envoy_internal_address')
  if (internal && get(internal, 'server_listener_name') !== undefined)
    return `envoy://${str(internal, 'server_listener_name')}/${str(internal, 'endpoint_id')}`
  return 'unknown'
}

const hostPort = (h: Msg) => num(msg(msg(h, 'address'), 'socket_address'), 'port_value')

function hostStatus(h: Msg): string {
  const s = get(msg(h, 'health_status'), 'eds_health_status')
  return typeof s === 'string' ? s : (HEALTH[Number(s ?? 0)] ?? String(s))
}

function hostMatches(f: EndpointFilter, h: Msg, cluster: string): boolean {
  if (f.address && hostAddress(h).toLowerCase() !== f.address.toLowerCase()) return false
  if (f.port && hostPort(h) !== f.port) return false
  if (f.cluster && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false
  if (f.status && hostStatus(h).toLowerCase() !== f.status.toLowerCase()) return false
  return true
}

/** `proxy-config endpoint`: ENDPOINT STATUS OUTLIER CHECK CLUSTER, sorted by address, port, cluster. */
export function clusterEndpointSummary(c: ClusterStatuses, filter: EndpointFilter): string {
  const rows: {address: string; port: number; cluster: string; status: string; outlier: boolean}[] = []
  for (const cs of c.statuses)
    for (const h of list(cs, 'host_statuses'))
      if (hostMatches(filter, h, str(cs, 'name')))
        rows.push({
          address: hostAddress(h),
          port: hostPort(h),
          cluster: str(cs, 'name'),
          status: hostStatus(h),
          outlier: get(msg(h, 'health_status'), 'failed_outlier_check') === true,
        })
  rows.sort((a, b) =>
    a.address !== b.address
      ? a.address < b.address
        ? -1
        : 1
      : a.port !== b.port
        ? a.port - b.port
        : a.cluster < b.cluster
          ? -1
          : a.cluster > b.cluster
            ? 1
            : 0,
  )
  const w = new TabWriter(0, 5).row('ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER')
  for (const r of rows)
    w.row(
      r.port !== 0 ? `${r.address}:${r.port}` : r.address,
      r.status,
      r.outlier ? 'FAILED' : 'OK',
      r.cluster,
    )
  return w.flush()
}

/** The cluster statuses with at least one host the filter keeps (`-o json|yaml`). */
export function clusterEndpointDump(c: ClusterStatuses, filter: EndpointFilter): Msg[] {
  return c.statuses.filter((cs) =>
    list(cs, 'host_statuses').some((h) => hostMatches(filter, h, str(cs, 'name'))),
  )
}
