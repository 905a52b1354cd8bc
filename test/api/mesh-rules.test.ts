// checkMeshConfig in detail (src/lib/api/mesh.ts): the protobuf JSON decoding of each scalar type, objects,
// maps and lists (on small schemas of its own), then istioctl's value rules one by one, each with a value it
// accepts and one it refuses, at the edges.
import {expect} from 'chai'
import {checkMeshConfig} from '../../src/lib/api/mesh.js'
import type {JSONSchemaProps} from '../../src/lib/api/schema.js'

/** The errors and warnings of a value under a schema of its own, at path `x`. */
const under = (schema: Record<string, unknown>, v: unknown) => {
  const {errors, warnings} = checkMeshConfig(v, 'x', schema as JSONSchemaProps)
  return [
    ...errors.map((e) => `E ${e.path}: ${e.message}`),
    ...warnings.map((w) => `W ${w.path}: ${w.message}`),
  ]
}
/** The error messages of a mesh config, without the `invalid value for PATH: ` in front. */
const meshErrors = (v: unknown) =>
  checkMeshConfig(v).errors.map((e) => `${e.path}: ${e.message.replace(`invalid value for ${e.path}: `, '')}`)

describe('api: checkMeshConfig scalars', () => {
  const cases: Array<[string, Record<string, unknown>, unknown[], unknown[], string]> = [
    [
      'int32',
      {type: 'integer', format: 'int32'},
      [2 ** 31 - 1, -(2 ** 31), '12', '-12', 0],
      [2 ** 31, -(2 ** 31) - 1, '12x', 'x12', '1.5', 1.5, true, '', ' 1'],
      'a 32-bit integer',
    ],
    [
      'uint32 (maximum 2^32-1)',
      {type: 'integer', minimum: 0, maximum: 2 ** 32 - 1},
      [0, 2 ** 32 - 1, '7'],
      [-1, 2 ** 32, '-1'],
      'an unsigned 32-bit integer',
    ],
    [
      'uint64 (minimum 0)',
      {type: 'integer', minimum: 0},
      [0, 2 ** 40, '5'],
      [-1, '-3', 'a'],
      'an unsigned integer',
    ],
    ['int64', {type: 'integer'}, [-(2 ** 40), 2 ** 40, '-5'], [1.5, 'a', {}], 'an integer'],
    [
      'number',
      {type: 'number', format: 'double'},
      [1.5, -2, '1.5', '-2', '10', '1e5', '1.5E-3', '2e+4', 'NaN', 'Infinity', '-Infinity'],
      ['abc', '1.', '.5', '1e', '1.5x', 'x1', '--1', '+1', '-NaN', '1.x', '1ex', '1e+', true, ''],
      'a number',
    ],
    ['boolean', {type: 'boolean'}, [true, false], ['true', 0], 'a boolean'],
    ['string', {type: 'string'}, ['a', ''], [5, true, []], 'a string'],
    ['enum', {type: 'string', enum: ['A', 'B']}, ['A', 3, -1], [1.5, true, {}], 'an enum name or number'],
  ]
  for (const [name, schema, good, bad, want] of cases) {
    it(`${name}: accepts ${good.map((v) => JSON.stringify(v)).join(', ')}`, () => {
      for (const v of good) expect(under(schema, v), JSON.stringify(v)).to.deep.equal([])
    })
    it(`${name}: refuses ${bad.map((v) => JSON.stringify(v)).join(', ')}: expected ${want}`, () => {
      for (const v of bad)
        expect(under(schema, v)[0], JSON.stringify(v)).to.match(
          new RegExp(`^E x: invalid value for x: expected ${want}, got `),
        )
    })
  }

  it('names an unknown enum value with the allowed ones', () => {
    expect(under({type: 'string', enum: ['A', 'B']}, 'C')).to.deep.equal([
      'E x: invalid value for x: "C" is not one of A, B',
    ])
  })

  it('says what it got instead', () => {
    expect(under({type: 'string'}, 5)).to.deep.equal([
      'E x: invalid value for x: expected a string, got number',
    ])
    expect(under({type: 'boolean'}, 'yes')).to.deep.equal([
      'E x: invalid value for x: expected a boolean, got string',
    ])
  })

  it('checks durations only where the schema asks for them', () => {
    expect(under({type: 'string', 'x-meshctl-checks': ['duration']}, '5')).to.deep.equal([
      'E x: invalid value for x: "5" is not a duration (such as 10s, 1.5m or 1h2m)',
    ])
    expect(under({type: 'string'}, '5')).to.deep.equal([])
  })
})

