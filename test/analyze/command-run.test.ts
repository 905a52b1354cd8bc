// `meshctl analyze` run in-process (runAnalyzeCommand): what it prints on stdout and stderr and the exit code
// it returns, for files and for a live cluster (kube-sim), as the CLI tests check on the built bundle.
import {expect} from 'chai'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  runAnalyzeCommand,
  summaryLine,
  unreadableSources,
  type AnalyzeCommandOptions,
} from '../../src/lib/analyze/command.js'
import {generateCrds} from '../../src/lib/api/index.js'
import {MeshctlError} from '../../src/lib/errors.js'
import {createKubeClient} from '../../src/lib/kube/client.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {commandOptions} from './helpers.js'

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: shop}
spec:
  hosts: [web]
  gateways: [nogw]
  http: [{route: [{destination: {host: web}}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: foo, port: 80}]}
`
// A VirtualService without a namespace, bound to a missing gateway.
const NONS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: nons}
spec: {hosts: [x], gateways: [g], http: [{route: [{destination: {host: x}}]}]}
`
const CLEAN = `apiVersion: v1
kind: Service
metadata: {name: ok, namespace: shop}
spec: {selector: {app: ok}, ports: [{name: http, port: 80}]}
`
const SEE =
  'See https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.'

const dir = mkdtempSync(join(tmpdir(), 'meshctl-cmd-'))
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const vs = file('vs.yaml', VS)
const nons = file('nons.yaml', NONS)
const clean = file('clean.yaml', CLEAN)
const bad = file('bad.yaml', 'kind: [\n')
const bad2 = file('bad2.yaml', 'kind: [\n')

const base = commandOptions

interface Run {
  code?: number
  error?: MeshctlError
  out: string
  info: string[]
}
async function run(o: Partial<AnalyzeCommandOptions>): Promise<Run> {
  const out: string[] = []
  const info: string[] = []
  const r: Run = {out: '', info}
  try {
    r.code = await runAnalyzeCommand(base(o), {out: (t) => out.push(t), info: (t) => info.push(t)})
  } catch (err) {
    r.error = err as MeshctlError
  }
  r.out = out.join('')
  return r
}
const found = (target: string) => `Analyzers found issues when analyzing ${target}.\n${SEE}`

