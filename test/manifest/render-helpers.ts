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
import {formatManifest} from '../../src/lib/manifest/output.js'
import {getPath, isTree, type Tree} from '../../src/lib/manifest/values.js'

/** generateManifest, or undefined when chart rendering is not available yet (the template engine). */
export async function tryGenerate(opts: GenerateOptions): Promise<GenerateResult | undefined> {
  try {
    return await generateManifest(opts)
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

/** The same for meshctl's result, without addons. */
export function sortedMeshctlDocuments(r: GenerateResult): string[] {
  return sortedDocuments(formatManifest(r.objects.filter((o) => !o.component.startsWith('addon-'))))
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
