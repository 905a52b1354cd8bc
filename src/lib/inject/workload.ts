/**
 * kube-inject for whole objects (inject.IntoObject): find the pod template of a workload kind, decide,
 * inject, and put the result back. Kinds other than the pod-carrying ones pass through unchanged.
 * @module
 */
import {
  A,
  InjectionError,
  injectPod,
  injectRequired,
  IGNORED_NAMESPACES,
  parseProxyConfig,
  type InjectSettings,
  type Pod,
} from './inject.js'
import {mergeProxyConfig, type JsonMap} from './proto.js'
import {effectiveProxyConfig} from './proxyconfig.js'
import {jsonClone} from '../json.js'

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Kinds whose pod template is at spec.template. */
const TEMPLATE_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'DeploymentConfig',
])
/** API groups istioctl's scheme knows each kind in (others are not registered and pass through). */
const GROUPS: Record<string, string[]> = {
  Pod: ['v1'],
  ReplicationController: ['v1'],
  List: ['v1'],
  Deployment: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicaSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  DeploymentConfig: ['apps.openshift.io/v1', 'v1'],
}

/** Whether kube-inject looks inside objects of this apiVersion/kind. */
export function isInjectableKind(apiVersion: unknown, kind: unknown): boolean {
  return typeof kind === 'string' && (GROUPS[kind] ?? []).includes(String(apiVersion))
}

export interface InjectOptions {
  /** Re-render workloads that were injected before (default: leave them as they are). */
  reinject?: boolean
  /** istiod's webhook policy and selectors apply (the cluster's injector config), not kube-inject's. */
  webhookPolicy?: boolean
  warn: (msg: string) => void
  /** Hand the pod to someone else (istiod's webhook) instead of the engine; `put` writes the result back. */
  defer?: DeferredInjection
}

/** A pod to inject elsewhere: its namespace as istioctl sends it, a name for messages, and where to put the result. */
export type DeferredInjection = (pod: Pod, namespace: string, what: string, put: (pod: Pod) => void) => void

export type Outcome = 'injected' | 'skipped' | 'unchanged'

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const cronJobName = /^(.+)-\d{8,10}$/

/** kube.GetDeployMetaFromPod: the workload a bare pod belongs to, from its controller reference. */
export function deployMetaFromPod(meta: JsonMap): {
  deployMeta: {name: string; namespace: string}
  typeMeta: {kind: string; apiVersion: string}
} {
  const labels = (isMap(meta.labels) ? meta.labels : {}) as Record<string, string>
  const deployMeta = {name: str(meta.name), namespace: str(meta.namespace)}
  const typeMeta = {kind: 'Pod', apiVersion: 'v1'}
  if (str(meta.generateName) !== '') {
    const refs = (Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []) as JsonMap[]
    const ref = refs.find((r) => r.controller === true)
    if (ref) {
      typeMeta.apiVersion = str(ref.apiVersion)
      typeMeta.kind = str(ref.kind)
      deployMeta.name = str(ref.name)
      const hash = labels['pod-template-hash'] ?? ''
      const rollout = labels['rollouts-pod-template-hash'] ?? ''
      if (typeMeta.kind === 'ReplicaSet' && hash !== '' && deployMeta.name.endsWith(hash)) {
        deployMeta.name = deployMeta.name.slice(0, -(hash.length + 1))
        typeMeta.kind = 'Deployment'
      } else if (typeMeta.kind === 'ReplicaSet' && rollout !== '' && deployMeta.name.endsWith(rollout)) {
        deployMeta.name = deployMeta.name.slice(0, -(rollout.length + 1))
        typeMeta.kind = 'Rollout'
        typeMeta.apiVersion = 'v1alpha1'
      } else if (typeMeta.kind === 'ReplicationController' && labels.deploymentconfig) {
        deployMeta.name = labels.deploymentconfig
        typeMeta.kind = 'DeploymentConfig'
      } else if (typeMeta.kind === 'Job') {
        const m = cronJobName.exec(deployMeta.name)
        if (m) {
          deployMeta.name = m[1]
          typeMeta.kind = 'CronJob'
          typeMeta.apiVersion = 'batch/v1'
        }
      }
    }
  }
  if (deployMeta.name === '') deployMeta.name = str(meta.name)
  return {deployMeta, typeMeta}
}

interface Located {
  /** Holder of the pod's metadata, and of its spec (they differ for CronJob). */
  metaHolder: JsonMap
  specHolder: JsonMap
  deployMeta: {name: string; namespace: string}
  typeMeta: {kind: string; apiVersion: string}
}

