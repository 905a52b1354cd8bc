/**
 * istiod's sidecar injection for one pod (pkg/kube/inject injectPod): decide whether to inject, render the
 * selected templates over the pod, strategic-merge them in, re-apply the user's container overrides,
 * then post-process (cluster env, Prometheus merge, probe rewriting, status annotation, container order).
 * Pods are plain JSON objects `{metadata, spec}`; nothing here touches files or the cluster.
 * @module
 */
import {isIP} from 'node:net'
import {strategicMergePatch} from '../kube/strategic-merge.js'
import {goStruct, TemplateError, type TemplateSet} from '../template/index.js'
import {checkMeshConfig, proxyConfig as proxySchema} from '../api/mesh.js'
import {kubeStruct} from './goview.js'
import {containerGoJson} from './gojson.js'
import {mergeProxyConfig, meshConfigView, proxyConfigView, type JsonMap} from './proto.js'
import {canonicalQuantity} from './quantity.js'
import type {ProxyConfigResource} from './proxyconfig.js'
import {parseRenderedYaml} from './fastyaml.js'
import {dumpAppProbers, rewriteProbes, shouldRewriteProbes} from './probes.js'
import {jsonClone} from '../json.js'

export type Pod = {metadata: JsonMap; spec: JsonMap}
export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: {key: string; operator: string; values?: string[]}[]
}

/** The `config` key of the istio-sidecar-injector ConfigMap, parsed. */
export interface InjectorConfig {
  policy: string
  defaultTemplates: string[]
  aliases: Record<string, string[]>
  neverInjectSelector: LabelSelector[]
  alwaysInjectSelector: LabelSelector[]
  injectedAnnotations: Record<string, string>
  /** One parsed set per template name (istiod parses each template on its own). */
  templates: Map<string, TemplateSet>
}

/** Everything an injection needs besides the pod. */
export interface InjectSettings {
  config: InjectorConfig
  /** The `values` key of the injector ConfigMap. */
  values: JsonMap
  /** The mesh config, istiod's defaults applied. */
  mesh: JsonMap
  revision: string
  nativeSidecars: boolean
  /** ProxyConfig resources read from the cluster (none offline). */
  proxyConfigs?: ProxyConfigResource[]
}

/** One pod to inject and the workload it belongs to. */
export interface InjectRequest {
  pod: Pod
  deployMeta: {name: string; namespace: string}
  typeMeta: {kind: string; apiVersion: string}
  /** The effective proxy config (mesh default, ProxyConfig resources, annotation). */
  proxyConfig: JsonMap
  /** The mesh config the post-processing reads (kube-inject folds the pod's proxy config into it). */
  meshConfig: JsonMap
  /** Env overrides from the webhook URL path (cluster, network). */
  proxyEnvs?: Record<string, string>
}

export class InjectionError extends Error {
  constructor(
    message: string,
    readonly template?: TemplateError,
  ) {
    super(message)
    this.name = 'InjectionError'
  }
}

export const PROXY = 'istio-proxy'
const VALIDATION = 'istio-validation'
const INIT = 'istio-init'
const CORE_DUMP = 'enable-core-dump'
export const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']
export const A = {
  inject: 'sidecar.istio.io/inject',
  status: 'sidecar.istio.io/status',
  overrides: 'proxy.istio.io/overrides',
  proxyConfig: 'proxy.istio.io/config',
  templates: 'inject.istio.io/templates',
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  nativeSidecar: 'sidecar.istio.io/nativeSidecar',
  proxyImageType: 'sidecar.istio.io/proxyImageType',
  mergeMetrics: 'prometheus.istio.io/merge-metrics',
  network: 'topology.istio.io/network',
}

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)
const clone = jsonClone
const annotationsOf = (m: JsonMap): Record<string, string> =>
  (isMap(m.annotations) ? m.annotations : {}) as Record<string, string>
const labelsOf = (m: JsonMap): Record<string, string> =>
  (isMap(m.labels) ? m.labels : {}) as Record<string, string>
