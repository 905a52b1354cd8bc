// `manifest generate --cluster-specific` and the cluster detection `install` will share
// (src/lib/manifest/cluster.ts), against kube-sim: a plain cluster, a GKE version, Calico and Cilium
// configurations, an unreachable cluster; and, when the istioctl oracle is built, the same clusters given to
// istioctl (objects compared with `manifest generate`, ❗ warnings with `install --dry-run`, which prints them).
import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {createKubeClient} from '../../src/lib/kube/client.js'
import {
  clusterSpecificSettings,
  cniIncompatibilities,
  GKE_SETTINGS,
  readClusterFacts,
  type ClusterFacts,
} from '../../src/lib/manifest/cluster.js'
import {generateManifest} from '../../src/lib/manifest/generate.js'
import type {Tree} from '../../src/lib/manifest/values.js'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {ISTIO_MANIFESTS, ISTIOCTL, oracleUnavailable} from './oracle.js'

const SPY = fileURLToPath(new URL('../helpers/fs-spy.mjs', import.meta.url))
// Under mutation testing (Stryker's sandbox has no dist/, and a CLI run cannot kill a mutant) the CLI cases are
// skipped: the library cases above them still run against the mutated code.
const cliIt = process.env.MESHCTL_MUTATION_MODULE === undefined ? it : it.skip
const GKE_VERSION = {major: '1', minor: '30', gitVersion: 'v1.30.4-gke.1348000', platform: 'linux/amd64'}

