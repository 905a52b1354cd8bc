// Each chart carries copies of the shared helper and of the chart-side profile layers, and both
// gateway charts carry the same templates, because a Helm chart can only read its own files. The
// canonical copies live in manifests/chart-shared and manifests/chart-profiles; UPDATE_GOLDEN=1
// rewrites the chart copies from them.
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {expectGolden} from '../helpers/golden.js'
import {COMPONENT_CHARTS, MANIFESTS, chartDirs, chartProfileNames} from './layout.js'

describe('manifests: shared chart files', () => {
  const helper = readFileSync(join(MANIFESTS, 'chart-shared/_meshctl.tpl'), 'utf8')
  for (const chart of chartDirs()) {
    it(`${chart} has the shared helper and every profile layer`, () => {
      expectGolden(helper, join(MANIFESTS, chart, 'templates/_meshctl.tpl'))
      for (const name of chartProfileNames()) {
        const layer = readFileSync(join(MANIFESTS, 'chart-profiles', `${name}.yaml`), 'utf8')
        expectGolden(layer, join(MANIFESTS, chart, `files/profile-${name}.yaml`))
      }
    })
  }

  const gatewayTemplates = join(MANIFESTS, 'chart-shared/gateway')
  for (const chart of [COMPONENT_CHARTS.ingressGateways, COMPONENT_CHARTS.egressGateways]) {
    it(`${chart} renders the shared gateway templates`, () => {
      for (const file of readdirSync(gatewayTemplates))
        expectGolden(
          readFileSync(join(gatewayTemplates, file), 'utf8'),
          join(MANIFESTS, chart, 'templates', file),
        )
    })
  }
})
