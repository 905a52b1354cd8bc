// Workload analyzers istioctl 1.30.3 has beyond injection.Analyzer: application UID, proxy images,
// `image: auto`, and selectors on Kubernetes Gateway pods.
import {applicationUidAnalyzer} from '../../../src/lib/analyze/analyzers/deployment/application-uid.js'
import {imageAnalyzer} from '../../../src/lib/analyze/analyzers/injection/image.js'
import {imageAutoAnalyzer} from '../../../src/lib/analyze/analyzers/injection/image-auto.js'
import {k8sGatewaySelectorAnalyzer} from '../../../src/lib/analyze/analyzers/k8sgateway/selector.js'
import {expect} from 'chai'
import {injectorProxyImage} from '../../../src/lib/analyze/analyzers/injection/image.js'
import {analyzerTable, storeFromYaml, y} from '../helpers.js'

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
    name: 'at the runAsUser line: pod level first, else the first application container',
    yaml: `---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop}
spec:
  securityContext:
    runAsUser: 1337
  containers:
  - name: app
    image: x
    securityContext:
      runAsUser: 1337
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: shop}
spec:
  selector: {matchLabels: {app: d}}
  template:
    spec:
      containers:
      - name: istio-proxy
        image: p
        securityContext:
          runAsUser: 1337
      - name: app
        image: x
        securityContext:
          runAsUser: 1337
`,
    expect: ['IST0144 Pod shop/a', 'IST0144 Deployment shop/d'],
    lines: [
      'Warning [IST0144] (Pod shop/a test.yaml:7) User ID (UID) 1337 is reserved for the sidecar proxy.',
      'Warning [IST0144] (Deployment shop/d test.yaml:29) User ID (UID) 1337 is reserved for the sidecar proxy.',
    ],
  },
  {
    name: 'a deployment without a template, and istio-operator containers',
    yaml:
      deployWith(
        'c',
        '{containers: [{name: istio-operator, image: x, securityContext: {runAsUser: 1337}}]}',
      ) +
      `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: bare, namespace: shop}
spec: {selector: {matchLabels: {app: d}}}
`,
    expect: [],
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

const proxyConfig = (ns: string, name: string, spec: string) => `---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`
const distroless = '{image: {imageType: distroless}}'
const injectedShop = injector('istio-sidecar-injector', values) + y.ns('shop', 'istio-injection: enabled')
const running = 'docker.io/istio/proxyv2:1.30.3'

// the image variant a pod's proxy may carry, from the most general ProxyConfig to the most specific
analyzerTable(imageAnalyzer, [
  {
    name: "the root namespace's ProxyConfig sets the variant",
    yaml:
      injectedShop + proxyConfig('istio-system', 'root', distroless) + proxyPod('a', `${running}-distroless`),
    expect: [],
  },
  {
    name: "a root ProxyConfig without an image type keeps the mesh's",
    mesh: 'defaultConfig: {image: {imageType: distroless}}',
    yaml:
      injectedShop +
      proxyConfig('istio-system', 'root', '{concurrency: 2}') +
      proxyPod('a', `${running}-distroless`),
    expect: [],
  },
  {
    name: "the pod namespace's ProxyConfig without a selector sets it",
    yaml: injectedShop + proxyConfig('shop', 'ns', distroless) + proxyPod('a', `${running}-distroless`),
    expect: [],
  },
  {
    name: 'a workload ProxyConfig sets it for the pods it selects only',
    yaml:
      injectedShop +
      proxyConfig('shop', 'web', `{selector: {matchLabels: {app: web}}, image: {imageType: distroless}}`) +
      proxyConfig('shop', 'other', `{selector: {matchLabels: {app: other}}, image: {imageType: debug}}`) +
      proxyPod('a', `${running}-distroless`),
    expect: [],
  },
  {
    name: 'a workload ProxyConfig without an image type keeps the namespace one',
    yaml:
      injectedShop +
      proxyConfig('shop', 'ns', distroless) +
      proxyConfig('shop', 'web', '{selector: {matchLabels: {app: web}}, concurrency: 2}') +
      proxyPod('a', `${running}-distroless`),
    expect: [],
  },
  {
    name: "the mesh's image type alone",
    mesh: 'defaultConfig: {image: {imageType: distroless}}',
    yaml: injectedShop + proxyPod('a', `${running}-distroless`),
    expect: [],
  },
  {
    // as istioctl: the image and an empty variant joined by `-`
    name: 'the image type `default` is an empty variant',
    yaml:
      injectedShop +
      proxyConfig('shop', 'ns', '{image: {imageType: default}}') +
      proxyPod('a', `${running}-`),
    expect: [],
  },
  {
    name: 'a revision without an injector ConfigMap: its pods are not compared',
    yaml:
      injector('istio-sidecar-injector', values) +
      y.ns('shop', 'istio.io/rev: canary') +
      proxyPod('a', 'docker.io/istio/proxyv2:1.29.0'),
    expect: [],
  },
  {
    name: 'the image type `default` means no variant',
    yaml:
      injectedShop +
      proxyConfig('shop', 'ns', '{image: {imageType: default}}') +
      proxyPod('a', `${running}-default`),
    expect: ['IST0158 Namespace shop'],
  },
  {
    name: "the pod's proxy.istio.io/config annotation sets it last; an unparsable one does not",
    yaml:
      injectedShop +
      proxyConfig('shop', 'ns', '{image: {imageType: debug}}') +
      proxyPod(
        'a',
        `${running}-distroless`,
        'shop',
        ', annotations: {proxy.istio.io/config: "image: {imageType: distroless}"}',
      ) +
      proxyPod('b', `${running}-debug`, 'shop', ', annotations: {proxy.istio.io/config: "image: [oops"}'),
    expect: [],
  },
  {
    name: 'the message lists the pods of the namespace, sorted; a custom proxy image is left alone',
    yaml:
      injectedShop +
      proxyPod('z', 'docker.io/istio/proxyv2:1.29.0') +
      proxyPod('a', 'docker.io/istio/proxyv2:1.29.0') +
      proxyPod('m', 'mine/proxy:1', 'shop', ', annotations: {sidecar.istio.io/proxyImage: mine/proxy:1}'),
    expect: ['IST0158 Namespace shop'],
    lines: [
      'Warning [IST0158] (Namespace shop test.yaml:8) The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [a z]). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    ],
  },
])

describe("injectorProxyImage (istioctl's GetIstioProxyImage)", () => {
  const cases: [string, string | undefined, string][] = [
    ['hub, image and tag', JSON.stringify(values), 'docker.io/istio/proxyv2:1.30.3'],
    [
      'an image with a registry is taken whole',
      '{"global": {"hub": "h", "proxy": {"image": "reg.io/p:1"}}}',
      'reg.io/p:1',
    ],
    ['no image', '{"global": {"hub": "h", "tag": "t"}}', 'h/:t'],
    ['no hub and no tag', '{"global": {"proxy": {"image": "p"}}}', '/p:'],
    ['no global', '{}', '/:'],
    ['values that are not JSON', 'hub: h', ''],
    ['no values', undefined, ''],
  ]
  for (const [name, text, image] of cases)
    it(name, () => {
      const data = text === undefined ? '{}' : `{values: ${JSON.stringify(text)}}`
      const [cm] = storeFromYaml(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector, namespace: istio-system}\ndata: ${data}\n`,
      ).all()
      expect(injectorProxyImage(cm)).to.equal(image)
    })
})

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
    lines: [
      'Warning [IST0146] (Deployment shop/gw test.yaml:20) Deployment gw contains `image: auto` but does not match any Istio injection webhook selectors.',
      'Error [IST0147] (Pod shop/p test.yaml:25) Pod p contains `image: auto` but does not match any Istio injection webhook selectors.',
    ],
  },
  {
    name: "only Istio's webhooks inject; other containers may say auto",
    yaml:
      webhook('enabled').replace('namespace.sidecar-injector.istio.io', 'inject.example.com') +
      y.ns('shop', 'istio-injection: enabled') +
      deployWith('gw', auto) +
      podWith('p', '{containers: [{name: app, image: auto}, {name: istio-proxy, image: proxyv2}]}'),
    expect: ['IST0146 Deployment shop/gw'],
  },
  {
    name: 'the proxy as the first container',
    yaml:
      y.ns('shop') +
      deployWith('gw', '{containers: [{name: istio-proxy, image: auto}]}') +
      podWith('p', '{containers: [{name: istio-proxy, image: auto}]}'),
    expect: ['IST0146 Deployment shop/gw', 'IST0147 Pod shop/p'],
  },
  {
    name: 'deployments without image: auto, a template or its spec or metadata',
    yaml:
      y.ns('shop') +
      deployWith('plain', '{containers: [{name: app, image: x}]}') +
      `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: bare, namespace: shop}
spec: {selector: {matchLabels: {app: web}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nospec, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}
`,
    expect: [],
  },
  {
    name: 'a template without metadata in an injected namespace',
    yaml:
      webhook('enabled') +
      y.ns('shop', 'istio-injection: enabled') +
      `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: gw, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, template: {spec: ${auto}}}
`,
    expect: [],
  },
  {
    name: "a webhook's object selector picks the pod labels; any one webhook will do",
    yaml:
      webhook('enabled') +
      `---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector-object}
webhooks:
- name: object.sidecar-injector.istio.io
  objectSelector: {matchLabels: {sidecar.istio.io/inject: "true"}}
` +
      y.ns('shop') +
      deployWith('gw', auto, 'app: web, sidecar.istio.io/inject: "true"'),
    expect: [],
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
      podWith('web-1', '{containers: [{name: app, image: x}]}') +
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
