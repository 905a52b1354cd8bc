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
    const portsOf = new Map<string, {targets: Set<number>; ports: Set<number>}>()
    const servicePorts = (ns: string, labels: Record<string, string>) => {
      const key = `${ns}|${selectorText(labels)}`
      let hit = portsOf.get(key)
      if (!hit) {
        hit = {targets: new Set(), ports: new Set()}
        for (const svc of ctx.store.inNamespace(K.Service, ns)) {
          const spec = specOf<SvcSpec>(svc)
          if (!selectorMatches(spec.selector, labels)) continue
          for (const p of spec.ports ?? []) {
            // Kubernetes defaults the protocol to TCP; only TCP ports can carry gateway traffic.
            if ((p.protocol ?? 'TCP') !== 'TCP') continue
            const target =
              typeof p.targetPort === 'number'
                ? p.targetPort
                : Number.parseInt(String(p.targetPort ?? ''), 10)
            if (Number.isInteger(target) && target !== 0) {
              hit.targets.add(target)
              hit.ports.add(Number(p.port))
            } else hit.targets.add(Number(p.port))
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
          const sp = servicePorts(pod.namespace, metaLabels(pod))
          sp.targets.forEach((t) => exposed!.add(t))
          sp.ports.forEach((p) => exposed!.add(p))
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
