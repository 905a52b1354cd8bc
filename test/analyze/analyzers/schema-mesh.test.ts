// The mesh networks and mesh config checks (schema/mesh.ts, meshctl's addition: istioctl 1.30.3 validates
// neither, deviation `mesh-schema-analyzers`): each problem's message, and its line when the object is in a file.
import {expect} from 'chai'
import {
  meshConfigValidationAnalyzer,
  meshNetworksValidationAnalyzer,
} from '../../../src/lib/analyze/analyzers/schema/mesh.js'
import {parseMeshNetworks} from '../../../src/lib/analyze/mesh.js'
import {findingLine} from '../../../src/lib/analyze/finding.js'
import {findingsOf} from '../helpers.js'

const messages = (networks: string) =>
  findingsOf(meshNetworksValidationAnalyzer, '', undefined, parseMeshNetworks(networks))
    .map((f) => f.message.replace(/^Schema validation error: /, ''))
    .sort()

describe('schema.ValidationAnalyzer.MeshNetworks problems', () => {
  const cidr = (c: string) => `networks: {n1: {endpoints: [{fromCidr: "${c}"}]}}`
  it('fromCidr: an IPv4 or IPv6 address, one slash, a decimal prefix length within the family', () => {
    const table: [string, boolean][] = [
      ['10.0.0.0/8', true],
      ['10.0.0.0/0', true],
      ['10.0.0.0/32', true],
      ['10.0.0.0/33', false],
      ['fd00::/8', true],
      ['::/128', true],
      ['::/129', false],
      ['1.2.3.4/8/9', false],
      ['nope/8', false],
      ['1.2.3.4/x', false],
      ['1.2.3.4/8x', false],
      ['1.2.3.4/x8', false],
      ['1.2.3.4/', false],
      ['1.2.3.4', false],
      ['nope/1', false],
      ['nope/0', false],
    ]
    for (const [c, ok] of table)
      expect(messages(cidr(c)), c).to.deep.equal(ok ? [] : [`invalid network n1: invalid CIDR: ${c}`])
  })

  it('endpoints without a CIDR, networks without endpoints or gateways: nothing to check', () => {
    expect(messages('networks: {n1: {endpoints: [{fromRegistry: Kubernetes}]}, n2: {}}')).to.deep.equal([])
    expect(messages('networks: {n1: null, n2: {endpoints: [null]}}')).to.deep.equal([])
  })

  it('a gateway without a port has port 0, as istiod reads it', () => {
    expect(messages('networks: {n1: {gateways: [null, {address: 1.2.3.4}]}}')).to.deep.equal([
      'invalid network n1: port number 0 must be in the range 1..65535',
      'invalid network n1: port number 0 must be in the range 1..65535',
    ])
    // neither a service name nor an address: only the port is checked
    expect(messages('networks: {n1: {gateways: [{port: 15443}]}}')).to.deep.equal([])
  })

  it('gateways: a valid service name, else a valid address; a port in range', () => {
    const gw = (g: string) => `networks: {n1: {gateways: [${g}]}}`
    const table: [string, string[]][] = [
      ['{registryServiceName: istio-eastwestgateway.istio-system.svc.cluster.local, port: 15443}', []],
      [
        '{registryServiceName: "bad_name!", port: 15443}',
        ['invalid network n1: domain name "bad_name!" invalid (label "bad_name!" invalid)'],
      ],
      [
        '{registry_service_name: "also bad!", port: 15443}',
        ['invalid network n1: domain name "also bad!" invalid (label "also bad!" invalid)'],
      ],
      // with a service name, the address is not looked at
      ['{registryServiceName: gw.example.com, address: "not an address", port: 15443}', []],
      ['{address: 1.2.3.4, port: 15443}', []],
      ['{address: "fd00::1", port: 15443}', []],
      ['{address: gw.example.com, port: 15443}', []],
      [
        '{address: "not an address", port: 15443}',
        ['invalid network n1: not an address is not a valid IP address or DNS name'],
      ],
      ['{address: 1.2.3.4, port: 0}', ['invalid network n1: port number 0 must be in the range 1..65535']],
      [
        '{address: 1.2.3.4, port: 65536}',
        ['invalid network n1: port number 65536 must be in the range 1..65535'],
      ],
      ['{address: 1.2.3.4, port: 65535}', []],
    ]
    for (const [g, want] of table) expect(messages(gw(g)), g).to.deep.equal(want)
  })

  it('each problem at the line of its field when the networks come from a file', () => {
    const yaml = `---
apiVersion: v1alpha1
kind: MeshNetworks
metadata: {name: nets, namespace: istio-system}
spec:
  networks:
    n1:
      endpoints:
      - fromRegistry: Kubernetes
      - fromCidr: 10.0.0.0/33
      gateways:
      - registryServiceName: "bad!"
        port: 15443
      - address: "not an address"
        port: 0
`
    expect(findingsOf(meshNetworksValidationAnalyzer, yaml).map(findingLine).sort()).to.deep.equal([
      'Error [IST0106] (MeshNetworks istio-system/nets test.yaml:10) Schema validation error: invalid network n1: invalid CIDR: 10.0.0.0/33',
      'Error [IST0106] (MeshNetworks istio-system/nets test.yaml:12) Schema validation error: invalid network n1: domain name "bad!" invalid (label "bad!" invalid)',
      'Error [IST0106] (MeshNetworks istio-system/nets test.yaml:14) Schema validation error: invalid network n1: not an address is not a valid IP address or DNS name',
      'Error [IST0106] (MeshNetworks istio-system/nets test.yaml:15) Schema validation error: invalid network n1: port number 0 must be in the range 1..65535',
    ])
  })
})

describe('schema.ValidationAnalyzer.MeshConfig lines', () => {
  it('each problem at the line of its field (list items included) when the mesh config comes from a file', () => {
    const yaml = `---
apiVersion: v1alpha1
kind: MeshConfig
metadata: {name: mesh, namespace: istio-system}
spec:
  outboundTrafficPolicy: {mode: NOPE}
  extensionProviders:
  - name: ok
    prometheus: {}
  - name: bad
    prometheus: {}
    unknownInItem: 1
  bogus: 1
`
    const lines = findingsOf(meshConfigValidationAnalyzer, yaml)
      .filter((f) => f.origin === 'MeshConfig istio-system/mesh')
      .map((f) => `${f.code} ${f.line}`)
      .sort()
    expect(lines).to.deep.equal(['IST0106 6', 'IST0133 12', 'IST0133 13'])
  })

  it('list items from the eleventh on, and field names with digits, are found too', () => {
    const providers = Array.from({length: 11}, (_, i) => `  - {name: p${i}, prometheus: {}}`)
    providers[10] = '  - name: p10\n    prometheus: {}\n    oops: 1'
    const yaml = `---
apiVersion: v1alpha1
kind: MeshConfig
metadata: {name: mesh, namespace: istio-system}
spec:
  extensionProviders:
${providers.join('\n')}
  field2: 1
  2field: 1
`
    const lines = findingsOf(meshConfigValidationAnalyzer, yaml)
      .filter((f) => f.origin === 'MeshConfig istio-system/mesh')
      .map((f) => `${f.code} ${f.line} ${f.message.replace(/.*unknown field /, '')}`)
      .sort()
    expect(lines).to.deep.equal([
      'IST0133 19 spec.extensionProviders[10].oops',
      'IST0133 20 spec.field2',
      'IST0133 21 spec.2field',
    ])
  })
})
