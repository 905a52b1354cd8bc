import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newDeprecated} from '../../messages.gen.js'
import {specOf} from '../../resource.js'

/** CRDs of the removed rbac.istio.io API. */
const REMOVED_KINDS = new Set(['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding'])

/**
 * IST0002 for deprecated fields and types: VirtualService `fault.delay.percent`, Sidecar
 * `outboundTrafficPolicy.egressProxy`, and CRDs of the removed rbac.istio.io API.
 */
export const deprecationAnalyzer: Analyzer = {
  name: 'deprecation.DeprecationAnalyzer',
  description: 'Checks for deprecated Istio types and fields',
  inputs: [K.VirtualService, K.Sidecar, K.CustomResourceDefinition],
  requires: [],
  analyze(ctx) {
    for (const vs of ctx.store.list(K.VirtualService)) {
      const http = specOf<{http?: ({fault?: {delay?: {percent?: number}}} | null)[]}>(vs).http ?? []
      http.forEach((route) => {
        if ((route?.fault?.delay?.percent ?? 0) > 0)
          ctx.report(
            newDeprecated(
              vs,
              'HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
            ),
          )
      })
    }
    // istioctl gives these no field line: they carry the resource's
    for (const sc of ctx.store.list(K.Sidecar)) {
      if (specOf<{outboundTrafficPolicy?: {egressProxy?: unknown}}>(sc).outboundTrafficPolicy?.egressProxy)
        ctx.report(newDeprecated(sc, 'OutboundTrafficPolicy.EgressProxy ignored'))
    }
    for (const crd of ctx.store.list(K.CustomResourceDefinition)) {
      const spec = specOf<{group?: string; names?: {kind?: string}}>(crd)
      if (spec.group === 'rbac.istio.io' && REMOVED_KINDS.has(spec.names?.kind ?? ''))
        ctx.report(newDeprecated(crd, `Custom resource type rbac.istio.io ${spec.names!.kind} is removed`))
    }
  },
}
