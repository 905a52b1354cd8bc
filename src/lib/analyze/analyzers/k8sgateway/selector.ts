import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newIneffectiveSelector} from '../../messages.gen.js'
import {labelsOf, specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {selectorMatches} from '../util.js'

const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name'

/**
 * IST0166 for each Kubernetes Gateway pod (labelled with its gateway's name) that a policy's workload
 * `selector` matches: such pods are configured by `targetRef`, so the selector has no effect on them.
 * Policies with a `targetRef` are skipped.
 */
export const k8sGatewaySelectorAnalyzer: Analyzer = {
  name: 'k8sgateway.SelectorAnalyzer',
  description: 'Check that selectors are effective for Kubernetes gateway',
  inputs: [K.AuthorizationPolicy, K.RequestAuthentication, K.Telemetry, K.WasmPlugin, K.Pod],
  requires: [K.Pod],
  analyze(ctx) {
    const gatewayPods = new Map<string, Resource[]>()
    for (const pod of ctx.store.list(K.Pod))
      if (GATEWAY_NAME in labelsOf(pod)) pushTo(gatewayPods, pod.namespace, pod)

    for (const kind of [K.AuthorizationPolicy, K.RequestAuthentication, K.Telemetry, K.WasmPlugin])
      for (const r of ctx.store.list(kind)) {
        const spec = specOf<{targetRef?: unknown; selector?: {matchLabels?: Record<string, string>}}>(r)
        if (spec.targetRef || !spec.selector) continue
        for (const pod of gatewayPods.get(r.namespace) ?? [])
          if (selectorMatches(spec.selector.matchLabels, labelsOf(pod)))
            ctx.report(newIneffectiveSelector(r, labelsOf(pod)[GATEWAY_NAME])) // at the resource line, as istioctl
      }
  },
}
