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
import {marshalYaml, parseYamlDocuments, type Json} from './goyaml.js'
import {isTree} from './values.js'

let funcs: FuncMap | undefined

/** Whether a template value is plain JSON data (no Go ints, structs or non-finite floats) the fast writer takes. */
function isPlainJson(v: unknown): v is Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (Array.isArray(v)) return v.every(isPlainJson)
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.values(v as object).every(isPlainJson)
  return false
}

/**
 * `toYaml` and `fromYaml` through meshctl's go-yaml writer and js-yaml based reader (goyaml.ts, checked
 * against sigs.k8s.io/yaml): Istio's base chart parses and re-writes every CRD with them, and these are
 * several times faster. Values they do not cover (Go ints, structs; errors, non-map documents) go to the
 * engine's own functions, which also word errors as Helm does.
 */
function fastFuncs(): FuncMap {
  if (funcs) return funcs
  const engineFromYaml = helmFuncs().fromYaml!
  const engineToYaml = helmFuncs().toYaml!
  funcs = {
    toYaml: goFunc(['any'], function (this: ExecContext, v: unknown) {
      if (isPlainJson(v)) return marshalYaml(v).replace(/\n$/, '')
      return (engineToYaml.fn as (this: ExecContext, v: unknown) => unknown).call(this, v)
    }),
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
