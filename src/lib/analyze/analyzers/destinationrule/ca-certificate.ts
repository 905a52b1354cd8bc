import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newNoServerCertificateVerificationDestinationLevel,
  newNoServerCertificateVerificationPortLevel,
} from '../../messages.gen.js'
import {specOf, fullName} from '../../resource.js'

interface Tls {
  mode?: string
  caCertificates?: string
  credentialName?: string
}
interface DrSpec {
  host?: string
  workloadSelector?: unknown
  trafficPolicy?: {tls?: Tls; portLevelSettings?: {port?: {number?: number}; tls?: Tls}[]}
}

/** Go's text for a PortSelector message (`number:8080`), as istioctl prints it. */
function portText(port: {number?: number} | undefined): string {
  return port?.number ? `number:${port.number}` : ''
}

/** IST0128/IST0129 when TLS origination (SIMPLE or MUTUAL) has no CA to verify the server. */
export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  description: 'Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL',
  inputs: [K.DestinationRule],
  analyze(ctx) {
    for (const dr of ctx.store.list(K.DestinationRule)) {
      const spec = specOf<DrSpec>(dr)
      const unverified = (tls: Tls | undefined) =>
        (tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL') &&
        !tls.caCertificates &&
        !(tls.credentialName && spec.workloadSelector)
      const tls = spec.trafficPolicy?.tls
      if (unverified(tls))
        ctx.report(
          newNoServerCertificateVerificationDestinationLevel(
            dr,
            fullName(dr),
            dr.namespace,
            tls!.mode!,
            spec.host ?? '',
          ),
          ['spec', 'trafficPolicy', 'tls', 'caCertificates'],
        )
      ;(spec.trafficPolicy?.portLevelSettings ?? []).forEach((p, i) => {
        if (unverified(p.tls))
          ctx.report(
            newNoServerCertificateVerificationPortLevel(
              dr,
              fullName(dr),
              dr.namespace,
              p.tls!.mode!,
              spec.host ?? '',
              portText(p.port),
            ),
            ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'caCertificates'],
          )
      })
    }
  },
}