const containersOf = (spec: JsonMap, key: 'containers' | 'initContainers'): JsonMap[] =>
  Array.isArray(spec[key]) ? (spec[key] as JsonMap[]) : []
const findContainer = (name: string, list: JsonMap[]) => list.find((c) => c.name === name)
const findInPod = (name: string, pod: Pod) =>
  findContainer(name, containersOf(pod.spec, 'containers')) ??
  findContainer(name, containersOf(pod.spec, 'initContainers'))

// ---------------------------------------------------------------------------------------------------
// Whether to inject

/** metav1.LabelSelectorAsSelector(...).Matches(labels); an empty selector matches nothing here. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean | 'empty' {
  const ml = Object.entries(sel.matchLabels ?? {})
  const me = sel.matchExpressions ?? []
  if (ml.length === 0 && me.length === 0) return 'empty'
  for (const [k, v] of ml) if (labels[k] !== v) return false
  for (const e of me) {
    const has = Object.hasOwn(labels, e.key)
    const vals = e.values ?? []
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(labels[e.key])) return false
        break
      case 'NotIn':
        if (has && vals.includes(labels[e.key])) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        return false
    }
  }
  return true
}

/** injectRequired: hostNetwork, system namespaces, the label/annotation, selectors, then the policy. */
export function injectRequired(
  config: Pick<InjectorConfig, 'policy' | 'neverInjectSelector' | 'alwaysInjectSelector'>,
  pod: Pod,
  warn: (msg: string) => void = () => {},
): boolean {
  if (pod.spec.hostNetwork === true) return false
  const ns = typeof pod.metadata.namespace === 'string' ? pod.metadata.namespace : ''
  if (IGNORED_NAMESPACES.includes(ns)) return false
  const labels = labelsOf(pod.metadata)
  let selector = annotationsOf(pod.metadata)[A.inject] ?? ''
  if (Object.hasOwn(labels, A.inject)) selector = labels[A.inject]
  let useDefault = false
  let inject = false
  if (selector === 'true') inject = true
  else if (selector === 'false') inject = false
  else {
    if (selector !== '')
      warn(
        `Invalid value for ${A.inject}: "${selector}". Only 'true' and 'false' are accepted. Falling back to default injection policy.`,
      )
    useDefault = true
  }
  for (const [list, value] of [
    [config.neverInjectSelector, false],
    [config.alwaysInjectSelector, true],
  ] as const) {
    if (!useDefault) break
    for (const sel of list ?? []) {
      if (selectorMatches(sel, labels) === true) {
        inject = value
        useDefault = false
        break
      }
    }
  }
  switch (config.policy) {
    case 'disabled':
      return useDefault ? false : inject
    case 'enabled':
      return useDefault ? true : inject
    default:
      return false
  }
}

// ---------------------------------------------------------------------------------------------------
// Annotation validation (validate.go)

const parsePort = (s: string): boolean => /^\d+$/.test(s.trim()) && Number(s.trim()) <= 65535
const portList = (s: string): string | undefined => {
  if (s.trim() === '') return undefined
  for (const p of s.trim().split(',')) if (!parsePort(p)) return `failed parsing port '${p}'`
  return undefined
}
const cidrList = (s: string): string | undefined => {
  if (s === '') return undefined
  for (const c of s.split(',')) {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(c)
    const v = m ? isIP(m[1]) : 0
    if (!m || v === 0 || Number(m[2]) > (v === 4 ? 32 : 128)) return `failed parsing cidr '${c}'`
  }
  return undefined
}
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/
const BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']

