import {fullName} from '../../resource.js'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newConflictingGateways, newReferencedResourceNotFound} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {LabelIndex, metaLabels, selectorText} from '../util.js'
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
    // selector text -> port -> host -> the gateways serving it there, with their bind address. The last
    // server of a gateway on a port wins, as in istioctl's map.
    const bySelector = new Map<string, Map<string, Map<string, Map<Resource, string>>>>()
    for (const gw of ctx.store.list(K.Gateway)) {
      const sel = selectorText(gatewaySpec(gw).selector ?? {})
      // Only the last server of the gateway on each port counts.
      const lastByPort = new Map(
        (gatewaySpec(gw).servers ?? []).map((sv) => [String(sv.port?.number ?? 0), sv]),
      )
      // istioctl keys its map by selector and port: a gateway without servers adds no selector
      if (lastByPort.size === 0) continue
      const ports = bySelector.get(sel) ?? new Map<string, Map<string, Map<Resource, string>>>()
      bySelector.set(sel, ports)
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

    // Selectors that land on the same workloads: equal, or one contains the other (as text, like istioctl)
    // and a pod has both. Found through the pods rather than by comparing every pair of selectors: each
    // pod lists the gateway selectors it matches, so a selector's candidates are those of its own pods.
    const selectorsOfPod = new Map<Resource, string[]>()
    for (const x of bySelector.keys())
      for (const p of pods.select(parseSelector(x))) pushTo(selectorsOfPod, p, x)
    const hitsBySelector = new Map<string, string[]>()
    for (const gw of ctx.store.list(K.Gateway)) {
      const selector = gatewaySpec(gw).selector ?? {}
      const sel = selectorText(selector)
      let hits = hitsBySelector.get(sel)
      if (!hits) {
        const found = new Set<string>(bySelector.has(sel) ? [sel] : [])
        for (const p of pods.select(selector))
          for (const x of selectorsOfPod.get(p) ?? []) if (x.includes(sel) || sel.includes(x)) found.add(x)
        hits = [...found]
        hitsBySelector.set(sel, hits)
      }
      if (sel !== '' && hits.length === 0) {
        ctx.report(newReferencedResourceNotFound(gw, 'selector', sel), selectorPath(gw))
        continue
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
