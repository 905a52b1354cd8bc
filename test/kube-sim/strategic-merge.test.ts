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

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the others', () => {
    const out = strategicMergePatch(
      deploy(),
      {spec: {template: {spec: {containers: [{name: 'proxy', image: 'envoy:2'}]}}}},
      'Deployment',
    )
    expect(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).to.deep.equal([
      'web=nginx:1.25',
      'proxy=envoy:2',
    ])
    // Lists without a merge key (args) are replaced, not merged.
    const args = strategicMergePatch(
      deploy(),
      {spec: {template: {spec: {containers: [{name: 'proxy', args: ['--c']}]}}}},
      'Deployment',
    )
    expect(args.spec.template.spec.containers[1]!.args).to.deep.equal(['--c'])
  })

  it('appends new keyed items and merges nested keyed lists (env by name, ports by containerPort)', () => {
    const out = strategicMergePatch(
      deploy(),
      {
        spec: {
          template: {
            spec: {
              containers: [
                {name: 'web', env: [{name: 'B', value: '2'}], ports: [{containerPort: 80, protocol: 'TCP'}]},
                {name: 'new', image: 'x'},
              ],
            },
          },
        },
      },
      'Deployment',
    )
    const web = out.spec.template.spec.containers[0]!
    expect(web.env).to.deep.equal([
      {name: 'A', value: '1'},
      {name: 'B', value: '2'},
    ])
    expect(web.ports).to.deep.equal([{containerPort: 80, name: 'http', protocol: 'TCP'}])
    expect(out.spec.template.spec.containers.map((c) => c.name)).to.deep.equal(['web', 'proxy', 'new'])
  })

  it('honours $patch: delete in list items and null to delete map keys', () => {
    const out = strategicMergePatch(
      deploy(),
      {
        metadata: {labels: {tier: null}},
        spec: {template: {spec: {containers: [{name: 'proxy', $patch: 'delete'}]}}},
      },
      'Deployment',
    )
    expect(out.metadata.labels).to.deep.equal({app: 'web'})
    expect(out.spec.template.spec.containers.map((c) => c.name)).to.deep.equal(['web'])
  })

  it('honours $patch: replace on a map and on a list', () => {
    const map = strategicMergePatch(
      deploy(),
      {metadata: {labels: {$patch: 'replace', only: 'me'}}},
      'Deployment',
    )
    expect(map.metadata.labels).to.deep.equal({only: 'me'})
    const list = strategicMergePatch(
      deploy(),
      {spec: {template: {spec: {volumes: [{name: 'v9'}, {$patch: 'replace'}]}}}},
      'Deployment',
    )
    expect(list.spec.template.spec.volumes).to.deep.equal([{name: 'v9'}])
  })

  it('reorders merged lists by $setElementOrder (what kubectl apply sends)', () => {
    const out = strategicMergePatch(
      deploy(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{name: 'proxy'}, {name: 'web'}],
              containers: [{name: 'web', image: 'nginx:1.26'}],
            },
          },
        },
      },
      'Deployment',
    )
    expect(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`)).to.deep.equal([
      'proxy=envoy',
      'web=nginx:1.26',
    ])
    expect(JSON.stringify(out)).to.not.contain('$setElementOrder')
  })

  it('merges finalizers as a set and supports $deleteFromPrimitiveList', () => {
    const add = strategicMergePatch(deploy(), {metadata: {finalizers: ['c/d', 'a/b']}}, 'Deployment')
    expect(add.metadata.finalizers).to.deep.equal(['a/b', 'c/d'])
    const del = strategicMergePatch(
      add,
      {metadata: {'$deleteFromPrimitiveList/finalizers': ['a/b']}},
      'Deployment',
    )
    expect(del.metadata.finalizers).to.deep.equal(['c/d'])
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
    expect(() =>
      strategicMergePatch(deploy(), {spec: {template: {spec: {containers: [{image: 'x'}]}}}}, 'Deployment'),
    ).to.throw('does not contain declared merge key: name')
    expect(() => strategicMergePatch(deploy(), {metadata: {$patch: 'bogus'}}, 'Deployment')).to.throw(
      'unknown patch type',
    )
  })

  it('does not modify its inputs', () => {
    const orig = deploy()
    const patch = {spec: {template: {spec: {containers: [{name: 'web', image: 'x'}]}}}}
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
