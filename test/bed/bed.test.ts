// The testbed's own promises, on both back ends where they apply: a Ready node, a Deployment that becomes
// Available, and (bed only) a stop that leaves no process and no temp folder behind.
import * as k8s from '@kubernetes/client-node'
import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {onBackends} from '../helpers/cluster.js'
import {haveKubectl, Kubectl} from '../kube-sim/helpers.js'

function clients(kubeconfigPath: string) {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(kubeconfigPath)
  return {core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api)}
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await fn()
      if (v !== undefined) return v
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`)
}

onBackends('cluster back end', (cluster) => {
  let ns = ''

  it('has a Ready node', async () => {
    const {core} = clients(cluster().kubeconfigPath)
    const nodes = await core.listNode()
    const ready = nodes.items.filter((n) =>
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    )
    expect(ready.length).to.be.greaterThan(0)
  })

  it('runs a Deployment until it is Available with Running, Ready pods', async function () {
    this.timeout(90_000)
    const {core, apps} = clients(cluster().kubeconfigPath)
    ns = `bed-smoke-${Date.now().toString(36)}`
    await core.createNamespace({body: {metadata: {name: ns}}})
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: {name: 'web'},
        spec: {
          replicas: 2,
          selector: {matchLabels: {app: 'web'}},
          template: {
            metadata: {labels: {app: 'web'}},
            spec: {containers: [{name: 'web', image: 'nginx:1.27', ports: [{containerPort: 80}]}]},
          },
        },
      },
    })
    const d = await until('Deployment Available', async () => {
      const d = await apps.readNamespacedDeployment({name: 'web', namespace: ns})
      const ok = d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True')
      return ok && d.status?.readyReplicas === 2 ? d : undefined
    })
    expect(d.status?.availableReplicas).to.equal(2)
    const pods = await core.listNamespacedPod({namespace: ns, labelSelector: 'app=web'})
    expect(pods.items.map((p) => p.status?.phase)).to.deep.equal(['Running', 'Running'])
    for (const p of pods.items) {
      expect(p.spec?.nodeName, 'scheduled').to.be.a('string').and.not.equal('')
      expect(p.status?.podIP, 'pod IP').to.match(/^\d+\.\d+\.\d+\.\d+$/)
    }
  })

  it('kubectl port-forward reaches a local server mapped to a pod port', async function () {
    if (!haveKubectl()) {
      console.log('      skipping: kubectl not on PATH')
      this.skip()
    }
    if (!ns) {
      console.log('      skipping: no Deployment from the previous case to forward to')
      this.skip()
    }
    this.timeout(60_000)
    const backend = http.createServer((req, res) => res.end(`hello from ${req.url}`))
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
    const k = new Kubectl(cluster().kubeconfigPath)
    try {
      await cluster().portForward(
        {namespace: ns, selector: 'app=web', port: 80},
        {host: '127.0.0.1', port: (backend.address() as AddressInfo).port},
      )
      const pod = (
        await k.ok(['-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])
      ).trim()
      const pf = k.spawn(['-n', ns, 'port-forward', `pod/${pod}`, ':80'])
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = ''
          pf.stdout?.on('data', (c: Buffer) => {
            out += c.toString()
            const m = /127\.0\.0\.1:(\d+) ->/.exec(out)
            if (m) resolve(Number(m[1]))
          })
          pf.on('exit', (code) => reject(new Error(`kubectl port-forward exited ${code}`)))
        })
        // kwok picks up a new ClusterPortForward through its informer, slowly on a loaded machine: retry
        // until shortly before the test's own timeout.
        let body = ''
        for (const end = Date.now() + 45_000; Date.now() < end && !body.startsWith('hello');) {
          body = await fetch(`http://127.0.0.1:${port}/x`, {signal: AbortSignal.timeout(5_000)}).then(
            (r) => r.text(),
            () => '',
          )
          if (!body.startsWith('hello')) await new Promise((r) => setTimeout(r, 500))
        }
        expect(body).to.equal('hello from /x')
      } finally {
        pf.kill()
      }
    } finally {
      backend.close()
      k.cleanup()
    }
  })

  it('kubectl logs and exec reach a pod through the API server (kwok Logs/Exec rules on the bed)', async function () {
    if (!haveKubectl()) {
      console.log('      skipping: kubectl not on PATH')
      this.skip()
    }
    if (!ns) {
      console.log('      skipping: no Deployment from the previous case to reach')
      this.skip()
    }
    this.timeout(60_000)
    const k = new Kubectl(cluster().kubeconfigPath)
    try {
      const pod = (
        await k.ok(['-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])
      ).trim()
      await cluster().logs({namespace: ns, pod}, ['first line', 'second line'])
      await cluster().exec({namespace: ns, pod})
      // kwok takes new rules up through its informers: retry briefly.
      const retry = async (args: string[], want: string) => {
        let last = {code: -1, stdout: '', stderr: ''}
        for (let i = 0; i < 20; i++) {
          last = await k.run(args)
          if (last.code === 0 && last.stdout === want) break
          await new Promise((r) => setTimeout(r, 500))
        }
        return last
      }
      const logs = await retry(['-n', ns, 'logs', pod], 'first line\nsecond line\n')
      expect(logs.stdout, logs.stderr).to.equal('first line\nsecond line\n')
      const echo = await retry(['-n', ns, 'exec', pod, '--', 'echo', 'hello', 'mesh'], 'hello mesh\n')
      expect(echo.stdout, echo.stderr).to.equal('hello mesh\n')
      // A failing command fails kubectl on both (kwok words it as an internal error naming the exit status).
      const failed = await k.run(['-n', ns, 'exec', pod, '--', 'false'])
      expect(failed.code).to.not.equal(0)
      expect(failed.stderr).to.match(/exit (code|status) 1/)
    } finally {
      k.cleanup()
    }
  })

  it('stops every process it started and removes its temp folder (bed)', async function () {
    const bed = cluster().bed
    if (!bed) {
      console.log(`      skipping (bed only): ${cluster().name} has no processes of its own`)
      this.skip()
    }
    // Figures for the report: start time and resident memory of the control plane.
    const rssKb = Object.values(bed.pids).reduce((sum, pid) => {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      return sum + Number(m?.[1] ?? 0)
    }, 0)
    console.log(`      bed started in ${bed.startMs} ms; resident memory ${Math.round(rssKb / 1024)} MiB`)
    const tmp = bed.kubeconfigPath.replace(/\/kubeconfig$/, '')
    expect(existsSync(tmp)).to.equal(true)
    await bed.stop()
    for (const [name, pid] of Object.entries(bed.pids))
      expect(
        existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8')),
        name,
      ).to.equal(false)
    expect(existsSync(tmp)).to.equal(false)
  })
})
