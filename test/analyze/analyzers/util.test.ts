// The lookups analyzers share (src/lib/analyze/analyzers/util.ts): host names and matching, exportTo
// scopes, label selectors and indexes, the service index and mesh membership, each against a table.
import {expect} from 'chai'
import {
  LabelIndex,
  ServiceIndex,
  hostsForNamespace,
  hostsMatch,
  isControlPlane,
  labelSelectorMatches,
  nameFromHost,
  podSelector,
  selectPods,
  shortOrFullName,
  toFqdn,
  workloadInMesh,
  type LabelSelector,
} from '../../../src/lib/analyze/analyzers/util.js'
import type {AnalysisContext} from '../../../src/lib/analyze/analyzer.js'
import type {Message} from '../../../src/lib/analyze/message.js'
import {toFinding} from '../../../src/lib/analyze/finding.js'
import type {Resource} from '../../../src/lib/analyze/resource.js'
import {storeFromYaml} from '../helpers.js'

describe('analyzer lookups (util.ts)', () => {
  it('toFqdn: short names get the namespace and cluster domain; dotted and wildcard hosts are kept', () => {
    const table: [string, string][] = [
      ['reviews', 'reviews.shop.svc.cluster.local'],
      ['reviews.other', 'reviews.other'],
      ['*', '*'],
      ['*x', '*x'],
      ['x*', 'x*.shop.svc.cluster.local'],
    ]
    for (const [host, want] of table) expect(toFqdn('shop', host), host).to.equal(want)
  })

  it('nameFromHost: only a whole <name>.<ns>.svc.cluster.local names a service elsewhere', () => {
    const table: [string, {namespace: string; name: string}][] = [
      ['a.b.svc.cluster.local', {namespace: 'b', name: 'a'}],
      ['a.b.svc.cluster.local.evil', {namespace: 'd', name: 'a.b.svc.cluster.local.evil'}],
      ['x/a.b.svc.cluster.local', {namespace: 'b', name: 'x/a'}],
      ['a.svc.cluster.local', {namespace: 'd', name: 'a.svc.cluster.local'}],
      ['reviews', {namespace: 'd', name: 'reviews'}],
    ]
    for (const [host, want] of table) expect(nameFromHost('d', host), host).to.deep.equal(want)
  })

  it('hostsMatch: equal, or a wildcard on either side covering the other', () => {
    const table: [string, string, boolean][] = [
      ['a.com', 'a.com', true],
      ['a.com', 'b.com', false],
      ['*.com', 'a.com', true],
      ['a.com', '*.com', true],
      ['*.com', 'a.org', false],
      ['a.org', '*.com', false],
      ['*.a.com', '*.com', true],
      ['*.com', '*.a.com', true],
      ['*.a.com', '*.b.com', false],
      ['*.b.com', '*.a.com', false],
      ['*', 'anything', true],
      ['anything', '*', true],
      ['*', '*.a.com', true],
      ['*.a.com', '*', true],
      ['com*', 'com', false],
      ['com', 'com*', false],
      ['com*', 'com*', true],
      // a wildcard longer than the host never covers it
      ['*.example.com', 'com', false],
      ['com', '*.example.com', false],
    ]
    for (const [a, b, want] of table) expect(hostsMatch(a, b), `${a} ~ ${b}`).to.equal(want)
  })

  it('hostsForNamespace: hosts without a namespace, of this namespace or of any (*/)', () => {
    expect(
      hostsForNamespace(['a.com', 'shop/b.com', 'other/c.com', '*/d.com', './e.com', '/f.com'], 'shop'),
    ).to.deep.equal(['a.com', 'b.com', 'd.com'])
  })

  it('shortOrFullName: ns/name splits at the first slash; a bare name takes the default', () => {
    expect(shortOrFullName('d', 'gw')).to.deep.equal({namespace: 'd', name: 'gw'})
    expect(shortOrFullName('d', 'ns/gw')).to.deep.equal({namespace: 'ns', name: 'gw'})
    expect(shortOrFullName('d', '/gw')).to.deep.equal({namespace: '', name: 'gw'})
    expect(shortOrFullName('d', 'a/b/c')).to.deep.equal({namespace: 'a', name: 'b/c'})
  })

  describe('LabelIndex', () => {
    type Item = {n: string; l: Record<string, string>}
    const items: Item[] = [
      {n: 'a', l: {app: 'web', tier: 'front'}},
      {n: 'b', l: {app: 'web', tier: 'back'}},
      {n: 'c', l: {app: 'db'}},
      {n: 'd', l: {}},
    ]
    const names = (xs: Item[]) => xs.map((x) => x.n)
    const index = () => new LabelIndex(items, (i) => i.l)

    it('select: every pair must match; an empty or absent selector selects all', () => {
      const idx = index()
      expect(names(idx.select({app: 'web'}))).to.deep.equal(['a', 'b'])
      expect(names(idx.select({app: 'web', tier: 'back'}))).to.deep.equal(['b'])
      // the rarest pair (tier=back, one item) is scanned, and the other pair still checked
      expect(names(idx.select({tier: 'back', app: 'db'}))).to.deep.equal([])
      expect(names(idx.select({app: 'web', tier: 'none'}))).to.deep.equal([])
      expect(names(idx.select({}))).to.deep.equal(['a', 'b', 'c', 'd'])
      expect(names(idx.select(undefined))).to.deep.equal(['a', 'b', 'c', 'd'])
    })

    it('select with a filter: only the items it keeps, never from or into the remembered results', () => {
      const idx = index()
      const notA = (i: Item) => i.n !== 'a'
      expect(names(idx.select({app: 'web'}))).to.deep.equal(['a', 'b'])
      expect(names(idx.select({app: 'web'}, notA))).to.deep.equal(['b'])
      expect(names(idx.select({}, notA))).to.deep.equal(['b', 'c', 'd'])
      expect(names(idx.select({app: 'web'}))).to.deep.equal(['a', 'b'])
      // a selector first asked with a filter is still computed whole without one
      const fresh = index()
      expect(names(fresh.select({app: 'db'}, () => false))).to.deep.equal([])
      expect(names(fresh.select({app: 'db'}))).to.deep.equal(['c'])
      // the same selector again gives the same items
      expect(names(fresh.select({app: 'db'}))).to.deep.equal(['c'])
    })

    it('some: whether any item matches the selector and the filter', () => {
      const idx = index()
      expect(idx.some({app: 'web'})).to.equal(true)
      expect(idx.some({app: 'web', tier: 'none'})).to.equal(false)
      expect(idx.some({tier: 'front', app: 'db'})).to.equal(false)
      expect(idx.some({app: 'web'}, (i) => i.n === 'b')).to.equal(true)
      expect(idx.some({app: 'web'}, (i) => i.n === 'c')).to.equal(false)
      expect(idx.some({}, (i) => i.n === 'd')).to.equal(true)
      expect(idx.some(undefined, () => false)).to.equal(false)
      expect(new LabelIndex<Item>([], (i) => i.l).some({})).to.equal(false)
    })
  })

  // built in each test: code run when the file loads cannot kill a mutant
  const PODS = () =>
    storeFromYaml(`
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: other, labels: {app: web}}
`)

  it('podSelector: only the pods of the namespace asked', () => {
    const pods = podSelector(PODS())
    expect(pods('shop', {app: 'web'}).map((p) => p.name)).to.deep.equal(['web-1'])
    expect(pods('other', {app: 'web'}).map((p) => p.name)).to.deep.equal(['web-2'])
    expect(pods('shop', {app: 'web'}).map((p) => p.name)).to.deep.equal(['web-1'])
    expect(pods('none', {app: 'web'})).to.deep.equal([])
  })

  it('selectPods: records the selected pods; none selected is IST0101 at the first label in order', () => {
    const store = storeFromYaml(`
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: sc, namespace: shop}
spec: {workloadSelector: {labels: {zz: a, app: nope}}}
`)
    const sc = store.list({group: 'networking.istio.io', kind: 'Sidecar', namespaced: true} as never)[0]!
    const reports: {m: Message; field?: unknown}[] = []
    const ctx = {
      report: (m: Message, field?: unknown) => reports.push({m, field}),
    } as unknown as AnalysisContext
    const byPod = new Map<Resource, Resource[]>()
    const pods = podSelector(PODS())
    selectPods(ctx, pods, sc, {zz: 'a', app: 'nope'}, ['spec', 'workloadSelector', 'labels'], byPod)
    expect(reports).to.have.length(1)
    expect(toFinding(reports[0].m).message).to.equal('Referenced selector not found: "app=nope,zz=a"')
    expect(reports[0].field).to.deep.equal(['spec', 'workloadSelector', 'labels', 'app'])
    expect(byPod.size).to.equal(0)
    selectPods(ctx, pods, sc, {app: 'web'}, ['spec', 'workloadSelector', 'labels'], byPod)
    expect(reports).to.have.length(1)
    expect([...byPod.keys()].map((p) => p.name)).to.deep.equal(['web-1'])
    expect(byPod.get([...byPod.keys()][0])).to.deep.equal([sc])
  })

  describe('ServiceIndex', () => {
    const store = () =>
      storeFromYaml(`
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {ports: [{name: http, port: 80, protocol: TCP}, {name: grpc}]}
---
apiVersion: v1
kind: Service
metadata: {name: local, namespace: shop, annotations: {networking.istio.io/exportTo: " . , team"}}
spec: {ports: [{port: 81}]}
---
apiVersion: v1
kind: Service
metadata: {name: headless, namespace: shop}
spec: {clusterIP: None}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: shop}
spec:
  hosts: [api.example.com, "*.wild.com"]
  exportTo: [".", "friends"]
  ports: [{number: 443, name: https, protocol: TLS}, {name: noport}]
  workloadSelector: {labels: {app: ext}}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: public, namespace: other}
spec:
  hosts: ["*.pub.com", bare]
  ports: [{number: 80, name: http}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: everything, namespace: any}
spec: {hosts: ["*"], exportTo: [any]}
`)
    const index = () => new ServiceIndex(store())
    const name = (t: ReturnType<ServiceIndex['resolve']>) =>
      t ? `${t.resource.kind.kind} ${t.resource.namespace}/${t.resource.name}` : undefined

    it('a Service by its short name or FQDN, with its ports', () => {
      const t = index().resolve('shop', undefined, 'web')
      expect(name(t)).to.equal('Service shop/web')
      expect(t?.ports).to.deep.equal([
        {number: 80, name: 'http', protocol: 'TCP'},
        {number: 0, name: 'grpc', protocol: undefined},
      ])
      expect(t?.workloadSelector).to.equal(undefined)
      expect(name(index().resolve('other', undefined, 'web.shop.svc.cluster.local'))).to.equal(
        'Service shop/web',
      )
      expect(index().resolve('other', undefined, 'web')).to.equal(undefined)
      expect(index().resolve('shop', undefined, 'headless')?.ports).to.deep.equal([])
    })

    it("a Service's exportTo annotation: `.` is its namespace, names are trimmed", () => {
      const host = 'local.shop.svc.cluster.local'
      expect(name(index().resolve('shop', undefined, 'local'))).to.equal('Service shop/local')
      expect(name(index().resolve('team', undefined, host))).to.equal('Service shop/local')
      expect(index().resolve('other', undefined, host)).to.equal(undefined)
    })

    it("a ServiceEntry's exportTo, and the referrer's exportTo (`.` its own namespace)", () => {
      const se = index().resolve('shop', undefined, 'api.example.com')
      expect(name(se)).to.equal('ServiceEntry shop/ext')
      expect(se?.ports).to.deep.equal([
        {number: 443, name: 'https', protocol: 'TLS'},
        {number: 0, name: 'noport', protocol: undefined},
      ])
      expect(se?.workloadSelector).to.deep.equal({app: 'ext'})
      expect(name(index().resolve('friends', undefined, 'api.example.com'))).to.equal('ServiceEntry shop/ext')
      expect(index().resolve('strangers', undefined, 'api.example.com')).to.equal(undefined)
      // a referrer in another namespace exporting to shop, or to `.` from shop
      expect(name(index().resolve('strangers', ['shop'], 'api.example.com'))).to.equal(
        'ServiceEntry shop/ext',
      )
      expect(name(index().resolve('shop', ['.'], 'api.example.com'))).to.equal('ServiceEntry shop/ext')
      expect(index().resolve('strangers', ['.'], 'api.example.com')).to.equal(undefined)
      // an empty exportTo list is no list: the referrer's own namespace
      expect(name(index().resolve('friends', [], 'api.example.com'))).to.equal('ServiceEntry shop/ext')
    })

    it('wildcard ServiceEntry hosts cover the hosts under them', () => {
      expect(name(index().resolve('x', undefined, 'a.pub.com'))).to.equal('ServiceEntry other/public')
      expect(name(index().resolve('x', undefined, 'a.b.pub.com'))).to.equal('ServiceEntry other/public')
      expect(name(index().resolve('x', undefined, '*.a.pub.com'))).to.equal('ServiceEntry other/public')
      expect(name(index().resolve('shop', undefined, 'x.wild.com'))).to.equal('ServiceEntry shop/ext')
      expect(index().resolve('x', undefined, 'x.wild.com')).to.equal(undefined)
      expect(index().resolve('x', undefined, 'pub.com')).to.equal(undefined)
      // `*` exported to namespace any: every host from there
      expect(name(index().resolve('any', undefined, 'unrelated.org'))).to.equal('ServiceEntry any/everything')
      expect(index().resolve('any', undefined, 'unrelated.org')?.ports).to.deep.equal([])
      // a short ServiceEntry host is qualified with its namespace
      expect(name(index().resolve('y', undefined, 'bare.other.svc.cluster.local'))).to.equal(
        'ServiceEntry other/public',
      )
    })
  })

  it('labelSelectorMatches: matchLabels and each matchExpressions operator; unknown operators match nothing', () => {
    const labels = {app: 'web', tier: 'front'}
    const table: [LabelSelector | undefined | null, boolean][] = [
      [undefined, true],
      [null, true],
      [{}, true],
      [{matchLabels: {app: 'web'}}, true],
      [{matchLabels: {app: 'db'}}, false],
      [{matchExpressions: [{key: 'app', operator: 'In', values: ['web', 'x']}]}, true],
      [{matchExpressions: [{key: 'app', operator: 'In', values: ['x']}]}, false],
      [{matchExpressions: [{key: 'zone', operator: 'In', values: ['web']}]}, false],
      [{matchExpressions: [{key: 'app', operator: 'NotIn', values: ['x']}]}, true],
      [{matchExpressions: [{key: 'app', operator: 'NotIn', values: ['web']}]}, false],
      [{matchExpressions: [{key: 'zone', operator: 'NotIn', values: ['web']}]}, true],
      [{matchExpressions: [{key: 'tier', operator: 'Exists'}]}, true],
      [{matchExpressions: [{key: 'zone', operator: 'Exists'}]}, false],
      [{matchExpressions: [{key: 'zone', operator: 'DoesNotExist'}]}, true],
      [{matchExpressions: [{key: 'tier', operator: 'DoesNotExist'}]}, false],
      [{matchExpressions: [{key: 'app', operator: 'Equals', values: ['web']}]}, false],
      [{matchExpressions: [{operator: 'DoesNotExist'}]}, true],
      [
        {matchLabels: {app: 'web'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['back']}]},
        false,
      ],
    ]
    for (const [sel, want] of table)
      expect(labelSelectorMatches(sel, labels), JSON.stringify(sel)).to.equal(want)
  })

  it('workloadInMesh: a proxy container, else the inject label, then annotation, then the namespace label', () => {
    const store = storeFromYaml(`
apiVersion: v1
kind: Namespace
metadata: {name: on, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: off, labels: {istio-injection: disabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: bare}
`)
    const inject = (v: string) => ({'sidecar.istio.io/inject': v})
    const proxy = [{name: 'istio-proxy', image: 'proxyv2'}]
    const table: [
      string,
      Parameters<typeof workloadInMesh>[2],
      {name?: string; image?: string}[],
      boolean,
    ][] = [
      ['off', {}, proxy, true],
      ['off', {}, [{name: 'istio-proxy'}], false],
      ['off', {}, [{name: 'app', image: 'x'}], false],
      ['off', {labels: inject('true')}, [], true],
      ['on', {labels: inject('false')}, [], false],
      ['off', {annotations: inject('true')}, [], true],
      ['on', {annotations: inject('false')}, [], false],
      // the label wins over the annotation
      ['off', {labels: inject('false'), annotations: inject('true')}, [], false],
      ['off', {labels: {}, annotations: inject('true')}, [], true],
      ['on', {}, [], true],
      ['off', {}, [], false],
      ['bare', {}, [], false],
      ['missing', {}, [], false],
    ]
    for (const [ns, meta, containers, want] of table)
      expect(workloadInMesh(store, ns, meta, containers), `${ns} ${JSON.stringify(meta)}`).to.equal(want)
  })

  it('isControlPlane: an `istio` label of any value, or release=istio', () => {
    const r = (labels: Record<string, string>) => ({object: {metadata: {labels}}}) as unknown as Resource
    expect(isControlPlane(r({istio: 'ingressgateway'}))).to.equal(true)
    expect(isControlPlane(r({istio: ''}))).to.equal(true)
    expect(isControlPlane(r({release: 'istio'}))).to.equal(true)
    expect(isControlPlane(r({release: 'other'}))).to.equal(false)
    expect(isControlPlane(r({app: 'istio'}))).to.equal(false)
  })
})
