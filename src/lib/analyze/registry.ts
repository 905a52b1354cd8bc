import type {Analyzer} from './analyzer.js'
import {alphaAnnotationsAnalyzer} from './analyzers/annotations/alpha.js'
import {k8sAnnotationsAnalyzer} from './analyzers/annotations/k8s.js'
import {blockedCidrsAnalyzer} from './analyzers/authn/blocked-cidrs.js'
import {multiServiceAnalyzer} from './analyzers/deployment/multi-service.js'
import {deprecationAnalyzer} from './analyzers/deprecation/deprecation.js'
import {caCertificateAnalyzer} from './analyzers/destinationrule/ca-certificate.js'
import {subsetSelectPodAnalyzer} from './analyzers/destinationrule/subset-select-pod.js'
import {envoyPatchAnalyzer} from './analyzers/envoyfilter/patch.js'
import {externalControlPlaneAnalyzer} from './analyzers/externalcontrolplane/external-control-plane.js'
import {certificateAnalyzer} from './analyzers/gateway/certificate.js'
import {conflictingGatewayAnalyzer} from './analyzers/gateway/conflicting-gateway.js'
import {ingressGatewayPortAnalyzer} from './analyzers/gateway/ingress-gateway-port.js'
import {secretAnalyzer} from './analyzers/gateway/secret.js'
import {injectionAnalyzer} from './analyzers/injection/injection.js'
import {crdVersionAnalyzer} from './analyzers/k8sgateway/crd-version.js'
import {schemaValidationAnalyzers} from './analyzers/schema/validation.js'
import {portNameAnalyzer} from './analyzers/service/port-name.js'
import {serviceEntryProtocolAddressesAnalyzer} from './analyzers/serviceentry/protocol-addresses.js'
import {sidecarSelectorAnalyzer} from './analyzers/sidecar/selector.js'
import {telemetryDefaultSelectorAnalyzer} from './analyzers/telemetry/default-selector.js'
import {telemetryLightstepAnalyzer} from './analyzers/telemetry/lightstep.js'
import {telemetryProviderAnalyzer} from './analyzers/telemetry/providers.js'
import {telemetrySelectorAnalyzer} from './analyzers/telemetry/selector.js'
import {conflictingMeshGatewayHostsAnalyzer} from './analyzers/virtualservice/conflicting-mesh-gateway-hosts.js'
import {destinationHostAnalyzer} from './analyzers/virtualservice/destination-host.js'
import {destinationRuleAnalyzer} from './analyzers/virtualservice/destination-rule.js'
import {gatewayAnalyzer} from './analyzers/virtualservice/gateway.js'
import {jwtClaimRouteAnalyzer} from './analyzers/virtualservice/jwt-claim-route.js'
import {applicationUidAnalyzer} from './analyzers/deployment/application-uid.js'
import {authorizationPoliciesAnalyzer} from './analyzers/authz/authorization-policies.js'
import {conditionAnalyzer} from './analyzers/conditions/conditions.js'
import {imageAnalyzer} from './analyzers/injection/image.js'
import {imageAutoAnalyzer} from './analyzers/injection/image-auto.js'
import {k8sGatewaySelectorAnalyzer} from './analyzers/k8sgateway/selector.js'
import {meshNetworksAnalyzer} from './analyzers/multicluster/mesh-networks.js'
import {multiClusterServiceAnalyzer} from './analyzers/multicluster/service.js'
import {meshConfigValidationAnalyzer, meshNetworksValidationAnalyzer} from './analyzers/schema/mesh.js'
import {webhookAnalyzer} from './analyzers/webhook/webhook.js'
import {globRegExp} from './glob.js'

/**
 * Every analyzer, in istioctl's order where it has one. Explicit on purpose: adding an analyzer means
 * adding a line here, and a meta-test checks each file under analyzers/ is listed and tested.
 */
export const ANALYZERS: readonly Analyzer[] = [
  k8sAnnotationsAnalyzer,
  blockedCidrsAnalyzer,
  authorizationPoliciesAnalyzer,
  conditionAnalyzer,
  multiServiceAnalyzer,
  applicationUidAnalyzer,
  caCertificateAnalyzer,
  subsetSelectPodAnalyzer,
  deprecationAnalyzer,
  envoyPatchAnalyzer,
  externalControlPlaneAnalyzer,
  ingressGatewayPortAnalyzer,
  certificateAnalyzer,
  secretAnalyzer,
  conflictingGatewayAnalyzer,
  injectionAnalyzer,
  imageAnalyzer,
  imageAutoAnalyzer,
  k8sGatewaySelectorAnalyzer,
  crdVersionAnalyzer,
  meshNetworksAnalyzer,
  multiClusterServiceAnalyzer,
  portNameAnalyzer,
  sidecarSelectorAnalyzer,
  conflictingMeshGatewayHostsAnalyzer,
  destinationHostAnalyzer,
  destinationRuleAnalyzer,
  gatewayAnalyzer,
  jwtClaimRouteAnalyzer,
  serviceEntryProtocolAddressesAnalyzer,
  webhookAnalyzer,
  telemetryProviderAnalyzer,
  telemetrySelectorAnalyzer,
  telemetryDefaultSelectorAnalyzer,
  telemetryLightstepAnalyzer,
  ...schemaValidationAnalyzers,
  meshConfigValidationAnalyzer,
  meshNetworksValidationAnalyzer,
  alphaAnnotationsAnalyzer,
]

/**
 * Analyzer names sorted, with descriptions: the `--list-analyzers` text (istioctl's format). istioctl's
 * 52 are listed as it lists them; meshctl's own (opt-in) ones are marked after their description.
 */
export function listAnalyzersText(analyzers: readonly Analyzer[] = ANALYZERS): string {
  return [...analyzers]
    .sort((a, b) => (a.name < b.name ? -1 : 1)) // names are unique
    .map(
      (a) =>
        `* ${a.name}:\n    ${a.description}${a.optIn ? ' [meshctl; opt-in: --analyzer ' + a.name + ']' : ''}\n`,
    )
    .join('')
}

/**
 * The analyzers named (exact names or `*` globs like `virtualservice.*`); all when none are named.
 * Unknown names are returned in `unknown` (istioctl silently ran everything instead).
 */
export function selectAnalyzers(
  names: readonly string[],
  analyzers: readonly Analyzer[] = ANALYZERS,
): {selected: Analyzer[]; unknown: string[]} {
  if (names.length === 0) return {selected: analyzers.filter((a) => !a.optIn), unknown: []}
  const unknown: string[] = []
  const chosen = new Set<Analyzer>()
  for (const n of names) {
    const re = globRegExp(n)
    const hits = analyzers.filter((a) => re.test(a.name))
    if (hits.length === 0) unknown.push(n)
    for (const a of hits) chosen.add(a)
  }
  return {selected: analyzers.filter((a) => chosen.has(a)), unknown}
}
