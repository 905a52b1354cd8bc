import type {KubeClient} from '../kube/client.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {MeshctlError, usageError} from '../errors.js'

export interface PodRef {
  name: string
  namespace: string
}

interface Pod extends KubeObject {
  spec?: {containers?: {name: string}[]; initContainers?: {name: string; restartPolicy?: string}[]}
}

/** `[pod/]name[.namespace]` as istioctl reads it (the namespace from -n or the context otherwise). */
export function parsePodArg(arg: string, namespace: string): PodRef {
  let s = arg
  const slash = s.indexOf('/')
  if (slash >= 0) {
    const kind = s.slice(0, slash).toLowerCase()
    if (!['pod', 'pods', 'po'].includes(kind))
      throw usageError(`"${arg}": only pods are supported here ([pod/]<name>[.<namespace>])`)
    s = s.slice(slash + 1)
  }
  const dot = s.indexOf('.')
  if (dot > 0) return {name: s.slice(0, dot), namespace: s.slice(dot + 1)}
  if (!s) throw usageError(`"${arg}" names no pod`)
  return {name: s, namespace}
}

/** The pod, which must exist and run an Envoy (istio-proxy container or native sidecar). */
export async function sidecarPod(client: KubeClient, ref: PodRef): Promise<Pod> {
  const pod = await client.get<Pod>(Kinds.Pod, ref.name, ref.namespace)
  if (!pod) throw new MeshctlError(`pod ${ref.name} not found in namespace ${ref.namespace}`)
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name)
  if (!names.includes('istio-proxy'))
    throw new MeshctlError(
      `pod ${ref.namespace}/${ref.name} has no istio-proxy container: it is not in the mesh`,
      {
        hints: ['label its namespace for injection (istio-injection=enabled) and restart it'],
      },
    )
  return pod
}

/** A ztunnel pod (label app=ztunnel, or named ztunnel* when unknown), as istioctl decides it. */
export function isZtunnel(pod: KubeObject | undefined, ref: PodRef): boolean {
  const app = pod?.metadata.labels?.app
  return app !== undefined ? app === 'ztunnel' : ref.name.startsWith('ztunnel')
}

/** GET a path of the pod's Envoy admin API (port 15000 unless --proxy-admin-port) through a port-forward. */
export async function envoyAdmin(
  client: KubeClient,
  ref: PodRef,
  port: number,
  path: string,
  method: 'GET' | 'POST' = 'GET',
  timeoutMs = 30_000,
): Promise<string> {
  const pf = await client.portForward(ref.namespace, ref.name, port)
  try {
    let res: Response
    try {
      res = await fetch(`${pf.url}/${path}`, {method, signal: AbortSignal.timeout(timeoutMs)})
    } catch (e) {
      const cause = (e as {cause?: {code?: string; message?: string}}).cause
      throw new MeshctlError(
        `could not contact the sidecar of ${ref.namespace}/${ref.name} on port ${port}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      )
    }
    const text = await res.text()
    if (!res.ok)
      throw new MeshctlError(
        `${method} /${path} on the sidecar of ${ref.namespace}/${ref.name}: HTTP ${res.status} ${text.trim().split('\n')[0] ?? ''}`,
      )
    return text
  } finally {
    await pf.close()
  }
}
