import {isIP} from 'node:net'
import {checkFqdn, checkPort} from '../../../api/checks.js'
import {checkMeshConfig} from '../../../api/mesh.js'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newSchemaValidationError, newSchemaWarning} from '../../messages.gen.js'
import {specOf} from '../../resource.js'
import type {MeshNetworksSpec} from '../multicluster/mesh-networks.js'

/** `a.b[0].c` (checkMeshConfig's paths) as a field path for line lookups. */
const toPath = (dotted: string): (string | number)[] =>
  dotted
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p))

/**
 * `schema.ValidationAnalyzer.MeshConfig`: the mesh config in force (--meshConfigFile or the cluster's
 * `istio[-rev]` ConfigMap) checked as `manifest validate` checks meshConfig: IST0106 for wrongly typed or
 * invalid values, IST0133 for unknown fields. istioctl 1.30.3 registers this analyzer but validates nothing
 * (EmptyValidate); reporting what is wrong is meshctl's addition (deviation `mesh-schema-analyzers`).
 */
export const meshConfigValidationAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.MeshConfig',
  description: "Runs schema validation as an analyzer on 'MeshConfig' resources",
  inputs: [K.MeshConfig],
  analyze(ctx) {
    for (const r of ctx.store.list(K.MeshConfig)) {
      const {errors, warnings} = checkMeshConfig(specOf(r), 'spec')
      for (const e of errors) ctx.report(newSchemaValidationError(r, e.message), toPath(e.path))
      for (const w of warnings) ctx.report(newSchemaWarning(r, w.message), toPath(w.path))
    }
  },
}

/** Problems of one network (istioctl's agent.validateNetwork, without its registry-name rule, see below). */
function networkProblems(
  network: NonNullable<MeshNetworksSpec['networks']>[string],
): [(string | number)[], string][] {
  const out: [(string | number)[], string][] = []
  ;(network?.endpoints ?? []).forEach((e, j) => {
    if (e?.fromCidr === undefined) return
    const [ip, bits, extra] = String(e.fromCidr).split('/')
    // not an address: -1, which every prefix length exceeds
    const max = isIP(ip) === 4 ? 32 : isIP(ip) === 6 ? 128 : -1
    if (extra !== undefined || !/^\d+$/.test(String(bits)) || Number(bits) > max)
      out.push([['endpoints', j, 'fromCidr'], `invalid CIDR: ${e.fromCidr}`])
  })
  ;(network?.gateways ?? []).forEach((g, j) => {
    const service = g?.registryServiceName ?? g?.registry_service_name
    if (service !== undefined) {
      const problem = checkFqdn(service)
      if (problem) out.push([['gateways', j, 'registryServiceName'], problem])
    } else if (g?.address !== undefined && !isIP(g.address) && checkFqdn(g.address))
      out.push([['gateways', j, 'address'], `${g.address} is not a valid IP address or DNS name`])
    // an unset port is 0 to istiod, as to every proto reader
    const port = checkPort(Number(g?.port ?? 0))
    if (port) out.push([['gateways', j, 'port'], port])
  })
  return out
}

/**
 * `schema.ValidationAnalyzer.MeshNetworks`: IST0106 for invalid CIDRs, gateway service names, addresses and
 * ports in the mesh networks. istioctl 1.30.3 validates nothing here (EmptyValidate; deviation
 * `mesh-schema-analyzers`). Registry names are left to meshnetworks.MeshNetworksAnalyzer: Istio's own
 * DNS-label rule would reject its built-in `Kubernetes`.
 */
export const meshNetworksValidationAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.MeshNetworks',
  description: "Runs schema validation as an analyzer on 'MeshNetworks' resources",
  inputs: [K.MeshNetworks],
  analyze(ctx) {
    for (const r of ctx.store.list(K.MeshNetworks))
      for (const [name, network] of Object.entries(specOf<MeshNetworksSpec>(r).networks ?? {}))
        for (const [path, problem] of networkProblems(network))
          ctx.report(newSchemaValidationError(r, `invalid network ${name}: ${problem}`), [
            'spec',
            'networks',
            name,
            ...path,
          ])
  },
}
