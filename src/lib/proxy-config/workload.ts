import type {KubeClient} from '../kube/client.js'
import {Kinds, type KubeObject, type TypeRef} from '../kube/types.js'
import {MeshctlError, usageError} from '../errors.js'
import {splitResourceArg, type PodRef} from './pod.js'

/**
 * `TYPE/NAME[.NS]` to one pod, as istioctl does for proxy-status and proxy-config (kubectl's rules): a pod
 * is itself; a workload or Service gives its selector, and of the pods it selects the one `kubectl logs`
 * would pick (podutils.ByLogging).
 */
interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: {key: string; operator: string; values?: string[]}[]
}

interface Workload extends KubeObject {
  spec?: {selector?: LabelSelector | Record<string, string>; gatewayClassName?: string}
}

interface Row {
  type: TypeRef
  /** The names kubectl accepts for the type (plural, singular, short, and with the group). */
  names: string[]
  /** The label selector of its pods, or an error message. */
  selector(o: Workload): string | {error: string}
}

const byLabelSelector = (o: Workload) => labelSelector(o.spec?.selector as LabelSelector | undefined)
const bySet = (o: Workload, what: string) => {
  const set = (o.spec?.selector ?? {}) as Record<string, string>
  if (Object.keys(set).length === 0) return {error: `${what} is defined without a selector`}
  return Object.entries(set)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}
const apps = (kind: string, short: string[]): Row => {
  const plural = `${kind.toLowerCase()}s`
  return {
    type: {apiVersion: 'apps/v1', kind},
    names: [kind.toLowerCase(), plural, `${kind.toLowerCase()}.apps`, `${plural}.apps`, ...short],
    selector: byLabelSelector,
  }
}

const ROWS: Row[] = [
  apps('Deployment', ['deploy']),
  apps('ReplicaSet', ['rs']),
  apps('StatefulSet', ['sts']),
  apps('DaemonSet', ['ds']),
  {
    type: {apiVersion: 'batch/v1', kind: 'Job'},
    names: ['job', 'jobs', 'job.batch', 'jobs.batch'],
    selector: byLabelSelector,
  },
  {
    type: {apiVersion: 'v1', kind: 'Service'},
    names: ['service', 'services', 'svc'],
    selector: (o) => bySet(o, `service '${o.metadata.name}': Service`),
  },
  {
    type: {apiVersion: 'v1', kind: 'ReplicationController'},
    names: ['replicationcontroller', 'replicationcontrollers', 'rc'],
    selector: (o) => bySet(o, `replicationcontroller '${o.metadata.name}'`),
  },
  {
    // a Gateway API gateway that Istio deploys selects its pods by this label
    type: {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway'},
    names: ['gateway.gateway.networking.k8s.io', 'gateways.gateway.networking.k8s.io', 'gtw'],
    selector: (o) =>
      MANAGED_CLASSES.has(o.spec?.gatewayClassName ?? '')
        ? `gateway.networking.k8s.io/gateway-name=${o.metadata.name}`
        : {error: 'gateway is not a managed gateway'},
  },
]

/** The gateway classes whose deployments Istio manages (istioctl's gatewaycommon.IsManaged). */
const MANAGED_CLASSES = new Set(['istio', 'istio-waypoint', 'istio-east-west', 'istio-remote'])

/** A pod by `[TYPE/]NAME[.NS]`; `namespace` is -n or the context's. */
export async function resolvePod(client: KubeClient, arg: string, namespace: string): Promise<PodRef> {
  const found = await selectedPods(client, arg, namespace)
  if ('pod' in found) return found.pod
  return {name: firstForLogging(found.pods).metadata.name!, namespace: found.namespace}
}

/** Every pod `[TYPE/]NAME[.NS]` selects, in the order listed (istioctl's proxy-config log). */
export async function resolvePods(client: KubeClient, arg: string, namespace: string): Promise<PodRef[]> {
  const found = await selectedPods(client, arg, namespace)
  if ('pod' in found) return [found.pod]
  return found.pods.map((p) => ({name: p.metadata.name!, namespace: found.namespace}))
}

async function selectedPods(
  client: KubeClient,
  arg: string,
  namespace: string,
): Promise<{pod: PodRef} | {pods: PodStatus[]; namespace: string}> {
  const {type, name, namespace: ns} = splitResourceArg(arg, namespace)
  if (type === undefined || ['pod', 'pods', 'po'].includes(type.toLowerCase()))
    return {pod: {name, namespace: ns}}
  const row = ROWS.find((r) => r.names.includes(type.toLowerCase()))
  if (!row)
    throw usageError(`"${arg}": cannot find the pods of a ${type}`, [
      'name a pod, or one of deployment, replicaset, statefulset, daemonset, job, service, replicationcontroller',
    ])
  const resource = `${type}/${name}`
  const obj = await client.get<Workload>(row.type, name, ns)
  if (!obj) throw new MeshctlError(`${resource} not found in namespace ${ns}`)
  const selector = row.selector(obj)
  if (typeof selector !== 'string')
    throw new MeshctlError(`"${resource}" does not refer to a pod: ${selector.error}`)
  const pods = await client.list<PodStatus>(Kinds.Pod, {namespace: ns, labelSelector: selector})
  if (pods.length === 0)
    throw new MeshctlError(`no pods match "${resource}" in namespace ${ns} (${selector})`)
  return {pods, namespace: ns}
}

/** A LabelSelector as a selector string (matchLabels, then matchExpressions). */
export function labelSelector(sel: LabelSelector | undefined): string | {error: string} {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of sel?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',')
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`)
        break
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`)
        break
      case 'Exists':
        parts.push(e.key)
        break
      case 'DoesNotExist':
        parts.push(`!${e.key}`)
        break
      default:
        return {error: `invalid label selector: operator ${e.operator}`}
    }
  }
  // kubectl: an empty selector selects nothing here (labels.Nothing for a nil selector)
  if (parts.length === 0) return {error: 'invalid label selector: empty'}
  return parts.join(',')
}