describe('api: checkMeshConfig structure', () => {
  const schema = {
    type: 'object',
    properties: {
      name_map: {type: 'object', additionalProperties: {type: 'integer', format: 'int32'}},
      items: {type: 'array', items: {type: 'boolean'}},
      free: {'x-kubernetes-preserve-unknown-fields': true},
      openObject: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {n: {type: 'boolean'}},
      },
      either: {'x-kubernetes-int-or-string': true, anyOf: [{type: 'integer'}, {type: 'string'}]},
      fooBar: {type: 'boolean'},
    },
  }

  it('walks maps, lists and objects, naming each element', () => {
    expect(under(schema, {name_map: {a: 1, b: 'x'}, items: [true, 'no', false, 3]})).to.deep.equal([
      'E x.name_map.b: invalid value for x.name_map.b: expected a 32-bit integer, got string',
      'E x.items[1]: invalid value for x.items[1]: expected a boolean, got string',
      'E x.items[3]: invalid value for x.items[3]: expected a boolean, got number',
    ])
  })

  it('refuses a scalar where an object or a list is wanted', () => {
    expect(under(schema, 'a')).to.deep.equal(['E x: invalid value for x: expected an object, got string'])
    expect(under(schema, {name_map: [1], items: {a: true}})).to.deep.equal([
      'E x.name_map: invalid value for x.name_map: expected an object, got list',
      'E x.items: invalid value for x.items: expected a list, got object',
    ])
  })

  it('skips nulls, free-form values and int-or-string', () => {
    expect(under(schema, {name_map: null, items: [null], free: 'anything', either: {}})).to.deep.equal([])
    expect(under(schema, null)).to.deep.equal([])
  })

  it('still checks the known fields of an object that keeps unknown ones', () => {
    expect(under(schema, {openObject: {n: 1}})).to.deep.equal([
      'E x.openObject.n: invalid value for x.openObject.n: expected a boolean, got number',
    ])
  })

  it('reads proto names (foo_bar) as their JSON names, and warns about unknown fields', () => {
    expect(under(schema, {foo_bar: 'x'})).to.deep.equal([
      'E x.foo_bar: invalid value for x.foo_bar: expected a boolean, got string',
    ])
    expect(under(schema, {zzzzzzzzzzzz: 1, itemz: []})).to.deep.equal([
      'W x.zzzzzzzzzzzz: unknown field x.zzzzzzzzzzzz',
      'W x.itemz: unknown field x.itemz; did you mean x.items?',
    ])
  })
})

