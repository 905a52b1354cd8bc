import {expect} from 'chai'
import {generateCrds} from '../../src/lib/api/index.js'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: catalog, namespace: shop}
spec:
  selector: {app: catalog}
  ports: [{port: 80, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: noisy, namespace: kube-system}
spec:
  ports: [{port: 80}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: catalog, namespace: shop}
spec:
  hosts: [catalog]
  http:
  - route: [{destination: {host: catalog}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route: [{destination: {host: cart}}]
`

// The file fixes the cluster's broken VirtualService: same identity, so the file wins.
const FIXED_CART = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route: [{destination: {host: catalog}}]
`

describe('meshctl analyze against a cluster (kube-sim)', function () {
  this.timeout(60000)
  let sim: KubeSim

  before(async () => {
    sim = await startKubeSim()
    await sim.seed(generateCrds() as never)
    await sim.seed(CLUSTER)
  })
  after(async () => sim?.stop())

  const analyze = (args: string[], input?: string) =>
    runCli(['analyze', ...args], {env: {KUBECONFIG: sim.kubeconfigPath}, input})

  it('uses the cluster by default when a kubeconfig exists, with one paged LIST per needed kind and no watch', async () => {
    sim.requestLog.length = 0
    const r = await analyze(['-n', 'shop', '-o', 'json'])
    expect(r.code, r.stderr).to.equal(79)
    const found = (JSON.parse(r.stdout) as {code: string; origin: string}[]).map(
      (f) => `${f.code} ${f.origin}`,
    )
    expect(found).to.include('IST0101 VirtualService shop/cart')
    expect(found).to.not.include('IST0101 VirtualService shop/catalog')

    const gets = sim.requestLog.filter((e) => e.method === 'GET')
    expect(
      gets.some((e) => /watch=(true|1)/.test(e.query)),
      'no watch',
    ).to.equal(false)
    const lists = gets.filter((e) => /limit=500/.test(e.query)).map((e) => e.path)
    expect(lists.length).to.be.greaterThan(3)
    expect(new Set(lists).size, 'each kind listed once').to.equal(lists.length)
    expect(lists.some((p) => p.endsWith('/virtualservices'))).to.equal(true)
    // ConfigMaps only where the injector's live, never the whole cluster's (istio/istio#46563).
    expect(lists.filter((p) => p.endsWith('/configmaps'))).to.deep.equal([
      '/api/v1/namespaces/istio-system/configmaps',
    ])
    // Only kinds some analyzer reads: never, say, Events or ReplicaSets.
    expect(lists.some((p) => /events|replicasets/.test(p))).to.equal(false)
  })

  it('excludes system namespaces', async () => {
    const r = await analyze(['-A', '-o', 'json'])
    const origins = (JSON.parse(r.stdout) as {origin?: string}[]).map((f) => f.origin ?? '')
    expect(origins.some((o) => o.includes('kube-system'))).to.equal(false)
  })

  it('files override cluster objects of the same identity', async () => {
    const r = await analyze(['-n', 'shop', '-o', 'json', '-'], FIXED_CART)
    const found = (JSON.parse(r.stdout) as {code: string; origin: string}[]).map(
      (f) => `${f.code} ${f.origin}`,
    )
    expect(found).to.not.include('IST0101 VirtualService shop/cart')
  })

  it('--use-kube=false ignores the cluster', async () => {
    sim.requestLog.length = 0
    const r = await analyze(['--use-kube=false', '-o', 'json', '-'], FIXED_CART)
    expect(r.code).to.equal(0)
    expect(sim.requestLog).to.deep.equal([])
  })

  it('goes on without a kind RBAC forbids listing, and says so (istio/istio#52951)', async () => {
    const remove = sim.fault({method: 'GET', path: '/api/v1/secrets', status: 403})
    try {
      const r = await analyze(['-n', 'shop', '-o', 'json'])
      expect(r.code, r.stderr).to.equal(79)
      expect(r.stderr).to.contain('not allowed to list Secret (RBAC)')
      expect(r.stdout).to.contain('IST0101')
    } finally {
      remove()
    }
  })

  it('goes on without a kind the cluster does not serve (CRD not installed), and notes it', async () => {
    const remove = sim.fault({method: 'GET', path: /\/telemetries$/, status: 404})
    try {
      const r = await analyze(['-n', 'shop', '-o', 'json'])
      expect(r.code, r.stderr).to.equal(79)
      expect(r.stderr).to.contain('the cluster does not serve Telemetry.telemetry.istio.io; skipped it')
      expect(r.stdout).to.contain('IST0101')
    } finally {
      remove()
    }
  })

  it('--timeout bounds reading the cluster; --remote-contexts names a context that is not there once', async () => {
    const off = sim.fault({method: 'GET', path: '/api/v1/pods', latencyMs: 2000})
    try {
      const slow = await analyze(['-A', '--timeout', '300ms'])
      expect(slow.code, slow.stderr).to.equal(1)
      expect(slow.stderr).to.match(/error: reading the cluster .* took longer than --timeout 0.3s/)
    } finally {
      off()
    }
    const r = await analyze(['-A', '-o', 'json', '--remote-contexts', 'nowhere'])
    expect(r.code, r.stderr).to.equal(79)
    expect(r.stderr.match(/remote cluster nowhere cannot be read/g)).to.have.length(1)
    expect(r.stdout).to.contain('IST0101')
  })

  it('finds remote clusters in remote secrets, reports one it cannot reach once; --remote-contexts skips the secrets', async () => {
    const kubeconfig =
      'apiVersion: v1\nkind: Config\nclusters: [{name: far, cluster: {server: "https://127.0.0.1:9"}}]\n' +
      'users: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: far, user: u}}]\ncurrent-context: c\n'
    await sim.seed([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'istio-remote-secret-far',
          namespace: 'istio-system',
          labels: {'istio/multiCluster': 'true'},
        },
        data: {far: Buffer.from(kubeconfig).toString('base64')},
      },
    ] as never)
    try {
      const r = await analyze(['-A', '-o', 'json'])
      expect(r.code, r.stderr).to.equal(79)
      expect(r.stderr.match(/remote cluster far cannot be read/g)).to.have.length(1)
      expect(r.stdout).to.contain('IST0101')
      sim.requestLog.length = 0
      const named = await analyze(['-A', '-o', 'json', '--remote-contexts', 'nowhere'])
      expect(named.stderr).to.not.contain('far')
      expect(sim.requestLog.some((e) => /multiCluster/.test(e.query))).to.equal(false)
    } finally {
      await sim.server.api.delete(
        sim.server.registry.byKind('v1', 'Secret')!,
        'istio-system',
        'istio-remote-secret-far',
        {},
      )
    }
  })

  it('a namespace that does not exist is a usage error, not a clean bill of health (istio/istio#30805)', async () => {
    const r = await analyze(['-n', 'nope'])
    expect(r.code).to.equal(64)
    expect(r.stderr).to.contain('namespace "nope" not found')
  })
})
