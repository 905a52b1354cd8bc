import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {runCli} from '../helpers/cli.js'
import {gatewayCrd} from '../helpers/crds.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {kubeMinor, sortPrecheck, type PrecheckFinding} from '../../src/lib/install/precheck.js'
import {installInto} from './helpers.js'

const ALPHA_GATEWAY_CRD = gatewayCrd('v1alpha2')

const ALL_CLEAR =
  '✔ No issues found when checking the cluster. Istio is safe to install or upgrade!\n' +
  '  To get started, check out https://istio.io/latest/docs/setup/getting-started/.\n'

describe('x precheck', () => {
  describe('units', () => {
    it('reads the Kubernetes minor as go-version does', () => {
      expect(kubeMinor('v1.32.5-sim')).to.equal(32)
      expect(kubeMinor('v1.31.0+k3s1')).to.equal(31)
      expect(kubeMinor('1.29')).to.equal(29)
      expect(() => kubeMinor('banana')).to.throw(/could not parse/)
    })

    it("sorts as istioctl: object origins, then the cluster's, then analysis; level and code within", () => {
      const f = (source: PrecheckFinding['source'], level: PrecheckFinding['level'], code: string) =>
        ({source, level, code, name: code, message: code, origin: source}) as PrecheckFinding
      const sorted = sortPrecheck([
        f('cluster', 'Error', 'IST0141'),
        f('analysis', 'Error', 'IST0100'),
        f('object', 'Warning', 'IST0172'),
        f('object', 'Error', 'IST0156'),
        f('cluster', 'Error', 'IST0141'),
      ])
      expect(sorted.map((x) => x.code)).to.deep.equal(['IST0156', 'IST0172', 'IST0141', 'IST0100'])
    })
  })

  describe('on kube-sim', function () {
    this.timeout(120_000)
    let sim: KubeSim
    beforeEach(async () => {
      sim = await startKubeSim()
    })
    afterEach(async () => {
      await sim.stop()
    })
    const precheck = (...args: string[]) =>
      runCli(['x', 'precheck', '--kubeconfig', sim.kubeconfigPath, ...args])

    it('a clean cluster: the all-clear on stderr, nothing on stdout, exit 0; one access review per permission', async () => {
      const r = await precheck()
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(ALL_CLEAR)
      const reviews = sim.requestLog.filter(
        (e) => e.method === 'POST' && e.path.endsWith('/selfsubjectaccessreviews'),
      )
      expect(reviews).to.have.length(11)
    })

    it('a forbidden permission: IST0141 per refused resource (checked with SelfSubjectAccessReview), exit 1', async () => {
      const asked: string[] = []
      sim.authorize((_user, a) => {
        if (a.verb === 'create') asked.push(`${a.resource}${a.namespace ? `@${a.namespace}` : ''}`)
        return !(a.verb === 'create' && ['clusterroles', 'services'].includes(a.resource))
      })
      const r = await precheck('-i', 'mesh')
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal(
        'Error [IST0141] (Cluster) Missing required permission to create resource clusterroles (permission denied)\n' +
          'Error [IST0141] (Cluster) Missing required permission to create resource services (permission denied)\n',
      )
      expect(r.stderr).to.include('error: Issues found when checking the cluster. Istio may not be safe')
      expect(r.stderr).to.not.include('No issues found')
      // namespaced permissions are asked in the Istio namespace (-i), cluster-scoped ones at the cluster scope
      expect(asked).to.include.members(['services@mesh', 'deployments@mesh', 'clusterroles', 'namespaces'])
      // nothing was created
      expect(
        sim.requestLog.filter((e) => e.method !== 'GET' && !e.path.includes('accessreviews')),
      ).to.deep.equal([])
    })

    it('a Kubernetes older than 1.32: IST0142 with the server version', async () => {
      sim.fault({
        method: 'GET',
        path: '/version',
        respond: {status: 200, body: {major: '1', minor: '31', gitVersion: 'v1.31.4'}},
      })
      const r = await precheck('-o', 'json')
      expect(r.code).to.equal(1)
      expect(JSON.parse(r.stdout)).to.deep.equal([
        {
          code: 'IST0142',
          documentationUrl: 'https://istio.io/v1.30/docs/reference/config/analysis/ist0142/',
          level: 'Error',
          message: 'The Kubernetes Version "v1.31.4" is lower than the minimum version: 1.32',
          origin: 'Cluster',
        },
      ])
    })

    it('old Gateway API CRDs: IST0156 and IST0172 before the cluster findings; --output-threshold hides, exit stays 1', async () => {
      await sim.seed(ALPHA_GATEWAY_CRD)
      sim.authorize((_u, a) => !(a.verb === 'create' && a.resource === 'namespaces'))
      const r = await precheck()
      expect(r.code).to.equal(1)
      expect(r.stdout.split('\n')).to.deep.equal([
        'Error [IST0156] (CustomResourceDefinition gateways.gateway.networking.k8s.io) The Gateway API CRD version v1alpha2 is lower than the minimum version: v1beta1',
        'Warning [IST0172] (CustomResourceDefinition gateways.gateway.networking.k8s.io) The Gateway API CRD version v1alpha2 is lower than the minimum version: v1',
        'Error [IST0141] (Cluster) Missing required permission to create resource namespaces (permission denied)',
        '',
      ])
      const y = await precheck('-o', 'yaml', '--output-threshold', 'Error')
      expect(y.code).to.equal(1)
      expect(y.stdout).to.not.include('IST0172')
      expect(y.stdout).to.include('- code: IST0156')
    })

    it('only a Warning hidden by --output-threshold: no all-clear, still exit 1', async () => {
      await sim.seed(
        ALPHA_GATEWAY_CRD.replace('kind: Gateway,', 'kind: GRPCRoute,').replaceAll('gateways', 'grpcroutes'),
      )
      const r = await precheck('--output-threshold', 'Error')
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.not.include('No issues found')
    })

    it('alpha annotations in the cluster: IST0136 (Info) from the analysis, shown at --output-threshold Info; -n limits it', async () => {
      await sim.seed(`apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
  annotations: {alpha.istio.io/kubernetes-serviceaccounts: sa}
spec: {ports: [{port: 80}]}
`)
      const quiet = await precheck()
      expect(quiet.code, quiet.stdout).to.equal(0)
      expect(quiet.stdout).to.equal('')
      const r = await precheck('--output-threshold', 'info')
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.equal(
        'Info [IST0136] (Service shop/legacy) Annotation "alpha.istio.io/kubernetes-serviceaccounts" is part of an alpha-phase feature and may be incompletely supported.\n',
      )
      const other = await precheck('-n', 'default', '--output-threshold', 'Info')
      expect(other.stdout).to.equal('')
    })

    it('--from-version: bad input exits 64 naming the flag; 1.21 and older warn about a zipkin Service', async () => {
      const bad = await precheck('--from-version', '2.1')
      expect(bad.code).to.equal(64)
      expect(bad.stderr).to.include('--from-version: expected major version 1, got 2.1')
      await sim.seed(`apiVersion: v1
kind: Service
metadata: {name: zipkin, namespace: istio-system}
spec: {ports: [{port: 9411}]}
`)
      const r = await precheck('--skip-controlplane', '-f', '1.20')
      expect(r.code).to.equal(1)
      expect(r.stdout).to.match(
        /^Warning \[IST0169\] \(Service istio-system\/zipkin\) The configuration "meshConfig.defaultConfig.tracer" changed in release 1.21/,
      )
      const newer = await precheck('--skip-controlplane', '-f', '1.22')
      expect(newer.code).to.equal(0)
    })

    it('an unreachable cluster: one error line, exit 1, no all-clear', async () => {
      const port = new URL(sim.url).port
      // the simulator's kubeconfig goes with it: keep a copy that points at the closed port
      const dir = mkdtempSync(join(tmpdir(), 'precheck-'))
      const kubeconfig = join(dir, 'kubeconfig')
      writeFileSync(kubeconfig, readFileSync(sim.kubeconfigPath))
      await sim.stop()
      const r = await runCli(['x', 'precheck', '--kubeconfig', kubeconfig])
      rmSync(dir, {recursive: true, force: true})
      sim = await startKubeSim()
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr.trim().split('\n')).to.have.length(1)
      expect(r.stderr).to.match(
        new RegExp(`^error: cannot reach the cluster at http://127\\.0\\.0\\.1:${port}: connection refused`),
      )
    })

    it('lists the Istio control planes already installed, on stderr', async () => {
      await installInto(sim, ['profile=minimal'])
      const r = await precheck()
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.match(
        /^Istio 1\.30\.3 is installed: revision "default" in namespace istio-system$/m,
      )
    })
  })
})
