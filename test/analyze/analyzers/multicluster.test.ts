import {meshNetworksAnalyzer} from '../../../src/lib/analyze/analyzers/multicluster/mesh-networks.js'
import {multiClusterServiceAnalyzer} from '../../../src/lib/analyze/analyzers/multicluster/service.js'
import {
  meshConfigValidationAnalyzer,
  meshNetworksValidationAnalyzer,
} from '../../../src/lib/analyze/analyzers/schema/mesh.js'
import {findingsOf, analyzerTable, y} from '../helpers.js'
import {expect} from 'chai'

const remoteSecret = (clusters: string) => `---
apiVersion: v1
kind: Secret
metadata: {name: istio-remote-secret-west, namespace: istio-system, labels: {istio/multiCluster: "true"}}
data: {${clusters}}
`
const networks = (registries: string) => `
networks:
  net1:
    endpoints: [${registries}]
    gateways: [{registryServiceName: istio-eastwestgateway.istio-system.svc.cluster.local, port: 15443}]
`

analyzerTable(meshNetworksAnalyzer, [
  {
    name: 'built-in registries and clusters of remote secrets',
    yaml: remoteSecret('west: YQ=='),
    networks: networks('{fromRegistry: Kubernetes}, {fromRegistry: west}, {fromCidr: 10.0.0.0/8}'),
    expect: [],
  },
  {name: 'no mesh networks', yaml: remoteSecret('west: YQ=='), expect: []},
  {
    name: 'unknown registries (names are case-sensitive)',
    yaml:
      remoteSecret('west: YQ==') + remoteSecret('east: YQ==').replace('istio/multiCluster: "true"', 'x: y'),
    networks: networks('{fromRegistry: kubernetes}, {fromRegistry: east}'),
    expect: [
      'IST0126 MeshNetworks istio-system/meshnetworks',
      'IST0126 MeshNetworks istio-system/meshnetworks',
    ],
  },
  {
    name: 'networks and endpoints left empty',
    yaml: '',
    networks:
      'networks:\n  net1:\n  net2: {endpoints: [~, {fromCidr: 10.0.0.0/8}]}\n  net3: {endpoints: [{fromRegistry: gone}]}\n',
    expect: ['IST0126 MeshNetworks istio-system/meshnetworks'],
  },
])

const svc = (ports: string, extra = '') => y.svc('shop', 'web', ports) + extra

analyzerTable(multiClusterServiceAnalyzer, [
  {
    // the file's Service replaces the primary cluster's, and is not compared with the remote one
    name: 'Services from files are never compared',
    yaml: svc('[{name: http, port: 8080}]'),
    clusters: {west: svc('[{name: http, port: 80}]')},
    expect: [],
  },
  {
    name: 'the same Service in every cluster',
    yaml: '',
    clusters: {primary: svc('[{name: http, port: 80}]'), west: svc('[{name: http, port: 80}]')},
    expect: [],
  },
  {
    name: 'a Service in one cluster only',
    yaml: '',
    clusters: {primary: svc('[{name: http, port: 80}]'), west: y.svc('shop', 'other', '[{port: 80}]')},
    expect: [],
  },
  {
    name: 'ports, type and headless mode differ',
    yaml: '',
    clusters: {
      primary: svc('[{name: http, port: 80}, {name: grpc, port: 90}]'),
      west: svc('[{name: grpc, port: 90}, {name: http, port: 80}]'),
      east: svc('[{name: http, port: 8080}]'),
      south: svc('[{name: http, port: 80}, {name: grpc, port: 90}]').replace(
        'spec:',
        'spec:\n  clusterIP: None',
      ),
    },
    expect: ['IST0170 Service shop/web'],
  },
])

const headlessSvc = (ports: string) => svc(ports).replace('spec:', 'spec:\n  clusterIP: None')
const typed = (type: string, ports = '[{name: http, port: 80}]') =>
  svc(ports).replace('spec:', `spec:\n  type: ${type}`)
