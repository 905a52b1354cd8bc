// The kiali case on every cluster back end: kube-sim, and the real control plane (test/bed: kube-apiserver,
// whose port-forward reaches kwok's fake kubelet) when it is installed; skipped with the reason otherwise.
import type {Server} from 'node:http'
import {expect} from 'chai'
import {onBackends} from '../helpers/cluster.js'
import {createKubeClient} from '../../src/lib/kube/client.js'
import type {KubeObject} from '../../src/lib/kube/types.js'
import {deployment, fakeUi, freePort, get, listening, portOf, routeTo, startCli} from './helpers.js'

const NS = 'istio-system'

onBackends('meshctl dashboard kiali', (cluster) => {
  let kiali: Server
  before(async () => {
    kiali = await fakeUi('Kiali')
  })
  after(() => kiali?.close())

  it('serves the Kiali page at the printed URL through the API server, and exits 0 on SIGINT', async function () {
    this.timeout(120_000)
    const c = cluster()
    const kube = await createKubeClient({kubeconfig: c.kubeconfigPath})
    const podPort = await freePort()
    const apply = (obj: KubeObject) => kube.apply(obj, {fieldManager: 'meshctl-test', force: true})
    await apply({apiVersion: 'v1', kind: 'Namespace', metadata: {name: NS}})
    await apply(deployment('kiali', NS, {app: 'kiali'}, podPort))
    // What the pod port reaches: a handler on the simulator, a ClusterPortForward rule for kwok's kubelet.
    if (c.sim) routeTo(c.sim, {namespace: NS, selector: 'app=kiali', port: podPort}, kiali)
    else
      await apply({
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'ClusterPortForward',
        metadata: {name: 'kiali'},
        spec: {
          selector: {matchNamespaces: [NS]},
          forwards: [{ports: [podPort], target: {port: portOf(kiali), address: '127.0.0.1'}}],
        },
      })
    let ready = false
    const poll = async () => {
      for (let i = 0; i < 300 && !ready; i++) {
        const pods = await kube.list<KubeObject & {status?: {conditions?: {type: string; status: string}[]}}>(
          {apiVersion: 'v1', kind: 'Pod'},
          {namespace: NS, labelSelector: 'app=kiali'},
        )
        ready = pods.some((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'))
        if (!ready) await new Promise((r) => setTimeout(r, 200))
      }
    }
    await poll()
    expect(ready, 'a Ready kiali pod').to.equal(true)

    const cli = await startCli(['dashboard', 'kiali', '--browser=false', '--ui-port', String(podPort)], {
      KUBECONFIG: c.kubeconfigPath,
    })
    expect(cli.url).to.equal(`http://localhost:${podPort}/kiali`)
    // kwok takes up a new ClusterPortForward asynchronously: until then its kubelet hangs up, so retry briefly
    let page: Awaited<ReturnType<typeof get>> | undefined
    for (let i = 0; i < 10 && !page; i++)
      page = await get(cli.url).catch(async () => {
        await new Promise((r) => setTimeout(r, 300))
        return undefined
      })
    expect(page).to.deep.equal({status: 200, body: '<title>Kiali</title> /kiali'})
    expect(await cli.stop()).to.equal(0)
    expect(await listening(podPort)).to.equal(false)
  })
})
