/**
 * Conformance: the real kubectl (1.32 on PATH) against the simulator. Skips with a message when kubectl is absent.
 */
import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {startKubeSim, type KubeSim} from './index.js'
import {haveKubectl, Kubectl, waitForOutput} from './helpers.js'

const DEPLOY = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 8080
      - name: sidecar
        image: busybox
`
const SVC = `apiVersion: v1
kind: Service
metadata: {name: web-svc}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`
const CM = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: "1", b: "2"}
`
const CM_CHANGED = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: "9"}
`
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
    additionalPrinterColumns:
    - {name: Size, type: string, jsonPath: .spec.size}
    - {name: Tags, type: string, jsonPath: .spec.tags}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`
const STRUCTURAL_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gizmos, kind: Gizmo}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: string}
              labels: {type: object, additionalProperties: {type: string}}
              free: {type: object, x-kubernetes-preserve-unknown-fields: true}
`
const GIZMO = `apiVersion: example.com/v1
kind: Gizmo
metadata: {name: g1}
spec: {size: s, colour: red, labels: {a: b}, free: {anything: 1}}
`
const CR = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w1}
spec: {size: big, tags: [a, b]}
`

describe('kube-sim: kubectl conformance', function () {
  this.timeout(60_000)
  let sim: KubeSim
  let k: Kubectl
  let dir: string
  let backend: http.Server
  const images = () =>
    k.ok(['-n', 't1', 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}'])
  const webPod = () =>
    k.ok(['-n', 't1', 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])
  const file = (name: string, text: string) => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return p
  }

  before(async function () {
    if (!haveKubectl()) {
      console.log('    [skip] kubectl not found on PATH: kubectl conformance suite skipped')
      this.skip()
    }
    sim = await startKubeSim()
    k = new Kubectl(sim.kubeconfigPath)
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-'))
    backend = http.createServer((req, res) => res.end(`pod says ${req.url}`))
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
    sim.portForward(
      {namespace: 't1', selector: 'app=web', port: 8080},
      {host: '127.0.0.1', port: (backend.address() as AddressInfo).port},
    )
  })

  after(async () => {
    await sim?.stop()
    backend?.close()
    k?.cleanup()
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  it('version, api-resources, default namespace', async () => {
    expect(await k.ok(['version'])).to.match(/Server Version: v1\.32\.\d+-sim/)
    expect(await k.ok(['api-resources'])).to.match(/^deployments +deploy +apps\/v1 +true +Deployment$/m)
    expect(await k.ok(['get', 'ns', 'default', '-o', 'jsonpath={.status.phase}'])).to.equal('Active')
  })

  it('create, get, label, selectors, merge and json patch', async () => {
    expect(await k.ok(['create', 'ns', 't1'])).to.contain('namespace/t1 created')
    await k.ok(['-n', 't1', 'create', 'configmap', 'c1', '--from-literal=a=1'])
    const dup = await k.run(['-n', 't1', 'create', 'configmap', 'c1', '--from-literal=a=1'])
    expect(dup.code).to.equal(1)
    expect(dup.stderr).to.contain('configmaps "c1" already exists')
    const nons = await k.run(['-n', 'nope', 'create', 'configmap', 'c1', '--from-literal=a=1'])
    expect(nons.code).to.equal(1)
    expect(nons.stderr).to.contain('namespaces "nope" not found')
    expect(await k.ok(['-n', 't1', 'get', 'cm', 'c1', '-o', 'jsonpath={.data.a}'])).to.equal('1')
    expect((await k.run(['-n', 't1', 'get', 'cm', '-l', 'app=x'])).stderr).to.contain('No resources found')
    await k.ok(['-n', 't1', 'label', 'cm', 'c1', 'app=x'])
    expect(await k.ok(['-n', 't1', 'get', 'cm', '-l', 'app in (x,y)', '-o', 'name'])).to.equal(
      'configmap/c1\n',
    )
    expect(
      await k.ok(['-n', 't1', 'get', 'cm', '--field-selector', 'metadata.name=c1', '-o', 'name']),
    ).to.equal('configmap/c1\n')
    await k.ok(['-n', 't1', 'patch', 'cm', 'c1', '--type=merge', '-p', '{"data":{"b":"2"}}'])
    expect(await k.ok(['-n', 't1', 'get', 'cm', 'c1', '-o', 'jsonpath={.data.b}'])).to.equal('2')
    await k.ok(['-n', 't1', 'patch', 'cm', 'c1', '--type=json', '-p', '[{"op":"remove","path":"/data/b"}]'])
    expect(await k.ok(['-n', 't1', 'get', 'cm', 'c1', '-o', 'json'])).to.not.contain('"b"')
    const bad = await k.run(['-n', 't1', 'get', 'cm', '-l', 'a b c'])
    expect(bad.code).to.equal(1)
  })

  it('create deployment and service: protobuf bodies, zero replicas and int-or-string ports kept', async () => {
    await k.ok(['create', 'ns', 'pb'])
    expect(
      await k.ok(['-n', 'pb', 'create', 'deployment', 'd0', '--image=nginx:1.27', '--replicas=0']),
    ).to.contain('deployment.apps/d0 created')
    expect(
      await k.ok([
        '-n',
        'pb',
        'get',
        'deploy',
        'd0',
        '-o',
        'jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image}',
      ]),
    ).to.equal('0 d0 nginx:1.27')
    await k.ok([
      '-n',
      'pb',
      'create',
      'deployment',
      'd2',
      '--image=nginx:1.27',
      '--replicas=2',
      '--port=8080',
    ])
    expect(
      await k.ok([
        '-n',
        'pb',
        'get',
        'deploy',
        'd2',
        '-o',
        'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}',
      ]),
    ).to.equal('2 8080')
    await k.ok(['-n', 'pb', 'create', 'service', 'clusterip', 'web', '--tcp=80:http'])
    expect(
      await k.ok([
        '-n',
        'pb',
        'get',
        'svc',
        'web',
        '-o',
        'jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}',
      ]),
    ).to.equal('80 http web')
  })

  it('client-side apply: created, unchanged, configured (strategic merge with $setElementOrder)', async () => {
    const f = file('deploy.yaml', DEPLOY('nginx:1.25') + '---\n' + SVC)
    expect(await k.ok(['-n', 't1', 'apply', '-f', f])).to.contain('deployment.apps/web created')
    expect(await k.ok(['-n', 't1', 'apply', '-f', f])).to.contain('deployment.apps/web unchanged')
    file('deploy.yaml', DEPLOY('nginx:1.26') + '---\n' + SVC)
    expect(await k.ok(['-n', 't1', 'apply', '-f', f])).to.contain('deployment.apps/web configured')
    const smp = sim.requestLog.filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/web'))
    expect(smp.at(-1)?.contentType).to.equal('application/strategic-merge-patch+json')
    expect(await images()).to.equal('nginx:1.26 busybox')
  })

  it('strategic merge patch merges containers by name', async () => {
    await k.ok([
      '-n',
      't1',
      'patch',
      'deploy',
      'web',
      '--type=strategic',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:2"}]}}}}',
    ])
    expect(await images()).to.equal('nginx:1.26 busybox:2')
  })

  it('rollout status, wait Available, scale, pods Ready, endpoints', async () => {
    expect(await k.ok(['-n', 't1', 'rollout', 'status', 'deploy/web', '--timeout=20s'])).to.contain(
      'successfully rolled out',
    )
    expect(
      await k.ok(['-n', 't1', 'wait', '--for=condition=Available', 'deploy/web', '--timeout=20s']),
    ).to.contain('condition met')
    await k.ok(['-n', 't1', 'scale', 'deploy/web', '--replicas=3'])
    await k.ok([
      '-n',
      't1',
      'wait',
      '--for=jsonpath={.status.readyReplicas}=3',
      'deploy/web',
      '--timeout=20s',
    ])
    await k.ok(['-n', 't1', 'wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=20s'])
    await k.ok(['-n', 't1', 'rollout', 'status', 'deploy/web', '--timeout=20s'])
    const table = await k.ok(['-n', 't1', 'get', 'pods', '-l', 'app=web'])
    expect(table.split('\n').filter((l) => / 2\/2 +Running /.test(l))).to.have.length(3)
    const deploy = await k.ok(['-n', 't1', 'get', 'deploy', 'web'])
    expect(deploy).to.match(/^web +3\/3 +3 +3 /m)
    const rs = await k.ok([
      '-n',
      't1',
      'get',
      'rs',
      '-l',
      'app=web',
      '-o',
      'jsonpath={range .items[*]}{.spec.replicas}{" "}{end}',
    ])
    expect(rs.trim().split(' ').map(Number).sort()).to.deep.equal([0, 0, 3])
    await sim.waitFor(
      () => (sim.get('v1', 'Endpoints', 'web-svc', 't1')?.subsets?.[0]?.addresses?.length ?? 0) === 3,
    )
    const ips = await k.ok([
      '-n',
      't1',
      'get',
      'endpoints',
      'web-svc',
      '-o',
      'jsonpath={.subsets[0].addresses[*].ip}',
    ])
    expect(ips.split(' ')).to.have.length(3)
    for (const ip of ips.split(' ')) expect(ip).to.match(/^10\.244\./)
  })

  it('get -w streams Table rows while the controllers change pods (one header)', async () => {
    const w = k.spawn(['-n', 't1', 'get', 'pods', '-l', 'app=web', '-w'])
    try {
      await waitForOutput(w, 'Running')
      let out = ''
      w.stdout!.on('data', (d: Buffer) => (out += d.toString()))
      await k.ok(['-n', 't1', 'scale', 'deploy/web', '--replicas=4'])
      await sim.waitFor(
        () => sim.list('v1', 'Pod', 't1').filter((p) => p.status?.phase === 'Running').length === 4,
      )
      const end = Date.now() + 10_000
      while (!/ 2\/2 +Running /.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
      expect(out).to.match(/ 0\/2 +Pending /)
      expect(out).to.match(/ 2\/2 +Running /)
      expect(out).to.not.contain('NAME')
    } finally {
      w.kill()
    }
  })

  it('server-side apply with a conflict, --force-conflicts and managedFields', async () => {
    const cm = file('cm.yaml', CM)
    const changed = file('cm-changed.yaml', CM_CHANGED)
    expect(await k.ok(['-n', 't1', 'apply', '--server-side', '-f', cm])).to.contain(
      'configmap/cfg serverside-applied',
    )
    const clash = await k.run(['-n', 't1', 'apply', '--server-side', '-f', changed, '--field-manager=other'])
    expect(clash.code).to.equal(1)
    expect(clash.stderr).to.contain('Apply failed with 1 conflict: conflict with "kubectl": .data.a')
    await k.ok([
      '-n',
      't1',
      'apply',
      '--server-side',
      '-f',
      changed,
      '--field-manager=other',
      '--force-conflicts',
    ])
    const yaml = await k.ok(['-n', 't1', 'get', 'cm', 'cfg', '--show-managed-fields', '-o', 'yaml'])
    expect(yaml.match(/manager: other/g)).to.have.length(1)
    expect(await k.ok(['-n', 't1', 'get', 'cm', 'cfg', '-o', 'jsonpath={.data}'])).to.equal(
      '{"a":"9","b":"2"}',
    )
    // kubectl re-applies without b: it owned b alone, so b is pruned; a now belongs to "other" → conflict.
    const again = await k.run([
      '-n',
      't1',
      'apply',
      '--server-side',
      '-f',
      file('cm-a1.yaml', CM.replace(', b: "2"', '')),
    ])
    expect(again.stderr).to.contain('conflict with "other"')
  })

  it('--dry-run=server persists nothing', async () => {
    const f = file('new.yaml', CM.replace('name: cfg', 'name: newcm'))
    expect(await k.ok(['-n', 't1', 'apply', '--server-side', '--dry-run=server', '-f', f])).to.contain(
      '(server dry run)',
    )
    expect(await k.ok(['-n', 't1', 'create', '--dry-run=server', '-f', f])).to.contain('(server dry run)')
    const get = await k.run(['-n', 't1', 'get', '-f', f])
    expect(get.code).to.equal(1)
    expect(get.stderr).to.contain('configmaps "newcm" not found')
  })

  it('replace with a stale resourceVersion → 409 Conflict', async () => {
    const stale = file('stale.yaml', await k.ok(['-n', 't1', 'get', 'cm', 'c1', '-o', 'yaml']))
    await k.ok(['-n', 't1', 'label', 'cm', 'c1', 'fresh=yes'])
    const r = await k.run(['-n', 't1', 'replace', '-f', stale])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.contain(
      'the object has been modified; please apply your changes to the latest version and try again',
    )
  })

  it('CRD → wait Established → custom resources by short name; SMP → 415', async () => {
    await k.ok(['apply', '-f', file('crd.yaml', CRD)])
    await k.ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=20s'])
    expect(await k.ok(['-n', 't1', 'apply', '-f', file('cr.yaml', CR)])).to.contain(
      'widget.example.com/w1 created',
    )
    expect(await k.ok(['-n', 't1', 'get', 'wd', 'w1'])).to.match(/^w1 +big +\["a","b"\] +\d+s$/m)
    const smp = await k.run(['-n', 't1', 'patch', 'wd', 'w1', '--type=strategic', '-p', '{"spec":{}}'])
    expect(smp.code).to.equal(1)
    expect(smp.stderr).to.contain('the body of the request was in an unknown format')
    await k.ok(['-n', 't1', 'patch', 'wd', 'w1', '--type=merge', '-p', '{"spec":{"size":"small"}}'])
    expect(await k.ok(['-n', 't1', 'get', 'widgets', 'w1', '-o', 'jsonpath={.spec.size}'])).to.equal('small')
    expect(await k.ok(['-n', 't1', 'apply', '-f', file('cr.yaml', CR)])).to.contain('configured')
  })

  it('structural schemas: strict validation rejects unknown fields, warn warns, otherwise they are pruned', async () => {
    await k.ok(['apply', '-f', file('crd2.yaml', STRUCTURAL_CRD)])
    await k.ok(['wait', '--for=condition=Established', 'crd/gizmos.example.com', '--timeout=20s'])
    const gizmo = file('gizmo.yaml', GIZMO)
    for (const extra of [[], ['--server-side']]) {
      const strict = await k.run(['-n', 't1', 'apply', ...extra, '-f', gizmo])
      expect(strict.code).to.equal(1)
      expect(strict.stderr).to.contain(
        'Gizmo in version "v1" cannot be handled as a Gizmo: strict decoding error: unknown field "spec.colour"',
      )
    }
    const warned = await k.run(['-n', 't1', 'apply', '--validate=warn', '-f', gizmo])
    expect(warned.code).to.equal(0)
    expect(warned.stderr).to.contain('Warning: unknown field "spec.colour"')
    expect(await k.ok(['-n', 't1', 'get', 'gizmo', 'g1', '-o', 'jsonpath={.spec}'])).to.equal(
      '{"free":{"anything":1},"labels":{"a":"b"},"size":"s"}',
    )
  })

  for (const websockets of ['true', 'false']) {
    it(`port-forward (${websockets === 'true' ? 'SPDY tunnelled in WebSocket' : 'plain SPDY upgrade'})`, async () => {
      const pod = await webPod()
      const pf = k.spawn(['-n', 't1', 'port-forward', `pod/${pod}`, ':8080'], {
        KUBECTL_PORT_FORWARD_WEBSOCKETS: websockets,
      })
      try {
        const out = await waitForOutput(pf, '-> 8080')
        const port = /127\.0\.0\.1:(\d+) -> 8080/.exec(out)![1]
        for (const path of ['/one', '/two']) {
          const body = await (await fetch(`http://127.0.0.1:${port}${path}`)).text()
          expect(body).to.equal(`pod says ${path}`)
        }
        const upgrades = sim.requestLog
          .filter((r) => r.path.endsWith(`/pods/${pod}/portforward`))
          .map((r) => r.upgrade?.toLowerCase())
        expect(upgrades.at(-1)).to.equal(websockets === 'true' ? 'websocket' : 'spdy/3.1')
      } finally {
        pf.kill()
      }
    })
  }

  it('exec (v5.channel.k8s.io)', async () => {
    const pod = await webPod()
    expect(await k.ok(['-n', 't1', 'exec', pod, '--', 'echo', 'hi'])).to.equal('hi\n')
    const r = await k.run(['-n', 't1', 'exec', pod, '-c', 'web', '--', 'false'])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.contain('command terminated with exit code 1')
    expect(await k.ok(['-n', 't1', 'exec', '-i', pod, '--', 'cat'], {input: 'piped'})).to.equal('piped')
    // the upgrade request is authorized like any other: pods/exec is a subresource
    sim.authorize((_user, a) => a.subresource !== 'exec')
    try {
      const denied = await k.run(['-n', 't1', 'exec', pod, '--', 'echo', 'hi'])
      expect(denied.code).to.equal(1)
      expect(denied.stderr).to.match(
        /pods "[^"]+" is forbidden: User "[^"]*" cannot create resource "pods\/exec"/,
      )
    } finally {
      sim.authorize(undefined)
    }
  })

  it('exec over SPDY (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)', async () => {
    const pod = await webPod()
    const env = {KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false'}
    expect(await k.ok(['-n', 't1', 'exec', pod, '--', 'echo', 'over', 'spdy'], {env})).to.equal('over spdy\n')
    expect(await k.ok(['-n', 't1', 'exec', '-i', pod, '--', 'cat'], {env, input: 'spdy stdin'})).to.equal(
      'spdy stdin',
    )
    const r = await k.run(['-n', 't1', 'exec', pod, '--', 'false'], {env})
    expect(r.code).to.equal(1)
    expect(
      sim.requestLog
        .filter((e) => e.path.endsWith(`/pods/${pod}/exec`))
        .at(-1)
        ?.upgrade?.toLowerCase(),
    ).to.equal('spdy/3.1')
  })

  it('logs and describe', async () => {
    sim.onLogs(({pod, container}) => `log of ${pod}/${container}\n`)
    const pod = await webPod()
    expect(await k.ok(['-n', 't1', 'logs', pod, '-c', 'sidecar'])).to.equal(`log of ${pod}/sidecar\n`)
    const described = await k.ok(['-n', 't1', 'describe', 'pod', pod])
    expect(described).to.match(/Node: +sim-node\/172\.18\.0\.2/)
    expect(described).to.match(/Port: +8080\/TCP/)
  })

  it('delete with finalizers', async () => {
    await k.ok(['-n', 't1', 'create', 'cm', 'fin'])
    await k.ok(['-n', 't1', 'patch', 'cm', 'fin', '-p', '{"metadata":{"finalizers":["x/y"]}}'])
    await k.ok(['-n', 't1', 'delete', 'cm', 'fin', '--wait=false'])
    expect(
      await k.ok(['-n', 't1', 'get', 'cm', 'fin', '-o', 'jsonpath={.metadata.deletionTimestamp}']),
    ).to.match(/^\d{4}-/)
    await k.ok(['-n', 't1', 'patch', 'cm', 'fin', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'])
    await k.ok(['-n', 't1', 'wait', '--for=delete', 'cm/fin', '--timeout=10s'])
    expect((await k.run(['-n', 't1', 'get', 'cm', 'fin'])).code).to.equal(1)
  })

  it('deleting a Deployment garbage-collects its ReplicaSets and Pods', async () => {
    await k.ok(['-n', 't1', 'delete', 'deploy', 'web'])
    await sim.waitFor(
      () => sim.list('v1', 'Pod', 't1').length === 0 && sim.list('apps/v1', 'ReplicaSet', 't1').length === 0,
    )
    expect(await k.ok(['-n', 't1', 'get', 'rs,pods', '-l', 'app=web', '-o', 'name'])).to.equal('')
  })

  it('namespace deletion waits through Terminating', async () => {
    await k.ok(['delete', 'ns', 't1', '--timeout=30s'])
    const r = await k.run(['get', 'ns', 't1'])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.contain('namespaces "t1" not found')
    expect(sim.list('v1', 'ConfigMap', 't1')).to.have.length(0)
  })
})

describe('kube-sim: kubectl over HTTPS with token, client-cert and exec-plugin auth', function () {
  this.timeout(60_000)
  let sim: KubeSim
  let k: Kubectl

  before(async function () {
    if (!haveKubectl()) {
      console.log('    [skip] kubectl not found on PATH: kubectl HTTPS auth suite skipped')
      this.skip()
    }
    sim = await startKubeSim({tls: true})
    k = new Kubectl(sim.kubeconfigPath)
  })

  after(async () => {
    await sim?.stop()
    k?.cleanup()
  })

  for (const [context, user] of [
    ['token', 'admin'],
    ['cert', 'admin'],
    ['exec', 'exec-user'],
  ]) {
    it(`--context ${context}`, async () => {
      expect(await k.ok(['--context', context, 'get', 'ns', 'default', '-o', 'name'])).to.equal(
        'namespace/default\n',
      )
      const last = sim.requestLog.filter((r) => r.path === '/api/v1/namespaces/default').at(-1)
      expect(last?.user).to.equal(user)
    })
  }

  it('authorization: auth can-i (SelfSubjectAccessReview) and 403 Forbidden', async () => {
    sim.authorize((user, a) => !(user === 'exec-user' && a.resource === 'secrets'))
    try {
      const no = await k.run(['--context', 'exec', 'auth', 'can-i', 'list', 'secrets', '-n', 'default'])
      expect([no.code, no.stdout.trim()]).to.deep.equal([1, 'no'])
      expect(
        (await k.ok(['--context', 'token', 'auth', 'can-i', 'list', 'secrets', '-n', 'default'])).trim(),
      ).to.equal('yes')
      const denied = await k.run(['--context', 'exec', 'get', 'secrets', '-n', 'default'])
      expect(denied.code).to.equal(1)
      expect(denied.stderr).to.contain(
        'secrets is forbidden: User "exec-user" cannot list resource "secrets" in API group "" in the namespace "default"',
      )
      await k.ok(['--context', 'exec', 'get', 'configmaps', '-n', 'default'])
    } finally {
      sim.authorize(undefined)
    }
  })

  it('rejects requests without credentials (401)', async () => {
    const res = await fetch(`${sim.url}/api/v1/namespaces`).catch((e: Error) => e)
    // Node's fetch does not trust the test CA; use kubectl with a context lacking credentials instead.
    expect(res).to.be.instanceOf(Error)
    const r = await k.run(['--context', 'token', '--token', 'wrong', 'get', 'ns'])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(/Unauthorized|must be logged in/)
  })
})
