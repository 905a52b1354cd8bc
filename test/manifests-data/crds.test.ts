// The base chart's CRDs are generated from meshctl's API model (src/lib/api), never copied.
// UPDATE_GOLDEN=1 (or npm run gen:crds -- FILE) regenerates manifests/charts/base/files/crd-all.gen.yaml.
import {join} from 'node:path'
import {expect} from 'chai'
import {crdsYaml, generateCrds} from '../../src/lib/api/index.js'
import {expectGolden} from '../helpers/golden.js'
import {MANIFESTS} from './layout.js'

describe('manifests: base chart CRDs', () => {
  it('crd-all.gen.yaml is what the API model generates', () => {
    expectGolden(crdsYaml(), join(MANIFESTS, 'charts/base/files/crd-all.gen.yaml'))
  })

  it('covers the Istio config kinds istiod serves', () => {
    const names = generateCrds().map((c) => (c.metadata as {name: string}).name)
    for (const n of [
      'virtualservices.networking.istio.io',
      'destinationrules.networking.istio.io',
      'gateways.networking.istio.io',
      'authorizationpolicies.security.istio.io',
      'telemetries.telemetry.istio.io',
    ])
      expect(names).to.include(n)
  })
})
