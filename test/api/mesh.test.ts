// The MeshConfig / ProxyConfig schema (src/lib/api/mesh.gen.ts) and its protobuf-JSON check, without istioctl.
import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {
  checkMeshConfig,
  goDurationNanos,
  meshConfig,
  proxyAddressProblem,
  proxyConfig,
} from '../../src/lib/api/mesh.js'
import {readProtos, renderMeshSchemaFromModule, renderMeshSchemaModule} from './tools/mesh-schema-module.js'
import {istioApiModuleDir} from './tools/istio-api.js'

const messages = (v: unknown, prefix?: string) => {
  const {errors, warnings} = checkMeshConfig(v, prefix)
  return {errors: errors.map((e) => e.message), warnings: warnings.map((w) => w.message)}
}

describe('api: MeshConfig schema', () => {
  it('has the mesh config fields, with defaultConfig a ProxyConfig', () => {
    const p = meshConfig.properties!
    expect(p.accessLogFile).to.deep.equal({type: 'string'})
    expect(p.defaultConfig).to.equal(proxyConfig)
    expect(p.enableAutoMtls).to.deep.equal({type: 'boolean', nullable: true})
    expect(p.trustDomainAliases).to.deep.equal({type: 'array', items: {type: 'string'}})
    expect(proxyConfig.properties!.concurrency).to.include({type: 'integer', format: 'int32', nullable: true})
    expect(proxyConfig.properties!.proxyMetadata).to.deep.equal({
      type: 'object',
      additionalProperties: {type: 'string'},
    })
  })

  it('resolves nested enums in their own scope (outbound and inbound traffic policy modes differ)', () => {
    const mode = (f: string) => meshConfig.properties![f]!.properties!.mode!.enum
    expect(mode('outboundTrafficPolicy')).to.deep.equal([
      'REGISTRY_ONLY',
      'ALLOW_ANY',
      'ALLOW_ANY_DYNAMIC_DNS',
    ])
    expect(mode('inboundTrafficPolicy')).to.not.deep.equal(mode('outboundTrafficPolicy'))
  })

  it('takes messages from the networking protos the mesh config uses', () => {
    const retry = meshConfig.properties!.defaultHttpRetryPolicy!.properties!
    expect(retry.attempts).to.deep.equal({type: 'integer', format: 'int32'})
    expect(meshConfig.properties!.localityLbSetting!.properties).to.have.property('failoverPriority')
  })
})

