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
    name: 'an empty caCertificates is none, pointed at; ports with and without a number',
    yaml: dr(`  trafficPolicy:
    tls:
      mode: SIMPLE
      caCertificates: ""
    portLevelSettings:
    - port: {number: 443}
      tls:
        mode: MUTUAL
        caCertificates: ""
    - tls: {mode: SIMPLE}
    - tls: {mode: SIMPLE, caCertificates: /etc/ca.pem}
`),
    expect: [
      'IST0128 DestinationRule shop/catalog',
      'IST0129 DestinationRule shop/catalog',
      'IST0129 DestinationRule shop/catalog',
    ],
    lines: [
      'Warning [IST0128] (DestinationRule shop/catalog test.yaml:9) DestinationRule shop/catalog in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: ',
      'Warning [IST0129] (DestinationRule shop/catalog test.yaml:14) DestinationRule shop/catalog in namespace shop has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host:  at port number:443',
      'Warning [IST0129] (DestinationRule shop/catalog test.yaml:2) DestinationRule shop/catalog in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host:  at port ',
    ],
  },
  {
    name: 'credentialName without a workload selector, or a selector without credentialName, is not',
    yaml:
      dr('  host: db.example.com\n  trafficPolicy: {tls: {mode: SIMPLE, credentialName: db-ca}}\n') +
      dr(
        '  host: db.example.com\n  workloadSelector: {matchLabels: {app: egress}}\n  trafficPolicy: {tls: {mode: SIMPLE}}\n',
        'selected',
      ),
    expect: ['IST0128 DestinationRule shop/catalog', 'IST0128 DestinationRule shop/selected'],
  },
  {name: 'no traffic policy', yaml: dr('  host: db.example.com\n'), expect: []},
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

const node = (name: string, labels: string) => `---
apiVersion: v1
kind: Node
metadata: {name: ${name}, labels: {${labels}}}
`
const podOn = (name: string, nodeName: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: catalog, pod: ${name}}}
spec: {${nodeName ? `nodeName: ${nodeName}, ` : ''}containers: [{name: app, image: app}]}
`
const R = 'topology.kubernetes.io/region'
const Z = 'topology.kubernetes.io/zone'
const S = 'topology.istio.io/subzone'
const H = 'kubernetes.io/hostname'

analyzerTable(subsetSelectPodAnalyzer, [
  {
    // istiod derives the labels from the node's locality string (region/zone/subzone), as istioctl does
    name: 'topology labels from nodes: a zone needs no region, a subzone needs a zone',
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}]') +
      node('n1', `${Z}: z1, ${S}: s1`) +
      node('n2', `${R}: r2, ${S}: s2`) +
      node('n3', `${R}: r3, ${Z}: z3, ${S}: s3`) +
      podOn('a', 'n1') +
      podOn('b', 'n2') +
      podOn('c', 'n3') +
      podOn('d', '') +
      dr(`  host: catalog
  subsets:
  - {name: zone-only, labels: {${Z}: z1}}
  - {name: subzone-of-zone, labels: {${S}: s1}}
  - {name: subzone-without-zone, labels: {${S}: s2}}
  - {name: region, labels: {${R}: r2}}
  - {name: all, labels: {${R}: r3, ${Z}: z3, ${S}: s3}}
  - {name: host, labels: {${H}: n3, pod: c}}
  - {name: no-host, labels: {${H}: "", pod: d}}
`),
    expect: ['IST0173 DestinationRule shop/catalog', 'IST0173 DestinationRule shop/catalog'],
    lines: [
      'Error [IST0173] (DestinationRule shop/catalog test.yaml:49) The Subset subzone-without-zone defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
      'Error [IST0173] (DestinationRule shop/catalog test.yaml:53) The Subset no-host defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    ],
  },
  {
    // as istioctl: a Service's selector is not part of a subset's (its ServiceEntry form has none); a
    // ServiceEntry's workload selector is
    name: "a ServiceEntry's workload selector applies to every subset; unknown hosts are named",
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}]') +
      `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: db, namespace: shop}
spec:
  hosts: [db.example.com]
  ports: [{number: 5432, name: tcp, protocol: TCP}]
  resolution: STATIC
  workloadSelector: {labels: {app: db}}
` +
      y.pod('shop', 'other-1', 'app: other, version: v1') +
      dr('  host: catalog\n  subsets: [{name: v1, labels: {version: v1}}]\n') +
      dr('  host: db.example.com\n  subsets: [{name: v1, labels: {version: v1}}]\n', 'db') +
      dr('  host: gone.shop.svc.cluster.local\n', 'gone') +
      dr('  subsets: [{labels: {version: v1}}]\n', 'nohost'),
    expect: [
      'IST0173 DestinationRule shop/db',
      'IST0174 DestinationRule shop/gone',
      'IST0174 DestinationRule shop/nohost',
    ],
    lines: [
      'Error [IST0173] (DestinationRule shop/db test.yaml:36) The Subset v1 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
      'Warning [IST0174] (DestinationRule shop/gone test.yaml:42) The host gone.shop.svc.cluster.local defined in the DestinationRule does not match any services in the mesh.',
      'Warning [IST0174] (DestinationRule shop/nohost test.yaml:44) The host  defined in the DestinationRule does not match any services in the mesh.',
    ],
  },
  {
    name: 'a known host without subsets',
    yaml: y.svc('shop', 'catalog', '[{port: 80}]') + dr('  host: catalog\n'),
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
