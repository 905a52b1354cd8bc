// The base chart's CRDs are generated from meshctl's API model (src/lib/api), never copied.
// UPDATE_GOLDEN=1 regenerates manifests/charts/base/files/crd-all.gen.yaml.
import {join} from 'node:path'
import {expect} from 'chai'
import {stringify} from 'yaml'
import {generateCrds} from '../../src/lib/api/index.js'
import {expectGolden} from '../helpers/golden.js'
import {MANIFESTS} from './layout.js'

/** The generated file: one CRD per document, separated the way the base chart splits them. */
export function crdFile(): string {
  const docs = generateCrds().map((crd) =>
    stringify(crd, {lineWidth: 0, aliasDuplicateObjects: false}).trimEnd(),
  )
  return `# Generated from src/lib/api by test/manifests-data/crds.test.ts (UPDATE_GOLDEN=1). Do not edit.\n${docs.join('\n---\n')}\n`
}

describe('manifests: base chart CRDs', () => {
  it('crd-all.gen.yaml is what the API model generates', () => {
    expectGolden(crdFile(), join(MANIFESTS, 'charts/base/files/crd-all.gen.yaml'))
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
