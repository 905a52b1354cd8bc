/**
 * The default chart renderer: meshctl's Helm-compatible template engine (src/lib/template), with the release
 * facts istioctl uses (release `istio`, the component namespace, the Kubernetes version).
 * @module
 */
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {inputError} from '../errors.js'
import {
  goFunc,
  goYamlParse,
  helmFuncs,
  KubeVersion,
  loadChartDir,
  renderChart,
  TemplateError,
  type ExecContext,
  type FuncMap,
} from '../template/index.js'
import type {ChartRenderer} from './helm.js'
import {parseSimpleYaml, parseYamlDocuments} from './goyaml.js'
import {rememberDocument, trustGoYamlDocuments} from './known-documents.js'
import {defaultManifestsDir} from './profiles.js'
import {isTree} from './values.js'

/**
 * `fromYaml` through meshctl's js-yaml based reader (goyaml.ts, checked against sigs.k8s.io/yaml): Istio's
 * base chart parses every CRD with it, and it is several times faster. Errors and non-map documents go to
 * the engine's own function, which words errors as Helm does. `toYaml` is the engine's (both share the
 * go-yaml emitter in src/lib/yaml), and remembers whole objects it writes so that the rendered document
 * need not be parsed and written again (known-documents.ts). Built per render (0.1 ms): a map kept for the
 * process would hide from tests what the code inside it does.
 */
function fastFuncs(): FuncMap {
  const engine = helmFuncs()
  const engineFromYaml = engine.fromYaml!
  const engineToYaml = engine.toYaml!.fn as (v: unknown) => string
  return {
    toYaml: goFunc(['any'], (v: unknown) => {
      const text = engineToYaml(v)
      rememberDocument(text, v)
      return text
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
}

/** Chart.yaml and values.yaml through the same reader as `fromYaml` when they are plain YAML. */
const chartYaml = (text: string): unknown => parseSimpleYaml(text) ?? goYamlParse(text)

/**
 * meshctl's own base chart copies each CRD from files/crd-all.gen.yaml as text (go-yaml's form, checked by
 * test/manifests-data/crds.test.ts): the rendered CRDs are then taken without a parse and emit. Done on each
 * render of the base chart (under a millisecond), so that forgetting known documents forgets these too.
 */
function trustOwnCrds(chartDir: string): void {
  if (path.resolve(chartDir) !== path.join(defaultManifestsDir(), 'charts', 'base')) return
  const file = path.join(chartDir, 'files', 'crd-all.gen.yaml')
  if (existsSync(file)) trustGoYamlDocuments(readFileSync(file, 'utf8'))
}

/** Renders a chart directory with meshctl's template engine; template errors become exit-65 errors. */
export const defaultChartRenderer: ChartRenderer = (chartDir, values, opts) => {
  trustOwnCrds(chartDir)
  try {
    return renderChart(loadChartDir(chartDir, {parseYaml: chartYaml}), values, {
      releaseName: opts.releaseName,
      namespace: opts.namespace,
      kubeVersion:
        typeof opts.kubeVersion === 'string'
          ? `v${opts.kubeVersion}`
          : new KubeVersion(opts.kubeVersion.gitVersion, opts.kubeVersion.major, opts.kubeVersion.minor),
      revision: 0,
      // istioctl reports the `WARNING: ` lines of NOTES.txt (helm.ts), and a `fail` there stops the render.
      notes: true,
      funcs: fastFuncs(),
    })
  } catch (e) {
    if (e instanceof TemplateError) throw inputError(`render chart ${chartDir}: ${e.message}`)
    throw e
  }
}
