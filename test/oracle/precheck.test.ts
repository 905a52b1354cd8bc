// istioctl 1.30.3 and meshctl `x precheck` against the same simulator (both only read, plus access reviews):
// the same findings, in the same order, in each output format, and the same exit code. istioctl colours the
// level word even into a pipe; meshctl only on a terminal, so colour codes are stripped before comparing.
// Skips visibly without istioctl (scripts/install-istioctl.sh).
import {expect} from 'chai'
import {execa} from 'execa'
import {BIN} from '../helpers/cli.js'
import {gatewayCrd} from '../helpers/crds.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {findIstioctl} from './istioctl.js'

const SEED = `${gatewayCrd('v1alpha2')}---
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
  annotations: {alpha.istio.io/kubernetes-serviceaccounts: sa}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
  annotations: {sidecar.istio.io/bootstrapOverride: x, ambient.istio.io/dns-capture: "true"}
spec: {containers: [{name: a, image: nginx}]}
`

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '')

describe('oracle: x precheck against istioctl 1.30.3 (kube-sim)', function () {
  this.timeout(120_000)
  const {istioctl, reason} = findIstioctl()
  let sim: KubeSim
  before(async function () {
    if (!istioctl) {
      console.log(`      skipping: ${reason}`)
      this.skip()
    }
    sim = await startKubeSim()
    await sim.seed(SEED)
  })
  after(async () => {
    await sim?.stop()
  })
  const both = (args: string[]) =>
    Promise.all([
      execa(istioctl!.path, ['x', 'precheck', ...args, '--kubeconfig', sim.kubeconfigPath], {reject: false}),
      execa(process.execPath, [BIN, 'x', 'precheck', ...args, '--kubeconfig', sim.kubeconfigPath], {
        reject: false,
      }),
    ])

  it('a clean run: the same all-clear and exit 0', async () => {
    const clean = await startKubeSim()
    try {
      const run = (cmd: string, pre: string[]) =>
        execa(cmd, [...pre, 'x', 'precheck', '--kubeconfig', clean.kubeconfigPath], {reject: false})
      const [x, y] = await Promise.all([run(istioctl!.path, []), run(process.execPath, [BIN])])
      expect([y.exitCode, y.stdout, y.stderr]).to.deep.equal([x.exitCode, x.stdout, plain(x.stderr)])
      expect(y.exitCode).to.equal(0)
    } finally {
      await clean.stop()
    }
  })

  for (const args of [
    [],
    ['-o', 'json'],
    ['-o', 'yaml'],
    ['--output-threshold', 'Info'],
    ['-o', 'json', '--output-threshold', 'Error'],
  ])
    it(`forbidden permissions and old Gateway API CRDs: the same findings (${args.join(' ') || 'log'})`, async () => {
      sim.authorize((_u, a) => !(a.verb === 'create' && ['clusterroles', 'services'].includes(a.resource)))
      try {
        const [x, y] = await both(args)
        expect(y.exitCode).to.equal(x.exitCode)
        expect(y.exitCode).to.equal(1)
        expect(y.stdout).to.equal(plain(x.stdout))
        expect(y.stdout).to.include('IST0141')
        // the same closing error (house style writes `error:` where istioctl writes `Error:`)
        expect(y.stderr.replace(/^error:/m, 'Error:')).to.equal(x.stderr)
      } finally {
        sim.authorize(() => true)
      }
    })
})
