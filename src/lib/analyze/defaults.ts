import {K} from './kinds.js'
import type {MeshConfig, MeshNetworks} from './mesh.js'
import type {Origin, Resource} from './resource.js'

/**
 * The stand-in ingress gateway (a Pod and its Service) istioctl adds for file-only analysis, so Gateways
 * that select `istio: ingressgateway` are not reported as selecting nothing. Not added with ingress
 * controller mode OFF.
 */
export function defaultResources(mesh: MeshConfig, istioNamespace: string): Resource[] {
  if (String(mesh.ingressControllerMode).toUpperCase() === 'OFF') return []
  const labels = {istio: 'ingressgateway'}
  const port = (name: string, p: number) => ({name, port: p, protocol: 'TCP', targetPort: p})
  const pod: Resource = {
    kind: K.Pod,
    namespace: istioNamespace,
    name: `${mesh.ingressService}-dummypod`,
    origin: {type: 'default'},
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `${mesh.ingressService}-dummypod`, namespace: istioNamespace, labels},
      spec: {containers: [{name: 'istio-proxy'}]},
    },
  }
  const service: Resource = {
    kind: K.Service,
    namespace: istioNamespace,
    name: mesh.ingressService,
    origin: {type: 'default'},
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: mesh.ingressService, namespace: istioNamespace},
      spec: {
        ports: [port('http2', 80), port('https', 443), port('tcp', 31400), port('tls', 15443)],
        selector: labels,
      },
    },
  }
  return [pod, service]
}

/**
 * The mesh config and mesh networks in force as resources (istioctl's synthetic
 * `MeshConfig <ns>/meshconfig` and `MeshNetworks <ns>/meshnetworks`) for the analyzers that read them.
 */
export function meshResources(
  mesh: MeshConfig,
  meshNetworks: MeshNetworks | undefined,
  istioNamespace: string,
  origin: {meshConfig?: Origin; meshNetworks?: Origin} = {},
): Resource[] {
  const synthetic = (kind: typeof K.MeshConfig, name: string, spec: object, o?: Origin): Resource => ({
    kind,
    namespace: istioNamespace,
    name,
    origin: o ?? {type: 'default'},
    object: {apiVersion: 'v1alpha1', kind: kind.kind, metadata: {name, namespace: istioNamespace}, spec},
  })
  return [
    synthetic(K.MeshConfig, 'meshconfig', mesh, origin.meshConfig),
    // like istioctl, there are always mesh networks: none configured is an empty set
    synthetic(K.MeshNetworks, 'meshnetworks', meshNetworks ?? {}, origin.meshNetworks),
  ]
}
