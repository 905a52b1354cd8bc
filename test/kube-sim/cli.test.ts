/** `npm run sim`: kubeconfig, seed, forward, ready line, SIGTERM. */
import {expect} from 'chai'
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import {KubeConfig, PortForward} from '@kubernetes/client-node'
import {parse} from 'yaml'
import {waitForOutput} from './helpers.js'

const SEED = `apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: kiali, namespace: istio-system}
spec:
  selector: {matchLabels: {app: kiali}}
  template:
    metadata: {labels: {app: kiali}}
    spec: {containers: [{name: kiali, image: kiali:2}]}
`

describe('kube-sim: npm run sim', function () {
  this.timeout(30_000)
  let dir: string
  let child: ChildProcess | undefined
  let backend: http.Server

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-cli-'))
    backend = http.createServer((_q, res) => res.end('kiali ui'))
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
  })
  after(() => {
    child?.kill('SIGKILL')
    backend?.close()
    rmSync(dir, {recursive: true, force: true})
  })

  // What `npm run sim --` runs (checked below), started directly so that signals reach it.
  const run = (args: string[]) =>
    spawn(join('node_modules', '.bin', 'tsx'), ['test/kube-sim/cli.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })

  it('is the npm script "sim"', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {scripts: Record<string, string>}
    expect(pkg.scripts.sim).to.equal('tsx test/kube-sim/cli.ts')
  })

  it('starts, writes the kubeconfig, seeds, forwards by selector, and stops on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kc')
    const seed = join(dir, 'seed.yaml')
    writeFileSync(seed, SEED)
    const port = (backend.address() as AddressInfo).port
    child = run([
      '--kubeconfig',
      kubeconfig,
      '--seed',
      seed,
      '--forward',
      `istio-system/app=kiali:20001=127.0.0.1:${port}`,
    ])
    const out = await waitForOutput(child, 'kube-sim ready')
    const url = /kube-sim ready (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!
    expect(out.trim().split('\n')).to.have.length(1)
    expect(parse(readFileSync(kubeconfig, 'utf8')).clusters[0].cluster.server).to.equal(url)

    const kc = new KubeConfig()
    kc.loadFromFile(kubeconfig)
    type Pod = {metadata: {name: string}; status?: {phase?: string}}
    let pod: Pod | undefined
    const end = Date.now() + 10_000
    while (!pod && Date.now() < end) {
      const list = (await (
        await fetch(`${url}/api/v1/namespaces/istio-system/pods?labelSelector=app%3Dkiali`)
      ).json()) as {items: Pod[]}
      pod = list.items.find((p) => p.status?.phase === 'Running')
      if (!pod) await new Promise((r) => setTimeout(r, 50))
    }
    expect(pod, 'a Running kiali pod').to.not.equal(undefined)
    const chunks: Buffer[] = []
    const output = new PassThrough()
    output.on('data', (d: Buffer) => chunks.push(d))
    const input = new PassThrough()
    const ws = await new PortForward(kc).portForward(
      'istio-system',
      pod!.metadata.name,
      [20001],
      output,
      null,
      input,
    )
    input.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    const until = Date.now() + 5000
    while (!Buffer.concat(chunks).toString().includes('kiali ui') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20))
    expect(Buffer.concat(chunks).toString()).to.contain('kiali ui')
    ;(typeof ws === 'function' ? ws() : ws)?.close()

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await exited).to.equal(0)
    child = undefined
  })

  it('exits 64 with a one-line message on a bad --forward', async () => {
    const c = run(['--kubeconfig', join(dir, 'kc2'), '--forward', 'nonsense'])
    let err = ''
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((r) => c.once('exit', (x) => r(x)))
    expect(code).to.equal(64)
    expect(err).to.contain('--forward nonsense: expected NAMESPACE/SELECTOR:PODPORT=HOST:PORT')
  })
})
