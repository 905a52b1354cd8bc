/**
 * Differential test on the hardest real input: Istio 1.30.3's own Helm charts, read at test time from the
 * Istio checkout (never copied here), rendered by our engine and by Helm's engine (the Go oracle).
 */
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {TemplateError} from '../../src/lib/template/errors.js'
import {renderChart} from '../../src/lib/template/helm.js'
import {type ChartCase, type OracleResult, oracleBinary, oracleMissingReason, runOracle} from './oracle.js'
import {ISTIO_SRC} from '../helpers/istio.js'

const CHARTS = join(ISTIO_SRC, 'manifests/charts')

/** Value sets exercising profiles, revisions, platforms and compatibility versions. */
const VALUE_SETS: Record<string, Record<string, unknown>> = {
  defaults: {},
  demo: {profile: 'demo'},
  ambient: {profile: 'ambient'},
  revision: {revision: 'canary', global: {hub: 'example.com/istio', tag: '1.30.3-custom'}},
  openshift: {global: {platform: 'openshift'}, profile: 'remote'},
  compat: {compatibilityVersion: '1.28', meshConfig: {accessLogFile: '/dev/stdout'}},
}

function chartDirs(root: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name)
    if (!statSync(dir).isDirectory()) continue
    if (existsSync(join(dir, 'Chart.yaml'))) out.push(dir)
    else out.push(...chartDirs(dir))
  }
  return out
}

function ours(c: ChartCase): OracleResult {
  try {
    const out = renderChart(c.dir!, c.values as Record<string, unknown>, {
      releaseName: c.releaseName,
      namespace: c.namespace,
      revision: c.revision,
      kubeVersion: c.kubeVersion,
    })
    return {out: Object.fromEntries(out)}
  } catch (e) {
    if (e instanceof TemplateError) return {out: null, err: e.message}
    throw e
  }
}

// Helm's results, once per process: Stryker reruns this suite in the same process for each mutant, and the Go
// oracle takes seconds on these charts.
let expected: Record<string, OracleResult> | undefined

// Under mutation testing (scripts/mutation.ts) each surviving mutant reruns these renders: `base` then renders
// only its defaults. Its 870 KB of CRDs go through fromYaml and toYaml in about a second whatever the values;
// the other value sets change only its zzz_profile.yaml, which every other chart renders with them too.
const MUTATING = process.env.MESHCTL_MUTATION_MODULE !== undefined
const cheap = (c: ChartCase) => !MUTATING || !c.id.startsWith('base [') || c.id === 'base [defaults]'

describe("Istio 1.30.3's Helm charts: our engine vs Helm's", function () {
  this.timeout(600_000)
  const haveCharts = existsSync(CHARTS)
  const allCases: ChartCase[] = haveCharts
    ? chartDirs(CHARTS).flatMap((dir) =>
        Object.entries(VALUE_SETS).map(([set, values]) => ({
          id: `${dir.slice(CHARTS.length + 1)} [${set}]`,
          dir,
          values,
          releaseName: 'istio',
          namespace: 'istio-system',
          revision: 1,
          kubeVersion: 'v1.33.0',
        })),
      )
    : []
  const cases = allCases.filter(cheap)
  let skipReason = ''

  before(function () {
    if (!haveCharts) skipReason = `Istio checkout not found at ${CHARTS}`
    else if (!oracleBinary()) skipReason = oracleMissingReason()
    if (skipReason) {
      console.log(`      SKIPPED: ${skipReason}`)
      this.skip()
    }
    expected ??= runOracle(oracleBinary()!, [], cases)
  })

  it('finds the charts', function () {
    if (skipReason) this.skip()
    expect(allCases.length).to.be.at.least(8 * Object.keys(VALUE_SETS).length)
  })

  for (const c of cases) {
    it(c.id, () => {
      const want = expected![c.id]
      const got = ours(c)
      if (want.err) {
        expect(got.err ?? '(no error)').to.equal(want.err)
        return
      }
      expect(got.err, got.err).to.equal(undefined)
      const gotOut = got.out as Record<string, string>
      const wantOut = want.out as Record<string, string>
      expect(Object.keys(gotOut).sort()).to.deep.equal(Object.keys(wantOut).sort())
      for (const k of Object.keys(wantOut)) expect(gotOut[k], k).to.equal(wantOut[k])
    })
  }
})
