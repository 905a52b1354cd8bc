import {expect} from 'chai'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {installInto, installed, writes} from './helpers.js'

const USER_OBJECTS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, labels: {istio.io/rev: canary}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: mine, namespace: istio-system}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]}
`

describe('uninstall on kube-sim', function () {
  this.timeout(120_000)
  let sim: KubeSim
  before(async () => {
    sim = await startKubeSim()
    await installInto(sim, ['profile=minimal'])
    await installInto(sim, ['profile=minimal'], {revision: 'canary'})
    await sim.seed(USER_OBJECTS)
  })
  after(async () => {
    await sim.stop()
  })
  const kc = () => ['--kubeconfig', sim.kubeconfigPath]

  it('needs a selector: no -r, -f or --purge is a usage error', async () => {
    const r = await runCli(['uninstall', ...kc()])
    expect(r.code).to.equal(64)
    expect(r.stderr).to.include('--revision')
  })

  it('an unknown revision fails with one line', async () => {
    const r = await runCli(['uninstall', '-r', 'nope', '-y', ...kc()])
    expect(r.code).to.equal(1)
    expect(r.stderr.trim().split('\n')[0]).to.equal('error: could not find target revision')
  })

  it('--dry-run -v lists and sends dryRun=All deletes; nothing goes', async () => {
    const from = sim.requestLog.length
    const r = await runCli(['uninstall', '-r', 'canary', '--dry-run', '-v', ...kc()])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.match(
      /The following resources will be pruned from the cluster: .*Deployment: istiod-canary/,
    )
    const w = writes(sim, from)
    expect(w.length).to.be.greaterThan(0)
    for (const req of w) expect(req.query).to.include('dryRun=All')
    expect(sim.get('apps/v1', 'Deployment', 'istiod-canary', 'istio-system')).to.not.be.undefined
  })

  it('-r canary removes that revision only; default, Base and users’ objects stay', async () => {
    const r = await runCli(['uninstall', '-r', 'canary', '-y', ...kc()])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.include('  Removed apps/v1, Kind=Deployment/istiod-canary.istio-system.')
    expect(r.stderr.trim().split('\n').at(-1)).to.equal('✔ Uninstall complete')
    await sim.waitFor(() => !sim.get('apps/v1', 'Deployment', 'istiod-canary', 'istio-system'))
    expect(sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')).to.not.be.undefined
    // Base (CRDs, reader account) is shared and stays, as with istioctl; everything else of canary is gone.
    const left = installed(sim).filter((o) => o.labels['istio.io/rev'] === 'canary')
    expect(left.length).to.be.greaterThan(0)
    expect(left.filter((o) => o.labels['operator.istio.io/component'] !== 'Base')).to.deep.equal([])
    expect(sim.get('v1', 'ConfigMap', 'settings', 'shop')).to.not.be.undefined
  })

  it('--purge without a terminal and without -y exits 64 naming -y, and removes nothing', async () => {
    const r = await runCli(['uninstall', '--purge', ...kc()])
    expect(r.code).to.equal(64)
    expect(r.stderr).to.match(/-y/)
    expect(sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')).to.not.be.undefined
  })

  it('--purge -y removes every labelled object including CRDs; namespaces and users’ objects stay', async () => {
    const r = await runCli(['uninstall', '--purge', '-y', ...kc()])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.include('All Istio resources will be pruned from the cluster')
    await sim.waitFor(() => installed(sim).length === 0, 15_000)
    expect(sim.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).to.deep.equal([])
    expect(sim.get('v1', 'Namespace', 'istio-system')).to.not.be.undefined
    expect(sim.get('v1', 'Namespace', 'shop')).to.not.be.undefined
    expect(sim.get('v1', 'ConfigMap', 'mine', 'istio-system')).to.not.be.undefined
    expect(sim.get('v1', 'ConfigMap', 'settings', 'shop')).to.not.be.undefined
  })
})
