// analyze() against live clusters (kube-sim): mesh networks and revisions from the cluster, remote
// clusters, the --timeout deadline and what is (not) listed.
import {expect} from 'chai'
import {writeFileSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {analyze} from '../../src/lib/analyze/analyze.js'
import {selectAnalyzers} from '../../src/lib/analyze/registry.js'
import {generateCrds} from '../../src/lib/api/index.js'
import {createKubeClient} from '../../src/lib/kube/client.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {gatewayCrd} from '../helpers/crds.js'

const MESH_CM = (name: string, mesh: string, networks?: string) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: istio-system}
data:
  mesh: ${JSON.stringify(mesh)}
${networks === undefined ? '' : `  meshNetworks: ${JSON.stringify(networks)}`}
`
const BASE = `
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
`

describe('analyze() on live clusters (kube-sim)', function () {
  this.timeout(60000)
  let sim: KubeSim
  let remote: KubeSim

  before(async () => {
    ;[sim, remote] = await Promise.all([startKubeSim(), startKubeSim()])
    await sim.seed(generateCrds() as never)
    await sim.seed(
      BASE +
        MESH_CM(
          'istio',
          'rootNamespace: istio-system',
          'networks: {n1: {endpoints: [{fromRegistry: nowhere}]}}',
        ) +
        MESH_CM('istio-canary', 'rootNamespace: shop') +
        '---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n' +
        'metadata: {name: allow-nothing, namespace: shop}\nspec: {}\n',
    )
    await remote.seed(BASE.replace('port: 80}', 'port: 8080}'))
  })
  after(async () => Promise.all([sim?.stop(), remote?.stop()]))

  const client = (s: KubeSim) => createKubeClient({kubeconfig: s.kubeconfigPath})
  const run = async (names: string[], extra: Partial<Parameters<typeof analyze>[0]> = {}) =>
    analyze({
      paths: [],
      kube: await client(sim),
      namespace: 'shop',
      allNamespaces: true,
      istioNamespace: 'istio-system',
      analyzers: selectAnalyzers(names).selected,
      ...extra,
    })
  const pairs = (r: Awaited<ReturnType<typeof analyze>>) =>
    r.findings.map((f) => `${f.code} ${f.origin ?? ''}`)

  it("reads mesh networks from the cluster's istio ConfigMap; --meshNetworksFile overrides it", async () => {
    expect(pairs(await run(['meshnetworks.MeshNetworksAnalyzer']))).to.deep.equal([
      'IST0126 MeshNetworks istio-system/meshnetworks',
    ])
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-live-'))
    const file = join(dir, 'networks.yaml')
    writeFileSync(file, 'networks: {n1: {endpoints: [{fromRegistry: Kubernetes}]}}\n')
    expect(pairs(await run(['meshnetworks.MeshNetworksAnalyzer'], {meshNetworksFile: file}))).to.deep.equal(
      [],
    )
  })

  it("-r reads the revision's mesh config (istio-<rev>), else istio", async () => {
    // A selector-less policy in shop: namespace-wide (no mesh pods there: IST0127) unless shop is the
    // root namespace, which only the canary revision's mesh config says.
    expect(pairs(await run(['auth.AuthorizationPoliciesAnalyzer']))).to.deep.equal([
      'IST0127 AuthorizationPolicy shop/allow-nothing',
    ])
    expect(pairs(await run(['auth.AuthorizationPoliciesAnalyzer'], {revision: 'canary'}))).to.deep.equal([])
    expect(pairs(await run(['auth.AuthorizationPoliciesAnalyzer'], {revision: 'other'}))).to.deep.equal([
      'IST0127 AuthorizationPolicy shop/allow-nothing',
    ])
  })

  it('compares Services across --remote-contexts clusters', async () => {
    const r = await run(['services.MultiClusterServiceAnalyzer'], {
      remotes: [{name: 'west', client: await client(remote)}],
    })
    expect(pairs(r)).to.deep.equal(['IST0170 Service shop/web'])
    expect(r.findings[0].message).to.contain('"west"')
  })

  it('reports an unreachable remote once and analyses the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-live-'))
    const dead = join(dir, 'dead.kubeconfig')
    writeFileSync(
      dead,
      'apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "http://127.0.0.1:9"}}]\n' +
        'users: [{name: u, user: {}}]\ncontexts: [{name: d, context: {cluster: d, user: u}}]\ncurrent-context: d\n',
    )
    const r = await run(['services.MultiClusterServiceAnalyzer', 'virtualservice.*'], {
      remotes: [
        {name: 'gone', client: await createKubeClient({kubeconfig: dead})},
        {name: 'west', client: await client(remote)},
      ],
    })
    expect(r.warnings.filter((w) => w.includes('gone'))).to.have.length(1)
    expect(r.warnings[0]).to.match(/remote cluster gone cannot be read .*; analysed without it/)
    expect(pairs(r)).to.deep.equal(['IST0170 Service shop/web'])
  })

  it('a forbidden remote is reported once too', async () => {
    const off = remote.fault({method: 'GET', path: '/api/v1/services', status: 403})
    try {
      const r = await run(['services.MultiClusterServiceAnalyzer'], {
        remotes: [{name: 'west', client: await client(remote)}],
      })
      expect(r.warnings).to.deep.equal([
        'Warning: remote cluster west: not allowed to list Services; analysed without it',
      ])
      expect(r.findings).to.deep.equal([])
    } finally {
      off()
    }
  })

  describe('remote clusters from remote secrets (no --remote-contexts), as istioctl finds them', () => {
    /** A kubeconfig whose current context's cluster is `cluster` at `server`, with extra user fields. */
    const kubeconfig = (cluster: string, server: string, user = '{}') =>
      `apiVersion: v1\nkind: Config\nclusters: [{name: ${cluster}, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]\n` +
      `users: [{name: u, user: ${user}}]\ncontexts: [{name: c, context: {cluster: ${cluster}, user: u}}]\n` +
      'current-context: c\n'
    const secret = (name: string, data: Record<string, string>, labelled = true) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: 'istio-system',
        ...(labelled ? {labels: {'istio/multiCluster': 'true'}} : {}),
      },
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    })
    const seeded: string[] = []
    const seedSecrets = async (...objs: ReturnType<typeof secret>[]) => {
      await sim.seed(objs as never)
      seeded.push(...objs.map((o) => o.metadata.name))
    }
    afterEach(async () => {
      const kube = await client(sim)
      for (const name of seeded.splice(0))
        await kube.delete({apiVersion: 'v1', kind: 'Secret'}, name, 'istio-system')
    })

    it("reads each labelled secret's kubeconfig and names the remote by its cluster", async () => {
      await seedSecrets(
        secret('istio-remote-secret-west', {west: kubeconfig('west', remote.url)}),
        // not labelled istio/multiCluster=true: not a remote secret
        secret('unrelated', {east: kubeconfig('east', 'http://127.0.0.1:9')}, false),
      )
      const r = await run(['services.MultiClusterServiceAnalyzer'])
      expect(pairs(r)).to.deep.equal(['IST0170 Service shop/web'])
      expect(r.findings[0].message).to.contain('"west"')
      expect(r.warnings).to.deep.equal([])
    })

    it('a remote that cannot be reached, or a secret that cannot be used, is reported once; the rest is analysed', async () => {
      const marker = 'SECRET-TOKEN-MARKER'
      await seedSecrets(
        secret('istio-remote-secret-gone', {gone: kubeconfig('gone', 'http://127.0.0.1:9')}),
        secret('istio-remote-secret-west', {west: kubeconfig('west', remote.url)}),
        secret('istio-remote-secret-broken', {broken: `{not: [yaml ${marker}`}),
        // exec would run a program named by whoever can write secrets in istio-system: refused, as istiod does
        secret('istio-remote-secret-exec', {
          exec: kubeconfig(
            'ex',
            remote.url,
            `{exec: {command: /bin/false, apiVersion: client.authentication.k8s.io/v1}, token: ${marker}}`,
          ),
        }),
      )
      const r = await run(['services.MultiClusterServiceAnalyzer'])
      expect(pairs(r)).to.deep.equal(['IST0170 Service shop/web'])
      expect(r.warnings).to.have.length(3)
      expect(r.warnings.filter((w) => w.includes('gone'))).to.have.length(1)
      expect(r.warnings.find((w) => w.includes('gone'))).to.match(
        /remote cluster gone cannot be read .*; analysed without it/,
      )
      expect(r.warnings).to.include(
        'Warning: remote secret istio-system/istio-remote-secret-broken (broken): not a valid kubeconfig; analysed without it',
      )
      expect(r.warnings).to.include(
        'Warning: remote secret istio-system/istio-remote-secret-exec (exec): its kubeconfig uses exec, which analyze does not use from a cluster secret; analysed without it',
      )
      expect(r.warnings.join('\n')).to.not.contain(marker)
    })

    it('--remote-contexts, when given, replaces the secrets', async () => {
      await seedSecrets(secret('istio-remote-secret-gone', {gone: kubeconfig('gone', 'http://127.0.0.1:9')}))
      const r = await run(['services.MultiClusterServiceAnalyzer'], {remotes: []})
      expect(r.warnings).to.deep.equal([])
      expect(pairs(r)).to.deep.equal([])
    })
  })

  it('a kind served only at other versions (an old Gateway API CRD) is noted and skipped', async () => {
    await remote.seed(gatewayCrd('v1beta1'))
    const r = await run(['conditions.ConditionAnalyzer'], {kube: await client(remote)})
    expect(r.warnings).to.include(
      'Note: the cluster does not serve Gateway.gateway.networking.k8s.io; skipped it',
    )
  })

  it('fails when reading the cluster takes longer than --timeout', async () => {
    const off = sim.fault({method: 'GET', path: '/api/v1/services', latencyMs: 1500})
    try {
      let error: Error | undefined
      await run(['virtualservice.DestinationHostAnalyzer'], {timeoutMs: 300}).catch((e: Error) => (error = e))
      expect(error?.message).to.match(/reading the cluster .* took longer than --timeout 0.3s/)
    } finally {
      off()
    }
  })

  it('lists kinds concurrently, skips Helm and token Secrets, and never lists mesh config kinds', async () => {
    sim.requestLog.length = 0
    await run([])
    const lists = sim.requestLog.filter((e) => e.method === 'GET' && /limit=500/.test(e.query))
    expect(lists.some((e) => /meshconfigs|meshnetworks/.test(e.path))).to.equal(false)
    const secrets = lists.find((e) => e.path === '/api/v1/secrets')
    expect(decodeURIComponent(secrets?.query ?? '')).to.contain('type!=helm.sh/release.v1')
  })
})