const ANNOTATION_CHECKS: Record<string, (v: string) => string | undefined> = {
  'sidecar.istio.io/interceptionMode': (v) =>
    ['REDIRECT', 'TPROXY', 'NONE'].includes(v)
      ? undefined
      : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`,
  'status.sidecar.istio.io/port': (v) =>
    parsePort(v) ? undefined : `excludeInboundPorts invalid: failed parsing port '${v}'`,
  'readiness.status.sidecar.istio.io/initialDelaySeconds': uint32,
  'readiness.status.sidecar.istio.io/periodSeconds': uint32,
  'readiness.status.sidecar.istio.io/failureThreshold': uint32,
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) =>
    v === '*' ? undefined : prefixed('includeIPRanges invalid', cidrList(v)),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => prefixed('excludeIPRanges invalid', cidrList(v)),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) =>
    v === '*' ? undefined : prefixed('includeInboundPorts invalid', portList(v)),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => prefixed('excludeInboundPorts invalid', portList(v)),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) =>
    prefixed('excludeOutboundPorts invalid', portList(v)),
  'traffic.sidecar.istio.io/excludeInterfaces': interfaces,
  'traffic.sidecar.istio.io/kubevirtInterfaces': interfaces,
  'istio.io/reroute-virtual-interfaces': interfaces,
  'prometheus.istio.io/merge-metrics': (v) => (BOOLS.includes(v) ? undefined : `invalid syntax`),
  'proxy.istio.io/config': (v) => proxyConfigProblem(v),
  'sidecar.istio.io/proxyCPU': quantity,
  'sidecar.istio.io/proxyMemory': quantity,
  'sidecar.istio.io/proxyCPULimit': quantity,
  'sidecar.istio.io/proxyMemoryLimit': quantity,
}
function uint32(v: string): string | undefined {
  return /^\d+$/.test(v) && Number(v) <= 4294967295 ? undefined : `invalid syntax`
}
function prefixed(prefix: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${prefix}: ${problem}`
}
function interfaces(v: string): string | undefined {
  for (const n of v.split(',')) {
    const name = n.trim()
    if (name === '') continue
    if (name.length > 15 || /[\s/:]/.test(name)) return `invalid interface name: ${name}`
  }
  return undefined
}
function quantity(v: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return 'value contains control characters'
  return QUANTITY.test(v) ? undefined : 'quantities must match the regular expression'
}

/** Parses a `proxy.istio.io/config` value (YAML or JSON) as a ProxyConfig. */
export function parseProxyConfig(text: string): JsonMap {
  const v = parseRenderedYaml(text)
  if (v === null || v === undefined) return {}
  if (!isMap(v)) throw new Error('proxy config is not a map')
  return v
}

function proxyConfigProblem(text: string): string | undefined {
  let pc: JsonMap
  try {
    pc = parseProxyConfig(text)
  } catch (e) {
    return `failed to convert to apply proxy config: ${(e as Error).message}`
  }
  const {errors} = checkMeshConfig(pc, 'proxyConfig', proxySchema)
  return errors.length ? errors.map((e) => e.message).join('; ') : undefined
}

