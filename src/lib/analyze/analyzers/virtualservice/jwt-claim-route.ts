import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newJwtClaimBasedRoutingWithoutRequestAuthN} from '../../messages.gen.js'
import {specOf, fullName} from '../../resource.js'
import {LabelIndex, MESH_GATEWAY, metaLabels, selectorMatches, shortOrFullName} from '../util.js'
import type {VirtualServiceSpec} from './routes.js'

const CLAIM_PREFIX = '@request.auth.claims'

/** Whether a header name routes on a JWT claim (`@request.auth.claims.sub`, `@request.auth.claims[a][b]`). */
export function isClaimHeader(name: string): boolean {
  if (!name.toLowerCase().startsWith(CLAIM_PREFIX)) return false
  const rest = name.slice(CLAIM_PREFIX.length)
  return (
    (rest.startsWith('.') && rest.length > 1) ||
    (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2)
  )
}

/** IST0149 when a VirtualService routes on JWT claims but a gateway pod has no RequestAuthentication. */
export const jwtClaimRouteAnalyzer: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  description:
    'Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication',
  inputs: [K.VirtualService, K.RequestAuthentication, K.Gateway, K.Pod],
  analyze(ctx) {
    const raByNs = new Map<string, Record<string, string>[]>()
    for (const ra of ctx.store.list(K.RequestAuthentication)) {
      const list = raByNs.get(ra.namespace) ?? []
      list.push(specOf<{selector?: {matchLabels?: Record<string, string>}}>(ra).selector?.matchLabels ?? {})
      raByNs.set(ra.namespace, list)
    }
    const pods = new LabelIndex(ctx.store.list(K.Pod), metaLabels)

    for (const vs of ctx.store.list(K.VirtualService)) {
      const spec = specOf<VirtualServiceSpec>(vs)
      let claimKey: string | undefined
      for (const rule of spec.http ?? [])
        for (const m of rule?.match ?? [])
          claimKey ??= [...Object.keys(m.headers ?? {}), ...Object.keys(m.withoutHeaders ?? {})].find(
            isClaimHeader,
          )
      if (!claimKey) continue
      for (const gwName of spec.gateways ?? []) {
        if (gwName === MESH_GATEWAY) continue
        const ref = shortOrFullName(vs.namespace, gwName)
        const gw = ctx.store.get(K.Gateway, ref.namespace, ref.name)
        if (!gw) continue
        const selector = specOf<{selector?: Record<string, string>}>(gw).selector ?? {}
        for (const pod of pods.select(selector)) {
          // The root namespace's policies apply everywhere (istioctl uses istio-system).
          const selectors = [...(raByNs.get('istio-system') ?? []), ...(raByNs.get(pod.namespace) ?? [])]
          if (!selectors.some((s) => selectorMatches(s, metaLabels(pod))))
            ctx.report(newJwtClaimBasedRoutingWithoutRequestAuthN(vs, claimKey, fullName(ref), pod.name))
        }
      }
    }
  },
}
