/**
 * The default chart renderer: meshctl's Helm-compatible template engine (src/lib/template/helm.ts), with the
 * release facts istioctl uses (release `istio`, the component namespace, the Kubernetes version).
 * @module
 */
import {inputError} from '../errors.js'
import {renderChart, TemplateError} from '../template/index.js'
import type {ChartRenderer} from './helm.js'

/** Renders a chart directory with meshctl's template engine; template errors become exit-65 errors. */
export const defaultChartRenderer: ChartRenderer = (chartDir, values, opts) => {
  try {
    return renderChart(chartDir, values, {
      releaseName: opts.releaseName,
      namespace: opts.namespace,
      kubeVersion: `v${opts.kubeVersion}`,
      revision: 0,
    })
  } catch (e) {
    if (e instanceof TemplateError) throw inputError(`render chart ${chartDir}: ${e.message}`)
    throw e
  }
}