describe('api: checkMeshConfig istioctl rules', () => {
  it('applies the value rules only once the types are right', () => {
    expect(meshErrors({proxyListenPort: 0, accessLogFile: 5})).to.deep.equal([
      'meshConfig.accessLogFile: expected a string, got number',
    ])
    expect(meshErrors({proxyListenPort: 0})).to.deep.equal([
      'meshConfig.proxyListenPort: port number 0 must be in the range 1..65535',
    ])
    expect(meshErrors({proxyListenPort: 65535})).to.deep.equal([])
  })

  for (const [config, want] of [
    [{connectTimeout: '1ms'}, []],
    [{connectTimeout: '0.9ms'}, ['meshConfig.connectTimeout: duration must be greater than 1ms']],
    [{connectTimeout: '1.5ms'}, ['meshConfig.connectTimeout: only durations to ms precision are supported']],
    [{connectTimeout: '1h0m0.001s'}, ['meshConfig.connectTimeout: time 1h0m0.001s must be >1ms and <1h0m0s']],
    [{protocolDetectionTimeout: '0s'}, []],
    [{protocolDetectionTimeout: '5s'}, []],
    [
      {protocolDetectionTimeout: '1.5ms'},
      ['meshConfig.protocolDetectionTimeout: only durations to ms precision are supported'],
    ],
    [{trustDomain: 'cluster.local.'}, []],
    [{trustDomain: ''}, ['meshConfig.trustDomain: empty domain name not allowed']],
    [{trustDomain: '.local'}, ['meshConfig.trustDomain: trust domain name ".local" invalid']],
    [{trustDomain: 'a..'}, ['meshConfig.trustDomain: trust domain name "a.." invalid']],
    [{trustDomain: 'Bad_Domain'}, ['meshConfig.trustDomain: trust domain name "Bad_Domain" invalid']],
    [{trustDomainAliases: ['ok.', '']}, ['meshConfig.trustDomainAliases[1]: empty domain name not allowed']],
    [{serviceSettings: [{hosts: ['a.b', '*.c']}, {}]}, []],
    [{meshMTLS: {ecdhCurves: []}}, []],
    [
      {meshMTLS: {ecdhCurves: ['P-256']}},
      ['meshConfig.meshMTLS.ecdhCurves: mesh TLS does not support ECDH curves configuration'],
    ],
  ] as const)
    it(`${JSON.stringify(config)}: ${want.length ? want.join('; ') : 'valid'}`, () =>
      expect(meshErrors(config)).to.deep.equal(want))
})

describe('api: checkMeshConfig proxy config rules', () => {
  const pc = (defaultConfig: Record<string, unknown>) =>
    meshErrors({defaultConfig}).map((e) => e.replace('meshConfig.defaultConfig.', ''))
  for (const [config, want] of [
    [{configPath: 'a', binaryPath: 'b', serviceCluster: 'c'}, []],
    [{binaryPath: ''}, ['binaryPath: binary path must be set']],
    [{serviceCluster: ''}, ['serviceCluster: service cluster must be specified']],
    [{drainDuration: '1ms'}, ['drainDuration: drain time only supports durations to seconds precision']],
    [{drainDuration: '0.5ms'}, ['drainDuration: duration must be greater than 1ms']],
    [{drainDuration: '1.5ms'}, ['drainDuration: only durations to ms precision are supported']],
    [{discoveryAddress: 'istiod:15012'}, []],
    [
      {discoveryAddress: ''},
      ['discoveryAddress: discovery address must be set to the proxy discovery service'],
    ],
    [
      {discoveryAddress: 'istiod'},
      ['discoveryAddress: unable to split "istiod": address istiod: missing port in address'],
    ],
    [{tracing: {lightstep: {address: 'ls:8080', accessToken: 't'}}}, []],
    [
      {tracing: {lightstep: {address: 'ls:0', access_token: ''}}},
      [
        'tracing.lightstep.address: port number 0 must be in the range 1..65535',
        'tracing.lightstep: access token is required',
      ],
    ],
    [{tracing: {zipkin: {address: 'z:9411'}, datadog: {address: '$(HOST_IP):8126'}}}, []],
    [
      {tracing: {datadog: {address: 'dd'}}},
      ['tracing.datadog.address: unable to split "dd": address dd: missing port in address'],
    ],
    [{tracing: {zipkin: {}}}, ['tracing.zipkin.address: unable to split "": missing port in address']],
    [{statsdUdpAddress: 's:1'}, []],
    [{statsdUdpAddress: 's'}, ['statsdUdpAddress: unable to split "s": address s: missing port in address']],
    [{envoyMetricsServiceAddress: ''}, []],
    [
      {envoyMetricsServiceAddress: 'm:a'},
      ['envoyMetricsServiceAddress: port (a) is not a number: strconv.Atoi: parsing "a": invalid syntax'],
    ],
    [{envoyMetricsService: {address: ''}, envoyAccessLogService: {address: 'als:1'}}, []],
    [
      {envoyAccessLogService: {address: 'als'}},
      ['envoyAccessLogService.address: unable to split "als": address als: missing port in address'],
    ],
    [
      {envoyMetricsService: {address: 'ems'}},
      ['envoyMetricsService.address: unable to split "ems": address ems: missing port in address'],
    ],
    [{proxyAdminPort: 15000, statusPort: 15020}, []],
    [{proxyAdminPort: 0}, ['proxyAdminPort: port number 0 must be in the range 1..65535']],
    [{statusPort: 65536}, ['statusPort: port number 65536 must be in the range 1..65535']],
    [{controlPlaneAuthPolicy: 'NONE'}, []],
    [{controlPlaneAuthPolicy: 'MUTUAL_TLS'}, []],
    [{controlPlaneAuthPolicy: 1}, []],
    [
      {controlPlaneAuthPolicy: 'INHERIT'},
      ['controlPlaneAuthPolicy: unrecognized control plane auth policy "INHERIT"'],
    ],
    [{controlPlaneAuthPolicy: 2}, ['controlPlaneAuthPolicy: unrecognized control plane auth policy "2"']],
    [{privateKeyProvider: {qat: {pollDelay: '1ms'}}}, []],
    [{privateKeyProvider: {qat: {}}}, ['privateKeyProvider.qat: pollDelay is required']],
    [{privateKeyProvider: {qat: {pollDelay: null}}}, ['privateKeyProvider.qat: pollDelay is required']],
    [
      {privateKeyProvider: {cryptomb: {poll_delay: '0s'}}},
      ['privateKeyProvider.cryptomb.poll_delay: pollDelay must be non zero'],
    ],
  ] as const)
    it(`${JSON.stringify(config)}: ${want.length ? want.join('; ') : 'valid'}`, () =>
      expect(pc(config)).to.deep.equal(want))
})

