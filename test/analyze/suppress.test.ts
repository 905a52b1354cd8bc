import {expect} from 'chai'
import type {Finding} from '../../src/lib/analyze/finding.js'
import {defaultMeshConfig} from '../../src/lib/analyze/mesh.js'
import {
  newPortNameIsNotUnderNamingConvention,
  newReferencedResourceNotFound,
} from '../../src/lib/analyze/messages.gen.js'
import {runAnalyzers, toFindings} from '../../src/lib/analyze/runner.js'
import {
  applyBaseline,
  parseBaseline,
  parseSuppression,
  renderBaseline,
  suppressedByAnnotation,
  suppressionMatcher,
  SuppressionSyntaxError,
} from '../../src/lib/analyze/suppress.js'
import {ANALYZERS} from '../../src/lib/analyze/registry.js'
import {storeFromYaml} from './helpers.js'

const f = (code: string, origin: string): Finding => ({code, name: 'X', level: 'Error', message: 'm', origin})

describe('analyze suppression', () => {
  it('parses CODE=Kind ns/name and rejects other shapes', () => {
    expect(parseSuppression('IST0101=VirtualService shop/catalog')).to.deep.equal({
      code: 'IST0101',
      resource: 'VirtualService shop/catalog',
    })
    expect(() => parseSuppression('IST0101')).to.throw(SuppressionSyntaxError)
    expect(() => parseSuppression('IST0101=a=b')).to.throw(SuppressionSyntaxError)
    // spaces around either side do not count; an empty side is refused with the form to use
    expect(parseSuppression(' IST0101 =  Service a/b ')).to.deep.equal({
      code: 'IST0101',
      resource: 'Service a/b',
    })
    for (const bad of ['=Service a/b', ' =Service a/b', 'IST0101=', 'IST0101=  '])
      expect(() => parseSuppression(bad)).to.throw(
        SuppressionSyntaxError,
        `${bad} is not a valid suppression value: use CODE=Kind namespace/name`,
      )
  })

  it('reads the legacy form only as `Kind name.namespace`', () => {
    const hits = (resource: string, origin: string) =>
      suppressionMatcher([{code: 'IST0101', resource}])(f('IST0101', origin))
    expect(hits('Service a.b.shop', 'Service shop/a.b')).to.equal(true) // the last dot splits name and namespace
    expect(hits('catalog.shop', 'Service shop/catalog')).to.equal(false) // no kind: no legacy form
    expect(hits('Service shop', 'Service shop/')).to.equal(false) // no dot
    // no dot: no legacy form, so a glob is not also read as `Kind <all of it>/<all but its last character>`
    expect(hits('Service *a', 'Service xa/b')).to.equal(false)
    expect(hits('Service *a', 'Service b/xa')).to.equal(true)
  })

  it('suppresses by annotation only the codes listed, or all with *', () => {
    const at = (suppressedCodes?: string[]) =>
      suppressedByAnnotation({...f('IST0101', 'Service a/b'), suppressedCodes})
    expect(at(undefined)).to.equal(false)
    expect(at([])).to.equal(false)
    expect(at(['IST0102'])).to.equal(false)
    expect(at(['IST0102', 'IST0101'])).to.equal(true)
    expect(at(['*'])).to.equal(true)
  })

  const cases: [string, string, boolean][] = [
    ['IST0101=VirtualService shop/catalog', 'VirtualService shop/catalog', true],
    ['IST0101=VirtualService shop/*', 'VirtualService shop/catalog', true],
    ['IST0101=VirtualService */catalog', 'VirtualService pay/catalog', true],
    ['IST0101=* shop/catalog', 'DestinationRule shop/catalog', true],
    ['IST01*=VirtualService shop/catalog', 'VirtualService shop/catalog', true],
    ['IST0102=VirtualService shop/catalog', 'VirtualService shop/catalog', false],
    ['IST0101=VirtualService pay/*', 'VirtualService shop/catalog', false],
    // istioctl's help shows `Kind name.namespace`, which never matched there (istio/istio#58188); it does here.
    ['IST0101=VirtualService catalog.shop', 'VirtualService shop/catalog', true],
    ['IST0101=VirtualService *.shop', 'VirtualService shop/catalog', true],
    ['IST0101=Namespace shop', 'Namespace shop', true],
  ]
  for (const [rule, origin, hit] of cases)
    it(`${rule} ${hit ? 'suppresses' : 'keeps'} ${origin}`, () => {
      expect(suppressionMatcher([parseSuppression(rule)])(f('IST0101', origin))).to.equal(hit)
    })

  it('never suppresses resource-less findings by -S', () => {
    expect(
      suppressionMatcher([parseSuppression('IST0001=*')])({
        code: 'IST0001',
        name: 'X',
        level: 'Error',
        message: 'm',
      }),
    ).to.equal(false)
  })

  it('honours the galley.istio.io/analyze-suppress annotation (codes or *)', () => {
    const store = storeFromYaml(`---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "IST0118"}}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "*"}}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: c, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "IST0101,IST0102"}}
spec: {ports: [{port: 80}]}
`)
    const run = runAnalyzers({
      store,
      analyzers: ANALYZERS.filter((a) => a.name === 'service.PortNameAnalyzer'),
      mesh: defaultMeshConfig('istio-system'),
      istioNamespace: 'istio-system',
    })
    expect(toFindings(run.messages).map((x) => x.origin)).to.deep.equal(['Service shop/c'])
  })

  it('filters by namespace, sorts by level, code and resource, and de-duplicates', () => {
    const store = storeFromYaml(`---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: shop}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: shop}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: pay}
`)
    const [b, a, payA] = [...store.all()]
    const msgs = [
      newPortNameIsNotUnderNamingConvention(b, '', 80, '0'),
      newReferencedResourceNotFound(b, 'host', 'x'),
      newReferencedResourceNotFound(a, 'host', 'x'),
      newReferencedResourceNotFound(a, 'host', 'x'),
      newReferencedResourceNotFound(payA, 'host', 'x'),
    ]
    const shop = toFindings(msgs, {namespaces: new Set(['shop'])})
    expect(shop.map((x) => `${x.code} ${x.origin}`)).to.deep.equal([
      'IST0101 Service shop/a',
      'IST0101 Service shop/b',
      'IST0118 Service shop/b',
    ])
    expect(toFindings(msgs)).to.have.length(4)
  })
})

