// Opt-in (MESHCTL_ISTIO_GO_TESTS=1, needs Go and the istioctl oracle's build tree; the first run
// compiles for a few minutes): runs Istio 1.30.3's own deployment-controller golden tests
// (pilot/pkg/config/kube/gatewaycommon, TestConfigureIstioGateway) with our kube-gateway, waypoint
// and agentgateway templates in place of Istio's.
import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {parse} from 'yaml'
import {COMPONENT_CHARTS, find, profileValues, renderWithHelm, skipWithoutHelmOracle} from './layout.js'
import {ISTIO_CACHE} from '../helpers/istio.js'

const ISTIO = ISTIO_CACHE
const TEMPLATES = ['kube-gateway', 'waypoint', 'agentgateway']

/**
 * Diff lines the goldens show only because the test's injector values are partial (no
 * pilotCertProvider, revision or istioNamespace) and its Gateways have no UID: Istio's templates
 * print Go's `<no value>` there, ours print nothing.
 */
const PARTIAL_VALUES_ARTIFACTS = [
  '- value: <no value>',
  '+ value: null',
  '- value: istiod-<no value>.<no value>.svc:15012',
  '+ value: istiod.%!s(<nil>).svc:15012',
  '- uid: null',
  '+ uid: ""',
]

describe("manifests: gateway templates against istiod's deployment-controller goldens", function () {
  this.timeout(900_000)
  let work: string
  before(function () {
    if (process.env.MESHCTL_ISTIO_GO_TESTS !== '1' || !existsSync(join(ISTIO, 'build/go.mod'))) {
      console.warn(
        '    ⚠ skipped: set MESHCTL_ISTIO_GO_TESTS=1 (needs Go and the istioctl oracle build tree)',
      )
      this.skip()
    }
    skipWithoutHelmOracle(this)
    work = mkdtempSync(join(tmpdir(), 'meshctl-gwtest-'))
  })
  after(() => work && rmSync(work, {recursive: true, force: true}))

  it('every case passes, apart from artifacts of the partial test values', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.pilot, profileValues('default'))
    const config = parse(find(objects, 'ConfigMap', 'istio-sidecar-injector').data.config)
    const files = join(work, 'root/manifests/charts/istio-control/istio-discovery/files')
    mkdirSync(files, {recursive: true})
    for (const name of TEMPLATES) writeFileSync(join(files, `${name}.yaml`), config.templates[name])
    // Istio's build tree pins some modules locally; use its go.mod without touching it.
    copyFileSync(join(ISTIO, 'build/go.mod'), join(work, 'go.mod'))
    copyFileSync(join(ISTIO, 'build/go.sum'), join(work, 'go.sum'))
    let out: string
    try {
      out = execFileSync(
        'go',
        [
          'test',
          `-modfile=${join(work, 'go.mod')}`,
          '-count=1',
          '-run',
          'TestConfigureIstioGateway',
          './pilot/pkg/config/kube/gatewaycommon/',
        ],
        {
          cwd: join(ISTIO, 'src'),
          env: {...process.env, REPO_ROOT: join(work, 'root')},
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
    } catch (e) {
      out = String((e as {stdout?: string}).stdout ?? e)
    }
    // Changed lines of the golden diffs: the marker sits right after the test's 12-space indent.
    const diffLines = out
      .split('\n')
      .map((l) => /^ {12}([-+])\s+(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`)
    expect(diffLines.filter((l) => !PARTIAL_VALUES_ARTIFACTS.includes(l))).to.deep.equal([])
    // The waypoint and agentgateway cases carry complete data and must match exactly.
    expect(out).not.to.match(/--- FAIL: TestConfigureIstioGateway\/(waypoint|agentgateway|istio-east-west)/)
    // The tests ran (a build failure shows neither).
    expect(out).to.match(/^ok\s+istio\.io\/istio\/pilot|--- FAIL: TestConfigureIstioGateway \(/m)
  })
})
