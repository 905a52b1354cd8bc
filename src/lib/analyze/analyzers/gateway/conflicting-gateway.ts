import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newConflictingGateways, newReferencedResourceNotFound} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {LabelIndex, metaLabels, selectorMatches, selectorText} from '../util.js'
import {gatewaySpec, selectorPath} from './servers.js'

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
    // selector text -> port -> gateway -> host -> bind
    const bySelector = new Map<string, Map<string, Map<Resource, Map<string, string>>>>()
    for (const gw of ctx.store.list(K.Gateway)) {
      const sel = selectorText(gatewaySpec(gw).selector ?? {})
      for (const server of gatewaySpec(gw).servers ?? []) {
        const port = String(server.port?.number ?? 0)
        const ports = bySelector.get(sel) ?? new Map()
        bySelector.set(sel, ports)
        const gws = ports.get(port) ?? new Map()
        ports.set(port, gws)
        gws.set(gw, new Map((server.hosts ?? []).map((h) => [h, server.bind ?? ''])))
      }
    }

    for (const gw of ctx.store.list(K.Gateway)) {
      const selector = gatewaySpec(gw).selector ?? {}
      const sel = selectorText(selector)
      // Selectors that land on the same workloads: equal, or one contains the other and a pod has both.
      const hits = [...bySelector.keys()].filter(
        (x) =>
          x === sel ||
          ((x.includes(sel) || sel.includes(x)) &&
            pods.some(selector, (p) => selectorMatches(parseSelector(x), metaLabels(p)))),
      )
      if (sel !== '' && hits.length === 0) {
        ctx.report(newReferencedResourceNotFound(gw, 'selector', sel), selectorPath(gw))
        continue
      }
      for (const server of gatewaySpec(gw).servers ?? []) {
        const port = String(server.port?.number ?? 0)
        const conflicts: string[] = []
        for (const x of hits)
          for (const [other, hosts] of bySelector.get(x)?.get(port) ?? [])
            if (
              other !== gw &&
              (server.hosts ?? []).some((h) => hosts.has(h) && hosts.get(h) === (server.bind ?? ''))
            )
              conflicts.push(`${other.namespace}/${other.name}`)
        if (conflicts.length > 0)
          ctx.report(
            newConflictingGateways(gw, conflicts.sort().join(','), sel, port, (server.hosts ?? []).join(',')),
          )
      }
    }
  },
}