describe('api: checkMeshConfig tracing TLS rules', () => {
  const tls = (tlsSettings: Record<string, unknown>) =>
    meshErrors({defaultConfig: {tracing: {tlsSettings}}}).map((e) =>
      e.replace('meshConfig.defaultConfig.tracing.tlsSettings: ', ''),
    )
  const SKIP_SIMPLE =
    'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true'
  const SKIP_MUTUAL = 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true'
  const CREDENTIAL = 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set'
  const CLIENT = 'client certificate required for mutual tls'
  const KEY = 'private key required for mutual tls'
  for (const [settings, want] of [
    [{mode: 'SIMPLE'}, []],
    [{mode: 'SIMPLE', insecureSkipVerify: true}, []],
    [{mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: 'ca'}, [SKIP_SIMPLE]],
    [{mode: 1, insecure_skip_verify: true, subjectAltNames: ['a']}, [SKIP_SIMPLE]],
    [{mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: []}, []],
    [{mode: 'SIMPLE', insecureSkipVerify: false, caCertificates: 'ca'}, []],
    [{mode: 'SIMPLE', insecureSkipVerify: true, credentialName: 'c'}, [SKIP_SIMPLE]],
    [{mode: 'SIMPLE', credentialName: 'c', caCrl: 'crl'}, [CREDENTIAL]],
    [{mode: 'SIMPLE', credentialName: 'c', caCertificates: ''}, []],
    [{mode: 'DISABLE', credentialName: 'c', caCrl: 'crl'}, []],
    [{mode: 'MUTUAL', insecureSkipVerify: true, clientCertificate: 'c', privateKey: 'k'}, []],
    [{mode: 'MUTUAL', insecureSkipVerify: true, credentialName: 'c'}, []],
    [
      {
        mode: 'MUTUAL',
        insecureSkipVerify: true,
        subjectAltNames: ['a'],
        clientCertificate: 'c',
        privateKey: 'k',
      },
      [SKIP_MUTUAL],
    ],
    [
      {mode: 2, insecureSkipVerify: true, caCertificates: 'ca', clientCertificate: 'c', privateKey: 'k'},
      [SKIP_MUTUAL],
    ],
    [{mode: 'MUTUAL', credentialName: 'c'}, []],
    [{mode: 'MUTUAL', credentialName: 'c', privateKey: 'k'}, [CREDENTIAL]],
    [{mode: 'MUTUAL'}, [CLIENT, KEY]],
    [{mode: 2, clientCertificate: 'c'}, [KEY]],
    [{mode: 'MUTUAL', privateKey: 'k', clientCertificate: ''}, [CLIENT]],
    [{mode: 'ISTIO_MUTUAL'}, []],
  ] as const)
    it(`${JSON.stringify(settings)}: ${want.length ? want.join('; ') : 'valid'}`, () =>
      expect(tls(settings)).to.deep.equal(want))
})

