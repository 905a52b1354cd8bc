import {expect} from 'chai'
import {generateManifest} from '../../src/lib/manifest/index.js'
import {startKubeSim, type KObj, type KubeSim} from './index.js'

/** The istiod pieces injection needs: its two ConfigMaps and the injection MutatingWebhookConfiguration. */
async function istiodInjectionObjects(): Promise<KObj[]> {
  const {objects} = await generateManifest({sets: ['profile=default'], files: []})
  return objects
    .map((o) => o.object as unknown as KObj)
    .filter(
      (o) =>
        (o.kind === 'ConfigMap' && ['istio', 'istio-sidecar-injector'].includes(o.metadata.name ?? '')) ||
        (o.kind === 'CustomResourceDefinition' && o.metadata.name === 'proxyconfigs.networking.istio.io') ||
        (o.kind === 'MutatingWebhookConfiguration' && o.metadata.name === 'istio-sidecar-injector'),
    )
}

const pod = (name: string, ns: string, extra: Record<string, unknown> = {}): KObj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: ns, labels: {app: name}, ...extra},
  spec: {containers: [{name: 'app', image: 'nginx', ports: [{containerPort: 8080, name: 'http'}]}]},
})

const names = (list: unknown) => ((list ?? []) as {name: string}[]).map((c) => c.name)

describe('kube-sim: istiod injection webhook (in process)', function () {
  this.timeout(60_000)
  let sim: KubeSim
  before(async () => {
    sim = await startKubeSim()
    await sim.seed([
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system'}},
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'mesh', labels: {'istio-injection': 'enabled'}}},
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'plain'}},
      ...(await istiodInjectionObjects()),
    ])
  })
  after(() => sim.stop())

  it('injects pods created in a namespace labelled istio-injection=enabled', async () => {
    await sim.seed([pod('web', 'mesh')])
    const got = sim.get('v1', 'Pod', 'web', 'mesh')!
    const spec = got.spec as Record<string, unknown>
    // the simulator's kubelets are 1.32: istiod's detection keeps istio-proxy a regular container
    expect(names(spec.containers)).to.deep.equal(['app', 'istio-proxy'])
    expect(names(spec.initContainers)).to.deep.equal(['istio-init'])
    const ann = got.metadata.annotations!
    expect(JSON.parse(ann['sidecar.istio.io/status']).containers).to.deep.equal(['istio-proxy'])
    expect(got.metadata.labels!['security.istio.io/tlsMode']).to.equal('istio')
  })

  it('leaves pods alone in other namespaces and pods that opt out', async () => {
    await sim.seed([
      pod('plain-pod', 'plain'),
      pod('opted-out', 'mesh', {labels: {app: 'x', 'sidecar.istio.io/inject': 'false'}}),
    ])
    expect(
      names((sim.get('v1', 'Pod', 'plain-pod', 'plain')!.spec as {containers: unknown}).containers),
    ).to.deep.equal(['app'])
    expect(
      names((sim.get('v1', 'Pod', 'opted-out', 'mesh')!.spec as {containers: unknown}).containers),
    ).to.deep.equal(['app'])
  })

  it('injects the pods a Deployment creates', async () => {
    await sim.seed([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {name: 'api', namespace: 'mesh'},
        spec: {
          replicas: 1,
          selector: {matchLabels: {app: 'api'}},
          template: {
            metadata: {labels: {app: 'api'}},
            spec: {containers: [{name: 'api', image: 'api:1'}]},
          },
        },
      },
    ])
    await sim.waitFor(() => sim.list('v1', 'Pod', 'mesh').some((p) => p.metadata.labels?.app === 'api'))
    const p = sim.list('v1', 'Pod', 'mesh').find((x) => x.metadata.labels?.app === 'api')!
    const spec = p.spec as {containers: {name: string; env?: {name: string; value?: string}[]}[]}
    expect(names(spec.containers)).to.deep.equal(['api', 'istio-proxy'])
    const env = spec.containers[1].env ?? []
    expect(env.find((e) => e.name === 'ISTIO_META_OWNER')?.value).to.equal(
      'kubernetes://apis/apps/v1/namespaces/mesh/deployments/api',
    )
  })

  it('applies ProxyConfig resources: namespace-wide, then the annotation, then selected (highest)', async () => {
    await sim.seed([
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'ProxyConfig',
        metadata: {name: 'ns-wide', namespace: 'mesh'},
        spec: {concurrency: 5, environmentVariables: {FROM_NS: 'yes'}},
      },
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'ProxyConfig',
        metadata: {name: 'for-tuned', namespace: 'mesh'},
        spec: {selector: {matchLabels: {app: 'tuned'}}, concurrency: 7},
      },
      pod('tuned', 'mesh', {annotations: {'proxy.istio.io/config': 'concurrency: 6'}}),
      pod('annotated', 'mesh', {annotations: {'proxy.istio.io/config': 'concurrency: 6'}}),
    ])
    const proxyEnv = (name: string) => {
      const spec = sim.get('v1', 'Pod', name, 'mesh')!.spec as {
        containers: {name: string; env: {name: string; value?: string}[]}[]
      }
      return spec.containers.find((c) => c.name === 'istio-proxy')!.env
    }
    const value = (env: {name: string; value?: string}[], n: string) => env.find((e) => e.name === n)?.value
    expect(JSON.parse(value(proxyEnv('tuned'), 'PROXY_CONFIG')!)).to.deep.include({concurrency: 7})
    expect(JSON.parse(value(proxyEnv('annotated'), 'PROXY_CONFIG')!)).to.deep.include({concurrency: 6})
    expect(value(proxyEnv('annotated'), 'FROM_NS')).to.equal('yes')
  })

  it('refuses a pod whose injection annotations are invalid, as istiod does', async () => {
    let err: unknown
    try {
      await sim.seed([
        pod('bad', 'mesh', {annotations: {'traffic.sidecar.istio.io/includeInboundPorts': 'not-a-port'}}),
      ])
    } catch (e) {
      err = e
    }
    expect(String(err)).to.match(/includeInboundPorts invalid/)
    expect(sim.get('v1', 'Pod', 'bad', 'mesh')).to.equal(undefined)
  })
})
