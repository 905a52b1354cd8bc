/** Controllers: kubelet (and its scripted failures), workloads, services, CRD lifecycle, admission webhooks. */
import {expect} from 'chai'
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {startKubeSim, type KObj, type KubeSim} from './index.js'
import {testPki} from './tls.js'

const template = (app: string) => ({
  metadata: {labels: {app}},
  spec: {containers: [{name: 'main', image: `${app}:1`}]},
})
/** An apps/v1 workload selecting, and templating, pods labelled app=<name>. */
const workload = (kind: string, name: string, namespace: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: {name, namespace},
  spec: {...spec, selector: {matchLabels: {app: name}}, template: template(name)},
})
const cond = (o: KObj | undefined, type: string) =>
  (o?.status?.conditions ?? []).find((c: {type: string}) => c.type === type)

describe('kube-sim: controllers', function () {
  this.timeout(20_000)
  let sim: KubeSim
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body),
    })
    return {status: res.status, body: (await res.json()) as KObj & {message?: string}}
  }

  before(async () => {
    sim = await startKubeSim({controllers: {delayMs: 0, podTerminationMs: 10}})
    await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'w'}}])
  })
  after(() => sim?.stop())
  /** Event reasons recorded for an object in namespace w, oldest first. */
  const reasons = (name: string) =>
    sim
      .list('v1', 'Event', 'w')
      .filter((e) => e.involvedObject?.name === name)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => e.reason as string)

  it('kubelet: pods become Running and Ready with IPs and container statuses', async () => {
    await sim.seed([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'ok', namespace: 'w'},
        spec: {containers: [{name: 'a', image: 'a:1'}]},
      },
    ])
    await sim.waitFor(() => sim.get('v1', 'Pod', 'ok', 'w')?.status?.phase === 'Running')
    const pod = sim.get('v1', 'Pod', 'ok', 'w')!
    expect(pod.spec.nodeName).to.equal('sim-node')
    expect(pod.status.podIP).to.match(/^10\.244\.\d+\.\d+$/)
    expect(cond(pod, 'Ready')?.status).to.equal('True')
    expect(pod.status.containerStatuses[0]).to.deep.include({
      name: 'a',
      ready: true,
      started: true,
      restartCount: 0,
    })
    expect(pod.status.containerStatuses[0].state.running.startedAt).to.be.a('string')
    await sim.waitFor(() => reasons('ok').includes('Started'))
    expect(reasons('ok')).to.deep.equal(['Scheduled', 'Pulled', 'Created', 'Started'])
    const started = sim
      .list('v1', 'Event', 'w')
      .find((e) => e.involvedObject.name === 'ok' && e.reason === 'Started')!
    expect(started).to.deep.include({type: 'Normal', message: 'Started container a', count: 1})
    expect(started.source).to.deep.equal({component: 'kubelet', host: 'sim-node'})
  })

  it('kubelet scripts: ImagePullBackOff, CrashLoopBackOff, never-ready', async () => {
    sim.scriptPods('pull-', {state: 'ImagePullBackOff'})
    sim.scriptPods('crash-', {state: 'CrashLoopBackOff'})
    sim.scriptPods('slow-', {state: 'NotReady', message: 'readiness probe failed'})
    const pod = (name: string): KObj => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name, namespace: 'w'},
      spec: {containers: [{name: 'c', image: 'img:9'}]},
    })
    await sim.seed([pod('pull-1'), pod('crash-1'), pod('slow-1')])
    await sim.waitFor(() =>
      ['pull-1', 'crash-1', 'slow-1'].every((n) => sim.get('v1', 'Pod', n, 'w')?.status?.containerStatuses),
    )
    const waiting = (n: string) => sim.get('v1', 'Pod', n, 'w')!.status.containerStatuses[0].state.waiting
    expect(waiting('pull-1')).to.deep.equal({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "img:9"',
    })
    expect(waiting('crash-1').reason).to.equal('CrashLoopBackOff')
    await sim.waitFor(() => reasons('pull-1').includes('BackOff'))
    expect(reasons('pull-1')).to.include('Failed')
    expect(sim.get('v1', 'Pod', 'crash-1', 'w')!.status.containerStatuses[0].restartCount).to.be.greaterThan(
      0,
    )
    const slow = sim.get('v1', 'Pod', 'slow-1', 'w')!
    expect(cond(slow, 'Ready')).to.include({status: 'False', message: 'readiness probe failed'})
    expect(slow.status.phase).to.equal('Running')
    // Scripts can change at run time: the pod becomes Ready.
    sim.scriptPods('slow-', {state: 'Running'})
    await sim.waitFor(() => cond(sim.get('v1', 'Pod', 'slow-1', 'w'), 'Ready')?.status === 'True')
  })

  it('Deployment → ReplicaSet (hash label, ownerRef) → pods; status conditions; rollout to a new template', async () => {
    await sim.seed([workload('Deployment', 'api', 'w', {replicas: 2})])
    await sim.waitFor(() => sim.get('apps/v1', 'Deployment', 'api', 'w')?.status?.availableReplicas === 2)
    const d = sim.get('apps/v1', 'Deployment', 'api', 'w')!
    expect(cond(d, 'Available')).to.include({status: 'True', reason: 'MinimumReplicasAvailable'})
    expect(cond(d, 'Progressing')).to.include({status: 'True', reason: 'NewReplicaSetAvailable'})
    expect(d.status.observedGeneration).to.equal(d.metadata.generation)
    const [rs] = sim.list('apps/v1', 'ReplicaSet', 'w').filter((r) => r.metadata.name.startsWith('api-'))
    const hash = rs!.metadata.labels!['pod-template-hash']!
    expect(rs!.metadata.name).to.equal(`api-${hash}`)
    expect(rs!.metadata.ownerReferences![0]).to.include({
      kind: 'Deployment',
      name: 'api',
      uid: d.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    })
    expect(rs!.spec.template.metadata.labels).to.deep.equal({app: 'api', 'pod-template-hash': hash})
    expect(rs!.status).to.include({replicas: 2, readyReplicas: 2, availableReplicas: 2})
    // New template → new RS at revision 2, old RS scaled to 0.
    const res = await fetch(`${sim.url}/apis/apps/v1/namespaces/w/deployments/api`, {
      method: 'PATCH',
      headers: {'Content-Type': 'application/strategic-merge-patch+json'},
      body: JSON.stringify({spec: {template: {spec: {containers: [{name: 'main', image: 'api:2'}]}}}}),
    })
    expect(res.status).to.equal(200)
    await sim.waitFor(() => {
      const pods = sim.list('v1', 'Pod', 'w').filter((p) => p.metadata.labels?.app === 'api')
      return (
        pods.length === 2 &&
        pods.every((p) => p.spec.containers[0].image === 'api:2' && p.status?.phase === 'Running')
      )
    })
    const revisions = sim
      .list('apps/v1', 'ReplicaSet', 'w')
      .filter((r) => r.metadata.name.startsWith('api-'))
      .map((r) => `${r.metadata.annotations!['deployment.kubernetes.io/revision']}:${r.spec.replicas}`)
    expect(revisions.sort()).to.deep.equal(['1:0', '2:2'])
    const scaling = sim
      .list('v1', 'Event', 'w')
      .filter((e) => e.involvedObject.name === 'api' && e.reason === 'ScalingReplicaSet')
      .map((e) => e.message as string)
    expect(scaling).to.include(`Scaled up replica set api-${hash} from 0 to 2`)
    expect(scaling).to.include(`Scaled down replica set api-${hash} from 2 to 0`)
  })

  it('DaemonSet, StatefulSet and Job status', async () => {
    await sim.seed([
      workload('DaemonSet', 'cni', 'w'),
      workload('StatefulSet', 'db', 'w', {replicas: 2, serviceName: 'db'}),
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {name: 'once', namespace: 'w'},
        spec: {template: {...template('once'), spec: {...template('once').spec, restartPolicy: 'Never'}}},
      },
    ])
    await sim.waitFor(() => sim.get('apps/v1', 'DaemonSet', 'cni', 'w')?.status?.numberReady === 1)
    const ds = sim.get('apps/v1', 'DaemonSet', 'cni', 'w')!
    expect(ds.status).to.include({
      desiredNumberScheduled: 1,
      updatedNumberScheduled: 1,
      observedGeneration: 1,
    })
    await sim.waitFor(() => sim.get('apps/v1', 'StatefulSet', 'db', 'w')?.status?.readyReplicas === 2)
    expect(sim.get('v1', 'Pod', 'db-0', 'w')).to.not.equal(undefined)
    expect(sim.get('v1', 'Pod', 'db-1', 'w')).to.not.equal(undefined)
    await sim.waitFor(() => cond(sim.get('batch/v1', 'Job', 'once', 'w'), 'Complete')?.status === 'True')
    expect(sim.get('batch/v1', 'Job', 'once', 'w')!.status.succeeded).to.equal(1)
  })

  it('Services: cluster IP, Endpoints and EndpointSlices from ready pods, LoadBalancer ingress', async () => {
    await sim.seed([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 'api', namespace: 'w'},
        spec: {
          type: 'LoadBalancer',
          selector: {app: 'api'},
          ports: [{name: 'http', port: 80, targetPort: 8080}],
        },
      },
    ])
    await sim.waitFor(
      () => (sim.get('v1', 'Endpoints', 'api', 'w')?.subsets?.[0]?.addresses?.length ?? 0) === 2,
    )
    const ep = sim.get('v1', 'Endpoints', 'api', 'w')!
    expect(ep.subsets[0].ports).to.deep.equal([{name: 'http', port: 8080, protocol: 'TCP'}])
    expect(ep.subsets[0].addresses[0].targetRef.kind).to.equal('Pod')
    await sim.waitFor(() =>
      sim
        .list('discovery.k8s.io/v1', 'EndpointSlice', 'w')
        .some(
          (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'api' && s.endpoints?.length === 2,
        ),
    )
    const slice = sim
      .list('discovery.k8s.io/v1', 'EndpointSlice', 'w')
      .find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'api')!
    expect(slice.addressType).to.equal('IPv4')
    expect(slice.endpoints[0].conditions).to.deep.equal({ready: true, serving: true, terminating: false})
    await sim.waitFor(() => !!sim.get('v1', 'Service', 'api', 'w')?.status?.loadBalancer?.ingress)
    expect(sim.get('v1', 'Service', 'api', 'w')!.status.loadBalancer.ingress[0].ip).to.match(
      /^172\.18\.255\.\d+$/,
    )
  })

  it('CRD deletion removes its custom resources and its discovery entry', async () => {
    await sim.seed(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {plural: things, kind: Thing}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: example.com/v1
kind: Thing
metadata: {name: t1}
`)
    const crd = sim.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'things.example.com')!
    expect(cond(crd, 'Established')).to.include({status: 'True', reason: 'InitialNamesAccepted'})
    expect(crd.status.storedVersions).to.deep.equal(['v1'])
    expect(sim.get('example.com/v1', 'Thing', 't1')).to.not.equal(undefined)
    await fetch(`${sim.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.example.com`, {
      method: 'DELETE',
    })
    await sim.waitFor(() => !sim.server.registry.byKind('example.com/v1', 'Thing'))
    expect((await fetch(`${sim.url}/apis/example.com/v1`)).status).to.equal(404)
  })

  describe('admission webhooks', () => {
    let hook: http.Server
    const reviews: KObj[] = []
    before(async () => {
      hook = http.createServer((req, res) => {
        let body = ''
        req.on('data', (c: Buffer) => (body += c))
        req.on('end', () => {
          const review = JSON.parse(body) as {request: {uid: string; object: KObj}}
          reviews.push(review.request.object)
          const deny = review.request.object.metadata.labels?.deny === 'yes'
          res.setHeader('Content-Type', 'application/json')
          res.end(
            JSON.stringify({
              apiVersion: 'admission.k8s.io/v1',
              kind: 'AdmissionReview',
              response: {
                uid: review.request.uid,
                allowed: !deny,
                status: deny ? {code: 403, message: 'no thanks'} : undefined,
              },
            }),
          )
        })
      })
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    })
    after(() => hook?.close())

    it('mutating (in-process service handler with a JSON patch) then validating (URL) webhooks', async () => {
      sim.webhookService('istio-system', 'istiod', (review) => {
        const ops = [
          {op: 'add', path: '/spec/containers/-', value: {name: 'istio-proxy', image: 'proxyv2:1.30.3'}},
        ]
        return {
          uid: String(review.request.uid),
          allowed: true,
          patchType: 'JSONPatch',
          patch: Buffer.from(JSON.stringify(ops)).toString('base64'),
        }
      })
      const port = (hook.address() as AddressInfo).port
      await sim.seed([
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {name: 'inj', labels: {'istio-injection': 'enabled'}},
        },
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'MutatingWebhookConfiguration',
          metadata: {name: 'istio-sidecar-injector'},
          webhooks: [
            {
              name: 'sidecar-injector.istio.io',
              clientConfig: {service: {namespace: 'istio-system', name: 'istiod', path: '/inject'}},
              rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}],
              namespaceSelector: {matchLabels: {'istio-injection': 'enabled'}},
              failurePolicy: 'Fail',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
            },
          ],
        },
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: {name: 'deny-labelled'},
          webhooks: [
            {
              name: 'deny.example.com',
              clientConfig: {url: `http://127.0.0.1:${port}/validate`},
              rules: [
                {operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']},
              ],
              failurePolicy: 'Fail',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
            },
          ],
        },
      ])
      const pod = (name: string, ns: string, labels = {}) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name, labels},
        spec: {containers: [{name: 'app', image: 'app:1'}]},
        ns,
      })
      const injected = await post('/api/v1/namespaces/inj/pods', pod('p1', 'inj'))
      expect(injected.status).to.equal(201)
      expect(injected.body.spec.containers.map((c: {name: string}) => c.name)).to.deep.equal([
        'app',
        'istio-proxy',
      ])
      expect(reviews.at(-1)!.spec.containers).to.have.length(2)
      const plain = await post('/api/v1/namespaces/w/pods', pod('p2', 'w'))
      expect(plain.body.spec.containers).to.have.length(1)
      const denied = await post('/api/v1/namespaces/w/pods', pod('p3', 'w', {deny: 'yes'}))
      expect(denied.status).to.equal(403)
      expect(denied.body.message).to.equal(
        'admission webhook "deny.example.com" denied the request: no thanks',
      )
      expect(sim.get('v1', 'Pod', 'p3', 'w')).to.equal(undefined)
    })

    it("a service webhook without an in-process handler is called over HTTPS through the service's pods", async () => {
      const pki = testPki()
      const injector = https.createServer({key: pki.serverKeyPem, cert: pki.serverCertPem}, (req, res) => {
        let body = ''
        req.on('data', (c: Buffer) => (body += c))
        req.on('end', () => {
          const review = JSON.parse(body) as {request: {uid: string}}
          const ops = [
            {
              op: 'add',
              path: '/metadata/annotations',
              value: {'sidecar.istio.io/status': `injected via ${req.url}`},
            },
          ]
          res.setHeader('Content-Type', 'application/json')
          res.end(
            JSON.stringify({
              apiVersion: 'admission.k8s.io/v1',
              kind: 'AdmissionReview',
              response: {
                uid: review.request.uid,
                allowed: true,
                patchType: 'JSONPatch',
                patch: Buffer.from(JSON.stringify(ops)).toString('base64'),
              },
            }),
          )
        })
      })
      await new Promise<void>((r) => injector.listen(0, '127.0.0.1', r))
      try {
        sim.portForward(
          {namespace: 'hooks', selector: 'app=injector', port: 15017},
          {host: '127.0.0.1', port: (injector.address() as AddressInfo).port},
        )
        await sim.seed([
          {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'hooks'}},
          workload('Deployment', 'injector', 'hooks'),
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: {name: 'injector', namespace: 'hooks'},
            spec: {
              selector: {app: 'injector'},
              ports: [{name: 'https-webhook', port: 443, targetPort: 15017}],
            },
          },
          {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'svc-inj', labels: {inject: 'svc'}}},
        ])
        await sim.waitFor(() => sim.list('v1', 'Pod', 'hooks').some((p) => p.status?.phase === 'Running'))
        await sim.seed([
          {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'MutatingWebhookConfiguration',
            metadata: {name: 'svc-injector'},
            webhooks: [
              {
                name: 'svc.injector.io',
                clientConfig: {service: {namespace: 'hooks', name: 'injector', path: '/inject'}},
                rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}],
                namespaceSelector: {matchLabels: {inject: 'svc'}},
                failurePolicy: 'Fail',
              },
            ],
          },
        ])
        const r = await post('/api/v1/namespaces/svc-inj/pods', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'x'},
          spec: {containers: [{name: 'app', image: 'app:1'}]},
        })
        expect(r.status, r.body.message).to.equal(201)
        expect(r.body.metadata.annotations).to.deep.equal({'sidecar.istio.io/status': 'injected via /inject'})
      } finally {
        injector.close()
      }
    })

    it('pods a webhook refuses: FailedCreate events and ReplicaFailure, never SuccessfulCreate', async () => {
      await sim.seed([
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'refused', labels: {refuse: 'yes'}}},
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: {name: 'refuse-pods'},
          webhooks: [
            {
              name: 'refuse.example.com',
              clientConfig: {service: {namespace: 'istio-system', name: 'refuser', path: '/'}},
              rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}],
              namespaceSelector: {matchLabels: {refuse: 'yes'}},
              failurePolicy: 'Fail',
            },
          ],
        },
      ])
      sim.webhookService('istio-system', 'refuser', (review) => ({
        uid: String(review.request.uid),
        allowed: false,
        status: {code: 403, message: 'not today'},
      }))
      await sim.seed([workload('Deployment', 'web', 'refused', {replicas: 1})])
      const rsOf = () => sim.list('apps/v1', 'ReplicaSet', 'refused')[0]
      await sim.waitFor(() => !!cond(rsOf(), 'ReplicaFailure'))
      expect(cond(rsOf(), 'ReplicaFailure')).to.deep.include({status: 'True', reason: 'FailedCreate'})
      expect(cond(rsOf(), 'ReplicaFailure').message).to.match(
        /admission webhook "refuse.example.com" denied the request: not today/,
      )
      await sim.waitFor(() => !!cond(sim.get('apps/v1', 'Deployment', 'web', 'refused'), 'ReplicaFailure'))
      const events = sim.list('v1', 'Event', 'refused').filter((e) => e.involvedObject?.kind === 'ReplicaSet')
      expect(events.map((e) => e.reason))
        .to.include('FailedCreate')
        .and.not.include('SuccessfulCreate')
      expect(events.find((e) => e.reason === 'FailedCreate')).to.deep.include({type: 'Warning'})
      expect(sim.list('v1', 'Pod', 'refused')).to.have.length(0)
      await fetch(
        `${sim.url}/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/refuse-pods`,
        {
          method: 'DELETE',
        },
      )
      // Once pods can be created, the condition goes.
      await sim.waitFor(
        () => sim.list('v1', 'Pod', 'refused').length === 1 && !cond(rsOf(), 'ReplicaFailure'),
      )
    })

    it('failurePolicy: Fail refuses when the webhook is unreachable; Ignore lets the write through', async () => {
      for (const policy of ['Fail', 'Ignore']) {
        await sim.seed([
          {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingWebhookConfiguration',
            metadata: {name: `down-${policy.toLowerCase()}`},
            webhooks: [
              {
                name: 'down.example.com',
                clientConfig: {url: 'http://127.0.0.1:1/x'},
                rules: [
                  {operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps']},
                ],
                failurePolicy: policy,
                timeoutSeconds: 2,
              },
            ],
          },
        ])
        const r = await post('/api/v1/namespaces/w/configmaps', {
          metadata: {name: `cm-${policy.toLowerCase()}`},
        })
        if (policy === 'Fail') {
          expect(r.status).to.equal(500)
          expect(r.body.message).to.contain('failed calling webhook "down.example.com"')
          await fetch(
            `${sim.url}/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/down-fail`,
            {method: 'DELETE'},
          )
        } else expect(r.status).to.equal(201)
      }
    })
  })
})
