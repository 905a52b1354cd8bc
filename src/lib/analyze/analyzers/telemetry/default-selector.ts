import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newMultipleTelemetriesWithoutWorkloadSelectors} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {sortedNames, telemetrySpec} from './common.js'

/**
 * IST0160 on each Telemetry of a namespace that has several without a selector. Unlike the selector
 * analyzer it needs no Pods, so it runs offline too.
 */
export const telemetryDefaultSelectorAnalyzer: Analyzer = {
  name: 'telemetry.DefaultSelectorAnalyzer',
  description: "Validates that there aren't multiple telemetry resources that have no selector",
  inputs: [K.Telemetry],
  analyze(ctx) {
    const selectorless = new Map<string, Resource[]>()
    for (const t of ctx.store.list(K.Telemetry)) {
      // An empty `selector: {}` is still a selector here (istioctl tests for a missing one).
      if (telemetrySpec(t).selector != null) continue
      pushTo(selectorless, t.namespace, t)
    }
    for (const [ns, list] of selectorless) {
      if (list.length < 2) continue
      const names = sortedNames(list)
      for (const t of list) ctx.report(newMultipleTelemetriesWithoutWorkloadSelectors(t, names, ns))
    }
  },
}
