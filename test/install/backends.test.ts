// #20's integration list on both back ends, in the order a user meets it: the simulator and, where installed, the
// real control plane (test/bed). One cluster per back end for the whole list. The simulator runs with its
// in-process injector off, so on both back ends no istiod answers the injection webhook, as on a real cluster
// where istiod is not running. What one back end printed is kept and the other must print the same.
import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createKubeClient, type KubeClient} from '../../src/lib/kube/client.js'
import type {KubeObject} from '../../src/lib/kube/types.js'
import {runCli, type CliResult} from '../helpers/cli.js'
import {onBackends} from '../helpers/cluster.js'
import {INSTALL_KINDS} from './store.js'

const DEPLOYMENT = {apiVersion: 'apps/v1', kind: 'Deployment'}
const NO_ADDONS = ['kiali', 'grafana', 'prometheus', 'jaeger'].flatMap((a) => [
  '--set',
  `addonComponents.${a}.enabled=false`,
])
const CLIENT_LINE = /^client version: 1\.30\.3 \(meshctl \S+\)\n$/

/** The first back end's output per step; the next back end must match it. */
const seen = new Map<string, {backend: string; value: unknown}>()
function sameOnEveryBackend(backend: string, step: string, value: unknown) {
  const first = seen.get(step)
  if (!first) seen.set(step, {backend, value})
  else expect(value, `${step}: ${backend} (actual) vs ${first.backend} (expected)`).to.deep.equal(first.value)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const v = await fn()
    if (v !== undefined) return v
    await sleep(250)
  }
  throw new Error(`timed out waiting for ${what}`)
}