export interface PodStatus extends KubeObject {
  spec?: {nodeName?: string; initContainers?: {name: string; restartPolicy?: string}[]}
  status?: {
    phase?: string
    conditions?: {type: string; status: string; lastTransitionTime?: string}[]
    containerStatuses?: {name: string; restartCount?: number}[]
    initContainerStatuses?: {name: string; restartCount?: number}[]
  }
}

/** The pod `kubectl logs` picks among several: kubectl's podutils.ByLogging order, first. */
export function firstForLogging(pods: readonly PodStatus[]): PodStatus {
  return [...pods].sort(byLogging)[0]!
}

const PHASE_RANK: Record<string, number> = {Running: 0, Unknown: 1, Pending: 2}

function byLogging(a: PodStatus, b: PodStatus): number {
  // 1. assigned to a node first
  const na = a.spec?.nodeName ?? ''
  const nb = b.spec?.nodeName ?? ''
  if (na !== nb && (!na || !nb)) return na ? -1 : 1
  // 2. Running < Unknown < Pending (other phases rank as Running does: Go's map gives 0)
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 0
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 0
  if (pa !== pb) return pa - pb
  // 3. ready first
  const ra = readySince(a)
  const rb = readySince(b)
  if ((ra !== undefined) !== (rb !== undefined)) return ra !== undefined ? -1 : 1
  // 4. ready longer first (an empty time last)
  if (ra !== undefined && rb !== undefined && ra !== rb) return laterOrZeroFirst(rb, ra) ? -1 : 1
  // 5. more restarts first: regular containers, then restartable init containers (native sidecars)
  const [ca, sa] = maxRestarts(a)
  const [cb, sb] = maxRestarts(b)
  if (ca !== cb) return cb - ca
  if (sa !== sb) return sb - sa
  // 6. older first (an empty timestamp last)
  const ta = Date.parse(String(a.metadata.creationTimestamp ?? '')) || 0
  const tb = Date.parse(String(b.metadata.creationTimestamp ?? '')) || 0
  if (ta !== tb) return laterOrZeroFirst(tb, ta) ? -1 : 1
  return 0
}

/** kubectl's afterOrZero(t1, t2): t1 is zero, or (neither is) t1 after t2. */
function laterOrZeroFirst(t1: number, t2: number): boolean {
  if (!t1 || !t2) return !t1
  return t1 > t2
}

/** When the pod became Ready (ms), or undefined when it is not Ready; 0 for a Ready without a time. */
function readySince(p: PodStatus): number | undefined {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True')
  return c ? Date.parse(c.lastTransitionTime ?? '') || 0 : undefined
}

function maxRestarts(p: PodStatus): [number, number] {
  const sidecars = new Set(
    (p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  )
  const max = (xs: {restartCount?: number}[]) => Math.max(0, ...xs.map((x) => x.restartCount ?? 0))
  return [
    max(p.status?.containerStatuses ?? []),
    max((p.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name))),
  ]
}