/** validateAnnotations: every Istio annotation whose value is malformed. */
export function annotationProblems(annotations: Record<string, string>): string[] {
  const out: string[] = []
  for (const [name, value] of Object.entries(annotations)) {
    const check = ANNOTATION_CHECKS[name]
    const problem = check?.(String(value))
    if (problem !== undefined) out.push(`invalid value '${value}' for annotation '${name}': ${problem}`)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// Template data

interface Status {
  initContainers: string[] | null
  containers: string[] | null
  volumes: string[] | null
  imagePullSecrets: string[] | null
  revision: string
}

function parseStatus(text: string | undefined): Partial<Status> | undefined {
  if (text === undefined) return undefined
  try {
    const v = JSON.parse(text) as unknown
    return isMap(v) ? (v as Partial<Status>) : undefined
  } catch {
    return undefined
  }
}

const PROM = {scrape: 'prometheus_io_scrape', port: 'prometheus_io_port', path: 'prometheus_io_path'}
const sanitize = (k: string) => k.replace(/[^a-zA-Z0-9_]/g, '_')

function prometheusPort(pod: Pod): string | undefined {
  for (const [k, v] of Object.entries(annotationsOf(pod.metadata))) if (sanitize(k) === PROM.port) return v
  return undefined
}
function clearPrometheus(pod: Pod): void {
  const ann = annotationsOf(pod.metadata)
  for (const k of Object.keys(ann)) if (Object.values(PROM).includes(sanitize(k))) delete ann[k]
}

/** stripPod: a previously injected pod loses what the last injection added, so injecting is idempotent. */
function stripPod(pod: Pod, statusPort: number): Pod {
  const status = parseStatus(annotationsOf(pod.metadata)[A.status])
  if (!status) return pod
  const out = clone(pod)
  for (const [key, names] of [
    ['containers', status.containers],
    ['initContainers', status.initContainers],
  ] as const) {
    if (!Array.isArray(out.spec[key])) continue
    for (const n of names ?? []) out.spec[key] = containersOf(out.spec, key).filter((c) => c.name !== n)
  }
  if (prometheusPort(out) === String(statusPort)) clearPrometheus(out)
  delete annotationsOf(out.metadata)[A.status]
  return out
}

function parseOverrides(pod: Pod): {containers: JsonMap[]; initContainers: JsonMap[]} {
  const text = annotationsOf(pod.metadata)[A.overrides]
  if (text === undefined) return {containers: [], initContainers: []}
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (e) {
    throw new InjectionError(`invalid ${A.overrides} annotation: ${(e as Error).message}`)
  }
  const m = isMap(v) ? v : {}
  return {
    containers: Array.isArray(m.containers) ? (m.containers as JsonMap[]) : [],
    initContainers: Array.isArray(m.initContainers) ? (m.initContainers as JsonMap[]) : [],
  }
}

/** reinsertOverrides: containers the user overrode come back before templates see the pod. */
function reinsertOverrides(pod: Pod): Pod {
  const o = parseOverrides(pod)
  if (o.containers.length === 0 && o.initContainers.length === 0) return pod
  const out = clone(pod)
  for (const key of ['containers', 'initContainers'] as const) {
    for (const c of o[key]) {
      if (findContainer(String(c.name), containersOf(out.spec, key))) continue
      out.spec[key] = [...containersOf(out.spec, key), clone(c)]
    }
  }
  return out
}

function get(v: unknown, ...path: string[]): unknown {
  let cur = v
  for (const p of path) cur = isMap(cur) ? cur[p] : undefined
  return cur
}

/** The proxy image (inject.ProxyImage): hub/name:tag, with the image type (variant) suffix. */
export function proxyImage(values: JsonMap, pc: JsonMap, annotations: Record<string, string>): string {
  const hub = String(get(values, 'global', 'hub') ?? '')
  const tagValue = get(values, 'global', 'tag')
  const tag = tagValue === undefined || tagValue === null ? '' : String(tagValue)
  let imageType = String(get(values, 'global', 'variant') ?? '')
  if (isMap(pc.image)) imageType = String(pc.image.imageType ?? '')
  const name = (get(values, 'global', 'proxy', 'image') as string | undefined) || 'proxyv2'
  if (Object.hasOwn(annotations, A.proxyImageType)) imageType = annotations[A.proxyImageType]
  return `${hub}/${name}:${imageTypeTag(tag, imageType)}`
}

function imageTypeTag(tag: string, type: string): string {
  if (type === '') return tag
  for (const t of ['distroless', 'debug'])
    if (tag.endsWith('-' + t)) {
      tag = tag.slice(0, -(t.length + 1))
      break
    }
  return type === 'default' ? tag : `${tag}-${type}`
}

function templateNames(settings: InjectSettings, pod: Pod): string[] {
  const a = annotationsOf(pod.metadata)[A.templates]
  const names = a !== undefined ? a.split(',').map((s) => s.trim()) : settings.config.defaultTemplates
  return names.flatMap((n) => settings.config.aliases[n] ?? [n])
}

const ZERO_DROPPED = new Set([
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
  'terminationGracePeriodSeconds',
])
const REQUIRED_STRINGS = new Set(['name', 'mountPath', 'fieldPath', 'resource'])

/**
 * What decoding a rendered template into a corev1.Pod and encoding it again does to the parts that
 * matter: empty `omitempty` fields vanish and resource quantities take their canonical form.
 */
function goTyped(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => goTyped(x))
  if (!isMap(v)) return v
  const out: JsonMap = {}
  for (const [k, x] of Object.entries(v)) {
    if (Array.isArray(x) && x.length === 0) continue
    if (x === 0 && ZERO_DROPPED.has(k)) continue
    if (x === '' && !REQUIRED_STRINGS.has(k)) continue
    if ((key === 'limits' || key === 'requests') && (typeof x === 'string' || typeof x === 'number')) {
      out[k] = canonicalQuantity(String(x))
      continue
    }
    out[k] = goTyped(x, k)
  }
  return out
}

const smp = (target: Pod, patch: unknown): Pod => {
  if (patch === null || patch === undefined) return target
  if (!isMap(patch))
    throw new InjectionError('failed applying injection overlay: the template did not render a map')
  try {
    const out = strategicMergePatch(target as unknown as JsonMap, patch, 'Pod') as unknown as Pod
    out.metadata = isMap(out.metadata) ? out.metadata : {}
    out.spec = isMap(out.spec) ? out.spec : {}
    return out
  } catch (e) {
    throw new InjectionError(`failed applying injection overlay: strategic merge: ${(e as Error).message}`)
  }
}

function moveContainer(pod: Pod, name: string): void {
  const c = findContainer(name, containersOf(pod.spec, 'containers'))
  if (!c) return
  pod.spec.containers = containersOf(pod.spec, 'containers').filter((x) => x !== c)
  pod.spec.initContainers = [...containersOf(pod.spec, 'initContainers'), c]
}

/** RunTemplate: the merged pod and the pod the templates alone produced. */
function runTemplates(settings: InjectSettings, req: InjectRequest, proxyEnvs: Record<string, string>) {
  const pod = req.pod
  const problems = annotationProblems(annotationsOf(pod.metadata))
  if (problems.length) throw new InjectionError(problems.join('; '))
  const values = settings.values
  let cluster = String(get(values, 'global', 'multiCluster', 'clusterName') ?? '')
  let network = String(get(values, 'global', 'network') ?? '')
  if (proxyEnvs.ISTIO_META_CLUSTER_ID) cluster = proxyEnvs.ISTIO_META_CLUSTER_ID
  if (proxyEnvs.ISTIO_META_NETWORK) network = proxyEnvs.ISTIO_META_NETWORK
  const labels = labelsOf(pod.metadata)
  if (Object.hasOwn(labels, A.network)) network = labels[A.network]
  if (cluster) proxyEnvs.ISTIO_META_CLUSTER_ID = cluster
  if (network) proxyEnvs.ISTIO_META_NETWORK = network

  const statusPort = Number(get(req.meshConfig, 'defaultConfig', 'statusPort') ?? 15020)
  const stripped = reinsertOverrides(stripPod(pod, statusPort))
  const inboundMode =
    get(req.meshConfig, 'inboundTrafficPolicy', 'mode') === 'LOCALHOST' ? 'localhost' : 'passthrough'
  const data = goStruct('*inject.SidecarTemplateData', {
    TypeMeta: goStruct('v1.TypeMeta', {Kind: req.typeMeta.kind, APIVersion: req.typeMeta.apiVersion}),
    DeploymentMeta: goStruct('types.NamespacedName', {
      Namespace: req.deployMeta.namespace,
      Name: req.deployMeta.name,
    }),
    ObjectMeta: kubeStruct('ObjectMeta', stripped.metadata),
    Spec: kubeStruct('PodSpec', stripped.spec),
    ProxyConfig: proxyConfigView(req.proxyConfig),
    MeshConfig: meshConfigView(req.meshConfig),
    Values: values,
    Revision: settings.revision,
    NativeSidecars: settings.nativeSidecars,
    ProxyImage: proxyImage(values, req.proxyConfig, annotationsOf(stripped.metadata)),
    ProxyUID: 1337n,
    ProxyGID: 1337n,
    InboundTrafficPolicyMode: inboundMode,
    CompliancePolicy: process.env.COMPLIANCE_POLICY ?? '',
  })

  let merged = pod
  let templatePod: Pod = {metadata: {}, spec: {}}
  for (const name of templateNames(settings, pod)) {
    const set = settings.config.templates.get(name)
    if (!set) {
      throw new InjectionError(
        `requested template "${name}" not found; have ${[...settings.config.templates.keys()].join(', ')}`,
      )
    }
    let text: string
    try {
      text = set.execute(name, data)
    } catch (e) {
      if (e instanceof TemplateError) throw new InjectionError(e.message, e)
      throw e
    }
    let overlay: unknown
    try {
      overlay = goTyped(parseRenderedYaml(text))
    } catch (e) {
      throw new InjectionError(
        `failed parsing generated injected YAML (check Istio sidecar injector configuration): template ${name}: ${(e as Error).message}`,
      )
    }
    templatePod = smp(templatePod, overlay)
    let native = settings.nativeSidecars
    const nativeAnn = annotationsOf(merged.metadata)[A.nativeSidecar]
    if (nativeAnn === 'true') native = true
    else if (nativeAnn === 'false') native = false
    if (
      native &&
      findContainer(PROXY, containersOf(templatePod.spec, 'initContainers')) &&
      findContainer(PROXY, containersOf(merged.spec, 'containers'))
    ) {
      if (merged === pod) merged = clone(merged) // smp's results are ours to change
      moveContainer(merged, PROXY)
    }
    merged = smp(merged, overlay)
  }
  return {merged, templatePod}
}

// ---------------------------------------------------------------------------------------------------
// After the templates

function reapplyOverwrittenContainers(final: Pod, original: Pod, templatePod: Pod, pc: JsonMap): Pod {
  const existing = parseOverrides(original)
  const statusText = annotationsOf(original.metadata)[A.status]
  const injected = statusText !== undefined ? (parseStatus(statusText) ?? {}) : {}
  const overrides: {containers: JsonMap[]; initContainers: JsonMap[]} = {containers: [], initContainers: []}
  for (const key of ['containers', 'initContainers'] as const) {
    for (const c of containersOf(templatePod.spec, key)) {
      const name = String(c.name)
      if ((injected[key] ?? []).includes(name)) continue
      const match =
        findContainer(name, existing[key]) ??
        (key === 'containers'
          ? findContainer(name, containersOf(original.spec, 'containers'))
          : findInPod(name, original))
      if (!match) continue
      const overlay = clone(match)
      if (overlay.image === 'auto') delete overlay.image
      overrides[key].push(overlay)
      final = smp(final, {spec: {[key]: [overlay]}})
    }
  }
  if (statusText === undefined && (overrides.containers.length || overrides.initContainers.length)) {
    const json: JsonMap = {}
    if (overrides.containers.length) json.containers = overrides.containers.map(containerGoJson)
    if (overrides.initContainers.length) json.initContainers = overrides.initContainers.map(containerGoJson)
    final.metadata.annotations = {...annotationsOf(final.metadata), [A.overrides]: JSON.stringify(json)}
  }
  adjustInitContainerUser(final, original, pc)
  return final
}

function adjustInitContainerUser(final: Pod, original: Pod, pc: JsonMap): void {
  const user = findInPod(PROXY, original)
  const sc = user?.securityContext as JsonMap | undefined
  if (!sc || (sc.runAsUser === undefined && sc.runAsGroup === undefined)) return
  const inits = containersOf(final.spec, 'initContainers')
  const init = findContainer(INIT, inits) ?? findContainer(VALIDATION, inits)
  if (!init) return
  const tproxy =
    pc.interceptionMode === 'TPROXY' || annotationsOf(final.metadata)[A.interceptionMode] === 'TPROXY'
  if (tproxy && sc.runAsUser !== undefined) {
    const sidecar = findInPod(PROXY, final)
    if (sidecar && isMap(sidecar.securityContext)) sidecar.securityContext.runAsUser = 0
  }
  if (!tproxy && init.name === VALIDATION) {
    const isc = (init.securityContext = isMap(init.securityContext) ? init.securityContext : {})
    if (sc.runAsUser !== undefined) isc.runAsUser = sc.runAsUser
    if (sc.runAsGroup !== undefined) isc.runAsGroup = sc.runAsGroup
  }
  if (sc.runAsUser === undefined || sc.runAsUser === 0 || sc.runAsUser === null) return
  const args = Array.isArray(init.args) ? (init.args as string[]) : []
  const i = args.indexOf('-u')
  if (i >= 0 && i + 1 < args.length) args[i + 1] = String(sc.runAsUser)
}

function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}

