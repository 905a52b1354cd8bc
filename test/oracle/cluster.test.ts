import {expect} from 'chai'
import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {clusterInputs, runClusterCases} from './cluster.js'
import {ROOT} from './harness.js'

describe('oracle: cluster-mode analyze cases (cluster.ts)', function () {
  this.timeout(120000)

  it("covers Istio's analyzer inputs (when the checkout is here) and both corpora", () => {
    const names = clusterInputs().map((i) => i.name)
    expect(names).to.include('meshctl analyze corpus')
    expect(names).to.include('meshctl oracle corpus')
  })

  it('seeds a simulator, runs both tools with --kubeconfig and judges findings (meshctl against itself)', async () => {
    const bin = join(ROOT, 'bin/run.js')
    // a stand-in istioctl that is meshctl: the case must pass, and must have read the cluster
    const dir = mkdtempSync(join(tmpdir(), 'oracle-cluster-'))
    const self = join(dir, 'istioctl')
    writeFileSync(self, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`)
    chmodSync(self, 0o755)
    const codes: string[] = []
    const [outcome, ...rest] = await runClusterCases(self, bin, {
      grep: 'meshctl analyze corpus',
      onResult: (_, ours) => codes.push(...(JSON.parse(ours.stdout) as {code: string}[]).map((f) => f.code)),
    })
    // the seeded corpus has findings, read from the cluster
    expect(codes).to.include('IST0101')
    expect(rest).to.deep.equal([])
    expect(outcome.name).to.equal('analyze cluster: meshctl analyze corpus')
    expect(outcome.details.filter((d) => !d.startsWith('(the simulator refused'))).to.deep.equal([])
    expect(outcome.ok).to.equal(true)
  })
})
