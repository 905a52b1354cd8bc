import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newIngressRouteRulesNotAffected,
  newReferencedResourceNotFound,
  newVirtualServiceDestinationPortSelectorRequired,
} from '../../messages.gen.js'
import {specOf, fullName} from '../../resource.js'
import {pushTo} from '../../store.js'
import {ServiceIndex, toFqdn} from '../util.js'
import {destinations, type VirtualServiceSpec} from './routes.js'

/**
 * IST0101 (route or mirror host, or host:port, not found), IST0112 (several ports, none chosen) and IST0140
 * (subset routing that a gateway-bound VirtualService elsewhere makes ineffective).
 */
export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  description: 'Checks the destination hosts associated with each virtual service',
  inputs: [K.VirtualService, K.ServiceEntry, K.Service],
  analyze(ctx) {
    const services = new ServiceIndex(ctx.store)
    const vss = ctx.store.list(K.VirtualService)

    // Hosts routed to with a subset, for IST0140 (one entry per such destination), keyed by the host
    // resolved in the routing VirtualService's namespace. istioctl compares the host strings as written, so
    // a short host (`catalog`) in N namespaces gives N×N findings where N are real: we resolve it, as for
    // IST0101 (deviation `ist0140-resolved-hosts`), which also keeps this linear.
    const subsetRoutes = new Map<string, string[]>()
    for (const vs of vss) {
      const spec = specOf<VirtualServiceSpec>(vs)
      const own = new Set(spec.hosts ?? [])
      for (const rule of spec.http ?? [])
        for (const r of rule?.route ?? [])
          if (r.destination?.subset && own.has(r.destination.host ?? ''))
            pushTo(subsetRoutes, toFqdn(vs.namespace, r.destination.host!), fullName(vs))
    }

    for (const vs of vss) {
      const spec = specOf<VirtualServiceSpec>(vs)
      for (const d of destinations(vs)) {
        const host = d.destination.host ?? ''
        const target = services.resolve(vs.namespace, spec.exportTo, host)
        if (!target) {
          ctx.report(newReferencedResourceNotFound(vs, d.mirror ? 'mirror host' : 'host', host), d.path)
          continue
        }
        const port = d.destination.port?.number
        if (port === undefined) {
          if (target.ports.length > 1)
            ctx.report(
              newVirtualServiceDestinationPortSelectorRequired(
                vs,
                host,
                target.ports.map((p) => p.number),
              ),
              d.path,
            )
        } else if (!target.ports.some((p) => p.number === Number(port))) {
          ctx.report(newReferencedResourceNotFound(vs, 'host:port', `${host}:${port}`), d.path)
        }
      }

      if ((spec.gateways ?? []).length === 0) continue
      ;(spec.http ?? []).forEach((rule, i) =>
        (rule?.route ?? []).forEach((r, j) => {
          if (r.destination?.subset) return
          for (const other of subsetRoutes.get(toFqdn(vs.namespace, r.destination?.host ?? '')) ?? [])
            ctx.report(newIngressRouteRulesNotAffected(vs, other, fullName(vs)), [
              'spec',
              'http',
              i,
              'route',
              j,
              'destination',
              'host',
            ])
        }),
      )
    }
  },
}