function applyPrometheusMerge(pod: Pod, mesh: JsonMap): void {
  const ann = annotationsOf(pod.metadata)
  let scrape = true
  for (const [k, v] of Object.entries(ann)) {
    if (sanitize(k) !== PROM.scrape) continue
    const b = parseBool(v)
    if (b !== undefined) {
      scrape = b
      break
    }
  }
  let enabled = (mesh.enablePrometheusMerge as boolean | undefined) ?? true
  if (Object.hasOwn(ann, A.mergeMetrics)) enabled = parseBool(ann[A.mergeMetrics]) ?? enabled
  if (!scrape || !enabled) return
  const target = String(get(mesh, 'defaultConfig', 'statusPort') ?? 15020)
  if (prometheusPort(pod) === target) return
  const cfg = {scrape: '', path: '', port: ''}
  for (const [k, v] of Object.entries(ann)) {
    const s = sanitize(k)
    if (s === PROM.port) cfg.port = v
    else if (s === PROM.scrape) cfg.scrape = v
    else if (s === PROM.path) cfg.path = v
  }
  const sidecar = findInPod(PROXY, pod)
  if (sidecar && (cfg.scrape || cfg.path || cfg.port)) {
    sidecar.env = [
      ...(Array.isArray(sidecar.env) ? sidecar.env : []),
      {name: 'ISTIO_PROMETHEUS_ANNOTATIONS', value: JSON.stringify(cfg)},
    ]
  }
  clearPrometheus(pod)
  ann['prometheus.io/port'] = target
  ann['prometheus.io/path'] = '/stats/prometheus'
  ann['prometheus.io/scrape'] = 'true'
}

