import type {KindRef} from './resource.js'

const k = (group: string, version: string, kind: string, namespaced = true): KindRef => ({
  group,
  version,
  kind,
  namespaced,
})

/** The kinds analyzers read. Versions are the ones listed from a cluster; files may use any version. */
export const K = {
  Namespace: k('', 'v1', 'Namespace', false),
  Node: k('', 'v1', 'Node', false),
  Pod: k('', 'v1', 'Pod'),
  Service: k('', 'v1', 'Service'),
  Secret: k('', 'v1', 'Secret'),
  ConfigMap: k('', 'v1', 'ConfigMap'),
  Deployment: k('apps', 'v1', 'Deployment'),
  CustomResourceDefinition: k('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', false),
  MutatingWebhookConfiguration: k(
    'admissionregistration.k8s.io',
    'v1',
    'MutatingWebhookConfiguration',
    false,
  ),
  ValidatingWebhookConfiguration: k(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    false,
  ),
  VirtualService: k('networking.istio.io', 'v1', 'VirtualService'),
  DestinationRule: k('networking.istio.io', 'v1', 'DestinationRule'),
  Gateway: k('networking.istio.io', 'v1', 'Gateway'),
  ServiceEntry: k('networking.istio.io', 'v1', 'ServiceEntry'),
  Sidecar: k('networking.istio.io', 'v1', 'Sidecar'),
  WorkloadEntry: k('networking.istio.io', 'v1', 'WorkloadEntry'),
  EnvoyFilter: k('networking.istio.io', 'v1alpha3', 'EnvoyFilter'),
  ProxyConfig: k('networking.istio.io', 'v1beta1', 'ProxyConfig'),
  WasmPlugin: k('extensions.istio.io', 'v1alpha1', 'WasmPlugin'),
  AuthorizationPolicy: k('security.istio.io', 'v1', 'AuthorizationPolicy'),
  PeerAuthentication: k('security.istio.io', 'v1', 'PeerAuthentication'),
  RequestAuthentication: k('security.istio.io', 'v1', 'RequestAuthentication'),
  Telemetry: k('telemetry.istio.io', 'v1', 'Telemetry'),
  KubernetesGateway: k('gateway.networking.k8s.io', 'v1', 'Gateway'),
  HTTPRoute: k('gateway.networking.k8s.io', 'v1', 'HTTPRoute'),
  GRPCRoute: k('gateway.networking.k8s.io', 'v1', 'GRPCRoute'),
  // Not API kinds: the mesh config and mesh networks in force, added to the store by analyze() so that
  // analyzers and findings treat them like resources (istioctl's synthetic MeshConfig/MeshNetworks).
  MeshConfig: k('', 'v1alpha1', 'MeshConfig'),
  MeshNetworks: k('', 'v1alpha1', 'MeshNetworks'),
} as const satisfies Record<string, KindRef>

/** Kinds no cluster serves: never listed, always "available" (their sources are mesh config inputs). */
export const SYNTHETIC_KINDS: readonly KindRef[] = [K.MeshConfig, K.MeshNetworks]

/** Every kind above, for lookups by apiVersion group and kind. */
export const ALL_KINDS: readonly KindRef[] = Object.values(K)

/** Istio config kinds (analysed from files and cluster alike; also what the schema analyzer validates). */
export const ISTIO_GROUPS = new Set([
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
])

const byKey = new Map(ALL_KINDS.map((x) => [`${x.group}/${x.kind}`, x]))

/** The kind for an apiVersion and kind, whatever the version; kinds no analyzer reads get a namespaced ref. */
export function kindOf(apiVersion: string, kind: string): KindRef {
  const slash = apiVersion.lastIndexOf('/')
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  return (
    byKey.get(`${group}/${kind}`) ?? {group, version: apiVersion.slice(slash + 1), kind, namespaced: true}
  )
}
