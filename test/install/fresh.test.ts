/**
 * A first install into a namespace it creates lists nothing to prune: an earlier install can only have
 * left objects outside that namespace, and it always left some that this install applies again (Base's
 * CRDs and roles), older than the namespace. Only then does install list what to prune.
 */
import {setTimeout as sleep} from 'node:timers/promises'
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {ownerLabels} from '../../src/lib/install/labels.js'
import {prepareInstall} from '../../src/lib/install/index.js'
import {installInto, simClient} from './helpers.js'

const RBAC = 'rbac.authorization.k8s.io/v1'

/** The GET lists with install's owner selector: its prune lists. */
const pruneLists = (sim: KubeSim, from: number) =>
  sim.requestLog
    .slice(from)
    .filter(
      (r) =>
        r.method === 'GET' &&
        !/(^|&)watch=/.test(r.query) &&
        decodeURIComponent(r.query).includes('operator.istio.io/component'),
    )

/** A ClusterRole an earlier install of this revision left, labelled as Pilot's. */
async function earlierClusterRole(sim: KubeSim, name: string): Promise<void> {
  const {plan} = await prepareInstall(await simClient(sim), {sets: ['profile=minimal']})
  await sim.seed([
    {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: {name, labels: ownerLabels(plan.merged, 'Pilot')},
      rules: [],
    },
  ])
}

describe('install into a namespace it creates', function () {
  this.timeout(90_000)
  let sim: KubeSim
  beforeEach(async () => {
    sim = await startKubeSim()
  })
  afterEach(async () => {
    await sim.stop()
  })

  it('lists nothing to prune, and writes each object once (the demo profile with its addons)', async () => {
    const {result} = await installInto(sim, ['profile=demo'])
    expect(pruneLists(sim, 0)).to.deep.equal([])
    expect(result.pruned).to.deep.equal([])
    const reads = sim.requestLog.filter((r) => r.method === 'GET' && !/(^|&)watch=/.test(r.query))
    const writes = sim.requestLog.filter((r) => r.method !== 'GET')
    // one create of the namespace, one apply per object, one update of the default injector
    expect(writes.filter((r) => r.method === 'POST').map((r) => r.path)).to.deep.equal(['/api/v1/namespaces'])
    expect(writes.filter((r) => r.method === 'PUT')).to.have.length(1)
    // the webhook list, and the istio-system ones prepareInstall makes are all it reads
    expect(reads.length, reads.map((r) => r.path).join('\n')).to.be.at.most(5)
  })

  it('prunes what an earlier install left outside it once an object it applies turns out older', async () => {
    await earlierClusterRole(sim, 'istiod-clusterrole-istio-system') // rendered again by Pilot
    await earlierClusterRole(sim, 'leftover-of-an-earlier-install')
    await sleep(1100) // creation times are in seconds
    const from = sim.requestLog.length
    const {result} = await installInto(sim, ['profile=minimal'])
    expect(pruneLists(sim, from)).to.not.deep.equal([])
    expect(result.pruned.join('\n')).to.include('ClusterRole/leftover-of-an-earlier-install')
    await sim.waitFor(() => !sim.get(RBAC, 'ClusterRole', 'leftover-of-an-earlier-install'), 10_000)
    expect(sim.get(RBAC, 'ClusterRole', 'istiod-clusterrole-istio-system')).to.not.equal(undefined)
  })

  it('into a namespace that exists, lists what to prune while the components apply', async () => {
    await sim.seed([
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system', labels: {mine: 'yes'}}},
    ])
    const before = sim.get('v1', 'Namespace', 'istio-system')!.metadata.resourceVersion
    await earlierClusterRole(sim, 'leftover-of-an-earlier-install')
    const {result} = await installInto(sim, ['profile=minimal'])
    expect(pruneLists(sim, 0)).to.not.deep.equal([])
    expect(result.pruned.join('\n')).to.include('ClusterRole/leftover-of-an-earlier-install')
    // the namespace is left as it was (one create, answered 409)
    expect(sim.get('v1', 'Namespace', 'istio-system')!.metadata.resourceVersion).to.equal(before)
  })

  it('a namespace it may not create but that exists: installs (creating namespaces is not its right)', async () => {
    await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system'}}])
    sim.authorize((_user, attrs) => !(attrs.resource === 'namespaces' && attrs.verb === 'create'))
    const {result} = await installInto(sim, ['profile=minimal'])
    expect(result.failed).to.deep.equal([])
    expect(sim.get('apps/v1', 'Deployment', 'istiod', 'istio-system')).to.not.equal(undefined)
  })
})
