/**
 * Helm's chart render model on top of the template engine: chart loading (Chart.yaml, values.yaml,
 * templates/, other files, charts/ subcharts), values coalescing, the render-time objects (.Values,
 * .Release, .Chart, .Capabilities, .Files, .Template) and Helm's extra functions (include, tpl, required,
 * toYaml, fromYaml, lookup, ...). Output matches helm.sh/helm/v3 pkg/engine.Render.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {Ajv as AjvType, ErrorObject} from 'ajv'
import {join, posix} from 'node:path'
import {DEFAULT_API_VERSIONS} from './api-versions.js'
import {def} from './builtins.js'
import {FuncError, TemplateError} from './errors.js'
import type {ExecContext, FuncMap} from './exec.js'
import {formatFloat, quoteGo, sprintf} from './fmt.js'
import {inputError} from '../errors.js'
import {semverCompare, semverParse} from './semver.js'
import {deepCopy, fromGoJson, sprigFuncs, toGoJson} from './sprig.js'
import {TemplateSet} from './template.js'
import {type GoMap, GoStruct, Int64, goTypeName, isGoMap} from './values.js'
import {goYamlMarshal, goYamlMarshalPretty, goYamlParse} from './yaml.js'

/** A file of a chart: path relative to the chart root, and its content. */
export interface ChartFile {
  name: string
  data: Buffer
}

/** A loaded chart (Helm's chart.Chart). */
export interface Chart {
  metadata: ChartMetadata
  /** values.yaml, parsed as Helm parses it (numbers are float64). */
  values: GoMap
  templates: ChartFile[]
  /** Every other file (available as .Files). */
  files: ChartFile[]
  dependencies: Chart[]
  /** values.schema.json, when present. */
  schema?: unknown
  /** Set on subcharts: the parent chart. */
  parent?: Chart
}

const HELM_ERR_START = 'HELM_ERR_START'
const HELM_ERR_END = 'HELM_ERR_END'

/** Chart.yaml as Go's chart.Metadata struct (field names as templates see them). */
export class ChartMetadata extends GoStruct {
  readonly goType: string = '*chart.Metadata'
  Name = ''
  Home = ''
  Sources: unknown[] = []
  Version = ''
  Description = ''
  Keywords: unknown[] = []
  Maintainers: unknown[] = []
  Icon = ''
  APIVersion = ''
  Condition = ''
  Tags = ''
  AppVersion = ''
  Deprecated = false
  Annotations: GoMap = {}
  KubeVersion = ''
  Dependencies: unknown[] = []
  Type = ''

  private static readonly JSON: [string, string][] = [
    ['Name', 'name'],
    ['Home', 'home'],
    ['Sources', 'sources'],
    ['Version', 'version'],
    ['Description', 'description'],
    ['Keywords', 'keywords'],
    ['Maintainers', 'maintainers'],
    ['Icon', 'icon'],
    ['APIVersion', 'apiVersion'],
    ['Condition', 'condition'],
    ['Tags', 'tags'],
    ['AppVersion', 'appVersion'],
    ['Deprecated', 'deprecated'],
    ['Annotations', 'annotations'],
    ['KubeVersion', 'kubeVersion'],
    ['Dependencies', 'dependencies'],
    ['Type', 'type'],
  ]

  /** Reads Chart.yaml content (JSON field names, as sigs.k8s.io/yaml does). */
  static fromYaml(doc: unknown): ChartMetadata {
    const m = new ChartMetadata()
    if (doc !== null && !isGoMap(doc)) {
      const err = `json: cannot unmarshal ${jsonKind(doc)} into Go value of type chart.Metadata`
      throw inputError(`cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: ${err}`)
    }
    const src = doc ?? {}
    const self = m as unknown as Record<string, unknown>
    for (const [field, json] of ChartMetadata.JSON) {
      const v = src[json]
      if (v === undefined || v === null) continue
      // sigs.k8s.io/yaml turns a scalar into the string a string field wants (`name: n` is "false")
      self[field] = typeof self[field] === 'string' && typeof v !== 'string' ? yamlScalarString(v) : v
    }
    if (m.APIVersion === '') m.APIVersion = 'v1'
    return m
  }

  /** JSON form (omitempty), used by toJson/toYaml. */
  override goFields(): [string, unknown][] {
    const self = this as unknown as Record<string, unknown>
    return ChartMetadata.JSON.map(([f, j]) => [j, self[f]] as [string, unknown]).filter(([, v]) => {
      if (v === '' || v === false) return false
      if (Array.isArray(v)) return v.length > 0
      if (isGoMap(v)) return Object.keys(v).length > 0
      return true
    })
  }
}

