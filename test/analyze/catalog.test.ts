import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {expect} from 'chai'
import {parse} from 'yaml'
import {CATALOG_TS, CATALOG_YAML, readCatalog, renderCatalog} from '../../scripts/gen-messages.js'
import {goSprintf, messageText, parseLevel} from '../../src/lib/analyze/message.js'
import {
  ALL_MESSAGE_TYPES,
  newReferencedResourceNotFound,
  ReferencedResourceNotFound,
} from '../../src/lib/analyze/messages.gen.js'
import {ANALYZERS, listAnalyzersText, selectAnalyzers} from '../../src/lib/analyze/registry.js'
import {ISTIO_SRC} from '../helpers/istio.js'

const ISTIO_MESSAGES = join(ISTIO_SRC, 'pkg/config/analysis/msg/messages.yaml')
const ANALYZER_DIR = new URL('../../src/lib/analyze/analyzers/', import.meta.url).pathname
const TEST_DIR = new URL('./analyzers/', import.meta.url).pathname

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)],
  )
}

describe('analyze message catalog', () => {
  it('messages.gen.ts is what scripts/gen-messages.ts generates (run npm run gen:messages)', async () => {
    expect(await renderCatalog(readFileSync(CATALOG_YAML, 'utf8'))).to.equal(readFileSync(CATALOG_TS, 'utf8'))
  })

  it('rejects a catalog whose template and args disagree', () => {
    const bad =
      'messages:\n  - {name: X, code: IST9999, level: Error, description: d, template: "%s and %s", args: [{name: a, type: string}]}\n'
    expect(() => readCatalog(bad)).to.throw(/2 verbs but 1 args/)
    const dup =
      'messages:\n  - {name: X, code: IST9999, level: Error, description: d, template: "t"}\n  - {name: Y, code: IST9999, level: Error, description: d, template: "t"}\n'
    expect(() => readCatalog(dup)).to.throw(/duplicate IST9999/)
  })

  it('has unique codes and names', () => {
    expect(new Set(ALL_MESSAGE_TYPES.map((t) => t.code)).size).to.equal(ALL_MESSAGE_TYPES.length)
    expect(new Set(ALL_MESSAGE_TYPES.map((t) => t.name)).size).to.equal(ALL_MESSAGE_TYPES.length)
  })

  it("keeps istioctl 1.30.3's codes, names, levels and templates", function () {
    let text: string
    try {
      text = readFileSync(ISTIO_MESSAGES, 'utf8')
    } catch {
      console.log(`      (skipped: ${ISTIO_MESSAGES} is not here)`)
      return this.skip()
    }
    const theirs = (
      parse(text) as {messages: {code: string; name: string; level: string; template: string}[]}
    ).messages
    for (const t of theirs) {
      const ours = ALL_MESSAGE_TYPES.find((m) => m.code === t.code)
      expect(ours, t.code).to.not.equal(undefined)
      expect({name: ours!.name, level: ours!.level, template: ours!.template}, t.code).to.deep.equal({
        name: t.name,
        level: t.level,
        template: t.template,
      })
    }
  })

  it('formats Go verbs like istioctl', () => {
    expect(goSprintf('%s %q %v %d %%', ['a', 'b"c', ['x', 'y'], 3])).to.equal('a "b\\"c" [x y] 3 %')
    expect(goSprintf('%q', [['a', 'b']])).to.equal('["a" "b"]')
    expect(goSprintf('%s %s', ['a'])).to.equal('a %!s(MISSING)')
    expect(messageText(newReferencedResourceNotFound(undefined, 'host', 'reviews'))).to.equal(
      'Referenced host not found: "reviews"',
    )
    expect(ReferencedResourceNotFound.code).to.equal('IST0101')
    expect(parseLevel('warning')).to.equal('Warning')
    expect(parseLevel('nope')).to.equal(undefined)
  })
})

