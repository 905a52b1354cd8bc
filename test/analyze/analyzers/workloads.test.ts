import {expect} from 'chai'
import {defaultMeshConfig} from '../../../src/lib/analyze/mesh.js'
import {runAnalyzers} from '../../../src/lib/analyze/runner.js'
import {alphaAnnotationsAnalyzer} from '../../../src/lib/analyze/analyzers/annotations/alpha.js'
import {k8sAnnotationsAnalyzer} from '../../../src/lib/analyze/analyzers/annotations/k8s.js'
import {multiServiceAnalyzer} from '../../../src/lib/analyze/analyzers/deployment/multi-service.js'
import {deprecationAnalyzer} from '../../../src/lib/analyze/analyzers/deprecation/deprecation.js'
import {injectionAnalyzer} from '../../../src/lib/analyze/analyzers/injection/injection.js'
import {portNameAnalyzer, portProtocolKnown} from '../../../src/lib/analyze/analyzers/service/port-name.js'
import {sidecarSelectorAnalyzer} from '../../../src/lib/analyze/analyzers/sidecar/selector.js'
import {analyzerTable, storeFromYaml, y} from '../helpers.js'

analyzerTable(portNameAnalyzer, [
  {
    name: 'protocol prefixes',
    yaml: y.svc('shop', 'catalog', '[{port: 80, name: http-web}, {port: 9000, name: grpc}]'),
    expect: [],
  },
  {
    name: 'appProtocol instead of a name',
    yaml: y.svc('shop', 'catalog', '[{port: 80, name: web, appProtocol: http}]'),
    expect: [],
  },
  {name: 'well-known port', yaml: y.svc('shop', 'db', '[{port: 3306, name: db}]'), expect: []},
  {
    name: 'unnamed port',
    yaml: y.svc('shop', 'catalog', '[{port: 80}]'),
    expect: ['IST0118 Service shop/catalog'],
  },
  {
    name: 'two bad ports',
    yaml: y.svc('shop', 'catalog', '[{port: 80, name: web}, {port: 81, name: foo-http}]'),
    expect: ['IST0118 Service shop/catalog', 'IST0118 Service shop/catalog'],
  },
  {
    name: 'control plane services are skipped',
    yaml: y.svc('istio-system', 'istiod', '[{port: 15010}]', 'app: istiod', ', labels: {istio: pilot}'),
    expect: [],
  },
  {
    name: 'ExternalName service with a tcp port',
    yaml: `---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec: {type: ExternalName, externalName: db.example.com, ports: [{port: 5432, name: tcp}]}
`,
    expect: ['IST0150 Service shop/ext'],
  },
  {
    name: 'the message names the port, its number and target, at the port number',
    yaml: y.svc(
      'shop',
      'catalog',
      '[{name: http, port: 80}, {name: web, port: 8080, targetPort: 9090}, {port: 81}]',
    ),
    expect: ['IST0118 Service shop/catalog', 'IST0118 Service shop/catalog'],
    lines: [
      "Info [IST0118] (Service shop/catalog test.yaml:7) Port name web (port: 8080, targetPort: 9090) doesn't follow the naming convention of Istio port.",
      "Info [IST0118] (Service shop/catalog test.yaml:7) Port name  (port: 81, targetPort: 0) doesn't follow the naming convention of Istio port.",
    ],
  },
  ...['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller'].map(
    (by) => ({
      name: `services managed by ${by} are skipped`,
      yaml: y.svc('shop', 'gw', '[{port: 80}]', 'app: gw', `, labels: {gateway.istio.io/managed: ${by}}`),
      expect: [],
    }),
  ),
  {
    name: "Istio's release is skipped too",
    yaml: y.svc('shop', 'istiod', '[{port: 80}]', 'app: istiod', ', labels: {release: istio}'),
    expect: [],
  },
  {
    name: 'an ExternalName service with known port names',
    yaml: y.svc('shop', 'ext', '[{port: 80, name: http}]').replace('spec:', 'spec:\n  type: ExternalName'),
    expect: [],
  },
  {
    name: 'services managed by another controller are not',
    yaml: y.svc('shop', 'gw', '[{port: 80}]', 'app: gw', ', labels: {gateway.istio.io/managed: other}'),
    expect: ['IST0118 Service shop/gw'],
  },
])

