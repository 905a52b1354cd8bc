import {expect} from 'chai'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {installInto, installed, writes} from './helpers.js'

const APPS = 'apps/v1'

describe('install on kube-sim', function () {
  this.timeout(90_000)
  let sim: KubeSim
  beforeEach(async () => {
    sim = await startKubeSim()
  })
  afterEach(async () => {
    await sim.stop()
  })

  it('demo profile: CLI prints istioctl’s progress lines and every workload is ready, labelled and owned by istio-operator', async () => {
    const r = await runCli(['install', '--set', 'profile=demo', '-y', '--kubeconfig', sim.kubeconfigPath])
    expect(r.code, r.stderr).to.equal(0)
    for (const line of [
      '✔ Istio core installed ⛵️',
      '✔ Istiod installed 🧠',
      '✔ Egress gateways installed 🛫',
      '✔ Ingress gateways installed 🛬',
      '✔ Installation complete',
    ])
      expect(r.stderr).to.include(line)
    const lines = r.stderr.split('\n')
    // Base before Pilot before the gateways; "complete" last.
    const at = (s: string) => lines.findIndex((l) => l.includes(s))
    expect(at('Istio core installed')).to.be.lessThan(at('Istiod installed'))
    expect(at('Istiod installed')).to.be.lessThan(at('Ingress gateways installed'))
    expect(at('Installation complete')).to.equal(lines.filter(Boolean).length - 1)

    const istiod = sim.get(APPS, 'Deployment', 'istiod', 'istio-system')!
    expect((istiod.status as {readyReplicas?: number}).readyReplicas).to.equal(1)
    expect(istiod.metadata.labels).to.include({
      'operator.istio.io/component': 'Pilot',
      'operator.istio.io/managed': 'Reconcile',
      'operator.istio.io/version': '1.30.3',
      'istio.io/rev': 'default',
    })
    const managers = (istiod.metadata.managedFields as {manager: string; operation: string}[])
      .filter((m) => m.operation === 'Apply')
      .map((m) => m.manager)
    expect(managers).to.deep.equal(['istio-operator'])
    for (const name of ['grafana', 'kiali', 'prometheus', 'jaeger'])
      expect(sim.get(APPS, 'Deployment', name, 'istio-system'), name).to.not.equal(undefined)
    // The default revision tag, kept out of pruning.
    const tag = sim.get(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'istio-revision-tag-default',
    )!
    expect(tag.metadata.labels).to.include({
      'istio.io/tag': 'default',
      'install.operator.istio.io/owning-resource-not-pruned': 'true',
    })
    expect(
      sim.get(
        'admissionregistration.k8s.io/v1',
        'ValidatingWebhookConfiguration',
        'istiod-default-validator',
      ),
    ).to.not.be.undefined
    expect(sim.get('v1', 'Service', 'istiod-revision-tag-default', 'istio-system')).to.not.be.undefined
    // The revision-less injector is deactivated in favour of the tag (as istioctl does).
    const injector = sim.get(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'istio-sidecar-injector',
    )!
    for (const w of injector.webhooks as {namespaceSelector: unknown}[])
      expect(w.namespaceSelector).to.deep.equal({matchLabels: {'istio.io/deactivated': 'never-match'}})
  })

  it('a re-run changes nothing: no object gets a new resourceVersion', async () => {
    await installInto(sim, ['profile=demo'])
    const before = new Map(installed(sim).map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o]))
    const rv = (k: string, n: string, ns?: string) => {
      const [v, kind] = k.split('|') as [string, string]
      return sim.get(v, kind, n, ns)?.metadata.resourceVersion
    }
    const snapshot = () =>
      [...before.values()]
        .filter((o) => o.kind !== 'MutatingWebhookConfiguration') // istioctl re-deactivates the injector each run
        .map((o) => `${o.kind}/${o.name}=${rv(kindRef(o.kind), o.name, o.namespace)}`)
    const first = snapshot()
    const {result} = await installInto(sim, ['profile=demo'])
    expect(result.pruned).to.deep.equal([])
    expect(snapshot()).to.deep.equal(first)
  })

  it('--dry-run sends every write with dryRun=All and persists nothing', async () => {
    const from = sim.requestLog.length
    const r = await runCli([
      'install',
      '--set',
      'profile=demo',
      '--dry-run',
      '--kubeconfig',
      sim.kubeconfigPath,
    ])
    expect(r.code, r.stderr).to.equal(0)
    const w = writes(sim, from)
    expect(w.length).to.be.greaterThan(0)
    for (const req of w) expect(req.query, `${req.method} ${req.path}`).to.include('dryRun=All')
    expect(sim.get('v1', 'Namespace', 'istio-system')).to.equal(undefined)
    expect(installed(sim)).to.deep.equal([])
    expect(r.stdout).to.match(/Deployment istio-system\/istiod created \(dry run\)/)
  })

  it('installing another profile prunes what is no longer rendered; CRDs stay', async () => {
    await installInto(sim, ['profile=demo'])
    expect(sim.get(APPS, 'Deployment', 'istio-egressgateway', 'istio-system')).to.not.be.undefined
    const crds = sim.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition').length
    const {result, progress} = await installInto(sim, [
      'profile=default',
      'addonComponents.kiali.enabled=false',
    ])
    await sim.waitFor(() => !sim.get(APPS, 'Deployment', 'istio-egressgateway', 'istio-system'), 10_000)
    expect(result.pruned).to.include('apps/v1, Kind=Deployment/istio-egressgateway.istio-system')
    expect(result.pruned).to.include('apps/v1, Kind=Deployment/kiali.istio-system')
    expect(progress.events.some((e) => e.phase === 'pruning')).to.equal(true)
    expect(sim.get(APPS, 'Deployment', 'istiod', 'istio-system')).to.not.be.undefined
    expect(
      sim.get(
        'admissionregistration.k8s.io/v1',
        'MutatingWebhookConfiguration',
        'istio-revision-tag-default',
      ),
    ).to.not.be.undefined
    expect(sim.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition').length).to.equal(crds)
  })

  it('-r canary installs a second control plane beside the default one', async () => {
    await installInto(sim, ['profile=minimal'])
    await installInto(sim, ['profile=minimal'], {revision: 'canary'})
    const istiods = sim.list(APPS, 'Deployment', 'istio-system').map((d) => d.metadata.name)
    expect(istiods).to.include.members(['istiod', 'istiod-canary'])
    expect(sim.get(APPS, 'Deployment', 'istiod-canary', 'istio-system')!.metadata.labels).to.include({
      'istio.io/rev': 'canary',
    })
    // The default tag stays with the default revision.
    const tag = sim.get(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'istio-revision-tag-default',
    )!
    expect(tag.metadata.labels?.['istio.io/rev']).to.equal('default')
  })
})

function kindRef(kind: string): string {
  const groups: Record<string, string> = {
    Deployment: 'apps/v1',
    DaemonSet: 'apps/v1',
    MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
    ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
    ClusterRole: 'rbac.authorization.k8s.io/v1',
    ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
    Role: 'rbac.authorization.k8s.io/v1',
    RoleBinding: 'rbac.authorization.k8s.io/v1',
    CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  }
  return `${groups[kind] ?? 'v1'}|${kind}`
}