describe('analyzer registry (meta)', () => {
  it('has unique names', () => {
    const names = ANALYZERS.map((a) => a.name)
    expect(new Set(names).size).to.equal(names.length)
  })

  it('registers every analyzer defined under analyzers/, and each has a test table', () => {
    const tests = walk(TEST_DIR)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    const registry = readFileSync(new URL('../../src/lib/analyze/registry.ts', import.meta.url), 'utf8')
    let count = 0
    for (const file of walk(ANALYZER_DIR)) {
      const src = readFileSync(file, 'utf8')
      for (const m of src.matchAll(/export const (\w+): (?:readonly )?Analyzer(\[\])? =/g)) {
        count++
        const where = `${relative(ANALYZER_DIR, file)} ${m[1]}`
        expect(registry, `${where} is registered`).to.match(new RegExp(`\\b${m[1]}\\b`))
        expect(tests, `${where} has a test table`).to.match(
          new RegExp(`analyzerTable\\((${m[1]}|\\w+Analyzer)\\b`),
        )
        if (!m[2])
          expect(tests, `${where} has a test table`).to.match(new RegExp(`analyzerTable\\(${m[1]}\\b`))
      }
    }
    expect(count).to.be.greaterThan(15)
  })

  it('only reports codes that are in the catalog', () => {
    // Analyzers build messages with the generated constructors only; each must exist in the catalog.
    const names = new Set(ALL_MESSAGE_TYPES.map((t) => `new${t.name}`))
    for (const file of walk(ANALYZER_DIR)) {
      const imports = /import \{([^}]*)\} from '[./]+messages\.gen\.js'/.exec(readFileSync(file, 'utf8'))
      for (const name of (imports?.[1] ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean))
        expect(names.has(name), `${relative(ANALYZER_DIR, file)}: ${name}`).to.equal(true)
    }
    expect(readFileSync(CATALOG_YAML, 'utf8')).to.not.equal('')
  })
})

/** `istioctl analyze --list-analyzers` of 1.30.3 (analyzers.All(): 35 analyzers and 17 schema validators). */
const ISTIOCTL_ANALYZERS = [
  'annotations.K8sAnalyzer',
  'applicationUID.Analyzer',
  'auth.AuthorizationPoliciesAnalyzer',
  'authn.BlockedCIDRsAnalyzer',
  'conditions.ConditionAnalyzer',
  'deployment.MultiServiceAnalyzer',
  'deprecation.DeprecationAnalyzer',
  'destinationrule.CaCertificateAnalyzer',
  'destinationrule.SubsetSelectPodAnalyzer',
  'envoyfilter.EnvoyPatchAnalyzer',
  'externalcontrolplane.ExternalControlPlaneAnalyzer',
  'gateway.CertificateAnalyzer',
  'gateway.ConflictingGatewayAnalyzer',
  'gateway.IngressGatewayPortAnalyzer',
  'gateway.SecretAnalyzer',
  'injection.Analyzer',
  'injection.ImageAnalyzer',
  'injection.ImageAutoAnalyzer',
  'k8sgateway.CRDVersionAnalyzer',
  'k8sgateway.SelectorAnalyzer',
  'meshnetworks.MeshNetworksAnalyzer',
  'service.PortNameAnalyzer',
  'serviceentry.Analyzer',
  'services.MultiClusterServiceAnalyzer',
  'sidecar.SelectorAnalyzer',
  'telemetry.DefaultSelectorAnalyzer',
  'telemetry.LightstepAnalyzer',
  'telemetry.ProviderAnalyzer',
  'telemetry.SelectorAnalyzer',
  'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  'virtualservice.DestinationHostAnalyzer',
  'virtualservice.DestinationRuleAnalyzer',
  'virtualservice.GatewayAnalyzer',
  'virtualservice.JWTClaimRouteAnalyzer',
  'webhook.Analyzer',
  ...[
    'AuthorizationPolicy',
    'DestinationRule',
    'EnvoyFilter',
    'Gateway',
    'MeshConfig',
    'MeshNetworks',
    'PeerAuthentication',
    'ProxyConfig',
    'RequestAuthentication',
    'ServiceEntry',
    'Sidecar',
    'Telemetry',
    'TrafficExtension',
    'VirtualService',
    'WasmPlugin',
    'WorkloadEntry',
    'WorkloadGroup',
  ].map((k) => `schema.ValidationAnalyzer.${k}`),
]

describe('--list-analyzers covers istioctl 1.30.3', () => {
  it("runs istioctl's 52 analyzers by default, under istioctl's names", () => {
    expect(ISTIOCTL_ANALYZERS).to.have.length(52)
    const defaults = selectAnalyzers([]).selected.map((a) => a.name)
    expect([...defaults].sort()).to.deep.equal([...ISTIOCTL_ANALYZERS].sort())
  })

  it("lists them, and marks meshctl's own opt-in ones", () => {
    const text = listAnalyzersText()
    for (const name of ISTIOCTL_ANALYZERS) expect(text).to.contain(`* ${name}:\n`)
    expect(text).to.contain('* annotations.AlphaAnalyzer:\n')
    expect(text).to.match(
      /Checks for alpha Istio annotations .*\[meshctl; opt-in: --analyzer annotations\.AlphaAnalyzer\]/,
    )
    expect(text.match(/\[meshctl;/g)).to.have.length(ANALYZERS.filter((a) => a.optIn).length)
  })
})