describe("portProtocolKnown (istioctl's kube.ConvertProtocol)", () => {
  const cases: [string, Parameters<typeof portProtocolKnown>[0], boolean][] = [
    ['UDP whatever the name', {protocol: 'UDP', name: 'foo'}, true],
    ['an unknown name', {name: 'foo', port: 80}, false],
    ['a protocol name', {name: 'http'}, true],
    ['a protocol prefix, any case', {name: 'HTTP2-api'}, true],
    ['grpc-web before the prefix', {name: 'GRPC-Web-x'}, true],
    ['grpc-web only as a prefix', {name: 'x-grpc-web'}, false],
    ['appProtocol over the name', {name: 'http', appProtocol: 'foo'}, false],
    ['an empty appProtocol over the name', {name: 'http', appProtocol: ''}, false],
    ['appProtocol kubernetes.io/h2c', {name: 'foo', appProtocol: 'kubernetes.io/h2c'}, true],
    ['appProtocol kubernetes.io/ws', {name: 'foo', appProtocol: 'kubernetes.io/ws'}, true],
    ['appProtocol kubernetes.io/wss', {name: 'foo', appProtocol: 'kubernetes.io/wss'}, true],
    ['another kubernetes.io appProtocol', {name: 'foo', appProtocol: 'kubernetes.io/h3'}, false],
    ['kubernetes.io/h2c only as appProtocol', {name: 'kubernetes.io/h2c'}, false],
    ['a well-known port without a name', {port: 3306}, true],
    ['an unnamed port', {port: 80}, false],
  ]
  for (const [name, port, known] of cases)
    it(`${name}: ${known}`, () => expect(portProtocolKnown(port)).to.equal(known))
})

const sidecar = (name: string, selector?: string, ns = 'shop') => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: ${ns}}
spec:
${selector ? `  workloadSelector: {labels: {${selector}}}\n` : ''}  egress: [{hosts: ["./*"]}]
`

analyzerTable(sidecarSelectorAnalyzer, [
  {
    name: 'one sidecar per pod',
    yaml: y.pod('shop', 'a', 'app: a') + sidecar('a', 'app: a') + sidecar('default'),
    expect: [],
  },
  {
    name: 'selector matches nothing',
    yaml: y.pod('shop', 'a', 'app: a') + sidecar('b', 'app: b'),
    expect: ['IST0101 Sidecar shop/b'],
  },
  {
    name: 'pod in another namespace does not count',
    yaml: y.pod('pay', 'a', 'app: a') + sidecar('a', 'app: a'),
    expect: ['IST0101 Sidecar shop/a'],
  },
  {
    name: 'two sidecars select one pod',
    yaml: y.pod('shop', 'a', 'app: a, tier: web') + sidecar('s1', 'app: a') + sidecar('s2', 'tier: web'),
    expect: ['IST0110 Sidecar shop/s1', 'IST0110 Sidecar shop/s2'],
  },
  {
    name: 'two selector-less sidecars',
    yaml: sidecar('d1') + sidecar('d2'),
    expect: ['IST0111 Sidecar shop/d1', 'IST0111 Sidecar shop/d2'],
  },
  {
    name: 'ambient namespace',
    yaml: y.ns('shop', 'istio.io/dataplane-mode: ambient') + sidecar('d1'),
    expect: ['IST0167 Sidecar shop/d1'],
  },
  {
    name: 'the messages and their lines; names sorted; an ambient pod once per Sidecar',
    yaml:
      y.pod('shop', 'a', 'app: a') +
      y.pod('shop', 'w1', 'app: w', ', annotations: {ambient.istio.io/redirection: enabled}') +
      y.pod('shop', 'w2', 'app: w') +
      sidecar('s3', 'app: a') +
      sidecar('s1', 'app: a') +
      sidecar('s2', 'app: a') +
      sidecar('amb', 'app: w') +
      `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: none, namespace: shop}
