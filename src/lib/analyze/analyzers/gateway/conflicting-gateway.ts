import {fullName} from '../../resource.js'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newConflictingGateways} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {LabelIndex, metaLabels, selectorMatches, selectorText} from '../util.js'
import {gatewaySpec} from './servers.js'

function parseSelector(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of text.split(',')) {
    const kv = pair.split('=')
    if (kv.length === 2) out[kv[0]] = kv[1]
  }
  return out
}

/**
 * IST0145 when Gateways on the same workloads (same selector, or overlapping selectors that select a common
 * pod) listen on the same port with a shared host and bind address.
 */
export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  description: "Checks a gateway's selector, port number and hosts",
  inputs: [K.Gateway, K.Pod],
  analyze(ctx) {
    const pods = new LabelIndex(ctx.store.list(K.Pod), metaLabels)
    // selector text -> port -> host -> the gateways serving it there, with their bind address. The last
    // server of a gateway on a port wins, as in istioctl's map.
    const bySelector = new Map<string, Map<string, Map<string, Map<Resource, string>>>>()
    for (const gw of ctx.store.list(K.Gateway)) {
      const sel = selectorText(gatewaySpec(gw).selector ?? {})
      const ports = bySelector.get(sel) ?? new Map<string, Map<string, Map<Resource, string>>>()
      bySelector.set(sel, ports)
      // Only the last server of the gateway on each port counts.
      const lastByPort = new Map(
        (gatewaySpec(gw).servers ?? []).map((sv) => [String(sv.port?.number ?? 0), sv]),
      )
      for (const [port, server] of lastByPort) {
        const hosts = ports.get(port) ?? new Map<string, Map<Resource, string>>()
        ports.set(port, hosts)
        for (const h of server.hosts ?? []) {
          const byGw = hosts.get(h) ?? new Map<Resource, string>()
          hosts.set(h, byGw)
          byGw.set(gw, server.bind ?? '')
        }
      }
    }

    const hitsBySelector = new Map<string, string[]>()
    for (const gw of ctx.store.list(K.Gateway)) {
      const selector = gatewaySpec(gw).selector ?? {}
      const sel = selectorText(selector)
      // Selectors that land on the same workloads: equal, or one contains the other and a pod has both.
      // Computed once per distinct selector: gateways mostly share a handful of selectors. (istioctl also
      // reports a selector no gateway shares as not found; that cannot happen here, where every Gateway's own
      // selector is listed, nor there, where a Gateway without servers fails validation first.)
      let hits = hitsBySelector.get(sel)
      if (!hits) {
        hits = [...bySelector.keys()].filter(
          (x) =>
            x === sel ||
            ((x.includes(sel) || sel.includes(x)) &&
              pods.some(selector, (p) => selectorMatches(parseSelector(x), metaLabels(p)))),
        )
        hitsBySelector.set(sel, hits)
      }
      for (const server of gatewaySpec(gw).servers ?? []) {
        const port = String(server.port?.number ?? 0)
        const conflicts: string[] = []
        for (const x of hits) {
          // Each other gateway counts once per matching selector, however many hosts it shares.
          const others = new Set<Resource>()
          for (const h of server.hosts ?? [])
            for (const [other, bind] of bySelector.get(x)?.get(port)?.get(h) ?? [])
              if (other !== gw && bind === (server.bind ?? '')) others.add(other)
          for (const o of others) conflicts.push(fullName(o))
        }
        if (conflicts.length > 0)
          ctx.report(
            newConflictingGateways(gw, conflicts.sort().join(','), sel, port, (server.hosts ?? []).join(',')),
          )
      }
    }
  },
}