function locate(obj: JsonMap): Located | undefined {
  const kind = str(obj.kind)
  const meta = isMap(obj.metadata) ? obj.metadata : {}
  const own = {name: str(meta.name), namespace: str(meta.namespace)}
  const typeMeta = {kind, apiVersion: str(obj.apiVersion)}
  if (kind === 'Pod') {
    if (!isMap(obj.spec)) obj.spec = {}
    if (!isMap(obj.metadata)) obj.metadata = {}
    return {metaHolder: obj, specHolder: obj, ...deployMetaFromPod(meta)}
  }
  const spec = isMap(obj.spec) ? obj.spec : undefined
  if (kind === 'CronJob') {
    const jt = spec && isMap(spec.jobTemplate) ? spec.jobTemplate : undefined
    const jspec = jt && isMap(jt.spec) ? jt.spec : undefined
    const tmpl = jspec && isMap(jspec.template) ? jspec.template : undefined
    if (!jt || !tmpl) throw new InjectionError('spec.jobTemplate.spec.template is required value')
    if (!isMap(jt.metadata)) jt.metadata = {}
    if (!isMap(tmpl.spec)) tmpl.spec = {}
    return {metaHolder: jt, specHolder: tmpl, deployMeta: own, typeMeta}
  }
  if (TEMPLATE_KINDS.has(kind)) {
    const tmpl = spec && isMap(spec.template) ? spec.template : undefined
    if (!tmpl) throw new InjectionError('spec.template is required value')
    if (!isMap(tmpl.metadata)) tmpl.metadata = {}
    if (!isMap(tmpl.spec)) tmpl.spec = {}
    return {metaHolder: tmpl, specHolder: tmpl, deployMeta: own, typeMeta}
  }
  return undefined
}

/**
 * Injects one object in place (Lists item by item). Returns what happened; warnings (skips) go to
 * `opts.warn` in istioctl's words. Throws InjectionError for bad annotations or failing templates.
 */
export function injectObject(
  settings: InjectSettings | undefined,
  obj: JsonMap,
  opts: InjectOptions,
): Outcome {
  if (!isInjectableKind(obj.apiVersion, obj.kind)) return 'unchanged'
  if (obj.kind === 'List') {
    let out: Outcome = 'unchanged'
    for (const item of Array.isArray(obj.items) ? obj.items : []) {
      if (!isMap(item)) continue
      const r = injectObject(settings, item, opts)
      if (r === 'injected' || (r === 'skipped' && out === 'unchanged')) out = r
    }
    return out
  }
  const loc = locate(obj)
  if (!loc) return 'unchanged'
  const metadata = loc.metaHolder.metadata as JsonMap
  const spec = loc.specHolder.spec as JsonMap
  const name = str(metadata.name) || loc.deployMeta.name
  const full = loc.deployMeta.namespace ? `${loc.deployMeta.namespace}/${name}` : name
  const what = loc.typeMeta.kind ? `${loc.typeMeta.kind} "${full}"` : `"${full}"`
  if (spec.hostNetwork === true) {
    opts.warn(`===> Skipping injection because ${what} has host networking enabled`)
    return 'skipped'
  }
  const annotations = (isMap(metadata.annotations) ? metadata.annotations : {}) as Record<string, string>
  if (!opts.reinject && Object.hasOwn(annotations, A.status)) {
    opts.warn(`===> Skipping injection because ${what} is already injected (use --reinject to update it)`)
    return 'skipped'
  }
  const pod: Pod = {metadata: jsonClone(metadata), spec: jsonClone(spec)}
  if (opts.defer) {
    const {metaHolder, specHolder} = loc
    opts.defer(pod, str(metadata.namespace) || loc.deployMeta.namespace, what, (p) => {
      metaHolder.metadata = p.metadata
      specHolder.spec = p.spec
    })
    return 'injected'
  }
  if (!settings) throw new Error('injectObject: no settings to inject with')
  let mesh = settings.mesh
  let pc = (mesh.defaultConfig ?? {}) as JsonMap
  const pca = annotations[A.proxyConfig]
  let annotation: JsonMap | undefined
  if (pca !== undefined) {
    try {
      annotation = parseProxyConfig(pca)
    } catch (e) {
      throw new InjectionError(`could not parse proxy config: ${(e as Error).message}`)
    }
    pc = mergeProxyConfig(pc, annotation)
  }
  if (settings.proxyConfigs?.length) {
    const labels = (isMap(metadata.labels) ? metadata.labels : {}) as Record<string, string>
    const namespace = str(metadata.namespace) || loc.deployMeta.namespace || 'default'
    pc = effectiveProxyConfig(mesh, settings.proxyConfigs, {namespace, labels, annotation})
  }
  if (!opts.webhookPolicy && (pca !== undefined || settings.proxyConfigs?.length))
    mesh = {...mesh, defaultConfig: pc}
  const policy = opts.webhookPolicy
    ? settings.config
    : {policy: 'enabled', neverInjectSelector: [], alwaysInjectSelector: []}
  if (!injectRequired(policy, pod, opts.warn)) {
    opts.warn(`===> Skipping injection because ${what} has sidecar injection disabled`)
    return 'skipped'
  }
  const kubeInjectSettings: InjectSettings = opts.webhookPolicy
    ? settings
    : {
        ...settings,
        config: {...settings.config, defaultTemplates: ['sidecar'], aliases: {}, injectedAnnotations: {}},
      }
  const injected = injectPod(kubeInjectSettings, {
    pod,
    deployMeta: loc.deployMeta,
    typeMeta: loc.typeMeta,
    proxyConfig: pc,
    meshConfig: mesh,
  })
  loc.metaHolder.metadata = injected.metadata
  loc.specHolder.spec = injected.spec
  return 'injected'
}

export {IGNORED_NAMESPACES}
