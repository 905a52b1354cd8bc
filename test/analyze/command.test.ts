/** The decisions of `meshctl analyze` (src/lib/analyze/command.ts), without a process or a cluster. */
import {expect} from 'chai'
import {
  analyzeExitCode,
  clusterIsInput,
  runAnalyzeCommand,
  summaryLine,
} from '../../src/lib/analyze/command.js'
import type {Finding} from '../../src/lib/analyze/finding.js'
import type {Level} from '../../src/lib/analyze/message.js'
import {commandOptions} from './helpers.js'

const finding = (level: Level): Finding => ({code: 'IST0101', level, message: 'm'}) as Finding

describe('analyze command decisions', () => {
  it('clusterIsInput: asked for, no files, or a kubeconfig by default; --use-kube=false wins', () => {
    const yes = () => true
    const no = () => false
    const table: [Parameters<typeof clusterIsInput>[0], boolean][] = [
      [{clusterNamed: false, paths: [], kubeconfigExists: no}, true],
      [{clusterNamed: false, paths: ['a.yaml'], kubeconfigExists: no}, false],
      [{clusterNamed: false, paths: ['a.yaml'], kubeconfigExists: yes}, true],
      [{clusterNamed: true, paths: ['a.yaml'], kubeconfigExists: no}, true],
      [{useKube: true, clusterNamed: false, paths: ['a.yaml'], kubeconfigExists: no}, true],
      [{useKube: false, clusterNamed: true, paths: [], kubeconfigExists: yes}, false],
    ]
    for (const [input, want] of table) expect(clusterIsInput(input), JSON.stringify(input)).to.equal(want)
  })

  it('exit code: 79 at the threshold (over unreadable input), 65 for unreadable input, else 0', () => {
    const bad = [{source: 'x.yaml', message: 'cannot read file: no such file or directory'}]
    const warn = [{source: 'mesh.yaml', message: 'not a Kubernetes object', level: 'warning' as const}]
    const o = {failureThreshold: 'Error' as Level, ignoreUnknown: false}
    expect(analyzeExitCode({findings: [finding('Error')], problems: bad}, o)).to.equal(79)
    expect(analyzeExitCode({findings: [finding('Warning')], problems: []}, o)).to.equal(0)
    expect(
      analyzeExitCode({findings: [finding('Warning')], problems: []}, {...o, failureThreshold: 'Warning'}),
    ).to.equal(79)
    expect(analyzeExitCode({findings: [], problems: bad}, o)).to.equal(65)
    expect(analyzeExitCode({findings: [], problems: bad}, {...o, ignoreUnknown: true})).to.equal(0)
    expect(analyzeExitCode({findings: [], problems: warn}, o)).to.equal(0)
  })

  it('summary: the success mark only when everything was read; otherwise counts', () => {
    const target = 'all namespaces'
    const ok = {sources: ['a.yaml', 'b.yaml'], problems: []}
    const bad = {sources: ['a.yaml', 'nope.yaml'], problems: [{source: 'nope.yaml', message: 'x'}]}
    const allBad = {sources: ['nope.yaml'], problems: [{source: 'nope.yaml', message: 'x'}]}
    expect(summaryLine(ok, {target, cluster: false, shown: 0})).to.equal(
      '\u2714 No validation issues found when analyzing a.yaml, b.yaml.',
    )
    expect(summaryLine(ok, {target, cluster: true, shown: 0})).to.equal(
      '\u2714 No validation issues found when analyzing all namespaces.',
    )
    expect(summaryLine(ok, {target, cluster: false, shown: 2})).to.equal(undefined)
    expect(summaryLine(bad, {target, cluster: false, shown: 0})).to.equal(
      'No validation issues found: 1 file analyzed, 1 could not be read.',
    )
    expect(summaryLine(bad, {target, cluster: false, shown: 3})).to.equal(
      '1 file analyzed, 1 could not be read.',
    )
    expect(summaryLine(bad, {target, cluster: true, shown: 0})).to.equal(
      'No validation issues found: the cluster (all namespaces) and 1 file analyzed, 1 could not be read.',
    )
    expect(summaryLine(allBad, {target, cluster: false, shown: 0})).to.equal(
      'Nothing was analyzed: 1 input could not be read.',
    )
  })

  it('never connects when --use-kube=false, and refuses to analyze nothing (64)', async () => {
    let connected = false
    const out: string[] = []
    const run = runAnalyzeCommand(
      commandOptions({
        kubeconfigExists: () => true,
        connect: async () => {
          connected = true
          throw new Error('no')
        },
      }),
      {out: (t) => out.push(t), info: (t) => out.push(t)},
    )
    const err = await run.then(
      () => undefined,
      (e: unknown) => e as {exitCode: number; message: string},
    )
    expect(err?.exitCode).to.equal(64)
    expect(err?.message).to.match(/^nothing to analyze/)
    expect(connected).to.equal(false)
    expect(out).to.deep.equal([])
  })
})
