/**
 * Against a real istiod 1.30.3 (pilot-discovery, named by MESHCTL_ISTIOD; the project builds none): run as a
 * local process against the simulator with meshctl's rendered `istio` and `istio-sidecar-injector`
 * ConfigMaps, fake sidecars over real xDS (one ACKs, one NACKs LDS), then meshctl proxy-status and version,
 * compared with istioctl 1.30.3 against the same istiod when that binary is present. istiod runs with its
 * default authentication: the token meshctl gets by TokenRequest (audience istio-ca) on 15012 is checked
 * by istiod through the simulator's TokenReview, and debug types over plaintext 15010 are refused.
 * istiod binds fixed ports: the suite skips when any is taken.
 */
import {existsSync} from 'node:fs'
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {runCli} from '../helpers/cli.js'
import {istiodUnavailable, startLocalIstiod, type LocalIstiod} from '../helpers/istiod.js'
import {connectFakeProxy, type FakeProxy} from '../helpers/fake-proxy.js'
import {ISTIOCTL_PATH} from '../helpers/istio.js'
import {execFile} from 'node:child_process'

const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster'
const LDS = 'type.googleapis.com/envoy.config.listener.v3.Listener'

function istioctl(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{stdout: string; stderr: string; code: number}> {
  return new Promise((resolve) =>
    execFile(ISTIOCTL_PATH, args, {env: {...process.env, ...env}}, (err, stdout, stderr) =>
      resolve({stdout, stderr, code: err ? Number((err as {code?: number}).code ?? 1) : 0}),
    ),
  )
}

describe('proxy-status and version against a real istiod (MESHCTL_ISTIOD)', function () {
  this.timeout(120_000)
  let sim: KubeSim
  let istiod: LocalIstiod | undefined
  const proxies: FakeProxy[] = []
  const env = () => ({KUBECONFIG: sim.kubeconfigPath})

  before(async function () {
    const why = await istiodUnavailable()
    if (why) {
      console.log(`      (skipped: ${why})`)
      return this.skip()
    }
    sim = await startKubeSim()
    istiod = await startLocalIstiod(sim, {ports: [15010, 15012, 15014]})
    proxies.push(
      await connectFakeProxy({
        address: '127.0.0.1:15010',
        pod: 'productpage-v1-abc',
        namespace: 'default',
        ip: '10.0.0.5',
        istioVersion: '1.30.3',
        types: [CDS, LDS],
      }),
      await connectFakeProxy({
        address: '127.0.0.1:15010',
        pod: 'reviews-v1-def',
        namespace: 'bookinfo',
        ip: '10.0.0.6',
        istioVersion: '1.29.2',
        types: [CDS, LDS],
        nack: [LDS],
      }),
    )
    await Promise.all(proxies.map((p) => p.settled))
  })

  after(async () => {
    for (const p of proxies) p.close()
    await istiod?.stop()
    await sim?.stop()
  })

  it("with authentication on: the token passes istiod's TokenReview; plaintext debug requests are refused", async () => {
    const r = await runCli(['proxy-status'], {env: env()})
    expect(r.code, r.stderr).to.equal(0)
    const reviewed = sim.requestLog.filter((q) => q.method === 'POST' && q.path.endsWith('/tokenreviews'))
    expect(reviewed.length, 'istiod asked the simulator to review the token').to.be.greaterThan(0)
    const plain = await runCli(['proxy-status', '--xds-address', '127.0.0.1:15010', '--plaintext'], {
      env: env(),
    })
    expect(plain.code).to.equal(1)
    expect(plain.stderr).to.match(/^error: .*authentication required/)
  })

  it('proxy-status lists both proxies over TLS 15012 with a token', async () => {
    const r = await runCli(['proxy-status'], {env: env()})
    expect(r.stderr, r.stderr).to.equal('')
    expect(r.stdout).to.match(/^NAME +CLUSTER +ISTIOD +VERSION +SUBSCRIBED TYPES\n/)
    expect(r.stdout).to.match(
      /^productpage-v1-abc\.default +Kubernetes +istiod-local +1\.30\.3 +2 \(CDS,LDS\)$/m,
    )
    expect(r.stdout).to.match(
      /^reviews-v1-def\.bookinfo +Kubernetes +istiod-local +1\.29\.2 +2 \(CDS,LDS\)$/m,
    )
  })

  it('-v 1 shows the NACKed LDS as ERROR, -n keeps one namespace, -o json is istiod answer', async () => {
    const v = await runCli(['proxy-status', '-v', '1'], {env: env()})
    expect(v.stdout).to.match(
      /^reviews-v1-def\.bookinfo +Kubernetes +SYNCED \(\d+s\) +IGNORED +IGNORED +ERROR \(\d+s\) +IGNORED +istiod-local +1\.29\.2$/m,
    )
    expect(v.stdout).to.match(
      /^productpage-v1-abc\.default +Kubernetes +SYNCED \(\d+s\) +IGNORED +IGNORED +SYNCED \(\d+s\) +IGNORED +istiod-local/m,
    )
    const n = await runCli(['proxy-status', '-n', 'bookinfo'], {env: env()})
    expect(n.stdout.trim().split('\n')).to.have.length(2)
    const j = JSON.parse((await runCli(['proxy-status', '-o', 'json'], {env: env()})).stdout) as {
      resources: unknown[]
    }
    expect(j.resources).to.have.length(2)
  })

  it('version: control plane and data plane as istiod reports them', async () => {
    const r = await runCli(['version'], {env: env()})
    expect(r.stdout.split('\n')[1]).to.equal('control plane version: 1.30.3')
    expect(r.stdout.split('\n')[2]).to.match(
      /^data plane version: 1\.29\.2 \(1 proxies\), 1\.30\.3 \(1 proxies\)(, 65536\.65536\.65536 \(\d+ proxies\))?$/,
    )
  })

  describe('beside istioctl 1.30.3 against the same istiod', () => {
    before(function () {
      if (!existsSync(ISTIOCTL_PATH)) {
        console.log(`      (skipped: istioctl 1.30.3 not found at ${ISTIOCTL_PATH})`)
        this.skip()
      }
    })
    for (const args of [['proxy-status'], ['proxy-status', '-n', 'bookinfo']])
      it(`${args.join(' ')} prints what istioctl prints`, async () => {
        const ours = await runCli(args, {env: env()})
        const theirs = await istioctl(args, env())
        expect(ours.stdout).to.equal(theirs.stdout)
      })
    it('version prints what istioctl prints', async () => {
      const ours = await runCli(['version'], {env: env()})
      const theirs = await istioctl(['version'], env())
      // meshctl's client line names itself; debug clients still connected (no ISTIO_VERSION: 65536.65536.65536)
      // come and go between the two runs
      const strip = (s: string) =>
        s.replace(/^client version: .*\n/, '').replace(/, 65536\.65536\.65536 \(\d+ proxies\)/, '')
      expect(strip(ours.stdout)).to.equal(strip(theirs.stdout))
    })
    it('proxy-status -o json carries the same proxies and statuses', async () => {
      const norm = (s: string) => {
        const j = JSON.parse(s) as {
          resources?: {node: {id: string}; genericXdsConfigs: {typeUrl: string; configStatus?: string}[]}[]
        }
        return (j.resources ?? [])
          .map((r) => [r.node.id, r.genericXdsConfigs.map((c) => `${c.typeUrl}=${c.configStatus}`)])
          .sort()
      }
      const ours = await runCli(['proxy-status', '-o', 'json'], {env: env()})
      const theirs = await istioctl(['proxy-status', '-o', 'json'], env())
      expect(norm(ours.stdout)).to.deep.equal(norm(theirs.stdout))
    })
  })
})