spec:
  workloadSelector:
    labels:
      zz: x
      app: x
` +
      y.ns('amb', 'istio.io/dataplane-mode: ambient') +
      sidecar('default', undefined, 'amb') +
      // sidecar injection or a revision takes a namespace out of ambient mode
      [
        'istio.io/dataplane-mode: ambient, istio-injection: enabled',
        'istio.io/dataplane-mode: ambient, istio.io/rev: canary',
        'istio.io/dataplane-mode: none',
      ]
        .map(
          (l, i) => y.ns(`ns${i}`, l) + sidecar('a', undefined, `ns${i}`) + sidecar('b', undefined, `ns${i}`),
        )
        .join('') +
      y.pod('shop', 'v1', 'app: v', ', annotations: {ambient.istio.io/redirection: enabled}') +
      y.pod('shop', 'v2', 'app: v', ', annotations: {ambient.istio.io/redirection: enabled}') +
      sidecar('amb2', 'app: v'),
    expect: [
      'IST0110 Sidecar shop/s1',
      'IST0110 Sidecar shop/s2',
      'IST0110 Sidecar shop/s3',
      'IST0167 Sidecar shop/amb',
      'IST0101 Sidecar shop/none',
      'IST0167 Sidecar amb/default',
      'IST0167 Sidecar shop/amb2',
      ...[0, 1, 2].flatMap((i) => [`IST0111 Sidecar ns${i}/a`, `IST0111 Sidecar ns${i}/b`]),
    ],
    lines: [
      'Error [IST0101] (Sidecar shop/none test.yaml:55) Referenced selector not found: "app=x,zz=x"',
      'Error [IST0110] (Sidecar shop/s1 test.yaml:29) The Sidecars [s1 s2 s3] in namespace "shop" select the same workload pod "a", which can lead to undefined behavior.',
      'Error [IST0110] (Sidecar shop/s2 test.yaml:36) The Sidecars [s1 s2 s3] in namespace "shop" select the same workload pod "a", which can lead to undefined behavior.',
      'Error [IST0110] (Sidecar shop/s3 test.yaml:22) The Sidecars [s1 s2 s3] in namespace "shop" select the same workload pod "a", which can lead to undefined behavior.',
      'Warning [IST0167] (Sidecar amb/default test.yaml:61) The policy has no impact: namespace is in ambient mode, the policy has no impact.',
      'Warning [IST0167] (Sidecar shop/amb test.yaml:41) The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
      'Warning [IST0167] (Sidecar shop/amb2 test.yaml:127) The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
      ...[
        [0, 71, 77],
        [1, 87, 93],
        [2, 103, 109],
      ].flatMap(([i, a, b]) =>
        [
          [a, 'a'],
          [b, 'b'],
        ].map(
          ([line, name]) =>
            `Error [IST0111] (Sidecar ns${i}/${name} test.yaml:${line}) The Sidecars [a b] in namespace "ns${i}" have no workload selector, which can lead to undefined behavior.`,
        ),
      ),
    ],
  },
])

const proxyPod = (ns: string, name: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec: {containers: [{name: app, image: app}, {name: istio-proxy, image: proxyv2}]}
`

analyzerTable(injectionAnalyzer, [
  {
    name: 'injected namespace, pod with proxy',
    yaml: y.ns('shop', 'istio-injection: enabled') + proxyPod('shop', 'a'),
    expect: [],
  },
  {name: 'namespace without label', yaml: y.ns('shop'), expect: ['IST0102 Namespace shop']},
  {name: 'revision label counts as injection', yaml: y.ns('shop', 'istio.io/rev: canary'), expect: []},
  {name: 'explicitly disabled', yaml: y.ns('shop', 'istio-injection: disabled'), expect: []},
  {name: 'the istio namespace is skipped', yaml: y.ns('istio-system'), expect: []},
  {
    name: 'pod missing its proxy',
    yaml: y.ns('shop', 'istio-injection: enabled') + y.pod('shop', 'a', 'app: a'),
    expect: ['IST0103 Pod shop/a'],
  },
  {
    name: 'pod opted out',
    yaml:
      y.ns('shop', 'istio-injection: enabled') +
      y.pod('shop', 'a', 'app: a, sidecar.istio.io/inject: "false"'),
    expect: [],
  },
  {
    name: 'both injection labels',
    yaml: y.ns('shop', 'istio-injection: enabled, istio.io/rev: canary'),
    expect: ['IST0123 Namespace shop'],
  },
  {
    name: 'enableNamespacesByDefault',
    yaml:
      `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  values: '{"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}}'
` + y.ns('shop'),
    expect: ['IST0148 Namespace shop'],
  },
])

