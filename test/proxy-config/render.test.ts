import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {bootstrapSummary} from '../../src/lib/proxy-config/bootstrap.js'
import {clusterDump, clusterSummary} from '../../src/lib/proxy-config/cluster.js'
import {ConfigDump} from '../../src/lib/proxy-config/dump.js'
import {ecdsDump, ecdsSummary} from '../../src/lib/proxy-config/ecds.js'
import {endpointSummary, sortedEndpoints} from '../../src/lib/proxy-config/endpoint.js'
import {listenerSummary} from '../../src/lib/proxy-config/listener.js'
import {printMessage, printMessages} from '../../src/lib/proxy-config/output.js'
import {routeSummary} from '../../src/lib/proxy-config/route.js'
import {secretSummary} from '../../src/lib/proxy-config/secret.js'
import {fullSummary} from '../../src/lib/proxy-config/summary.js'
import {ISTIO_SRC} from '../helpers/istio.js'

const ENVOY = new URL('../../../shared/fixtures/envoy/', import.meta.url)
const fixtureText = (name: string) => readFileSync(new URL(name, ENVOY), 'utf8')
const fixture = (name: string) => ConfigDump.parse(fixtureText(name), name)

/**
 * istioctl 1.30.3's own expected outputs for these dumps live beside its writer's tests; read at test time
 * from Istio's source at that tag (never copied), skipped visibly when it is absent.
 */
const ISTIO_TREE = [ISTIO_SRC, join(homedir(), 'src', 'istio')].find((d) =>
  existsSync(join(d, 'istioctl/pkg/writer/envoy/configdump/testdata')),
)
function istioGolden(this: Mocha.Context, rel: string): string {
  if (!ISTIO_TREE) {
    console.log(`      (skipped: Istio 1.30.3 source not found at ${ISTIO_SRC}; its golden ${rel} is needed)`)
    this.skip()
  }
  return readFileSync(join(ISTIO_TREE, 'istioctl/pkg/writer/envoy/configdump/testdata', rel), 'utf8')
}
/** Istio's golden check compares with surrounding whitespace trimmed. */
const trimmed = (s: string) => s.trim()