const mc = (clusters: string[], reasons: string) =>
  `Warning [IST0170] (Service shop/web) The service web in namespace "shop" is inconsistent across clusters [${clusters.map((c) => `"${c}"`).join(' ')}], which can lead to undefined behaviors. The inconsistent behaviors are: ${reasons}`

analyzerTable(multiClusterServiceAnalyzer, [
  {
    name: 'headless in one cluster: every cluster is named',
    yaml: '',
    clusters: {
      primary: svc('[{name: http, port: 80}]'),
      west: headlessSvc('[{name: http, port: 80}]'),
      east: svc('[{name: http, port: 80}]'),
    },
    expect: ['IST0170 Service shop/web'],
    lines: [mc(['default', 'east', 'west'], 'service has mixed mode like headless and clusterIP.')],
  },
  {
    name: 'another type in one cluster; an empty type is no type',
    yaml: '',
    clusters: {primary: svc('[{name: http, port: 80}]'), west: typed('NodePort'), east: typed('""')},
    expect: ['IST0170 Service shop/web'],
    lines: [mc(['default', 'west'], 'service type is inconsistent.')],
  },
  {
    name: 'ports in another order, or with fields in another order, are the same ports',
    yaml: '',
    clusters: {
      primary: svc('[{name: a, port: 80}, {name: b, port: 81}, {name: c, port: 82, protocol: TCP}]'),
      west: svc('[{name: c, protocol: TCP, port: 82}, {port: 80, name: a}, {name: b, port: 81}]'),
    },
    expect: [],
  },
  {
    name: 'every reason, sorted',
    yaml: '',
    clusters: {
      primary: svc('[{name: a, port: 80}]'),
      west: typed('NodePort', '[{name: a, port: 80}]').replace('spec:', 'spec:\n  clusterIP: None'),
      east: svc('[{name: a, port: 80, targetPort: "80"}]'),
    },
    expect: ['IST0170 Service shop/web'],
    lines: [
      mc(
        ['default', 'east', 'west'],
        'service has mixed mode like headless and clusterIP; service ports are inconsistent; service type is inconsistent.',
      ),
    ],
  },
])

describe('services.MultiClusterServiceAnalyzer message', () => {
  it('names the clusters that differ and why, sorted', () => {
    const [f] = findingsOf(multiClusterServiceAnalyzer, '', undefined, undefined, {
      primary: svc('[{name: http, port: 80}]'),
      west: svc('[{name: http, port: 80}]'),
      east: svc('[{name: http, port: 8080}]'),
    })
    expect(f.message).to.contain('["default" "east"]')
    expect(f.message).to.contain('service ports are inconsistent')
  })
})

analyzerTable(meshConfigValidationAnalyzer, [
  {name: 'the default mesh config', yaml: '', expect: []},
  {
    name: 'a valid mesh config',
    yaml: '',
    mesh: 'enableTracing: true\ndefaultConfig: {concurrency: 2}',
    expect: [],
  },
  {
    name: 'wrongly typed values and unknown fields',
    yaml: '',
    mesh: 'enableTracing: maybe\nacessLogFile: /dev/stdout',
    expect: ['IST0106 MeshConfig istio-system/meshconfig', 'IST0133 MeshConfig istio-system/meshconfig'],
  },
])

analyzerTable(meshNetworksValidationAnalyzer, [
  {
    name: 'valid networks',
    yaml: '',
    networks: networks('{fromCidr: "10.0.0.0/8"}, {fromCidr: "fd00::/8"}'),
    expect: [],
  },
  {
    name: 'a bad CIDR, gateway port and gateway address',
    yaml: '',
    networks: `
networks:
  net1:
    endpoints: [{fromCidr: 10.0.0.0/40}]
    gateways: [{address: "not_a_host!", port: 70000}]
`,
    expect: [
      'IST0106 MeshNetworks istio-system/meshnetworks',
      'IST0106 MeshNetworks istio-system/meshnetworks',
      'IST0106 MeshNetworks istio-system/meshnetworks',
    ],
  },
])
