/**
 * The default chart renderer: meshctl's Helm-compatible template engine (src/lib/template), with the release
 * facts istioctl uses (release `istio`, the component namespace, the Kubernetes version).
 * @module
 */
import {inputError} from '../errors.js'
import {
  goFunc,
  helmFuncs,
  renderChart,
  TemplateError,
  type ExecContext,
  type FuncMap,
} from '../template/index.js'
import type {ChartRenderer} from './helm.js'
import {parseYamlDocuments} from './goyaml.js'
import {isTree} from './values.js'

let funcs: FuncMap | undefined

/**
 * `fromYaml` through meshctl's js-yaml based reader (goyaml.ts, checked against sigs.k8s.io/yaml): Istio's
 * base chart parses every CRD with it, and it is several times faster. Errors and non-map documents go to
 * the engine's own function, which words errors as Helm does. (`toYaml` needs no override: both share the
 * go-yaml emitter in src/lib/yaml.)
 */
function fastFuncs(): FuncMap {
  if (funcs) return funcs
  const engineFromYaml = helmFuncs().fromYaml!
  funcs = {
    fromYaml: goFunc(['string'], function (this: ExecContext, s: string) {
      try {
        const d = parseYamlDocuments(s)[0] ?? null
        if (d === null) return {}
        if (isTree(d)) return d
      } catch {
        // fall through to the engine's wording of the error
      }
      return (engineFromYaml.fn as (this: ExecContext, s: string) => unknown).call(this, s)
    }),
  }
  return funcs
}

/** Renders a chart directory with meshctl's template engine; template errors become exit-65 errors. */
export const defaultChartRenderer: ChartRenderer = (chartDir, values, opts) => {
  try {
    return renderChart(chartDir, values, {
      releaseName: opts.releaseName,
      namespace: opts.namespace,
      kubeVersion: `v${opts.kubeVersion}`,
      revision: 0,
      funcs: fastFuncs(),
    })
  } catch (e) {
    if (e instanceof TemplateError) throw inputError(`render chart ${chartDir}: ${e.message}`)
    throw e
  }
}
