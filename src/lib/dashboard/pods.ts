/**
 * Finding the pod a dashboard forwards to, the way istioctl does (an addon's selector in the Istio namespace
 * then -n; `[type/]name[.ns]`; -l; -r), preferring Ready pods. A PodSource can be asked again, which is how a
 * forward finds the replacement of a pod that went away.
 * @module
 */
import type {KubeClient} from '../kube/client.js'
import type {KubeObject, TypeRef} from '../kube/types.js'
import {Kinds} from '../kube/types.js'
import {MeshctlError} from '../errors.js'

export interface Pod extends KubeObject {
  spec?: {containers?: {name: string; ports?: {containerPort: number}[]}[]}
  status?: {
    phase?: string
    conditions?: {type: string; status: string}[]
    containerStatuses?: {state?: {waiting?: {reason?: string}}}[]
  }
}

/** A pod was found but cannot serve: it is not Running. */
export class PodNotRunningError extends MeshctlError {}
/** No pod matches (the addon is not installed, or the name is wrong). */
export class NoPodError extends MeshctlError {}

const isRunning = (p: Pod) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp
export const isReady = (p: Pod) =>
  isRunning(p) && Boolean(p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))

/** `name.namespace` of a pod, as istioctl names pods. */
export const podRef = (p: Pod) => `${p.metadata.name}.${p.metadata.namespace}`

/** The first reason a container of the pod is waiting (ImagePullBackOff, CrashLoopBackOff, …). */
const waitingReason = (p: Pod) =>
  p.status?.containerStatuses?.map((c) => c.state?.waiting?.reason).find(Boolean)

/** Can take a forward: Ready, or Running with every container started (readiness aside). */
export const isServing = (p: Pod) => isReady(p) || (isRunning(p) && !waitingReason(p))

/** Why a pod cannot take a forward: its phase unless Running, and the first container waiting reason. */
function notRunning(p: Pod): PodNotRunningError {
  const phase = p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending')
  const why = [phase === 'Running' ? undefined : phase, waitingReason(p)].filter(Boolean).join(', ')
  return new PodNotRunningError(`pod ${podRef(p)} is not running (${why})`)
}

/** Ready pods first, then serving ones (see isServing), then the rest; by name within each group, so the choice is stable. */
export function bestPod(pods: Pod[]): Pod | undefined {
  const rank = (p: Pod) => (isReady(p) ? 0 : isServing(p) ? 1 : 2)
  return [...pods].sort((a, b) => rank(a) - rank(b) || a.metadata.name!.localeCompare(b.metadata.name!))[0]
}

/** Where a dashboard's pod comes from; `find` can be called again after the pod went away. */
export interface PodSource {
  /** For messages: `selector app=kiali in namespaces istio-system, default`. */
  describe: string
  /** The best matching pod; throws NoPodError or PodNotRunningError. */
  find(): Promise<Pod>
}

/** Pods matching a label selector in the first namespace (of the list) that has any. */
export function selectorSource(kube: KubeClient, selector: string, namespaces: string[]): PodSource {
  const nss = [...new Set(namespaces)]
  const describe = `selector ${selector} in namespace${nss.length > 1 ? 's' : ''} ${nss.join(', ')}`
  return {
    describe,
    async find() {
      for (const namespace of nss) {
        const pods = await kube.list<Pod>(Kinds.Pod, {namespace, labelSelector: selector})
        const best = bestPod(pods)
        if (!best) continue
        if (!isServing(best)) throw notRunning(best)
        return best
      }
      throw new NoPodError(`no pods found with ${describe}`)
    },
  }
}

/** `[type/]name[.namespace]` → type, name, namespace (istioctl's inferNsInfo: the last dot after the slash). */
export function splitResource(
  arg: string,
  defaultNamespace: string,
): {type?: string; name: string; namespace: string} {
  const slash = arg.lastIndexOf('/')
  const type = slash > 0 ? arg.slice(0, slash) : undefined
  const rest = slash > 0 ? arg.slice(slash + 1) : arg
  const dot = rest.lastIndexOf('.')
  return dot < 0
    ? {type, name: rest, namespace: defaultNamespace}
    : {type, name: rest.slice(0, dot), namespace: rest.slice(dot + 1)}
}

/** Workload types a `type/name` argument may name (kubectl's names, short names and plurals). */
const TYPES: {names: string[]; ref: TypeRef}[] = [
  {names: ['pod', 'pods', 'po'], ref: Kinds.Pod},
  {names: ['deployment', 'deployments', 'deploy'], ref: Kinds.Deployment},
  {names: ['statefulset', 'statefulsets', 'sts'], ref: {apiVersion: 'apps/v1', kind: 'StatefulSet'}},
  {names: ['daemonset', 'daemonsets', 'ds'], ref: {apiVersion: 'apps/v1', kind: 'DaemonSet'}},
  {names: ['replicaset', 'replicasets', 'rs'], ref: {apiVersion: 'apps/v1', kind: 'ReplicaSet'}},
  {names: ['job', 'jobs'], ref: {apiVersion: 'batch/v1', kind: 'Job'}},
  {names: ['service', 'services', 'svc'], ref: Kinds.Service},
]

type LabelSelector = {
  matchLabels?: Record<string, string>
  matchExpressions?: {key: string; operator: string; values?: string[]}[]
}

/** A LabelSelector object (or a Service's plain map) as selector text. */
export function selectorText(sel: LabelSelector | Record<string, string> | undefined, plain = false): string {
  if (!sel) return ''
  if (plain)
    return Object.entries(sel as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')
  const s = sel as LabelSelector
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of s.matchExpressions ?? []) {
    const vals = `(${(e.values ?? []).join(',')})`
    if (e.operator === 'In') parts.push(`${e.key} in ${vals}`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin ${vals}`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

/** The pod a `[type/]name[.ns]` argument names: the pod itself, or the best pod of the workload. */
export function resourceSource(kube: KubeClient, arg: string, defaultNamespace: string): PodSource {
  const {type, name, namespace} = splitResource(arg, defaultNamespace)
  const typeName = type?.split('.')[0]?.toLowerCase()
  const entry = typeName === undefined ? TYPES[0] : TYPES.find((t) => t.names.includes(typeName))
  if (!entry)
    throw new MeshctlError(
      `${arg}: unknown resource type "${type}" (use one of ${TYPES.map((t) => t.names[0]).join(', ')})`,
    )
  const {ref} = entry
  const describe = `${ref.kind.toLowerCase()} ${name} in namespace ${namespace}`
  return {
    describe,
    async find() {
      const obj = await kube.get<Pod>(ref, name, namespace)
      if (!obj)
        throw new NoPodError(`${ref.kind.toLowerCase()} "${name}" not found in namespace ${namespace}`)
      if (ref.kind === 'Pod') {
        if (!isServing(obj)) throw notRunning(obj)
        return obj
      }
      const spec = obj.spec as {selector?: LabelSelector | Record<string, string>} | undefined
      const selector = selectorText(spec?.selector, ref.kind === 'Service')
      if (!selector) throw new NoPodError(`${ref.kind.toLowerCase()} ${name}.${namespace} selects no pods`)
      const pods = await kube.list<Pod>(Kinds.Pod, {namespace, labelSelector: selector})
      const best = bestPod(pods)
      if (!best) throw new NoPodError(`no pods found for ${describe} (selector ${selector})`)
      if (!isServing(best)) throw notRunning(best)
      return best
    },
  }
}
