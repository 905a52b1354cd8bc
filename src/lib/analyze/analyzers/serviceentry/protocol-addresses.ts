import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import type {MeshConfig} from '../../mesh.js'
import {newServiceEntryAddressesRequired} from '../../messages.gen.js'
import {specOf, type Resource} from '../../resource.js'

interface SeSpec {
  addresses?: string[] | null
  ports?: {name?: string; protocol?: string}[]
}

/**
 * Whether proxies allocate ServiceEntry addresses themselves: DNS capture on, plus one of the two
 * auto-allocation switches, in the mesh-wide proxy metadata.
 */
function meshAllocatesAddresses(mesh: MeshConfig): boolean {
  const meta = (mesh.defaultConfig?.proxyMetadata ?? {}) as Record<string, unknown>
  if (meta.ISTIO_META_DNS_CAPTURE !== 'true') return false
  return meta.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || meta.PILOT_ENABLE_IP_AUTOALLOCATE === 'true'
}

/** Whether istiod already allocated addresses (written to the ServiceEntry's status). */
function statusHasAddresses(se: Resource): boolean {
  const status = se.object.status as {addresses?: unknown[]} | undefined
  return (status?.addresses?.length ?? 0) > 0
}

/**
 * IST0134 for each TCP (or protocol-less) port of a ServiceEntry that has no addresses, unless the
 * addresses are allocated (in its status, or by the proxies per the mesh config).
 */
export const serviceEntryProtocolAddressesAnalyzer: Analyzer = {
  name: 'serviceentry.Analyzer',
  description: 'Checks the validity of ServiceEntry',
  inputs: [K.ServiceEntry],
  analyze(ctx) {
    if (meshAllocatesAddresses(ctx.mesh)) return
    for (const se of ctx.store.list(K.ServiceEntry)) {
      const spec = specOf<SeSpec>(se)
      if ((spec.addresses?.length ?? 0) > 0 || statusHasAddresses(se)) continue
      ;(spec.ports ?? []).forEach((port, i) => {
        const protocol = port?.protocol ?? ''
        // istioctl points at the port's name, or at the resource when the port has none
        if (protocol === '' || protocol.toUpperCase() === 'TCP')
          ctx.report(
            newServiceEntryAddressesRequired(se),
            port?.name !== undefined ? ['spec', 'ports', i, 'name'] : undefined,
          )
      })
    }
  },
}
