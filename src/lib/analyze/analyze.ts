import {loadInputs, readTextFile, type InputProblem} from '../input/index.js'
import {MeshctlError, inputError} from '../errors.js'
import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import type {Analyzer} from './analyzer.js'
import {defaultResources} from './defaults.js'
import type {Finding} from './finding.js'
import {K} from './kinds.js'
import {defaultMeshConfig, parseMeshConfig, type MeshConfig} from './mesh.js'
import {ALL_MESSAGE_TYPES} from './messages.gen.js'
import {inputKinds, runAnalyzers, toFindings} from './runner.js'
import {resourcesFromCluster, resourcesFromInputs} from './sources.js'
import {ResourceStore} from './store.js'
import {kindKey, type KindRef} from './resource.js'
import {parseSuppression, type Baseline, type Suppression} from './suppress.js'

/**
 * Kinds that describe running workloads rather than configuration: offline they are known only if the
 * files contain some (istioctl never reads them from files and skips analyzers that need them).
 */
const RUNTIME_KINDS = new Set([K.Service, K.Pod, K.Namespace, K.Node, K.Secret].map(kindKey))

/** Everything one analysis needs, already parsed from flags. */
export interface AnalyzeRequest {
  /** Files, directories and `-`. */
  paths: readonly string[]
  recursive?: boolean
  readStdin?: () => Promise<string>
  /** A cluster client when analysing the live cluster (`--use-kube`). */
  kube?: KubeClient
  /** The namespace analysed. */
  namespace: string
  /** The namespace given to namespaced file objects without one (default: `namespace`). */
  fileNamespace?: string
  allNamespaces?: boolean
  istioNamespace: string
  revision?: string
  meshConfigFile?: string
  analyzers: readonly Analyzer[]
  suppress?: readonly string[]
  baseline?: Baseline
}

export interface AnalyzeResult {
  /** Findings after namespace filtering, suppressions, sorting, de-duplication and the baseline. */
  findings: Finding[]
  /** Findings before the baseline (what `--write-baseline` records). */
  unbaselined: Finding[]
  /** Input files that could not be read or parsed, with file:line. */
  problems: InputProblem[]
  sources: string[]
  executed: string[]
  skipped: string[]
  /** Lines for stderr (unknown suppression codes, kinds the cluster does not serve). */
  warnings: string[]
}

/** Reads the mesh config: --meshConfigFile, else the cluster's `istio[-rev]` ConfigMap, else defaults. */
async function loadMesh(req: AnalyzeRequest, warnings: string[]): Promise<MeshConfig> {
  if (req.meshConfigFile) {
    const text = await readTextFile(req.meshConfigFile, '--meshConfigFile')
    try {
      return parseMeshConfig(text, req.istioNamespace)
    } catch (err) {
      throw inputError(`${req.meshConfigFile}: ${(err as Error).message.split('\n')[0]} (--meshConfigFile)`)
    }
  }
  if (req.kube) {
    const rev = req.revision && req.revision !== 'default' ? `istio-${req.revision}` : 'istio'
    const cm = await req.kube.get<KubeObject & {data?: Record<string, string>}>(
      {apiVersion: 'v1', kind: 'ConfigMap'},
      rev,
      req.istioNamespace,
    )
    if (cm?.data?.mesh !== undefined) {
      try {
        return parseMeshConfig(cm.data.mesh, req.istioNamespace)
      } catch (err) {
        warnings.push(
          `Warning: cannot parse mesh config in ConfigMap ${req.istioNamespace}/${rev}: ${(err as Error).message}`,
        )
      }
    }
  }
  return defaultMeshConfig(req.istioNamespace)
}

/** Parses `--suppress` values; unknown codes warn like istioctl (a malformed value throws). */
export function parseSuppressions(values: readonly string[], warnings: string[]): Suppression[] {
  return values.map((v) => {
    const s = parseSuppression(v)
    if (!s.code.includes('*') && !ALL_MESSAGE_TYPES.some((t) => t.code === s.code))
      warnings.push(
        `Warning: Supplied message code '${s.code}' is an unknown message code and will not have any effect.`,
      )
    return s
  })
}

/**
 * Runs an analysis: gathers resources (cluster first, then files, which override objects of the same
 * identity), runs the analyzers whose inputs are present and returns filtered findings.
 */
export async function analyze(req: AnalyzeRequest): Promise<AnalyzeResult> {
  const warnings: string[] = []
  const suppressions = parseSuppressions(req.suppress ?? [], warnings)
  const mesh = await loadMesh(req, warnings)
  const store = new ResourceStore()

  // Kinds the sources vouch for: what the cluster serves; offline, Istio kinds and workload kinds that
  // files define only when present (see RUNTIME_KINDS), like istioctl, so absent Services are not "missing".
  let available: (k: KindRef) => boolean = () => true
  if (req.kube) {
    const kinds = inputKinds(req.analyzers)
    // Namespaces are needed to tell whether the analysed namespace exists and for injection checks.
    if (!kinds.includes(K.Namespace)) kinds.push(K.Namespace)
    // Analyzers read only the injector ConfigMaps, which live in the Istio namespace: never LIST every
    // ConfigMap of the cluster (istio/istio#46563, 12k Helm ConfigMaps).
    const onlyIn = new Map([[K.ConfigMap, req.istioNamespace]])
    const {resources, missing, forbidden} = await resourcesFromCluster(req.kube, kinds, {onlyIn})
    // Every kind forbidden: nothing of the cluster was read, which must not pass for a clean cluster.
    if (forbidden.length === kinds.length)
      throw new MeshctlError(
        `cannot analyze the cluster: not allowed to list any of the ${kinds.length} kinds analyze reads (RBAC)`,
      )
    for (const r of resources) store.add(r)
    for (const k of missing)
      if (k.group) warnings.push(`Note: the cluster does not serve ${k.kind}.${k.group}; skipped it`)
    for (const k of forbidden)
      warnings.push(`Warning: not allowed to list ${k.kind} (RBAC); analyzers that need it are skipped`)
    const unserved = new Set([...missing, ...forbidden].map(kindKey))
    available = (k) => !unserved.has(kindKey(k))
  } else {
    for (const r of defaultResources(mesh, req.istioNamespace)) store.add(r)
  }

  const loaded = await loadInputs(req.paths, {recursive: req.recursive, readStdin: req.readStdin})
  const fromFiles = resourcesFromInputs(loaded.objects, req.fileNamespace ?? req.namespace)
  for (const r of fromFiles) store.add(r)
  if (!req.kube) {
    const inFiles = new Set(fromFiles.map((r) => kindKey(r.kind)))
    available = (k) => !RUNTIME_KINDS.has(kindKey(k)) || inFiles.has(kindKey(k))
  }

  const run = runAnalyzers({
    store,
    analyzers: req.analyzers,
    mesh,
    istioNamespace: req.istioNamespace,
    revision: req.revision,
    available,
  })
  const opts = {namespaces: req.allNamespaces ? undefined : new Set([req.namespace]), suppressions}
  const unbaselined = toFindings(run.messages, opts)
  const findings = req.baseline ? toFindings(run.messages, {...opts, baseline: req.baseline}) : unbaselined
  return {
    findings,
    unbaselined,
    problems: loaded.problems,
    sources: loaded.sources,
    executed: run.executed,
    skipped: run.skipped,
    warnings,
  }
}
