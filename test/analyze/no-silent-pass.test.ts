/**
 * Issue #18: analyze never says "fine" about something it did not analyze. Each case: the exit code is
 * non-zero and stderr carries no success mark.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {generateCrds} from '../../src/lib/api/index.js'
import {runCli, type CliResult} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'

const CLEAN = 'test/fixtures/analyze/corpus/clean.yaml'
const HOME = mkdtempSync(join(tmpdir(), 'meshctl-home-')) // no ~/.kube/config here

function expectNoSuccess(r: CliResult): void {
  expect(r.stderr).to.not.contain('\u2714')
  expect(r.stderr).to.not.contain('No validation issues found when analyzing')
}

describe('analyze: no silent passes (issue #18)', function () {
  this.timeout(60_000)

  describe('the cluster is the input and cannot be read: one error line, exit 1', () => {
    const cases: {name: string; args: string[]; env: NodeJS.ProcessEnv}[] = [
      {name: 'no kubeconfig at all', args: [], env: {KUBECONFIG: '', HOME}},
      {
        name: 'KUBECONFIG=/nonexistent, -n prod',
        args: ['-n', 'prod'],
        env: {KUBECONFIG: '/nonexistent', HOME},
      },
      {name: '--context prod, no kubeconfig', args: ['--context', 'prod'], env: {KUBECONFIG: '', HOME}},
      {
        name: '--use-kube with files, no kubeconfig',
        args: ['--use-kube', CLEAN],
        env: {KUBECONFIG: '', HOME},
      },
      {name: '--kubeconfig missing.yaml', args: ['--kubeconfig', '/nonexistent/k.yaml'], env: {HOME}},
    ]
    for (const c of cases) {
      it(c.name, async () => {
        const r = await runCli(['analyze', ...c.args], {env: c.env})
        expect(r.code, r.stderr).to.equal(1)
        expectNoSuccess(r)
        expect(r.stderr.split('\n')[0]).to.match(/^error: cannot analyze the cluster: /)
        expect(r.stdout).to.equal('')
      })
    }
  })

  describe('against kube-sim', () => {
    let sim: KubeSim
    before(async () => {
      sim = await startKubeSim()
      await sim.seed(generateCrds() as never)
      await sim.seed('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n')
    })
    after(async () => sim?.stop())
    afterEach(() => sim.authorize(() => true))
    const analyze = (args: string[]) => runCli(['analyze', ...args], {env: {KUBECONFIG: sim.kubeconfigPath}})

    it('a context the kubeconfig does not have', async () => {
      const r = await analyze(['--context', 'prod'])
      expect(r.code, r.stderr).to.equal(1)
      expectNoSuccess(r)
      expect(r.stderr).to.contain('error: cannot analyze the cluster: context "prod" not found in kubeconfig')
    })

    it('forbidden: every request refused', async () => {
      sim.authorize(() => false)
      const r = await analyze(['-A'])
      expect(r.code, r.stderr).to.equal(1)
      expectNoSuccess(r)
      expect(r.stderr).to.match(/^error: forbidden: .* \(RBAC\)$/m)
    })

    it('forbidden: allowed to get, but not to list any kind', async () => {
      sim.authorize((_user, attrs) => attrs.verb !== 'list')
      const r = await analyze(['-A'])
      expect(r.code, r.stderr).to.equal(1)
      expectNoSuccess(r)
      expect(r.stderr).to.match(/error: cannot analyze the cluster: not allowed to list any of the \d+ kinds/)
    })

    it('unreachable: the API server is gone', async () => {
      const dead = await startKubeSim()
      const kubeconfig = dead.kubeconfigPath
      const copy = join(mkdtempSync(join(tmpdir(), 'meshctl-kc-')), 'config')
      writeFileSync(copy, readFileSync(kubeconfig, 'utf8'))
      await dead.stop()
      const r = await runCli(['analyze', '--request-timeout', '3s'], {env: {KUBECONFIG: copy}})
      expect(r.code, r.stderr).to.equal(1)
      expectNoSuccess(r)
      expect(r.stderr).to.match(
        /^error: .*cannot reach the cluster at http:\/\/127\.0\.0\.1:\d+: connection refused/m,
      )
    })

    it('a reachable cluster with nothing wrong still passes (the success line is earned)', async () => {
      const r = await analyze(['-n', 'shop', '--output-threshold', 'Error'])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.contain('\u2714 No validation issues found when analyzing namespace: shop.')
    })
  })

  describe('files', () => {
    const env = {KUBECONFIG: '', HOME}
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'meshctl-silent-'))
      mkdirSync(join(dir, 'empty'))
      writeFileSync(join(dir, 'blank.yaml'), '# nothing here\n---\n')
    })
    after(() => rmSync(dir, {recursive: true, force: true}))

    it('nothing to analyze at all (--use-kube=false, no files): says so, exit 64', async () => {
      const r = await runCli(['analyze', '--use-kube=false'], {env})
      expect(r.code, r.stderr).to.equal(64)
      expectNoSuccess(r)
      expect(r.stderr).to.contain('error: nothing to analyze')
    })

    it('a missing file: the read error and no contradicting "No validation issues found"', async () => {
      const r = await runCli(['analyze', 'nope.yaml'], {env})
      expect(r.code, r.stderr).to.equal(65)
      expectNoSuccess(r)
      expect(r.stderr).to.not.contain('No validation issues found')
      expect(r.stderr).to.contain('error: nope.yaml: cannot read file: no such file or directory')
      expect(r.stderr).to.contain('Nothing was analyzed: 1 input could not be read.')
      expect(r.stdout).to.equal('')
    })

    it('the summary claims only what was analyzed: "3 files analyzed, 1 could not be read"', async () => {
      const clean = readFileSync(CLEAN, 'utf8')
      const three = ['a.yaml', 'b.yaml', 'c.yaml'].map((f) => join(dir, f))
      for (const f of three) writeFileSync(f, clean)
      const r = await runCli(['analyze', ...three, 'nope.yaml'], {env})
      expect(r.code, r.stderr).to.equal(65)
      expectNoSuccess(r)
      expect(r.stderr).to.contain('No validation issues found: 3 files analyzed, 1 could not be read.')
    })

    it('with findings and an unreadable file, the counts still show; findings decide the exit code', async () => {
      const r = await runCli(['analyze', 'test/fixtures/analyze/cli/errors.yaml', 'nope.yaml'], {env})
      expect(r.code, r.stderr).to.equal(79)
      expect(r.stderr).to.contain('1 file analyzed, 1 could not be read.')
    })

    it('an empty directory and a blank file are bad input naming the path (65), not a pass', async () => {
      for (const path of [join(dir, 'empty'), join(dir, 'blank.yaml')]) {
        const r = await runCli(['analyze', path], {env})
        expect(r.code, r.stderr).to.equal(65)
        expectNoSuccess(r)
        expect(r.stderr).to.contain(`error: ${path}: no YAML or JSON`)
      }
    })
  })
})
