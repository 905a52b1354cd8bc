/**
 * `meshctl proxy-status` end to end on the simulator, without istiod: a loopback ADS server (TLS, token
 * checked against the simulator's TokenRequests) behind the istiod pods' port 15012, and an Envoy admin
 * stub behind a sidecar pod's port 15000.
 */
import {readFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {testPki} from '../kube-sim/tls.js'
import {istiodAndSidecarSeed, startAdsServer, type AdsServer} from '../helpers/ads-server.js'
import {runCli} from '../helpers/cli.js'
import {TYPE, type DiscoveryResponse} from '../../src/lib/proxy-status/types.js'

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url)
const fixture = (rel: string) => readFileSync(new URL(rel, FIXTURES), 'utf8')
const recorded = () => JSON.parse(fixture('proxy-status/multiXdsStatusSinglePilot.json')) as DiscoveryResponse

/** The recorded answer, as another istiod with another proxy would give it. */
function answerOf(istiod: string, proxy: string, namespace: string): DiscoveryResponse {
  const r = recorded()
  const cc = r.resources![0] as {node: {id: string; metadata: Record<string, string>}}
  cc.node.id = proxy
  cc.node.metadata.NAMESPACE = namespace
  r.controlPlane = {identifier: r.controlPlane!.identifier!.replace('istiod1', istiod)}
  return r
}

const SEED = `${istiodAndSidecarSeed('istio-system', 'default')}
---
apiVersion: v1
kind: Pod
metadata: {name: plain-1, namespace: default, labels: {app: plain}}
spec: {containers: [{name: plain, image: plain}]}
---
apiVersion: v1
kind: Service
metadata: {name: productpage, namespace: default}
spec: {selector: {app: productpage}, ports: [{port: 9080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: ztunnel-x1, namespace: istio-system, labels: {app: ztunnel}}
spec: {containers: [{name: istio-proxy, image: ztunnel}]}
`

