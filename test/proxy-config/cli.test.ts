/** `meshctl proxy-config …` offline (--file) and against a pod on the simulator (Envoy admin stub). */
import {readFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {fileURLToPath} from 'node:url'
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {runCli} from '../helpers/cli.js'

const SIDECAR = fileURLToPath(
  new URL('../../../shared/fixtures/envoy/sidecar-config_dump.json', import.meta.url),
)
const SUMMARY = fileURLToPath(
  new URL('../../../shared/fixtures/envoy/sidecar-config_dump.summary.txt', import.meta.url),
)

/** A small /clusters?format=json answer (envoy.admin.v3.Clusters). */
const CLUSTERS = {
  cluster_statuses: [
    {
      name: 'outbound|9080||reviews.default.svc.cluster.local',
      host_statuses: [
        {
          address: {socket_address: {address: '10.0.0.7', port_value: 9080}},
          health_status: {eds_health_status: 'HEALTHY'},
        },
        {
          address: {socket_address: {address: '10.0.0.3', port_value: 9080}},
          health_status: {eds_health_status: 'UNHEALTHY', failed_outlier_check: true},
        },
      ],
    },
    {
      name: 'sds-grpc',
      host_statuses: [
        {
          address: {pipe: {path: './var/run/secrets/workload-spiffe-uds/socket'}},
          health_status: {eds_health_status: 'HEALTHY'},
        },
      ],
    },
  ],
}

describe('meshctl proxy-config', function () {
  this.timeout(60_000)

  describe('offline (--file)', () => {
    it('all renders the summary istioctl prints for the sidecar dump', async () => {
      const r = await runCli(['proxy-config', 'all', '--file', SIDECAR])
      expect(r.code).to.equal(0)
      expect(r.stdout).to.equal(readFileSync(SUMMARY, 'utf8'))
    })
    it('pc alias, cluster filters, bootstrap -o short', async () => {
      const c = await runCli(['pc', 'clusters', '-f', SIDECAR, '--direction', 'inbound-vip'])
      expect(c.stdout.trim().split('\n')).to.have.length(2)
      const b = await runCli(['pc', 'bootstrap', '-f', SIDECAR, '-o', 'short'])
      expect(b.stdout).to.match(/^Istio Version: +1\.21\.0-1226\n/)
    })
    it('all -o json prints the dump as it came', async () => {
      const r = await runCli(['pc', 'all', '-f', SIDECAR, '-o', 'json'])
      expect(JSON.parse(r.stdout)).to.deep.equal(JSON.parse(readFileSync(SIDECAR, 'utf8')))
    })
    it('bad output format, missing pod and file, unreadable or malformed file', async () => {
      const bad = await runCli(['pc', 'cluster', '-f', SIDECAR, '-o', 'xml'])
      expect([bad.code, bad.stderr.split('\n')[0]]).to.deep.equal([
        64,
        'error: output format "xml" not supported',
      ])
      const none = await runCli(['pc', 'route'])
      expect([none.code, none.stderr.split('\n')[0]]).to.deep.equal([
        64,
        'error: route requires pod name or --file parameter',
      ])
      const missing = await runCli(['pc', 'listener', '-f', '/nonexistent/dump.json'])
      expect([missing.code, missing.stderr.split('\n')[0]]).to.deep.equal([
        65,
        'error: --file /nonexistent/dump.json: ENOENT',
      ])
      const malformed = await runCli(['pc', 'secret', '-f', '-'], {input: '{"configs":'})
      expect(malformed.code).to.equal(65)
      expect(malformed.stderr).to.match(/^error: -: not an Envoy config dump: /)
    })
  })

  describe('against a pod on the simulator', () => {
    let sim: KubeSim
    let admin: http.Server
    const posts: string[] = []
    const env = () => ({KUBECONFIG: sim.kubeconfigPath})

    before(async () => {
      sim = await startKubeSim()
      await sim.seed(`apiVersion: v1
kind: Pod
metadata: {name: reviews-v1-1, namespace: default, labels: {app: reviews}}
spec: {containers: [{name: reviews, image: r}, {name: istio-proxy, image: proxyv2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: plain-1, namespace: default}
spec: {containers: [{name: plain, image: p}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec:
  replicas: 0
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: reviews, image: r}]}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec: {selector: {app: reviews}, ports: [{port: 9080}]}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: default}
spec: {ports: [{port: 443}]}
`)
      admin = http.createServer((req, res) => {
        const url = req.url ?? ''
        if (req.method === 'GET' && url.startsWith('/config_dump')) return res.end(readFileSync(SIDECAR))
        if (req.method === 'GET' && url === '/clusters?format=json') return res.end(JSON.stringify(CLUSTERS))
        if (req.method === 'POST' && url.startsWith('/logging')) {
          posts.push(url)
          return res.end('active loggers:\n  admin: info\n  http: debug\n')
        }
        res.writeHead(404).end()
      })
      await new Promise<void>((r) => admin.listen(0, '127.0.0.1', r))
      sim.portForward(
        {namespace: 'default', pod: 'reviews-v1-1', port: 15000},
        {host: '127.0.0.1', port: (admin.address() as AddressInfo).port},
      )
    })
    after(async () => {
      admin?.close()
      await sim?.stop()
    })

    it('reads the config dump through a port-forward to 15000', async () => {
      const r = await runCli(['proxy-config', 'listener', 'reviews-v1-1'], {env: env()})
      expect(r.stderr).to.equal('')
      expect(r.stdout).to.match(/^0\.0\.0\.0 +15021 +ALL +Inline Route: \/healthz\/ready\*$/m)
    })
    it('endpoint reads /clusters: sorted by address, outlier check', async () => {
      const r = await runCli(['pc', 'ep', 'reviews-v1-1.default'], {env: env()})
      expect(r.stdout).to.equal(
        'ENDPOINT                                                STATUS        OUTLIER CHECK     CLUSTER\n' +
          '10.0.0.3:9080                                           UNHEALTHY     FAILED            outbound|9080||reviews.default.svc.cluster.local\n' +
          '10.0.0.7:9080                                           HEALTHY       OK                outbound|9080||reviews.default.svc.cluster.local\n' +
          'unix://./var/run/secrets/workload-spiffe-uds/socket     HEALTHY       OK                sds-grpc\n',
      )
      const f = await runCli(['pc', 'ep', 'reviews-v1-1.default', '--status', 'unhealthy'], {env: env()})
      expect(f.stdout.trim().split('\n')).to.have.length(2)
    })
    it('log --level posts every logger first, then the named ones', async () => {
      posts.length = 0
      const r = await runCli(['pc', 'log', 'reviews-v1-1', '--level', 'warn,http:debug'], {env: env()})
      expect(r.code).to.equal(0)
      expect(posts).to.deep.equal(['/logging', '/logging?level=warning', '/logging?http=debug'])
      expect(r.stdout).to.match(/^reviews-v1-1\.default:\nactive loggers:/)
      const bad = await runCli(['pc', 'log', 'reviews-v1-1', '--level', 'nosuch:debug'], {env: env()})
      expect([bad.code, bad.stderr.split('\n')[0]]).to.deep.equal([
        64,
        'error: unrecognized logger name: nosuch',
      ])
    })
    it('deployment/NAME, deploy/, svc/NAME.NS: the pod they select, as istioctl resolves them', async () => {
      const byDeploy = await runCli(['pc', 'listener', 'deployment/reviews-v1'], {env: env()})
      expect(byDeploy.stderr).to.equal('')
      expect(byDeploy.stdout).to.match(/^0\.0\.0\.0 +15021 +ALL +Inline Route: \/healthz\/ready\*$/m)
      const short = await runCli(['pc', 'cluster', 'deploy/reviews-v1', '-o', 'json'], {env: env()})
      const file = await runCli(['pc', 'cluster', '--file', SIDECAR, '-o', 'json'])
      expect(short.stdout).to.equal(file.stdout)
      const bySvc = await runCli(['pc', 'ep', 'svc/reviews.default'], {env: env()})
      expect(bySvc.stdout).to.match(/^10\.0\.0\.7:9080 +HEALTHY/m)
      posts.length = 0
      const log = await runCli(['pc', 'log', 'deployment/reviews-v1', '--level', 'debug'], {env: env()})
      expect(log.code).to.equal(0)
      expect(log.stdout).to.match(/^reviews-v1-1\.default:\n/)
    })
    it('a workload that is missing, selects nothing, or is of a type without pods', async () => {
      const cases: [string[], number, string][] = [
        [['pc', 'cluster', 'deployment/nope'], 1, 'error: deployment/nope not found in namespace default'],
        [
          ['pc', 'cluster', 'svc/external'],
          1,
          `error: "svc/external" does not refer to a pod: service 'external': Service is defined without a selector`,
        ],
        [['pc', 'cluster', 'cronjob/x'], 64, 'error: "cronjob/x": cannot find the pods of a cronjob'],
      ]
      for (const [args, code, line] of cases) {
        const r = await runCli(args, {env: env()})
        expect([r.code, r.stderr.split('\n')[0]], args.join(' ')).to.deep.equal([code, line])
      }
    })
    it('a pod without a sidecar, a missing pod', async () => {
      const plain = await runCli(['pc', 'cluster', 'plain-1'], {env: env()})
      expect([plain.code, plain.stderr.split('\n')[0]]).to.deep.equal([
        1,
        'error: pod default/plain-1 has no istio-proxy container: it is not in the mesh',
      ])
      const missing = await runCli(['pc', 'cluster', 'nope.default'], {env: env()})
      expect([missing.code, missing.stderr.split('\n')[0]]).to.deep.equal([
        1,
        'error: pod nope not found in namespace default',
      ])
    })
  })
})
