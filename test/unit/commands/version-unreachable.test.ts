/** `meshctl version` when the control plane cannot be asked (issue #18): client version first, then one error. */
import {Duplex} from 'node:stream'
import {expect} from 'chai'
import {runCli} from '../../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../../kube-sim/index.js'

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'istio-system', labels: {app: 'istiod'}},
  spec: {containers: [{name: 'discovery', image: 'docker.io/istio/pilot:1.30.3'}]},
})

describe('version: client version first, then the control-plane error', function () {
  this.timeout(60_000)

  it('no kubeconfig: prints the client version, then the error, exit 1', async () => {
    const r = await runCli(['version'], {env: {KUBECONFIG: '/nonexistent'}})
    expect(r.code).to.equal(1)
    expect(r.stdout).to.match(/^client version: 1\.30\.3 \(meshctl \d+\.\d+\.\d+\)\n$/)
    expect(r.stderr).to.equal('error: none of the KUBECONFIG files exist: /nonexistent\n')
    const json = await runCli(['version', '-o', 'json'], {env: {KUBECONFIG: '/nonexistent'}})
    expect(json.code).to.equal(1)
    expect(Object.keys(JSON.parse(json.stdout))).to.deep.equal(['clientVersion'])
  })

  describe('an istiod pod that exists but does not answer (kube-sim)', () => {
    let sim: KubeSim
    before(async () => {
      sim = await startKubeSim()
      await sim.seed([pod('istiod-silent-1')])
      await sim.waitFor(
        () => sim.get('v1', 'Pod', 'istiod-silent-1', 'istio-system')?.status?.phase === 'Running',
      )
    })
    after(async () => sim?.stop())

    it('nothing listens on 15014: fails at once, naming pod, port and the refusal', async () => {
      const started = Date.now()
      const r = await runCli(['version', '--request-timeout', '20s'], {env: {KUBECONFIG: sim.kubeconfigPath}})
      expect(Date.now() - started).to.be.lessThan(15_000)
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stdout).to.match(/^client version: /)
      expect(r.stderr).to.match(
        /^error: GET \/version from pod istio-system\/istiod-silent-1 port 15014: .*connection refused/,
      )
    })

    it('the port accepts but never answers: obeys --request-timeout and says so', async () => {
      // A pod port that takes the request and never writes back.
      sim.portForward(
        {namespace: 'istio-system', selector: 'app=istiod', port: 15014},
        () => new Duplex({read() {}, write: (_chunk, _enc, done) => done()}),
      )
      const started = Date.now()
      const r = await runCli(['version', '--request-timeout', '2s'], {env: {KUBECONFIG: sim.kubeconfigPath}})
      const took = Date.now() - started
      expect(took).to.be.greaterThan(1_900)
      expect(took).to.be.lessThan(12_000)
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stdout).to.match(/^client version: /)
      expect(r.stderr).to.equal(
        'error: GET /version from pod istio-system/istiod-silent-1 port 15014: no answer within 2s\n',
      )
    })

    it('the API server never opens the tunnel: the connect timeout (--request-timeout) ends it', async () => {
      const remove = sim.fault({path: /\/portforward$/, latencyMs: 30_000})
      try {
        const started = Date.now()
        const r = await runCli(['version', '--request-timeout', '2s'], {
          env: {KUBECONFIG: sim.kubeconfigPath},
        })
        expect(Date.now() - started).to.be.lessThan(12_000)
        expect(r.code, r.stderr).to.equal(1)
        expect(r.stderr).to.match(
          /^error: GET \/version from pod istio-system\/istiod-silent-1 port 15014: .*(did not open the port-forward within 2s|no answer within 2s)/,
        )
      } finally {
        remove()
      }
    })
  })
})
