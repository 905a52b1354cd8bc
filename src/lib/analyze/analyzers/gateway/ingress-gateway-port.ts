import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newGatewayPortNotDefinedOnService, newReferencedResourceNotFound} from '../../messages.gen.js'
import {specOf} from '../../resource.js'
import {LabelIndex, metaLabels, selectorMatches, selectorText} from '../util.js'
import {gatewaySpec, selectorPath} from './servers.js'

interface SvcSpec {
  selector?: Record<string, string>
  ports?: {port?: number; targetPort?: number | string; protocol?: string}[]
}

/**
 * IST0101 when a Gateway's selector matches no pod, IST0162 when a server port is not exposed by a Service
 * in front of the selected pods (by targetPort or port).
 */
export const ingressGatewayPortAnalyzer: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  description: "Checks a gateway's ports against the gateway's Kubernetes service ports",
  inputs: [K.Gateway, K.Pod, K.Service],
  analyze(ctx) {
    const pods = new LabelIndex(ctx.store.list(K.Pod), metaLabels)
    // Services of a pod: those in its namespace whose (non-empty) selector matches it.
    // istioctl counts a server port when a TCP Service port has it as its targetPort (one that is not 0) or as
    // its port: the union of both.
    const portsOf = new Map<string, Set<number>>()
    const servicePorts = (ns: string, labels: Record<string, string>) => {
      const key = `${ns}|${selectorText(labels)}`
      let hit = portsOf.get(key)
      if (!hit) {
        hit = new Set()
        for (const svc of ctx.store.inNamespace(K.Service, ns)) {
          const spec = specOf<SvcSpec>(svc)
          if (!selectorMatches(spec.selector, labels)) continue
          for (const p of spec.ports ?? []) {
            // Kubernetes defaults the protocol to TCP; only TCP ports can carry gateway traffic.
            if ((p.protocol ?? 'TCP') !== 'TCP') continue
            hit.add(Number(p.port))
            // Go's IntOrString.IntValue: a number, or a string that is one all through (strconv.Atoi), else 0
            if (/^[+-]?\d+$/.test(String(p.targetPort))) hit.add(Number(p.targetPort))
          }
        }
        portsOf.set(key, hit)
      }
      return hit
    }

    const exposedBySelector = new Map<string, Set<number>>()
    for (const gw of ctx.store.list(K.Gateway)) {
      const spec = gatewaySpec(gw)
      const selector = spec.selector ?? {}
      const matched = pods.select(selector)
      if (matched.length === 0) {
        ctx.report(newReferencedResourceNotFound(gw, 'selector', selectorText(selector)), selectorPath(gw))
        continue
      }
      // The ports of every Service in front of the selected pods, once per distinct selector.
      const key = selectorText(selector)
      let exposed = exposedBySelector.get(key)
      if (!exposed) {
        exposed = new Set<number>()
        for (const pod of matched) {
          for (const port of servicePorts(pod.namespace, metaLabels(pod))) exposed.add(port)
        }
        exposedBySelector.set(key, exposed)
      }
      for (const server of spec.servers ?? []) {
        const n = server.port?.number
        if (n === undefined) continue
        if (!exposed.has(Number(n)))
          ctx.report(
            newGatewayPortNotDefinedOnService(gw, Number(n), selectorText(selector)),
            selectorPath(gw),
          )
      }
    }
  },
}
