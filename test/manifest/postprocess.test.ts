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

describe('manifest post-processing: where each k8s field lands (IstioOperator KubernetesResourcesSpec)', () => {
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {name: 'istiod'},
    spec: {},
  }
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {name: 'istiod'},
    spec: {minAvailable: 1},
  }
  const svc = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'istiod'}, spec: {type: 'ClusterIP'}}
  const run = (k8s: Tree) => {
    const m = merged(k8s)
    const [spec] = componentSpecs(pilot, m)
    const [dep, h, p, s] = postProcess(pilot, spec!, [istiod(), hpa, pdb, svc], m) as Tree[]
    const podSpec = ((dep!.spec as Tree).template as Tree).spec as Tree
    return {podSpec, container: (podSpec.containers as Tree[])[0]!, hpa: h!, pdb: p!, svc: s!}
  }

  it('pod-level fields go to the pod template, container-level ones to the component’s container', () => {
    const probe = {httpGet: {path: '/ready', port: 8080}}
    const r = run({
      imagePullPolicy: 'Always',
      readinessProbe: probe,
      priorityClassName: 'high',
      securityContext: {runAsUser: 1337},
      nodeSelector: {zone: 'a'},
    })
    expect(r.container.name).to.equal('discovery')
    expect(r.container.imagePullPolicy).to.equal('Always')
    expect(r.container.readinessProbe).to.deep.equal(probe)
    expect(r.podSpec.priorityClassName).to.equal('high')
    expect(r.podSpec.securityContext).to.deep.equal({runAsUser: 1337})
    expect(r.podSpec.nodeSelector).to.deep.equal({zone: 'a'})
    expect(r.podSpec.containers).to.have.length(1)
  })

  it('hpaSpec, podDisruptionBudget and service patch their own objects, and only theirs', () => {
    const r = run({
      hpaSpec: {maxReplicas: 9},
      podDisruptionBudget: {minAvailable: 2},
      service: {type: 'NodePort'},
    })
    expect(r.hpa.spec).to.deep.equal({maxReplicas: 9})
    expect(r.pdb.spec).to.deep.equal({minAvailable: 2})
    expect(r.svc.spec).to.deep.equal({type: 'NodePort'})
    expect(r.podSpec).to.not.have.property('maxReplicas')
  })

  it('a PDB given maxUnavailable clears the chart’s minAvailable (a PDB may not have both)', () => {
    expect(run({podDisruptionBudget: {maxUnavailable: 1}}).pdb.spec).to.deep.equal({
      minAvailable: null,
      maxUnavailable: 1,
    })
    // without maxUnavailable, minAvailable stays
    expect(run({podDisruptionBudget: {}}).pdb.spec).to.deep.equal({minAvailable: 1})
  })

  it('keeps Service ports in the patch for components that are not gateways', () => {
    const ports = [{name: 'grpc', port: 15010}]
    expect(run({service: {ports}}).svc.spec).to.deep.equal({type: 'ClusterIP', ports})
  })

  it('overlays: an entry that is no map, a patch that is no map, and an unmatched kind or name change nothing', () => {
    const r = run({
      overlays: [
        'x',
        {kind: 'Deployment', name: 'istiod', patches: ['y', {path: 'spec.replicas', value: 4}]},
        {kind: 'Deployment', name: 'other', patches: [{path: 'spec.paused', value: true}]},
        {kind: 'Service', patches: [{path: 'spec.type', value: 'LoadBalancer'}]},
      ],
    })
    expect(r.svc.spec).to.deep.equal({type: 'ClusterIP'})
    const dep = postProcess(
      pilot,
      componentSpecs(
        pilot,
        merged({
          overlays: [{kind: 'Deployment', name: 'istiod', patches: ['y', {path: 'spec.replicas', value: 4}]}],
        }),
      )[0]!,
      [istiod()],
      merged({}),
    )[0] as Tree
    expect((dep.spec as Tree).replicas).to.equal(4)
    expect(dep.spec).to.not.have.property('paused')
    expect(r.podSpec).to.not.have.property('paused')
  })
})