/** The .Chart object: metadata plus IsRoot. */
class ChartValue extends ChartMetadata {
  override readonly goType = 'struct { chart.Metadata; IsRoot bool }'
  IsRoot = false
  override goFields(): [string, unknown][] {
    return [...super.goFields(), ['IsRoot', this.IsRoot]]
  }
}

/** .Capabilities.KubeVersion */
export class KubeVersion extends GoStruct {
  readonly goType = 'chartutil.KubeVersion'
  constructor(
    readonly Version: string,
    readonly Major: string,
    readonly Minor: string,
  ) {
    super()
  }
  override goString(): string {
    return this.Version
  }
  String(): string {
    return this.Version
  }
  GitVersion(): string {
    return this.Version
  }

  /**
   * Parses `v1.30.2` / `1.30` the way chartutil.ParseKubeVersion does (k8s.io/apimachinery's ParseGeneric:
   * two or more dot-separated numbers, anything after them ignored, the first without a leading zero).
   */
  static parse(v: string): KubeVersion {
    const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)/.exec(v)
    if (!m) throw inputError(`could not parse ${quoteGo(v)} as version`)
    const parts = m[1].split('.')
    if (parts.length < 2) throw inputError(`illegal version string ${quoteGo(v)}`)
    if (parts[0].length > 1 && parts[0].startsWith('0'))
      throw inputError(`illegal zero-prefixed version component ${quoteGo(parts[0])} in ${quoteGo(v)}`)
    const nums = parts.map((p) => BigInt(p).toString())
    return new KubeVersion(`v${nums.join('.')}`, nums[0], nums[1])
  }
}

/** .Capabilities.APIVersions (Go's chartutil.VersionSet, a []string with Has). */
export class VersionSet extends GoStruct {
  readonly goType = 'chartutil.VersionSet'
  constructor(readonly versions: string[]) {
    super()
  }
  override goString(): string {
    return '[' + this.versions.join(' ') + ']'
  }
  override goFields(): [string, unknown][] {
    return []
  }
  override goJson(): unknown {
    return this.versions
  }
  override goSlice(): unknown[] {
    return this.versions
  }
  Has(v: unknown): boolean {
    return this.versions.includes(String(v))
  }
}

/** .Capabilities */
export class Capabilities extends GoStruct {
  readonly goType = '*chartutil.Capabilities'
  constructor(
    readonly KubeVersion: KubeVersion,
    readonly APIVersions: VersionSet,
    readonly HelmVersion: GoMap,
  ) {
    super()
  }
}

function globToRegex(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*'
        i++
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = glob.indexOf(']', i)
      // gobwas/glob refuses an unclosed class, and Helm's Glob then matches "**": everything
      if (end < 0) return /^/
      re += glob.slice(i, end + 1).replace('[!', '[^')
      i = end
    } else if (c === '{') {
      const end = glob.indexOf('}', i)
      // an unclosed group matched nothing in Helm (and looped here forever)
      if (end < 0) return /(?!)/
      re +=
        '(' +
        glob
          .slice(i + 1, end)
          .split(',')
          .map(escapeRe)
          .join('|') +
        ')'
      i = end
    } else re += escapeRe(c)
  }
  return new RegExp('^' + re + '$')
}
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** .Files: the chart's non-template files, with Helm's accessors. */
export class Files extends GoStruct {
  readonly goType = 'engine.files'
  constructor(private readonly files: Map<string, Buffer>) {
    super()
  }
  override goFields(): [string, unknown][] {
    return this.goEntries().map(([k, v]) => [k, (v as Buffer).toString('base64')])
  }
  override goEntries(): [string, unknown][] {
    // a Go map: sorted keys
    return [...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }
  override goString(): string {
    return (
      'map[' +
      [...this.files.keys()]
        .sort()
        .map((k) => `${k}:[${[...this.files.get(k)!].join(' ')}]`)
        .join(' ') +
      ']'
    )
  }
  Get(name: unknown): string {
    return this.files.get(String(name))?.toString('utf8') ?? ''
  }
  GetBytes(name: unknown): Uint8Array {
    return this.files.get(String(name)) ?? new Uint8Array()
  }
  Glob(pattern: unknown): Files {
    const re = globToRegex(String(pattern))
    return new Files(new Map([...this.files].filter(([k]) => re.test(k))))
  }
  Lines(name: unknown): string[] {
    const b = this.files.get(String(name))
    if (b === undefined) return []
    // Helm reads the last byte unchecked: an empty file panics (and the error says so)
    if (b.length === 0) throw new FuncError('runtime error: index out of range [-1]')
    const s = b.toString('utf8')
    return (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n')
  }
  AsConfig(): string {
    const m: GoMap = {}
    for (const [k, v] of this.files) m[posix.basename(k)] = v.toString('utf8')
    return goYamlMarshal(m).replace(/\n$/, '')
  }
  AsSecrets(): string {
    const m: GoMap = {}
    for (const [k, v] of this.files) m[posix.basename(k)] = v.toString('base64')
    return goYamlMarshal(m).replace(/\n$/, '')
  }
}

// ---- loading ----

function listFiles(dir: string, prefix = ''): ChartFile[] {
  const out: ChartFile[] = []
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name)
    const rel = prefix ? `${prefix}/${name}` : name
    if (statSync(full).isDirectory()) out.push(...listFiles(full, rel))
    else out.push({name: rel, data: readFileSync(full)})
  }
  return out
}

