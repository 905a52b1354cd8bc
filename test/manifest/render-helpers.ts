/** Helpers shared by the render tests: running meshctl's generate and normalising manifests for comparison. */
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {COMPONENTS, componentSpecs} from '../../src/lib/manifest/components.js'
import {MeshctlError} from '../../src/lib/errors.js'
import {
  generateManifest,
  resolveIstioOperator,
  type GenerateOptions,
  type GenerateResult,
} from '../../src/lib/manifest/generate.js'
import {marshalYaml, parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import type {ChartRenderer} from '../../src/lib/manifest/helm.js'
import {formatDocument, formatManifest} from '../../src/lib/manifest/output.js'
import {defaultChartRenderer} from '../../src/lib/manifest/renderer.js'
import {getPath, isTree, type Tree} from '../../src/lib/manifest/values.js'

// Under mutation of the `manifest`, `manifest-unit` and `manifest-pipeline` modules, chart renders are memoised
// per test process: Stryker reruns the suites once per mutant in the same process, and rendering Istio's charts
// with the template engine (not mutated in that run) is most of each test's time. The key is everything the
// renderer sees, so a mutant upstream of it (values, merge, profiles, components) that changes the values
// misses the cache and renders afresh; one downstream (helm.ts's parsing, postprocess, output) reuses the
// render of the unmutated code, which is what the engine would give it. renderer.ts and known-documents.ts
// (what the render calls into) are mutated in `manifest-render` instead, without the cache.
const MEMOISE_RENDERS = ['manifest', 'manifest-unit', 'manifest-pipeline'].includes(
  process.env.MESHCTL_MUTATION_MODULE ?? '',
)
const renders = new Map<string, {out: ReturnType<ChartRenderer>} | {error: unknown}>()

/**
 * JSON with map keys sorted (the charts see maps without order: Go templates range over sorted keys), and what
 * JSON.stringify would lose or merge spelt out (bigint, undefined, NaN, ±Infinity, -0).
 */
function renderKey(...parts: unknown[]): string {
  return JSON.stringify(parts, (_k, v: unknown) => {
    if (
      typeof v === 'bigint' ||
      v === undefined ||
      (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
    )
      return `\u0000${typeof v}:${Object.is(v, -0) ? '-0' : String(v)}`
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, (v as Record<string, unknown>)[k]]),
    )
  })
}

/** defaultChartRenderer, memoised (its errors too) by chart directory, values and options: only under mutation. */
const memoisedRenderer: ChartRenderer = (chartDir, values, opts) => {
  const key = renderKey(chartDir, values, opts)
  let r = renders.get(key)
  if (r === undefined) {
    try {
      r = {out: defaultChartRenderer(chartDir, values, opts)}
    } catch (error) {
      r = {error}
    }
    renders.set(key, r)
  }
  if ('error' in r) throw r.error
  return r.out
}

/** generateManifest; under mutation of `manifest`, with renders memoised (above) unless a renderer is given. */
export function generate(opts: GenerateOptions): Promise<GenerateResult> {
  return generateManifest(MEMOISE_RENDERS ? {renderer: memoisedRenderer, ...opts} : opts)
}

/** generateManifest, or undefined when chart rendering is not available yet (the template engine). */
export async function tryGenerate(opts: GenerateOptions): Promise<GenerateResult | undefined> {
  try {
    return await generate(opts)
  } catch (e) {
    if (e instanceof MeshctlError && /chart rendering is not available/.test(e.message)) return undefined
    throw e
  }
}

/** `manifest generate` flags as library options (`-f` files are read). */
export function argsToOptions(args: string[]): GenerateOptions {
  const sets: string[] = []
  const files: Array<{name: string; text: string}> = []
  let revision = ''
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--set') sets.push(args[++i]!)
    else if (args[i] === '-r') revision = args[++i]!
    else if (args[i] === '-f') files.push({name: args[++i]!, text: readFileSync(args[i]!, 'utf8')})
  }
  return {sets, revision, files}
}

/** Every object of a manifest stream, re-marshalled and sorted: equal strings mean equal object sets. */
export function sortedDocuments(text: string): string[] {
  return parseYamlDocuments(text)
    .filter(isTree)
    .map((d) => marshalYaml(d))
    .sort()
}

/**
 * `fn`, memoised per process by its text argument under mutation testing: for what tests make of istioctl's
 * output, the same for each mutant (parsing a whole manifest again costs more than meshctl's side).
 */
export function memoUnderMutation<T>(fn: (text: string) => T): (text: string) => T {
  if (process.env.MESHCTL_MUTATION_MODULE === undefined) return fn
  const memo = new Map<string, T>()
  return (text) => {
    if (!memo.has(text)) memo.set(text, fn(text))
    return memo.get(text)!
  }
}

/** {@link sortedDocuments} of istioctl's output (memoised under mutation). */
export const referenceDocuments = memoUnderMutation(sortedDocuments)

/**
 * The same for meshctl's result, without addons. Under mutation testing each object is written by itself
 * (formatDocument: a known document's text, else marshalYaml), without reading the whole stream back: the same
 * strings (go-yaml's output is a fixed point of read-then-write, known-documents.test.ts), at a fraction of
 * the cost of parsing a manifest of CRDs again for each mutant.
 */
export function sortedMeshctlDocuments(r: GenerateResult): string[] {
  const objects = r.objects.filter((o) => !o.component.startsWith('addon-'))
  if (process.env.MESHCTL_MUTATION_MODULE !== undefined)
    return objects.map((o) => formatDocument(o.object).slice(0, -'\n---\n'.length)).sort()
  return sortedDocuments(formatManifest(objects))
}

/** A reviewable summary of a render: objects (with their component) in output order, images, istiod env names. */
export function summarize(r: GenerateResult): string {
  const lines: string[] = ['# objects in output order: component kind [namespace/]name']
  const images = new Set<string>()
  for (const {component: c, object: o} of r.objects) {
    const ns = getPath(o, 'metadata.namespace')
    lines.push(
      `${c} ${String(o.kind)} ${typeof ns === 'string' ? ns + '/' : ''}${String(getPath(o, 'metadata.name'))}`,
    )
    collectImages(o, images)
  }
  lines.push('# images', ...[...images].sort())
  const istiod = r.objects.find((x) => x.object.kind === 'Deployment' && x.component === 'Pilot')
  const env = getPath(istiod?.object ?? {}, 'spec.template.spec.containers[0].env')
  if (Array.isArray(env)) lines.push('# istiod env', ...env.filter(isTree).map((e) => String(e.name)))
  return lines.join('\n') + '\n'
}

function collectImages(o: unknown, out: Set<string>): void {
  if (Array.isArray(o)) o.forEach((x) => collectImages(x, out))
  else if (isTree(o)) {
    for (const [k, v] of Object.entries(o as Tree)) {
      if (k === 'image' && typeof v === 'string' && !v.includes('{{')) out.add(v)
      else if (k !== 'data') collectImages(v, out)
    }
  }
}

/** The first chart a profile needs that meshctl's manifests/ does not have yet, if any. */
export function missingCharts(profile: string): string | undefined {
  const {merged, manifestsDir} = resolveIstioOperator({sets: [`profile=${profile}`]})
  for (const c of COMPONENTS) {
    if (componentSpecs(c, merged).length > 0 && !existsSync(path.join(manifestsDir, 'charts', c.chartDir)))
      return `charts/${c.chartDir}`
  }
  return undefined
}
