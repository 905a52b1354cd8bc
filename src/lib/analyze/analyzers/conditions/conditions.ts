import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newNegativeConditionStatus} from '../../messages.gen.js'
import type {KindRef} from '../../resource.js'

interface Condition {
  type?: string
  status?: string
  reason?: string
  message?: string
}

/** Per kind, the condition types reported when False (istioctl's negativeConditionsToReport). */
const NEGATIVE: readonly [KindRef, readonly string[]][] = [
  [K.Service, ['istio.io/WaypointBound']],
  [K.ServiceEntry, ['istio.io/WaypointBound']],
  [K.WorkloadEntry, ['istio.io/WaypointBound']],
  [K.AuthorizationPolicy, ['ZtunnelAccepted', 'WaypointAccepted']],
  [K.KubernetesGateway, ['Accepted', 'Programmed', 'ResolvedRefs']],
  [K.HTTPRoute, ['Accepted', 'Programmed', 'ResolvedRefs']],
  [K.GRPCRoute, ['Accepted', 'Programmed', 'ResolvedRefs']],
]

/** A resource's conditions: `status.conditions`, or for routes those of every `status.parents[]`. */
function conditionsOf(kind: KindRef, status: unknown): Condition[] {
  const s = (status ?? {}) as {conditions?: Condition[]; parents?: {conditions?: Condition[]}[]}
  if (kind === K.HTTPRoute || kind === K.GRPCRoute)
    return (s.parents ?? []).flatMap((p) => p.conditions ?? [])
  return Array.isArray(s.conditions) ? s.conditions : []
}

/**
 * IST0171 for each negative status condition a controller wrote: waypoint binding of services, waypoint
 * and ztunnel acceptance of authorization policies (also a `PartiallyInvalid` WaypointAccepted), and
 * acceptance, programming and reference resolution of Gateway API gateways and routes.
 */
export const conditionAnalyzer: Analyzer = {
  name: 'conditions.ConditionAnalyzer',
  description: 'Checks for negative status conditions on resources',
  inputs: NEGATIVE.map(([k]) => k),
  // Gateway API kinds are often not installed; Services decide, as istioctl skips it without them offline.
  requires: [K.Service],
  analyze(ctx) {
    for (const [kind, types] of NEGATIVE)
      for (const r of ctx.store.list(kind))
        for (const c of conditionsOf(kind, r.object.status)) {
          const report = () =>
            ctx.report(newNegativeConditionStatus(r, c.type ?? '', c.reason ?? '', c.message ?? ''))
          if (c.status === 'False' && types.includes(c.type ?? '')) report()
          // reported as well (so twice when also False), as istioctl does
          if (
            kind === K.AuthorizationPolicy &&
            c.type === 'WaypointAccepted' &&
            c.reason === 'PartiallyInvalid'
          )
            report()
        }
  },
}
