// Renders the gateway charts with Helm's own engine, with the per-gateway values istioctl adds
// (name and labels), and checks the objects and the proxy's shape.
import {expect} from 'chai'
import {COMPONENT_CHARTS, ids, profileValues, renderWithHelm, find, skipWithoutHelmOracle} from './layout.js'

/** Values for one gateway as istioctl passes them: the profile's values plus the gateway's name and labels. */
function gatewayValues(
  profile: string,
  key: string,
  gateway: Record<string, unknown> = {},
): Record<string, unknown> {
  return profileValues(profile, {gateways: {[key]: {name: key, labels: {}, ...gateway}}})
}

describe('manifests: gateway charts (Helm engine)', function () {
  before(function () {
    skipWithoutHelmOracle(this)
  })

  it('ingress, default profile: the object set of istioctl 1.30.3', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.ingressGateways,
      gatewayValues('default', 'istio-ingressgateway'),
    )
    expect(ids(objects)).to.deep.equal([
      'Deployment/istio-ingressgateway',
      'HorizontalPodAutoscaler/istio-ingressgateway',
      'Role/istio-ingressgateway-sds',
      'RoleBinding/istio-ingressgateway-sds',
      'Service/istio-ingressgateway',
      'ServiceAccount/istio-ingressgateway-service-account',
    ])
    for (const o of objects)
      expect(o.metadata.labels?.['operator.istio.io/component']).to.equal('IngressGateways')
  })

  it('ingress Deployment runs the release proxy as a router with the gateway env', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.ingressGateways,
      gatewayValues('default', 'istio-ingressgateway'),
    )
    const dep = find(objects, 'Deployment', 'istio-ingressgateway')
    expect(dep.spec.selector.matchLabels).to.deep.equal({
      app: 'istio-ingressgateway',
      istio: 'ingressgateway',
    })
    const pod = dep.spec.template.spec
    expect(pod.serviceAccountName).to.equal('istio-ingressgateway-service-account')
    expect(pod.securityContext).to.deep.equal({runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true})
    const c = pod.containers[0]
    expect(c.image).to.equal('docker.io/istio/proxyv2:1.30.3')
    expect(c.args).to.deep.equal([
      'proxy',
      'router',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ])
    expect(c.ports.map((p: any) => p.containerPort)).to.deep.equal([15021, 8080, 8443, 15090])
    expect(c.env.map((e: any) => e.name)).to.deep.equal([
      'PILOT_CERT_PROVIDER',
      'CA_ADDR',
      'NODE_NAME',
      'POD_NAME',
      'POD_NAMESPACE',
      'INSTANCE_IP',
      'HOST_IP',
      'ISTIO_CPU_LIMIT',
      'SERVICE_ACCOUNT',
      'ISTIO_META_WORKLOAD_NAME',
      'ISTIO_META_OWNER',
      'ISTIO_META_MESH_ID',
      'TRUST_DOMAIN',
      'ISTIO_META_UNPRIVILEGED_POD',
      'ISTIO_META_CLUSTER_ID',
      'ISTIO_META_NODE_NAME',
    ])
    expect(c.env.find((e: any) => e.name === 'CA_ADDR').value).to.equal('istiod.istio-system.svc:15012')
    expect(c.readinessProbe.httpGet).to.deep.equal({path: '/healthz/ready', port: 15021, scheme: 'HTTP'})
    expect(pod.volumes.map((v: any) => v.name)).to.deep.equal([
      'workload-socket',
      'credential-socket',
      'workload-certs',
      'istiod-ca-cert',
      'podinfo',
      'istio-envoy',
      'istio-data',
      'istio-token',
      'config-volume',
      'ingressgateway-certs',
      'ingressgateway-ca-certs',
    ])
    const svc = find(objects, 'Service', 'istio-ingressgateway')
    expect(svc.spec.type).to.equal('LoadBalancer')
    expect(svc.spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`)).to.deep.equal([
      'status-port:15021->15021',
      'http2:80->8080',
      'https:443->8443',
    ])
  })

  it('ingress, demo profile: no HPA, the demo ports and small requests', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.ingressGateways,
      gatewayValues('demo', 'istio-ingressgateway'),
    )
    expect(ids(objects)).not.to.include('HorizontalPodAutoscaler/istio-ingressgateway')
    const svc = find(objects, 'Service', 'istio-ingressgateway')
    expect(svc.spec.ports.map((p: any) => `${p.name}:${p.port}`)).to.deep.equal([
      'status-port:15021',
      'http2:80',
      'https:443',
      'tcp:31400',
      'tls:15443',
    ])
    const c = find(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0]
    expect(c.resources).to.deep.equal({
      requests: {cpu: '10m', memory: '40Mi'},
      limits: {cpu: '2000m', memory: '1024Mi'},
    })
  })

  it('egress, demo profile: a ClusterIP gateway with its own names and labels', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.egressGateways,
      gatewayValues('demo', 'istio-egressgateway'),
    )
    expect(ids(objects)).to.deep.equal([
      'Deployment/istio-egressgateway',
      'Role/istio-egressgateway-sds',
      'RoleBinding/istio-egressgateway-sds',
      'Service/istio-egressgateway',
      'ServiceAccount/istio-egressgateway-service-account',
    ])
    const svc = find(objects, 'Service', 'istio-egressgateway')
    expect(svc.spec.type).to.equal('ClusterIP')
    expect(svc.spec.selector).to.deep.equal({app: 'istio-egressgateway', istio: 'egressgateway'})
    expect(svc.spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`)).to.deep.equal([
      'http2:80->8080',
      'https:443->8443',
    ])
    for (const o of objects)
      expect(o.metadata.labels?.['operator.istio.io/component']).to.equal('EgressGateways')
  })

  it('a named, relabelled gateway with replicas gets its own names and a PDB', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.ingressGateways,
      gatewayValues('default', 'istio-ingressgateway', {
        name: 'edge',
        labels: {istio: 'edge'},
        autoscaleMin: 2,
      }),
    )
    expect(ids(objects)).to.include.members([
      'Deployment/edge',
      'PodDisruptionBudget/edge',
      'ServiceAccount/edge-service-account',
    ])
    expect(find(objects, 'Service', 'edge').spec.selector).to.deep.equal({
      app: 'istio-ingressgateway',
      istio: 'edge',
    })
  })

  it('injectionTemplate leaves the proxy to the injector', () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.ingressGateways,
      gatewayValues('default', 'istio-ingressgateway', {injectionTemplate: 'gateway'}),
    )
    const tpl = find(objects, 'Deployment', 'istio-ingressgateway').spec.template
    expect(tpl.metadata.annotations).to.include({
      'inject.istio.io/templates': 'gateway',
      'sidecar.istio.io/inject': 'true',
    })
    expect(tpl.spec.containers[0].image).to.equal('auto')
    expect(tpl.spec.containers[0].args).to.equal(undefined)
  })
})
