import {expect} from 'chai'
import {schemaValidationAnalyzers} from '../../../src/lib/analyze/analyzers/schema/validation.js'
import {analyzerTable, findingsOf} from '../helpers.js'

const vsAnalyzer = schemaValidationAnalyzers.find(
  (a) => a.name === 'schema.ValidationAnalyzer.VirtualService',
)!
const drAnalyzer = schemaValidationAnalyzers.find(
  (a) => a.name === 'schema.ValidationAnalyzer.DestinationRule',
)!

const vs = (http: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec:
  hosts: [a]
  http:
${http}`
const r = '    route: [{destination: {host: a}}]\n'

analyzerTable(vsAnalyzer, [
  {name: 'valid', yaml: vs(`  - match: [{uri: {prefix: /a}}]\n${r}  -${r.slice(3)}`), expect: []},
  {
    name: 'route without destination',
    yaml: vs('  - route: [{weight: 100}]\n'),
    expect: ['IST0106 VirtualService shop/a'],
  },
  {
    name: 'rule after a catch-all rule',
    yaml: vs(`  - ${r.trim()}\n  - match: [{uri: {prefix: /a}}]\n${r}`),
    expect: ['IST0130 VirtualService shop/a'],
  },
  {
    name: 'duplicate match in a later rule',
    yaml: vs(
      `  - match: [{uri: {exact: /a}}]\n${r}  - match: [{uri: {exact: /a}}, {uri: {exact: /b}}]\n${r}`,
    ),
    expect: ['IST0131 VirtualService shop/a'],
  },
  {
    name: 'all matches duplicated',
    yaml: vs(`  - match: [{uri: {exact: /a}}]\n${r}  - match: [{uri: {exact: /a}}]\n${r}`),
    expect: ['IST0130 VirtualService shop/a', 'IST0131 VirtualService shop/a'],
  },
  {
    name: 'prefix covered by a shorter earlier prefix',
    yaml: vs(`  - match: [{uri: {prefix: /api}}]\n${r}  - match: [{uri: {prefix: /api/v2}}]\n${r}`),
    expect: ['IST0131 VirtualService shop/a'],
  },
])

analyzerTable(drAnalyzer, [
  {
    name: 'valid',
    yaml: '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d, namespace: shop}\nspec: {host: a}\n',
    expect: [],
  },
  {
    // istioctl analyze drops unknown fields when it reads files (only `validate` reports them)
    name: 'unknown field',
    yaml: '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d, namespace: shop}\nbogus: 0\nspec: {host: a, bogus: 1}\n',
    expect: [],
  },
  {
    // both rows compared with istioctl 1.30.3 analyze -A
    name: 'unknown fields nested in maps and list items',
    yaml: '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d, namespace: shop}\nspec:\n  host: a\n  trafficPolicy: {bogus: 2, loadBalancer: {simple: ROUND_ROBIN, extra: 3}}\n  subsets:\n  - {name: v1, labels: {a: b}}\n  - {name: v2, bogus: 1, labels: {a: c}, trafficPolicy: {tls: {mode: SIMPLE, what: 1}}}\n',
    expect: [],
  },
  {
    name: 'an unknown field of a list item left out, then the item validated',
    yaml: '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d, namespace: shop}\nspec:\n  host: a\n  subsets:\n  - {bogus: 1, labels: {a: c}}\n',
    expect: ['IST0106 DestinationRule shop/d'],
  },
  {
    name: 'unknown field left out, then the rest validated',
    yaml: '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d, namespace: shop}\nspec: {bogus: 1}\n',
    expect: ['IST0106 DestinationRule shop/d'],
  },
])

const efAnalyzer = schemaValidationAnalyzers.find((a) => a.name === 'schema.ValidationAnalyzer.EnvoyFilter')!
// istioctl also checks the value against Envoy's types: this one passes
const lua =
  "{name: envoy.lua, typed_config: {'@type': type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua}}"
const ef = (match: string) => `---
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: e, namespace: shop}
spec:
  configPatches:
  - {applyTo: HTTP_FILTER, match: ${match}, patch: {operation: ADD, value: ${lua}}}
`

describe('schema.ValidationAnalyzer.EnvoyFilter', () => {
  it('warns that EnvoyFilter is an internal API, also when fields are unknown (as istioctl does)', () => {
    for (const match of ['{context: ANY}', '{context: ANY, app: x, proxy: {bogus: 1}}']) {
      const findings = findingsOf(efAnalyzer, ef(match))
      expect(
        findings.map((f) => `${f.level} ${f.code}`),
        match,
      ).to.deep.equal(['Warning IST0133'])
      expect(findings[0].message).to.match(/EnvoyFilter exposes internal implementation details/)
    }
  })
  it('still reports rules broken by the known fields', () => {
    const codes = findingsOf(efAnalyzer, ef('{context: ANY, app: x, cluster: {name: c}}')).map((f) => f.code)
    expect(codes).to.include('IST0106')
  })
})

describe('schema.ValidationAnalyzer messages', () => {
  // istioctl reports validation errors with no field path: the bare message, at the resource's line
  it('prints the message as istioctl does, without a field path, at the resource line', () => {
    const gw = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - hosts: ["*"]
    port: {number: 80, protocol: HTTP, name: http}
  - hosts: ["*"]
    port: {number: 81, protocol: HTTP, name: http}
`
    const gwAnalyzer = schemaValidationAnalyzers.find((a) => a.name === 'schema.ValidationAnalyzer.Gateway')!
    const [dup] = findingsOf(gwAnalyzer, gw)
    expect(dup.message).to.equal(
      'Schema validation error: port names in servers must be unique: duplicate name http',
    )
    expect(dup.line).to.equal(2) // the resource's line, not the duplicate name's (11)
    const [none] = findingsOf(gwAnalyzer, gw.replace(/ {2}servers:[^]*/, ''))
    expect(none.message).to.equal('Schema validation error: gateway must have at least one server')
    expect(none.line).to.equal(2) // not the nearest ancestor's (`spec:`, 5)
    const [w] = findingsOf(efAnalyzer, ef('{context: ANY}'))
    expect(w.message).to.match(/^Schema validation warning: EnvoyFilter exposes/)
    expect(w.line).to.equal(2)
  })
  it('uses istioctl texts for unreachable rules', () => {
    const texts = findingsOf(
      vsAnalyzer,
      vs(`  - match: [{uri: {exact: /a}}]\n${r}  - match: [{uri: {exact: /a}}]\n${r}`),
    ).map((f) => f.message)
    expect(texts).to.have.members([
      'VirtualService rule #1 not used (all matches used by prior rules).',
      'VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
    ])
  })
  it('has one analyzer per Istio config kind', () => {
    const names = schemaValidationAnalyzers.map((a) => a.name)
    expect(names).to.include.members([
      'schema.ValidationAnalyzer.Gateway',
      'schema.ValidationAnalyzer.AuthorizationPolicy',
    ])
    expect(names).not.to.include('schema.ValidationAnalyzer.IstioOperator')
  })
})
