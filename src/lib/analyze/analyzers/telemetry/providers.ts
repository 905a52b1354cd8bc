import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newInvalidTelemetryProvider} from '../../messages.gen.js'
import {telemetrySpec} from './common.js'

/**
 * IST0157 for each enabled access-logging entry of a Telemetry that names no provider, when the mesh
 * config sets no default access-logging provider either (the entry would then be ignored).
 */
export const telemetryProviderAnalyzer: Analyzer = {
  name: 'telemetry.ProviderAnalyzer',
  description: 'Validates that providers in telemetry resource is valid',
  inputs: [K.Telemetry],
  analyze(ctx) {
    const defaults = ctx.mesh.defaultProviders as {accessLogging?: unknown[]} | undefined
    if ((defaults?.accessLogging?.length ?? 0) > 0) return
    for (const t of ctx.store.list(K.Telemetry))
      for (const entry of telemetrySpec(t).accessLogging ?? []) {
        if (entry?.disabled === true) continue
        if ((entry?.providers?.length ?? 0) === 0)
          ctx.report(newInvalidTelemetryProvider(t, t.name, t.namespace))
      }
  },
}
