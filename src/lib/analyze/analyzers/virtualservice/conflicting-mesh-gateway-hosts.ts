import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newConflictingMeshGatewayVirtualServiceHosts} from '../../messages.gen.js'
import {specOf, type Resource, fullName} from '../../resource.js'
import {EXPORT_ALL, EXPORT_LOCAL, hostsMatch, MESH_GATEWAY, toFqdn} from '../util.js'
import type {VirtualServiceSpec} from './routes.js'

/** IST0109 when VirtualServices bound to the mesh gateway, visible in the same namespaces, share a host. */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description: 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  inputs: [K.VirtualService],
  analyze(ctx) {
    // `scope/fqdn` -> VirtualServices, for those bound to the mesh gateway.
    const byScopedHost = new Map<string, Resource[]>()
    const exportedWildcards: {host: string; vss: Resource[]}[] = []
    for (const vs of ctx.store.list(K.VirtualService)) {
      const spec = specOf<VirtualServiceSpec>(vs)
      const gateways = spec.gateways ?? []
      if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) continue
      const exportTo = spec.exportTo ?? []
      const scopes =
        exportTo.length === 0 || exportTo.includes(EXPORT_ALL)
          ? [EXPORT_ALL]
          : [...new Set(exportTo.map((e) => (e === EXPORT_LOCAL ? vs.namespace : e)))]
      for (const scope of scopes)
        for (const h of spec.hosts ?? []) {
          const key = `${scope}/${toFqdn(vs.namespace, h)}`
          const list = byScopedHost.get(key)
          if (list) list.push(vs)
          else {
            const fresh = [vs]
            byScopedHost.set(key, fresh)
            if (scope === EXPORT_ALL && h.startsWith('*'))
              exportedWildcards.push({host: toFqdn(vs.namespace, h), vss: fresh})
          }
        }
    }

    const reported = new Set<Resource>()
    for (const [scopedHost, own] of byScopedHost) {
      const slash = scopedHost.indexOf('/')
      const scope = scopedHost.slice(0, slash)
      const host = scopedHost.slice(slash + 1)
      let vss = own
      if (scope !== EXPORT_ALL) {
        // VirtualServices exported everywhere with a matching host conflict here too.
        const extra = new Set<Resource>(byScopedHost.get(`${EXPORT_ALL}/${host}`) ?? [])
        const candidates = host.startsWith('*')
          ? [...byScopedHost]
              .filter(([k]) => k.startsWith(`${EXPORT_ALL}/`))
              .map(([k, v]) => ({host: k.slice(2), vss: v}))
          : exportedWildcards
        for (const c of candidates) if (hostsMatch(host, c.host)) for (const v of c.vss) extra.add(v)
        vss = [...own, ...extra]
      }
      if (vss.length < 2) continue
      const names = vss
        .map((v) => fullName(v))
        .sort()
        .join(',')
      for (const vs of vss) {
        if (reported.has(vs)) continue
        reported.add(vs)
        ctx.report(newConflictingMeshGatewayVirtualServiceHosts(vs, names, scopedHost), ['metadata', 'name'])
      }
    }
  },
}
