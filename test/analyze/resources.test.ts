// Resources, the store and message texts: which namespace a finding belongs to, which line it points at,
// which objects replace which, Go's %q and %v, and an analyzer that throws.
import {expect} from 'chai'
import type {Analyzer} from '../../src/lib/analyze/analyzer.js'
import {toFinding} from '../../src/lib/analyze/finding.js'
import {K} from '../../src/lib/analyze/kinds.js'
import {defaultMeshConfig} from '../../src/lib/analyze/mesh.js'
import {goSprintf} from '../../src/lib/analyze/message.js'
import {messageNamespace, reference, type Origin, type Resource} from '../../src/lib/analyze/resource.js'
import {runAnalyzers} from '../../src/lib/analyze/runner.js'
import {ResourceStore} from '../../src/lib/analyze/store.js'

const res = (
  kind: Resource['kind'],
  namespace: string,
  name: string,
  origin: Origin,
  object = {},
): Resource => ({
  kind,
  namespace,
  name,
  origin,
  object: {apiVersion: 'v1', kind: kind.kind, metadata: {name, namespace}, ...object},
})
const cluster = (c?: string): Origin => ({type: 'cluster', ...(c ? {cluster: c} : {})})

describe('resources', () => {
  it('messageNamespace: a core Namespace belongs to itself, anything else to its namespace', () => {
    expect(messageNamespace(res(K.Namespace, '', 'shop', cluster()))).to.equal('shop')
    expect(messageNamespace(res(K.Pod, 'x', 'p', cluster()))).to.equal('x')
    const other = {group: 'example.com', version: 'v1', kind: 'Namespace', namespaced: true}
    expect(messageNamespace(res(other, 'x', 'n', cluster()))).to.equal('x')
  })

  it("reference: a scalar field's line, else the resource's; nothing for cluster objects", () => {
    const origin: Origin = {type: 'file', file: 'f.yaml', line: 2, lineOf: (p) => 100 + p.length}
    const r = res(K.Pod, 'x', 'p', origin, {spec: {a: {b: 'v'}, n: null, list: [1], s: 'str'}})
    expect(reference(r)).to.deep.equal({file: 'f.yaml', line: 2})
    expect(reference(r, ['spec', 'a', 'b'])).to.deep.equal({file: 'f.yaml', line: 103})
    expect(reference(r, ['spec', 'n'])).to.deep.equal({file: 'f.yaml', line: 102})
    expect(reference(r, ['spec', 'list', 0])).to.deep.equal({file: 'f.yaml', line: 103})
    // a map, a list, a missing field or a path through a null or a string: the resource's line
    expect(reference(r, ['spec', 'a'])).to.deep.equal({file: 'f.yaml', line: 2})
    expect(reference(r, ['spec', 'list'])).to.deep.equal({file: 'f.yaml', line: 2})
    expect(reference(r, ['spec', 'missing', 'deeper'])).to.deep.equal({file: 'f.yaml', line: 2})
    expect(reference(r, ['spec', 'n', 'x'])).to.deep.equal({file: 'f.yaml', line: 2})
    expect(reference(r, ['spec', 's', 'length'])).to.deep.equal({file: 'f.yaml', line: 2})
    expect(reference(res(K.Pod, 'x', 'p', cluster()), ['metadata', 'name'])).to.equal(undefined)
    expect(reference(res(K.Pod, 'x', 'p', {type: 'default'}))).to.equal(undefined)
  })
})

describe('ResourceStore', () => {
  it("a later object of the same identity replaces the earlier; a remote cluster's is kept apart", () => {
    const store = new ResourceStore()
    store.add(res(K.Service, 'shop', 'web', cluster()))
    store.add(res(K.Service, 'shop', 'web', cluster('west')))
    store.add(res(K.Service, 'shop', 'web', {type: 'file', file: 'f.yaml', line: 1}))
    store.add(res(K.Service, 'shop', 'web', cluster('east')))
    expect(store.size).to.equal(3)
    expect(
      store.list(K.Service).map((r) => (r.origin.type === 'cluster' ? r.origin.cluster : r.origin.type)),
    ).to.deep.equal(['file', 'west', 'east'])
    expect(store.get(K.Service, 'shop', 'web')?.origin.type).to.equal('file')
  })

  it('lists stay current after more objects are added; has() is true only with objects of the kind', () => {
    const store = new ResourceStore()
    expect(store.has(K.Pod)).to.equal(false)
    store.add(res(K.Pod, 'a', 'p1', cluster()))
    expect(store.list(K.Pod).map((r) => r.name)).to.deep.equal(['p1'])
    expect(store.has(K.Pod)).to.equal(true)
    expect(store.has(K.Service)).to.equal(false)
    store.add(res(K.Pod, 'a', 'p2', cluster()))
    store.add(res(K.Pod, 'b', 'p3', cluster()))
    expect(store.list(K.Pod).map((r) => r.name)).to.deep.equal(['p1', 'p2', 'p3'])
    expect(store.inNamespace(K.Pod, 'a').map((r) => r.name)).to.deep.equal(['p1', 'p2'])
    expect(store.inNamespace(K.Pod, 'c')).to.deep.equal([])
    expect([...store.all()].map((r) => r.name)).to.deep.equal(['p1', 'p2', 'p3'])
  })
})

describe('message texts', () => {
  it("Go's %q escapes control characters as \\x; %v of an error is its message; slices print as [a b]", () => {
    expect(goSprintf('%q', ['a\u0001b\u001fc'])).to.equal('"a\\x01b\\x1fc"')
    expect(goSprintf('%q', ['say "hi"\n'])).to.equal('"say \\"hi\\"\\n"')
    expect(goSprintf('%q', [['a', 'b']])).to.equal('["a" "b"]')
    expect(goSprintf('%q', [7])).to.equal('7')
    expect(goSprintf('%v: %s', [new Error('boom'), ['x', 'y']])).to.equal('boom: [x y]')
    expect(goSprintf('%d%% %s', [5])).to.equal('5% %!s(MISSING)')
  })
})

describe('runAnalyzers', () => {
  it('an analyzer that throws becomes one IST0001 naming it; the others still run', () => {
    const store = new ResourceStore()
    store.add(res(K.Pod, 'a', 'p', cluster()))
    const boom: Analyzer = {
      name: 'test.Boom',
      description: '',
      inputs: [K.Pod],
      analyze() {
        throw new Error('it broke')
      },
    }
    let ran = false
    const fine: Analyzer = {
      name: 'test.Fine',
      description: '',
      inputs: [K.Pod],
      analyze() {
        ran = true
      },
    }
    const r = runAnalyzers({
      store,
      analyzers: [boom, fine],
      mesh: defaultMeshConfig('i'),
      istioNamespace: 'i',
    })
    expect(r.executed).to.deep.equal(['test.Boom', 'test.Fine'])
    expect(ran).to.equal(true)
    expect(r.messages.map(toFinding).map((f) => `${f.code} ${f.message}`)).to.deep.equal([
      'IST0001 Internal error: analyzer test.Boom failed: it broke',
    ])
  })
})
