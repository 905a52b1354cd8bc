import {expect} from 'chai'
import {envoyPatchAnalyzer} from '../../../src/lib/analyze/analyzers/envoyfilter/patch.js'
import {analyzerTable, findingsOf} from '../helpers.js'

/** An EnvoyFilter in shop with the given configPatches (YAML flow items) and spec extras. */
const ef = (name: string, patches: string[], extra = '') => `---
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: ${name}, namespace: shop}
spec:
${extra}  configPatches:
${patches.map((p) => `  - ${p}\n`).join('')}`

/** One patch: target, operation, and optional value name, proxyVersion and listener filter name. */
const patch = (
  applyTo: string,
  operation: string,
  o: {value?: string; proxyVersion?: string; filter?: string} = {},
) => {
  const match = [
    'context: SIDECAR_INBOUND',
    o.proxyVersion ? `proxy: {proxyVersion: '${o.proxyVersion}'}` : '',
    o.filter ? `listener: {filterChain: {filter: {name: ${o.filter}}}}` : '',
  ].filter(Boolean)
  const value = o.value ? `, value: {name: ${o.value}}` : ', value: {}'
  return `{applyTo: ${applyTo}, match: {${match.join(', ')}}, patch: {operation: ${operation}${value}}}`
}

const PRIORITY = '  priority: 10\n'
const LUA = 'envoy.lua'

analyzerTable(envoyPatchAnalyzer, [
  {
    name: 'absolute operations where they apply',
    yaml: ef('a', [
      patch('HTTP_FILTER', 'ADD', {value: LUA}),
      patch('CLUSTER', 'ADD', {value: 'c'}),
      patch('HTTP_FILTER', 'INSERT_FIRST', {value: LUA}),
      patch('CLUSTER', 'MERGE', {value: 'c'}),
    ]),
    expect: [],
  },
  {
    name: 'ADD on a route configuration and on an HTTP route',
    yaml: ef('a', [patch('ROUTE_CONFIGURATION', 'ADD')]) + ef('b', [patch('HTTP_ROUTE', 'ADD')], PRIORITY),
    expect: ['IST0153 EnvoyFilter shop/a', 'IST0153 EnvoyFilter shop/b'],
  },
  {
    name: 'REMOVE on routes is ignored, elsewhere it is relative',
    yaml:
      ef('a', [patch('ROUTE_CONFIGURATION', 'REMOVE')], PRIORITY) +
      ef('b', [patch('HTTP_ROUTE', 'REMOVE')], PRIORITY) +
      ef('c', [patch('NETWORK_FILTER', 'REMOVE')], PRIORITY) +
      ef('d', [patch('NETWORK_FILTER', 'REMOVE')]),
    expect: ['IST0154 EnvoyFilter shop/a', 'IST0154 EnvoyFilter shop/b', 'IST0151 EnvoyFilter shop/d'],
  },
  {
    name: 'REPLACE only on network filters, HTTP filters and virtual hosts',
    yaml:
      ef('a', [patch('CLUSTER', 'REPLACE')], PRIORITY) +
      ef(
        'b',
        [
          patch('HTTP_FILTER', 'REPLACE', {value: LUA}),
          patch('NETWORK_FILTER', 'REPLACE'),
          patch('VIRTUAL_HOST', 'REPLACE'),
        ],
        PRIORITY,
      ) +
      ef('c', [patch('LISTENER', 'REPLACE')]),
    // a misused REPLACE is not also reported as a relative operation
    expect: ['IST0152 EnvoyFilter shop/a', 'IST0152 EnvoyFilter shop/c'],
  },
  {
    name: 'relative operations without priority, each code once per filter',
    yaml:
      ef('a', [patch('HTTP_FILTER', 'INSERT_BEFORE', {value: LUA})]) +
      ef('b', [patch('HTTP_FILTER', 'INSERT_AFTER', {value: LUA}), patch('HTTP_FILTER', 'REPLACE')]) +
      ef('c', [patch('HTTP_FILTER', 'INSERT_AFTER', {value: LUA})], '  priority: -5\n'),
    expect: ['IST0151 EnvoyFilter shop/a', 'IST0151 EnvoyFilter shop/b'],
  },
  {
    name: 'a relative patch of a filter an earlier patch pinned to a proxy version',
    yaml: ef('a', [
      patch('HTTP_FILTER', 'INSERT_AFTER', {value: LUA, proxyVersion: '^1\\.11.*'}),
      patch('HTTP_FILTER', 'INSERT_AFTER', {value: LUA}),
      patch('HTTP_FILTER', 'INSERT_AFTER', {value: 'other'}),
    ]),
    // the pinning patch itself has nothing before it
    expect: ['IST0151 EnvoyFilter shop/a', 'IST0155 EnvoyFilter shop/a'],
  },
  {
    name: 'pins carry over to filters analysed later, also by matched listener filter name',
    yaml:
      ef('a', [patch('HTTP_FILTER', 'ADD', {filter: 'hcm', proxyVersion: '^1\\.2.*'})]) +
      ef('b', [patch('NETWORK_FILTER', 'REMOVE', {filter: 'hcm'})]) +
      // a value named hcm is not the listener filter hcm
      ef('c', [patch('HTTP_FILTER', 'INSERT_BEFORE', {value: 'hcm'})]),
    expect: ['IST0155 EnvoyFilter shop/b', 'IST0151 EnvoyFilter shop/c'],
  },
  {
    name: 'patches after one without a patch section are not checked',
    yaml: ef('a', ['{applyTo: HTTP_FILTER, match: {context: ANY}}', patch('ROUTE_CONFIGURATION', 'ADD')]),
    expect: [],
  },
])

describe('envoyfilter.EnvoyPatchAnalyzer messages', () => {
  it("uses istioctl's text and, as istioctl does, points at the filter's first line", () => {
    const [f] = findingsOf(envoyPatchAnalyzer, ef('a', [patch('CLUSTER', 'REPLACE')], PRIORITY))
    expect(f.message).to.equal('The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.')
    expect(f.level).to.equal('Error')
    expect(f.line).to.equal(2) // the resource's line (line 1 is `---`), not the patch's (8)
  })
  it('reports each code once per filter, at the resource line', () => {
    const yaml = ef('a', [patch('CLUSTER', 'MERGE'), patch('CLUSTER', 'REMOVE'), patch('LISTENER', 'REMOVE')])
    const lines = findingsOf(envoyPatchAnalyzer, yaml).map((f) => `${f.code}:${f.line}`)
    expect(lines).to.deep.equal(['IST0151:2'])
  })
})