const annotated = (kind: string, annotations: string, labels = '') => `---
apiVersion: ${kind === 'Deployment' ? 'apps/v1' : 'v1'}
kind: ${kind}
metadata: {name: a, namespace: shop, labels: {${labels}}, annotations: {${annotations}}}
spec: {}
`

analyzerTable(k8sAnnotationsAnalyzer, [
  {name: 'known annotation in place', yaml: annotated('Pod', 'sidecar.istio.io/proxyCPU: 100m'), expect: []},
  {name: 'non-Istio annotations are ignored', yaml: annotated('Pod', 'example.com/x: y'), expect: []},
  {
    name: 'unknown Istio annotation',
    yaml: annotated('Pod', 'sidecar.istio.io/bogus: "1"'),
    expect: ['IST0108 Pod shop/a'],
  },
  {
    name: 'misplaced annotation',
    yaml: annotated('Service', 'sidecar.istio.io/proxyCPU: 100m'),
    expect: ['IST0107 Service shop/a'],
  },
  {
    name: 'invalid value',
    yaml: annotated('Pod', 'sidecar.istio.io/interceptionMode: SOMETIMES'),
    expect: ['IST0125 Pod shop/a'],
  },
  {
    name: 'invalid port list',
    yaml: annotated('Pod', 'traffic.sidecar.istio.io/excludeInboundPorts: "80,http"'),
    expect: ['IST0125 Pod shop/a'],
  },
  {
    name: 'deprecated annotation',
    yaml: annotated('Pod', 'sidecar.istio.io/inject: "true"'),
    expect: ['IST0135 Pod shop/a'],
  },
  {
    name: 'deprecated inject annotation next to the label',
    yaml: annotated('Pod', 'sidecar.istio.io/inject: "true"', 'sidecar.istio.io/inject: "true"'),
    expect: [],
  },
  {
    name: 'status annotation is always ignored',
    yaml: annotated('Pod', 'sidecar.istio.io/status: "{}"'),
    expect: [],
  },
])

analyzerTable(alphaAnnotationsAnalyzer, [
  {name: 'beta annotation', yaml: annotated('Pod', 'proxy.istio.io/config: "{}"'), expect: []},
  {
    name: 'alpha annotation',
    yaml: annotated('Pod', 'ambient.istio.io/dns-capture: "true"'),
    expect: ['IST0136 Pod shop/a'],
  },
])

const deployment = (name: string, labels: string, inject = 'sidecar.istio.io/inject: "true"') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}, ${inject}}}
    spec: {containers: [{name: app, image: app}]}
`

/** A Deployment with its template's metadata (flow mapping entries) and extra containers. */
const workload = (name: string, meta: string, containers = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {${meta}}
    spec: {containers: [{name: app, image: app}${containers ? ', ' + containers : ''}]}
`