describe('api: checkMeshConfig', () => {
  it('accepts a typical mesh config, nulls included', () => {
    expect(
      messages({
        accessLogFile: '/dev/stdout',
        enableTracing: true,
        enableAutoMtls: null,
        connectTimeout: '1.5s',
        outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'},
        defaultConfig: {concurrency: '2', holdApplicationUntilProxyStarts: true, proxyMetadata: {A: 'b'}},
        extensionProviders: [{name: 'otel', opentelemetry: {service: 'c.ns.svc', port: 4317}}],
      }),
    ).to.deep.equal({errors: [], warnings: []})
  })

  it('reads Go durations as protobuf JSON does', () => {
    for (const d of ['10s', '1.5m', '1h2m', '0', '+5s', '-1s', '.5s', '1.s', '300ms', '2us', '2µs'])
      expect(messages({dnsRefreshRate: d}).errors, d).to.deep.equal([])
    for (const d of ['', '5', '1d', 's', '1s2', '.s'])
      expect(messages({dnsRefreshRate: d}).errors, d).to.have.length(1)
  })

  it('measures Go durations exactly, for the rules on connect timeout and drain duration', () => {
    expect(goDurationNanos('1.5ms')).to.equal(1_500_000)
    expect(goDurationNanos('1h0m0.001s')).to.equal(3600e9 + 1e6)
    expect(goDurationNanos('-1s')).to.equal(-1e9)
    expect(goDurationNanos('0')).to.equal(0)
    expect(messages({connectTimeout: '1h', defaultConfig: {drainDuration: '45s'}}).errors).to.deep.equal([])
    expect(messages({connectTimeout: '0.5ms', defaultConfig: {drain_duration: '1.5s'}}).errors).to.deep.equal(
      [
        'invalid value for meshConfig.connectTimeout: duration must be greater than 1ms',
        'invalid value for meshConfig.defaultConfig.drain_duration: drain time only supports durations to seconds precision',
      ],
    )
  })

  it('prints a too long connect timeout as Go prints a duration (istioctl: time 2h0m0s must be ...)', () => {
    const timeout = (v: string) => messages({connectTimeout: v}).errors
    expect(timeout('2h')).to.deep.equal([
      'invalid value for meshConfig.connectTimeout: time 2h0m0s must be >1ms and <1h0m0s',
    ])
    expect(timeout('90m')).to.deep.equal([
      'invalid value for meshConfig.connectTimeout: time 1h30m0s must be >1ms and <1h0m0s',
    ])
    expect(timeout('3600.5s')).to.deep.equal([
      'invalid value for meshConfig.connectTimeout: time 1h0m0.5s must be >1ms and <1h0m0s',
    ])
  })

  it('keeps integers to their type: int32, uint32, int64 (numbers or decimal strings)', () => {
    const port = (v: unknown) => messages({defaultConfig: {fileFlushMinSizeKb: v}}).errors
    expect(port(0)).to.deep.equal([])
    expect(port('4294967295')).to.deep.equal([])
    expect(port(-1)).to.deep.equal([
      'invalid value for meshConfig.defaultConfig.fileFlushMinSizeKb: expected an unsigned 32-bit integer, got number',
    ])
    expect(messages({proxyListenPort: 2 ** 31}).errors).to.have.length(1)
    expect(messages({defaultConfig: {concurrency: '-3'}}).errors).to.deep.equal([])
  })

  it('takes enum names exactly, or numbers', () => {
    expect(messages({accessLogEncoding: 1}).errors).to.deep.equal([])
    expect(messages({accessLogEncoding: 'json'}).errors).to.deep.equal([
      'invalid value for meshConfig.accessLogEncoding: "json" is not one of TEXT, JSON',
    ])
    expect(messages({accessLogEncoding: '1'}).errors).to.have.length(1)
  })

  it('warns about unknown fields with the closest valid one, under any prefix', () => {
    expect(messages({defaultConfig: {drainDurations: '5s'}}, 'mesh')).to.deep.equal({
      errors: [],
      warnings: [
        'unknown field mesh.defaultConfig.drainDurations; did you mean mesh.defaultConfig.drainDuration?',
      ],
    })
  })

  it('reads proxy addresses as istioctl does (Go net.SplitHostPort, then port, then host or IP)', () => {
    const problem = (a: string) => proxyAddressProblem(a)
    expect(problem('istiod.istio-system.svc:15012')).to.equal(undefined)
    expect(problem('[::1]:15012')).to.equal(undefined)
    expect(problem('10.0.0.1:+15')).to.equal(undefined)
    expect(problem('')).to.equal('unable to split "": missing port in address')
    expect(problem('[::1')).to.equal('unable to split "[::1": address [::1: missing \']\' in address')
    expect(problem('[::1]x')).to.equal('unable to split "[::1]x": address [::1]x: missing port in address')
    expect(problem('[a]:b:1')).to.equal(
      'unable to split "[a]:b:1": address [a]:b:1: too many colons in address',
    )
    expect(problem('a]:1')).to.equal('unable to split "a]:1": address a]:1: unexpected \']\' in address')
    expect(problem('a:')).to.equal('port () is not a number: strconv.Atoi: parsing "": invalid syntax')
    expect(problem('a:0')).to.equal('port number 0 must be in the range 1..65535')
    expect(problem('a:9007199254740993')).to.equal(
      'port number 9007199254740993 must be in the range 1..65535',
    )
    expect(problem('a:9223372036854775808')).to.equal(
      'port (9223372036854775808) is not a number: strconv.Atoi: parsing "9223372036854775808": value out of range',
    )
    expect(problem('1.2.3:1')).to.equal('"1.2.3" is not a valid hostname or an IP address')
  })

  it('applies istioctl proxy config rules to what is set, proto names included', () => {
    expect(
      messages({
        default_config: {config_path: '', tracing: {lightstep: {}}, privateKeyProvider: {}},
      }).errors,
    ).to.deep.equal([
      'invalid value for meshConfig.default_config.config_path: config path must be set',
      'invalid value for meshConfig.default_config.tracing.lightstep: address is required',
      'invalid value for meshConfig.default_config.tracing.lightstep: unable to split "": missing port in address',
      'invalid value for meshConfig.default_config.tracing.lightstep: access token is required',
      'invalid value for meshConfig.default_config.privateKeyProvider: private key provider configuration is required',
      'invalid value for meshConfig.default_config.privateKeyProvider: unknown private key provider',
    ])
    expect(
      messages({
        defaultConfig: {
          statsdUdpAddress: '',
          tracing: {zipkin: {address: '$(HOST_IP):9411'}, tlsSettings: {mode: 'MUTUAL', privateKey: 'k'}},
          envoyMetricsService: {address: 'ems:15000'},
          privateKeyProvider: {cryptomb: {pollDelay: '10ms'}},
        },
      }).errors,
    ).to.deep.equal([
      'invalid value for meshConfig.defaultConfig.tracing.tlsSettings: client certificate required for mutual tls',
    ])
  })

  it('checks locality load balancing as istioctl does, stopping where it stops', () => {
    const lb = (localityLbSetting: unknown) => messages({localityLbSetting}).errors
    expect(lb({distribute: [{from: 'a/*', to: {b: 100}}], failover: [{from: 'a', to: 'b'}]})).to.deep.equal([
      "invalid value for meshConfig.localityLbSetting: can not simultaneously specify 'distribute' and 'failover'",
    ])
    expect(
      lb({failover: [{from: 'a', to: 'b'}], failoverPriority: ['topology.istio.io/subzone']}),
    ).to.deep.equal([
      "invalid value for meshConfig.localityLbSetting: can not simultaneously set 'failover' and topology label 'topology.istio.io/subzone' in 'failover_priority'",
    ])
    expect(lb({distribute: [{from: 'a', to: {b: 0, c: 100}}]})).to.deep.equal([
      'invalid value for meshConfig.localityLbSetting: locality weight must be in range [1, 100]',
    ])
    expect(lb({distribute: [{from: 'a/*/c', to: {'b/': 100}}]})).to.deep.equal([
      'invalid value for meshConfig.localityLbSetting: locality b/ must not contain empty region/zone/subzone info',
      "invalid value for meshConfig.localityLbSetting: locality a/*/c wildcard '*' number can not exceed 1 and must be in the end",
    ])
    expect(
      lb({
        distribute: [
          {from: '*', to: {b: 100}},
          {from: 'x', to: {c: 100}},
        ],
      }),
    ).to.deep.equal([
      'invalid value for meshConfig.localityLbSetting: locality x overlap with previous specified ones',
    ])
    expect(
      lb({
        failover: [
          {from: 'a', to: 'a'},
          {from: 'b*', to: 'c'},
        ],
      }),
    ).to.deep.equal([
      'invalid value for meshConfig.localityLbSetting: locality lb failover settings must specify different regions',
      "invalid value for meshConfig.localityLbSetting: locality lb failover region should not contain '*' wildcard",
    ])
    expect(
      lb({
        distribute: [
          {from: 'r/z/s1', to: {'r2/z': 60, r3: 40}},
          {from: 'r/z/s2', to: {r4: 100}},
        ],
      }),
    ).to.deep.equal([])
  })

  it('checks service setting hosts, trust domains and mesh TLS', () => {
    expect(
      messages({
        serviceSettings: [{hosts: ['*.svc.cluster.local']}, {hosts: ['']}],
        trust_domain: 'cluster.local',
        trustDomainAliases: ['a..b'],
        mesh_mTLS: {ecdhCurves: ['X25519']},
      }).errors,
    ).to.deep.equal([
      'invalid value for meshConfig.serviceSettings[1].hosts[0]: empty domain name not allowed',
      'invalid value for meshConfig.trustDomainAliases[0]: trust domain name "a..b" invalid',
      'invalid value for meshConfig.mesh_mTLS.ecdhCurves: mesh TLS does not support ECDH curves configuration',
    ])
  })

  it('accepts proto field names as well as JSON names', () => {
    expect(messages({access_log_file: 'x', default_config: {drain_duration: '5s'}})).to.deep.equal({
      errors: [],
      warnings: [],
    })
  })
})

