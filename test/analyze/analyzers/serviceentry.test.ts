import {serviceEntryProtocolAddressesAnalyzer} from '../../../src/lib/analyze/analyzers/serviceentry/protocol-addresses.js'
import {expect} from 'chai'
import {analyzerTable, findingsOf} from '../helpers.js'

const se = (name: string, ports: string, extra = '') => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [${name}.example.com]
  ports: ${ports}
  resolution: DNS
${extra}`

const dnsCapture = (allocate: string) =>
  `defaultConfig: {proxyMetadata: {ISTIO_META_DNS_CAPTURE: "true", ${allocate}: "true"}}`

analyzerTable(serviceEntryProtocolAddressesAnalyzer, [
  {
    name: 'HTTPS port needs no address',
    yaml: se('web', '[{number: 443, name: https, protocol: HTTPS}]'),
    expect: [],
  },
  {
    name: 'TCP port without addresses',
    yaml: se('db', '[{number: 5432, name: tcp, protocol: TCP}]'),
    expect: ['IST0134 ServiceEntry shop/db'],
  },
  {
    name: 'protocol matched in any case, one finding per port',
    yaml: se(
      'db',
      '[{number: 5432, name: a, protocol: tcp}, {number: 5433, name: b}, {number: 80, name: http, protocol: HTTP}]',
    ),
    expect: ['IST0134 ServiceEntry shop/db', 'IST0134 ServiceEntry shop/db'],
  },
  {
    name: 'addresses given',
    yaml: se('db', '[{number: 5432, name: tcp, protocol: TCP}]', '  addresses: [10.0.0.1]\n'),
    expect: [],
  },
  {
    name: 'an empty address list counts as none',
    yaml: se('db', '[{number: 5432, name: tcp}]', '  addresses: []\n'),
    expect: ['IST0134 ServiceEntry shop/db'],
  },
  {
    name: 'addresses allocated in the status',
    yaml: se(
      'db',
      '[{number: 5432, name: tcp}]',
      'status: {addresses: [{host: db.example.com, value: 240.240.0.1}]}\n',
    ),
    expect: [],
  },
  {
    name: 'proxies auto-allocate (DNS capture and auto-allocate)',
    yaml: se('db', '[{number: 5432, name: tcp}]'),
    mesh: dnsCapture('ISTIO_META_DNS_AUTO_ALLOCATE'),
    expect: [],
  },
  {
    name: 'proxies auto-allocate (DNS capture and PILOT_ENABLE_IP_AUTOALLOCATE)',
    yaml: se('db', '[{number: 5432, name: tcp}]'),
    mesh: dnsCapture('PILOT_ENABLE_IP_AUTOALLOCATE'),
    expect: [],
  },
  {
    name: 'auto-allocation without DNS capture does not count',
    yaml: se('db', '[{number: 5432, name: tcp}]'),
    mesh: 'defaultConfig: {proxyMetadata: {ISTIO_META_DNS_AUTO_ALLOCATE: "true"}}',
    expect: ['IST0134 ServiceEntry shop/db'],
  },
])

describe('serviceentry.Analyzer lines', () => {
  it("points at the port's name, or at the resource when the port has none (as istioctl's ErrorLine)", () => {
    const yaml = se('db', '\n  - number: 5432\n    name: tcp\n  - number: 5433')
    const lines = findingsOf(serviceEntryProtocolAddressesAnalyzer, yaml).map((f) => f.line)
    // the document starts on line 2 (after `---`); the first port's name is on line 9
    expect(lines).to.deep.equal([9, 2])
  })
})
