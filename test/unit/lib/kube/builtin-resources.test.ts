import {expect} from 'chai'
import {builtinResourceLists} from '../../../../src/lib/kube/builtin-resources.js'
import {createKubeClient} from '../../../../src/lib/kube/client.js'
import {startKubeSim, type KubeSim} from '../../../kube-sim/index.js'

describe('kube: built-in kinds without discovery', function () {
  this.timeout(30_000)
  let sim: KubeSim
  before(async () => {
    sim = await startKubeSim()
  })
  after(async () => {
    await sim.stop()
  })

  it('the table agrees with the API server’s discovery documents (name and scope of every kind)', async () => {
    for (const [gv, list] of Object.entries(builtinResourceLists())) {
      const res = await fetch(`${sim.url}${gv === 'v1' ? '/api/v1' : `/apis/${gv}`}`)
      const served = ((await res.json()) as {resources: {kind: string; name: string; namespaced: boolean}[]})
        .resources
      for (const r of list.resources) {
        const s = served.find((x) => x.kind === r.kind && !x.name.includes('/'))
        expect(s, `${gv} ${r.kind}`).to.not.equal(undefined)
        expect({name: r.name, namespaced: r.namespaced}, `${gv} ${r.kind}`).to.deep.equal({
          name: s!.name,
          namespaced: s!.namespaced,
        })
      }
    }
  })

  for (const builtinKinds of [true, false])
    it(`builtinKinds=${builtinKinds}: ${builtinKinds ? 'no' : 'one'} discovery request before listing pods and deployments`, async () => {
      const from = sim.requestLog.length
      const client = await createKubeClient({kubeconfig: sim.kubeconfigPath, builtinKinds})
      await client.list({apiVersion: 'v1', kind: 'Pod'}, {namespace: 'default'})
      await client.list({apiVersion: 'apps/v1', kind: 'Deployment'}, {namespace: 'default'})
      await client.get({apiVersion: 'v1', kind: 'Pod'}, 'nope', 'default')
      const discovery = sim.requestLog
        .slice(from)
        .filter((e) => e.path === '/api/v1' || e.path === '/apis/apps/v1')
        .map((e) => e.path)
      expect(discovery).to.deep.equal(builtinKinds ? [] : ['/api/v1', '/apis/apps/v1'])
    })
})
