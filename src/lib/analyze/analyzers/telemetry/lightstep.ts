import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newDeprecated} from '../../messages.gen.js'
import {extensionProviders, telemetrySpec} from './common.js'

/** IST0002 for each tracing provider of a Telemetry that is a Lightstep extension provider in the mesh config. */
export const telemetryLightstepAnalyzer: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  description: 'Validates that lightstep provider is still used',
  inputs: [K.Telemetry],
  analyze(ctx) {
    const lightstep = new Set(
      extensionProviders(ctx.mesh)
        .filter((p) => p.lightstep != null && typeof p.name === 'string')
        .map((p) => p.name!),
    )
    if (lightstep.size === 0) return
    for (const t of ctx.store.list(K.Telemetry))
      for (const tracing of telemetrySpec(t).tracing ?? [])
        for (const p of tracing?.providers ?? [])
          if (p?.name !== undefined && lightstep.has(p.name))
            ctx.report(
              newDeprecated(
                t,
                `The Lightstep provider ${p.name} is deprecated, please migrate to OpenTelemetry provider.`,
              ),
            )
  },
}
