import {loadInputs, readTextFile, type InputProblem} from '../input/index.js'
import {MeshctlError, inputError} from '../errors.js'
import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import type {Analyzer} from './analyzer.js'
import {defaultResources, meshResources} from './defaults.js'
import type {Finding} from './finding.js'
import {K, SYNTHETIC_KINDS} from './kinds.js'
import {
  defaultMeshConfig,
  parseMeshConfig,
  parseMeshNetworks,
  type MeshConfig,
  type MeshNetworks,
} from './mesh.js'
import {ALL_MESSAGE_TYPES} from './messages.gen.js'
import {inputKinds, runAnalyzers, toFindings} from './runner.js'
import {discoverRemotes} from './remote-secrets.js'
import {resourcesFromCluster, resourcesFromInputs} from './sources.js'
import {ResourceStore} from './store.js'
import {kindKey, type KindRef, type Resource} from './resource.js'
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
  /** Mesh networks file (--meshNetworksFile); else the `meshNetworks` key of the cluster's mesh ConfigMap. */
  meshNetworksFile?: string
  /**
   * Remote clusters (--remote-contexts), by context name: their Services are compared with the primary
   * cluster's (services.MultiClusterServiceAnalyzer). One that cannot be read is reported once and skipped.
   * Undefined: found from the remote secrets in the Istio namespace, as istioctl does (remote-secrets.ts).
   */
  remotes?: readonly {name: string; client: KubeClient}[]
  /** How long reading the cluster(s) may take, in milliseconds (--timeout); 0 or undefined: no limit. */
  timeoutMs?: number
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

/** Reads a --meshConfigFile/--meshNetworksFile, as a bad-input error naming the flag when it cannot. */
async function readMeshFile<T>(file: string, flag: string, parse: (text: string) => T): Promise<T> {
  const text = await readTextFile(file, flag)
  try {
    return parse(text)
  } catch (err) {
    throw inputError(`${file}: ${(err as Error).message.split('\n')[0]} (${flag})`)
  }
}

/**
 * Reads the mesh config and mesh networks: the files given, else the cluster's mesh ConfigMap (`istio-<rev>`
 * for a revision, falling back to `istio`, which is all istioctl reads), else defaults.
 */
async function loadMesh(
  req: AnalyzeRequest,
  warnings: string[],
): Promise<{mesh: MeshConfig; networks?: MeshNetworks}> {
  let mesh = req.meshConfigFile
    ? await readMeshFile(req.meshConfigFile, '--meshConfigFile', (t) =>
        parseMeshConfig(t, req.istioNamespace),
      )
    : undefined
  let networks = req.meshNetworksFile
    ? await readMeshFile(req.meshNetworksFile, '--meshNetworksFile', parseMeshNetworks)
    : undefined
  if (req.kube && (!mesh || !networks)) {
    const names = req.revision && req.revision !== 'default' ? [`istio-${req.revision}`, 'istio'] : ['istio']
    for (const name of names) {
      const cm = await req.kube.get<KubeObject & {data?: Record<string, string>}>(
        {apiVersion: 'v1', kind: 'ConfigMap'},
        name,
        req.istioNamespace,
      )
      if (!cm) continue
      const parsed = <T>(key: string, parse: (t: string) => T): T | undefined => {
        if (cm.data?.[key] === undefined) return undefined
        try {
          return parse(cm.data[key])
        } catch (err) {
          warnings.push(
            `Warning: cannot parse ${key} in ConfigMap ${req.istioNamespace}/${name}: ${(err as Error).message}`,
          )
          return undefined
        }
      }
      mesh ??= parsed('mesh', (t) => parseMeshConfig(t, req.istioNamespace))
      networks ??= parsed('meshNetworks', parseMeshNetworks)
      break
    }
  }
  return {mesh: mesh ?? defaultMeshConfig(req.istioNamespace), networks}
}

/** Rejects with a MeshctlError saying `what` when `work` takes longer than `ms` (0: never). */
async function withDeadline<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (!ms) return work
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MeshctlError(what)), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Reads the Services of each remote cluster; a remote that fails is one warning and is left out. */
async function readRemotes(
  remotes: NonNullable<AnalyzeRequest['remotes']>,
  warnings: string[],
): Promise<Resource[]> {
  const out = await Promise.all(
    remotes.map(async ({name, client}) => {
      try {
        const read = await resourcesFromCluster(client, [K.Service], {cluster: name})
        if (read.forbidden.length + read.missing.length === 0) return read.resources
        warnings.push(`Warning: remote cluster ${name}: not allowed to list Services; analysed without it`)
      } catch (err) {
        const why = (err as Error).message.split('\n')[0]
        warnings.push(`Warning: remote cluster ${name} cannot be read (${why}); analysed without it`)
      }
      return []
    }),
  )
  return out.flat()
}

