import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {defaultManifestsDir, listProfiles} from '../../src/lib/manifest/profiles.js'
import {runCli} from '../helpers/cli.js'
import {ISTIO_MANIFESTS, oracleUnavailable} from './oracle.js'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshctl-manifest-cli-'))
const write = (name: string, text: string) => {
  const f = path.join(tmp, name)
  writeFileSync(f, text)
  return f
}

describe('manifest and profile commands (built CLI)', () => {
  it('profile list prints meshctl’s profiles', async () => {
    const r = await runCli(['profile', 'list'])
    expect(r.code, r.stderr).to.equal(0)
    const names = listProfiles(defaultManifestsDir())
    expect(names).to.include.members([
      'ambient',
      'default',
      'demo',
      'empty',
      'minimal',
      'preview',
      'remote',
      'stable',
    ])
    expect(r.stdout).to.equal('Istio configuration profiles:\n' + names.map((p) => `    ${p}\n`).join(''))
  })

  it('profile dump --config-path prints a subtree; -o flags prints sorted path=value lines', async () => {
    const r = await runCli(['profile', 'dump', 'demo', '--config-path', 'components.egressGateways'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('- enabled: true\n  name: istio-egressgateway\n')
    const f = await runCli([
      'profile',
      'dump',
      '-p',
      'values.global',
      '-o',
      'flags',
      '--set',
      'values.global.hub=x.io/y',
    ])
    expect(f.code, f.stderr).to.equal(0)
    expect(f.stdout.split('\n')).to.include('hub="x.io/y"')
  })

  it('profile diff shows what demo changes over default', async () => {
    const r = await runCli(['profile', 'diff', 'default', 'demo'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^--- profile default\n\+\+\+ profile demo\n/)
    expect(r.stdout).to.include('+    profile: demo')
    const same = await runCli(['profile', 'diff', 'demo', 'demo'])
    expect(same.stdout).to.equal('Profiles demo and demo are identical.\n')
  })

  it('manifest diff compares objects ignoring order', async () => {
    const a = write(
      'a.yaml',
      'kind: ConfigMap\nmetadata: {name: x, namespace: ns1}\ndata: {k: v}\n---\nkind: Service\nmetadata: {name: s}\n',
    )
    const b = write(
      'b.yaml',
      'kind: Service\nmetadata: {name: s}\n---\nkind: ConfigMap\nmetadata: {namespace: ns1, name: x}\ndata: {k: w}\n---\nkind: Secret\nmetadata: {name: z}\n',
    )
    const r = await runCli(['manifest', 'diff', a, b])
    // Differences exit 1, as diff(1) and kubectl diff, in every format; identical manifests exit 0.
    expect(r.code, r.stderr).to.equal(1)
    expect((await runCli(['manifest', 'diff', a, b, '-o', 'json'])).code).to.equal(1)
    expect(r.stdout).to.include(`Objects only in ${b} (1):\n  Secret::z\n`)
    expect(r.stdout).to.include('Objects that differ (1):\n  ConfigMap:ns1:x\n')
    expect(r.stdout).to.include('-  k: v\n+  k: w')
    const j = await runCli(['manifest', 'diff', a, a, '-o', 'json'])
    expect(j.code).to.equal(0)
    expect((await runCli(['manifest', 'diff', a, a])).code).to.equal(0)
    expect(JSON.parse(j.stdout)).to.deep.equal({onlyInA: [], onlyInB: [], changed: [], same: 2})
  })

  it('reports bad input as one error line with exit 64/65 and no stack trace', async () => {
    const cases: Array<[string[], number, string]> = [
      [
        ['manifest', 'generate', '--set', 'values.pilot.autoscaleMn=2'],
        64,
        'error: unknown field values.pilot.autoscaleMn; did you mean values.pilot.autoscaleMin?\n',
      ],
      [
        ['manifest', 'generate', '--set', 'revision=Bad_Rev'],
        64,
        'error: invalid revision specified: Bad_Rev\n',
      ],
      [
        ['manifest', 'generate', '-f', write('two.yaml', 'kind: IstioOperator\n---\nkind: IstioOperator\n')],
        65,
        `error: ${tmp}/two.yaml: contains multiple IstioOperator CRs, only one per file is supported\n`,
      ],
      [
        ['manifest', 'generate', '-f', path.join(tmp, 'missing.yaml')],
        65,
        `error: ${tmp}/missing.yaml: cannot read file: no such file or directory\n`,
      ],
      [
        ['manifest', 'generate', '--set', 'components.ingressGateways[name:x].enabled=false'],
        64,
        'error: --set components.ingressGateways[name:x].enabled=false: element [name:x] not found\n',
      ],
    ]
    for (const [args, code, stderr] of cases) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).to.equal(code)
      expect(r.stderr, args.join(' ')).to.equal(stderr)
      expect(r.stdout).to.equal('')
    }
    const p = await runCli(['manifest', 'generate', '--set', 'profile=nope'])
    expect(p.code).to.equal(65)
    expect(p.stderr).to.match(/^error: profile "nope" not found in .*; available profiles: /)
    expect(p.stderr).to.include(listProfiles(defaultManifestsDir()).join(', '))
  })

  it('profile list reads any istioctl manifests directory with -d', async function () {
    const why = oracleUnavailable()
    if (why) {
      console.warn(`    ⚠ skipped: ${why}`)
      this.skip()
    }
    const r = await runCli(['profile', 'list', '-d', ISTIO_MANIFESTS])
    expect(r.stdout).to.include('    openshift-ambient\n')
  })
})

describe('manifest generate (built CLI)', function () {
  this.timeout(60000)

  it('prints every object, istioctl style, with the demo addons; -o DIR writes one file per component', async () => {
    const r = await runCli([
      'manifest',
      'generate',
      '--set',
      'profile=demo',
      '--set',
      'addonComponents.grafana.enabled=false',
    ])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    const docs = r.stdout.split('\n---\n').filter((d) => d.trim() !== '')
    expect(docs[0]).to.match(/^apiVersion: apiextensions.k8s.io\/v1\nkind: CustomResourceDefinition\n/)
    expect(r.stdout.endsWith('\n\n---\n')).to.equal(true)
    expect(r.stdout).to.include('image: docker.io/istio/pilot:1.30.3\n')
    expect(r.stdout).to.match(/\nkind: Deployment\nmetadata:\n( {2}.*\n)* {2}name: kiali\n/)
    expect(r.stdout).to.not.match(/\n {2}name: grafana\n/)

    const out = path.join(tmp, 'out') + '/'
    const d = await runCli(['manifest', 'generate', '--set', 'profile=demo', '-o', out])
    expect(d.code, d.stderr).to.equal(0)
    expect(d.stdout).to.equal('')
    const {readdirSync, readFileSync} = await import('node:fs')
    expect(readdirSync(out).sort()).to.deep.equal([
      'Base.yaml',
      'EgressGateways.yaml',
      'IngressGateways.yaml',
      'Pilot.yaml',
      'addon-grafana.yaml',
      'addon-jaeger.yaml',
      'addon-kiali.yaml',
      'addon-prometheus.yaml',
    ])
    expect(readFileSync(path.join(out, 'Pilot.yaml'), 'utf8')).to.include('\n  name: istiod\n')
  })

  it('writes the whole stream to a file with -o FILE, and is deterministic', async () => {
    const f = path.join(tmp, 'minimal.yaml')
    const a = await runCli(['manifest', 'generate', '--set', 'profile=minimal', '-o', f])
    expect(a.code, a.stderr).to.equal(0)
    const b = await runCli(['manifest', 'generate', '--set', 'profile=minimal'])
    const {readFileSync} = await import('node:fs')
    expect(readFileSync(f, 'utf8')).to.equal(b.stdout)
  })

  it('renders any istioctl manifests directory with -d', async function () {
    const why = oracleUnavailable()
    if (why) {
      console.warn(`    ⚠ skipped: ${why}`)
      this.skip()
    }
    const r = await runCli(['manifest', 'generate', '-d', ISTIO_MANIFESTS, '--set', 'profile=minimal'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.include('helm.sh/chart: istiod-1.0.0\n') // the checkout's placeholder chart version
  })
})

describe('manifest inputs from stdin (built CLI)', function () {
  this.timeout(60000)
  it('reads "-f -" from stdin, only as the last file', async () => {
    const r = await runCli(['profile', 'dump', '-f', '-', '-p', 'hub'], {
      input: 'kind: IstioOperator\nspec:\n  hub: quay.io/from-stdin\n',
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('quay.io/from-stdin\n')
    const bad = await runCli(
      ['manifest', 'generate', '-f', '-', '-f', write('x.yaml', 'kind: IstioOperator\n')],
      {input: ''},
    )
    expect(bad.code).to.equal(64)
    expect(bad.stderr).to.equal('error: stdin is only allowed as the last filename\n')
  })
})
