import {once} from 'node:events'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {ReadinessWaiter} from '../../src/lib/install/wait.js'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {installInto, simClient, writes} from './helpers.js'

const DEPLOYMENTS = '/apis/apps/v1/namespaces/istio-system/deployments'

describe('install faults on kube-sim', function () {
  this.timeout(120_000)
  let sim: KubeSim
  beforeEach(async () => {
    sim = await startKubeSim()
  })
  afterEach(async () => {
    await sim.stop()
  })

  it('rides out 503s, a 429 (honouring Retry-After) and a dropped connection, and completes', async () => {
    sim.fault({method: 'PATCH', path: DEPLOYMENTS, status: 503, times: 2})
    sim.fault({method: 'PATCH', path: DEPLOYMENTS, status: 429, retryAfter: 1, times: 1})
    sim.fault({method: 'PATCH', path: DEPLOYMENTS, drop: true, times: 1})
    const from = sim.requestLog.length
    const started = Date.now()
    const {progress} = await installInto(sim, ['profile=minimal'])
    const answers = sim.requestLog
      .slice(from)
      .filter((e) => e.method === 'PATCH' && e.path.startsWith(DEPLOYMENTS))
      .map((e) => e.status)
    expect(answers.slice(0, 3)).to.deep.equal([503, 503, 429])
    expect(answers.at(-1)).to.be.oneOf([200, 201])
    expect(Date.now() - started).to.be.greaterThan(1000)
    expect(sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')).to.not.be.undefined
    expect(progress.events.at(-1)?.phase).to.equal('complete')
  })

  it('an apply interrupted for good fails naming the component; a re-run converges', async () => {
    const off = sim.fault({method: 'PATCH', path: DEPLOYMENTS, drop: true})
    const err = await installInto(sim, ['profile=minimal']).then(
      () => undefined,
      (e: Error & {hints?: string[]}) => e,
    )
    expect(err?.message).to.match(/component\(s\) failed: Pilot/)
    expect(sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')).to.equal(undefined)
    off()
    const {progress} = await installInto(sim, ['profile=minimal'])
    expect(progress.events.at(-1)?.phase).to.equal('complete')
    const istiod = sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')!
    expect((istiod.status as {readyReplicas?: number}).readyReplicas).to.equal(1)
  })

  it('a component that never gets ready fails with the reason; independent components still install', async () => {
    sim.scriptPods('istiod-', {state: 'ImagePullBackOff'})
    const r = await runCli([
      'install',
      '--set',
      'profile=demo',
      '--set',
      'components.egressGateways[0].enabled=false',
      '-y',
      '--readiness-timeout',
      '2s',
      '--kubeconfig',
      sim.kubeconfigPath,
    ])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(
      /✘ Istiod encountered an error: failed to wait for resource: resources not ready after 2s/,
    )
    expect(r.stderr).to.match(
      /Deployment\/istio-system\/istiod \(ImagePullBackOff: pod istiod-\S+ cannot pull image docker\.io\/istio\/pilot:1\.30\.3\)/,
    )
    expect(r.stderr).to.include('✔ Addon kiali installed')
    expect(r.stderr).to.match(/error: failed to install manifests: 1 component\(s\) failed: Pilot/)
    expect(r.stderr).to.not.include('Installation complete')
  })

  it('explains each not-ready workload from its pods: CrashLoopBackOff, Pending, not ready', async () => {
    sim.scriptPods('crash-', {state: 'CrashLoopBackOff'})
    sim.scriptPods('pending-', {state: 'Pending'})
    sim.scriptPods('slow-', {state: 'NotReady', message: 'readiness probe failed: HTTP 503'})
    const dep = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name, namespace: 'default'},
      spec: {
        selector: {matchLabels: {app: name}},
        template: {
          metadata: {labels: {app: name}},
          spec: {containers: [{name: 'main', image: `img/${name}:1`}]},
        },
      },
    })
    const objs = await sim.seed([dep('crash'), dep('pending'), dep('slow')])
    await sim.waitFor(() => sim.list('v1', 'Pod', 'default').filter((p) => p.status).length === 3)
    const waiter = new ReadinessWaiter(await simClient(sim))
    const err = await waiter.wait(objs as never, 500).then(
      () => undefined,
      (e: Error) => e,
    )
    waiter.close()
    const lines = err!.message.split('\n').slice(1)
    expect(lines).to.have.length(3)
    expect(lines[0]).to.match(
      /^ {2}Deployment\/default\/crash \(CrashLoopBackOff: container main of pod crash-\S+: /,
    )
    expect(lines[1]).to.match(/^ {2}Deployment\/default\/pending \(Pending: pod pending-\S+: /)
    expect(lines[2]).to.match(
      /^ {2}Deployment\/default\/slow \(not ready: pod slow-\S+: readiness probe failed: HTTP 503\)/,
    )
  })

  it('RBAC forbidden: one line, exit 1, nothing applied', async () => {
    sim.authorize((_user, attrs) => attrs.verb === 'get' || attrs.verb === 'list' || attrs.verb === 'watch')
    const from = sim.requestLog.length
    const r = await runCli(['install', '-y', '--kubeconfig', sim.kubeconfigPath])
    expect(r.code).to.equal(1)
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '))
    expect(errors).to.have.length(1)
    expect(errors[0]).to.match(/^error: forbidden: .*\(RBAC\)/)
    expect(sim.get('v1', 'Namespace', 'istio-system')).to.equal(undefined)
    expect(writes(sim, from).filter((w) => w.status && w.status < 300)).to.deep.equal([])
  })

  it('no terminal and no -y: exit 64 naming -y before anything is written', async () => {
    const from = sim.requestLog.length
    const r = await runCli(['install', '--kubeconfig', sim.kubeconfigPath])
    expect(r.code).to.equal(64)
    expect(r.stderr).to.match(/^error: .*-y/m)
    expect(writes(sim, from)).to.deep.equal([])
  })
})

describe('install against an unreachable cluster', function () {
  this.timeout(60_000)
  it('one line naming the server, exit 1, before anything else', async () => {
    // A port that was just free: nothing listens there.
    const srv = createServer().listen(0, '127.0.0.1')
    await once(srv, 'listening')
    const port = (srv.address() as AddressInfo).port
    srv.close()
    const dir = mkdtempSync(path.join(tmpdir(), 'meshctl-unreachable-'))
    const kc = path.join(dir, 'kubeconfig')
    writeFileSync(
      kc,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    )
    const r = await runCli(['install', '-y', '--kubeconfig', kc])
    rmSync(dir, {recursive: true, force: true})
    expect(r.code).to.equal(1)
    expect(r.stderr.trim().split('\n')).to.have.length.lessThanOrEqual(2)
    expect(r.stderr).to.match(
      /^error: .*cannot reach the cluster at http:\/\/127\.0\.0\.1:\d+: connection refused/m,
    )
  })
})
