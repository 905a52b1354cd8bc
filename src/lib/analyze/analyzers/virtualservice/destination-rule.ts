import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newReferencedResourceNotFound} from '../../messages.gen.js'
import {specOf} from '../../resource.js'
import {nameFromHost} from '../util.js'
import {destinations} from './routes.js'

/** IST0101 when a route or mirror names a subset no DestinationRule for that host defines. */
export const destinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  description: 'Checks the destination rules associated with each virtual service',
  inputs: [K.VirtualService, K.DestinationRule],
  analyze(ctx) {
    const key = (defaultNs: string, host: string, subset: string) => {
      const n = nameFromHost(defaultNs, host)
      return `${n.namespace}/${n.name}|${subset}`
    }
    const known = new Set<string>()
    for (const dr of ctx.store.list(K.DestinationRule)) {
      const spec = specOf<{host?: string; subsets?: {name?: string}[]}>(dr)
      for (const s of spec.subsets ?? []) known.add(key(dr.namespace, spec.host ?? '', s.name ?? ''))
    }
    for (const vs of ctx.store.list(K.VirtualService)) {
      for (const d of destinations(vs)) {
        const {host = '', subset = ''} = d.destination
        if (subset === '' || known.has(key(vs.namespace, host, subset))) continue
        const what = d.mirror ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule'
        ctx.report(newReferencedResourceNotFound(vs, what, `${host}+${subset}`), d.path)
      }
    }
  },
}
