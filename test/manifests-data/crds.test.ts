// The base chart's CRDs are generated from meshctl's API model (src/lib/api), never copied.
// UPDATE_GOLDEN=1 (or npm run gen:crds -- FILE) regenerates manifests/charts/base/files/crd-all.gen.yaml.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {crdsYaml, generateCrds} from '../../src/lib/api/index.js'
import {marshalYaml, parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import {defaultChartRenderer} from '../../src/lib/manifest/renderer.js'
import type {Tree} from '../../src/lib/manifest/values.js'
import {goYamlMarshal} from '../../src/lib/template/yaml.js'
import {expectGolden} from '../helpers/golden.js'
import {MANIFESTS} from './layout.js'

const FILE = join(MANIFESTS, 'charts/base/files/crd-all.gen.yaml')

/** The labels Helm-managed Istio objects carry (meshctl.standardLabels), for release `istio`. */
const STANDARD_LABELS = {
  'app.kubernetes.io/instance': 'istio',
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/part-of': 'istio',
  'app.kubernetes.io/version': '1.30.3',
  'helm.sh/chart': 'base-1.30.3',
}

/** The base chart's templates/crds.yaml as meshctl renders it with these values. */
async function renderedCrds(values: Tree): Promise<string> {
  const out = await defaultChartRenderer(join(MANIFESTS, 'charts/base'), values, {
    releaseName: 'istio',
    namespace: 'istio-system',
    kubeVersion: '1.32.0',
  })
  return out.get('base/templates/crds.yaml')!
}

describe('manifests: base chart CRDs', () => {
  it('crd-all.gen.yaml is what the API model generates', () => {
    expectGolden(crdsYaml(), FILE)
  })

  it('holds each CRD as toYaml writes it: read and written again as istioctl does, it is the same text', () => {
    // the base chart copies these documents as text, and manifest generate prints them without a parse
    const docs = readFileSync(FILE, 'utf8')
      .replace(/^#.*\n/, '')
      .trimEnd()
      .split('\n---\n')
    expect(docs).to.have.length(generateCrds().length)
    for (const doc of docs) expect(marshalYaml(parseYamlDocuments(doc)[0]!)).to.equal(doc + '\n')
  })

  it('the chart writes each CRD with the standard labels in place of the generated ones, minus excludedCRDs', async () => {
    const excluded = ['trafficextensions.extensions.istio.io', 'gateways.networking.istio.io']
    const expected = generateCrds()
      .filter((crd) => !excluded.includes((crd.metadata as {name: string}).name))
      .map((crd) => {
        const metadata = {...(crd.metadata as object), labels: STANDARD_LABELS}
        return `---\n${goYamlMarshal({...crd, metadata}).trimEnd()}`
      })
    expect(excluded.every((n) => readFileSync(FILE, 'utf8').includes(`\n  name: ${n}\n`))).to.equal(true)
    expect((await renderedCrds({base: {excludedCRDs: excluded}})).trim()).to.equal(expected.join('\n'))
  })

  it('with CRD templating off, the chart writes the file as generated', async () => {
    const rendered = await renderedCrds({base: {enableCRDTemplates: false}})
    expect(rendered.trim()).to.equal(readFileSync(FILE, 'utf8').trim())
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
