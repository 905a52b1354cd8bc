// EnvoyFilter patch values: filters named without typed_config, found as deep as istiod walks, and the
// deprecated type_url warning istioctl 1.30.3 cannot give. Checked against istioctl when it is present.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {validateObject} from '../../src/lib/api/index.js'
import {ISTIOCTL_PATH} from '../helpers/istio.js'

const envoyFilter = (name: string, applyTo: string, value: object) => ({
  apiVersion: 'networking.istio.io/v1alpha3',
  kind: 'EnvoyFilter',
  metadata: {name, namespace: 'default'},
  spec: {configPatches: [{applyTo, patch: {operation: 'MERGE', value}}]},
})

const tls = {
  name: 'envoy.transport_sockets.tls',
  typed_config: {'@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'},
}

/** [case name, applyTo, patch value, the names istiod lists, or null for no warning] */
const CASES: Array<[string, string, object, string | null]> = [
  // the reviewer's case: a nested message, not the top level, names its filter
  [
    'cluster-ts',
    'CLUSTER',
    {name: 'c', transport_socket: {name: 'envoy.transport_sockets.tls'}},
    'envoy.transport_sockets.tls',
  ],
  ['cluster-ts-typed', 'CLUSTER', {name: 'c', transport_socket: tls}, null],
  ['cluster-plain', 'CLUSTER', {name: 'c', connect_timeout: '1s'}, null],
  ['cluster-ts-null', 'CLUSTER', {name: 'c', transport_socket: null}, null],
  // an empty message is set: it has a name, the empty one
  ['cluster-ts-empty', 'CLUSTER', {name: 'c', transport_socket: {}}, ''],
  // JSON names too; listed in declaration order, not key order
  [
    'cluster-json-order',
    'CLUSTER',
    {
      name: 'c',
      upstreamConfig: {name: 'up'},
      transportSocket: {name: 'ts'},
      typedDnsResolverConfig: {name: 'dns'},
    },
    'dns, ts, up',
  ],
  // two levels down: Listener.default_filter_chain.transport_socket
  ['listener-deep', 'LISTENER', {name: 'l', default_filter_chain: {transport_socket: {name: 'ts'}}}, 'ts'],
  // lists are not walked
  [
    'listener-lists',
    'LISTENER',
    {name: 'l', listener_filters: [{name: 'lf'}], filter_chains: [{filters: [{name: 'nf'}]}]},
    null,
  ],
  ['filter-chain-ts', 'FILTER_CHAIN', {transport_socket: {name: 'ts'}}, 'ts'],
  ['bootstrap-dns', 'BOOTSTRAP', {typed_dns_resolver_config: {name: 'dns'}}, 'dns'],
  ['hcm-filter-top', 'HTTP_FILTER', {name: 'h'}, 'h'],
  [
    'network-ecds',
    'NETWORK_FILTER',
    {
      name: 'nf',
      config_discovery: {
        type_urls: ['type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'],
      },
    },
    null,
  ],
  // a v2 type_url: istioctl rejects it as unknown and never reaches its deprecated type_url check
  [
    'v2-type-url',
    'HTTP_FILTER',
    {name: 'r', typed_config: {'@type': 'type.googleapis.com/envoy.config.filter.http.router.v2.Router'}},
    null,
  ],
]

const TYPED = /^using deprecated types by name without typed_config; /
const TYPE_URLS = /^using deprecated type_url\(s\)/

describe('EnvoyFilter: filters named without typed_config, as deep as istiod looks', () => {
  for (const [name, applyTo, value, names] of CASES)
    it(`${name}: ${names === null ? 'no warning' : `warns about "${names}"`}`, () => {
      const warnings = validateObject(envoyFilter(name, applyTo, value)).warnings.map((w) => w.message)
      expect(warnings.filter((m) => TYPED.test(m))).to.deep.equal(
        names === null ? [] : [`using deprecated types by name without typed_config; ${names}`],
      )
      expect(warnings.filter((m) => TYPE_URLS.test(m))).to.deep.equal([])
    })
})

describe('EnvoyFilter deprecation warnings: same as istioctl 1.30.3 on handmade files', function () {
  let dir = ''
  before(function () {
    if (!existsSync(ISTIOCTL_PATH)) {
      console.log(`      SKIP: ${ISTIOCTL_PATH} is absent (the istioctl oracle)`)
      this.skip()
    }
    dir = mkdtempSync(join(tmpdir(), 'meshctl-ef-'))
  })
  after(() => dir && rmSync(dir, {recursive: true, force: true}))

  it('warns about the same filters and type_urls for every case', async () => {
    // JSON is YAML: no YAML 1.1 surprises (istioctl reads `n` as false)
    const file = join(dir, 'cases.yaml')
    writeFileSync(file, CASES.map(([n, a, v]) => JSON.stringify(envoyFilter(n, a, v))).join('\n---\n'))
    const out = await promisify(execFile)(ISTIOCTL_PATH, ['validate', '-f', file]).then(
      (r) => r.stdout + r.stderr,
      (e: {stdout: string; stderr: string}) => e.stdout + e.stderr,
    )
    const theirs: Record<string, string[]> = {}
    const ours: Record<string, string[]> = {}
    for (const [n, a, v] of CASES) {
      theirs[n] = [...out.matchAll(new RegExp(`\\* EnvoyFilter/default/${n}: (.*)$`, 'gm'))]
        .map((m) => m[1])
        .filter((m) => TYPED.test(m) || TYPE_URLS.test(m))
      ours[n] = validateObject(envoyFilter(n, a, v))
        .warnings.map((w) => w.message)
        .filter((m) => TYPED.test(m) || TYPE_URLS.test(m))
    }
    expect(ours).to.deep.equal(theirs)
    // the comparison saw istioctl's warnings, not an empty output
    expect(theirs['cluster-ts']).to.have.length(1)
  })
})
