import {expect} from 'chai'
import {builtinListStrategy, jsonMergePatch, strategicMergePatch} from '../../src/lib/kube/strategic-merge.js'

const deploy = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'web', labels: {app: 'web', tier: 'front'}, finalizers: ['a/b']},
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.25',
            ports: [{containerPort: 80, name: 'http'}],
            env: [{name: 'A', value: '1'}],
          },
          {name: 'proxy', image: 'envoy', args: ['--a', '--b']},
        ],
        volumes: [{name: 'v1', emptyDir: {}}],
      },
    },
  },
})

/** A patch touching only a workload's pod spec. */
const podSpec = <S>(spec: S) => ({spec: {template: {spec}}})
/** deploy() with `patch` applied. */
const patchDeploy = (patch: unknown) => strategicMergePatch(deploy(), patch, 'Deployment')

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the others', () => {
    const out = patchDeploy(podSpec({containers: [{name: 'proxy', image: 'envoy:2'}]}))
    expect(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).to.deep.equal([
      'web=nginx:1.25',
      'proxy=envoy:2',
    ])
    // Lists without a merge key (args) are replaced, not merged.
    const args = patchDeploy(podSpec({containers: [{name: 'proxy', args: ['--c']}]}))
    expect(args.spec.template.spec.containers[1]!.args).to.deep.equal(['--c'])
  })

  it('merges nested keyed lists (env by name, ports by containerPort); new items go first, as in Kubernetes', () => {
    const out = patchDeploy(
      podSpec({
        containers: [
          {name: 'web', env: [{name: 'B', value: '2'}], ports: [{containerPort: 80, protocol: 'TCP'}]},
          {name: 'new', image: 'x'},
        ],
      }),
    )
    const web = out.spec.template.spec.containers[0]!
    expect(web.env).to.deep.equal([
      {name: 'B', value: '2'},
      {name: 'A', value: '1'},
    ])
    expect(web.ports).to.deep.equal([{containerPort: 80, name: 'http', protocol: 'TCP'}])
    expect(out.spec.template.spec.containers.map((c) => c.name)).to.deep.equal(['web', 'new', 'proxy'])
  })

  it('honours $patch: delete in list items and null to delete map keys', () => {
    const out = patchDeploy({
      metadata: {labels: {tier: null}},
      ...podSpec({containers: [{name: 'proxy', $patch: 'delete'}]}),
    })
    expect(out.metadata.labels).to.deep.equal({app: 'web'})
    expect(out.spec.template.spec.containers.map((c) => c.name)).to.deep.equal(['web'])
  })

  it('honours $patch: replace on a map and on a list', () => {
    const map = patchDeploy({metadata: {labels: {$patch: 'replace', only: 'me'}}})
    expect(map.metadata.labels).to.deep.equal({only: 'me'})
    const list = patchDeploy(podSpec({volumes: [{name: 'v9'}, {$patch: 'replace'}]}))
    expect(list.spec.template.spec.volumes).to.deep.equal([{name: 'v9'}])
  })

  it('reorders merged lists by $setElementOrder (what kubectl apply sends)', () => {
    const out = patchDeploy(
      podSpec({
        '$setElementOrder/containers': [{name: 'proxy'}, {name: 'web'}],
        containers: [{name: 'web', image: 'nginx:1.26'}],
      }),
    )
    expect(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).to.deep.equal([
      'proxy=envoy',
      'web=nginx:1.26',
    ])
    expect(JSON.stringify(out)).to.not.contain('$setElementOrder')
  })

  it('merges finalizers as a set and supports $deleteFromPrimitiveList', () => {
    const add = patchDeploy({metadata: {finalizers: ['c/d', 'a/b']}})
    // Primitive lists merge as sets, ordered like keyed lists: patch order, new ones before later live ones.
    expect(add.metadata.finalizers).to.deep.equal(['c/d', 'a/b'])
    const del = strategicMergePatch(
      add,
      {metadata: {'$deleteFromPrimitiveList/finalizers': ['a/b']}},
      'Deployment',
    )
    expect(del.metadata.finalizers).to.deep.equal(['c/d'])
  })

  it('orders merged lists as apimachinery does: patch order, live order, new items before later live ones', () => {
    const n = (...names: string[]) => names.map((name) => ({name}))
    const env = (live: string[], patch: Array<{name: string; $patch?: string}>) =>
      strategicMergePatch(
        podSpec({containers: [{name: 'c', env: n(...live)}]}),
        podSpec({containers: [{name: 'c', env: patch}]}),
        'Deployment',
      ).spec.template.spec.containers[0]!.env.map((e) => e.name)
    // A patched item keeps its place among the live ones; a new one goes before the live items after it.
    expect(env(['a', 'b', 'c'], n('b', 'x'))).to.deep.equal(['a', 'b', 'x', 'c'])
    expect(env(['a', 'b', 'c'], n('x'))).to.deep.equal(['x', 'a', 'b', 'c'])
    expect(env(['a', 'b', 'c'], n('c'))).to.deep.equal(['a', 'b', 'c'])
    // Patched items keep patch order; a live one goes before the next patched one it preceded in the live list.
    expect(env(['a', 'b', 'c'], n('c', 'a'))).to.deep.equal(['b', 'c', 'a'])
    // Deletions apply before the rest: deleting then naming an item adds it anew.
    expect(env(['a', 'b'], [{name: 'x'}, {name: 'a', $patch: 'delete'}])).to.deep.equal(['x', 'b'])
    expect(env(['a', 'b'], [{name: 'a'}, {name: 'a', $patch: 'delete'}])).to.deep.equal(['a', 'b'])
  })

  it('$setElementOrder naming only some items: the others keep their live places', () => {
    const out = patchDeploy(
      podSpec({
        '$setElementOrder/volumes': [{name: 'v0'}, {name: 'v1'}],
        volumes: [{name: 'v0', emptyDir: {}}],
      }),
    )
    expect(out.spec.template.spec.volumes.map((v) => v.name)).to.deep.equal(['v0', 'v1'])
    expect(() =>
      patchDeploy(podSpec({'$setElementOrder/volumes': [{name: 'v1'}], volumes: [{name: 'v0'}]})),
    ).to.throw("doesn't match $setElementOrder/volumes list")
  })

  it('keeps only $retainKeys', () => {
    const out = strategicMergePatch(
      {spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1}}}},
      {spec: {strategy: {$retainKeys: ['type'], type: 'Recreate'}}},
      'Deployment',
    )
    expect(out.spec.strategy).to.deep.equal({type: 'Recreate'})
  })

  it('merges Service ports by port, but not other kinds\u2019 ports', () => {
    const svc = {
      spec: {
        ports: [
          {port: 80, name: 'http'},
          {port: 443, name: 'https'},
        ],
      },
    }
    const out = strategicMergePatch(svc, {spec: {ports: [{port: 443, targetPort: 8443}]}}, 'Service')
    expect(out.spec.ports).to.deep.equal([
      {port: 80, name: 'http'},
      {port: 443, name: 'https', targetPort: 8443},
    ])
    expect(builtinListStrategy('Service', ['spec', 'ports'])).to.deep.equal({type: 'map', key: 'port'})
    expect(builtinListStrategy('EndpointSlice', ['ports'])).to.deep.equal({type: 'atomic'})
    expect(builtinListStrategy('Pod', ['status', 'conditions'])).to.deep.equal({type: 'map', key: 'type'})
  })

  it('rejects keyed items without their merge key and unknown $patch values', () => {
    expect(() => patchDeploy(podSpec({containers: [{image: 'x'}]}))).to.throw(
      'does not contain declared merge key: name',
    )
    expect(() => patchDeploy({metadata: {$patch: 'bogus'}})).to.throw('unknown patch type')
    expect(() => patchDeploy(podSpec({volumes: [{name: 'v1', $patch: 'merge'}]}))).to.throw(
      'merging lists cannot yet be specified in the patch',
    )
  })

  it('does not modify its inputs', () => {
    const orig = deploy()
    const patch = podSpec({containers: [{name: 'web', image: 'x'}]})
    strategicMergePatch(orig, patch, 'Deployment')
    expect(orig).to.deep.equal(deploy())
    expect(patch.spec.template.spec.containers[0]!.image).to.equal('x')
  })

  it('jsonMergePatch: RFC 7386 (null deletes, lists replace)', () => {
    expect(jsonMergePatch({a: 1, b: {c: 2, d: 3}, l: [1, 2]}, {b: {c: null, e: 4}, l: [3]})).to.deep.equal({
      a: 1,
      b: {d: 3, e: 4},
      l: [3],
    })
    expect(jsonMergePatch({a: 1}, 'x')).to.equal('x')
  })
})
