/**
 * Istio's own analyzer test grid (pkg/config/analysis/analyzers/analyzers_test.go and its testdata), read
 * at test time from the Istio 1.30.3 checkout when it is present. Never copied into this repository.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {ISTIO_SRC} from '../helpers/istio.js'

export {ISTIO_SRC}
const ANALYZERS_DIR = join(ISTIO_SRC, 'pkg/config/analysis/analyzers')

/** Go analyzer types in the grid -> our analyzer names. */
const GO_TYPES: Record<string, string> = {
  'annotations.K8sAnalyzer': 'annotations.K8sAnalyzer',
  'maturity.AlphaAnalyzer': 'annotations.AlphaAnalyzer',
  'deprecation.FieldAnalyzer': 'deprecation.DeprecationAnalyzer',
  'deployment.ServiceAssociationAnalyzer': 'deployment.MultiServiceAnalyzer',
  'destinationrule.CaCertificateAnalyzer': 'destinationrule.CaCertificateAnalyzer',
  'destinationrule.PodNotSelectedAnalyzer': 'destinationrule.SubsetSelectPodAnalyzer',
  'envoyfilter.EnvoyPatchAnalyzer': 'envoyfilter.EnvoyPatchAnalyzer',
  'gateway.IngressGatewayPortAnalyzer': 'gateway.IngressGatewayPortAnalyzer',
  'gateway.SecretAnalyzer': 'gateway.SecretAnalyzer',
  'gateway.CertificateAnalyzer': 'gateway.CertificateAnalyzer',
  'gateway.ConflictingGatewayAnalyzer': 'gateway.ConflictingGatewayAnalyzer',
  'injection.Analyzer': 'injection.Analyzer',
  'service.PortNameAnalyzer': 'service.PortNameAnalyzer',
  'sidecar.SelectorAnalyzer': 'sidecar.SelectorAnalyzer',
  'virtualservice.ConflictingMeshGatewayHostsAnalyzer': 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  'virtualservice.DestinationHostAnalyzer': 'virtualservice.DestinationHostAnalyzer',
  'virtualservice.DestinationRuleAnalyzer': 'virtualservice.DestinationRuleAnalyzer',
  'virtualservice.GatewayAnalyzer': 'virtualservice.GatewayAnalyzer',
  'virtualservice.JWTClaimRouteAnalyzer': 'virtualservice.JWTClaimRouteAnalyzer',
  'authn.BlockedCIDRsAnalyzer': 'authn.BlockedCIDRsAnalyzer',
  'externalcontrolplane.ExternalControlPlaneAnalyzer': 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  'k8sgateway.CRDVersionAnalyzer': 'k8sgateway.CRDVersionAnalyzer',
  'serviceentry.ProtocolAddressesAnalyzer': 'serviceentry.Analyzer',
  'telemetry.ProviderAnalyzer': 'telemetry.ProviderAnalyzer',
  'telemetry.SelectorAnalyzer': 'telemetry.SelectorAnalyzer',
  'telemetry.DefaultSelectorAnalyzer': 'telemetry.DefaultSelectorAnalyzer',
  'telemetry.LightstepAnalyzer': 'telemetry.LightstepAnalyzer',
  'deployment.ApplicationUIDAnalyzer': 'applicationUID.Analyzer',
  'authz.AuthorizationPoliciesAnalyzer': 'auth.AuthorizationPoliciesAnalyzer',
  'conditions.ConditionAnalyzer': 'conditions.ConditionAnalyzer',
  'injection.ImageAnalyzer': 'injection.ImageAnalyzer',
  'injection.ImageAutoAnalyzer': 'injection.ImageAutoAnalyzer',
  'k8sgateway.SelectorAnalyzer': 'k8sgateway.SelectorAnalyzer',
  'multicluster.MeshNetworksAnalyzer': 'meshnetworks.MeshNetworksAnalyzer',
  'multicluster.ServiceAnalyzer': 'services.MultiClusterServiceAnalyzer',
  'webhook.Analyzer': 'webhook.Analyzer',
}

/** One grid case: input files (absolute), our analyzer name, expected `CODE origin` pairs. */
export interface GridCase {
  name: string
  files: string[]
  meshConfigFile?: string
  meshNetworksFile?: string
  analyzer: string
  expected: string[]
}

/** The grid cases for analyzers we implement; [] when the Istio checkout is absent. */
export function istioGridCases(): GridCase[] {
  const testFile = join(ANALYZERS_DIR, 'analyzers_test.go')
  if (!existsSync(testFile)) return []
  const codes = new Map(
    (
      parse(readFileSync(join(ISTIO_SRC, 'pkg/config/analysis/msg/messages.yaml'), 'utf8')) as {
        messages: {name: string; code: string}[]
      }
    ).messages.map((m) => [m.name, m.code]),
  )
  const src = readFileSync(testFile, 'utf8')
  const grid = src.slice(
    src.indexOf('var testGrid = []testCase{'),
    src.indexOf('\n}\n', src.indexOf('var testGrid')),
  )
  const out: GridCase[] = []
  // Each case starts with `name:` at two tabs of indentation.
  for (const block of grid.split(/\n\t\{\n/).slice(1)) {
    const name = /name:\s*"([^"]+)"/.exec(block)?.[1]
    const goType = /analyzer:\s*&([\w.]+)\{\}/.exec(block)?.[1]
    const schemaKind = /CollectionValidationAnalyzer\(collections\.(\w+)\)/.exec(block)?.[1]
    const analyzer = goType
      ? GO_TYPES[goType]
      : schemaKind
        ? `schema.ValidationAnalyzer.${schemaKind}`
        : undefined
    if (!name || !analyzer) continue
    const filesBlock = /inputFiles:\s*\[\]string\{([^}]*)\}/.exec(block)?.[1] ?? ''
    const files = [...filesBlock.matchAll(/"([^"]+)"/g)].map((m) => join(ANALYZERS_DIR, m[1]))
    const mesh = /meshConfigFile:\s*"([^"]+)"/.exec(block)?.[1]
    const networks = /meshNetworksFile:\s*"([^"]+)"/.exec(block)?.[1]
    const expected = [...block.matchAll(/\{msg\.(\w+),\s*"([^"]+)"\}/g)].map(
      (m) => `${codes.get(m[1]) ?? m[1]} ${m[2]}`,
    )
    out.push({
      name,
      files,
      analyzer,
      expected,
      ...(mesh ? {meshConfigFile: join(ANALYZERS_DIR, mesh)} : {}),
      ...(networks ? {meshNetworksFile: join(ANALYZERS_DIR, networks)} : {}),
    })
  }
  return out
}
