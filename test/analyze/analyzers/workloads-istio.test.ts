// Workload analyzers istioctl 1.30.3 has beyond injection.Analyzer: application UID, proxy images,
// `image: auto`, and selectors on Kubernetes Gateway pods.
import {applicationUidAnalyzer} from '../../../src/lib/analyze/analyzers/deployment/application-uid.js'
import {imageAnalyzer} from '../../../src/lib/analyze/analyzers/injection/image.js'
import {imageAutoAnalyzer} from '../../../src/lib/analyze/analyzers/injection/image-auto.js'
import {k8sGatewaySelectorAnalyzer} from '../../../src/lib/analyze/analyzers/k8sgateway/selector.js'
import {analyzerTable, y} from '../helpers.js'

const podWith = (name: string, spec: string, labels = 'app: web', ns = 'shop') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec: ${spec}
`
const deployWith = (name: string, podSpec: string, labels = 'app: web', ns = 'shop') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec: ${podSpec}
`

analyzerTable(applicationUidAnalyzer, [
  {
    name: 'other UIDs, and the proxy itself as 1337',
    yaml:
      podWith('a', '{securityContext: {runAsUser: 1000}, containers: [{name: app, image: x}]}') +
      podWith('b', '{containers: [{name: istio-proxy, image: p, securityContext: {runAsUser: 1337}}]}') +
      deployWith('c', '{containers: [{name: app, image: x, securityContext: {runAsUser: 1001}}]}'),
    expect: [],
  },
  {
    name: 'pod-level and container-level 1337, once per resource',
    yaml:
      podWith(
        'a',
        '{securityContext: {runAsUser: 1337}, containers: [{name: app, image: x, securityContext: {runAsUser: 1337}}]}',
      ) + deployWith('d', '{containers: [{name: app, image: x, securityContext: {runAsUser: 1337}}]}'),
    expect: ['IST0144 Pod shop/a', 'IST0144 Deployment shop/d'],
  },
  {
    name: "Istio's own workloads are exempt",
    yaml: podWith(
      'gw',
      '{securityContext: {runAsUser: 1337}, containers: [{name: app, image: x}]}',
      'istio: ingressgateway',
    ),
    expect: [],
  },
])

const injector = (name: string, values: object) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: istio-system}
data:
  values: '${JSON.stringify(values)}'
`
const proxyPod = (name: string, image: string, ns = 'shop', extra = '') =>
  podWith(
    name,
    `{containers: [{name: app, image: x}, {name: istio-proxy, image: "${image}"}]}`,
    'app: web',
    ns,
  ).replace('labels: {app: web}}', `labels: {app: web}${extra}}`)
const values = {global: {hub: 'docker.io/istio', tag: '1.30.3', proxy: {image: 'proxyv2'}}}

analyzerTable(imageAnalyzer, [
  {
    name: 'pods run the injected image (or its variant)',
    yaml:
      injector('istio-sidecar-injector', values) +
      y.ns('shop', 'istio-injection: enabled') +
      proxyPod('a', 'docker.io/istio/proxyv2:1.30.3') +
      proxyPod('b', 'docker.io/istio/proxyv2:1.30.3-distroless'.replace('-distroless', '')),
    expect: [],
  },
  {
    name: 'a pod with an old proxy in an injected namespace; not in other namespaces',
    yaml:
      injector('istio-sidecar-injector', values) +
      y.ns('shop', 'istio-injection: enabled') +
      y.ns('plain') +
      proxyPod('old', 'docker.io/istio/proxyv2:1.29.0') +
      proxyPod('old', 'docker.io/istio/proxyv2:1.29.0', 'plain') +
      proxyPod(
        'custom',
        'mine/proxy:1',
        'shop',
        ', annotations: {sidecar.istio.io/proxyImage: mine/proxy:1}',
      ),
    expect: ['IST0158 Namespace shop'],
  },
  {
    name: "a revision's injector decides for its namespaces",
    yaml:
      injector('istio-sidecar-injector', values) +
      injector('istio-sidecar-injector-canary', {global: {proxy: {image: 'reg.io/proxyv2:1.31.0'}}}) +
      y.ns('shop', 'istio.io/rev: canary') +
      proxyPod('a', 'docker.io/istio/proxyv2:1.30.3'),
    expect: ['IST0158 Namespace shop'],
  },
  {
    name: "the mesh's image type allows the variant",
    mesh: 'defaultConfig: {image: {imageType: distroless}}',
    yaml:
      injector('istio-sidecar-injector', values) +
      y.ns('shop', 'istio-injection: enabled') +
      proxyPod('a', 'docker.io/istio/proxyv2:1.30.3-distroless') +
      proxyPod('b', 'docker.io/istio/proxyv2:1.30.3-debug'),
    expect: ['IST0158 Namespace shop'],
  },
])

const webhook = (ns: string) => `---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector}
webhooks:
- name: namespace.sidecar-injector.istio.io
  namespaceSelector: {matchExpressions: [{key: istio-injection, operator: In, values: [${ns}]}]}
`
const auto = '{containers: [{name: app, image: x}, {name: istio-proxy, image: auto}]}'

analyzerTable(imageAutoAnalyzer, [
  {
    name: 'a deployment with image: auto in an injected namespace',
    yaml: webhook('enabled') + y.ns('shop', 'istio-injection: enabled') + deployWith('gw', auto),
    expect: [],
  },
  {
    name: 'no webhook selects the deployment; a pod with image: auto was not injected',
    yaml: webhook('enabled') + y.ns('shop') + deployWith('gw', auto) + podWith('p', auto),
    expect: ['IST0146 Deployment shop/gw', 'IST0147 Pod shop/p'],
  },
])

const gatewayPod = podWith(
  'gw-pod',
  '{containers: [{name: istio-proxy, image: p}]}',
  'gateway.networking.k8s.io/gateway-name: edge, app: edge',
)
const policy = (kind: string, apiVersion: string, name: string, spec: string) => `---
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec: ${spec}
`

analyzerTable(k8sGatewaySelectorAnalyzer, [
  {
    name: 'targetRef policies, selectors of other pods, other namespaces',
    yaml:
      gatewayPod +
      policy(
        'AuthorizationPolicy',
        'security.istio.io/v1',
        'ref',
        '{targetRef: {kind: Gateway, name: edge}, selector: {matchLabels: {app: edge}}}',
      ) +
      policy('AuthorizationPolicy', 'security.istio.io/v1', 'web', '{selector: {matchLabels: {app: web}}}') +
      policy('Telemetry', 'telemetry.istio.io/v1', 'other', '{selector: {matchLabels: {app: edge}}}').replace(
        'namespace: shop',
        'namespace: other',
      ),
    expect: [],
  },
  {
    name: 'selectors on gateway pods are ineffective',
    yaml:
      gatewayPod +
      policy('AuthorizationPolicy', 'security.istio.io/v1', 'ap', '{selector: {matchLabels: {app: edge}}}') +
      policy(
        'RequestAuthentication',
        'security.istio.io/v1',
        'ra',
        '{selector: {matchLabels: {app: edge}}}',
      ) +
      policy(
        'WasmPlugin',
        'extensions.istio.io/v1alpha1',
        'wasm',
        '{selector: {matchLabels: {}}, url: oci://x}',
      ),
    expect: [
      'IST0166 AuthorizationPolicy shop/ap',
      'IST0166 RequestAuthentication shop/ra',
      'IST0166 WasmPlugin shop/wasm',
    ],
  },
])
