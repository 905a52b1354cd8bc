/**
 * The version-skew warning (`version` has it) from install and analyze: one line on stderr when the
 * cluster's control plane is more than one minor version away from meshctl's Istio, nothing otherwise.
 */
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {runCli} from '../helpers/cli.js'
import {createKubeClient} from '../../src/lib/kube/client.js'
import {ISTIO_VERSION} from '../../src/lib/version/info.js'
import {controlPlaneSkewWarning} from '../../src/lib/version/skew.js'

const istiod = (name: string, tag: string, rev = 'default') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: istio-system, labels: {app: istiod, istio.io/rev: ${rev}}}
spec:
  replicas: 0
  selector: {matchLabels: {app: istiod, istio.io/rev: ${rev}}}
  template:
    metadata: {labels: {app: istiod, istio.io/rev: ${rev}}}
    spec: {containers: [{name: discovery, image: "docker.io/istio/pilot:${tag}"}]}
`
const [major, minor] = ISTIO_VERSION.split('.').map(Number) as [number, number]
const near = `${major}.${minor - 1}.2`
const far = `${major}.${minor - 2}.0`
const WARNING = new RegExp(
  `^warning: control plane version ${far.replaceAll('.', '\\.')} is more than one minor version away from meshctl's Istio ${ISTIO_VERSION.replaceAll('.', '\\.')}`,
  'm',
)

describe('version skew warning from install and analyze', function () {
  this.timeout(120_000)
  let sim: KubeSim
  beforeEach(async () => {
    sim = await startKubeSim()
    await sim.seed('apiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n')
  })
  afterEach(() => sim.stop())

  it('reads every revision of istiod from the Deployments: only the far one is named', async () => {
    const client = await createKubeClient({kubeconfig: sim.kubeconfigPath})
    expect(await controlPlaneSkewWarning(client, 'istio-system')).to.equal(undefined)
    await sim.seed(istiod('istiod', near))
    expect(await controlPlaneSkewWarning(client, 'istio-system')).to.equal(undefined)
    await sim.seed(istiod('istiod-old', `${far}-distroless`, 'old'))
    expect(await controlPlaneSkewWarning(client, 'istio-system')).to.match(WARNING)
    expect(await controlPlaneSkewWarning(client, 'elsewhere')).to.equal(undefined)
  })

  it('analyze of the cluster warns once on stderr, stdout unchanged; within one minor version it does not', async () => {
    await sim.seed(istiod('istiod', near))
    const kc = ['--kubeconfig', sim.kubeconfigPath]
    const quiet = await runCli(['analyze', ...kc])
    expect(quiet.stderr).not.to.match(/control plane version/)
    await sim.seed(istiod('istiod-old', far, 'old'))
    const r = await runCli(['analyze', ...kc])
    expect(r.code, r.stderr).to.equal(quiet.code)
    expect(r.stdout).to.equal(quiet.stdout)
    expect(r.stderr.match(new RegExp(WARNING.source, 'gm'))).to.have.length(1)
    // files only: no cluster, no warning
    const offline = await runCli(['analyze', '--use-kube=false', '-A', 'samples/sleep/sleep.yaml', ...kc])
    expect(offline.stderr).not.to.match(/control plane version/)
  })

  it('install warns once on stderr', async () => {
    await sim.seed(istiod('istiod-old', far, 'old'))
    const r = await runCli([
      'install',
      '--set',
      'profile=minimal',
      '--dry-run',
      '--kubeconfig',
      sim.kubeconfigPath,
    ])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr.match(new RegExp(WARNING.source, 'gm'))).to.have.length(1)
    expect(r.stdout).not.to.match(/control plane version/)
  })
})