function mergeOrAppendProbers(previouslyInjected: boolean, env: JsonMap[], probers: string): JsonMap[] {
  const entry = {name: 'ISTIO_KUBE_APP_PROBERS', value: probers}
  if (!previouslyInjected) return [...env, entry]
  const i = env.findIndex((e) => e.name === 'ISTIO_KUBE_APP_PROBERS')
  if (i < 0) return [...env, entry]
  let old: JsonMap
  let fresh: JsonMap
  try {
    old = JSON.parse(String(env[i].value)) as JsonMap
    fresh = JSON.parse(probers) as JsonMap
  } catch {
    return env
  }
  const merged: JsonMap = {...fresh, ...old}
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k]]),
  )
  const out = [...env]
  out[i] = {name: 'ISTIO_KUBE_APP_PROBERS', value: JSON.stringify(sorted)}
  return out
}

function applyRewrite(pod: Pod, settings: InjectSettings, mesh: JsonMap): void {
  const sidecar = findInPod(PROXY, pod)
  if (!sidecar) return
  const specSetting = get(settings.values, 'sidecarInjectorWebhook', 'rewriteAppHTTPProbe') === true
  if (!shouldRewriteProbes(annotationsOf(pod.metadata), specSetting)) return
  const statusPort = Number(get(mesh, 'defaultConfig', 'statusPort') ?? 15020)
  const probers = dumpAppProbers(pod, statusPort)
  if (probers !== '') {
    const previously = Object.hasOwn(annotationsOf(pod.metadata), A.status)
    sidecar.env = mergeOrAppendProbers(
      previously,
      Array.isArray(sidecar.env) ? (sidecar.env as JsonMap[]) : [],
      probers,
    )
  }
  rewriteProbes(pod, statusPort)
}

