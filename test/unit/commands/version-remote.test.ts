import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {expect} from 'chai'
import {runCli} from '../../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../../kube-sim/index.js'

// An istiod stand-in: what istiod's monitoring port (15014) answers for /version and /debug/syncz.
function fakeIstiod(version: string, proxies: {proxy: string; istio_version: string}[]): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/version') res.end(version)
    else if (req.url === '/debug/syncz') res.end(JSON.stringify(proxies))
    else res.writeHead(404).end()
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const istiodPod = (name: string, rev?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'istio-system',
    labels: {app: 'istiod', ...(rev ? {'istio.io/rev': rev} : {})},
    annotations: {'prometheus.io/port': '15014'},
  },
  spec: {containers: [{name: 'discovery', image: 'docker.io/istio/pilot:1.30.3'}]},
})

describe('version against a cluster (kube-sim)', function () {
  this.timeout(60_000)
  let sim: KubeSim
  let istiod: Server

  before(async () => {
    sim = await startKubeSim()
    istiod = await fakeIstiod('1.30.3-abcdef-Clean', [
      {proxy: 'productpage-v1-1.default', istio_version: '1.30.3'},
      {proxy: 'reviews-v1-1.default', istio_version: '1.30.3'},
      {proxy: 'legacy-1.default', istio_version: '1.29.1'},
    ])
  })
  after(async () => {
    await sim.stop()
    istiod.close()
  })

  it('says Istio is not present (stderr) and still succeeds when no istiod runs', async () => {
    const r = await runCli(['version', '-o', 'json'], {env: {KUBECONFIG: sim.kubeconfigPath}})
    expect(r.code).to.equal(0)
    expect(r.stderr).to.contain('Istio is not present in the cluster')
    expect(Object.keys(JSON.parse(r.stdout))).to.deep.equal(['clientVersion'])
  })

  it('reports control plane and data plane versions through a port-forward to istiod', async () => {
    await sim.seed([istiodPod('istiod-5f7b9c-abcde')])
    await sim.waitFor(
      () => sim.get('v1', 'Pod', 'istiod-5f7b9c-abcde', 'istio-system')?.status?.phase === 'Running',
    )
    sim.portForward(
      {namespace: 'istio-system', selector: 'app=istiod', port: 15014},
      {host: '127.0.0.1', port: (istiod.address() as AddressInfo).port},
    )
    const json = await runCli(['version', '-o', 'json'], {env: {KUBECONFIG: sim.kubeconfigPath}})
    expect(json.stderr).to.equal('')
    const data = JSON.parse(json.stdout)
    expect(data.meshVersion).to.deep.equal([
      {
        Component: 'istiod',
        Revision: 'default',
        Info: {version: '1.30.3', revision: 'abcdef', golang_version: '', status: 'Clean', tag: '1.30.3'},
      },
    ])
    expect(data.dataPlaneVersion).to.have.length(3)

    const text = await runCli(['version'], {env: {KUBECONFIG: sim.kubeconfigPath}})
    expect(text.code).to.equal(0)
    expect(text.stdout.split('\n').slice(1)).to.deep.equal([
      'control plane version: 1.30.3',
      'data plane version: 1.29.1 (1 proxies), 1.30.3 (2 proxies)',
      '',
    ])
  })

  it('filters istiod by --revision', async () => {
    const r = await runCli(['version', '-r', 'canary', '-o', 'json'], {env: {KUBECONFIG: sim.kubeconfigPath}})
    expect(r.stderr).to.contain('Istio is not present in the cluster')
  })
})
