// `meshctl analyze` of a live cluster on both back ends: the simulator and, where installed, the real
// control plane (test/bed). The same objects are applied to each the same way (server-side apply, CRDs
// first, waiting until they are established), and each must yield the same findings, listed below with
// the mistake each one points at.
import {expect} from 'chai'
import {parseAllDocuments} from 'yaml'
import {generateCrds} from '../../src/lib/api/index.js'
import {createKubeClient, type KubeClient} from '../../src/lib/kube/client.js'
import type {KubeObject} from '../../src/lib/kube/types.js'
import {runCli} from '../helpers/cli.js'
import {onBackends} from '../helpers/cluster.js'

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "{}", meshNetworks: "networks: {}"}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
# a port name that says no protocol: IST0118
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {selector: {app: db}, ports: [{name: pg, port: 5432}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web, version: v1}}
spec:
  automountServiceAccountToken: false
  containers:
  - {name: app, image: example.io/web:1}
  - {name: istio-proxy, image: docker.io/istio/proxyv2:1.30.3}
---
# a route to a host that does not exist: IST0101
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web]
  http:
  - match: [{uri: {prefix: /old}}]
    route: [{destination: {host: gone}}]
  - route: [{destination: {host: web, subset: v1}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: shop}
spec:
  host: web
  subsets: [{name: v1, labels: {version: v1}}]
---
# a gateway whose selector matches no pod: IST0101
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
# a policy for workloads that do not exist: IST0127
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: nobody, namespace: legacy}
spec:
  selector: {matchLabels: {app: nowhere}}
  action: ALLOW
`

/**
 * The findings both back ends must give, as `level code resource`: the mistakes marked above, and IST0102
 * for the two namespaces without injection (legacy, and the cluster's own default).
 */
const EXPECTED = [
  'Error IST0101 Gateway shop/edge',
  'Error IST0101 VirtualService shop/web',
  'Info IST0102 Namespace default',
  'Info IST0102 Namespace legacy',
  'Info IST0118 Service shop/db',
  'Warning IST0127 AuthorizationPolicy legacy/nobody',
]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Retries `fn` for up to `ms` (a real API server takes a moment to serve new CRDs and service accounts). */
async function eventually<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    try {
      return await fn()
    } catch (err) {
      if (Date.now() > until) throw new Error(`${what}: ${(err as Error).message}`)
      await sleep(250)
    }
  }
}

/** Applies the CRDs (waiting until established), then namespaces, then everything else. */
async function seed(client: KubeClient): Promise<void> {
  const apply = (o: KubeObject) => client.apply(o, {fieldManager: 'meshctl-test', force: true})
  const crds = generateCrds() as unknown as KubeObject[]
  await Promise.all(crds.map(apply))
  const CRD = {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition'}
  for (const crd of crds)
    await eventually(`CRD ${crd.metadata.name} established`, 60_000, async () => {
      const got = await client.get<KubeObject & {status?: {conditions?: {type: string; status: string}[]}}>(
        CRD,
        crd.metadata.name!,
      )
      if (!got?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        throw new Error('not yet')
    })
  const objs = parseAllDocuments(CLUSTER).map((d) => d.toJS() as KubeObject)
  for (const o of objs.filter((x) => x.kind === 'Namespace')) await apply(o)
  for (const o of objs.filter((x) => x.kind !== 'Namespace'))
    await eventually(`apply ${o.kind} ${o.metadata.name}`, 60_000, () => apply(o))
}

onBackends('analyze a live cluster', (cluster) => {
  before(async function () {
    this.timeout(180_000)
    await seed(await createKubeClient({kubeconfig: cluster().kubeconfigPath}))
  })

  it('finds the seeded mistakes, and nothing else, with the same findings on each back end', async function () {
    this.timeout(120_000)
    const r = await runCli(['analyze', '-A', '-o', 'json', '--kubeconfig', cluster().kubeconfigPath])
    expect(r.code, r.stderr).to.equal(79)
    const found = (JSON.parse(r.stdout) as {level: string; code: string; origin: string}[]).map(
      (f) => `${f.level} ${f.code} ${f.origin}`,
    )
    expect(found.sort()).to.deep.equal(EXPECTED)
  })

  it('-n shop reports only that namespace, still resolving what it references', async function () {
    this.timeout(120_000)
    const r = await runCli(['analyze', '-n', 'shop', '-o', 'json', '--kubeconfig', cluster().kubeconfigPath])
    expect(r.code, r.stderr).to.equal(79)
    const found = (JSON.parse(r.stdout) as {level: string; code: string; origin: string}[]).map(
      (f) => `${f.level} ${f.code} ${f.origin}`,
    )
    expect(found.sort()).to.deep.equal(EXPECTED.filter((f) => f.includes(' shop/')))
  })
})
