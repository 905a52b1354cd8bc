/**
 * `manifest generate` as a library: inputs → merged IstioOperator → validation → one chart render per
 * enabled component → istioctl's post-processing → meshctl's addons → ordered objects.
 * @module
 */
import path from 'node:path'
import {MeshctlError, inputError} from '../errors.js'
import {ExitCode} from '../command/exit-codes.js'
import {loadAddons, takeAddonSelection, type AddonSelection} from './addons.js'
import {cniIncompatibilities, type ClusterFacts} from './cluster.js'
import {COMPONENTS, componentSpecs, componentValues} from './components.js'
import {DEFAULT_KUBE_VERSION, renderChartObjects, type ChartRenderer} from './helm.js'
import {applyUnvalidatedValues, mergeInputs, type InputFile} from './merge.js'
import {orderObjects, type RenderedObject} from './output.js'
import {postProcess} from './postprocess.js'
import {defaultManifestsDir} from './profiles.js'
import {defaultChartRenderer} from './renderer.js'
import {
  componentConversionProblem,
  findingLocator,
  fromSetFlag,
  validateIstioOperator,
  type FieldFinding,
} from './validate.js'
import {getString, getTree, type Tree} from './values.js'

/** Inputs of a generate run (the command's flags). */
export interface GenerateOptions {
  /** `-f` files, in order. */
  files?: InputFile[]
  /** `--set` flags, in order. */
  sets?: string[]
  /** `-d/--manifests`: a charts + profiles directory (default: meshctl's own). */
  manifestsDir?: string
  /** `-r/--revision`. */
  revision?: string
  /** `--force`: report validation errors as warnings and go on. */
  force?: boolean
  /** Kubernetes version the charts see. */
  kubeVersion?: string
  /** Chart renderer (default: meshctl's template engine). */
  renderer?: ChartRenderer
  /** Hub/tag applied under the user's inputs (default docker.io/istio, 1.30.3); null for the profile's own. */
  hubTag?: {hub: string; tag: string} | null
  /** What was read from the cluster (`--cluster-specific`): detected settings, CNI checks, kube version. */
  cluster?: ClusterFacts
}

/** What a generate run produced. */
export interface GenerateResult {
  /** Ordered objects. */
  objects: RenderedObject[]
  /** The merged IstioOperator the charts were rendered from. */
  merged: Tree
  /** Validation warnings and chart NOTES warnings. */
  warnings: string[]
  /** Component order used for grouping (components, then addons). */
  componentOrder: string[]
}

/** istioctl's flag aliases: `-d` → installPackagePath, `-r` → revision (not for "default"). */
export function flagAliases(sets: string[], manifestsDir?: string, revision?: string): string[] {
  const out = [...sets]
  if (manifestsDir) out.push(`installPackagePath=${manifestsDir}`)
  if (revision && revision !== 'default') out.push(`revision=${revision}`)
  return out
}

/** A finding caused by a `--set` flag is a usage error (64); anything from files is bad input (65), named FILE:LINE. */
function findingError(
  findings: FieldFinding[],
  sets: string[],
  locate: (f: FieldFinding) => string,
): MeshctlError {
  const fromSet = findings.some((f) => fromSetFlag(f, sets))
  const [first, ...rest] = findings.map(locate)
  return new MeshctlError(first!, {exitCode: fromSet ? ExitCode.USAGE : ExitCode.BAD_INPUT, hints: rest})
}

/** A merged, validated IstioOperator and what goes with it. */
export interface ResolvedIstioOperator {
  /** The IstioOperator tree the charts are rendered from (addon settings taken out). */
  merged: Tree
  /** The charts + profiles directory in use. */
  manifestsDir: string
  /** meshctl addons switched on. */
  addons: AddonSelection
  /** Validation warnings (and errors, when forced). */
  warnings: string[]
}

/** Merges and validates inputs: the IstioOperator that would be rendered, plus addon selection and warnings. */
export function resolveIstioOperator(opts: GenerateOptions): ResolvedIstioOperator {
  const sets = flagAliases(opts.sets ?? [], opts.manifestsDir, opts.revision)
  const fallbackDir = defaultManifestsDir()
  const merged = mergeInputs({
    files: opts.files,
    sets,
    manifestsDir: fallbackDir,
    hubTag: opts.hubTag,
    detected: opts.cluster?.settings,
  })
  const manifestsDir = getString(merged, 'spec.installPackagePath') || fallbackDir
  const {selection, errors: addonErrors} = takeAddonSelection(
    merged,
    getString(merged, 'spec.profile'),
    manifestsDir,
  )
  const {errors, warnings} = validateIstioOperator(merged)
  const allErrors = [...addonErrors, ...errors]
  const locate = findingLocator(opts.files ?? [], sets)
  // As istioctl: what the cluster's CNI configuration conflicts with comes first.
  const warningTexts = [
    ...(opts.cluster ? cniIncompatibilities(merged, opts.cluster.cni) : []),
    // meshctl's own warnings about meshConfig fields name FILE:LINE, as errors do; istioctl's keep its words.
    ...warnings.map((w) => (/^(values\.)?meshConfig\./.test(w.path) ? locate(w) : w.message)),
  ]
  if (allErrors.length > 0) {
    if (!opts.force) throw findingError(allErrors, sets, locate)
    warningTexts.unshift(
      `spec invalid; continuing because of --force: ${allErrors.map((e) => e.message).join(', ')}`,
    )
  }
  // istioctl reads the cluster's version again after validation, and fails there if it cannot.
  if (opts.cluster?.version instanceof Error) throw opts.cluster.version
  applyUnvalidatedValues(merged)
  return {merged, manifestsDir, addons: selection, warnings: warningTexts}
}

/** Renders every enabled component (and addon) into ordered objects. */
export async function generateManifest(opts: GenerateOptions): Promise<GenerateResult> {
  const {merged, manifestsDir, addons, warnings} = resolveIstioOperator(opts)
  const renderer = opts.renderer ?? defaultChartRenderer
  const clusterVersion = opts.cluster?.version instanceof Error ? undefined : opts.cluster?.version
  const objects: RenderedObject[] = []
  for (const c of COMPONENTS) {
    const problem = componentConversionProblem(c, merged)
    if (problem) throw inputError(problem)
    for (const spec of componentSpecs(c, merged)) {
      const values = componentValues(c, spec, merged)
      const chartDir = path.join(manifestsDir, 'charts', c.chartDir)
      const out = await renderChartObjects(renderer, chartDir, getTree(values, 'spec.values') ?? {}, {
        releaseName: 'istio',
        namespace: spec.namespace,
        kubeVersion: clusterVersion ?? opts.kubeVersion ?? DEFAULT_KUBE_VERSION,
      }).catch((e: unknown) => {
        if (e instanceof MeshctlError) throw e
        throw inputError(`helm render of ${c.name} (${chartDir}): ${(e as Error).message}`)
      })
      warnings.push(...out.warnings)
      for (const o of postProcess(c, spec, out.objects, values, (w) => warnings.push(w))) {
        objects.push({component: c.name, object: o})
      }
    }
  }
  for (const {addon, objects: objs} of loadAddons(manifestsDir, addons)) {
    for (const o of objs) objects.push({component: `addon-${addon}`, object: o})
  }
  const componentOrder = [
    ...COMPONENTS.map((c) => c.name as string),
    ...addons.enabled.map((a) => `addon-${a}`),
  ]
  return {objects: orderObjects(objects, componentOrder), merged, warnings, componentOrder}
}