onBackends(
  'install, re-install, kube-inject, analyze, version, prune, canary and uninstall',
  (cluster) => {
    let client: KubeClient
    let dir: string
    const kc = () => ['--kubeconfig', cluster().kubeconfigPath]
    const name = () => cluster().name
    before(async () => {
      client = await createKubeClient({kubeconfig: cluster().kubeconfigPath})
      dir = mkdtempSync(join(tmpdir(), 'meshctl-backends-'))
    })
    after(() => rmSync(dir, {recursive: true, force: true}))
    const apply = (obj: KubeObject) => client.apply(obj, {fieldManager: 'meshctl-test', force: true})

    /** Every object the install owns, by kind/namespace/name, with what a write would change. */
    async function installedState() {
      const out: Record<string, unknown> = {}
      for (const [apiVersion, kind] of INSTALL_KINDS) {
        const items = await client.list({apiVersion, kind}, {labelSelector: 'operator.istio.io/component'})
        for (const o of items) {
          const own =
            (o.metadata.managedFields as {manager: string; operation: string; time?: string}[]) ?? []
          const key = `${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`
          // The revision-less injector is re-applied, then deactivated, on every run (as istioctl does).
          out[key] =
            o.metadata.name === 'istio-sidecar-injector' && kind === 'MutatingWebhookConfiguration'
              ? 'rewritten by every run'
              : {
                  generation: o.metadata.generation,
                  resourceVersion: o.metadata.resourceVersion,
                  operator: own.find((m) => m.manager === 'istio-operator' && m.operation === 'Apply')?.time,
                }
        }
      }
      return out
    }

    it('version with no Istio: the client line, "Istio is not present", exit 0', async function () {
      this.timeout(60_000)
      const r = await runCli(['version', ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.match(CLIENT_LINE)
      expect(r.stderr.trim()).to.equal('Istio is not present in the cluster')
      sameOnEveryBackend(name(), 'version without Istio', r)
    })

    it('--dry-run leaves the cluster as it was', async function () {
      this.timeout(120_000)
      const r = await runCli(['install', '--set', 'profile=demo', '--dry-run', ...NO_ADDONS, ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.include('Deployment istio-system/istiod created (dry run)')
      expect(await client.get({apiVersion: 'v1', kind: 'Namespace'}, 'istio-system')).to.equal(undefined)
    })

    it('demo install: istioctl’s progress lines, ready istiod owned by istio-operator', async function () {
      this.timeout(300_000)
      const r = await runCli(['install', '--set', 'profile=demo', '-y', ...NO_ADDONS, ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      for (const line of [
        '✔ Istio core installed ⛵️',
        '✔ Istiod installed 🧠',
        '✔ Egress gateways installed 🛫',
        '✔ Ingress gateways installed 🛬',
        '✔ Installation complete',
      ])
        expect(r.stderr).to.include(line)
      const istiod = (await client.get(DEPLOYMENT, 'istiod', 'istio-system'))!
      expect((istiod.status as {readyReplicas?: number}).readyReplicas).to.equal(1)
      expect(istiod.metadata.labels).to.include({
        'operator.istio.io/component': 'Pilot',
        'istio.io/rev': 'default',
      })
      const managers = (istiod.metadata.managedFields as {manager: string; operation: string}[])
        .filter((m) => m.operation === 'Apply')
        .map((m) => m.manager)
      expect(managers).to.deep.equal(['istio-operator'])
      sameOnEveryBackend(name(), 'installed objects', Object.keys(await installedState()).sort())
    })

    it('a re-install writes nothing: no resourceVersion, generation or apply time moves', async function () {
      this.timeout(300_000)
      const before = await installedState()
      expect(Object.keys(before).length).to.be.greaterThan(40)
      const r = await runCli(['install', '--set', 'profile=demo', '-y', ...NO_ADDONS, ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.include('✔ Installation complete')
      expect(await installedState()).to.deep.equal(before)
    })

    it('version with istiod installed but not serving: the client line, then one error line naming the pod, exit 1', async function () {
      this.timeout(60_000)
      const r = await runCli(['version', ...kc()])
      expect(r.code).to.equal(1)
      expect(r.stdout).to.match(CLIENT_LINE)
      // The transport's own words differ (kwok's kubelet vs the simulator's), so up to the port.
      const lines = r.stderr.trim().split('\n')
      expect(lines, r.stderr).to.have.length(1)
      expect(lines[0]).to.match(
        /^error: GET \/version from pod istio-system\/istiod-[a-z0-9]+-[a-z0-9]+ port 15014: /,
      )
      sameOnEveryBackend(name(), 'version with a silent istiod', {
        code: r.code,
        stdout: r.stdout,
        stderr: lines[0].replace(/istiod-[a-z0-9-]+/, 'istiod-<pod>').replace(/ port 15014: .*/, ''),
      })
    })

    it("kube-inject reads the default revision's ConfigMaps from the cluster", async function () {
      this.timeout(60_000)
      const file = join(dir, 'web.yaml')
      writeFileSync(file, WEB)
      const r = await runCli(['kube-inject', '-f', file, ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.include(
        'using injection configuration from the cluster (configmap istio-system/istio-sidecar-injector, configmap istio-system/istio)',
      )
      expect(r.stdout).to.include('name: istio-proxy').and.include('image: docker.io/istio/proxyv2:1.30.3')
      expect(r.stdout).to.match(/istio\.io\/rev: default/)
      sameOnEveryBackend(name(), 'kube-inject from the cluster', r.stdout)
    })

    it('pods in an istio-injection=enabled namespace are refused by the webhook (no istiod): FailedCreate, ReplicaFailure, no pods', async function () {
      this.timeout(120_000)
      await apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {name: 'injected', labels: {'istio-injection': 'enabled'}},
      })
      await apply(deployment('web', 'injected'))
      const failure = await until(
        'a ReplicaFailure condition',
        async () => {
          const rs = await client.list({apiVersion: 'apps/v1', kind: 'ReplicaSet'}, {namespace: 'injected'})
          const conds = (rs[0]?.status as {conditions?: {type: string; reason: string; message: string}[]})
            ?.conditions
          return conds?.find((c) => c.type === 'ReplicaFailure')
        },
        90_000,
      )
      expect(failure.reason).to.equal('FailedCreate')
      // The bed dials the pod IP behind the Service through its refusing proxy: at once, never off loopback.
      if (cluster().bed) expect(failure.message).to.match(/proxyconnect tcp: .*connection refused/)
      expect(failure.message).to.match(
        /failed calling webhook "(rev\.)?namespace\.sidecar-injector\.istio\.io"/,
      )
      const events = await client.list(
        {apiVersion: 'v1', kind: 'Event'},
        {namespace: 'injected', fieldSelector: 'reason=FailedCreate'},
      )
      expect(events.length, 'FailedCreate events').to.be.greaterThan(0)
      expect(await client.list({apiVersion: 'v1', kind: 'Pod'}, {namespace: 'injected'})).to.deep.equal([])
      sameOnEveryBackend(name(), 'webhook refusal', {
        reason: failure.reason,
        webhook: /failed calling webhook "[^"]+"/.exec(failure.message)?.[0],
      })
    })

    it('analyze -A and -n on the live cluster report the same findings and exit codes', async function () {
      this.timeout(120_000)
      await apply({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}})
      await apply(deployment('web', 'shop'))
      await apply({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 'web', namespace: 'shop'},
        spec: {selector: {app: 'web'}, ports: [{name: 'web', port: 80, targetPort: 80}]},
      })
      for (const obj of ANALYZE_SEEDS) await apply(obj)
      // Until the Deployment's pod exists (the bed schedules it; the simulator's controllers make it at once).
      await until('a web pod in shop', async () => {
        const pods = await client.list({apiVersion: 'v1', kind: 'Pod'}, {namespace: 'shop'})
        return pods.length > 0 ? true : undefined
      })
      const runs: Record<string, CliResult> = {
        all: await runCli(['analyze', '-A', ...kc()]),
        shop: await runCli(['analyze', '-n', 'shop', ...kc()]),
        json: await runCli(['analyze', '-n', 'shop', '-o', 'json', ...kc()]),
      }
      for (const code of ['IST0101', 'IST0118']) expect(runs.shop.stdout, runs.shop.stderr).to.include(code)
      expect(runs.all.stdout).to.include('IST0102').and.include('(Namespace shop)')
      expect(runs.shop.code, runs.shop.stderr).to.equal(79)
      const json = JSON.parse(runs.json.stdout) as {code: string}[]
      expect(json.map((m) => m.code)).to.include('IST0101')
      sameOnEveryBackend(
        name(),
        'analyze',
        Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, {code: r.code, stdout: r.stdout}])),
      )
    })

    it('installing another profile prunes what it no longer renders; CRDs and the default tag stay', async function () {
      this.timeout(300_000)
      const crds = (
        await client.list({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition'})
      ).length
      expect(await client.get(DEPLOYMENT, 'istio-egressgateway', 'istio-system')).to.not.equal(undefined)
      const r = await runCli(['install', '--set', 'profile=default', '-y', ...NO_ADDONS, ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      // Gone, or going: a real API server finishes foreground deletion after the call returns.
      await until('the egress gateway gone', async () => {
        const d = await client.get(DEPLOYMENT, 'istio-egressgateway', 'istio-system')
        return d === undefined ? true : undefined
      })
      expect(await client.get(DEPLOYMENT, 'istiod', 'istio-system')).to.not.equal(undefined)
      expect(await client.get(DEPLOYMENT, 'istio-ingressgateway', 'istio-system')).to.not.equal(undefined)
      expect(
        await client.get(
          {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration'},
          'istio-revision-tag-default',
        ),
      ).to.not.equal(undefined)
      expect(
        (await client.list({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition'})).length,
      ).to.equal(crds)
      sameOnEveryBackend(name(), 'after the profile change', Object.keys(await installedState()).sort())
    })

    it('-r canary runs a second control plane beside the default one; kube-inject --revision reads its ConfigMaps', async function () {
      this.timeout(300_000)
      const r = await runCli(['install', '--set', 'profile=minimal', '-r', 'canary', '-y', ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      const canary = (await client.get(DEPLOYMENT, 'istiod-canary', 'istio-system'))!
      expect(canary.metadata.labels).to.include({'istio.io/rev': 'canary'})
      expect((canary.status as {readyReplicas?: number}).readyReplicas).to.equal(1)
      expect((await client.get(DEPLOYMENT, 'istiod', 'istio-system'))?.metadata.labels).to.include({
        'istio.io/rev': 'default',
      })
      const tag = await client.get(
        {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration'},
        'istio-revision-tag-default',
      )
      expect(tag?.metadata.labels?.['istio.io/rev']).to.equal('default')

      const file = join(dir, 'web.yaml')
      writeFileSync(file, WEB)
      const inj = await runCli(['kube-inject', '-f', file, '--revision', 'canary', ...kc()])
      expect(inj.code, inj.stderr).to.equal(0)
      expect(inj.stderr).to.include('configmap istio-system/istio-sidecar-injector-canary')
      expect(inj.stdout).to.match(/istio\.io\/rev: canary/)
      expect(inj.stdout).to.include('istiod-canary.istio-system.svc:15012')
      sameOnEveryBackend(name(), 'kube-inject --revision canary', inj.stdout)
    })

    it('uninstall --purge removes Istio and leaves users’ objects and namespaces', async function () {
      this.timeout(180_000)
      await apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {name: 'mine', namespace: 'istio-system'},
        data: {a: 'b'},
      })
      const r = await runCli(['uninstall', '--purge', '-y', ...kc()])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.include('✔ Uninstall complete')
      for (const n of ['istiod', 'istiod-canary']) {
        // Gone, or going (foreground deletion on a real control plane finishes after the call returns).
        const d = await client.get(DEPLOYMENT, n, 'istio-system')
        expect(d === undefined || !!d.metadata.deletionTimestamp, n).to.equal(true)
      }
      expect(await client.get({apiVersion: 'v1', kind: 'ConfigMap'}, 'mine', 'istio-system')).to.not.equal(
        undefined,
      )
      expect(await client.get({apiVersion: 'v1', kind: 'Namespace'}, 'istio-system')).to.not.equal(undefined)
    })
  },
  {sim: {injector: false}},
)

function deployment(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace},
    spec: {
      replicas: 1,
      selector: {matchLabels: {app: name}},
      template: {
        metadata: {labels: {app: name}},
        spec: {containers: [{name, image: 'nginx:1.27', ports: [{containerPort: 80}]}]},
      },
    },
  }
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: app
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
`

/** Config with known findings: a VirtualService bound to a Gateway that does not exist (IST0101), a Service port
 * whose name follows no protocol convention (IST0118). */
const ANALYZE_SEEDS: KubeObject[] = [
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {name: 'web', namespace: 'shop'},
    spec: {
      hosts: ['web.shop.svc.cluster.local'],
      gateways: ['no-such-gateway'],
      http: [{route: [{destination: {host: 'web.shop.svc.cluster.local'}}]}],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'odd', namespace: 'shop'},
    spec: {selector: {app: 'web'}, ports: [{name: 'odd', port: 8080, targetPort: 80}]},
  },
]
