// The key install paths on both back ends: the simulator and, where installed, the real control plane (test/bed).
import {expect} from 'chai'
import {createKubeClient, type KubeClient} from '../../src/lib/kube/client.js'
import {runCli} from '../helpers/cli.js'
import {onBackends} from '../helpers/cluster.js'

const DEPLOYMENT = {apiVersion: 'apps/v1', kind: 'Deployment'}
const NO_ADDONS = ['kiali', 'grafana', 'prometheus', 'jaeger'].flatMap((a) => [
  '--set',
  `addonComponents.${a}.enabled=false`,
])

onBackends('install, dry run and uninstall', (cluster) => {
  let client: KubeClient
  const kc = () => ['--kubeconfig', cluster().kubeconfigPath]
  before(async () => {
    client = await createKubeClient({kubeconfig: cluster().kubeconfigPath})
  })

  it('--dry-run leaves the cluster as it was', async function () {
    this.timeout(120_000)
    const r = await runCli(['install', '--set', 'profile=demo', '--dry-run', ...NO_ADDONS, ...kc()])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.include('Deployment istio-system/istiod created (dry run)')
    expect(await client.get({apiVersion: 'v1', kind: 'Namespace'}, 'istio-system')).to.equal(undefined)
  })

  it('demo install: istioctl’s progress lines, ready istiod owned by istio-operator', async function () {
    this.timeout(300_000)
    const r = await runCli(['install', '--set', 'profile=demo', '-y', ...NO_ADDONS, ...kc()])
    expect(r.code, r.stderr).to.equal(0)
    for (const line of [
      '✔ Istio core installed ⛵️',
      '✔ Istiod installed 🧠',
      '✔ Egress gateways installed 🛫',
      '✔ Ingress gateways installed 🛬',
      '✔ Installation complete',
    ])
      expect(r.stderr).to.include(line)
    const istiod = (await client.get(DEPLOYMENT, 'istiod', 'istio-system'))!
    expect((istiod.status as {readyReplicas?: number}).readyReplicas).to.equal(1)
    expect(istiod.metadata.labels).to.include({
      'operator.istio.io/component': 'Pilot',
      'istio.io/rev': 'default',
    })
    const managers = (istiod.metadata.managedFields as {manager: string; operation: string}[])
      .filter((m) => m.operation === 'Apply')
      .map((m) => m.manager)
    expect(managers).to.deep.equal(['istio-operator'])
  })

  it('uninstall --purge removes Istio and leaves users’ objects and namespaces', async function () {
    this.timeout(180_000)
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {name: 'mine', namespace: 'istio-system'},
        data: {a: 'b'},
      },
      {fieldManager: 'test'},
    )
    const r = await runCli(['uninstall', '--purge', '-y', ...kc()])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.include('✔ Uninstall complete')
    // Gone, or going (foreground deletion on a real control plane finishes after the call returns).
    const istiod = await client.get(DEPLOYMENT, 'istiod', 'istio-system')
    expect(istiod === undefined || !!istiod.metadata.deletionTimestamp).to.equal(true)
    expect(await client.get({apiVersion: 'v1', kind: 'ConfigMap'}, 'mine', 'istio-system')).to.not.equal(
      undefined,
    )
    expect(await client.get({apiVersion: 'v1', kind: 'Namespace'}, 'istio-system')).to.not.equal(undefined)
  })
})
