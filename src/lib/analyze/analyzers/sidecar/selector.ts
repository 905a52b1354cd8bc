import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newConflictingSidecarWorkloadSelectors,
  newIneffectivePolicy,
  newMultipleSidecarsWithoutWorkloadSelectors,
} from '../../messages.gen.js'
import {annotationsOf, labelsOf, specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {podSelector, selectPods} from '../util.js'

const podInAmbient = (pod: Resource) => annotationsOf(pod)['ambient.istio.io/redirection'] === 'enabled'

function namespaceInAmbient(ns: Resource | undefined): boolean {
  if (!ns) return false
  const l = labelsOf(ns)
  if (l['istio-injection'] === 'enabled' || l['istio.io/rev']) return false
  return l['istio.io/dataplane-mode'] === 'ambient'
}

const names = (list: readonly Resource[]) => list.map((r) => r.name).sort()

/**
 * IST0101 when a Sidecar's workload selector matches no pod in its namespace, IST0110 when several Sidecars
 * select one pod, IST0111 when a namespace has several selector-less Sidecars, IST0167 when the selected
 * workload or namespace is in ambient mode.
 */
export const sidecarSelectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  description:
    'Validates that sidecars that define a workload selector match at least one pod, and that there ' +
    "aren't multiple sidecar resources that select overlapping pods",
  inputs: [K.Sidecar, K.Pod, K.Namespace],
  // Selector-less Sidecars need nothing else; the pod checks run only when pods are known.
  requires: [K.Sidecar],
  analyze(ctx) {
    const podsKnown = ctx.available(K.Pod)
    const podsIn = podSelector(ctx.store)
    const podsToSidecars = new Map<Resource, Resource[]>()
    const selectorless = new Map<string, Resource[]>()
    for (const sc of ctx.store.list(K.Sidecar)) {
      const labels =
        specOf<{workloadSelector?: {labels?: Record<string, string>}}>(sc).workloadSelector?.labels ?? {}
      if (Object.keys(labels).length === 0) {
        pushTo(selectorless, sc.namespace, sc)
        continue
      }
      if (!podsKnown) continue
      selectPods(ctx, podsIn, sc, labels, ['spec', 'workloadSelector', 'labels'], podsToSidecars)
    }

    const reported = new Set<Resource>()
    for (const [pod, sidecars] of podsToSidecars) {
      const ambient = podInAmbient(pod)
      if (sidecars.length === 1 && !ambient) continue
      for (const sc of sidecars) {
        if (ambient) {
          if (!reported.has(sc))
            ctx.report(
              newIneffectivePolicy(sc, 'selected workload is in ambient mode, the policy has no impact'),
            )
          reported.add(sc)
          continue
        }
        ctx.report(newConflictingSidecarWorkloadSelectors(sc, names(sidecars), pod.namespace, pod.name), [
          'metadata',
          'name',
        ])
      }
    }
    for (const [ns, sidecars] of selectorless) {
      if (namespaceInAmbient(ctx.store.get(K.Namespace, '', ns))) {
        // (selector-less Sidecars selected no pod above, so none was reported yet)
        for (const sc of sidecars)
          ctx.report(newIneffectivePolicy(sc, 'namespace is in ambient mode, the policy has no impact'))
        continue
      }
      if (sidecars.length > 1)
        for (const sc of sidecars)
          ctx.report(newMultipleSidecarsWithoutWorkloadSelectors(sc, names(sidecars), ns))
    }
  },
}