function injectionStatus(spec: JsonMap, revision: string): string {
  const names = (key: string): string[] | null => {
    const list = Array.isArray(spec[key]) ? (spec[key] as JsonMap[]) : []
    return list.length ? list.map((c) => String(c.name)) : null
  }
  const status: Status = {
    initContainers: names('initContainers'),
    containers: names('containers'),
    volumes: names('volumes'),
    imagePullSecrets: names('imagePullSecrets'),
    revision: revision || 'default',
  }
  return JSON.stringify(status)
}

type Reorder = 'first' | 'last'
function modify(list: JsonMap[], name: string, where: Reorder): JsonMap[] {
  const match = list.find((c) => c.name === name)
  if (!match) return list
  const rest = list.filter((c) => c.name !== name)
  return where === 'first' ? [match, ...rest] : [...rest, match]
}

function reorderPod(pod: Pod, original: Pod, settings: InjectSettings, mesh: JsonMap): void {
  let pc = (mesh.defaultConfig ?? {}) as JsonMap
  const pca = annotationsOf(original.metadata)[A.proxyConfig]
  if (pca !== undefined) pc = mergeProxyConfig(pc, parseProxyConfig(pca))
  const hold =
    pc.holdApplicationUntilProxyStarts === true ||
    get(settings.values, 'global', 'proxy', 'holdApplicationUntilProxyStarts') === true
  if (Array.isArray(pod.spec.containers))
    pod.spec.containers = modify(containersOf(pod.spec, 'containers'), PROXY, hold ? 'first' : 'last')
  let inits = containersOf(pod.spec, 'initContainers')
  if (!Array.isArray(pod.spec.initContainers)) return
  if (findContainer(PROXY, inits)) {
    for (const n of [CORE_DUMP, PROXY, VALIDATION, INIT]) inits = modify(inits, n, 'first')
  } else {
    inits = modify(inits, VALIDATION, 'first')
    inits = modify(inits, INIT, 'last')
    inits = modify(inits, CORE_DUMP, 'last')
  }
  pod.spec.initContainers = inits
}

