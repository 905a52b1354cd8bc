import {expect} from 'chai'
import {fieldDiff} from '../../src/lib/install/cluster-diff.js'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {installInto} from './helpers.js'

describe('manifest diff --cluster on kube-sim', function () {
  this.timeout(120_000)
  let sim: KubeSim
  before(async () => {
    sim = await startKubeSim()
    await installInto(sim, ['profile=minimal'])
  })
  after(async () => {
    await sim.stop()
  })
  const diff = (...args: string[]) =>
    runCli(['manifest', 'diff', '--cluster', '--kubeconfig', sim.kubeconfigPath, ...args])

  it('right after install: nothing would change (server-set fields and defaults are left out)', async () => {
    const r = await diff('--set', 'profile=minimal')
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('The cluster matches the rendered manifest: nothing would change.\n')
  })

  it('after a manual edit: names the object and the field, live → rendered; JSON too', async () => {
    const t = sim.server.registry.byKind('v1', 'ConfigMap')!
    const cm = structuredClone(sim.get('v1', 'ConfigMap', 'istio', 'istio-system')!)
    const rendered = (cm.data as {mesh: string}).mesh
    ;(cm.data as {mesh: string}).mesh = 'edited: true'
    await sim.server.api.update(t, 'istio-system', 'istio', cm, {fieldManager: 'kubectl-edit'})
    const r = await diff('--set', 'profile=minimal')
    expect(r.code, 'differences exit 1, as manifest diff of two files').to.equal(1)
    expect(r.stdout).to.include(
      `~ ConfigMap istio-system/istio would change\n    data.mesh: "edited: true" → ${JSON.stringify(rendered)}\n`,
    )
    expect(r.stdout).to.match(/0 to create, 1 to change, 0 to prune\n$/)
    const j = await diff('--set', 'profile=minimal', '-o', 'json')
    expect(j.code).to.equal(1)
    expect(JSON.parse(j.stdout)).to.deep.equal([
      {
        ref: 'ConfigMap istio-system/istio',
        change: 'update',
        fields: [{path: 'data.mesh', live: 'edited: true', rendered}],
      },
    ])
  })

  it('another profile: objects to create and to prune', async () => {
    const r = await diff('--set', 'profile=default')
    expect(r.code).to.equal(1)
    expect(r.stdout).to.include('+ Deployment istio-system/istio-ingressgateway would be created')
    const none = await diff('--set', 'profile=minimal', '--set', 'components.pilot.enabled=false')
    expect(none.stdout).to.include('- Deployment istio-system/istiod would be pruned')
  })
})

describe('fieldDiff', () => {
  const cases: [string, unknown, unknown, string[]][] = [
    ['equal', {a: 1}, {a: 1, extra: 2}, []],
    ['server-set metadata ignored', {metadata: {name: 'x', uid: 'u'}}, {metadata: {name: 'x', uid: 'v'}}, []],
    ['int-or-string compares by text', {port: 8080}, {port: '8080'}, []],
    ['nested change', {spec: {a: {b: 1}}}, {spec: {a: {b: 2}}}, ['spec.a.b']],
    ['list length differs: whole list', {l: [1, 2]}, {l: [1]}, ['l']],
    ['list element field', {l: [{n: 'a', v: 1}]}, {l: [{n: 'a', v: 2, d: 0}]}, ['l[0].v']],
    ['missing live field', {a: {b: 1}}, {}, ['a']],
  ]
  for (const [name, rendered, live, paths] of cases)
    it(name, () => expect(fieldDiff(rendered, live).map((f) => f.path)).to.deep.equal(paths))
})
