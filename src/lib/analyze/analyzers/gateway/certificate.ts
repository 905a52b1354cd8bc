import {fullName} from '../../resource.js'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newGatewayDuplicateCertificate} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {gatewaySpec, type GatewaySpec} from './servers.js'

type Tls = NonNullable<NonNullable<GatewaySpec['servers']>[number]['tls']>

/** The identity of a server certificate: a credentialName, or a certificate and key file pair. */
function certKey(tls: Tls): string | undefined {
  if (tls.credentialName) return `credential:${tls.credentialName}`
  if (tls.serverCertificate && tls.privateKey) return `files:${tls.serverCertificate}\u0000${tls.privateKey}`
  return undefined
}

/** Whether every label of `a` is in `b` with the same value. */
function selectorSubset(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([k, v]) => b[k] === v)
}

/**
 * IST0138 when two Gateways that can land on the same workloads (the other's selector includes this one's)
 * serve the same certificate. Gateways are indexed by certificate, so only sharers are compared.
 */
export const certificateAnalyzer: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  description: 'Checks a gateway certificate',
  inputs: [K.Gateway],
  analyze(ctx) {
    const byCert = new Map<string, Set<Resource>>()
    for (const gw of ctx.store.list(K.Gateway))
      for (const s of gatewaySpec(gw).servers ?? []) {
        const key = s.tls && certKey(s.tls)
        if (!key) continue
        const set = byCert.get(key) ?? new Set()
        set.add(gw)
        byCert.set(key, set)
      }
    for (const gw of ctx.store.list(K.Gateway)) {
      const selector = gatewaySpec(gw).selector ?? {}
      for (const s of gatewaySpec(gw).servers ?? []) {
        const key = s.tls && certKey(s.tls)
        if (!key) continue
        for (const other of byCert.get(key)!) {
          if (other === gw || !selectorSubset(selector, gatewaySpec(other).selector ?? {})) continue
          ctx.report(newGatewayDuplicateCertificate(gw, [fullName(gw), fullName(other)]), [
            'metadata',
            'name',
          ])
        }
      }
    }
  },
}
