/**
 * `proxy-config … -o json|yaml` byte for byte as istioctl 1.30.3 prints them: field order as protojson
 * emits it (declaration order), camelCase names, `@type`s, map and Struct keys sorted, jsonpb's Struct
 * indentation. The goldens are istioctl's own output (test/fixtures/proxy-config-istioctl/README.md).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {expect} from 'chai'
import {runCli} from '../helpers/cli.js'
import {printMessages} from '../../src/lib/proxy-config/output.js'
import {printProtos, protoJson} from '../../src/lib/proxy-config/proto-json.js'
import {fullXdsProtos} from '../../src/lib/xds/protos.js'

const GOLDENS = new URL('../fixtures/proxy-config-istioctl/', import.meta.url)
const DUMPS = new URL('../../../shared/fixtures/envoy/', import.meta.url)

describe('proxy-config -o json|yaml: istioctl 1.30.3 goldens', function () {
  this.timeout(60_000)
  const goldens = readdirSync(GOLDENS).filter((f) => /\.(json|yaml)$/.test(f))

  it('has goldens for cluster, listener, route, bootstrap and secret in both formats', () => {
    const covered = new Set(goldens.map((g) => g.split('.').slice(1).join('.')))
    for (const c of ['cluster', 'listener', 'route', 'bootstrap', 'secret'])
      for (const f of ['json', 'yaml'])
        if (c !== 'route' || f === 'json') expect([...covered], `${c} ${f}`).to.include(`${c}.${f}`)
  })

  for (const golden of goldens) {
    const [dump, command, format] = golden.split('.') as [string, string, string]
    it(`pc ${command} --file ${dump}-config_dump.json -o ${format}`, async () => {
      const file = fileURLToPath(new URL(`${dump}-config_dump.json`, DUMPS))
      const r = await runCli(['pc', command, '--file', file, '-o', format])
      expect(r.stderr).to.equal('')
      expect(r.code).to.equal(0)
      expect(r.stdout).to.equal(readFileSync(new URL(golden, GOLDENS), 'utf8'))
    })
  }

  it('orders fields as the proto declares them, not as Envoy wrote them', async () => {
    const {root} = await fullXdsProtos()
    const Cluster = root.lookupType('envoy.config.cluster.v3.Cluster')
    const out = protoJson(
      {common_lb_config: {}, name: 'a', connect_timeout: '10s', type: 'EDS'},
      Cluster,
      root,
    ) as Record<string, unknown>
    expect(Object.keys(out)).to.deep.equal(['name', 'type', 'connectTimeout', 'commonLbConfig'])
  })

  it('keeps what the protos do not know: an Any of an unknown type, an unknown field', async () => {
    const {root} = await fullXdsProtos()
    const Cluster = root.lookupType('envoy.config.cluster.v3.Cluster')
    const out = protoJson(
      {
        name: 'a',
        future_field: {some_value: 1},
        transport_socket: {
          name: 'x',
          typed_config: {'@type': 'type.googleapis.com/example.Unknown', inner_field: true},
        },
      },
      Cluster,
      root,
    )
    expect(out).to.deep.equal({
      name: 'a',
      transportSocket: {
        name: 'x',
        typedConfig: {'@type': 'type.googleapis.com/example.Unknown', innerField: true},
      },
      futureField: {someValue: 1},
    })
  })

  it('a type these protos lack prints by field names, as before', async () => {
    const printed = await printProtos([{some_field: 1}], 'example.NoSuchType', 'json')
    expect(printed).to.equal(printMessages([{some_field: 1}], 'json'))
    expect(printed).to.include('"someField": 1')
  })
})
