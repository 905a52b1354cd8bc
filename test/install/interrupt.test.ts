// Failure reasons and interruptions, scripted on the simulator: a webhook refusing istiod's pods, a
// LoadBalancer that never gets an address, Ctrl-C and dropped connections mid-apply. After an interruption a
// re-run must leave exactly what an uninterrupted install leaves (content, not only names).
import {expect} from 'chai'
import {execa} from 'execa'
import {BIN, runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {installed, installInto} from './helpers.js'
import {istioContent} from './store.js'

const DEPLOYMENTS = '/apis/apps/v1/namespaces/istio-system/deployments'

/** What a clean `install --set profile=minimal -y` leaves, from a simulator of its own. */
async function reference(): Promise<Map<string, string>> {
  const sim = await startKubeSim()
  try {
    await installInto(sim, ['profile=minimal'])
    return istioContent(sim)
  } finally {
    await sim.stop()
  }
}

function sameContent(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = []
  for (const k of new Set([...a.keys(), ...b.keys()]))
    if (a.get(k) !== b.get(k)) out.push(`${k}: ${a.has(k) ? (b.has(k) ? 'differs' : 'missing') : 'extra'}`)
  return out
}

describe('install failure reasons and interruptions on kube-sim', function () {
  this.timeout(150_000)
  let sim: KubeSim | undefined
  let clean: Map<string, string>
  before(async () => {
    clean = await reference()
    expect(clean.size).to.be.greaterThan(20)
  })
  afterEach(async () => {
    await sim?.stop()
    sim = undefined
  })

  it("a webhook refusing istiod's pods: the timeout line names the webhook and its message", async () => {
    sim = await startKubeSim()
    await sim.seed([
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: {name: 'no-istiod'},
        webhooks: [
          {
            name: 'policy.example.com',
            clientConfig: {service: {namespace: 'policy', name: 'gate', path: '/'}},
            rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}],
            objectSelector: {matchLabels: {app: 'istiod'}},
            failurePolicy: 'Fail',
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
          },
        ],
      },
    ])
    sim.webhookService('policy', 'gate', (review) => ({
      uid: String(review.request.uid),
      allowed: false,
      status: {code: 403, message: 'images must be signed'},
    }))
    const r = await runCli([
      'install',
      '--set',
      'profile=minimal',
      '-y',
      '--readiness-timeout',
      '3s',
      '--kubeconfig',
      sim.kubeconfigPath,
    ])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(
      /Deployment\/istio-system\/istiod \(no pods: .*admission webhook "policy\.example\.com" denied the request: images must be signed\)/,
    )
    expect(r.stderr).to.match(/error: failed to install manifests: 1 component\(s\) failed: Pilot/)
  })

  it('a LoadBalancer without an address does not hold the install (istioctl waits only for CRDs and workloads)', async () => {
    sim = await startKubeSim({controllers: {loadBalancer: false}})
    const r = await runCli([
      'install',
      '--set',
      'profile=default',
      '-y',
      '--readiness-timeout',
      '20s',
      '--kubeconfig',
      sim.kubeconfigPath,
    ])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.include('✔ Ingress gateways installed')
    const svc = sim.get('v1', 'Service', 'istio-ingressgateway', 'istio-system')!
    expect((svc.spec as {type: string}).type).to.equal('LoadBalancer')
    expect(
      (svc.status as {loadBalancer?: {ingress?: unknown[]}} | undefined)?.loadBalancer?.ingress ?? [],
    ).to.deep.equal([])
  })

  it('Ctrl-C (SIGINT) mid-apply stops the CLI; a re-run leaves what an uninterrupted install leaves', async () => {
    sim = await startKubeSim()
    const s = sim
    // Slow the Deployment applies so the interrupt lands between the first objects and the last.
    const off = s.fault({method: 'PATCH', path: DEPLOYMENTS, latencyMs: 1500})
    const child = execa(
      process.execPath,
      [BIN, 'install', '--set', 'profile=minimal', '-y', '--kubeconfig', s.kubeconfigPath],
      {
        reject: false,
      },
    )
    await s.waitFor(
      () => s.requestLog.some((e) => e.method === 'PATCH' && e.path.startsWith(DEPLOYMENTS)),
      60_000,
    )
    child.kill('SIGINT')
    const r = await child
    expect(r.exitCode === 0, 'the interrupted run must not report success').to.equal(false)
    // it ends by the signal, as an unhandled Ctrl-C does, after one line saying what to do
    expect(r.signal, r.stderr).to.equal('SIGINT')
    expect(r.stderr.split('\n').at(-1)).to.equal(
      'error: interrupted: the installation is incomplete; run the same command again to finish it',
    )
    expect(r.stderr).to.not.include('Installation complete')
    expect(
      sameContent(clean, istioContent(s)),
      'the interrupted run left a partial install',
    ).to.not.deep.equal([])
    off()
    const again = await runCli([
      'install',
      '--set',
      'profile=minimal',
      '-y',
      '--kubeconfig',
      s.kubeconfigPath,
    ])
    expect(again.code, again.stderr).to.equal(0)
    expect(sameContent(clean, istioContent(s))).to.deep.equal([])
  })

  it('Ctrl-C mid-uninstall: one line saying what to do, ended by the signal; a re-run finishes', async () => {
    sim = await startKubeSim()
    const s = sim
    await installInto(s, ['profile=minimal'])
    const off = s.fault({method: 'DELETE', latencyMs: 1500})
    const args = ['uninstall', '--purge', '-y', '--kubeconfig', s.kubeconfigPath]
    const child = execa(process.execPath, [BIN, ...args], {reject: false})
    await s.waitFor(() => s.requestLog.some((e) => e.method === 'DELETE'), 60_000)
    child.kill('SIGINT')
    const r = await child
    expect(r.signal, r.stderr).to.equal('SIGINT')
    expect(r.stderr.split('\n').at(-1)).to.equal(
      'error: interrupted: some objects are not removed yet; run the same command again to finish',
    )
    expect(installed(s), 'the interrupted run removed everything').to.not.deep.equal([])
    off()
    const again = await runCli(args)
    expect(again.code, again.stderr).to.equal(0)
    expect(installed(s)).to.deep.equal([])
  })

  it('connections dropped mid-apply (every Deployment apply): fails naming the component; a re-run converges to the same state', async () => {
    sim = await startKubeSim()
    const off = sim.fault({method: 'PATCH', path: DEPLOYMENTS, drop: true})
    const err = await installInto(sim, ['profile=minimal']).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(err?.message).to.match(/component\(s\) failed: Pilot/)
    off()
    await installInto(sim, ['profile=minimal'])
    expect(sameContent(clean, istioContent(sim))).to.deep.equal([])
  })
})
