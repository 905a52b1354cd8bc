/**
 * `meshctl kube-inject` through istiod's injection webhook, on the simulator: a MutatingWebhookConfiguration
 * labelled istio.io/rev=default names service istio-system/istiod (443 → 15017); the simulator's
 * port-forward to the istiod pod's 15017 reaches a test HTTPS server (certificate for istiod.istio-system.svc
 * from a test CA, the webhook's caBundle) that answers AdmissionReviews with the simulator's injection
 * handler plus a marker annotation, so a result carrying the marker came through the webhook.
 */
import {expect} from 'chai'
import {parseAllDocuments} from 'yaml'
import {runCli} from '../helpers/cli.js'
import {renderInjectionConfig} from '../../src/lib/inject/index.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {injectionReview} from '../kube-sim/injector.js'
import {
  injectionConfigMaps,
  startWebhookServer,
  webhookObjects,
  webhookPki,
  type WebhookServer,
} from '../helpers/injection-webhook.js'

type Obj = Record<string, any>

const DEPLOYMENT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # keep me
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v1}
    spec:
      containers:
      - name: web
        image: nginx:1.27 # pinned
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: 80}]
`
const MARKER = 'webhook.test/seen'

const docs = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((d) => d !== null)
const names = (l: Obj[] | undefined) => (l ?? []).map((c) => c.name as string)

describe('meshctl kube-inject through istiod’s webhook (kube-sim)', function () {
  this.timeout(120_000)
  let sim: KubeSim
  let hook: WebhookServer
  let mode: 'inject' | 'nopatch' | 'refuse' | 'http500' = 'inject'
  let reviews: Obj[] = []
  const env = () => ({KUBECONFIG: sim.kubeconfigPath})

  before(async () => {
    sim = await startKubeSim()
    const cfg = await renderInjectionConfig({})
    hook = await startWebhookServer((review) => {
      if (mode === 'http500') return 500
      const response: Obj =
        mode === 'refuse'
          ? {uid: review.request.uid, allowed: false, status: {message: 'template failed: bad value'}}
          : mode === 'nopatch'
            ? {uid: review.request.uid, allowed: true}
            : injectionReview(sim.server, 'istio-system', '', review.request)
      if (mode === 'inject' && response.patch) {
        const ops = JSON.parse(Buffer.from(response.patch, 'base64').toString()) as Obj[]
        ops.push({op: 'add', path: `/metadata/annotations/${MARKER.replace('/', '~1')}`, value: 'yes'})
        response.patch = Buffer.from(JSON.stringify(ops)).toString('base64')
      }
      return response
    })
    reviews = hook.reviews
    await sim.seed([
      ...injectionConfigMaps(cfg),
      ...webhookObjects({revision: 'default', caPem: hook.ca}),
    ] as never)
    sim.portForward(
      {namespace: 'istio-system', selector: 'app=istiod', port: 15017},
      {host: '127.0.0.1', port: hook.port},
    )
    await sim.waitFor(() => sim.get('v1', 'Pod', 'istiod-1', 'istio-system')?.status?.phase === 'Running')
  })

  after(async () => {
    await hook?.close()
    await sim?.stop()
  })

  beforeEach(() => {
    mode = 'inject'
    reviews.length = 0
  })

  it('sends each pod as an AdmissionReview and applies the patch istiod answers', async () => {
    const r = await runCli(['kube-inject', '-f', '-'], {input: DEPLOYMENT, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain(
      "note: using istiod's injection webhook (istio-sidecar-injector/namespace.sidecar-injector.istio.io via pod istio-system/istiod-1 port 15017)",
    )
    expect(reviews).to.have.length(1)
    const req = reviews[0]!.request as Obj
    expect(reviews[0]!.path).to.equal('/inject')
    expect(reviews[0]!.apiVersion).to.equal('admission.k8s.io/v1')
    expect(req.namespace).to.equal('shop')
    expect(req.kind).to.deep.equal({group: '', version: 'v1', kind: 'Pod'})
    expect(req.object.metadata.labels).to.deep.equal({app: 'web', version: 'v1'})
    const [d, svc] = docs(r.stdout)
    const t = d!.spec.template
    expect(t.metadata.annotations[MARKER]).to.equal('yes')
    expect(names(t.spec.containers)).to.deep.equal(['web', 'istio-proxy'])
    expect(t.metadata.annotations['sidecar.istio.io/status']).to.be.a('string')
    expect(svc!.kind).to.equal('Service')
    for (const c of ['# the web tier', '# keep me', '# pinned']) expect(r.stdout).to.contain(c)
  })

  it('several pods go to the webhook; -o json-patch prints the webhook’s changes', async () => {
    const many = [0, 1, 2, 3, 4, 5]
      .map((i) => DEPLOYMENT.split('---')[0]!.replace('name: web #', `name: web-${i} #`))
      .join('---\n')
    const r = await runCli(['kube-inject', '-f', '-', '-o', 'json-patch'], {input: many, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(reviews).to.have.length(6)
    const patches = JSON.parse(r.stdout) as Obj[]
    expect(patches.map((p) => p.metadata.name)).to.deep.equal(many.match(/web-\d/g))
    for (const p of patches)
      expect(p.patch.some((o: Obj) => o.path === '/spec/template/metadata/annotations')).to.equal(true)
  })

  it('a pod the webhook does not patch is left as it was, with a warning on stderr', async () => {
    mode = 'nopatch'
    const r = await runCli(['kube-inject', '-f', '-'], {input: DEPLOYMENT, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal(DEPLOYMENT)
    expect(r.stderr).to.contain(
      `===> Skipping injection because Deployment "shop/web" was not injected by istiod's webhook`,
    )
  })

  it('a refused pod or an HTTP error is one line naming the document, exit 1, nothing printed', async () => {
    for (const [m, text] of [
      ['refuse', 'refused the pod: template failed: bad value'],
      ['http500', 'answered HTTP 500: boom'],
    ] as const) {
      mode = m
      const r = await runCli(['kube-inject', '-f', '-'], {input: DEPLOYMENT, env: env()})
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stdout).to.equal('')
      const lines = r.stderr.trim().split('\n')
      expect(lines[0]).to.match(/^error: stdin:2: Deployment "shop\/web": istiod's injection webhook \(.*\) /)
      expect(lines[0]).to.contain(text)
      expect(r.stderr).not.to.match(/\n\s+at /)
    }
  })

  it("a certificate the webhook's caBundle does not verify is an error, not a fallback", async () => {
    const other = webhookPki('istiod.istio-system.svc')
    hook.server.setSecureContext({cert: other.cert, key: other.key})
    try {
      const r = await runCli(['kube-inject', '-f', '-'], {input: DEPLOYMENT, env: env()})
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.match(/^error: .*istiod's injection webhook .*TLS: .*istiod\.istio-system\.svc/)
      expect(reviews).to.have.length(0)
    } finally {
      hook.server.setSecureContext({cert: hook.cert, key: hook.key})
    }
  })

  it('with a configuration file, injection is local and the webhook is not asked', async () => {
    const cfg = await renderInjectionConfig({})
    const {writeFileSync, mkdtempSync} = await import('node:fs')
    const {join} = await import('node:path')
    const {tmpdir} = await import('node:os')
    const mesh = join(mkdtempSync(join(tmpdir(), 'meshctl-wh-')), 'mesh.yaml')
    writeFileSync(mesh, cfg.mesh)
    const r = await runCli(['kube-inject', '-f', '-', '--meshConfigFile', mesh], {
      input: DEPLOYMENT,
      env: env(),
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(reviews).to.have.length(0)
    expect(docs(r.stdout)[0]!.spec.template.metadata.annotations[MARKER]).to.equal(undefined)
  })

  it('a webhook that cannot be reached falls back to the ConfigMaps, saying why on stderr', async () => {
    await hook.close()
    const r = await runCli(['kube-inject', '-f', '-'], {input: DEPLOYMENT, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.match(
      /note: cannot use istiod's injection webhook \(istiod's injection webhook \(.*pod istio-system\/istiod-1 port 15017\) did not answer: .*\); injecting with the revision's ConfigMaps instead/,
    )
    expect(r.stderr).to.contain('configmap istio-system/istio-sidecar-injector')
    const t = docs(r.stdout)[0]!.spec.template
    expect(t.metadata.annotations[MARKER]).to.equal(undefined)
    expect(names(t.spec.containers)).to.deep.equal(['web', 'istio-proxy'])
  })

  it('no pod behind the webhook’s service: the ConfigMaps, with the reason', async () => {
    const del = await fetch(`${sim.url}/api/v1/namespaces/istio-system/pods/istiod-1?gracePeriodSeconds=0`, {
      method: 'DELETE',
    })
    expect(del.status).to.be.oneOf([200, 202])
    await sim.waitFor(() => !sim.get('v1', 'Pod', 'istiod-1', 'istio-system'))
    const r = await runCli(['kube-inject', '-f', '-'], {input: DEPLOYMENT, env: env()})
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.contain(`no pods matching selector "app=istiod" in namespace "istio-system"`)
    expect(names(docs(r.stdout)[0]!.spec.template.spec.containers)).to.include('istio-proxy')
  })
})
