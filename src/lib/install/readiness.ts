/**
 * When an installed object counts as ready (operator/pkg/install/wait.go), and why a workload is not:
 * the reason read from its pods and the namespace's events.
 * @module
 */
import type {KubeObject} from '../kube/types.js'

/** Kinds install waits for. */
export const WAITED_KINDS = new Set(['CustomResourceDefinition', 'Deployment', 'DaemonSet', 'StatefulSet'])

type Obj = Record<string, unknown>
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d)
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : [])

/** Whether an object of a waited kind is ready, as istioctl decides it. */
export function isReady(o: KubeObject): boolean {
  const spec = obj(o.spec)
  const status = obj(o.status)
  const generation = num(o.metadata.generation, 1)
  switch (o.kind) {
    case 'CustomResourceDefinition':
      return arr(status.conditions).some((c) => c.type === 'Established' && c.status === 'True')
    case 'Deployment': {
      // istioctl: the newest ReplicaSet has ready ≥ spec.replicas. From the Deployment itself: it saw the
      // latest spec, every replica is updated to it, and that many are ready.
      const replicas = num(spec.replicas, 1)
      return (
        num(status.observedGeneration) >= generation &&
        num(status.updatedReplicas) >= replicas &&
        num(status.readyReplicas) >= replicas
      )
    }
    case 'DaemonSet': {
      if (num(status.observedGeneration) !== generation) return false
      const desired = num(status.desiredNumberScheduled)
      const updated = num(status.updatedNumberScheduled)
      if (obj(spec.updateStrategy).type === 'OnDelete') return updated === desired
      return desired > 0 && num(status.numberReady) >= desired && updated === desired
    }
    case 'StatefulSet': {
      const strategy = obj(spec.updateStrategy)
      if (strategy.type === 'OnDelete') return num(status.updatedReplicas) === num(status.replicas)
      const partition = num(obj(strategy.rollingUpdate).partition)
      return num(status.updatedReplicas) === num(spec.replicas, 1) - partition
    }
    default:
      return true
  }
}

/** `Kind/namespace/name`, as istioctl lists objects it waits for. */
export function waitId(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return o.metadata.namespace
    ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`
    : `${o.kind}/${o.metadata.name}`
}

/** Whether a pod's labels satisfy a workload's `spec.selector.matchLabels` (and simple matchExpressions). */
export function selects(workload: KubeObject, pod: KubeObject): boolean {
  const sel = obj(obj(workload.spec).selector)
  const labels = pod.metadata.labels ?? {}
  const match = obj(sel.matchLabels)
  if (Object.keys(match).length === 0 && arr(sel.matchExpressions).length === 0) return false
  for (const [k, v] of Object.entries(match)) if (labels[k] !== v) return false
  for (const e of arr(sel.matchExpressions)) {
    const key = String(e.key)
    const values = (Array.isArray(e.values) ? e.values : []).map(String)
    const has = key in labels
    if (e.operator === 'In' && !(has && values.includes(labels[key]!))) return false
    if (e.operator === 'NotIn' && has && values.includes(labels[key]!)) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}

/**
 * Why a workload is not ready, in one phrase: the first waiting container's reason (ImagePullBackOff with
 * the image, CrashLoopBackOff with the last exit), a Pending pod's scheduling message, a Ready=False
 * message, or, with no pods at all, the newest Warning event about the workload or its ReplicaSets
 * (an admission webhook refusing the pods shows up there).
 */
export function notReadyReason(workload: KubeObject, pods: KubeObject[], events: KubeObject[]): string {
  const mine = pods
    .filter((p) => selects(workload, p))
    .sort((a, b) =>
      String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')),
    )
  for (const pod of mine) {
    const status = obj(pod.status)
    const containers = obj(pod.spec).containers
    for (const cs of [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)]) {
      const waiting = obj(obj(cs.state).waiting)
      const reason = typeof waiting.reason === 'string' ? waiting.reason : ''
      if (!reason || reason === 'ContainerCreating' || reason === 'PodInitializing') continue
      if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull') {
        const image = cs.image ?? arr(containers).find((c) => c.name === cs.name)?.image
        return `${reason}: pod ${pod.metadata.name} cannot pull image ${String(image)}`
      }
      if (reason === 'CrashLoopBackOff') {
        const last = obj(obj(cs.lastState).terminated)
        const exit =
          last.exitCode !== undefined
            ? `last exit code ${String(last.exitCode)}${last.reason ? ` (${String(last.reason)})` : ''}`
            : String(waiting.message ?? 'restarting')
        return `CrashLoopBackOff: container ${String(cs.name)} of pod ${pod.metadata.name}: ${exit}`
      }
      return `${reason}: pod ${pod.metadata.name}${waiting.message ? `: ${String(waiting.message)}` : ''}`
    }
    const conditions = arr(status.conditions)
    if (status.phase === 'Pending') {
      const sched = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False')
      const event = newestWarning(events, (e) => obj(e.involvedObject).name === pod.metadata.name)
      const why = sched?.message ?? event ?? 'not scheduled yet'
      return `Pending: pod ${pod.metadata.name}: ${String(why)}`
    }
    const ready = conditions.find((c) => c.type === 'Ready' && c.status === 'False')
    if (ready) return `not ready: pod ${pod.metadata.name}: ${String(ready.message ?? ready.reason ?? '')}`
  }
  const name = workload.metadata.name ?? ''
  const event = newestWarning(events, (e) => String(obj(e.involvedObject).name ?? '').startsWith(name))
  if (mine.length === 0) return event ? `no pods: ${event}` : 'no pods created yet'
  return 'waiting for replicas to be updated and ready'
}

function newestWarning(events: KubeObject[], pick: (e: KubeObject) => boolean): string | undefined {
  const warnings = events
    .filter((e) => e.type === 'Warning' && pick(e))
    .sort((a, b) => stamp(b).localeCompare(stamp(a)))
  return warnings[0] ? String(warnings[0].message ?? warnings[0].reason) : undefined
}

const stamp = (e: KubeObject): string =>
  String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '')