analyzerTable(multiServiceAnalyzer, [
  {
    name: 'one service',
    yaml: deployment('web', 'app: web') + y.svc('shop', 'web', '[{port: 80, name: http}]', 'app: web'),
    expect: [],
  },
  {
    name: 'same port, different protocols',
    yaml:
      deployment('web', 'app: web') +
      y.svc('shop', 'web-tcp', '[{port: 80, name: http, protocol: TCP}]', 'app: web') +
      y.svc('shop', 'web-udp', '[{port: 80, name: dns, protocol: UDP}]', 'app: web'),
    expect: ['IST0116 Deployment shop/web'],
  },
  {
    name: 'same targetPort, different ports',
    yaml:
      deployment('web', 'app: web') +
      y.svc('shop', 'web-a', '[{port: 80, targetPort: 8080, name: http}]', 'app: web') +
      y.svc('shop', 'web-b', '[{port: 81, targetPort: 8080, name: http}]', 'app: web'),
    expect: ['IST0137 Deployment shop/web'],
  },
  {
    name: 'not in the mesh',
    yaml:
      deployment('web', 'app: web', 'sidecar.istio.io/inject: "false"') +
      y.svc('shop', 'web-a', '[{port: 80, targetPort: 8080, name: http}]', 'app: web') +
      y.svc('shop', 'web-b', '[{port: 81, targetPort: 8080, name: http}]', 'app: web'),
    expect: [],
  }, // in the mesh as istioctl's util.DeploymentInMesh decides: proxy container, pod label, annotation, namespace
  ...(
    [
      [
        'a proxy container with an image',
        'podAnnotations: {}',
        '{name: istio-proxy, image: proxyv2}',
        '',
        true,
      ],
      ['a proxy container without an image', '', '{name: istio-proxy}', '', false],
      ['the inject annotation', 'annotations: {sidecar.istio.io/inject: "true"}', '', '', true],
      [
        'the label before the annotation',
        'labels: {app: web, sidecar.istio.io/inject: "false"}, annotations: {sidecar.istio.io/inject: "true"}',
        '',
        '',
        false,
      ],
      ['a namespace with injection', '', '', 'istio-injection: enabled', true],
      ['a namespace without injection', '', '', 'istio-injection: disabled', false],
      ['no namespace and no label', '', '', undefined, false],
    ] as const
  ).map(([name, meta, proxy, nsLabels, found]) => ({
    name: `in the mesh by ${name}: ${found}`,
    yaml:
      (nsLabels === undefined ? '' : y.ns('shop', nsLabels)) +
      workload('web', meta.startsWith('labels') ? meta : `labels: {app: web}, ${meta}`, proxy) +
      y.svc('shop', 'web-tcp', '[{port: 80, protocol: TCP}]', 'app: web') +
      y.svc('shop', 'web-udp', '[{port: 80, protocol: UDP}]', 'app: web'),
    expect: found ? ['IST0116 Deployment shop/web'] : [],
  })),
  {
    name: 'a waypoint deployment is skipped',
    yaml:
      deployment('web', 'app: web').replace(
        'namespace: shop}',
        'namespace: shop, labels: {gateway.istio.io/managed: istio.io-mesh-controller}}',
      ) +
      y.svc('shop', 'web-a', '[{port: 80, protocol: TCP}]', 'app: web') +
      y.svc('shop', 'web-b', '[{port: 80, protocol: UDP}]', 'app: web'),
    expect: [],
  },
  {
    name: 'a deployment without a template, or without template metadata',
    yaml:
      y.ns('shop', 'istio-injection: enabled') +
      `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: bare, namespace: shop}
spec: {selector: {matchLabels: {app: web}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: plain, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, template: {spec: {containers: [{name: app, image: app}]}}}
` +
      y.svc('shop', 'web-a', '[{port: 80, protocol: TCP}]', 'app: web'),
    expect: [],
  },
  {
    name: "services without a selector, or in another namespace, are not the deployment's",
    yaml:
      deployment('web', 'app: web') +
      y.svc('shop', 'web-a', '[{port: 80, protocol: TCP}]', 'app: web') +
      y.svc('shop', 'all', '[{port: 80, protocol: UDP}]', '') +
      y.svc('pay', 'web', '[{port: 80, protocol: UDP}]', 'app: web'),
    expect: [],
  },
  {
    name: 'no protocol is TCP, and no targetPort (or 0) is the port',
    yaml:
      deployment('web', 'app: web') +
      y.svc('shop', 'web-a', '[{port: 80}]', 'app: web') +
      y.svc('shop', 'web-b', '[{port: 80, protocol: TCP, targetPort: 0}]', 'app: web') +
      y.svc('shop', 'web-c', '[{port: 81, targetPort: 80}]', 'app: web') +
      y.svc('shop', 'web-x', '[{port: 82}]', 'app: web'),
    expect: ['IST0137 Deployment shop/web'],
    lines: [
      'Warning [IST0137] (Deployment shop/web test.yaml:4) This deployment web is associated with multiple services [shop/web-b shop/web-c] using targetPort "80" but different ports: [80 81].',
    ],
  },
  {
    name: 'services and ports are listed sorted',
    yaml:
      deployment('web', 'app: web') +
      y.svc('shop', 'web-c', '[{port: 100, protocol: UDP, targetPort: 8080}]', 'app: web') +
      y.svc('shop', 'web-a', '[{port: 90, protocol: TCP, targetPort: 8080}]', 'app: web') +
      y.svc('shop', 'web-b', '[{port: 85, protocol: SCTP, targetPort: 8080}]', 'app: web') +
      y.svc('shop', 'web-d', '[{port: 100, protocol: TCP, targetPort: 9090}]', 'app: web') +
      y.svc('shop', 'web-e', '[{port: 100, protocol: UDP, targetPort: 9090}]', 'app: web'),
    expect: ['IST0116 Deployment shop/web', 'IST0137 Deployment shop/web'],
    lines: [
      'Warning [IST0116] (Deployment shop/web test.yaml:4) This deployment web is associated with multiple services using port 100 but different protocols: [shop/web-c shop/web-d shop/web-e]',
      'Warning [IST0137] (Deployment shop/web test.yaml:4) This deployment web is associated with multiple services [shop/web-a shop/web-b shop/web-c] using targetPort "8080" but different ports: [85 90 100].',
    ],
  },
])