/** How to load a chart. */
export interface LoadOptions {
  /**
   * Reads Chart.yaml and values.yaml (default {@link goYamlParse}); a faster reader must give the same
   * values, and throw (or defer to goYamlParse) where it cannot.
   */
  parseYaml?: (text: string) => unknown
}

/**
 * Loads a chart directory (Chart.yaml, values.yaml, templates/, files, charts/ subdirectories).
 * @throws MeshctlError (exit 65) when the directory or its Chart.yaml/values.yaml cannot be read.
 */
export function loadChartDir(dir: string, opts: LoadOptions = {}): Chart {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError(`${dir}: not a chart directory`)
  return loadChartFiles(
    listFiles(dir).filter((f) => f.name !== '.helmignore'),
    opts,
  )
}

/** Parses a chart's YAML file, with Helm's "cannot load FILE" wording on failure. */
function loadYaml(f: ChartFile, opts: LoadOptions): unknown {
  try {
    return (opts.parseYaml ?? goYamlParse)(f.data.toString('utf8'))
  } catch (e) {
    throw inputError(`cannot load ${f.name}: ${(e as Error).message}`)
  }
}

/** Helm's Metadata.Validate, for the checks that matter when rendering. */
function validateMetadata(md: ChartMetadata): void {
  const fail = (msg: string): never => {
    throw inputError(`validation: ${msg}`)
  }
  if (md.Name === '') fail('chart.metadata.name is required')
  if (md.Name === '.' || md.Name === '..') fail(`chart.metadata.name ${quoteGo(md.Name)} is not allowed`)
  if (md.Name !== posix.basename(md.Name)) fail(`chart.metadata.name ${quoteGo(md.Name)} is invalid`)
  if (md.Version === '') fail('chart.metadata.version is required')
  try {
    semverParse(md.Version)
  } catch {
    fail(`chart.metadata.version ${quoteGo(md.Version)} is invalid`)
  }
  if (!['', 'application', 'library'].includes(md.Type))
    fail('chart.metadata.type must be application or library')
}

/** Builds a chart from in-memory files (paths relative to the chart root), like Helm's loader.LoadFiles. */
export function loadChartFiles(files: ChartFile[], opts: LoadOptions = {}): Chart {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml')
  if (!chartYaml) throw inputError('Chart.yaml file is missing')
  const metadata = ChartMetadata.fromYaml(loadYaml(chartYaml, opts))
  const chart: Chart = {metadata, values: {}, templates: [], files: [], dependencies: []}
  const sub = new Map<string, ChartFile[]>()
  for (const f of files) {
    if (f.name === 'Chart.yaml' || f.name === 'Chart.lock' || f.name === 'requirements.lock') continue
    if (f.name === 'values.yaml') {
      const v = loadYaml(f, opts)
      chart.values = isGoMap(v) ? v : {}
    } else if (f.name === 'values.schema.json') {
      try {
        chart.schema = JSON.parse(f.data.toString('utf8'))
      } catch (e) {
        throw inputError(`cannot load values.schema.json: ${(e as Error).message}`)
      }
    } else if (f.name.startsWith('templates/')) chart.templates.push(f)
    else if (f.name.startsWith('charts/') && !f.name.endsWith('.prov')) {
      const rest = f.name.slice('charts/'.length)
      const [cname, ...tail] = rest.split('/')
      if (tail.length === 0 || cname.startsWith('_') || cname.startsWith('.')) continue
      const list = sub.get(cname) ?? []
      list.push({name: tail.join('/'), data: f.data})
      sub.set(cname, list)
    } else chart.files.push(f)
  }
  validateMetadata(metadata)
  for (const list of sub.values()) {
    const child = loadChartFiles(list, opts)
    child.parent = chart
    chart.dependencies.push(child)
  }
  return chart
}

// ---- values ----

