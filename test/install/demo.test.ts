import {execFile} from 'node:child_process'
import {expect} from 'chai'
import {ROOT} from '../helpers/cli.js'
import {haveKubectl} from '../kube-sim/helpers.js'

describe('npm run demo (the walkthrough on kube-sim)', function () {
  this.timeout(240_000)
  before(async function () {
    if (!(await haveKubectl())) {
      console.log('      skipping: kubectl is not installed (the walkthrough uses it)')
      this.skip()
    }
  })
  it('runs every step with real commands and output: install, injected Bookinfo, gateway, analyze', async () => {
    const {code, stdout, stderr} = await new Promise<{code: number; stdout: string; stderr: string}>(
      (resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/demo.ts'],
          {cwd: ROOT, maxBuffer: 32 * 1024 * 1024, env: {...process.env, NO_COLOR: '1'}},
          (err, out, errOut) => resolve({code: err ? Number(err.code ?? 1) : 0, stdout: out, stderr: errOut}),
        )
      },
    )
    expect(code, stderr.slice(-2000)).to.equal(0)
    const all = stdout + stderr
    expect(stdout).to.match(/^# A simulated Kubernetes cluster is running at http:\/\/127\.0\.0\.1:\d+/m)
    expect(stdout).to.include('$ meshctl manifest apply --set profile=demo -y')
    expect(all).to.include('✔ Installation complete')
    expect(all).to.include('✔ Istio is installed and verified successfully')
    // Every Bookinfo pod and the client are Running with the sidecar (2/2).
    // (kubectl get pods rows: NAME READY …; proxy-status rows name the same pods)
    const pods = stdout
      .split('\n')
      .filter((l) => /^(details|productpage|ratings|reviews|sleep)-\S+\s+\d+\/\d+\s/.test(l))
    expect(pods).to.have.length(7)
    for (const p of pods) expect(p).to.match(/\s2\/2\s+Running\s/)
    expect(stdout).to.include('gateway.networking.istio.io/bookinfo-gateway created')
    expect(stdout).to.include('$ meshctl analyze -n dev')
    expect(all).to.include('No validation issues found when analyzing namespace: dev.')
    // proxy-status against the stand-in xDS server, which the output calls simulated
    expect(stdout).to.match(
      /^# \(simulated: no istiod runs here; an in-process xDS server .*\)\n\$ meshctl proxy-status\n/m,
    )
    expect(stdout).to.match(
      /^productpage-v1-\S+\.dev +Kubernetes +istiod-\S+ +1\.30\.3 +4 \(CDS,LDS,EDS,RDS\)$/m,
    )
  })
})