function postProcess(
  pod: Pod,
  templatePod: Pod,
  original: Pod,
  settings: InjectSettings,
  req: InjectRequest,
  proxyEnvs: Record<string, string>,
): void {
  const annotations = (pod.metadata.annotations = annotationsOf(pod.metadata))
  const labels = (pod.metadata.labels = labelsOf(pod.metadata))
  const sidecar = findInPod(PROXY, pod)
  const envKeys = Object.keys(proxyEnvs)
  if (sidecar && envKeys.length) {
    const env = (Array.isArray(sidecar.env) ? (sidecar.env as JsonMap[]) : []).filter(
      (e) => !Object.hasOwn(proxyEnvs, String(e.name)),
    )
    for (const k of envKeys.sort()) env.push({name: k, value: proxyEnvs[k]})
    sidecar.env = env
  }
  applyPrometheusMerge(pod, req.meshConfig)
  applyRewrite(pod, settings, req.meshConfig)
  if (proxyEnvs.ISTIO_META_NETWORK !== undefined) labels[A.network] = proxyEnvs.ISTIO_META_NETWORK
  annotations[A.status] = injectionStatus(templatePod.spec, settings.revision)
  Object.assign(annotations, settings.config.injectedAnnotations ?? {})
  reorderPod(pod, original, settings, req.meshConfig)
}

/**
 * injectPod: the injected pod for `req.pod` (which is not modified). Throws InjectionError for invalid
 * annotations, unknown templates, templates that fail or render something that is not a pod.
 */
export function injectPod(settings: InjectSettings, req: InjectRequest): Pod {
  const proxyEnvs = {...(req.proxyEnvs ?? {})}
  const {merged, templatePod} = runTemplates(settings, req, proxyEnvs)
  // merged is a copy already when any template ran (smp returns new objects)
  const own = merged === req.pod ? clone(merged) : merged
  const final = reapplyOverwrittenContainers(own, req.pod, templatePod, req.proxyConfig)
  postProcess(final, templatePod, req.pod, settings, req, proxyEnvs)
  return final
}
