/**
 * Rendering one chart the way istioctl does (operator/pkg/helm): release `istio`, the component's namespace,
 * Kubernetes 1.32.0 capabilities, template outputs in sorted file order (NOTES `WARNING:` lines become
 * warnings), then the chart's `crds/` files by name; every output is split into documents and parsed.
 * @module
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {inputError} from '../errors.js'
import type {ServerVersion} from '../kube/client.js'
import {parseYamlDocuments, yamlInputError} from './goyaml.js'
import {knownDocument} from './known-documents.js'
import {getPath, isTree, type Tree} from './values.js'

/** The Kubernetes version charts see when no cluster is involved (istioctl MinK8SVersion). */
export const DEFAULT_KUBE_VERSION = '1.32.0'

/** Options for rendering one chart. */
export interface ChartRenderOptions {
  releaseName: string
  namespace: string
  /** `1.32.0`, or a cluster's version document, used as is (istioctl `--cluster-specific`). */
  kubeVersion: string | ServerVersion
}

/**
 * Renders a chart directory's templates with the given values: template path → rendered text.
 * The default implementation uses meshctl's template engine (src/lib/template).
 */
export type ChartRenderer = (
  chartDir: string,
  values: Tree,
  opts: ChartRenderOptions,
) => Promise<Map<string, string>> | Map<string, string>

/** Where the next line starting with `---` begins, looking from `from` (a line start); -1 if none. */
function nextSeparator(text: string, from: number): number {
  if (text.startsWith('---', from)) return from
  const i = text.indexOf('\n---', from)
  return i < 0 ? -1 : i + 1
}

/** Splits rendered text into documents at lines starting with `---` (istio yml.SplitString). */
export function splitDocuments(text: string): string[] {
  const parts: string[] = []
  let partStart = 0
  for (let sep = nextSeparator(text, 0); sep >= 0;) {
    parts.push(text.slice(partStart, sep))
    const nl = text.indexOf('\n', sep)
    partStart = nl < 0 ? text.length : nl + 1
    sep = nl < 0 ? -1 : nextSeparator(text, partStart)
  }
  parts.push(text.slice(partStart))
  return parts.map((p) => p.trim()).filter((p) => p.length > 0)
}

/**
 * Parses rendered documents, dropping those without a kind (empty templates, comments). Documents the
 * renderer's `toYaml` wrote come back without parsing, frozen (known-documents.ts).
 */
export function parseRendered(docs: string[], source: string): Tree[] {
  const out: Tree[] = []
  for (const d of docs) {
    const known = knownDocument(d)
    if (known) {
      out.push(known)
      continue
    }
    let parsed
    try {
      parsed = parseYamlDocuments(d)[0] ?? null
    } catch (e) {
      throw yamlInputError(source, e, 'rendered YAML does not parse')
    }
    if (!isTree(parsed) || typeof parsed.kind !== 'string' || parsed.kind === '') continue
    out.push(parsed)
  }
  return out
}

/** `WARNING: ` lines of a NOTES file. */
export function notesWarnings(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('WARNING: '))
    .map((l) => l.slice('WARNING: '.length))
}

function chartName(chartDir: string): string {
  const file = path.join(chartDir, 'Chart.yaml')
  if (!existsSync(file)) return ''
  const doc = parseYamlDocuments(readFileSync(file, 'utf8'))[0]
  return isTree(doc) && typeof doc.name === 'string' ? doc.name : ''
}

/** The chart's `crds/` files, sorted by name. */
function crdFiles(chartDir: string): string[] {
  const dir = path.join(chartDir, 'crds')
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return []
  return readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .map((f) => path.join('crds', f))
    .filter((f) => statSync(path.join(chartDir, f)).isFile())
    .sort()
}

/** Result of rendering one chart. */
export interface ChartOutput {
  objects: Tree[]
  warnings: string[]
}

/** Renders one chart into parsed objects, in istioctl's order. */
export async function renderChartObjects(
  renderer: ChartRenderer,
  chartDir: string,
  values: Tree,
  opts: ChartRenderOptions,
): Promise<ChartOutput> {
  if (!existsSync(chartDir)) throw inputError(`load chart: component does not exist: ${chartDir}`)
  const files = await renderer(chartDir, values, opts)
  const warnings: string[] = []
  const keys: string[] = []
  for (const [k, v] of files) {
    if (k.endsWith('.txt')) warnings.push(...notesWarnings(v))
    else keys.push(k)
  }
  keys.sort()
  const objects: Tree[] = []
  for (const k of keys) objects.push(...parseRendered(splitDocuments(files.get(k)!), k))
  let crds = crdFiles(chartDir)
  if (chartName(chartDir) === 'base' && getPath(values, 'base.enableIstioConfigCRDs') === false) crds = []
  for (const f of crds)
    objects.push(...parseRendered(splitDocuments(readFileSync(path.join(chartDir, f), 'utf8')), f))
  return {objects, warnings}
}
