/** KubeClient.list reads every page, for built-in kinds (client-node's `_continue`) and custom kinds (wire `continue`). */
import {expect} from 'chai'
import {generateCrds} from '../../../../src/lib/api/index.js'
import {createKubeClient, type KubeClient} from '../../../../src/lib/kube/client.js'
import {startKubeSim, type KubeSim} from '../../../kube-sim/index.js'

const COUNT = 1200

describe('KubeClient.list paging (kube-sim)', function () {
  this.timeout(120_000)
  let sim: KubeSim
  let kube: KubeClient

  before(async () => {
    sim = await startKubeSim()
    await sim.seed(generateCrds() as never)
    await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'paged'}}])
    const objs = []
    for (let i = 0; i < COUNT; i++) {
      objs.push({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `cm-${i}`, namespace: 'paged'}})
      objs.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: {name: `vs-${i}`, namespace: 'paged'},
        spec: {hosts: [`h${i}`]},
      })
    }
    await sim.seed(objs)
    kube = await createKubeClient({kubeconfig: sim.kubeconfigPath})
  })
  after(async () => sim?.stop())

  const cases = [
    {what: 'a built-in kind', type: {apiVersion: 'v1', kind: 'ConfigMap'}, prefix: 'cm-'},
    {
      what: 'a custom kind',
      type: {apiVersion: 'networking.istio.io/v1', kind: 'VirtualService'},
      prefix: 'vs-',
    },
  ]
  for (const c of cases) {
    it(`reads all ${COUNT} objects of ${c.what} in pages of 500`, async () => {
      sim.requestLog.length = 0
      const items = await kube.list(c.type, {namespace: 'paged', pageSize: 500})
      const names = new Set(items.map((o) => o.metadata.name))
      expect(names.size).to.equal(COUNT)
      for (const n of [`${c.prefix}0`, `${c.prefix}${COUNT - 1}`]) expect(names.has(n), n).to.equal(true)
      for (const o of items) expect(o.kind).to.equal(c.type.kind)
      const pages = sim.requestLog.filter((e) => e.method === 'GET' && /limit=500/.test(e.query))
      expect(pages).to.have.length(3)
      expect(pages.filter((e) => /continue=/.test(e.query))).to.have.length(2)
    })
  }
})
