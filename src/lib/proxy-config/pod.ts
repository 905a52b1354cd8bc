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

/** `[TYPE/]NAME[.NAMESPACE]` split as istioctl does: the namespace after the last dot of the name part. */
export function splitResourceArg(
  arg: string,
  namespace: string,
): {type?: string; name: string; namespace: string} {
  const slash = arg.lastIndexOf('/')
  const type = slash > 0 ? arg.slice(0, slash) : undefined
  const rest = slash > 0 ? arg.slice(slash + 1) : arg
  const dot = rest.lastIndexOf('.')
  const [name, ns] = dot > 0 ? [rest.slice(0, dot), rest.slice(dot + 1)] : [rest, namespace]
  if (!name) throw usageError(`"${arg}" names no pod`)
  return {type, name, namespace: ns || namespace}
}

const POD_TYPES = ['pod', 'pods', 'po']

/** `[pod/]name[.namespace]` (the namespace from -n or the context otherwise); other types need resolvePod. */
export function parsePodArg(arg: string, namespace: string): PodRef {
  const {type, name, namespace: ns} = splitResourceArg(arg, namespace)
  if (type !== undefined && !POD_TYPES.includes(type.toLowerCase()))
    throw usageError(`"${arg}": only pods can be named without a cluster to read ${type} from`)
  return {name, namespace: ns}
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
