/** meshctl's own kube layer (createKubeClient) against the simulator: list, get, apply, delete, watch, portForward. */
import {expect} from 'chai'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {createKubeClient, type KubeClient, type WatchEvent} from '../../src/lib/kube/client.js'
import {Kinds} from '../../src/lib/kube/types.js'
import {startKubeSim, type KubeSim} from './index.js'

describe('kube-sim: meshctl KubeClient integration', function () {
  this.timeout(30_000)
  let sim: KubeSim
  let kube: KubeClient
  let backend: http.Server

  before(async () => {
    sim = await startKubeSim({tls: true})
    kube = await createKubeClient({
      kubeconfig: sim.kubeconfigPath,
      namespace: 'mesh',
      requestTimeoutMs: 10_000,
    })
    await sim.seed(`apiVersion: v1
kind: Namespace
metadata: {name: mesh, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: mesh}
spec:
  replicas: 2
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod}}
    spec: {containers: [{name: discovery, image: pilot:1.30.3}]}
`)
    backend = http.createServer((_req, res) => res.end('{"version":"1.30.3"}'))
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
    sim.portForward(
      {namespace: 'mesh', selector: 'app=istiod', port: 15014},
      {host: '127.0.0.1', port: (backend.address() as AddressInfo).port},
    )
  })

  after(async () => {
    await sim?.stop()
    backend?.close()
  })

  it('lists pods by label selector once the controllers have run', async () => {
    await sim.waitFor(
      () => sim.list('v1', 'Pod', 'mesh').filter((p) => p.status?.phase === 'Running').length === 2,
    )
    const pods = await kube.list(Kinds.Pod, {namespace: 'mesh', labelSelector: 'app=istiod'})
    expect(pods).to.have.length(2)
    for (const p of pods) expect(p.metadata.name).to.match(/^istiod-[a-z0-9]{10}-[a-z0-9]{5}$/)
  })

  it('lists across namespaces and pages through results', async () => {
    const namespaces = await kube.list(Kinds.Namespace, {pageSize: 2})
    expect(namespaces.map((n) => n.metadata.name)).to.include.members(['default', 'kube-system', 'mesh'])
  })

  it('gets an object, or undefined when missing', async () => {
    const ns = await kube.get(Kinds.Namespace, 'mesh')
    expect(ns?.metadata.labels?.['istio-injection']).to.equal('enabled')
    expect(await kube.get(Kinds.ConfigMap, 'missing', 'mesh')).to.equal(undefined)
  })

  it('applies (server-side) with field ownership, and reports conflicts', async () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'istio', namespace: 'mesh'},
      data: {mesh: 'a: 1'},
    }
    const first = await kube.apply(cm, {fieldManager: 'meshctl'})
    expect((first.metadata as {uid?: string}).uid).to.be.a('string')
    const dry = await kube.apply({...cm, data: {mesh: 'a: 2'}}, {fieldManager: 'meshctl', dryRun: true})
    expect((dry as typeof cm).data.mesh).to.equal('a: 2')
    expect(sim.get('v1', 'ConfigMap', 'istio', 'mesh')?.data.mesh).to.equal('a: 1')
    const err = await kube
      .apply({...cm, data: {mesh: 'b'}}, {fieldManager: 'someone-else'})
      .catch((e: Error) => e)
    expect(err).to.be.instanceOf(Error)
    expect((err as Error).message).to.match(/conflict/i)
    await kube.apply({...cm, data: {mesh: 'b'}}, {fieldManager: 'someone-else', force: true})
    expect(sim.get('v1', 'ConfigMap', 'istio', 'mesh')?.data.mesh).to.equal('b')
  })

  it('watches events', async () => {
    const events: WatchEvent[] = []
    const w = await kube.watch('/api/v1/namespaces/mesh/configmaps', {}, (ev) => events.push(ev))
    await kube.apply(
      {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'watched', namespace: 'mesh'}},
      {fieldManager: 'meshctl'},
    )
    const end = Date.now() + 5000
    while (!events.some((e) => e.object.metadata.name === 'watched') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20))
    w.stop()
    await w.done
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).to.include('ADDED watched')
  })

  it('deletes (true), and reports a missing object as false', async () => {
    expect(await kube.delete(Kinds.ConfigMap, 'istio', 'mesh')).to.equal(true)
    expect(await kube.delete(Kinds.ConfigMap, 'istio', 'mesh')).to.equal(false)
  })

  it('port-forwards to a pod port mapped by label selector', async () => {
    const pod = (await kube.list(Kinds.Pod, {namespace: 'mesh', labelSelector: 'app=istiod'}))[0]!
    const pf = await kube.portForward('mesh', pod.metadata.name!, 15014)
    try {
      const body = await (await fetch(`${pf.url}/version`)).text()
      expect(body).to.equal('{"version":"1.30.3"}')
    } finally {
      await pf.close()
    }
  })

  it('maps API errors: a 503 that persists through the retries surfaces as an error naming the server', async () => {
    const remove = sim.fault({
      method: 'GET',
      path: '/api/v1/namespaces/mesh/configmaps',
      status: 503,
    })
    const err = await kube.list(Kinds.ConfigMap, {namespace: 'mesh'}).catch((e: Error) => e)
    remove()
    expect(err).to.be.instanceOf(Error)
    expect((err as Error).message).to.contain('The server is currently unable to handle the request')
    expect(await kube.list(Kinds.ConfigMap, {namespace: 'mesh'})).to.be.an('array')
  })
})
