// `dashboard` next to istioctl 1.30.3 on the same kube-sim cluster: the same URL, the same page through
// the port-forward, exit 0 on Ctrl-C, and istioctl's error texts (meshctl's lines add what was searched).
// Skips, saying why, without the istioctl binary (scripts/install-istioctl.sh).
import {execFile} from 'node:child_process'
import type {Server} from 'node:http'
import {expect} from 'chai'
import {findIstioctl} from './istioctl.js'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {deployment, fakeUi, freePort, get, routeTo, runningPods, startCli} from '../dashboard/helpers.js'

const NS = 'istio-system'

function runIstioctl(path: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{code: number; stdout: string; stderr: string}>((resolve) =>
    execFile(path, args, {env: {...process.env, ...env}, timeout: 30_000}, (err, stdout, stderr) =>
      resolve({code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr}),
    ),
  )
}

describe('dashboard vs istioctl 1.30.3 (kube-sim)', function () {
  this.timeout(60_000)
  let istioctl: string
  let sim: KubeSim
  let kiali: Server
  let podPort: number
  let env: NodeJS.ProcessEnv

  before(async function () {
    const found = findIstioctl()
    if (!found.istioctl) {
      console.log(`      skipping: ${found.reason}`)
      this.skip()
    }
    istioctl = found.istioctl.path
    sim = await startKubeSim()
    env = {KUBECONFIG: sim.kubeconfigPath}
    kiali = await fakeUi('Kiali')
    podPort = await freePort()
    await sim.seed([
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: NS}},
      deployment('kiali', NS, {app: 'kiali'}, podPort),
    ])
    routeTo(sim, {namespace: NS, selector: 'app=kiali', port: podPort}, kiali)
    await sim.waitFor(() => runningPods(sim, NS, 'kiali').length === 1)
  })
  after(async () => {
    await sim?.stop()
    kiali?.close()
  })

  it('prints the same URL and serves the same page; both exit 0 on SIGINT', async () => {
    const args = ['dashboard', 'kiali', '--browser=false', '--ui-port', String(podPort)]
    const pages: {url: string; page: {status: number; body: string}; code: number | null}[] = []
    // One after the other: both prefer the same local port.
    for (const command of [[istioctl], undefined]) {
      const cli = await startCli(args, env, command)
      pages.push({url: cli.url, page: await get(cli.url), code: await cli.stop()})
    }
    expect(pages[1]).to.deep.equal(pages[0])
    expect(pages[0]!.url).to.equal(`http://localhost:${podPort}/kiali`)
  })

  it("says istioctl's `no pods found with selector …` (plus the namespaces searched), exit 1", async () => {
    const args = ['dashboard', 'grafana', '--browser=false']
    const theirs = await runIstioctl(istioctl, args, env)
    const ours = await runCli(args, {env})
    expect([ours.code, theirs.code]).to.deep.equal([1, 1])
    const message = /^Error: (.*)$/m.exec(theirs.stderr)?.[1]
    expect(message).to.equal('no pods found with selector app.kubernetes.io/name=grafana')
    expect(ours.stderr.split('\n')[0]).to.equal(`error: ${message} in namespaces istio-system, default`)
  })

  it("keeps istioctl's argument messages (as usage errors, exit 64, where istioctl exits 1)", async () => {
    for (const args of [
      ['dashboard', 'proxy'],
      ['dashboard', 'proxy', 'x', '-l', 'app=x'],
      ['dashboard', 'controlz'],
      ['dashboard', 'controlz', 'x', '-r', 'canary'],
    ]) {
      const theirs = await runIstioctl(istioctl, args, env)
      const ours = await runCli(args, {env})
      expect([ours.code, theirs.code], args.join(' ')).to.deep.equal([64, 1])
      const message = /^Error: (.*)$/m.exec(theirs.stderr)?.[1]
      expect(ours.stderr, args.join(' ')).to.equal(`error: ${message}\n`)
    }
  })
})