/**
 * Helm's CoalesceValues: user values over chart defaults (deep), `null` in user values deleting a
 * default, subchart defaults under their name, and `global` propagated to subcharts.
 */
export function coalesceValues(chart: Chart, userValues: GoMap): GoMap {
  const dest = (deepCopy(userValues) as GoMap | null) ?? {}
  return coalesceChart(chart, dest)
}

function coalesceChart(chart: Chart, dest: GoMap): GoMap {
  const defaults = deepCopy(chart.values) as GoMap
  for (const key of Object.keys(defaults)) {
    const val = defaults[key]
    if (Object.hasOwn(dest, key)) {
      const value = dest[key]
      if (value === null) delete dest[key]
      else if (isGoMap(value) && isGoMap(val)) coalesceTables(value, val)
    } else dest[key] = val
  }
  for (const sc of chart.dependencies) {
    const name = sc.metadata.Name
    if (!Object.hasOwn(dest, name)) dest[name] = {}
    else if (!isGoMap(dest[name]))
      throw inputError(`type mismatch on ${name}: ${sprintf('%t', [dest[name]])}`)
    const dv = dest[name] as GoMap
    coalesceGlobals(dv, dest)
    dest[name] = coalesceChart(sc, dv)
  }
  return dest
}

function coalesceTables(dst: GoMap, src: GoMap): GoMap {
  const srcNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null))
  for (const k of Object.keys(dst)) if (dst[k] === null) src[k] = null
  for (const key of Object.keys(src)) {
    const val = src[key]
    const has = Object.hasOwn(dst, key)
    const dv = dst[key]
    if (has && dv === null && srcNonNil.has(key)) delete dst[key]
    else if (!has) dst[key] = val
    else if (isGoMap(val) && isGoMap(dv)) coalesceTables(dv, val)
  }
  return dst
}

function coalesceGlobals(dest: GoMap, src: GoMap): void {
  const dg = dest.global === undefined ? {} : dest.global
  const sg = src.global === undefined ? {} : src.global
  if (!isGoMap(dg) || !isGoMap(sg)) return
  for (const key of Object.keys(sg)) {
    const val = sg[key]
    if (isGoMap(val)) {
      const vv = {...val}
      if (!Object.hasOwn(dg, key)) dg[key] = vv
      else if (isGoMap(dg[key])) {
        coalesceTables(vv, dg[key] as GoMap)
        dg[key] = vv
      }
    } else if (!(Object.hasOwn(dg, key) && isGoMap(dg[key]))) dg[key] = val
  }
  dest.global = dg
}

// ---- dependencies (Chart.yaml `dependencies`: condition, tags, alias) ----

interface DependencySpec {
  name: string
  version: string
  condition: string
  tags: string[]
  alias: string
  enabled: boolean
}

function dependencySpecs(c: Chart): DependencySpec[] {
  return c.metadata.Dependencies.filter(isGoMap).map((d) => ({
    name: String(d.name ?? ''),
    version: String(d.version ?? ''),
    condition: String(d.condition ?? ''),
    tags: Array.isArray(d.tags) ? d.tags.map(String) : [],
    alias: String(d.alias ?? ''),
    enabled: true,
  }))
}

function compatible(range: string, version: string): boolean {
  try {
    return semverCompare(range, version)
  } catch {
    return false
  }
}

function pathValue(values: GoMap, path: string): unknown {
  let v: unknown = values
  for (const k of path.split('.')) {
    if (!isGoMap(v) || !Object.hasOwn(v, k)) return undefined
    v = v[k]
  }
  return v
}

/**
 * Helm's processDependencyEnabled: subcharts listed in Chart.yaml are aliased, and dropped when their
 * `condition` (first path that holds a bool) or `tags` turn them off. import-values are not supported.
 */
export function processDependencies(c: Chart, values: GoMap, path = ''): void {
  const specs = dependencySpecs(c)
  if (specs.length === 0) return
  const kept: Chart[] = c.dependencies.filter(
    (existing) =>
      !specs.some(
        (r) => existing.metadata.Name === r.name && compatible(r.version, existing.metadata.Version),
      ),
  )
  for (const r of specs) {
    const found = c.dependencies.find(
      (d) => d.metadata.Name === r.name && compatible(r.version, d.metadata.Version),
    )
    if (found) {
      if (r.alias)
        kept.push({...found, metadata: Object.assign(new ChartMetadata(), found.metadata, {Name: r.alias})})
      else kept.push(found)
    }
    if (r.alias) r.name = r.alias
  }
  c.dependencies = kept
  const cvals = coalesceValues(c, values)
  const tags = isGoMap(cvals.tags) ? cvals.tags : {}
  for (const r of specs) {
    let hasTrue = false
    let hasFalse = false
    for (const t of r.tags) {
      if (tags[t] === true) hasTrue = true
      else if (tags[t] === false) hasFalse = true
    }
    if (!hasTrue && hasFalse) r.enabled = false
  }
  for (const r of specs) {
    // Helm trims the whole condition, not each path: `a, b` looks up " b", which never matches
    for (const cond of r.condition.trim().split(',')) {
      if (cond === '') continue
      const v = pathValue(cvals, path + cond)
      if (typeof v === 'boolean') {
        r.enabled = v
        break
      }
    }
  }
  const off = new Set(specs.filter((r) => !r.enabled).map((r) => r.name))
  c.dependencies = c.dependencies.filter((d) => !off.has(d.metadata.Name))
  for (const d of c.dependencies) processDependencies(d, cvals, `${path}${d.metadata.Name}.`)
}