describe('analyze baseline', () => {
  const findings = [
    f('IST0101', 'VirtualService shop/a'),
    f('IST0101', 'VirtualService shop/a'),
    f('IST0118', 'Service shop/b'),
  ]

  it('round-trips: a written baseline accepts exactly the findings it was written from', () => {
    const baseline = parseBaseline(renderBaseline(findings))
    expect(baseline.findings).to.have.length(3)
    expect(applyBaseline(findings, baseline)).to.deep.equal([])
  })

  it('reports new findings, and a third copy of a finding listed twice', () => {
    const baseline = parseBaseline(renderBaseline(findings))
    const later = [...findings, f('IST0101', 'VirtualService shop/a'), f('IST0102', 'Namespace shop')]
    expect(applyBaseline(later, baseline).map((x) => `${x.code} ${x.origin}`)).to.deep.equal([
      'IST0101 VirtualService shop/a',
      'IST0102 Namespace shop',
    ])
  })

  it('ignores line moves (matches code, resource and message)', () => {
    const baseline = parseBaseline(renderBaseline([{...findings[2], file: 'a.yaml', line: 3}]))
    expect(applyBaseline([{...findings[2], file: 'a.yaml', line: 30}], baseline)).to.deep.equal([])
  })

  it('writes a commented, sorted file of code, resource and message', () => {
    const text = renderBaseline([
      f('IST0118', 'Service shop/b'),
      f('IST0101', 'VirtualService shop/a'),
      f('IST0101', 'Service a/a'),
    ])
    expect(text).to.equal(
      [
        '# meshctl analyze baseline: findings accepted when this file was written (meshctl analyze --write-baseline).',
        '# Findings listed here are not reported with --baseline; remove entries as you fix them.',
        'version: 1',
        'findings:',
        '  - code: IST0101',
        '    resource: Service a/a',
        '    message: m',
        '  - code: IST0101',
        '    resource: VirtualService shop/a',
        '    message: m',
        '  - code: IST0118',
        '    resource: Service shop/b',
        '    message: m',
        '',
      ].join('\n'),
    )
    // sorted by code, resource and message whatever the order found; long messages stay on one line
    const long = 'word '.repeat(30).trim()
    const many = ['e', 'c', 'a', 'f', 'b', 'd'].map((r) => ({
      ...f('IST0101', `Service ns/${r}`),
      message: long,
    }))
    const sorted = renderBaseline(many)
    expect(sorted.match(/resource: .*/g)).to.deep.equal(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((r) => `resource: Service ns/${r}`),
    )
    expect(sorted).to.contain(`    message: ${long}\n`)
    const noOrigin = parseBaseline(
      renderBaseline([{code: 'IST0001', name: 'X', level: 'Error', message: 'm'}]),
    )
    expect(noOrigin.findings).to.deep.equal([{code: 'IST0001', resource: '', message: 'm'}])
    expect(
      applyBaseline([{code: 'IST0001', name: 'X', level: 'Error', message: 'm'}], noOrigin),
    ).to.deep.equal([])
  })

  it('rejects files that are not baselines', () => {
    for (const text of ['', 'version: 2\nfindings: []\n', 'version: 1\n', 'version: 1\nfindings: {}\n'])
      expect(() => parseBaseline(text), JSON.stringify(text)).to.throw(
        'not a meshctl analyze baseline (expected version: 1 and a findings list)',
      )
    for (const entry of [
      'null',
      '{resource: r, message: m}',
      '{code: c, message: m}',
      '{code: c, resource: r}',
    ])
      expect(() => parseBaseline(`version: 1\nfindings: [${entry}]\n`), entry).to.throw(
        'findings[0] needs code, resource and message strings',
      )
    expect(parseBaseline('version: 1\nfindings: []\n')).to.deep.equal({version: 1, findings: []})
    expect(() => parseBaseline('hello: world\n')).to.throw(/not a meshctl analyze baseline/)
    expect(() => parseBaseline('version: 1\nfindings: [{code: IST0101}]\n')).to.throw(/findings\[0\]/)
  })
})

describe('analyzer selection by available kinds', () => {
  const vsOnly = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec: {hosts: [a], http: [{route: [{destination: {host: nowhere}}]}]}
`
  const run = (available?: (k: {kind: string}) => boolean) =>
    runAnalyzers({
      store: storeFromYaml(vsOnly),
      analyzers: ANALYZERS.filter((a) => a.name === 'virtualservice.DestinationHostAnalyzer'),
      mesh: defaultMeshConfig('istio-system'),
      istioNamespace: 'istio-system',
      available,
    })

  it('skips an analyzer when a kind it requires is unknown (offline files without Services)', () => {
    const r = run((k) => k.kind !== 'Service')
    expect(r.skipped).to.deep.equal(['virtualservice.DestinationHostAnalyzer'])
    expect(r.messages).to.deep.equal([])
  })

  it('runs it when the kind is known, even with no objects of it', () => {
    const r = run(() => true)
    expect(r.executed).to.deep.equal(['virtualservice.DestinationHostAnalyzer'])
    expect(r.messages.map((m) => m.type.code)).to.deep.equal(['IST0101'])
  })
})
