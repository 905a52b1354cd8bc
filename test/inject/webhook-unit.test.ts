/** The pure parts of kube-inject through istiod's webhook: which webhook, which pod and port, the review, the patch. */
import {expect} from 'chai'
import {
  admissionPatch,
  admissionReview,
  applyWebhookPatch,
  findInjectionWebhook,
  firstPod,
  webhookPodPort,
  WebhookError,
} from '../../src/lib/inject/webhook.js'
import type {KubeObject} from '../../src/lib/kube/types.js'
import {cpuTimes, freeCores, splitDocuments, twoThreads} from '../../src/lib/inject/parallel.js'
import {availableParallelism, loadavg} from 'node:os'

const mwc = (name: string, hooks: string[]): KubeObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: {name},
  webhooks: hooks.map((h) => ({
    name: h,
    clientConfig: {service: {name: `svc-${name}`, namespace: 'istio-system'}},
  })),
})
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64')
const review = (response: unknown) =>
  JSON.stringify({apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response})

describe('kube-inject webhook (pure parts)', () => {
  it('finds the sidecar-injector webhook: --webhookConfig first, else the first configuration by name', () => {
    const tag = mwc('istio-revision-tag-default', ['rev.namespace.sidecar-injector.istio.io'])
    const main = mwc('istio-sidecar-injector', ['validation.istio.io', 'namespace.sidecar-injector.istio.io'])
    expect(findInjectionWebhook([main, tag], 'istio-sidecar-injector')).to.deep.include({
      configuration: 'istio-sidecar-injector',
      webhook: 'namespace.sidecar-injector.istio.io',
    })
    // istioctl's Items[0]: the API server lists by name
    expect(findInjectionWebhook([main, tag], 'nope')?.configuration).to.equal('istio-revision-tag-default')
    expect(findInjectionWebhook([mwc('x', ['validation.istio.io'])], 'x')).to.equal(undefined)
    expect(findInjectionWebhook([], 'x')).to.equal(undefined)
  })

  it("the pod port is the service's targetPort for the webhook's port (443 by default); 15017 otherwise", () => {
    const svc = (ports: unknown[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {},
      spec: {ports},
    })
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {},
      spec: {containers: [{name: 'd', ports: [{name: 'webhook', containerPort: 16017}]}]},
    }
    expect(webhookPodPort(svc([{port: 443, targetPort: 15017}]), undefined)).to.equal(15017)
    expect(
      webhookPodPort(
        svc([
          {port: 443, targetPort: 9443},
          {port: 8443, targetPort: 7443},
        ]),
        8443,
      ),
    ).to.equal(7443)
    expect(webhookPodPort(svc([{port: 443, targetPort: '9443'}]), 443)).to.equal(9443)
    expect(webhookPodPort(svc([{port: 443, targetPort: 'webhook'}]), 443, pod)).to.equal(16017)
    expect(webhookPodPort(svc([{port: 443}]), 443)).to.equal(443)
    expect(webhookPodPort(svc([{port: 80, targetPort: 8080}]), 443)).to.equal(15017)
  })

  it('picks the most active pod: scheduled, Running, Ready the longest, fewest restarts, oldest', () => {
    const pod = (
      name: string,
      o: {node?: string; phase?: string; readySince?: string; restarts?: number; created?: string},
    ) =>
      ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z'},
        spec: {nodeName: o.node ?? 'n1'},
        status: {
          phase: o.phase ?? 'Running',
          conditions: o.readySince ? [{type: 'Ready', status: 'True', lastTransitionTime: o.readySince}] : [],
          containerStatuses: [{restartCount: o.restarts ?? 0}],
        },
      }) as KubeObject
    const name = (pods: KubeObject[]) => firstPod(pods)?.metadata.name
    expect(name([pod('pending', {phase: 'Pending'}), pod('running', {})])).to.equal('running')
    expect(name([pod('unassigned', {node: ''}), pod('assigned', {phase: 'Pending'})])).to.equal('assigned')
    expect(name([pod('notready', {}), pod('ready', {readySince: '2026-01-02T00:00:00Z'})])).to.equal('ready')
    expect(
      name([
        pod('newer', {readySince: '2026-01-03T00:00:00Z'}),
        pod('longer', {readySince: '2026-01-02T00:00:00Z'}),
      ]),
    ).to.equal('longer')
    expect(name([pod('flaky', {restarts: 3}), pod('steady', {restarts: 0})])).to.equal('steady')
    expect(name([pod('young', {created: '2026-02-01T00:00:00Z'}), pod('old', {})])).to.equal('old')
    expect(firstPod([])).to.equal(undefined)
  })

  it('sends an admission.k8s.io/v1 review of a pod CREATE in the given namespace', () => {
    const r = admissionReview({metadata: {labels: {app: 'a'}}, spec: {containers: []}}, 'shop', 'u1') as any
    expect(r.apiVersion).to.equal('admission.k8s.io/v1')
    expect(r.request).to.deep.include({uid: 'u1', namespace: 'shop', name: '', operation: 'CREATE'})
    expect(r.request.object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {labels: {app: 'a'}},
      spec: {containers: []},
    })
  })

  it('reads the patch of an answer; no patch is undefined; a refusal or garbage is a WebhookError', () => {
    const ops = [{op: 'add', path: '/metadata/labels', value: {a: 'b'}}]
    expect(admissionPatch(review({allowed: true, patchType: 'JSONPatch', patch: b64(ops)}))).to.deep.equal(
      ops,
    )
    expect(admissionPatch(review({allowed: true}))).to.equal(undefined)
    const bad = (body: string) => {
      try {
        admissionPatch(body)
      } catch (e) {
        expect(e).to.be.instanceOf(WebhookError)
        expect((e as WebhookError).unreachable).to.equal(false)
        return (e as Error).message
      }
      throw new Error('no error')
    }
    expect(bad(review({allowed: false, status: {message: 'nope'}}))).to.equal('refused the pod: nope')
    expect(bad('<html>')).to.match(/could not decode the answer: <html>/)
    expect(bad(review({allowed: true, patch: b64({op: 'add'})}))).to.match(/not a list/)
    expect(bad(review({allowed: true, patchType: 'Merge', patch: b64([])}))).to.match(/unknown patch type/)
  })

  it("applies istiod's patch leniently where Go's view of the pod has fields the YAML leaves out", () => {
    const pod = {
      metadata: {labels: {app: 'a'}},
      spec: {containers: [{name: 'app', image: 'x'}]},
    }
    const out = applyWebhookPatch(pod, [
      {op: 'add', path: '/metadata/annotations', value: {'sidecar.istio.io/status': '{}'}},
      {op: 'add', path: '/metadata/labels/security.istio.io~1tlsMode', value: 'istio'},
      {op: 'add', path: '/spec/initContainers', value: [{name: 'istio-init'}]},
      {op: 'add', path: '/spec/containers/1', value: {name: 'istio-proxy'}},
      // Go's corev1.Container always has resources: {}
      {op: 'add', path: '/spec/containers/0/resources/limits', value: {cpu: '1'}},
      {op: 'replace', path: '/spec/containers/0/terminationMessagePath', value: '/dev/x'},
      {op: 'remove', path: '/metadata/creationTimestamp'},
      {op: 'add', path: '/spec/volumes/-', value: {name: 'v'}},
    ])
    expect(out).to.deep.equal({
      metadata: {
        labels: {app: 'a', 'security.istio.io/tlsMode': 'istio'},
        annotations: {'sidecar.istio.io/status': '{}'},
      },
      spec: {
        containers: [
          {name: 'app', image: 'x', resources: {limits: {cpu: '1'}}, terminationMessagePath: '/dev/x'},
          {name: 'istio-proxy'},
        ],
        initContainers: [{name: 'istio-init'}],
        volumes: [{name: 'v'}],
      },
    })
    // the input is not changed
    expect(pod.spec.containers).to.have.length(1)
    expect(() => applyWebhookPatch(pod, [{op: 'add', path: '/spec/containers/5', value: {}}])).to.throw(
      WebhookError,
      /missing path/,
    )
    expect(() => applyWebhookPatch(pod, [{op: 'replace', path: '', value: {}}])).to.throw(
      WebhookError,
      /whole pod/,
    )
  })
})

