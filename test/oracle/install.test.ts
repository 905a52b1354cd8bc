// istioctl 1.30.3 and meshctl install, upgrade and uninstall against two fresh simulators with the same flags:
// the resulting stores must hold the same Istio objects, labels, field managers and default revision tag.
// Skips visibly without istioctl (scripts/install-istioctl.sh).
import {expect} from 'chai'
import {execa} from 'execa'
import {BIN} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {istioStore, storeDiff} from '../install/store.js'
import {findIstioctl} from './istioctl.js'

const NO_ADDONS = ['kiali', 'grafana', 'prometheus', 'jaeger'].flatMap((a) => [
  '--set',
  `addonComponents.${a}.enabled=false`,
])

/**
 * Known, deliberate deviations: istioctl's own writes outside server-side apply carry its name (`istioctl:Update`
 * on the deactivated injector), meshctl's carry `meshctl`; and istioctl creates istio-system with a POST
 * (`istioctl:Update`) where meshctl applies it as istio-operator like everything else.
 */
const NAMESPACE_MANAGER = (line: string) => line.startsWith('managers differ: Namespace//istio-system')
const ownName = (line: string) => {
  const m = /^managers differ: [^:]+: (.*) vs (.*)$/.exec(line)
  return !!m && m[1]!.replaceAll('istioctl:Update', 'meshctl:Update') === m[2]
}

describe('oracle: install/uninstall against istioctl 1.30.3 (kube-sim)', function () {
  this.timeout(180_000)
  const {istioctl, reason} = findIstioctl()
  let a: KubeSim
  let b: KubeSim
  before(function () {
    if (!istioctl) {
      console.log(`      skipping: ${reason}`)
      this.skip()
    }
  })
  beforeEach(async () => {
    a = await startKubeSim()
    b = await startKubeSim()
  })
  afterEach(async () => {
    await a?.stop()
    await b?.stop()
  })
  // Both run asynchronously: the simulators live in this process and must keep answering.
  const both = async (args: string[], meshctlExtra: string[] = []) => {
    const [x, y] = await Promise.all([
      execa(istioctl!.path, [...args, '--kubeconfig', a.kubeconfigPath], {reject: false}),
      execa(process.execPath, [BIN, ...args, ...meshctlExtra, '--kubeconfig', b.kubeconfigPath], {
        reject: false,
      }),
    ])
    expect(x.exitCode, `istioctl ${args.join(' ')}: ${x.stderr}`).to.equal(0)
    expect(y.exitCode, `meshctl ${args.join(' ')}: ${y.stderr}`).to.equal(0)
  }
  const same = () => {
    const diffs = storeDiff(istioStore(a), istioStore(b)).filter((l) => !NAMESPACE_MANAGER(l) && !ownName(l))
    expect(diffs, diffs.slice(0, 10).join('\n')).to.deep.equal([])
  }

  it('install --set profile=demo: same objects, labels, field managers, default revision tag', async () => {
    await both(['install', '--set', 'profile=demo', '-y'], NO_ADDONS)
    same()
    expect(istioStore(b).get('MutatingWebhookConfiguration//istio-revision-tag-default')).to.not.equal(
      undefined,
    )
  })

  it('then a profile change (demo → default) prunes the same objects', async () => {
    await both(['install', '--set', 'profile=demo', '-y'], NO_ADDONS)
    await both(['install', '--set', 'profile=default', '-y'], NO_ADDONS)
    await Promise.all([
      a.waitFor(() => !a.get('apps/v1', 'Deployment', 'istio-egressgateway', 'istio-system'), 15_000),
      b.waitFor(() => !b.get('apps/v1', 'Deployment', 'istio-egressgateway', 'istio-system'), 15_000),
    ])
    same()
  })

  for (const selector of [['-r', 'default'], ['--purge']]) {
    it(`then uninstall ${selector.join(' ')} leaves the same objects`, async () => {
      await both(['install', '--set', 'profile=minimal', '-y'], NO_ADDONS)
      await both(['uninstall', ...selector, '-y'])
      await new Promise((r) => setTimeout(r, 1500)) // foreground deletion finishing in both
      same()
    })
  }
})
