/**
 * The proto3 JSON form of what istiod answers to `istio.io/debug/syncz` (an xDS DiscoveryResponse whose
 * resources are envoy.service.status.v3.ClientConfig), as meshctl handles it everywhere: the ADS client
 * decodes to it, the fixtures are in it, and -o json prints it.
 */
export interface GenericXdsConfig {
  typeUrl?: string
  name?: string
  versionInfo?: string
  lastUpdated?: string
  configStatus?: string
  clientStatus?: string
  errorState?: {lastUpdateAttempt?: string; details?: string}
}

export interface ClientConfig {
  '@type'?: string
  node?: {id?: string; metadata?: Record<string, unknown>}
  genericXdsConfigs?: GenericXdsConfig[]
  /** The deprecated per-type form (PerXdsConfig) of older control planes. */
  xdsConfig?: (Record<string, unknown> & {status?: string})[]
}

export interface DiscoveryResponse {
  versionInfo?: string
  resources?: Record<string, unknown>[]
  canary?: boolean
  typeUrl?: string
  nonce?: string
  controlPlane?: {identifier?: string}
}

/** istiod's IstioControlPlaneInstance, JSON in controlPlane.identifier. */
export interface ControlPlaneInstance {
  Component: string
  ID: string
  Info: {version: string; revision?: string; [k: string]: unknown}
}

export const TYPE = {
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  route: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  endpoint: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
  extension: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig',
  nameTable: 'type.googleapis.com/istio.networking.nds.v1.NameTable',
  proxyConfig: 'type.googleapis.com/istio.mesh.v1alpha1.ProxyConfig',
  address: 'type.googleapis.com/istio.workload.Address',
  workload: 'type.googleapis.com/istio.workload.Workload',
  authorization: 'type.googleapis.com/istio.security.Authorization',
  clientConfig: 'type.googleapis.com/envoy.service.status.v3.ClientConfig',
  node: 'type.googleapis.com/envoy.config.core.v3.Node',
  syncz: 'istio.io/debug/syncz',
  configDump: 'istio.io/debug/config_dump',
} as const

const SHORT: Record<string, string> = {
  [TYPE.cluster]: 'CDS',
  [TYPE.listener]: 'LDS',
  [TYPE.route]: 'RDS',
  [TYPE.endpoint]: 'EDS',
  [TYPE.secret]: 'SDS',
  [TYPE.nameTable]: 'NDS',
  [TYPE.proxyConfig]: 'PCDS',
  [TYPE.extension]: 'ECDS',
  [TYPE.address]: 'WDS',
  [TYPE.workload]: 'WDS',
  [TYPE.authorization]: 'WADS',
}

/** istiod's short name of an xDS type URL (CDS, LDS, ...), or the URL itself. */
export function shortType(typeUrl: string): string {
  return SHORT[typeUrl] ?? typeUrl
}

/** The control plane that answered, from the response's identifier (MISSING / INVALID as istioctl says). */
export function controlPlaneOf(r: DiscoveryResponse): ControlPlaneInstance {
  if (r.controlPlane === undefined || r.controlPlane === null)
    return {Component: 'MISSING', ID: 'MISSING', Info: {version: 'MISSING CP ID'}}
  try {
    const cp = JSON.parse(r.controlPlane.identifier ?? '') as ControlPlaneInstance
    if (cp && typeof cp === 'object') return {...cp, Info: cp.Info ?? {version: ''}}
  } catch {
    // fall through
  }
  return {Component: 'INVALID', ID: 'INVALID', Info: {version: 'INVALID CP ID'}}
}