describe('kube-inject on two threads (pure parts)', () => {
  it('cuts at the document marker nearest the middle, and says where each part starts', () => {
    const text = 'a: 1\n---\nb: 2\nc: 3\n--- # x\nd: 4\n---\ne: 5\n'
    const [one, two] = splitDocuments(text, 2)
    expect(one!.text + two!.text).to.equal(text)
    expect(two!.text.startsWith('--- # x\n')).to.equal(true)
    expect(two!.firstLine).to.equal(5)
    // a `---` inside a line or a longer run of dashes is not a marker
    expect(splitDocuments('a: x---\nb: ----\n', 2)).to.have.length(1)
    expect(splitDocuments('a: 1\n', 2)).to.deep.equal([{text: 'a: 1\n', firstLine: 1}])
  })

  it('MESHCTL_INJECT_THREADS decides; otherwise three cores left free since the start do, else the load average', () => {
    expect(twoThreads({MESHCTL_INJECT_THREADS: '2'}, 0)).to.equal(true)
    expect(twoThreads({MESHCTL_INJECT_THREADS: '1'}, 4)).to.equal(false)
    expect(twoThreads({}, 4)).to.equal(true)
    expect(twoThreads({}, 2.7)).to.equal(true)
    // two idle cores are not enough: the threads' V8 helpers take their share
    expect(twoThreads({}, 2)).to.equal(false)
    expect(twoThreads({}, undefined)).to.equal(availableParallelism() - loadavg()[0] >= 3)
  })

  it('counts the cores no other process used between two readings of the CPU times, or cannot tell yet', () => {
    // two cores for 500 ms: 1,000 ms of CPU time, 450 of it idle, 500 of it this process's
    expect(freeCores({idle: 100, total: 1000, own: 0}, {idle: 550, total: 2000, own: 500}, 2)).to.equal(1.9)
    // another process took the rest: one core left
    expect(freeCores({idle: 0, total: 0, own: 0}, {idle: 0, total: 1000, own: 500}, 2)).to.equal(1)
    // counters read at slightly different moments never give more cores than there are
    expect(freeCores({idle: 0, total: 0, own: 0}, {idle: 600, total: 1000, own: 500}, 2)).to.equal(2)
    // under 50 ms a core: the counters move in 10 ms steps
    expect(freeCores({idle: 0, total: 0, own: 0}, {idle: 90, total: 99, own: 0}, 2)).to.equal(undefined)
    expect(freeCores({idle: 0, total: 0, own: 0}, {idle: 90, total: 100, own: 0}, 2)).to.equal(1.8)
    const a = cpuTimes()
    expect(a.total).to.be.greaterThan(a.idle)
    expect(a.idle).to.be.greaterThan(0)
  })
})