describe('proxy-config rendering (Envoy config dumps of the fixtures)', () => {
  it('all: sidecar-config_dump.json renders sidecar-config_dump.summary.txt exactly', () => {
    const dump = fixture('sidecar-config_dump.json')
    const out = fullSummary(dump, {
      cluster: {},
      listener: {verbose: true},
      route: {verbose: true},
      endpoint: {},
    })
    expect(out).to.equal(fixtureText('sidecar-config_dump.summary.txt'))
  })

  it('all --with-headers puts a title before each part', () => {
    const out = fullSummary(fixture('sidecar-config_dump.json'), {
      cluster: {},
      listener: {verbose: true},
      route: {verbose: true},
      endpoint: {},
      withHeaders: true,
    })
    expect(out.match(/^------ .* ------$/gm)).to.deep.equal([
      '------ BOOTSTRAP INFO ------',
      '------ CLUSTER INFO ------',
      '------ LISTENER INFO ------',
      '------ ROUTE INFO ------',
      '------ SECRET INFO ------',
      '------ ENDPOINTS INFO ------',
    ])
  })

  for (const name of ['istio-gateway-http-route-prefix', 'k8s-gateway-http-route-path-prefix'])
    it(`route: routes-${name}-config_dump.json matches istioctl's output`, function () {
      const want = istioGolden.call(this, `routes/${name}/output.txt`)
      const out = routeSummary(fixture(`routes-${name}-config_dump.json`), {verbose: true})
      expect(trimmed(out)).to.equal(trimmed(want))
    })

  for (const [name, filter] of [
    ['emptyfilter', {}],
    ['portfilter', {port: 8080}],
  ] as const) {
    it(`endpoint ${name}: endpoint-config_dump.json table matches istioctl's`, function () {
      const want = istioGolden.call(this, `endpoint/${name}_output.txt`)
      expect(trimmed(endpointSummary(fixture('endpoint-config_dump.json'), filter))).to.equal(trimmed(want))
    })
    for (const format of ['json', 'yaml'] as const)
      it(`endpoint ${name} -o ${format} matches istioctl's`, function () {
        const want = istioGolden.call(this, `endpoint/${name}_output.${format}`)
        const out = printMessages(sortedEndpoints(fixture('endpoint-config_dump.json'), filter), format)
        expect(trimmed(out)).to.equal(trimmed(want))
      })
  }

  it("secret: secret-config_dump.json matches istioctl's table (certificate dates, serials, CA flag)", function () {
    const want = istioGolden.call(this, 'secret/istio/output')
    expect(trimmed(secretSummary(fixture('secret-config_dump.json')))).to.equal(trimmed(want))
  })

  it('secret: VALID CERT follows the clock', () => {
    const at = (d: string) => secretSummary(fixture('secret-config_dump.json'), false, new Date(d))
    expect(at('2023-05-15T12:00:00Z')).to.match(/^default +Cert Chain +ACTIVE +true /m)
    expect(at('2024-01-01T00:00:00Z')).to.match(/^default +Cert Chain +ACTIVE +false /m)
  })

  it("bootstrap: bootstrap-config_dump.json's version summary matches istioctl's", function () {
    const want = istioGolden.call(this, 'versionsummary.txt')
    // the fixture is a BootstrapConfigDump on its own: as the one section of a config dump
    const section = {
      '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
      ...JSON.parse(fixtureText('bootstrap-config_dump.json')),
    }
    const dump = ConfigDump.parse(JSON.stringify({configs: [section]}), 'bootstrap')
    expect(trimmed(bootstrapSummary(dump))).to.equal(trimmed(want))
  })

  it("ecds: Istio's ECDS dump renders istioctl's table, json and yaml", function () {
    const text = istioGolden.call(this, 'ecds/configdump.json')
    const dump = ConfigDump.parse(text, 'ecds/configdump.json')
    expect(trimmed(ecdsSummary(dump))).to.equal(trimmed(istioGolden.call(this, 'ecds/output.txt')))
    expect(trimmed(printMessage(ecdsDump(dump), 'yaml'))).to.equal(
      trimmed(istioGolden.call(this, 'ecds/output.yaml')),
    )
    expect(JSON.parse(printMessage(ecdsDump(dump), 'json'))).to.deep.equal(
      JSON.parse(istioGolden.call(this, 'ecds/output.json')),
    )
  })

  describe('filters', () => {
    const sidecar = () => fixture('sidecar-config_dump.json')
    it('cluster --fqdn/--port/--subset/--direction keep substring matches of the name', () => {
      const names = (f: Parameters<typeof clusterDump>[1]) => clusterDump(sidecar(), f).map((c) => c.name)
      expect(names({port: 8000})).to.deep.equal(['inbound-vip|8000|http|httpbin.default.svc.cluster.local'])
      expect(names({fqdn: 'prometheus'})).to.deep.equal(['prometheus_stats'])
      expect(names({direction: 'outbound'})).to.deep.equal([])
      expect(clusterSummary(sidecar(), {subset: 'http'})).to.equal(
        'SERVICE FQDN                          PORT     SUBSET     DIRECTION       TYPE     DESTINATION RULE\n' +
          'httpbin.default.svc.cluster.local     8000     http       inbound-vip     EDS      \n',
      )
    })
    it('listener --port and --type, and the short form without --verbose', () => {
      const out = listenerSummary(sidecar(), {port: 15021, verbose: false})
      expect(out).to.equal('ADDRESSES PORT  TYPE\n0.0.0.0   15021 HTTP\n')
      expect(listenerSummary(sidecar(), {type: 'tcp', verbose: false})).to.equal('ADDRESSES PORT TYPE\n')
    })
    it('route --name, and VIRTUAL HOSTS counts without --verbose', () => {
      expect(routeSummary(sidecar(), {verbose: false})).to.equal(
        'NAME                                                        VIRTUAL HOSTS\n' +
          'inbound-vip|8000|http|httpbin.default.svc.cluster.local     1\n',
      )
      expect(routeSummary(sidecar(), {verbose: true, name: 'nope'})).to.equal(
        'NAME     VHOST NAME     DOMAINS     MATCH     VIRTUAL SERVICE\n',
      )
    })
    it('endpoint --status and --cluster are case-insensitive', () => {
      const out = endpointSummary(sidecar(), {status: 'healthy', cluster: 'PROMETHEUS_STATS'})
      expect(out.trim().split('\n')).to.have.length(2)
      expect(out).to.match(/^127\.0\.0\.1:15000 +HEALTHY +prometheus_stats$/m)
    })
  })

  describe('bad dumps', () => {
    it('names the file for text that is not JSON', () => {
      expect(() => ConfigDump.parse('{"configs": [', 'dump.json')).to.throw(
        /^dump\.json: not an Envoy config dump/,
      )
    })
    it('says which section a dump lacks', () => {
      const dump = ConfigDump.parse('{"configs": []}', 'x')
      expect(() => clusterSummary(dump, {})).to.throw(
        'config dump has no configuration type type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
      )
    })
  })
})
