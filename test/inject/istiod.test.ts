/**
 * kube-inject through a real istiod 1.30.3's injection webhook (pilot-discovery, named by MESHCTL_ISTIOD;
 * the project builds none), run as a local process against the simulator with meshctl's rendered
 * ConfigMaps, MutatingWebhookConfiguration and istiod Service. istiod patches the webhook's caBundle with
 * its own CA, and serves the webhook on 15017, which the simulator's port-forward to the istiod pod
 * reaches. meshctl's result is compared with istioctl 1.30.3 kube-inject against the same istiod when
 * that binary is present. istiod binds fixed ports: the suite skips when any is taken.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {expect} from 'chai'
import {parseAllDocuments} from 'yaml'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {runCli} from '../helpers/cli.js'
import {istiodUnavailable, startLocalIstiod, type LocalIstiod} from '../helpers/istiod.js'
import {ISTIOCTL_PATH} from '../helpers/istio.js'
import {normaliseGo} from './normalise.js'

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # kept
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v1}
      annotations: {proxy.istio.io/config: "concurrency: 3"}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 8080, name: http}]
        readinessProbe:
          httpGet: {path: /ready, port: http}
---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: shop}
spec:
  containers: [{name: tool, image: busybox, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{port: 80}]
`

const objects = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined)
    .map((d) => normaliseGo(d))

describe('kube-inject through a real istiod’s webhook (MESHCTL_ISTIOD)', function () {
  this.timeout(120_000)
  let sim: KubeSim
  let istiod: LocalIstiod | undefined
  const log = () => istiod?.log() ?? ''
  const env = () => ({KUBECONFIG: sim.kubeconfigPath})

  before(async function () {
    const why = await istiodUnavailable()
    if (why) {
      console.log(`      (skipped: ${why})`)
      return this.skip()
    }
    sim = await startKubeSim()
    istiod = await startLocalIstiod(sim, {
      ports: [15010, 15012, 15014, 15017],
      // the webhook and its Service, which istiod patches with its CA and meshctl follows to the pod
      also: (d) =>
        d?.kind === 'MutatingWebhookConfiguration' ||
        (d?.kind === 'Service' && d.metadata?.name === 'istiod'),
      env: {XDS_AUTH: 'false', ENABLE_DEBUG_ENDPOINT_AUTH: 'false'},
      ready: () =>
        (
          (sim.get(
            'admissionregistration.k8s.io/v1',
            'MutatingWebhookConfiguration',
            'istio-sidecar-injector',
          )?.webhooks ?? []) as {clientConfig?: {caBundle?: string}}[]
        ).some((w) => !!w.clientConfig?.caBundle),
    })
  })

  after(async () => {
    await istiod?.stop()
    await sim?.stop()
  })

  it("applies istiod's patch, checked against the caBundle istiod wrote", async () => {
    const r = await runCli(['kube-inject', '-f', '-'], {input: APP, env: env()})
    expect(r.code, `${r.stderr}\n${log().slice(-1500)}`).to.equal(0)
    expect(r.stderr).to.contain("note: using istiod's injection webhook (istio-sidecar-injector/")
    expect(r.stderr).to.contain('via pod istio-system/istiod-local port 15017')
    const [d, pod, svc] = objects(r.stdout) as Record<string, any>[]
    expect(r.stdout).to.contain('# kept')
    const t = d!.spec.template
    expect(t.metadata.annotations['sidecar.istio.io/status']).to.be.a('string')
    const all = [...(t.spec.initContainers ?? []), ...t.spec.containers].map((c: {name: string}) => c.name)
    expect(all).to.include('istio-proxy')
    // the app's probe goes through the agent, as istiod rewrites it
    expect(t.spec.containers[0].readinessProbe.httpGet.port).to.equal(15020)
    expect(pod!.metadata.annotations['sidecar.istio.io/status']).to.be.a('string')
    expect(svc!.kind).to.equal('Service')
  })

  describe('beside istioctl 1.30.3 against the same istiod', () => {
    before(function () {
      if (!existsSync(ISTIOCTL_PATH)) {
        console.log(`      (skipped: istioctl 1.30.3 not found at ${ISTIOCTL_PATH})`)
        this.skip()
      }
    })
    it('gives the same objects as istioctl kube-inject (Go zero values and key order aside)', async () => {
      const ours = await runCli(['kube-inject', '-f', '-'], {input: APP, env: env()})
      const theirs = await new Promise<{stdout: string; stderr: string; code: number}>((resolve) => {
        const child = execFile(
          ISTIOCTL_PATH,
          ['kube-inject', '-f', '-'],
          {env: {...process.env, ...env()}},
          (err, stdout, stderr) =>
            resolve({stdout, stderr, code: err ? Number((err as {code?: number}).code ?? 1) : 0}),
        )
        child.stdin!.end(APP)
      })
      expect(theirs.code, theirs.stderr).to.equal(0)
      expect(ours.code, ours.stderr).to.equal(0)
      expect(objects(ours.stdout)).to.deep.equal(objects(theirs.stdout))
    })
  })
})
