import {caCertificateAnalyzer} from '../../../src/lib/analyze/analyzers/destinationrule/ca-certificate.js'
import {subsetSelectPodAnalyzer} from '../../../src/lib/analyze/analyzers/destinationrule/subset-select-pod.js'
import {expect} from 'chai'
import {analyzerTable, findingsOf, y} from '../helpers.js'
import {fullName} from '../../../src/lib/analyze/resource.js'

const dr = (spec: string, name = 'catalog') => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`

analyzerTable(caCertificateAnalyzer, [
  {
    name: 'SIMPLE with a CA',
    yaml: dr('  host: db.example.com\n  trafficPolicy: {tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}}\n'),
    expect: [],
  },
  {
    name: 'ISTIO_MUTUAL needs no CA',
    yaml: dr('  host: catalog\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n'),
    expect: [],
  },
  {
    name: 'SIMPLE without a CA',
    yaml: dr('  host: db.example.com\n  trafficPolicy: {tls: {mode: SIMPLE}}\n'),
    expect: ['IST0128 DestinationRule shop/catalog'],
  },
  {
    name: 'MUTUAL at port level without a CA',
    yaml: dr(
      '  host: db.example.com\n  trafficPolicy:\n    portLevelSettings: [{port: {number: 443}, tls: {mode: MUTUAL}}]\n',
    ),
    expect: ['IST0129 DestinationRule shop/catalog'],
  },
  {
    name: 'credentialName with a workload selector is enough',
    yaml: dr(
      '  host: db.example.com\n  workloadSelector: {matchLabels: {app: egress}}\n  trafficPolicy: {tls: {mode: SIMPLE, credentialName: db-ca}}\n',
    ),
    expect: [],
  },
])

analyzerTable(subsetSelectPodAnalyzer, [
  {
    name: 'subset selects a pod',
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}]') +
      y.pod('shop', 'catalog-1', 'app: catalog, version: v1') +
      dr('  host: catalog\n  subsets: [{name: v1, labels: {version: v1}}]\n'),
    expect: [],
  },
  {
    name: 'subset selects no pod',
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}]') +
      y.pod('shop', 'catalog-1', 'app: catalog, version: v1') +
      dr('  host: catalog\n  subsets: [{name: v2, labels: {version: v2}}]\n'),
    expect: ['IST0173 DestinationRule shop/catalog'],
  },
  {
    name: 'host matches no service',
    yaml: dr('  host: nowhere\n'),
    expect: ['IST0174 DestinationRule shop/catalog'],
  },
  {
    name: 'topology label from the node',
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}]') +
      `---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {topology.kubernetes.io/region: eu, topology.kubernetes.io/zone: eu-1}}
---
apiVersion: v1
kind: Pod
metadata: {name: catalog-1, namespace: shop, labels: {app: catalog}}
spec: {nodeName: n1, containers: [{name: app, image: app}]}
` +
      dr('  host: catalog\n  subsets: [{name: eu1, labels: {topology.kubernetes.io/zone: eu-1}}]\n'),
    expect: [],
  },
])

describe('destinationrule.CaCertificateAnalyzer messages', () => {
  // istioctl looks a field's line up among the object's scalar values: a missing field gets the resource's line
  it('points at the resource when caCertificates is missing, as istioctl does', () => {
    const [f] = findingsOf(
      caCertificateAnalyzer,
      dr('  host: db\n  trafficPolicy:\n    tls: {mode: SIMPLE}\n'),
    )
    expect(f.message).to.equal(
      'DestinationRule shop/catalog in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to ' +
        'validate server identity for host: db',
    )
    expect(f.line).to.equal(2) // the resource's line, not `tls:` (8), its nearest present ancestor
  })
  it('names a resource without a namespace without the `/`, as istioctl does', () => {
    expect(fullName({namespace: '', name: 'db-mtls'})).to.equal('db-mtls')
    expect(fullName({namespace: 'shop', name: 'db-mtls'})).to.equal('shop/db-mtls')
  })
})
