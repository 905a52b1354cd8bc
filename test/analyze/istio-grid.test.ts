import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {loadInputs} from '../../src/lib/input/index.js'
import {defaultResources, meshResources} from '../../src/lib/analyze/defaults.js'
import {defaultMeshConfig, parseMeshConfig, parseMeshNetworks} from '../../src/lib/analyze/mesh.js'
import {ANALYZERS} from '../../src/lib/analyze/registry.js'
import {runAnalyzers} from '../../src/lib/analyze/runner.js'
import {toFinding} from '../../src/lib/analyze/finding.js'
import {resourcesFromInputs} from '../../src/lib/analyze/sources.js'
import {ResourceStore} from '../../src/lib/analyze/store.js'
import {ISTIO_SRC, istioGridCases} from './istio-grid.js'

/**
 * Grid cases where we knowingly differ from istioctl, with the reason. Everything else must match Istio's
 * expected (code, resource) multiset exactly.
 */
export const GRID_DIVERGENCES: Record<string, string> = {}

describe('Istio analyzer test grid (differential, read from the Istio checkout)', function () {
  const cases = istioGridCases()
  if (cases.length === 0) {
    it(`skipped: ${ISTIO_SRC} is not here`, function () {
      this.skip()
    })
    return
  }
  it('finds grid cases for our analyzers', () => expect(cases.length).to.be.greaterThan(40))
  for (const c of cases) {
    const run = GRID_DIVERGENCES[c.name] ? it.skip : it
    run(`${c.name} (${c.analyzer})`, async () => {
      const analyzer = ANALYZERS.find((a) => a.name === c.analyzer)
      expect(analyzer, c.analyzer).to.not.equal(undefined)
      const loaded = await loadInputs(c.files)
      const mesh = c.meshConfigFile
        ? parseMeshConfig(readFileSync(c.meshConfigFile, 'utf8'), 'istio-system')
        : defaultMeshConfig('istio-system')
      const store = new ResourceStore()
      // Like Istio's harness: the default resources, then the files (namespace-less objects keep no namespace).
      const networks = c.meshNetworksFile
        ? parseMeshNetworks(readFileSync(c.meshNetworksFile, 'utf8'))
        : undefined
      for (const r of meshResources(mesh, networks, 'istio-system')) store.add(r)
      for (const r of defaultResources(mesh, 'istio-system')) store.add(r)
      for (const r of resourcesFromInputs(loaded.objects, '')) store.add(r)
      const result = runAnalyzers({store, analyzers: [analyzer!], mesh, istioNamespace: 'istio-system'})
      const got = result.messages.map(toFinding).map((f) => `${f.code} ${f.origin ?? ''}`.trim())
      expect(got.sort()).to.deep.equal([...c.expected].sort())
    })
  }
})
