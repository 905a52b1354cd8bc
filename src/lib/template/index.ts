/**
 * meshctl's Go template engine: Go text/template semantics, Sprig v3.3.0 functions and Helm v3's chart
 * render model, checked against the real Go libraries (see test/oracle/gotmpl).
 *
 * Plain templates (e.g. istiod's sidecar injection template):
 * ```ts
 * const set = parseTemplates({injection: text}, {funcs: {...sprigFuncs(), ...myFuncs}})
 * const out = set.execute('injection', data, {missingKey: 'zero'})
 * ```
 * Charts (e.g. `meshctl manifest generate --manifests DIR`):
 * ```ts
 * const files = renderChart('manifests/charts/base', userValues, {releaseName: 'istio', namespace: 'istio-system'})
 * // Map { 'base/templates/crds.yaml' => '...' }
 * ```
 *
 * Values follow Go's types (see values.ts): `bigint` is a Go int, {@link Int64} a Go int64 (Sprig's
 * arithmetic results), `number` a float64 (what YAML and JSON numbers become in Helm), plain objects are
 * map[string]interface{}, {@link goStruct} builds struct values, `undefined` is a missing value.
 * Errors are {@link TemplateError}s whose message is Go's/Helm's and whose fields give file, line, column:
 * commands map them to exit code 65.
 *
 * Known differences from Go: complex numbers are unsupported; Sprig's crypto/certificate and date
 * functions, Helm's toToml and import-values of dependencies are not provided; fromYaml/values.yaml parsing
 * uses the `yaml` package, so raw CR, NEL, U+2028/U+2029 inside quoted scalars and tabs in indentation are
 * read with YAML 1.2 rules (go-yaml folds or rejects them); a runaway `include` recursion stops on the
 * JavaScript stack limit rather than Helm's depth of 1000.
 * @module
 */
import {type FuncDef, type FuncMap, type MissingKey, type ParamType} from './exec.js'
import {builtinFuncs, def} from './builtins.js'
import {TemplateSet, type TemplateSetOptions} from './template.js'

export {TemplateError, FuncError, templateInputError} from './errors.js'
export {TemplateSet, type TemplateSetOptions} from './template.js'
export type {ExecContext, FuncDef, FuncMap, MissingKey, ParamType} from './exec.js'
export {sprigFuncs, empty, deepCopy, toGoJson, strval, toInt64, toFloat64, mergeMaps} from './sprig.js'
export {
  Capabilities,
  ChartMetadata,
  Files,
  KubeVersion,
  VersionSet,
  coalesceValues,
  processDependencies,
  helmFuncs,
  loadChartDir,
  loadChartFiles,
  compileChart,
  renderChart,
  type CompiledChart,
  validateChartValues,
  type Chart,
  type ChartFile,
  type RenderOptions,
  type LoadOptions,
} from './helm.js'
export {goYamlMarshal, goYamlParse, goYamlParseAll, YamlError} from './yaml.js'
export {formatValue, sprint, sprintf, quoteGo} from './fmt.js'
export {
  GoStruct,
  Int64,
  goStruct,
  goTypeName,
  intOf,
  isGoMap,
  isTrue,
  isStringMap,
  stringMap,
  typedSlice,
  type GoMap,
} from './values.js'
export {builtinFuncs}

/**
 * Declares a template function with its Go signature, so that the engine checks and converts arguments
 * as Go does (`'string'`, `'int'`, `'float64'`, `'bool'`, `'slice'`, `'map'`, `'any'`, or `'value'` to also
 * receive missing values as `undefined`). Throw an Error to make the call fail with
 * `error calling NAME: MESSAGE`.
 * @example funcs.annotation = goFunc(['any', 'string', 'any'], (meta, name, def) => ...)
 */
export function goFunc(
  params: ParamType[],
  fn: (...args: never[]) => unknown,
  variadic?: ParamType,
): FuncDef {
  return def(params, fn, variadic)
}

/**
 * Parses a set of named templates (name → text), like Go's `template.New(first).Funcs(funcs).Parse(...)`
 * for each entry in order. Functions must be given here: Go rejects calls to unknown functions while
 * parsing. Parse once, execute many times.
 * @throws TemplateError (`template: NAME:LINE: ...`) on a syntax error.
 */
export function parseTemplates(
  texts: Record<string, string> | [string, string][],
  opts: TemplateSetOptions = {},
): TemplateSet {
  const set = new TemplateSet(opts)
  for (const [name, text] of Array.isArray(texts) ? texts : Object.entries(texts)) set.parse(name, text)
  return set
}

/**
 * Parses and executes one template in a single step (for one-off use; prefer {@link parseTemplates} for
 * repeated renders).
 */
export function renderTemplate(
  text: string,
  data: unknown,
  opts: {funcs?: FuncMap; missingKey?: MissingKey; name?: string} = {},
): string {
  const name = opts.name ?? 'template'
  return parseTemplates([[name, text]], {funcs: opts.funcs, missingKey: opts.missingKey}).execute(name, data)
}
