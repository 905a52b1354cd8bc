// analyze() reading a cluster (kube-sim): the mesh ConfigMap, what is listed and where, RBAC gaps, the
// --timeout budget shared by every read, and mesh config files beside the cluster.
import {expect} from 'chai'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {analyze, type AnalyzeRequest} from '../../src/lib/analyze/analyze.js'
import {selectAnalyzers} from '../../src/lib/analyze/registry.js'
import {generateCrds} from '../../src/lib/api/index.js'
import {createKubeClient, type KubeClient} from '../../src/lib/kube/client.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'

const INJECTOR_VALUES = JSON.stringify({
  global: {hub: 'docker.io/istio', tag: '1.30.3', proxy: {image: 'proxyv2'}},
})

const SEED = `
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: inj, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "rootNamespace: istio-system"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-broken, namespace: istio-system}
data:
  mesh: "[not, a, map]"
  meshNetworks: "networks: {n1: {endpoints: [{fromRegistry: nowhere}]}}"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-nodata, namespace: istio-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  values: ${JSON.stringify(INJECTOR_VALUES)}
---
apiVersion: v1
kind: Pod
metadata: {name: old-proxy, namespace: inj, labels: {app: a}}
spec:
  containers:
  - {name: app, image: app}
  - {name: istio-proxy, image: "docker.io/istio/proxyv2:1.29.0"}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: shop}
spec: {}
`