describe('api: checkMeshConfig locality load balancing', () => {
  const lb = (localityLbSetting: Record<string, unknown>) =>
    meshErrors({localityLbSetting}).map((e) => e.replace('meshConfig.localityLbSetting: ', ''))
  const to = (...localities: string[]) =>
    Object.fromEntries(localities.map((l, i) => [l, i === 0 ? 100 - (localities.length - 1) : 1]))
  const overlap = (l: string) => `locality ${l} overlap with previous specified ones`
  // each list of localities as the targets of one distribute entry, and as the sources of several
  for (const [localities, problem] of [
    [['r1', 'r2/z', 'r3/z/s', 'r4/z/s/x/y'], undefined],
    [['r/z1', 'r/z2', 'r/z3/s'], undefined],
    [['r/z/s1', 'r/z/s2', 'r/z2'], undefined],
    [['r/z1/s', 'r/z2', 'r/z3/s'], undefined],
    [['r', 'r'], overlap('r')],
    [['r/z', 'r'], overlap('r')],
    [['r', 'r/z'], overlap('r/z')],
    [['r/z', 'r/z'], overlap('r/z')],
    [['r/z', 'r/z/s'], overlap('r/z/s')],
    [['r/z/s', 'r/z'], overlap('r/z')],
    [['r/z/s', 'r/z/s'], overlap('r/z/s')],
    [['r/a', 'r/z/s', 'r/z/s'], overlap('r/z/s')],
    [['r/a/s', 'r/z', 'r/z/s'], overlap('r/z/s')],
    [['r/z/*', 'r/z/s'], overlap('r/z/s')],
    [['*', 'x'], overlap('x')],
    [['r/*/s'], "locality r/*/s wildcard '*' number can not exceed 1 and must be in the end"],
    [['r/**'], "locality r/** wildcard '*' number can not exceed 1 and must be in the end"],
    [['r//s'], 'locality r//s must not contain empty region/zone/subzone info'],
  ] as const) {
    // a map has no twice the same key: a repeated locality only as sources
    if (new Set(localities).size === localities.length)
      it(`distribute to ${localities.join(', ')}: ${problem ?? 'valid'}`, () => {
        expect(lb({distribute: [{from: 'src', to: to(...localities)}]})).to.deep.equal(
          problem ? [problem] : [],
        )
      })
    it(`distribute from ${localities.join(', ')}: ${problem ?? 'valid'}`, () => {
      const distribute = localities.map((from) => ({from, to: {dst: 100}}))
      expect(lb({distribute})).to.deep.equal(problem ? [problem] : [])
    })
  }

  for (const [setting, want] of [
    [{distribute: [{from: 'a', to: {b: 101}}]}, ['locality weight must be in range [1, 100]']],
    [{distribute: [{from: 'a', to: {b: 50}}]}, ['total locality weight 50 != 100']],
    [
      {
        distribute: [
          {from: 'a', to: {b: 60, 'b/z': 40}},
          {from: 'c', to: {d: 100}},
          {from: 'e', to: {f: 40}},
        ],
      },
      ['locality b/z overlap with previous specified ones', 'total locality weight 40 != 100'],
    ],
    [{distribute: [{from: 'a', to: {b: 100}}], failoverPriority: ['topology.istio.io/subzone']}, []],
    [{failover: [{from: 'a', to: 'b'}], failoverPriority: ['my-label']}, []],
    [{failover: [{from: 'a/z', to: 'b'}]}, ['locality lb failover only specify region']],
    [{failover: [{from: 'a', to: 'b/z'}]}, ['locality lb failover only specify region']],
    [{failover: [{from: 'a', to: 'b*'}]}, ["locality lb failover region should not contain '*' wildcard"]],
    [{failover: [{to: 'b'}, {}]}, ['locality lb failover settings must specify different regions']],
  ] as const)
    it(`${JSON.stringify(setting)}: ${want.length ? want.join('; ') : 'valid'}`, () =>
      expect(lb(setting)).to.deep.equal(want))
})
