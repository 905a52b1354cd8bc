import {expect} from 'chai'
import {COMPONENTS, componentSpecs} from '../../src/lib/manifest/components.js'
import {applyOverlayPatch, overlayPath} from '../../src/lib/manifest/overlay.js'
import {postProcess} from '../../src/lib/manifest/postprocess.js'
import type {Tree} from '../../src/lib/manifest/values.js'

const pilot = COMPONENTS.find((c) => c.name === 'Pilot')!
const ingress = COMPONENTS.find((c) => c.name === 'IngressGateways')!

function istiod(): Tree {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'istiod', namespace: 'istio-system'},
    spec: {
      template: {
        metadata: {annotations: {a: '1'}},
        spec: {
          containers: [
            {
              name: 'discovery',
              env: [{name: 'REVISION', value: 'default'}],
              resources: {requests: {cpu: '500m'}},
            },
          ],
          tolerations: [{key: 'cni.istio.io/not-ready', operator: 'Exists'}],
        },
      },
    },
  }
}

const merged = (k8s: Tree, rev?: string): Tree => ({
  metadata: {namespace: 'istio-system'},
  spec: {components: {pilot: {enabled: true, k8s}}, values: rev ? {revision: rev} : {}},
})

describe('manifest post-processing: components.<c>.k8s as strategic merge patches', () => {
  it('merges env by name, replaces tolerations, sets replicas and pod annotations on the workload', () => {
    const m = merged({
      env: [{name: 'FOO', value: 'bar'}],
      tolerations: [{key: 'x', operator: 'Exists'}],
      replicaCount: 3,
      podAnnotations: {b: '2'},
      resources: {requests: {cpu: '1'}},
    })
    const [spec] = componentSpecs(pilot, m)
    const [out] = postProcess(pilot, spec!, [istiod()], m)
    const pod = (out!.spec as Tree).template as Tree
    expect((out!.spec as Tree).replicas).to.equal(3)
    expect((pod.metadata as Tree).annotations).to.deep.equal({a: '1', b: '2'})
    const podSpec = pod.spec as Tree
    expect(podSpec.tolerations).to.deep.equal([{key: 'x', operator: 'Exists'}])
    const c = (podSpec.containers as Tree[])[0]!
    // New keyed items come first, as with apimachinery's strategic merge (what istioctl uses).
    expect(c.env).to.deep.equal([
      {name: 'FOO', value: 'bar'},
      {name: 'REVISION', value: 'default'},
    ])
    expect(c.resources).to.deep.equal({requests: {cpu: '1'}})
  })

  it('targets istiod-<rev> for a revisioned control plane, and leaves other objects alone', () => {
    const m = merged({replicaCount: 2}, 'canary')
    const [spec] = componentSpecs(pilot, m)
    const dep = istiod()
    ;(dep.metadata as Tree).name = 'istiod-canary'
    const other = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'istiod-canary'}}
    const out = postProcess(pilot, spec!, [dep, other], m)
    expect((out[0]!.spec as Tree).replicas).to.equal(2)
    expect(out[1]).to.deep.equal(other)
  })

  it('applies overlays by path: [key:value] selectors, creation, deletion with null', () => {
    const m = merged({
      overlays: [
        {
          kind: 'Deployment',
          name: 'istiod',
          patches: [
            {path: 'spec.template.spec.containers.[name:discovery].env.[name:REVISION].value', value: 'x'},
            {path: 'spec.template.spec.priorityClassName', value: 'high'},
            {path: 'spec.template.metadata.annotations.a', value: null},
            {path: 'spec.template.spec.tolerations.[0]', value: null},
            {path: 'spec.template.spec.containers.[name:nope].image', value: 'y'},
          ],
        },
      ],
    })
    const [spec] = componentSpecs(pilot, m)
    const warnings: string[] = []
    const [out] = postProcess(pilot, spec!, [istiod()], m, (w) => warnings.push(w))
    const pod = (out!.spec as Tree).template as Tree
    expect(((pod.spec as Tree).containers as Tree[])[0]!.env).to.deep.equal([{name: 'REVISION', value: 'x'}])
    expect((pod.spec as Tree).priorityClassName).to.equal('high')
    expect((pod.metadata as Tree).annotations).to.deep.equal({})
    expect((pod.spec as Tree).tolerations).to.deep.equal([])
    expect(warnings).to.have.length(1)
    expect(warnings[0]).to.match(/element \[name:nope\] not found/)
  })

  it('keeps gateway Service ports out of the patch (they go to the chart values)', () => {
    const m: Tree = {
      metadata: {namespace: 'istio-system'},
      spec: {
        components: {
          ingressGateways: [
            {
              name: 'istio-ingressgateway',
              enabled: true,
              k8s: {service: {type: 'NodePort', ports: [{port: 1}]}},
            },
          ],
        },
      },
    }
    const [spec] = componentSpecs(ingress, m)
    const svc: Tree = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'istio-ingressgateway'},
      spec: {type: 'LoadBalancer', ports: [{port: 80, name: 'http2'}]},
    }
    const [out] = postProcess(ingress, spec!, [svc], m)
    expect(out!.spec).to.deep.equal({type: 'NodePort', ports: [{port: 80, name: 'http2'}]})
  })

  it('parses overlay paths with escapes and brackets', () => {
    expect(overlayPath('metadata.annotations.a\\.b')).to.deep.equal(['metadata', 'annotations', 'a.b'])
    expect(overlayPath('spec.ports[1].port')).to.deep.equal(['spec', 'ports', '[1]', 'port'])
    const o: Tree = {list: ['alpha', 'beta']}
    applyOverlayPatch(o, 'list.[:^bet]', 'gamma')
    expect(o.list).to.deep.equal(['alpha', 'gamma'])
    applyOverlayPatch(o, 'm', 'a: b\nc: d')
    expect(o.m).to.deep.equal({a: 'b', c: 'd'})
    // read as sigs.k8s.io/yaml reads it (YAML 1.1), as istioctl 1.30.3 does
    applyOverlayPatch(o, 'n', 'enabled: on\nmode: 0755')
    expect(o.n).to.deep.equal({enabled: true, mode: 493})
  })
})
