import {expect} from 'chai'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {installInto} from './helpers.js'

describe('verify-install on kube-sim', function () {
  this.timeout(120_000)
  let sim: KubeSim
  before(async () => {
    sim = await startKubeSim()
    await installInto(sim, ['profile=minimal'])
  })
  after(async () => {
    await sim.stop()
  })
  const verify = (...args: string[]) =>
    runCli(['verify-install', '--set', 'profile=minimal', '--kubeconfig', sim.kubeconfigPath, ...args])

  it('✔ per component and exit 0 when everything is there and ready', async () => {
    const r = await verify()
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout.split('\n')).to.deep.include.members([
      '✔ Istio core: 16 objects present, workloads ready',
      '✔ Istio is installed and verified successfully',
    ])
    expect(r.stdout).to.match(/^✔ Istiod: \d+ objects present, workloads ready$/m)
  })

  it('a workload that is not ready: ✘ with the reason from its pod, exit 1, also as JSON', async () => {
    sim.scriptPods('istiod-', {state: 'NotReady', message: 'readiness probe failed'})
    const pod = sim.list('v1', 'Pod', 'istio-system').find((p) => p.metadata.name!.startsWith('istiod-'))!
    // Restart istiod's pod so the script applies; the Deployment loses readiness.
    await sim.server.api.delete(
      sim.server.registry.byKind('v1', 'Pod')!,
      'istio-system',
      pod.metadata.name!,
      {},
    )
    await sim.waitFor(() => {
      const d = sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')
      return (d?.status as {readyReplicas?: number} | undefined)?.readyReplicas !== 1
    })
    const r = await verify()
    expect(r.code).to.equal(1)
    expect(r.stdout).to.include('✘ Istiod: 1 problem(s)')
    expect(r.stdout).to.match(
      / {4}Deployment istio-system\/istiod is not ready: not ready: pod istiod-\S+: readiness probe failed/,
    )
    expect(r.stdout).to.include('✔ Istio core')
    const j = await verify('-o', 'json')
    expect(j.code).to.equal(1)
    const report = JSON.parse(j.stdout) as {
      ok: boolean
      components: {component: string; ok: boolean; problems: string[]}[]
    }
    expect(report.ok).to.equal(false)
    expect(report.components.find((c) => c.component === 'Pilot')).to.deep.include({ok: false})
    expect(report.components.find((c) => c.component === 'Base')).to.deep.include({ok: true, problems: []})
  })
})

describe('install --verify on kube-sim', function () {
  this.timeout(120_000)
  let sim: KubeSim
  beforeEach(async () => {
    sim = await startKubeSim()
  })
  afterEach(async () => {
    await sim.stop()
  })
  const install = (...args: string[]) =>
    runCli(['install', '--set', 'profile=minimal', '-y', '--kubeconfig', sim.kubeconfigPath, ...args])

  it('after a ready install: verify-install’s report on stdout, exit 0', async () => {
    const r = await install('--verify')
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.include('✔ Installation complete')
    expect(r.stdout).to.match(/^✔ Istiod: \d+ objects present, workloads ready$/m)
    expect(r.stdout).to.include('✔ Istio is installed and verified successfully')
  })

  it('a workload not ready when waiting is off (--readiness-timeout 0): ✘ with the reason, exit 1', async () => {
    sim.scriptPods('istiod-', {state: 'NotReady', message: 'readiness probe failed'})
    const r = await install('--verify', '--readiness-timeout', '0s')
    expect(r.code).to.equal(1)
    expect(r.stdout).to.include('✘ Istiod: 1 problem(s)')
    expect(r.stdout).to.match(/Deployment istio-system\/istiod is not ready: .*readiness probe failed/)
    expect(r.stdout).to.include('✘ 1 of 2 component(s) failed verification')
  })

  it('in a dry run: skipped, saying so', async () => {
    const r = await install('--verify', '--dry-run')
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.include('--verify: skipped in a dry run')
    expect(r.stdout).to.not.include('verified')
  })
})
