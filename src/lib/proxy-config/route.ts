import {TabWriter} from '../text/tabwriter.js'
import {
  type ConfigDump,
  type Msg,
  SECTION,
  describeManagement,
  entries,
  get,
  goSortSlice,
  list,
  msg,
  str,
} from './dump.js'
import {describeRouteMatch, isPassthrough} from './listener.js'

export interface RouteFilter {
  name?: string
  verbose?: boolean
}

/** Dynamic then static route configs, in istioctl's order (numeric names ascending, others kept). */
export function sortedRoutes(dump: ConfigDump): Msg[] {
  const section = dump.section(SECTION.routes)
  const routes = entries(section, ['dynamic_route_configs', 'static_route_configs'], 'route_config')
  if (routes.length === 0) throw new Error('no routes found')
  const atoi = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined)
  // istioctl's comparator: false unless both names are numbers
  return goSortSlice(routes, (a, b) => {
    const x = atoi(str(a, 'name'))
    const y = atoi(str(b, 'name'))
    return x !== undefined && y !== undefined && x < y
  })
}

/** Domains of a virtual host: ports and redundant `.svc[.cluster.local]` forms dropped, at most 2 shown. */
export function describeRouteDomains(domains: readonly string[]): string {
  if (domains.length === 0) return ''
  if (domains.length === 1) return domains[0]!
  const withoutPort = domains.filter(
    (d) => !d.includes(':') || (d.split(':').length - 1 > 2 && d.endsWith(']')),
  )
  const unique = new Set(withoutPort)
  const drop = new Set<string>()
  for (const h of withoutPort) {
    const full = h.endsWith('.svc.cluster.local') ? h.slice(0, -'.svc.cluster.local'.length) : h
    if (full !== h && unique.has(full)) drop.add(h)
    const partial = h.endsWith('.svc') ? h.slice(0, -'.svc'.length) : h
    if (partial !== h && unique.has(partial)) drop.add(h)
  }
  const kept = withoutPort.filter((h) => !drop.has(h))
  if (kept.length > 2) return `${kept.slice(0, 2).join(', ')} + ${kept.length - 2} more...`
  return kept.join(', ')
}

/** `proxy-config route`: a line per route (verbose) or per route config with its virtual host count. */
export function routeSummary(dump: ConfigDump, filter: RouteFilter, withType = false): string {
  const w = new TabWriter(0, 5)
  if (filter.verbose) w.row('NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE')
  else w.row('NAME', 'VIRTUAL HOSTS')
  for (const rc of sortedRoutes(dump)) {
    if (filter.name && filter.name !== str(rc, 'name')) continue
    const name = withType ? `route/${str(rc, 'name')}` : str(rc, 'name')
    const vhosts = list(rc, 'virtual_hosts')
    if (!filter.verbose) {
      w.row(name, vhosts.length)
      continue
    }
    for (const vh of vhosts) {
      const domains = describeRouteDomains((get(vh, 'domains') as string[] | undefined) ?? [])
      const routes = list(vh, 'routes')
      for (const r of routes)
        if (!isPassthrough(r))
          w.row(
            name,
            str(vh, 'name'),
            domains,
            describeRouteMatch(msg(r, 'match')),
            describeManagement(get(r, 'metadata')),
          )
      if (routes.length === 0) w.row(name, str(vh, 'name'), domains, '/*', '404')
    }
  }
  return w.flush()
}

export function routeDump(dump: ConfigDump, filter: RouteFilter): Msg[] {
  return sortedRoutes(dump).filter((r) => !filter.name || filter.name === str(r, 'name'))
}
