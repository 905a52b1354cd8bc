// install.istio.io/v1alpha1 IstioOperator: the input format of `manifest generate` / `install`.
// Kubernetes sub-objects (affinity, probes, resources, service…) are kept open: the API server validates them.
import {stringMap} from './common.js'
import {bool, enm, intOrString, list, map, obj, open, str, uint32, type Infer, type S} from './schema.js'

/** A `true`/`false` that Istio also accepts as a YAML boolean only. */
const enabled = () => bool()

const overlay = obj({
  apiVersion: str(),
  kind: str(),
  name: str(),
  patches: list(obj({path: str(), value: {'x-kubernetes-preserve-unknown-fields': true} as S<unknown>})),
})

export const kubernetesResources = obj({
  affinity: open(),
  env: list(open()),
  hpaSpec: open(),
  imagePullPolicy: enm('Always', 'Never', 'IfNotPresent'),
  nodeSelector: map(str()),
  podDisruptionBudget: open(),
  podAnnotations: map(str()),
  priorityClassName: str(),
  readinessProbe: open(),
  replicaCount: uint32(),
  resources: open(),
  service: open(),
  strategy: open(),
  tolerations: list(open()),
  serviceAnnotations: map(str()),
  securityContext: open(),
  volumes: list(open()),
  volumeMounts: list(open()),
  overlays: list(overlay),
})
export type KubernetesResources = Infer<typeof kubernetesResources>

const componentFields = {
  enabled: enabled(),
  namespace: str(),
  hub: str(),
  tag: intOrString(),
  k8s: kubernetesResources,
}
export const componentSpec = obj(componentFields)
export type ComponentSpec = Infer<typeof componentSpec>
export const gatewayComponentSpec = obj({...componentFields, name: str(), label: stringMap()})
export type GatewayComponentSpec = Infer<typeof gatewayComponentSpec>

export const istioComponentSpec = obj({
  base: obj({enabled: enabled(), k8s: kubernetesResources}),
  pilot: componentSpec,
  cni: componentSpec,
  ztunnel: componentSpec,
  istiodRemote: componentSpec,
  ingressGateways: list(gatewayComponentSpec),
  egressGateways: list(gatewayComponentSpec),
})

/** IstioOperatorSpec. `meshConfig` and `values` are kept open (object) for now. */
export const istioOperatorSpec = obj({
  profile: str(),
  installPackagePath: str(),
  hub: str(),
  tag: intOrString(),
  namespace: str(),
  revision: str(),
  compatibilityVersion: str(),
  meshConfig: open(),
  components: istioComponentSpec,
  values: open(),
  unvalidatedValues: open(),
})
export type IstioOperatorSpec = Infer<typeof istioOperatorSpec>
