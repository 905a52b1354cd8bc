import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newConflictingTelemetryWorkloadSelectors} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {podSelector, selectPods} from '../util.js'
import {sortedNames, telemetrySpec} from './common.js'

/**
 * IST0101 when a Telemetry's selector matches no pod of its namespace, IST0159 on each Telemetry when
 * several select the same pod. Telemetries without selector labels are left to the default-selector check.
 */
export const telemetrySelectorAnalyzer: Analyzer = {
  name: 'telemetry.SelectorAnalyzer',
  description:
    'Validates that telemetries that define a selector match at least one pod, and that there ' +
    "aren't multiple telemetry resources that select overlapping pods",
  inputs: [K.Telemetry, K.Pod],
  analyze(ctx) {
    const podsIn = podSelector(ctx.store)
    const podsToTelemetries = new Map<Resource, Resource[]>()
    for (const t of ctx.store.list(K.Telemetry)) {
      const labels = telemetrySpec(t).selector?.matchLabels ?? {}
      if (Object.keys(labels).length === 0) continue
      selectPods(ctx, podsIn, t, labels, ['spec', 'selector', 'matchLabels'], podsToTelemetries)
    }
    for (const [pod, list] of podsToTelemetries) {
      if (list.length < 2) continue
      const names = sortedNames(list)
      for (const t of list)
        ctx.report(newConflictingTelemetryWorkloadSelectors(t, names, pod.namespace, pod.name), [
          'metadata',
          'name',
        ])
    }
  },
}