const injectorCm = (values: string, name = 'istio-sidecar-injector') => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: istio-system}
data: {values: '${values}'}
`

analyzerTable(injectionAnalyzer, [
  {
    name: 'the messages and lines',
    yaml:
      y.ns('plain') +
      y.ns('many', 'istio-injection: enabled, istio.io/rev: canary, istio.io/dataplane-mode: none') +
      y.pod('many', 'p', 'app: p'),
    expect: ['IST0102 Namespace plain', 'IST0123 Namespace many', 'IST0103 Pod many/p'],
    lines: [
      "Info [IST0102] (Namespace plain test.yaml:4) The namespace is not enabled for Istio injection. Run 'kubectl label namespace plain istio-injection=enabled' to enable it, or 'kubectl label namespace plain istio-injection=disabled' to explicitly mark it as not needing injection.",
      'Warning [IST0103] (Pod many/p test.yaml:10) The pod many/p is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
      'Warning [IST0123] (Namespace many test.yaml:6) The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary istio.io/dataplane-mode=none], which may lead to undefined behavior. Make sure only one injection label exists.',
    ],
  },
  {
    name: 'a namespace marked as not needing injection',
    yaml: y.ns('off', 'istio-injection: disabled') + y.pod('off', 'p', 'app: p'),
    expect: [],
  },
  {
    // no default injector: the revision ConfigMap read last decides for the unlabelled namespaces after it
    name: "the injector's enableNamespacesByDefault",
    yaml:
      injectorCm(
        '{"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}}',
        'istio-sidecar-injector-a',
      ) +
      injectorCm(
        '{"sidecarInjectorWebhook": {"enableNamespacesByDefault": "true"}}',
        'istio-sidecar-injector-b',
      ) +
      injectorCm('not json', 'istio-sidecar-injector-c') +
      injectorCm('{"global": {}}', 'istio-sidecar-injector-d') +
      ['b', 'c', 'd']
        .map(
          (r, i) =>
            y.ns(`a${i}`, 'istio.io/rev: a') +
            y.ns(`on${i}`) +
            y.ns(r, `istio.io/rev: ${r}`) +
            y.ns(`off${i}`),
        )
        .join(''),
    expect: [0, 1, 2].flatMap((i) => [`IST0148 Namespace on${i}`, `IST0102 Namespace off${i}`]),
  },
  {
    name: 'a revision without an injector ConfigMap; pods of revision namespaces are not checked',
    yaml: y.ns('r', 'istio.io/rev: gone') + y.pod('r', 'p', 'app: p') + y.ns('off'),
    expect: ['IST0102 Namespace off'],
  },
])

const crd = (group: string, kind: string) => `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${kind.toLowerCase()}s.${group}}
spec: {group: ${group}, names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}, scope: Namespaced}
`

analyzerTable(deprecationAnalyzer, [
  {
    name: 'the messages (checked with istioctl 1.30.3)',
    yaml:
      `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec:
  hosts: [a]
  http:
  - {route: [{destination: {host: a}}]}
  - {fault: {delay: {percent: 5, fixedDelay: 1s}}, route: [{destination: {host: a}}]}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: shop}
spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: egress}}}
` + crd('rbac.istio.io', 'ServiceRoleBinding'),
    expect: [
      'IST0002 VirtualService shop/a',
      'IST0002 Sidecar shop/s',
      'IST0002 CustomResourceDefinition servicerolebindings.rbac.istio.io',
    ],
    lines: [
      'Warning [IST0002] (VirtualService shop/a test.yaml:2) Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
      'Warning [IST0002] (Sidecar shop/s test.yaml:11) Deprecated: OutboundTrafficPolicy.EgressProxy ignored',
      'Warning [IST0002] (CustomResourceDefinition servicerolebindings.rbac.istio.io test.yaml:16) Deprecated: Custom resource type rbac.istio.io ServiceRoleBinding is removed',
    ],
  },
  {
    name: 'faults without a delay percent, a null rule, and other CRDs',
    yaml:
      `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec:
  hosts: [a]
  http:
  - ~
  - {fault: {abort: {httpStatus: 500, percentage: {value: 1}}}, route: [{destination: {host: a}}]}
  - {fault: {delay: {fixedDelay: 1s, percentage: {value: 1}}}, route: [{destination: {host: a}}]}
` +
      `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: shop}
spec: {egress: [{hosts: ["./*"]}]}
` +
      crd('rbac.istio.io', 'Other') +
      crd('example.com', 'ServiceRole') +
      `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: nameless.rbac.istio.io}
spec: {group: rbac.istio.io, scope: Namespaced}
`,
    expect: [],
  },

  {
    name: 'fault delay percentage',
    yaml: `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec: {hosts: [a], http: [{fault: {delay: {percentage: {value: 5}, fixedDelay: 1s}}, route: [{destination: {host: a}}]}]}
`,
    expect: [],
  },
  {
    name: 'fault delay percent',
    yaml: `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec: {hosts: [a], http: [{fault: {delay: {percent: 5, fixedDelay: 1s}}, route: [{destination: {host: a}}]}]}
`,
    expect: ['IST0002 VirtualService shop/a'],
  },
  {
    name: 'sidecar egress proxy',
    yaml: `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: a, namespace: shop}
spec: {outboundTrafficPolicy: {mode: REGISTRY_ONLY, egressProxy: {host: egress}}}
`,
    expect: ['IST0002 Sidecar shop/a'],
  },
  {
    name: 'removed rbac CRD',
    yaml: `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: serviceroles.rbac.istio.io}
spec: {group: rbac.istio.io, names: {kind: ServiceRole, plural: serviceroles}, scope: Namespaced}
`,
    expect: ['IST0002 CustomResourceDefinition serviceroles.rbac.istio.io'],
  },
])

describe('sidecar.SelectorAnalyzer without pods', () => {
  // with pods unknown (a cluster that does not let us list them), selector Sidecars are not judged
  it('judges only selector-less Sidecars', () => {
    const store = storeFromYaml(sidecar('a', 'app: a') + sidecar('b') + sidecar('c'))
    const result = runAnalyzers({
      store,
      analyzers: [sidecarSelectorAnalyzer],
      mesh: defaultMeshConfig('istio-system'),
      istioNamespace: 'istio-system',
      available: (k) => k.kind !== 'Pod',
    })
    expect(result.messages.map((m) => `${m.type.code} ${m.resource?.name}`).sort()).to.deep.equal([
      'IST0111 b',
      'IST0111 c',
    ])
  })
})