/** Calico's FelixConfiguration API and Cilium's ConfigMap, set the way Istio cannot work with. */
const CNI_SEED = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: felixconfigurations.projectcalico.org}
spec:
  group: projectcalico.org
  names: {kind: FelixConfiguration, plural: felixconfigurations, singular: felixconfiguration, listKind: FelixConfigurationList}
  scope: Cluster
  versions:
  - name: v3
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: {name: default}
spec: {bpfConnectTimeLoadBalancing: TCP, bpfConnectTimeLoadBalancingEnabled: true}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {cni-exclusive: "true", enable-bpf-masquerade: "true", bpf-lb-sock: "true", kube-proxy-replacement: strict}
`

const CALICO_MODE =
  "detected Calico CNI with 'bpfConnectTimeLoadBalancing=TCP'; this must be set to 'bpfConnectTimeLoadBalancing=Disabled' in the Calico configuration"
const CALICO_ENABLED =
  "detected Calico CNI with 'bpfConnectTimeLoadBalancingEnabled=true'; this must be set to 'bpfConnectTimeLoadBalancingEnabled=false' in the Calico configuration"
const CILIUM_EXCLUSIVE =
  "detected Cilium CNI with 'cni-exclusive=true'; this must be set to 'cni-exclusive=false' in the Cilium configuration"
const CILIUM_MASQ =
  "detected Cilium CNI with 'enable-bpf-masquerade=true'; this must be set to 'false' when using ambient mode"
const CILIUM_SOCK =
  "detected Cilium CNI with 'bpf-lb-sock=true'; this requires 'bpf-lb-sock-hostns-only=true' to be set"
const CILIUM_KPR =
  "detected Cilium CNI with 'kube-proxy-replacement=strict' and 'bpf-lb-sock-hostns-only=false'; please set 'bpf-lb-sock-hostns-only=true' to avoid conflicts with Istio"

const iop = (components: Tree): Tree => ({spec: {components}})
const deadKubeconfig = (): string => {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'meshctl-dead-')), 'dead-kubeconfig.yaml')
  writeFileSync(
    f,
    'apiVersion: v1\nkind: Config\ncurrent-context: dead\nclusters:\n- name: dead\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: dead\n  context: {cluster: dead, user: u}\n',
  )
  return f
}

/** A manifests directory whose one chart prints the Kubernetes version it is rendered for. */
function capabilitiesCharts(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'meshctl-caps-'))
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(d, rel)), {recursive: true})
    writeFileSync(path.join(d, rel), text)
  }
  put(
    'profiles/default.yaml',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n    base: {enabled: true}\n    pilot: {enabled: false}\n    ingressGateways: []\n    cni: {enabled: false}\n',
  )
  put('charts/base/Chart.yaml', 'apiVersion: v2\nname: base\nversion: 1.0.0\n')
  put(
    'charts/base/templates/cm.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube}\ndata:\n  kube: "{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }}"\n',
  )
  return d
}

/** The YAML documents of a manifest stream, sorted (meshctl groups objects by component, istioctl by kind). */
const documents = (s: string) => s.split('\n---\n').sort()
const bangs = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('❗ '))

describe('cluster detection (pure parts)', () => {
  it('applies the GKE settings only for a -gke gitVersion, unless AUTO_GKE_DETECTION is false', () => {
    expect(clusterSpecificSettings(GKE_VERSION, {})).to.deep.equal(GKE_SETTINGS)
    expect(clusterSpecificSettings(GKE_VERSION, {AUTO_GKE_DETECTION: 'false'})).to.deep.equal([])
    expect(clusterSpecificSettings(GKE_VERSION, {AUTO_GKE_DETECTION: 'nonsense'})).to.deep.equal(GKE_SETTINGS)
    expect(clusterSpecificSettings({major: '1', minor: '32', gitVersion: 'v1.32.5-eks-1'}, {})).to.deep.equal(
      [],
    )
    expect(clusterSpecificSettings(undefined, {})).to.deep.equal([])
  })

  it('reports Cilium CNI and ztunnel conflicts only when those components are explicitly enabled', () => {
    const cilium = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'cilium-config'},
      data: {'cni-exclusive': 'true', 'enable-bpf-masquerade': 'true'},
    }
    expect(cniIncompatibilities(iop({}), {cilium})).to.deep.equal([])
    expect(
      cniIncompatibilities(iop({cni: {enabled: true}, ztunnel: {enabled: true}}), {cilium}),
    ).to.deep.equal([CILIUM_EXCLUSIVE, CILIUM_MASQ])
    // bpf-lb-sock is fine with hostns-only; kube-proxy-replacement=true (Cilium ≥ 1.16) is fine too.
    const ok = {
      ...cilium,
      data: {'bpf-lb-sock': 'true', 'bpf-lb-sock-hostns-only': 'true', 'kube-proxy-replacement': 'strict'},
    }
    expect(cniIncompatibilities(iop({}), {cilium: ok})).to.deep.equal([])
    const newer = {...cilium, data: {'kube-proxy-replacement': 'true'}}
    expect(cniIncompatibilities(iop({}), {cilium: newer})).to.deep.equal([])
  })

  it('accepts Calico with connect-time load balancing disabled', () => {
    const felix = (spec: Record<string, unknown>) => ({
      apiVersion: 'projectcalico.org/v3',
      kind: 'FelixConfiguration',
      metadata: {name: 'default'},
      spec,
    })
    expect(
      cniIncompatibilities(iop({}), {felix: felix({bpfConnectTimeLoadBalancing: 'Disabled'})}),
    ).to.deep.equal([])
    expect(
      cniIncompatibilities(iop({}), {felix: felix({bpfConnectTimeLoadBalancingEnabled: false})}),
    ).to.deep.equal([])
    expect(cniIncompatibilities(iop({}), {felix: felix({bpfConnectTimeLoadBalancing: 'TCP'})})).to.deep.equal(
      [CALICO_MODE],
    )
  })
})

describe('manifest generate --cluster-specific (kube-sim)', function () {
  this.timeout(120_000)
  let plain: KubeSim
  let gke: KubeSim
  let cni: KubeSim

  before(async () => {
    ;[plain, gke, cni] = await Promise.all([startKubeSim(), startKubeSim(), startKubeSim()])
    gke.fault({path: '/version', respond: {status: 200, body: GKE_VERSION}})
    await cni.seed(CNI_SEED)
  })
  after(() => Promise.all([plain, gke, cni].map((s) => s?.stop())))

  const facts = async (sim: KubeSim) =>
    readClusterFacts(await createKubeClient({kubeconfig: sim.kubeconfigPath}), {})

  it('reads the version and finds nothing to detect on a plain cluster', async () => {
    const f = await facts(plain)
    expect(f.version).to.include({gitVersion: 'v1.32.5-sim', major: '1', minor: '32'})
    expect(f.settings).to.deep.equal([])
    expect(f.cni).to.deep.equal({felix: undefined, cilium: undefined})
  })

  it('detects GKE from the version', async () => {
    const f = await facts(gke)
    expect(f.version).to.include({gitVersion: GKE_VERSION.gitVersion})
    expect(f.settings).to.deep.equal(GKE_SETTINGS)
  })

  it('reads Calico’s FelixConfiguration and Cilium’s ConfigMap', async () => {
    const f = await facts(cni)
    const all = iop({cni: {enabled: true}, ztunnel: {enabled: true}})
    expect(cniIncompatibilities(all, f.cni)).to.deep.equal([
      CALICO_MODE,
      CALICO_ENABLED,
      CILIUM_EXCLUSIVE,
      CILIUM_MASQ,
      CILIUM_SOCK,
      CILIUM_KPR,
    ])
  })

  it('keeps an unreachable cluster’s error for later and detects nothing', async () => {
    const f = await readClusterFacts(await createKubeClient({kubeconfig: deadKubeconfig()}), {})
    expect(f.version).to.be.instanceOf(MeshctlError)
    expect((f.version as Error).message).to.equal(
      'fail to get Kubernetes version: cannot reach the cluster at https://127.0.0.1:1: connection refused',
    )
    expect(f.settings).to.deep.equal([])
  })

  it('charts see the cluster’s version as is (.Capabilities.KubeVersion), the default 1.32.0 without a cluster', async () => {
    const dir = capabilitiesCharts()
    const kube = async (cluster?: ClusterFacts) => {
      const r = await generateManifest({manifestsDir: dir, hubTag: null, cluster})
      return r.objects.map((o) => (o.object.data as {kube: string}).kube)
    }
    expect(await kube(await facts(gke))).to.deep.equal(['v1.30.4-gke.1348000 1 30'])
    expect(await kube(await facts(plain))).to.deep.equal(['v1.32.5-sim 1 32'])
    expect(await kube()).to.deep.equal(['v1.32.0 1 32'])
  })

  cliIt('CLI: GKE puts the CNI in kube-system with GKE’s bin dir', async () => {
    const args = ['manifest', 'generate', '--set', 'components.cni.enabled=true']
    const r = await runCli([...args, '--cluster-specific', '-c', gke.kubeconfigPath])
    expect(r.code, r.stderr).to.equal(0)
    const off = await runCli(args, {env: {KUBECONFIG: gke.kubeconfigPath}})
    expect(off.code, off.stderr).to.equal(0)
    const cniDs = (s: string) =>
      documents(s).find((d) => /kind: DaemonSet\n/.test(d) && /name: istio-cni-node\n/.test(d))!
    expect(cniDs(r.stdout)).to.contain('namespace: kube-system').and.contain('path: /home/kubernetes/bin')
    expect(cniDs(off.stdout)).to.contain('namespace: istio-system').and.contain('path: /opt/cni/bin')
  })

  cliIt('CLI: CNI conflicts are ❗ warnings on stderr, the manifest is unchanged', async () => {
    const args = ['manifest', 'generate', '--set', 'profile=ambient']
    const r = await runCli([...args, '--cluster-specific'], {env: {KUBECONFIG: cni.kubeconfigPath}})
    expect(r.code, r.stderr).to.equal(0)
    expect(bangs(r.stderr)).to.deep.equal(
      [CALICO_MODE, CALICO_ENABLED, CILIUM_EXCLUSIVE, CILIUM_MASQ, CILIUM_SOCK, CILIUM_KPR].map(
        (w) => `❗ ${w}`,
      ),
    )
    const off = await runCli(args)
    expect(r.stdout).to.equal(off.stdout)
  })

  cliIt(
    'CLI: an unreachable cluster is a one-line error, exit 1; validation errors still come first',
    async () => {
      const dead = deadKubeconfig()
      const r = await runCli(['manifest', 'generate', '--cluster-specific', '--kubeconfig', dead])
      expect(r.code).to.equal(1)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(
        'error: fail to get Kubernetes version: cannot reach the cluster at https://127.0.0.1:1: connection refused\n',
      )
      const bad = await runCli([
        'manifest',
        'generate',
        '--cluster-specific',
        '-c',
        dead,
        '--set',
        'values.foo=1',
      ])
      expect(bad.code).to.equal(64)
      expect(bad.stderr.split('\n')[0]).to.equal('error: unknown field values.foo')
    },
  )

  cliIt('CLI: without the flag, the kubeconfig is never read', async () => {
    const env = {KUBECONFIG: plain.kubeconfigPath, MESHCTL_FS_SPY: path.basename(plain.kubeconfigPath)}
    const r = await runCli(['manifest', 'generate', '--set', 'profile=minimal'], {
      env,
      nodeArgs: ['--import', SPY],
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).not.to.contain('FS-SPY')
    // Control: the spy does see the read with the flag.
    const on = await runCli(['manifest', 'generate', '--set', 'profile=minimal', '--cluster-specific'], {
      env,
      nodeArgs: ['--import', SPY],
    })
    expect(on.code, on.stderr).to.equal(0)
    expect(on.stderr).to.contain('FS-SPY')
  })

  describe('against istioctl 1.30.3', function () {
    before(function () {
      const why = oracleUnavailable()
      if (why) {
        console.warn(`    ⚠ skipped: ${why}`)
        this.skip()
      }
    })

    const istioctl = (args: string[], kubeconfig: string) =>
      new Promise<{stdout: string; stderr: string; code: number}>((resolve) =>
        execFile(
          ISTIOCTL,
          args,
          {env: {...process.env, KUBECONFIG: kubeconfig}, maxBuffer: 256 << 20},
          (err, stdout, stderr) => resolve({stdout, stderr, code: err ? Number(err.code ?? 1) : 0}),
        ),
      )

    cliIt('a chart sees the same Kubernetes version as with istioctl', async () => {
      const dir = capabilitiesCharts()
      for (const sim of [gke, plain]) {
        const args = ['manifest', 'generate', '-d', dir, '--cluster-specific']
        const [ours, theirs] = await Promise.all([
          runCli(args, {env: {KUBECONFIG: sim.kubeconfigPath}}),
          istioctl(args, sim.kubeconfigPath),
        ])
        expect(theirs.code, theirs.stderr).to.equal(0)
        expect(ours.stdout).to.equal(theirs.stdout)
      }
    })

    for (const [name, sim, sets] of [
      ['GKE', () => gke, ['profile=ambient']],
      ['Calico and Cilium', () => cni, ['profile=ambient', 'values.global.tracer.zipkin.address=z:9411']],
      ['plain', () => plain, ['components.cni.enabled=true']],
    ] as const) {
      cliIt(
        `${name}: the same objects as istioctl manifest generate, the same ❗ lines as istioctl install`,
        async () => {
          const kc = sim().kubeconfigPath
          const setArgs = sets.flatMap((s) => ['--set', s])
          const generate = ['manifest', 'generate', '-d', ISTIO_MANIFESTS, '--cluster-specific', ...setArgs]
          const [ours, theirs, install] = await Promise.all([
            runCli(generate, {env: {KUBECONFIG: kc}}),
            istioctl(generate, kc),
            // istioctl's generate passes no logger; install --dry-run prints the same checks' warnings.
            istioctl(['install', '--dry-run', '-y', '-d', ISTIO_MANIFESTS, ...setArgs], kc),
          ])
          expect(ours.code, ours.stderr).to.equal(0)
          expect(theirs.code, theirs.stderr).to.equal(0)
          expect(install.code, install.stderr).to.equal(0)
          expect(documents(ours.stdout)).to.deep.equal(documents(theirs.stdout))
          expect(bangs(ours.stderr)).to.deep.equal(bangs(install.stdout + install.stderr))
        },
      )
    }
  })
})