describe('api: mesh schema generator', () => {
  it('declares a message after those it uses, and emits only the helpers it needs', () => {
    const set = readProtos([
      'syntax = "proto3";\npackage istio.mesh.v1alpha1;\nmessage A { B b = 1; repeated string s = 2 [json_name = "S"]; }\n' +
        'message B { enum Mode { X = 0; Y = 1; } Mode mode = 1; map<string, B> kids = 2; }',
    ])
    const text = renderMeshSchemaModule(set, ['istio.mesh.v1alpha1.A'])
    expect(text).to.contain("import {enm, list, map, obj, open, str} from './schema.js'")
    expect(text.indexOf('const b = obj')).to.be.lessThan(text.indexOf('export const a = obj'))
    expect(text).to.contain("mode: enm('X', 'Y')")
    expect(text).to.contain('kids: map(open() /* recursive */)')
    expect(text).to.contain('S: list(str())')
  })

  it('mesh.gen.ts is what the generator makes of istio.io/api (regenerate with test/api/tools)', async function () {
    const dir = istioApiModuleDir()
    if (!dir) {
      console.warn('    ⚠ skipped: istio.io/api (Istio 1.30.3) is not in the Go module cache')
      return this.skip()
    }
    const {format, resolveConfig} = await import('prettier')
    const config = await resolveConfig('src/lib/api/mesh.gen.ts')
    const want = await format(renderMeshSchemaFromModule(dir), {...config, parser: 'typescript'})
    expect(readFileSync('src/lib/api/mesh.gen.ts', 'utf8')).to.equal(want)
  })
})