describe('analyze command, run in-process', function () {
  this.timeout(60000)

  it('--list-analyzers prints the analyzers and analyzes nothing', async () => {
    let connected = false
    const r = await run({
      listAnalyzers: true,
      paths: [bad],
      useKube: true,
      connect: () => {
        connected = true
        return Promise.reject(new Error('x'))
      },
    })
    expect(r.code).to.equal(0)
    expect(r.out).to.contain('virtualservice.GatewayAnalyzer')
    expect(r.info).to.deep.equal([])
    expect(connected).to.equal(false)
  })

  it('an unknown analyzer is a usage error naming each one', async () => {
    const r = await run({analyzerNames: ['nope', 'virtualservice.GatewayAnalyzer', 'zz'], paths: [vs]})
    expect(r.error?.exitCode).to.equal(64)
    expect(r.error?.message).to.equal('unknown analyzer "nope", "zz"')
    expect(r.error?.hints).to.deep.equal(['list them with --list-analyzers'])
  })

  it('nothing to analyze: a usage error with a hint', async () => {
    const r = await run({paths: []})
    expect(r.error?.exitCode).to.equal(64)
    expect(r.error?.hints).to.deep.equal([
      'give files, directories or - (stdin), or drop --use-kube=false to analyze the cluster',
    ])
  })

  it('files: findings on stdout; problems, summary and the closing lines on stderr; 79', async () => {
    const r = await run({paths: [vs, bad]})
    expect(r.code).to.equal(79)
    expect(r.out.split('\n').filter(Boolean)).to.deep.equal([
      `Error [IST0101] (VirtualService shop/vs ${vs}:6) Referenced gateway not found: "nogw"`,
      `Warning [IST0132] (VirtualService shop/vs ${vs}:6) one or more host [web] defined in VirtualService shop/vs not found in Gateway shop/nogw.`,
      `Info [IST0118] (Service shop/web ${vs}:12) Port name foo (port: 80, targetPort: 0) doesn't follow the naming convention of Istio port.`,
    ])
    expect(r.info).to.have.length(3)
    expect(r.info[0]).to.match(new RegExp(`^error: ${bad}:1: cannot parse YAML: `))
    expect(r.info[0]).to.equal(
      `error: ${bad}:1: cannot parse YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    )
    expect(r.info.slice(1)).to.deep.equal(['1 file analyzed, 1 could not be read.', found('all namespaces')])
  })

  it('--debug adds the code frame of a YAML syntax error', async () => {
    const r = await run({paths: [bad], debug: true})
    expect(r.info[0]).to.match(new RegExp(`^error: ${bad}:1: cannot parse YAML: .*\n.`))
  })

  it('a warning-level input problem is printed as a warning and does not fail the run', async () => {
    const notKube = file('notkube.yaml', 'foo: bar\n')
    const r = await run({paths: [clean, notKube]})
    expect(r.info.filter((l) => l.startsWith('warning: '))).to.have.length(1)
    expect(r.info.some((l) => l.startsWith('error: '))).to.equal(false)
    expect(r.code).to.equal(0)
  })

  it('two unreadable inputs and nothing else: nothing was analyzed, 65', async () => {
    const r = await run({paths: [bad, bad2]})
    expect(r.code).to.equal(65)
    expect(r.info.at(-1)).to.equal('Nothing was analyzed: 2 inputs could not be read.')
    expect((await run({paths: [bad, bad2], ignoreUnknown: true})).code).to.equal(0)
  })

  it('offline namespaces: all by default (objects without one in default), -n one, -A keeps none', async () => {
    const pairs = (r: Run) =>
      r.out
        .split('\n')
        .filter((l) => l.includes('IST0101'))
        .map((l) => l.replace(/ \/.*?:\d+\)/, ')').replace(/\).*/, ')'))
    const all = await run({paths: [nons, vs], analyzerNames: ['virtualservice.GatewayAnalyzer']})
    expect(pairs(all)).to.deep.equal([
      'Error [IST0101] (VirtualService default/nons)',
      'Error [IST0101] (VirtualService shop/vs)',
    ])
    expect(all.info.at(-1)).to.equal(found('all namespaces'))
    const shop = await run({
      paths: [nons, vs],
      namespace: 'shop',
      analyzerNames: ['virtualservice.GatewayAnalyzer'],
    })
    expect(pairs(shop)).to.deep.equal([
      'Error [IST0101] (VirtualService shop/nons)',
      'Error [IST0101] (VirtualService shop/vs)',
    ])
    expect(shop.info.at(-1)).to.equal(found('namespace: shop'))
    const explicitAll = await run({
      paths: [nons],
      allNamespaces: true,
      analyzerNames: ['virtualservice.GatewayAnalyzer'],
    })
    expect(pairs(explicitAll)).to.deep.equal(['Error [IST0101] (VirtualService nons)'])
    // -n with -A: the objects without a namespace take -n's, every namespace is reported
    const both = await run({
      paths: [nons, vs],
      allNamespaces: true,
      namespace: 'other',
      analyzerNames: ['virtualservice.GatewayAnalyzer'],
    })
    expect(pairs(both)).to.deep.equal([
      'Error [IST0101] (VirtualService other/nons)',
      'Error [IST0101] (VirtualService shop/vs)',
    ])
  })

  it('directories are read recursively', async () => {
    const sub = mkdtempSync(join(dir, 'tree-'))
    const deep = join(sub, 'a', 'b')
    ;(await import('node:fs')).mkdirSync(deep, {recursive: true})
    writeFileSync(join(deep, 'vs.yaml'), VS)
    const r = await run({paths: [sub], analyzerNames: ['virtualservice.GatewayAnalyzer']})
    expect(r.code).to.equal(79)
    expect(r.out).to.contain('Referenced gateway not found: "nogw"')
  })

  it('clean files: the success mark naming them, exit 0', async () => {
    const r = await run({paths: [clean]})
    expect(r.code).to.equal(0)
    expect(r.out).to.equal('')
    expect(r.info).to.deep.equal([`\u2714 No validation issues found when analyzing ${clean}.`])
  })

  it('--output-threshold hides findings below it; the summary counts what is shown', async () => {
    const r = await run({paths: [vs], outputThreshold: 'Error'})
    expect(r.out.split('\n').filter(Boolean)).to.have.length(1)
    expect(r.out).to.match(/^Error \[IST0101\]/)
    const w = await run({paths: [vs], outputThreshold: 'Error', failureThreshold: 'Info'})
    expect(w.code).to.equal(79)
  })

  it('colour only for the log format, when asked', async () => {
    const esc = '\u001b['
    const colored = await run({paths: [vs], color: true})
    expect(colored.out).to.contain(esc)
    expect((await run({paths: [vs], color: false})).out).to.not.contain(esc)
    const json = await run({paths: [vs], color: true, format: 'json'})
    expect(json.out).to.not.contain(esc)
    expect((JSON.parse(json.out) as unknown[]).length).to.equal(3)
  })

  it('--verbose names the target and the skipped and executed analyzers', async () => {
    const r = await run({paths: [vs], verbose: true, namespace: 'shop'})
    expect(r.info[0]).to.equal('Analyzed resources in namespace: shop')
    expect(r.info[1]).to.match(/^Skipped analyzers:\n\t injection\.|^Skipped analyzers:\n\t /)
    expect(r.info[1].split('\n')).to.include('\t injection.Analyzer')
    expect(r.info[2]).to.match(/^Executed analyzers:\n/)
    expect(r.info[2].split('\n')).to.include('\t virtualservice.GatewayAnalyzer')
    // nothing skipped: no "Skipped" line
    const one = await run({
      paths: [vs],
      verbose: true,
      analyzerNames: ['virtualservice.GatewayAnalyzer'],
    })
    expect(one.info.slice(0, 2)).to.deep.equal([
      'Analyzed resources in all namespaces',
      'Executed analyzers:\n\t virtualservice.GatewayAnalyzer',
    ])
    // nothing executed: no "Executed" line
    const none = await run({paths: [vs], verbose: true, analyzerNames: ['injection.Analyzer']})
    expect(none.info.slice(0, 2)).to.deep.equal([
      'Analyzed resources in all namespaces',
      'Skipped analyzers:\n\t injection.Analyzer',
    ])
    expect(none.info.some((l) => l.startsWith('Executed'))).to.equal(false)
    expect((await run({paths: [vs]})).info.some((l) => l.startsWith('Analyzed resources'))).to.equal(false)
  })

  it('--suppress: a malformed value is a usage error; an unknown code a warning', async () => {
    const r = await run({paths: [vs], suppress: ['IST0101']})
    expect(r.error?.exitCode).to.equal(64)
    expect(r.error?.message).to.match(/ \(--suppress\)$/)
    const w = await run({paths: [vs], suppress: ['IST9999=*']})
    expect(w.info[0]).to.equal(
      "Warning: Supplied message code 'IST9999' is an unknown message code and will not have any effect.",
    )
    const ok = await run({paths: [vs], suppress: ['IST0101=*', 'IST01*=Service *']})
    expect(ok.info.some((l) => l.startsWith('Warning'))).to.equal(false)
    expect(ok.out).to.not.contain('IST0101')
    expect(ok.out).to.not.contain('IST0118')
  })

  it('another error from the analysis is passed on as it is', async () => {
    const r = await run({paths: [vs], meshConfigFile: join(dir, 'missing-mesh.yaml')})
    expect(r.error?.exitCode).to.equal(65)
    expect(r.error?.message).to.contain('--meshConfigFile')
  })

  describe('baselines', () => {
    it('--write-baseline records the findings, prints none and passes; --baseline then hides them', async () => {
      const out = join(dir, 'baseline.txt')
      const w = await run({paths: [vs], writeBaselineFile: out})
      expect(w.code).to.equal(0)
      expect(w.out).to.equal('')
      expect(w.info[0]).to.equal(`Wrote 3 finding(s) to baseline ${out}`)
      expect(w.info.at(-1)).to.match(/^\u2714 No validation issues found/)
      expect(readFileSync(out, 'utf8')).to.contain('IST0101')
      const b = await run({paths: [vs], baselineFile: out})
      expect(b.code).to.equal(0)
      expect(b.out).to.equal('')
    })

    it('--write-baseline refuses input it could not read, unless --ignore-unknown', async () => {
      const out = join(dir, 'baseline2.txt')
      const w = await run({paths: [vs, bad], writeBaselineFile: out})
      expect(w.error?.exitCode).to.equal(65)
      expect(w.error?.message).to.equal(
        `not writing ${out}: some input could not be parsed (--write-baseline)`,
      )
      const ok = await run({paths: [vs, bad], writeBaselineFile: out, ignoreUnknown: true})
      expect(ok.code).to.equal(0)
      expect(ok.info).to.include(`Wrote 3 finding(s) to baseline ${out}`)
    })

    it('a bad --baseline file is bad input naming the file and the flag', async () => {
      const b = file('bad-baseline.txt', 'not a baseline line\n')
      const r = await run({paths: [vs], baselineFile: b})
      expect(r.error?.exitCode).to.equal(65)
      expect(r.error?.message).to.match(new RegExp(`^${b}: .* \\(--baseline\\)$`))
      const missing = await run({paths: [vs], baselineFile: join(dir, 'none.txt')})
      expect(missing.error?.exitCode).to.equal(65)
      expect(missing.error?.message).to.contain('--baseline')
    })
  })

  describe('stdin', () => {
    const stdin = () => Promise.resolve(VS)
    it('says it reads stdin only to a terminal, in the log format', async () => {
      const tty = await run({paths: ['-'], readStdin: stdin, stdinIsTTY: true})
      expect(tty.info[0]).to.equal('Reading from stdin:')
      expect(tty.out).to.contain('IST0101')
      const pipe = await run({paths: ['-'], readStdin: stdin, stdinIsTTY: false})
      expect(pipe.info).to.not.include('Reading from stdin:')
      const json = await run({paths: ['-'], readStdin: stdin, stdinIsTTY: true, format: 'json'})
      expect(json.info).to.not.include('Reading from stdin:')
      const files = await run({paths: [vs], stdinIsTTY: true})
      expect(files.info).to.not.include('Reading from stdin:')
    })
  })

  describe('a live cluster (kube-sim)', () => {
    let sim: KubeSim
    before(async () => {
      sim = await startKubeSim()
      await sim.seed(generateCrds() as never)
      await sim.seed(`apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-canary, namespace: istio-system}
data: {mesh: "rootNamespace: shop"}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: shop}
spec: {}
`)
    })
    after(() => sim?.stop())
    const connect = (namespace?: string) => () =>
      createKubeClient({kubeconfig: sim.kubeconfigPath, ...(namespace ? {namespace} : {})})
    const AUTHZ = ['auth.AuthorizationPoliciesAnalyzer']

    it("the context's namespace by default; the success mark names it", async () => {
      const r = await run({useKube: true, connect: connect('shop'), analyzerNames: ['virtualservice.*']})
      expect(r.code).to.equal(0)
      expect(r.info).to.deep.equal(['\u2714 No validation issues found when analyzing namespace: shop.'])
      const d = await run({useKube: true, connect: connect(), analyzerNames: ['virtualservice.*']})
      expect(d.info).to.deep.equal(['\u2714 No validation issues found when analyzing namespace: default.'])
    })

    it('-n wins over the context; a namespace the cluster lacks is a usage error', async () => {
      const r = await run({useKube: true, connect: connect('shop'), namespace: 'nope', analyzerNames: AUTHZ})
      expect(r.error?.exitCode).to.equal(64)
      expect(r.error?.message).to.equal('namespace "nope" not found')
      // -A: no namespace is looked up
      const all = await run({
        useKube: true,
        connect: connect('nope'),
        allNamespaces: true,
        analyzerNames: AUTHZ,
        failureThreshold: 'Warning',
      })
      expect(all.code).to.equal(79)
      expect(all.out).to.contain('IST0127')
      expect(all.info.at(-1)).to.equal(found('all namespaces'))
    })

    it('with files too: the summary counts the cluster and the files', async () => {
      const r = await run({
        useKube: true,
        connect: connect('shop'),
        paths: [clean, bad],
        analyzerNames: ['virtualservice.*'],
      })
      expect(r.info.at(-1)).to.equal(
        'No validation issues found: the cluster (namespace: shop) and 1 file analyzed, 1 could not be read.',
      )
      const n = await run({
        useKube: true,
        connect: connect('shop'),
        paths: [clean],
        analyzerNames: ['virtualservice.*'],
      })
      expect(n.info).to.deep.equal(['\u2714 No validation issues found when analyzing namespace: shop.'])
    })

    it('-r picks the revision mesh config; none means the default revision', async () => {
      const def = await run({
        useKube: true,
        connect: connect('shop'),
        analyzerNames: AUTHZ,
        allNamespaces: true,
      })
      expect(def.out).to.contain('IST0127')
      const canary = await run({
        useKube: true,
        connect: connect('shop'),
        analyzerNames: AUTHZ,
        allNamespaces: true,
        revision: 'canary',
      })
      expect(canary.out).to.not.contain('IST0127')
    })

    it('--remote-contexts are connected only with a cluster', async () => {
      let asked = 0
      const connectRemotes = () => {
        asked++
        return Promise.resolve([])
      }
      await run({useKube: true, connect: connect('shop'), analyzerNames: AUTHZ, connectRemotes})
      expect(asked).to.equal(1)
      await run({paths: [clean], analyzerNames: AUTHZ, connectRemotes})
      expect(asked).to.equal(1)
    })

    it('a cluster that cannot be read is an error (1) that says so, with a hint to analyze files only', async () => {
      const hint = 'to analyze files only: meshctl analyze --use-kube=false FILE...'
      const plain = await run({useKube: true, connect: () => Promise.reject(new Error('no route'))})
      expect(plain.error?.exitCode).to.equal(1)
      expect(plain.error?.message).to.equal('cannot analyze the cluster: no route')
      expect(plain.error?.hints).to.deep.equal([hint])
      const own = await run({
        useKube: true,
        connect: () => Promise.reject(new MeshctlError('bad kubeconfig', {hints: ['fix it']})),
      })
      expect(own.error?.message).to.equal('cannot analyze the cluster: bad kubeconfig')
      expect(own.error?.hints).to.deep.equal(['fix it', hint])
      const str = await run({useKube: true, connect: () => Promise.reject('refused')})
      expect(str.error?.message).to.equal('cannot analyze the cluster: refused')
    })
  })
})

describe('analyze command summary helpers', () => {
  it('unreadableSources: the sources of error-level problems, once each, in order', () => {
    expect(
      unreadableSources([
        {source: 'b.yaml', message: 'x'},
        {source: 'a.yaml', message: 'y', level: 'error'},
        {source: 'b.yaml', message: 'z'},
        {source: 'c.yaml', message: 'w', level: 'warning'},
      ]),
    ).to.deep.equal(['b.yaml', 'a.yaml'])
  })

  it('summaryLine: no sources names the target; findings with a cluster capitalise the sentence', () => {
    expect(
      summaryLine({sources: [], problems: []}, {target: 'namespace: x', cluster: false, shown: 0}),
    ).to.equal('\u2714 No validation issues found when analyzing namespace: x.')
    const bad = {sources: ['a', 'b', 'c'], problems: [{source: 'c', message: 'x'}]}
    expect(summaryLine(bad, {target: 'namespace: x', cluster: true, shown: 2})).to.equal(
      'The cluster (namespace: x) and 2 files analyzed, 1 could not be read.',
    )
  })
})
