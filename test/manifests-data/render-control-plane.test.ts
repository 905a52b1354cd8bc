// Renders the base and istiod charts with Helm's own engine (the Go oracle) and checks the
// objects a working control plane needs. Skips, visibly, when the oracle is not built.
import {expect} from 'chai'
import {parse} from 'yaml'
import {COMPONENT_CHARTS, ids, profileValues, renderWithHelm, find, skipWithoutHelmOracle} from './layout.js'

const env = (container: any): Record<string, string | undefined> =>
  Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value]))

describe('manifests: base and istiod charts (Helm engine)', function () {
  before(function () {
    skipWithoutHelmOracle(this)
  })

  it('base: the 15 Istio CRDs with Helm labels, the reader account, no default validator', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.base, profileValues('default'))
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition')
    expect(crds).to.have.length(15)
    for (const crd of crds)
      expect(crd.metadata.labels).to.include({
        'app.kubernetes.io/part-of': 'istio',
        'helm.sh/chart': 'base-1.30.3',
      })
    expect(ids(objects.filter((o) => o.kind !== 'CustomResourceDefinition'))).to.deep.equal([
      'ServiceAccount/istio-reader-service-account',
    ])
  })

  it('base: renders the default validator when defaultRevision is set', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.base,
      profileValues('default', {defaultRevision: 'default'}),
    )
    const vwc = find(objects, 'ValidatingWebhookConfiguration', 'istiod-default-validator')
    expect(vwc.webhooks[0].clientConfig.service).to.deep.equal({
      name: 'istiod',
      namespace: 'istio-system',
      path: '/validate',
    })
  })

  it('istiod, default profile: the object set of istioctl 1.30.3', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('default'))
    expect(ids(objects)).to.deep.equal([
      'ClusterRole/istio-reader-clusterrole-istio-system',
      'ClusterRole/istiod-clusterrole-istio-system',
      'ClusterRole/istiod-gateway-controller-istio-system',
      'ClusterRoleBinding/istio-reader-clusterrole-istio-system',
      'ClusterRoleBinding/istiod-clusterrole-istio-system',
      'ClusterRoleBinding/istiod-gateway-controller-istio-system',
      'ConfigMap/istio',
      'ConfigMap/istio-sidecar-injector',
      'ConfigMap/values',
      'Deployment/istiod',
      'HorizontalPodAutoscaler/istiod',
      'MutatingWebhookConfiguration/istio-sidecar-injector',
      'Role/istiod',
      'RoleBinding/istiod',
      'Service/istiod',
      'ServiceAccount/istiod',
      'ValidatingWebhookConfiguration/istio-validator-istio-system',
    ])
  })

  it('istiod Deployment runs the release image with istiod ports, env and volumes', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('default'))
    const dep = find(objects, 'Deployment', 'istiod')
    expect(dep.spec.replicas, 'the HPA owns replicas').to.equal(undefined)
    expect(dep.spec.selector.matchLabels).to.deep.equal({istio: 'pilot'})
    const c = dep.spec.template.spec.containers[0]
    expect(c.name).to.equal('discovery')
    expect(c.image).to.equal('docker.io/istio/pilot:1.30.3')
    expect(c.args).to.deep.equal([
      'discovery',
      '--monitoringAddr=:15014',
      '--log_output_level=default:info',
      '--domain',
      'cluster.local',
      '--keepaliveMaxServerConnectionAge',
      '30m',
    ])
    expect(c.ports.map((p: any) => `${p.name}:${p.containerPort}`)).to.deep.equal([
      'http-debug:8080',
      'grpc-xds:15010',
      'tls-xds:15012',
      'https-webhooks:15017',
      'http-monitoring:15014',
    ])
    expect(c.env.map((e: any) => e.name)).to.deep.equal([
      'REVISION',
      'PILOT_CERT_PROVIDER',
      'POD_NAME',
      'POD_NAMESPACE',
      'SERVICE_ACCOUNT',
      'KUBECONFIG',
      'CA_TRUSTED_NODE_ACCOUNTS',
      'PILOT_TRACE_SAMPLING',
      'PILOT_ENABLE_ANALYSIS',
      'CLUSTER_ID',
      'GOMAXPROCS',
      'PLATFORM',
    ])
    expect(env(c)).to.include({
      REVISION: 'default',
      PILOT_TRACE_SAMPLING: '1',
      CLUSTER_ID: 'Kubernetes',
      PLATFORM: '',
    })
    expect(c.resources).to.deep.equal({requests: {cpu: '500m', memory: '2048Mi'}})
    expect(dep.spec.template.spec.volumes.map((v: any) => v.name)).to.deep.equal([
      'local-certs',
      'istio-token',
      'cacerts',
      'istio-kubeconfig',
      'istio-csr-dns-cert',
      'istio-csr-ca-configmap',
    ])
    const svc = find(objects, 'Service', 'istiod')
    expect(svc.spec.ports.map((p: any) => `${p.name}:${p.port}`)).to.deep.equal([
      'grpc-xds:15010',
      'https-dns:15012',
      'https-webhook:443',
      'http-monitoring:15014',
    ])
  })

  it('istiod, demo profile: no HPA, one replica, full tracing, small requests, access logs', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('demo'))
    expect(ids(objects)).not.to.include('HorizontalPodAutoscaler/istiod')
    const dep = find(objects, 'Deployment', 'istiod')
    expect(dep.spec.replicas).to.equal(1)
    const c = dep.spec.template.spec.containers[0]
    expect(env(c).PILOT_TRACE_SAMPLING).to.equal('100')
    expect(c.resources).to.deep.equal({requests: {cpu: '10m', memory: '100Mi'}})
    const mesh = parse(find(objects, 'ConfigMap', 'istio').data.mesh)
    expect(mesh.accessLogFile).to.equal('/dev/stdout')
    expect(mesh.extensionProviders.map((p: any) => p.name)).to.deep.equal([
      'otel',
      'skywalking',
      'otel-tracing',
      'jaeger',
    ])
  })

  it('mesh config: built-in defaults merged with meshConfig', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.pilot,
      profileValues('default', {meshConfig: {trustDomain: 'example.org'}}),
    )
    const cm = find(objects, 'ConfigMap', 'istio')
    expect(parse(cm.data.mesh)).to.deep.equal({
      defaultConfig: {discoveryAddress: 'istiod.istio-system.svc:15012'},
      defaultProviders: {metrics: ['prometheus']},
      enablePrometheusMerge: true,
      rootNamespace: 'istio-system',
      trustDomain: 'example.org',
    })
    expect(parse(cm.data.meshNetworks)).to.deep.equal({networks: {}})
  })

  it('sidecar injector: webhooks, values and templates istiod reads', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('default'))
    const mwc = find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector')
    expect(mwc.webhooks.map((w: any) => w.name)).to.deep.equal([
      'rev.namespace.sidecar-injector.istio.io',
      'rev.object.sidecar-injector.istio.io',
      'namespace.sidecar-injector.istio.io',
      'object.sidecar-injector.istio.io',
    ])
    for (const w of mwc.webhooks) {
      expect(w.clientConfig.service).to.deep.equal({
        name: 'istiod',
        namespace: 'istio-system',
        path: '/inject',
        port: 443,
      })
      expect(w).to.include({failurePolicy: 'Fail', sideEffects: 'None', reinvocationPolicy: 'Never'})
      expect(w.rules).to.deep.equal([
        {operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']},
      ])
    }
    expect(mwc.webhooks[2].namespaceSelector.matchExpressions).to.deep.equal([
      {key: 'istio-injection', operator: 'In', values: ['enabled']},
    ])
    const cm = find(objects, 'ConfigMap', 'istio-sidecar-injector')
    const values = JSON.parse(cm.data.values)
    expect(Object.keys(values).sort()).to.deep.equal([
      'gateways',
      'global',
      'pilot',
      'revision',
      'sidecarInjectorWebhook',
    ])
    expect(values.global.hub).to.equal('docker.io/istio')
    expect(values.global.proxy.image).to.equal('proxyv2')
    const config = parse(cm.data.config)
    expect(config.defaultTemplates).to.deep.equal(['sidecar'])
    expect(config.policy).to.equal('enabled')
    expect(Object.keys(config.templates).sort()).to.deep.equal([
      'agentgateway',
      'gateway',
      'grpc-agent',
      'grpc-simple',
      'kube-gateway',
      'sidecar',
      'waypoint',
    ])
    // kube-gateway, waypoint and agentgateway are one file, told apart by the variable the ConfigMap sets first.
    for (const name of ['kube-gateway', 'waypoint', 'agentgateway'])
      expect(config.templates[name]).to.match(new RegExp(`^\\{\\{- \\$kind := "${name}" -\\}\\}\\n`))
    expect(config.templates.sidecar).to.contain('istio-proxy')
    const vwc = find(objects, 'ValidatingWebhookConfiguration', 'istio-validator-istio-system')
    expect(vwc.webhooks[0]).to.include({name: 'rev.validation.istio.io', failurePolicy: 'Ignore'})
    expect(vwc.webhooks[0].clientConfig.service).to.deep.equal({
      name: 'istiod',
      namespace: 'istio-system',
      path: '/validate',
    })
  })

  it('a revision renames istiod objects and keeps only the revision webhooks', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('default', {revision: 'canary'}))
    expect(ids(objects)).to.include.members([
      'Deployment/istiod-canary',
      'ConfigMap/istio-canary',
      'ConfigMap/istio-sidecar-injector-canary',
      'MutatingWebhookConfiguration/istio-sidecar-injector-canary',
      'ValidatingWebhookConfiguration/istio-validator-canary-istio-system',
      'ClusterRole/istiod-clusterrole-canary-istio-system',
    ])
    const mwc = find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary')
    expect(mwc.webhooks.map((w: any) => w.name)).to.deep.equal([
      'rev.namespace.sidecar-injector.istio.io',
      'rev.object.sidecar-injector.istio.io',
    ])
    expect(find(objects, 'Deployment', 'istiod-canary').spec.selector.matchLabels).to.deep.equal({
      app: 'istiod',
      'istio.io/rev': 'canary',
    })
  })

  it('remote profile: only the injection webhook side, no local istiod', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('remote'))
    const kinds = ids(objects)
    expect(kinds).to.include('MutatingWebhookConfiguration/istio-sidecar-injector')
    expect(kinds).not.to.include.members([
      'Deployment/istiod',
      'ConfigMap/istio',
      'ConfigMap/istio-sidecar-injector',
    ])
  })

  it('an unknown chart profile fails the render', () => {
    expect(() => renderWithHelm(COMPONENT_CHARTS.pilot, {profile: 'nope'})).to.throw('unknown profile nope')
  })
})