describe('meshctl proxy-status on the simulator (test ADS server, Envoy admin stub)', function () {
  this.timeout(60_000)
  let sim: KubeSim
  let ads: AdsServer
  let admin: http.Server
  const env = () => ({KUBECONFIG: sim.kubeconfigPath, NO_COLOR: '1'})

  before(async function () {
    sim = await startKubeSim()
    await sim.seed(SEED)
    await sim.waitFor(() =>
      sim
        .list('v1', 'Pod', 'istio-system')
        .some((p) => p.metadata.name?.startsWith('istiod-') && p.status?.phase === 'Running'),
    )
    const pki = testPki()
    const tokens = () =>
      sim.server.issuedTokens.filter((t) => t.audiences.includes('istio-ca')).map((t) => t.token)
    ads = await startAdsServer({
      tls: {key: pki.serverKeyPem, cert: pki.serverCertPem},
      checkToken: (t) => t !== undefined && tokens().includes(t),
      answer: (req) => {
        if (req.typeUrl === TYPE.syncz) return answerOf('istiod-sim', 'productpage-v1-abc.default', 'default')
        if (req.typeUrl === TYPE.configDump) {
          if (req.resourceNames[0] !== 'productpage-v1-abc.default')
            return {typeUrl: TYPE.configDump, resources: []}
          return istiodConfigDump()
        }
        return undefined
      },
      full: true,
    })
    sim.portForward(
      {namespace: 'istio-system', selector: 'app=istiod', port: 15012},
      {host: '127.0.0.1', port: ads.port},
    )
    admin = http.createServer((req, res) => {
      if (req.url?.startsWith('/config_dump')) res.end(fixture('envoy/sidecar-config_dump.json'))
      else res.writeHead(404).end('no such path')
    })
    await new Promise<void>((r) => admin.listen(0, '127.0.0.1', r))
    sim.portForward(
      {namespace: 'default', pod: 'productpage-v1-abc', port: 15000},
      {host: '127.0.0.1', port: (admin.address() as AddressInfo).port},
    )
  })

  after(async () => {
    await ads?.stop()
    admin?.close()
    await sim?.stop()
  })

  /** istiod's view: the sidecar dump's clusters/listeners/routes sections, one cluster changed. */
  function istiodConfigDump(): DiscoveryResponse {
    const dump = JSON.parse(fixture('envoy/sidecar-config_dump.json')) as {configs: Record<string, unknown>[]}
    const keep = [
      'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
      'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
      'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
    ]
    return {
      typeUrl: TYPE.configDump,
      resources: dump.configs.filter((c) => keep.includes(c['@type'] as string)),
    }
  }

  it('prints the table from every istiod, with a token of audience istio-ca over TLS', async () => {
    const r = await runCli(['proxy-status'], {env: env()})
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expect(r.stdout).to.equal(
      'NAME                           CLUSTER      ISTIOD         VERSION     SUBSCRIBED TYPES\n' +
        'productpage-v1-abc.default     cluster1     istiod-sim     1.20        5 (CDS,LDS,EDS,RDS,ECDS)\n',
    )
    const req = ads.seen.at(-1)!
    expect(req.typeUrl).to.equal('istio.io/debug/syncz')
    expect(req.authorization).to.match(/^Bearer sim-sa-token\.istio-system\.default\./)
    expect(req.node?.metadata).to.include({
      GENERATOR: 'event',
      NAMESPACE: 'istio-system',
      SERVICE_ACCOUNT: 'default',
    })
  })

  it('-v 1, -n and -o json', async () => {
    const v = await runCli(['proxy-status', '-v', '1'], {env: env()})
    expect(v.stdout.split('\n')[0]).to.match(/^NAME +CLUSTER +CDS +ECDS +EDS +LDS +RDS +ISTIOD +VERSION$/)
    const other = await runCli(['proxy-status', '-n', 'other'], {env: env()})
    expect(other.stdout.trim().split('\n')).to.have.length(1)
    const j = await runCli(['proxy-status', '-o', 'json'], {env: env()})
    expect(JSON.parse(j.stdout)).to.deep.equal(
      answerOf('istiod-sim', 'productpage-v1-abc.default', 'default'),
    )
  })

  it('proxy-status POD compares the Envoy config dump with istiod', async () => {
    const r = await runCli(['proxy-status', 'productpage-v1-abc.default'], {env: env()})
    expect(r.stderr).to.equal('')
    expect(r.stdout).to.equal('Clusters Match\nListeners Match\nRoutes Match\n')
    expect(ads.seen.at(-1)).to.include({typeUrl: 'istio.io/debug/config_dump'})
    expect(ads.seen.at(-1)!.resourceNames).to.deep.equal(['productpage-v1-abc.default'])
    // a Service names the pod it selects, as istioctl resolves it
    const bySvc = await runCli(['proxy-status', 'svc/productpage.default'], {env: env()})
    expect([bySvc.stderr, bySvc.stdout]).to.deep.equal(['', r.stdout])
    expect(ads.seen.at(-1)!.resourceNames).to.deep.equal(['productpage-v1-abc.default'])
  })

  it('proxy-status POD --file shows a unified diff when the dumps differ', async () => {
    const dump = JSON.parse(fixture('envoy/sidecar-config_dump.json')) as {
      configs: {
        static_clusters?: unknown
        dynamic_active_clusters?: {cluster: {connect_timeout?: string}}[]
      }[]
    }
    const clusters = dump.configs.find((c) => c.dynamic_active_clusters)!
    clusters.dynamic_active_clusters![0]!.cluster.connect_timeout = '99s'
    const r = await runCli(['proxy-status', 'productpage-v1-abc.default', '--file', '-'], {
      env: env(),
      input: JSON.stringify(dump),
    })
    expect(r.code).to.equal(0)
    expect(r.stdout).to.match(/^Clusters Don't Match\n--- Istiod Clusters\n\+\+\+ Envoy Clusters\n@@ /)
    expect(r.stdout).to.match(/^\+ +"connectTimeout": "99s",?$/m)
    expect(r.stdout).to.match(/\nListeners Match\nRoutes Match\n$/)
  })

  it('ztunnel pods get istioctl message', async () => {
    const r = await runCli(['proxy-status', 'ztunnel-x1.istio-system'], {env: env()})
    expect(r.stdout).to.equal('Sync diff is not available for ztunnel pod ztunnel-x1.istio-system\n')
  })

  it('--xds-address --plaintext asks that server directly, without a token', async () => {
    const plain = await startAdsServer({answer: () => answerOf('istiod-direct', 'p-1.default', 'default')})
    try {
      const r = await runCli(['proxy-status', '--xds-address', plain.address, '--plaintext'], {env: env()})
      expect(r.stderr).to.equal('')
      expect(r.stdout).to.match(/^p-1\.default +cluster1 +istiod-direct +1\.20 /m)
      expect(plain.seen.at(-1)!.authorization).to.equal(undefined)
    } finally {
      await plain.stop()
    }
  })

  it('falls back to /debug/syncz on the monitoring port when xDS cannot be reached, and says so', async () => {
    const monitoring = http.createServer((req, res) => {
      if (req.url === '/debug/syncz')
        res.end(
          JSON.stringify([
            {
              proxy: 'details-v1-1.default',
              cluster_id: 'Kubernetes',
              istio_version: '1.30.3',
              resources: {
                [TYPE.cluster]: {sent: 'n1', acked: 'n1'},
                [TYPE.listener]: {sent: 'n2', acked: 'n1'},
                [TYPE.route]: {sent: 'n3', acked: 'n3', lastError: 'rejected'},
              },
            },
          ]),
        )
      else res.writeHead(404).end()
    })
    await new Promise<void>((r) => monitoring.listen(0, '127.0.0.1', r))
    sim.portForward(
      {namespace: 'istio-system', selector: 'app=istiod', port: 15014},
      {host: '127.0.0.1', port: (monitoring.address() as AddressInfo).port},
    )
    try {
      const r = await runCli(['proxy-status', '--xds-port', '15098', '--timeout', '3s', '-v', '1'], {
        env: env(),
      })
      expect(r.code).to.equal(0)
      expect(r.stderr).to.match(
        /^note: xDS on istiod pod istio-system\/istiod-[a-z0-9-]+ port 15098 failed .*reading GET \/debug\/syncz on its monitoring port instead\n$/,
      )
      expect(r.stdout).to.match(
        /^details-v1-1\.default +Kubernetes +SYNCED +IGNORED +IGNORED +STALE +ERROR +istiod-[a-z0-9-]+ +1\.30\.3$/m,
      )
    } finally {
      monitoring.close()
    }
  })

  describe('faults: one line naming what and where, exit 1', () => {
    it('a pod without a sidecar', async () => {
      const r = await runCli(['proxy-status', 'plain-1'], {env: env()})
      expect(r.code).to.equal(1)
      expect(r.stderr.split('\n')[0]).to.equal(
        'error: pod default/plain-1 has no istio-proxy container: it is not in the mesh',
      )
    })
    it('a proxy no istiod knows', async () => {
      await sim.seed(`apiVersion: v1
kind: Pod
metadata: {name: lonely-1, namespace: default}
spec: {containers: [{name: istio-proxy, image: proxyv2}]}
`)
      sim.portForward(
        {namespace: 'default', pod: 'lonely-1', port: 15000},
        {host: '127.0.0.1', port: (admin.address() as AddressInfo).port},
      )
      const r = await runCli(['proxy-status', 'lonely-1'], {env: env()})
      expect(r.code).to.equal(1)
      expect(r.stderr).to.match(
        /^error: proxy lonely-1\.default is not connected to any istiod \(asked istiod-[a-z0-9-]+\)\n/,
      )
    })
    it('a malformed config dump file', async () => {
      const r = await runCli(['proxy-status', 'productpage-v1-abc.default', '--file', '-'], {
        env: env(),
        input: '{"configs": [',
      })
      expect(r.code).to.equal(65)
      expect(r.stderr).to.match(/^error: -: not an Envoy config dump: /)
      expect(r.stderr).to.not.match(/\n {4}at /)
    })
    it('no istiod of the revision', async () => {
      const r = await runCli(['proxy-status', '-r', 'canary'], {env: env()})
      expect(r.code).to.equal(1)
      expect(r.stderr.split('\n')[0]).to.equal(
        'error: no running istiod pods (app=istiod,istio.io/rev=canary) in namespace "istio-system"',
      )
    })
    it('the token request is forbidden', async () => {
      sim.authorize((_user, attrs) => attrs.subresource !== 'token')
      try {
        const r = await runCli(['proxy-status'], {env: env()})
        expect(r.code).to.equal(1)
        expect(r.stderr.split('\n')[0]).to.match(
          /^error: cannot get a token for ServiceAccount istio-system\/default \(TokenRequest, audience istio-ca\): .*forbidden/i,
        )
      } finally {
        sim.authorize(() => true)
      }
    })
    it('istiod unreachable on 15012 and 15014', async () => {
      const r = await runCli(['proxy-status', '--xds-port', '15099', '--timeout', '3s'], {env: env()})
      expect(r.code).to.equal(1)
      expect(r.stderr).to.match(/^note: xDS on istiod pod istio-system\/istiod-[a-z0-9-]+ port 15099 failed/)
      expect(r.stderr).to.match(/\nerror: istiod pod istio-system\/istiod-[a-z0-9-]+: /)
    })
  })
})