describe('analyze() reading a cluster (kube-sim)', function () {
  this.timeout(60000)
  let sim: KubeSim
  const dir = mkdtempSync(join(tmpdir(), 'meshctl-analyze-'))

  before(async () => {
    sim = await startKubeSim()
    await sim.seed(generateCrds() as never)
    await sim.seed(SEED)
  })
  after(() => sim?.stop())

  const run = async (names: string[], extra: Partial<AnalyzeRequest> = {}) =>
    analyze({
      paths: [],
      kube: await createKubeClient({kubeconfig: sim.kubeconfigPath}),
      namespace: 'shop',
      allNamespaces: true,
      istioNamespace: 'istio-system',
      analyzers: selectAnalyzers(names).selected,
      ...extra,
    })
  const codes = (r: Awaited<ReturnType<typeof analyze>>) =>
    r.findings.map((f) => `${f.code} ${f.origin ?? ''}`)
  const withFault = async <T>(rule: Parameters<KubeSim['fault']>[0], fn: () => Promise<T>): Promise<T> => {
    const off = sim.fault(rule)
    try {
      return await fn()
    } finally {
      off()
    }
  }

  it('reads the injector ConfigMap of the Istio namespace (IST0158 for a pod with an older proxy)', async () => {
    expect(codes(await run(['injection.ImageAnalyzer']))).to.deep.equal(['IST0158 Namespace inj'])
  })

  it('lists ConfigMaps only in the Istio namespace: a cluster-wide LIST is never needed', async () => {
    const r = await withFault({method: 'GET', path: '/api/v1/configmaps', status: 403}, () =>
      run(['injection.ImageAnalyzer']),
    )
    expect(r.warnings).to.deep.equal([])
    expect(codes(r)).to.deep.equal(['IST0158 Namespace inj'])
  })

  it('a revision reads istio-<rev> first, then istio; one that cannot be parsed is a warning', async () => {
    const r = await run(['meshnetworks.MeshNetworksAnalyzer', 'auth.AuthorizationPoliciesAnalyzer'], {
      revision: 'broken',
    })
    // the mesh key of istio-broken cannot be read: a warning and the defaults, yet its networks are used
    expect(r.warnings).to.have.length(1)
    expect(r.warnings[0]).to.match(/^Warning: cannot parse mesh in ConfigMap istio-system\/istio-broken: /)
    expect(codes(r)).to.include('IST0126 MeshNetworks istio-system/meshnetworks')
    // a ConfigMap without data: defaults, no warning
    const nodata = await run(['meshnetworks.MeshNetworksAnalyzer'], {revision: 'nodata'})
    expect(nodata.warnings).to.deep.equal([])
    expect(codes(nodata)).to.deep.equal([])
    // the default revision reads istio (no networks there)
    for (const revision of ['default', '', undefined]) {
      const d = await run(['meshnetworks.MeshNetworksAnalyzer'], {revision})
      expect(d.warnings, String(revision)).to.deep.equal([])
      expect(codes(d), String(revision)).to.deep.equal([])
    }
  })

  it('with both mesh files given, no mesh ConfigMap is read', async () => {
    const mesh = join(dir, 'mesh.yaml')
    const nets = join(dir, 'nets.yaml')
    writeFileSync(mesh, 'rootNamespace: shop\n')
    writeFileSync(nets, 'networks: {}\n')
    sim.requestLog.length = 0
    const r = await run(['auth.AuthorizationPoliciesAnalyzer'], {
      meshConfigFile: mesh,
      meshNetworksFile: nets,
    })
    expect(sim.requestLog.some((e) => /configmaps\/istio/.test(e.path))).to.equal(false)
    // shop is the root namespace now: a namespace-wide policy there is mesh-wide, no IST0127
    expect(codes(r)).to.deep.equal([])
    // one file only: the other is still read from the ConfigMap
    sim.requestLog.length = 0
    await run(['auth.AuthorizationPoliciesAnalyzer'], {meshConfigFile: mesh})
    expect(sim.requestLog.some((e) => /configmaps\/istio$/.test(e.path))).to.equal(true)
  })

  it('mesh files that cannot be read or parsed are bad input naming the file and flag', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, '[1, 2]\n')
    for (const [key, flag] of [
      ['meshConfigFile', '--meshConfigFile'],
      ['meshNetworksFile', '--meshNetworksFile'],
    ] as const) {
      const err = (await run([], {[key]: bad}).catch((e: unknown) => e)) as {
        exitCode: number
        message: string
      }
      expect(err.exitCode, key).to.equal(65)
      expect(err.message, key).to.equal(
        `${bad}: mesh ${key === 'meshConfigFile' ? 'config' : 'networks'} is not a map (${flag})`,
      )
      const missing = (await run([], {[key]: join(dir, 'none.yaml')}).catch((e: unknown) => e)) as {
        exitCode: number
        message: string
      }
      expect(missing.exitCode).to.equal(65)
      expect(missing.message).to.contain(flag)
    }
  })

  it('a kind RBAC forbids is a warning and its analyzers are skipped; everything forbidden is an error', async () => {
    const r = await withFault({method: 'GET', path: '/api/v1/pods', status: 403}, () =>
      run(['injection.ImageAnalyzer', 'virtualservice.GatewayAnalyzer']),
    )
    expect(r.warnings).to.deep.equal([
      'Warning: not allowed to list Pod (RBAC); analyzers that need it are skipped',
    ])
    expect(r.skipped).to.include('injection.ImageAnalyzer')
    const err = (await withFault({method: 'GET', query: 'limit=500', status: 403}, () =>
      run(['injection.ImageAnalyzer']),
    ).catch((e: unknown) => e)) as Error
    expect(err.message).to.match(
      /^cannot analyze the cluster: not allowed to list any of the \d+ kinds analyze reads \(RBAC\)$/,
    )
  })

  it('Namespaces are always listed, once (to check the analysed namespace exists)', async () => {
    const namespaceLists = () =>
      sim.requestLog.filter((e) => e.method === 'GET' && e.path === '/api/v1/namespaces').length
    sim.requestLog.length = 0
    await run(['virtualservice.GatewayAnalyzer'])
    expect(namespaceLists()).to.equal(1)
    sim.requestLog.length = 0
    await run(['injection.ImageAnalyzer'])
    expect(namespaceLists()).to.equal(1)
  })

  it('the default revision reads only the istio ConfigMap; another reads istio-<rev> first', async () => {
    const meshReads = () =>
      sim.requestLog
        .filter((e) => e.method === 'GET' && e.path.startsWith('/api/v1/namespaces/istio-system/configmaps/'))
        .map((e) => e.path.split('/').pop())
    for (const revision of ['default', '', undefined]) {
      sim.requestLog.length = 0
      await run(['meshnetworks.MeshNetworksAnalyzer'], {revision})
      expect(meshReads(), String(revision)).to.deep.equal(['istio'])
    }
    sim.requestLog.length = 0
    await run(['meshnetworks.MeshNetworksAnalyzer'], {revision: 'gone'})
    expect(meshReads()).to.deep.equal(['istio-gone', 'istio'])
  })

  it('a core kind the cluster does not serve is skipped without a note (only API groups are named)', async () => {
    const r = await withFault({method: 'GET', path: '/api/v1/pods', status: 404}, () =>
      run(['injection.ImageAnalyzer']),
    )
    expect(r.warnings).to.deep.equal([])
    expect(r.skipped).to.deep.equal(['injection.ImageAnalyzer'])
  })

  it('a remote cluster that fails is named with the first line of its error', async () => {
    const broken = {
      server: 'https://broken',
      list: () => Promise.reject(new Error('first line\nsecond line')),
    } as unknown as KubeClient
    const r = await run(['services.MultiClusterServiceAnalyzer'], {remotes: [{name: 'east', client: broken}]})
    expect(r.warnings).to.deep.equal([
      'Warning: remote cluster east cannot be read (first line); analysed without it',
    ])
  })

  it('kinds forbidden or not served, none read: an error, which counts the forbidden ones', async () => {
    // a cluster without Istio's CRDs: its core kinds forbidden, the Istio kinds not served
    const bare = await startKubeSim()
    try {
      const off = bare.fault({method: 'GET', path: /^\/api\/v1\//, query: 'limit=500', status: 403})
      const err = (await analyze({
        paths: [],
        kube: await createKubeClient({kubeconfig: bare.kubeconfigPath}),
        namespace: 'shop',
        allNamespaces: true,
        istioNamespace: 'istio-system',
        analyzers: selectAnalyzers(['virtualservice.GatewayAnalyzer']).selected,
      }).catch((e: unknown) => e)) as Error
      off()
      expect(err.message).to.match(
        /^cannot analyze the cluster: not allowed to list any of the [1-9] kinds analyze reads \(RBAC\)$/,
      )
    } finally {
      await bare.stop()
    }
  })

  it('the --timeout budget is shared: the lists get what the mesh ConfigMap read left', async () => {
    // plenty of time: the analysis completes
    expect(codes(await run(['injection.ImageAnalyzer'], {timeoutMs: 30000}))).to.deep.equal([
      'IST0158 Namespace inj',
    ])
    // 600 ms for the ConfigMap, then 600 ms lists: over a 1 s budget in total, though each is under it
    const off = sim.fault({
      method: 'GET',
      path: '/api/v1/namespaces/istio-system/configmaps/istio',
      latencyMs: 600,
    })
    try {
      const err = (await withFault({method: 'GET', path: '/api/v1/pods', latencyMs: 600}, () =>
        run(['injection.ImageAnalyzer'], {timeoutMs: 1000}),
      ).catch((e: unknown) => e)) as Error
      expect(err.message).to.match(/^reading the cluster \(.*\) took longer than --timeout 1s$/)
    } finally {
      off()
    }
  })

  it('file objects without a namespace take the analysed one', async () => {
    const file = join(dir, 'vs.yaml')
    writeFileSync(
      file,
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec: {hosts: [x], gateways: [nogw], http: [{route: [{destination: {host: x}}]}]}\n',
    )
    const r = await run(['virtualservice.GatewayAnalyzer'], {paths: [file], allNamespaces: false})
    expect(codes(r)).to.include('IST0101 VirtualService shop/v')
  })
})

describe('analyze() offline', () => {
  it("adds istioctl's stand-in ingress gateway, so a Gateway selecting it selects something", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-offline-'))
    const file = join(dir, 'gw.yaml')
    writeFileSync(
      file,
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n' +
        // a workload of its own, so that Pods and Services are known offline
        '---\napiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: shop, labels: {app: a}}\nspec: {containers: [{name: a, image: a}]}\n' +
        '---\napiVersion: v1\nkind: Service\nmetadata: {name: app, namespace: shop}\nspec: {selector: {app: a}, ports: [{name: http, port: 80}]}\n',
    )
    const run = (selector: string) =>
      analyze({
        paths: [file],
        namespace: 'shop',
        allNamespaces: true,
        istioNamespace: 'istio-system',
        analyzers: selectAnalyzers([selector]).selected,
      })
    const r = await run('gateway.IngressGatewayPortAnalyzer')
    expect(r.executed).to.deep.equal(['gateway.IngressGatewayPortAnalyzer'])
    expect(r.findings).to.deep.equal([])
  })
})
