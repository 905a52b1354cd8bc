/** The same behaviours through @kubernetes/client-node 1.4: object API, watch/informer, port-forward, exec, auth. */
import {expect} from 'chai'
import {PassThrough, Writable} from 'node:stream'
import {
  ApiException,
  CoreV1Api,
  Exec,
  KubeConfig,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  PortForward,
  Watch,
  type KubernetesObject,
  type V1ConfigMap,
  type V1Status,
} from '@kubernetes/client-node'
import {startKubeSim, type KubeSim} from './index.js'

function collect(): {stream: Writable; text: () => string} {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk))
      cb()
    },
  })
  return {stream, text: () => Buffer.concat(chunks).toString()}
}

const eventually = async (pred: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('kube-sim: @kubernetes/client-node', function () {
  this.timeout(30_000)
  let sim: KubeSim
  let kc: KubeConfig
  let api: KubernetesObjectApi

  before(async () => {
    sim = await startKubeSim({bookmarkIntervalMs: 200})
    kc = new KubeConfig()
    kc.loadFromFile(sim.kubeconfigPath)
    api = KubernetesObjectApi.makeApiClient(kc)
    await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'cn'}}])
  })
  after(() => sim?.stop())

  const cm = (
    name: string,
    data: Record<string, string>,
  ): KubernetesObject & {data: Record<string, string>} => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name, namespace: 'cn'},
    data,
  })

  it('KubernetesObjectApi: create, read, list, merge patch, SSA, replace 409, delete', async () => {
    const created = (await api.create(cm('c1', {a: '1'}))) as V1ConfigMap
    expect(created.metadata?.uid).to.match(/^[0-9a-f-]{36}$/)
    expect(
      (
        (await api.read({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {name: 'c1', namespace: 'cn'},
        })) as V1ConfigMap
      ).data,
    ).to.deep.equal({a: '1'})
    const list = await api.list('v1', 'ConfigMap', 'cn', undefined, undefined, undefined, 'metadata.name=c1')
    expect(list.items.map((i) => i.metadata?.name)).to.deep.equal(['c1'])
    await api.patch(cm('c1', {b: '2'}), undefined, undefined, undefined, undefined, PatchStrategy.MergePatch)
    const ssa = (await api.patch(
      cm('c1', {a: '1', c: '3'}),
      undefined,
      undefined,
      'meshctl',
      true,
      PatchStrategy.ServerSideApply,
    )) as V1ConfigMap
    expect(ssa.data).to.deep.equal({a: '1', b: '2', c: '3'})
    expect(ssa.metadata?.managedFields?.map((m) => `${m.manager}/${m.operation}`)).to.include('meshctl/Apply')
    const stale = {...ssa, metadata: {...ssa.metadata, resourceVersion: '1'}}
    const err = await api.replace(stale).catch((e: unknown) => e)
    expect(err).to.be.instanceOf(ApiException)
    expect((err as ApiException<string>).code).to.equal(409)
    expect(JSON.parse((err as ApiException<string>).body).reason).to.equal('Conflict')
    await api.delete({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c1', namespace: 'cn'}})
    const gone = await api
      .read({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c1', namespace: 'cn'}})
      .catch((e: unknown) => e)
    expect((gone as ApiException<string>).code).to.equal(404)
  })

  it('SSA creates a missing object (201) and a custom resource refuses strategic merge (415)', async () => {
    await sim.seed(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, kind: Gadget}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
`)
    await sim.waitFor(() => !!sim.server.registry.byKind('example.com/v1', 'Gadget'))
    const g = {
      apiVersion: 'example.com/v1',
      kind: 'Gadget',
      metadata: {name: 'g1', namespace: 'cn'},
      spec: {x: 1},
    }
    await api.patch(g, undefined, undefined, 'meshctl', false, PatchStrategy.ServerSideApply)
    expect(sim.get('example.com/v1', 'Gadget', 'g1', 'cn')?.spec).to.deep.equal({x: 1})
    const smp = await api.patch(g).catch((e: unknown) => e)
    expect((smp as ApiException<string>).code).to.equal(415)
  })

  it('Watch: ADDED, MODIFIED, DELETED as line-delimited events', async () => {
    const events: string[] = []
    const req = await new Watch(kc).watch(
      '/api/v1/namespaces/cn/configmaps',
      {labelSelector: 'w=1'},
      (type, obj: V1ConfigMap) => events.push(`${type} ${obj.metadata?.name}`),
      () => {},
    )
    await api.create({...cm('w1', {}), metadata: {name: 'w1', namespace: 'cn', labels: {w: '1'}}})
    await api.patch(
      {...cm('w1', {x: 'y'}), metadata: {name: 'w1', namespace: 'cn'}},
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    )
    await api.delete({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'w1', namespace: 'cn'}})
    await eventually(() => events.length >= 3)
    req.abort()
    expect(events).to.deep.equal(['ADDED w1', 'MODIFIED w1', 'DELETED w1'])
  })

  it('Watch from an expired resourceVersion gets a 410 ERROR event and the stream closes', async () => {
    sim.compactHistory()
    const events: {type: string; code?: number}[] = []
    let done = false
    await new Watch(kc).watch(
      '/api/v1/namespaces/cn/configmaps',
      {resourceVersion: '1'},
      (type, obj: V1Status) => events.push({type, code: obj.code}),
      () => (done = true),
    )
    await eventually(() => done)
    expect(events).to.deep.equal([{type: 'ERROR', code: 410}])
  })

  it('informer re-lists after 410 and keeps delivering events', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const path = '/api/v1/namespaces/cn/configmaps'
    const informer = makeInformer(kc, path, () => core.listNamespacedConfigMap({namespace: 'cn'}))
    const added: string[] = []
    informer.on('add', (o: V1ConfigMap) => added.push(o.metadata!.name!))
    await informer.start()
    await api.create(cm('inf1', {}))
    await eventually(() => added.includes('inf1'))
    const listsBefore = sim.requestLog.filter((r) => r.path === path && !r.query.includes('watch')).length
    // Forget history, then end the watch: the informer re-watches from its old RV, gets 410, re-lists.
    sim.compactHistory()
    await api.create(cm('inf2', {}))
    sim.compactHistory()
    sim.dropWatches()
    await eventually(
      () => sim.requestLog.filter((r) => r.path === path && !r.query.includes('watch')).length > listsBefore,
    )
    await eventually(() => added.includes('inf2'))
    await api.create(cm('inf3', {}))
    await eventually(() => added.includes('inf3'))
    await informer.stop()
  })

  it('Watch sends bookmarks carrying a resourceVersion', async () => {
    const seen: {type: string; rv?: string}[] = []
    const req = await new Watch(kc).watch(
      '/api/v1/namespaces/cn/configmaps',
      {allowWatchBookmarks: true, resourceVersion: String(sim.server.store.revision)},
      (type, obj: KubernetesObject) => seen.push({type, rv: obj.metadata?.resourceVersion}),
      () => {},
    )
    await eventually(() => seen.some((e) => e.type === 'BOOKMARK'))
    req.abort()
    expect(seen.find((e) => e.type === 'BOOKMARK')?.rv).to.match(/^\d+$/)
  })

  it('PortForward (v4.channel.k8s.io) to a registered handler', async () => {
    await sim.seed([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'p1', namespace: 'cn'},
        spec: {containers: [{name: 'c', image: 'x'}]},
      },
    ])
    await sim.waitFor(() => sim.get('v1', 'Pod', 'p1', 'cn')?.status?.phase === 'Running')
    sim.portForward({namespace: 'cn', pod: 'p1', port: 15000}, () => {
      const s = new PassThrough()
      const echo = new PassThrough()
      // A duplex whose writes come back upper-cased.
      s.on('data', (d: Buffer) => echo.push(Buffer.from(d.toString().toUpperCase())))
      return Object.assign(echo, {write: (d: Buffer) => s.write(d)}) as unknown as PassThrough
    })
    const out = collect()
    const input = new PassThrough()
    const ws = await new PortForward(kc).portForward('cn', 'p1', [15000], out.stream, null, input)
    input.write('hello')
    await eventually(() => out.text() === 'HELLO')
    const sock = typeof ws === 'function' ? ws() : ws
    sock?.close()
    const pf = sim.requestLog.filter((r) => r.path.endsWith('/pods/p1/portforward')).at(-1)
    expect(pf?.query).to.equal('ports=15000')
  })

  it('PortForward to a port nothing listens on reports on the error stream', async () => {
    const out = collect()
    const err = collect()
    await new PortForward(kc).portForward('cn', 'p1', [9999], out.stream, err.stream, new PassThrough())
    await eventually(() => err.text().length > 0)
    expect(err.text()).to.contain('error forwarding port 9999')
  })

  it('Exec: stdout, stderr and the status channel', async () => {
    sim.onExec(({command}) =>
      command[0] === 'pilot-discovery' ? {stdout: 'ok\n', stderr: 'warn\n', exitCode: 3} : undefined,
    )
    const out = collect()
    const errs = collect()
    let status: V1Status | undefined
    await new Exec(kc).exec(
      'cn',
      'p1',
      'c',
      ['pilot-discovery', 'request', 'GET', '/debug'],
      out.stream,
      errs.stream,
      null,
      false,
      (s) => (status = s),
    )
    await eventually(() => status !== undefined)
    expect(out.text()).to.equal('ok\n')
    expect(errs.text()).to.equal('warn\n')
    expect(status?.status).to.equal('Failure')
    expect(status?.details?.causes?.[0]).to.include({reason: 'ExitCode', message: '3'})
    const q = sim.requestLog.filter((r) => r.path.endsWith('/pods/p1/exec')).at(-1)?.query
    expect(q).to.contain('command=pilot-discovery')
  })
})

describe('kube-sim: client-node over HTTPS (token, client cert, exec plugin)', function () {
  this.timeout(30_000)
  let sim: KubeSim
  before(async () => {
    sim = await startKubeSim({tls: true})
  })
  after(() => sim?.stop())

  for (const [context, user] of [
    ['token', 'admin'],
    ['cert', 'admin'],
    ['exec', 'exec-user'],
  ]) {
    it(`context ${context} authenticates as ${user}`, async () => {
      const kc = new KubeConfig()
      kc.loadFromFile(sim.kubeconfigPath)
      kc.setCurrentContext(context)
      const res = await kc.makeApiClient(CoreV1Api).readNamespace({name: 'kube-system'})
      expect(res.status?.phase).to.equal('Active')
      expect(sim.requestLog.at(-1)?.user).to.equal(user)
    })
  }

  it('a wrong token gets 401 Unauthorized', async () => {
    const kc = new KubeConfig()
    kc.loadFromFile(sim.kubeconfigPath)
    kc.users = kc.users.map((u) => (u.name === 'token' ? {...u, token: 'nope'} : u))
    const err = await kc
      .makeApiClient(CoreV1Api)
      .readNamespace({name: 'default'})
      .catch((e: unknown) => e)
    expect((err as ApiException<string>).code).to.equal(401)
  })
})
