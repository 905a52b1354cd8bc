// Strategic merge patch, rule by rule: which list merges how, the directives, and the server's list order.
// (test/kube-sim/strategic-merge.test.ts has the whole-object cases, and a differential against kubectl.)
import {expect} from 'chai'
import {builtinListStrategy, strategicMergePatch} from '../../../../src/lib/kube/strategic-merge.js'

type Obj = Record<string, unknown>
const smp = (orig: unknown, patch: unknown, kind = 'Deployment') =>
  strategicMergePatch(orig, patch, kind) as Obj

describe('strategic merge: list strategies of the built-in kinds', () => {
  const byName = {type: 'map', key: 'name'}
  const atomic = {type: 'atomic'}
  const rows: [string, string[], object][] = [
    ['Deployment', ['spec', 'template', 'spec', 'containers', 'ports'], {type: 'map', key: 'containerPort'}],
    ['Pod', ['spec', 'initContainers', 'ports'], {type: 'map', key: 'containerPort'}],
    ['Pod', ['spec', 'ephemeralContainers', 'ports'], {type: 'map', key: 'containerPort'}],
    ['Service', ['spec', 'ports'], {type: 'map', key: 'port'}],
    ['Deployment', ['spec', 'ports'], atomic],
    ['Service', ['status', 'ports'], atomic],
    ['Service', ['spec', 'x', 'ports'], atomic],
    ['MutatingWebhookConfiguration', ['webhooks'], byName],
    ['ValidatingWebhookConfiguration', ['webhooks'], byName],
    ['Deployment', ['webhooks'], atomic],
    ['ValidatingWebhookConfigurationList', ['webhooks'], atomic],
    ['MutatingWebhookConfiguration', ['spec', 'webhooks'], atomic],
    ['Deployment', ['metadata', 'finalizers'], {type: 'set'}],
    ['Deployment', ['finalizers'], atomic],
    ['Deployment', ['spec', 'template', 'finalizers'], atomic],
    ['Pod', ['spec', 'containers', 'volumeMounts'], {type: 'map', key: 'mountPath'}],
    ['Pod', ['spec', 'containers', 'env'], byName],
    ['Pod', ['spec', 'tolerations'], atomic],
    ['Pod', [], atomic],
  ]
  for (const [kind, path, want] of rows)
    it(`${kind} ${path.join('.') || '(root)'}`, () =>
      expect(builtinListStrategy(kind, path)).to.deep.equal(want))
})

describe('strategic merge: directives', () => {
  it('replaces scalars and adds keys, leaving the others', () => {
    expect(smp({a: 1, s: 'x', m: {k: 'v'}}, {s: 'y', n: 2, m: {j: 'w'}})).to.deep.equal({
      a: 1,
      s: 'y',
      n: 2,
      m: {k: 'v', j: 'w'},
    })
  })

  it('refuses a patch that is not an object', () => {
    for (const bad of [[], 'x', null, 3])
      expect(() => smp({}, bad)).to.throw('strategic merge patch must be a JSON object')
  })

  it('$patch: delete on a map removes it; $patch: merge merges; any other value is refused', () => {
    expect(smp({a: {b: 1}, c: 2}, {a: {$patch: 'delete'}})).to.deep.equal({c: 2})
    expect(smp({a: {b: 1}}, {a: {$patch: 'merge', c: 2}})).to.deep.equal({a: {b: 1, c: 2}})
    expect(() => smp({a: {}}, {a: {$patch: 'bogus'}})).to.throw('unknown patch type: bogus')
  })

  it('$patch: replace takes the map as given, without directives, down to nested lists', () => {
    const out = smp(
      {spec: {old: 1, list: [{name: 'z'}]}},
      {spec: {$patch: 'replace', list: [{$patch: 'merge'}, {name: 'a', $x: 1}], m: {$y: 2, k: 1}}},
    )
    expect(out).to.deep.equal({spec: {list: [{name: 'a'}], m: {k: 1}}})
  })

  it('$retainKeys keeps the keys named, patched or not, and must be a list', () => {
    expect(smp({s: {a: 1, b: 2, c: 3}}, {s: {$retainKeys: ['a', 'c'], c: 4}})).to.deep.equal({
      s: {a: 1, c: 4},
    })
    expect(() => smp({s: {}}, {s: {$retainKeys: 'a'}})).to.throw('$retainKeys must be a list')
  })

  it('$deleteFromPrimitiveList drops the values listed, and ignores a missing list or a non-list', () => {
    const meta = (finalizers?: string[]) => ({metadata: finalizers ? {name: 'x', finalizers} : {name: 'x'}})
    const del = (v: unknown) => ({metadata: {'$deleteFromPrimitiveList/finalizers': v}})
    expect(smp(meta(['a', 'b', 'c']), del(['b', 'x']))).to.deep.equal(meta(['a', 'c']))
    expect(smp(meta(), del(['b']))).to.deep.equal(meta())
    expect(smp(meta(['a']), del('a'))).to.deep.equal(meta(['a']))
  })

  it('$setElementOrder must be a list', () => {
    expect(() => smp({spec: {}}, {spec: {'$setElementOrder/volumes': {name: 'a'}}})).to.throw(
      '$setElementOrder/volumes must be a list',
    )
  })

  it('refuses items of a keyed list that are not objects, and list-item directives other than delete', () => {
    const containers = (items: unknown[]) => ({spec: {template: {spec: {containers: items}}}})
    expect(() => smp(containers([]), containers(['web']))).to.throw(
      'list spec.template.spec.containers must hold objects with merge key "name"',
    )
    expect(() => smp(containers([]), containers([{name: 'a', $patch: 'merge'}]))).to.throw(
      'merging lists cannot yet be specified in the patch',
    )
    expect(() => smp(containers([]), containers([{name: 'a', $patch: 'bogus'}]))).to.throw(
      'unknown patch type: bogus',
    )
  })
})

