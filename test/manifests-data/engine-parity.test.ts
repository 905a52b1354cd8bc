// meshctl's template engine (src/lib/template) must render our charts byte for byte as Helm does.
import {join} from 'node:path'
import {expect} from 'chai'
import {renderChart} from '../../src/lib/template/index.js'
import {
  COMPONENT_CHARTS,
  MANIFESTS,
  chartDirs,
  profileValues,
  renderWithHelm,
  skipWithoutHelmOracle,
} from './layout.js'

/** Values for a chart as istioctl passes them; gateway charts also get their gateway's name and labels. */
function valuesFor(chart: string, profile: string): Record<string, unknown> {
  const gateway = {
    [COMPONENT_CHARTS.ingressGateways]: 'istio-ingressgateway',
    [COMPONENT_CHARTS.egressGateways]: 'istio-egressgateway',
  }[chart]
  return profileValues(profile, gateway ? {gateways: {[gateway]: {name: gateway, labels: {}}}} : {})
}

describe('manifests: meshctl template engine renders our charts like Helm', function () {
  before(function () {
    skipWithoutHelmOracle(this)
  })

  for (const chart of chartDirs()) {
    for (const profile of ['default', 'demo', 'ambient']) {
      it(`${chart}, ${profile} profile`, () => {
        const values = valuesFor(chart, profile)
        const helm = renderWithHelm(chart, values).files
        const ours = renderChart(join(MANIFESTS, chart), structuredClone(values), {
          releaseName: 'istio',
          namespace: 'istio-system',
          kubeVersion: 'v1.32.0',
        })
        expect(Object.keys(helm).length).to.be.greaterThan(0)
        for (const [file, text] of Object.entries(helm)) expect(ours.get(file), file).to.equal(text)
      })
    }
  }
})
