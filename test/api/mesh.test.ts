// The MeshConfig / ProxyConfig schema (src/lib/api/mesh.gen.ts) and its protobuf-JSON check, without istioctl.
import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {checkMeshConfig, goDurationNanos, meshConfig, proxyConfig} from '../../src/lib/api/mesh.js'
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