// ---- values.schema.json ----

/** JSON's name for a value of the values' JSON form (what the schema is checked against). */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  if (isGoMap(v)) return 'object'
  return typeof v
}

/** jsonschema's quote(): Go %q without escaped double quotes, in single quotes. */
const quoteOne = (s: string): string =>
  `'${quoteGo(s).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`
const quoted = (xs: unknown[]): string => xs.map((x) => quoteOne(String(x))).join(', ')
const display = (v: unknown): string =>
  typeof v === 'string' ? quoteOne(v) : v === null ? '<nil>' : String(v)
/** jsonschema names the wanted values only when none is an array or object. */
const composite = (v: unknown): boolean => Array.isArray(v) || isGoMap(v)

/** One line per failed keyword, worded like santhosh-tekuri/jsonschema (Helm's validator). */
function schemaErrorLines(errors: ErrorObject[], values: unknown): string[] {
  const byPath = new Map<string, ErrorObject[]>()
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? []
    list.push(e)
    byPath.set(e.instancePath, list)
  }
  const lines: string[] = []
  for (const [path, errs] of byPath) {
    const at = (msg: string): number => lines.push(`- at '${path}': ${msg}`)
    const extra = errs.filter((e) => e.keyword === 'additionalProperties')
    if (extra.length > 0) {
      const props = extra.map((e) => (e.params as {additionalProperty: string}).additionalProperty)
      at(`additional properties ${quoted(props)} not allowed`)
    }
    const missing = errs
      .filter((e) => e.keyword === 'required')
      .map((e) => (e.params as {missingProperty: string}).missingProperty)
    if (missing.length === 1) at(`missing property ${quoted(missing)}`)
    else if (missing.length > 1) at(`missing properties ${quoted(missing)}`)
    for (const e of errs) {
      const p = e.params as Record<string, unknown>
      const value = path
        .split('/')
        .slice(1)
        .reduce<unknown>(
          (v, k) =>
            isGoMap(v)
              ? v[k.replace(/~1/g, '/').replace(/~0/g, '~')]
              : Array.isArray(v)
                ? v[Number(k)]
                : undefined,
          values,
        )
      if (e.keyword === 'type') at(`got ${jsonType(value)}, want ${String(p.type).split(',').join(' or ')}`)
      else if (e.keyword === 'enum') {
        const want = p.allowedValues as unknown[]
        at(
          want.some(composite)
            ? "'enum' failed"
            : want.length === 1
              ? `value must be ${display(want[0])}`
              : `value must be one of ${want.map(display).join(', ')}`,
        )
      } else if (e.keyword === 'const')
        at(composite(p.allowedValue) ? "'const' failed" : `value must be ${display(p.allowedValue)}`)
      else if (!['additionalProperties', 'required', 'if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword))
        at(e.message!) // ajv words every error (its messages option is on)
    }
  }
  return lines
}

/** Helm's ValidateAgainstSchema: checks the chart's (and subcharts') values.schema.json. */
export function validateChartValues(chart: Chart, values: GoMap): string {
  let out = ''
  if (chart.schema !== undefined) {
    const schema = {...(chart.schema as GoMap)}
    delete schema.$schema
    // ajv takes long to load and few charts have a schema: loaded on first use
    const {Ajv} = createRequire(import.meta.url)('ajv') as {Ajv: typeof AjvType}
    const ajv = new Ajv({strict: false, allErrors: true, validateSchema: false})
    const validate = ajv.compile(schema)
    const plain = JSON.parse(toGoJson(values)) as unknown
    if (!validate(plain))
      out += `${chart.metadata.Name}:\n${schemaErrorLines(validate.errors!, plain).join('\n')}\n`
  }
  for (const sc of chart.dependencies) {
    const raw = values[sc.metadata.Name]
    if (raw === undefined || raw === null) continue
    if (!isGoMap(raw))
      out += `${sc.metadata.Name}:\ninvalid type for values: expected object (map), got ${goTypeName(raw)}\n`
    else out += validateChartValues(sc, raw)
  }
  return out
}

// ---- rendering ----

/** Release and cluster facts for {@link renderChart}. */
export interface RenderOptions {
  releaseName?: string
  namespace?: string
  revision?: number
  isUpgrade?: boolean
  /** e.g. `v1.30.0` (parsed like chartutil.ParseKubeVersion), or a cluster's version as is; Helm's default is v1.20.0. */
  kubeVersion?: string | KubeVersion
  /** Extra API versions on top of Helm's defaults (like `helm template --api-versions`). */
  apiVersions?: string[]
  /** Extra template functions (added to Helm's). */
  funcs?: FuncMap
  /** Also render NOTES.txt files, as Helm's engine does (`helm template` and install drop them after). */
  notes?: boolean
}

const warnWrap = (s: string): string => HELM_ERR_START + s + HELM_ERR_END

/** Helm's function map: Sprig without env/expandenv, plus Helm's own. `include`/`tpl` use the executing set. */
export function helmFuncs(): FuncMap {
  const f = sprigFuncs()
  delete f.env
  delete f.expandenv
  const includeDepth = new Map<string, number>()
  Object.assign(f, {
    toYaml: def(['any'], (v: unknown) => {
      try {
        return goYamlMarshal(v).replace(/\n$/, '')
      } catch {
        return ''
      }
    }),
    toYamlPretty: def(['any'], (v: unknown) => goYamlMarshalPretty(v).replace(/\n$/, '')),
    fromYaml: def(['string'], (s: string) => {
      try {
        const v = goYamlParse(s)
        if (v === null) return {}
        if (!isGoMap(v)) {
          return {
            Error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`,
          }
        }
        return v
      } catch (e) {
        return {Error: (e as Error).message}
      }
    }),
    fromYamlArray: def(['string'], (s: string) => {
      try {
        const v = goYamlParse(s)
        if (v === null) return []
        if (!Array.isArray(v)) {
          return [
            `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`,
          ]
        }
        return v
      } catch (e) {
        return [(e as Error).message]
      }
    }),
    toJson: def(['any'], (v: unknown) => {
      try {
        return toGoJson(v)
      } catch {
        return ''
      }
    }),
    fromJson: def(['string'], (s: string) => {
      try {
        const v = fromGoJson(s)
        if (v === null) return {} // JSON null leaves Go's map nil
        return isGoMap(v)
          ? v
          : {Error: `json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`}
      } catch (e) {
        return {Error: (e as Error).message}
      }
    }),
    fromJsonArray: def(['string'], (s: string) => {
      try {
        const v = fromGoJson(s)
        if (v === null) return []
        return Array.isArray(v)
          ? v
          : [`json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`]
      } catch (e) {
        return [(e as Error).message]
      }
    }),
    include: def(['string', 'any'], function (this: ExecContext, name: string, data: unknown) {
      const n = includeDepth.get(name) ?? 0
      if (n > 1000)
        throw new FuncError(
          `rendering template has a nested reference name: ${name}: unable to execute template`,
        )
      includeDepth.set(name, n + 1)
      try {
        return this.executeTemplate(name, data === null ? undefined : data)
      } finally {
        includeDepth.set(name, n)
      }
    }),
    tpl: def(['string', 'any'], function (this: ExecContext, text: string, vals: unknown) {
      const set = (this.set as TemplateSet).clone()
      try {
        set.parse('gotpl', text)
      } catch (e) {
        throw new FuncError(`cannot parse template ${quoteGo(text)}: ${(e as Error).message}`)
      }
      try {
        return set
          .execute('gotpl', vals === null ? undefined : vals, {missingKey: 'zero'})
          .replaceAll('<no value>', '')
      } catch (e) {
        if (e instanceof TemplateError) {
          throw new TemplateError(
            `error during tpl function execution for ${quoteGo(text)}: ${e.message}`,
            e.file,
            e.line,
            e.col,
            'exec',
          )
        }
        throw e
      }
    }),
    required: def(['string', 'any'], (warn: string, val: unknown) => {
      if (val === null || val === undefined || val === '') throw new FuncError(warnWrap(warn))
      return val
    }),
    fail: def(['string'], (msg: string) => {
      throw new FuncError(warnWrap(msg))
    }),
    lookup: def(['string', 'string', 'string', 'string'], () => ({})),
    getHostByName: def(['string'], () => ''),
  })
  return f
}

interface Renderable {
  name: string
  text: string
  vals: GoMap
  basePath: string
}

function fullPath(c: Chart): string {
  return c.parent ? `${fullPath(c.parent)}/charts/${c.metadata.Name}` : c.metadata.Name
}

function collectTemplates(c: Chart, vals: GoMap, out: Map<string, Renderable>): GoMap {
  const subcharts: GoMap = {}
  // the metadata's own goType field must not overwrite ChartValue's (%T .Chart is the embedding struct)
  const {goType: _goType, ...fields} = c.metadata
  const chartValue = Object.assign(new ChartValue(), fields)
  chartValue.IsRoot = !c.parent
  let values: unknown = {}
  if (!c.parent) values = vals.Values
  else if (isGoMap(vals.Values) && isGoMap(vals.Values[c.metadata.Name]))
    values = vals.Values[c.metadata.Name]
  const next: GoMap = {
    Chart: chartValue,
    Files: new Files(new Map(c.files.map((f) => [f.name, f.data]))),
    Release: vals.Release,
    Capabilities: vals.Capabilities,
    Values: values,
    Subcharts: subcharts,
  }
  for (const child of c.dependencies) subcharts[child.metadata.Name] = collectTemplates(child, next, out)
  const base = fullPath(c)
  const isLibrary = c.metadata.Type.toLowerCase() === 'library'
  for (const t of c.templates) {
    if (isLibrary && !posix.basename(t.name).startsWith('_')) continue
    const name = `${base}/${t.name}`
    out.set(name, {name, text: t.data.toString('utf8'), vals: next, basePath: `${base}/templates`})
  }
  return next
}

/** Helm's parse order: deeper paths first, then reverse lexical order (so later definitions win the same way). */
function sortTemplates(names: string[]): string[] {
  const depth = (s: string): number => s.split('/').length - 1
  return [...names].sort((a, b) => {
    const da = depth(a)
    const db = depth(b)
    if (da !== db) return db - da
    return a < b ? 1 : a > b ? -1 : 0
  })
}

/** Helm's cleanupParseError; a parse error always reads `template: NAME:LINE: MESSAGE`. */
function helmParseError(e: TemplateError): TemplateError {
  const tokens = e.message.split(': ')
  const msg = `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`
  return new TemplateError(msg, e.file, e.line, e.col, 'parse')
}

function helmExecError(e: TemplateError): TemplateError {
  // Helm splits the message at its first two ": " (a template file name may hold a colon)
  const m = /^template: (.*?): (.*)$/s.exec(e.message)
  if (!m) return e
  const rest = m[2].split(': ')
  const tail = rest.slice(1).join(': ')
  const w = new RegExp(`${HELM_ERR_START}([\\s\\S]*)${HELM_ERR_END}`).exec(tail)
  if (w) return new TemplateError(`execution error at (${m[1]}): ${w[1]}`, e.file, e.line, e.col, 'exec')
  return e
}

/** A chart whose templates are parsed once; {@link CompiledChart.render} renders it many times. */
export interface CompiledChart {
  readonly chart: Chart
  /** Renders with user values and release options, like Helm's engine.Render. */
  render(values?: GoMap, opts?: RenderOptions): Map<string, string>
}

/**
 * Loads (if given a directory) and parses every template of a chart and its subcharts, in Helm's parse
 * order. `funcs` are extra template functions (they must be known at parse time).
 * @throws TemplateError worded as Helm words it (`parse error at (FILE:LINE): ...`).
 */
export function compileChart(chartOrDir: Chart | string, opts: {funcs?: FuncMap} = {}): CompiledChart {
  const chart = typeof chartOrDir === 'string' ? loadChartDir(chartOrDir) : chartOrDir
  const funcs = {...helmFuncs(), ...opts.funcs}
  const parsed = parseChart(chartTemplates(chart), funcs)
  return {
    chart,
    render: (values = {}, ropts = {}) => {
      // Chart.yaml conditions/tags/aliases may change which subcharts take part: reparse only then.
      const eff = dependencySpecs(chart).length > 0 ? effectiveChart(chart, values) : chart
      let p = parsed
      if (eff !== chart) {
        const t = chartTemplates(eff)
        if (t.order.length !== parsed.order.length || t.order.some((n, i) => n !== parsed.order[i]))
          p = parseChart(t, funcs)
      }
      return renderCompiled(eff, p.set, p.order, values, ropts)
    },
  }
}

/** The template texts of a chart tree and their names in Helm's parse order. */
function chartTemplates(chart: Chart): {texts: Map<string, Renderable>; order: string[]} {
  // Template texts do not depend on values: collect them with placeholder values.
  const texts = new Map<string, Renderable>()
  collectTemplates(chart, {}, texts)
  return {texts, order: sortTemplates([...texts.keys()])}
}

/** Parses every template of the chart tree in Helm's order. */
function parseChart(
  {texts, order}: ReturnType<typeof chartTemplates>,
  funcs: FuncMap,
): {set: TemplateSet; order: string[]} {
  const set = new TemplateSet({funcs, missingKey: 'zero', name: 'gotpl'})
  for (const name of order) {
    try {
      set.parse(name, texts.get(name)!.text)
    } catch (e) {
      if (e instanceof TemplateError) throw helmParseError(e)
      throw e
    }
  }
  return {set, order}
}

/** A copy of the chart tree with Chart.yaml dependencies processed for these values. */
function effectiveChart(chart: Chart, values: GoMap): Chart {
  const clone = (c: Chart, parent?: Chart): Chart => {
    const copy: Chart = {...c, parent, dependencies: []}
    copy.dependencies = c.dependencies.map((d) => clone(d, copy))
    return copy
  }
  const relink = (c: Chart): void => {
    for (const d of c.dependencies) {
      d.parent = c
      relink(d)
    }
  }
  const root = clone(chart)
  processDependencies(root, deepCopy(values) as GoMap)
  relink(root)
  return root
}

function renderCompiled(
  chart: Chart,
  set: TemplateSet,
  order: string[],
  values: GoMap,
  opts: RenderOptions,
): Map<string, string> {
  const caps = new Capabilities(
    opts.kubeVersion instanceof KubeVersion
      ? opts.kubeVersion
      : opts.kubeVersion
        ? KubeVersion.parse(opts.kubeVersion)
        : new KubeVersion('v1.20.0', '1', '20'),
    new VersionSet([...DEFAULT_API_VERSIONS, ...(opts.apiVersions ?? [])]),
    {Version: 'v3.21', GitCommit: '', GitTreeState: '', GoVersion: ''},
  )
  const coalesced = coalesceValues(chart, values)
  const invalid = validateChartValues(chart, coalesced)
  if (invalid) {
    const msg = `values don't meet the specifications of the schema(s) in the following chart(s):\n${invalid}`
    throw new TemplateError(msg, 'values.schema.json', 0, 0, 'exec')
  }
  const top: GoMap = {
    Chart: chart.metadata,
    Capabilities: caps,
    Release: {
      Name: opts.releaseName ?? '',
      Namespace: opts.namespace ?? '',
      IsUpgrade: opts.isUpgrade ?? false,
      IsInstall: !(opts.isUpgrade ?? false),
      Revision: BigInt(opts.revision ?? 1),
      Service: 'Helm',
    },
    Values: coalesced,
  }
  const tpls = new Map<string, Renderable>()
  collectTemplates(chart, top, tpls)
  const rendered = new Map<string, string>()
  for (const name of order) {
    const base = posix.basename(name)
    if (base.startsWith('_') || (base === 'NOTES.txt' && !opts.notes)) continue
    const r = tpls.get(name)!
    // All templates of a chart share one values map, as in Helm: a template may `set $ "Values" ...` for
    // the templates rendered after it (Istio's zzz_profile.yaml relies on this).
    r.vals.Template = {Name: name, BasePath: r.basePath}
    try {
      rendered.set(name, set.execute(name, r.vals).replaceAll('<no value>', ''))
    } catch (e) {
      if (e instanceof TemplateError) throw helmExecError(e)
      throw e
    }
  }
  return rendered
}

/**
 * Renders every template of a chart and its subcharts, like Helm's engine.Render: returns
 * `chartname/templates/file.yaml` → text (partials `_*` and NOTES.txt are not included; `<no value>` is
 * removed). `values` are user values, coalesced over the chart's values.yaml and checked against
 * values.schema.json. To render one chart many times, use {@link compileChart}.
 * @throws TemplateError worded as Helm words it (`parse error at (...)`, `execution error at (...)`).
 */
export function renderChart(
  chartOrDir: Chart | string,
  values: GoMap = {},
  opts: RenderOptions = {},
): Map<string, string> {
  return compileChart(chartOrDir, {funcs: opts.funcs}).render(values, opts)
}

/** encoding/json's name for a decoded value's kind, as its "cannot unmarshal X" errors say. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (isGoMap(v)) return 'object'
  if (typeof v === 'string') return 'string'
  return typeof v === 'boolean' ? 'bool' : 'number'
}

/** The string sigs.k8s.io/yaml gives a YAML scalar decoded into a string field. */
function yamlScalarString(v: unknown): string {
  if (typeof v === 'number') return formatFloat(v, 'g', -1)
  if (v instanceof Int64) return String(v.v)
  return String(v)
}
