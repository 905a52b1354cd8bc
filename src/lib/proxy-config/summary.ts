import {bootstrapSummary} from './bootstrap.js'
import {type ClusterFilter, clusterSummary} from './cluster.js'
import type {ConfigDump} from './dump.js'
import {type EndpointFilter, endpointSummary} from './endpoint.js'
import {type ListenerFilter, listenerSummary} from './listener.js'
import {type RouteFilter, routeSummary} from './route.js'
import {secretSummary} from './secret.js'

export interface AllFilters {
  cluster: ClusterFilter
  listener: ListenerFilter
  route: RouteFilter
  endpoint: EndpointFilter
  withHeaders?: boolean
  now?: Date
}

/** `proxy-config all`: bootstrap, clusters, listeners, routes, secrets, endpoints, each name typed. */
export function fullSummary(dump: ConfigDump, f: AllFilters): string {
  const parts: [string, () => string][] = [
    ['BOOTSTRAP INFO', () => bootstrapSummary(dump)],
    ['CLUSTER INFO', () => clusterSummary(dump, f.cluster, true)],
    ['LISTENER INFO', () => listenerSummary(dump, f.listener, true)],
    ['ROUTE INFO', () => routeSummary(dump, f.route, true)],
    ['SECRET INFO', () => secretSummary(dump, true, f.now)],
    ['ENDPOINTS INFO', () => endpointSummary(dump, f.endpoint, true)],
  ]
  // istioctl stops at the first failing part, after printing the parts before it
  let out = ''
  parts.forEach(([title, render], i) => {
    if (f.withHeaders) out += `------ ${title} ------\n\n`
    try {
      out += render()
    } catch (e) {
      throw Object.assign(e as Error, {partialOutput: out})
    }
    if (i < parts.length - 1) out += '\n'
  })
  return out
}
