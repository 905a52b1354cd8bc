import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newUnknownMeshNetworksServiceRegistry} from '../../messages.gen.js'
import {labelsOf, specOf} from '../../resource.js'

/** Registries Istio always knows (provider IDs; case matters). */
const BUILTIN_REGISTRIES = ['Mock', 'Kubernetes', 'External']
const MULTICLUSTER_SECRET = 'istio/multiCluster'

/** The `networks` of a MeshNetworks document. */
export interface MeshNetworksSpec {
  networks?: Record<
    string,
    {
      endpoints?: {fromRegistry?: string; fromCidr?: string}[]
      gateways?: {
        registryServiceName?: string
        registry_service_name?: string
        address?: string
        port?: number
      }[]
    }
  >
}

/**
 * IST0126 for each `fromRegistry` endpoint of the mesh networks naming a registry Istio does not know: not
 * a built-in one, nor a cluster of a remote secret (a key of a Secret labelled `istio/multiCluster=true`).
 */
export const meshNetworksAnalyzer: Analyzer = {
  name: 'meshnetworks.MeshNetworksAnalyzer',
  description: 'Check the validity of MeshNetworks in the cluster',
  inputs: [K.MeshNetworks, K.Secret],
  requires: [K.MeshNetworks],
  analyze(ctx) {
    const known = new Set(BUILTIN_REGISTRIES)
    for (const s of ctx.store.list(K.Secret))
      if (labelsOf(s)[MULTICLUSTER_SECRET] === 'true')
        for (const cluster of Object.keys((s.object.data as Record<string, string> | undefined) ?? {}))
          known.add(cluster)
    for (const mn of ctx.store.list(K.MeshNetworks))
      for (const [name, network] of Object.entries(specOf<MeshNetworksSpec>(mn).networks ?? {}))
        for (const e of network?.endpoints ?? [])
          if (e?.fromRegistry !== undefined && !known.has(e.fromRegistry))
            ctx.report(newUnknownMeshNetworksServiceRegistry(mn, e.fromRegistry, name))
  },
}