/** The remote clusters' Services: of --remote-contexts, else of the clusters the remote secrets name. */
async function remoteServices(
  req: AnalyzeRequest,
  kube: KubeClient,
  warnings: string[],
): Promise<Resource[]> {
  const remotes = req.remotes ?? (await discoverRemotes(kube, req.istioNamespace, warnings))
  return remotes.length > 0 ? readRemotes(remotes, warnings) : []
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
  // --timeout bounds everything read from the cluster(s): the mesh ConfigMap, then the lists
  const started = Date.now()
  const left = () => (req.timeoutMs ? Math.max(1, req.timeoutMs - (Date.now() - started)) : 0)
  const what = `reading the cluster (${req.kube?.server}) took longer than --timeout ${(req.timeoutMs ?? 0) / 1000}s`
  const {mesh, networks} = await withDeadline(loadMesh(req, warnings), req.kube ? left() : 0, what)
  const store = new ResourceStore()
  for (const r of meshResources(mesh, networks, req.istioNamespace)) store.add(r)

  // Kinds the sources vouch for: what the cluster serves; offline, Istio kinds and workload kinds that
  // files define only when present (see RUNTIME_KINDS), like istioctl, so absent Services are not "missing".
  let unserved: Set<string> | undefined
  if (req.kube) {
    const kinds = inputKinds(req.analyzers)
    // Namespaces are needed to tell whether the analysed namespace exists and for injection checks.
    if (!kinds.includes(K.Namespace)) kinds.push(K.Namespace)
    // Analyzers read only Istio's ConfigMaps (injector, mesh), which live in the Istio namespace: never
    // LIST every ConfigMap of the cluster (istio/istio#46563, 12k Helm ConfigMaps).
    const onlyIn = new Map([[K.ConfigMap, req.istioNamespace]])
    const keep = new Map([[K.ConfigMap, (o: KubeObject) => (o.metadata.name ?? '').startsWith('istio')]])
    const reading = Promise.all([
      resourcesFromCluster(req.kube, kinds, {onlyIn, keep}),
      kinds.includes(K.Service) ? remoteServices(req, req.kube, warnings) : [],
    ])
    const [{resources, missing, forbidden}, remote] = await withDeadline(reading, left(), what)
    // Every kind forbidden (or not served): nothing of the cluster was read, which must not pass for a
    // clean cluster.
    const listed = kinds.filter((k) => !SYNTHETIC_KINDS.includes(k)).length
    if (forbidden.length > 0 && forbidden.length + missing.length === listed)
      throw new MeshctlError(
        `cannot analyze the cluster: not allowed to list any of the ${forbidden.length} kinds analyze reads (RBAC)`,
      )
    for (const r of resources) store.add(r)
    for (const r of remote) store.add(r)
    for (const k of missing)
      if (k.group) warnings.push(`Note: the cluster does not serve ${k.kind}.${k.group}; skipped it`)
    for (const k of forbidden)
      warnings.push(`Warning: not allowed to list ${k.kind} (RBAC); analyzers that need it are skipped`)
    unserved = new Set([...missing, ...forbidden].map(kindKey))
  } else {
    for (const r of defaultResources(mesh, req.istioNamespace)) store.add(r)
  }

  const loaded = await loadInputs(req.paths, {recursive: req.recursive, readStdin: req.readStdin})
  const fromFiles = resourcesFromInputs(loaded.objects, req.fileNamespace ?? req.namespace)
  for (const r of fromFiles) store.add(r)
  const inFiles = new Set(fromFiles.map((r) => kindKey(r.kind)))
  const available = unserved
    ? (k: KindRef) => !unserved.has(kindKey(k))
    : (k: KindRef) => !RUNTIME_KINDS.has(kindKey(k)) || inFiles.has(kindKey(k))

  const run = runAnalyzers({
    store,
    analyzers: req.analyzers,
    mesh,
    istioNamespace: req.istioNamespace,
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