describe('strategic merge: list order', () => {
  const env = (live: string[], patch: string[]) =>
    (
      smp(
        {spec: {template: {spec: {containers: [{name: 'c', env: live.map((name) => ({name}))}]}}}},
        {
          spec: {
            template: {spec: {containers: [{name: 'c', env: patch.map((name) => ({name, value: 'v'}))}]}},
          },
        },
      ) as {spec: {template: {spec: {containers: {env: {name: string}[]}[]}}}}
    ).spec.template.spec.containers[0]!.env.map((e) => e.name)

  it('a patched first item stays first, before the live items after it', () => {
    expect(env(['a', 'b', 'c'], ['a'])).to.deep.equal(['a', 'b', 'c'])
  })

  it('patched items come in patch order', () => {
    expect(env(['a', 'b', 'c'], ['c', 'b', 'a'])).to.deep.equal(['c', 'b', 'a'])
    expect(env(['a', 'b', 'c', 'd'], ['d', 'b'])).to.deep.equal(['a', 'c', 'd', 'b'])
  })
})

describe('strategic merge: $setElementOrder, as kubectl 1.32 orders it', () => {
  // Each answer was read from `kubectl patch --local --type strategic` on the same live list and patch;
  // test/kube-sim/strategic-merge-kubectl.test.ts compares the engine with kubectl directly where it is present.
  type Item = {name: string; $patch?: string}
  const del = (name: string): Item => ({name, $patch: 'delete'})
  const envAfter = (live: string[], patch: Array<string | Item> | undefined, order: string[]) => {
    const container: Obj = {name: 'c', '$setElementOrder/env': order.map((name) => ({name}))}
    if (patch) container.env = patch.map((x) => (typeof x === 'string' ? {name: x, value: 'v'} : x))
    const out = smp(
      {spec: {template: {spec: {containers: [{name: 'c', env: live.map((name) => ({name}))}]}}}},
      {spec: {template: {spec: {containers: [container]}}}},
    ) as {spec: {template: {spec: {containers: {env: {name: string}[]}[]}}}}
    return out.spec.template.spec.containers[0]!.env.map((e) => e.name)
  }
  const rows: [string, string[], Array<string | Item> | undefined, string[], string[]][] = [
    [
      'new items take the slots deleted ones freed',
      ['A', 'B', 'C', 'D'],
      ['X', del('A'), del('C')],
      ['X', 'D', 'B'],
      ['X', 'D', 'B'],
    ],
    ['an order alone reorders the live list', ['A', 'B', 'C'], undefined, ['C', 'A', 'B'], ['C', 'A', 'B']],
    ['a deleted item is left out', ['A', 'B', 'C'], [del('B'), 'C'], ['C', 'A'], ['C', 'A']],
    ['a new item goes where the order puts it', ['A', 'B'], ['X'], ['A', 'X', 'B'], ['A', 'X', 'B']],
    [
      'an item deleted twice frees one slot',
      ['A', 'B', 'C'],
      [del('A'), del('A'), 'X'],
      ['C', 'X', 'B'],
      ['C', 'X', 'B'],
    ],
    [
      'naming only new items puts them first',
      ['A', 'B', 'C'],
      ['X', 'Y'],
      ['X', 'Y'],
      ['X', 'Y', 'A', 'B', 'C'],
    ],
    [
      'naming some items, one deleted',
      ['A', 'B', 'C', 'D'],
      [del('A'), 'X', 'Y'],
      ['C', 'X', 'Y'],
      ['B', 'C', 'D', 'X', 'Y'],
    ],
    ['naming a changed item and a new one', ['A', 'B', 'C'], ['C', 'X'], ['C', 'X'], ['A', 'B', 'C', 'X']],
    [
      'a new item in the slot of a deleted last one',
      ['A', 'B', 'C'],
      [del('C'), 'X'],
      ['X', 'A'],
      ['B', 'X', 'A'],
    ],
  ]
  for (const [what, live, patch, order, want] of rows)
    it(what, () => expect(envAfter(live, patch, order)).to.deep.equal(want))

  it('refuses a patch list in another order than the order list, replace items included', () => {
    const mismatch = "the order in patch list doesn't match $setElementOrder/env list"
    expect(() => envAfter(['A', 'B', 'C'], ['A', 'B'], ['B', 'A'])).to.throw(mismatch)
    expect(() => envAfter(['A', 'B', 'C'], ['X', 'Y', del('B')], ['Y', 'C', 'X', 'A'])).to.throw(mismatch)
    expect(() => envAfter(['A', 'B', 'C'], ['B', 'Z', {$patch: 'replace'} as Item], ['Z', 'B'])).to.throw(
      mismatch,
    )
  })

  it('orders a primitive list too', () => {
    const out = smp(
      {metadata: {finalizers: ['a.io/1', 'b.io/2', 'c.io/3']}},
      {metadata: {'$setElementOrder/finalizers': ['c.io/3', 'a.io/1', 'b.io/2']}},
    )
    expect(out).to.deep.equal({metadata: {finalizers: ['c.io/3', 'a.io/1', 'b.io/2']}})
  })
})
