import type {KubeClient} from '../kube/client.js'
import {getThroughForward} from '../kube/port-forward.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {parseIstiodVersion, type MeshVersion, type ProxyVersion} from './info.js'

interface Pod extends KubeObject {
  spec?: {containers?: {name: string}[]}
  status?: {phase?: string; conditions?: {type: string; status: string}[]}
}

/** Running, Ready istiod pods of a revision ("" = any). */
export async function istiodPods(
  client: KubeClient,
  istioNamespace: string,
  revision: string,
): Promise<Pod[]> {
  const selector = revision ? `app=istiod,istio.io/rev=${revision}` : 'app=istiod'
  const pods = await client.list<Pod>(Kinds.Pod, {namespace: istioNamespace, labelSelector: selector})
  return pods.filter(
    (p) =>
      p.status?.phase === 'Running' &&
      p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  )
}

/** The monitoring port of istiod (prometheus.io/port, else 15014), where /version and /debug live. */
export function istiodDebugPort(pod: Pod): number {
  return Number(pod.metadata.annotations?.['prometheus.io/port'] ?? 15014) || 15014
}

/**
 * Asks every ready istiod for its version (GET /version) and the proxies it serves (GET /debug/syncz),
 * over port-forwards. Returns undefined when no istiod is running.
 */
export async function remoteVersions(
  client: KubeClient,
  istioNamespace: string,
  revision: string,
  opts: {timeoutMs?: number} = {},
): Promise<{meshVersion: MeshVersion[]; dataPlaneVersion: ProxyVersion[]} | undefined> {
  const pods = await istiodPods(client, istioNamespace, revision)
  if (pods.length === 0) return undefined
  const meshVersion: MeshVersion[] = []
  // every entry counts, as istioctl counts them (an ID seen by two istiods is two connections)
  const proxies: ProxyVersion[] = []
  for (const pod of pods) {
    const target = {namespace: istioNamespace, pod: pod.metadata.name!, port: istiodDebugPort(pod)}
    const pf = await client.portForward(target.namespace, target.pod, target.port)
    const get = (path: string) => getThroughForward(pf, path, {target, timeoutMs: opts.timeoutMs})
    try {
      meshVersion.push({
        // istioctl names the component by the pod's `istio` label (pilot for istiod)
        Component: pod.metadata.labels?.istio ?? 'istiod',
        Revision: pod.metadata.labels?.['istio.io/rev'] ?? 'default',
        Info: parseIstiodVersion(await get('/version')),
      })
      const syncz = JSON.parse(await get('/debug/syncz')) as {
        proxy?: string
        istio_version?: string
      }[]
      for (const s of syncz) proxies.push({ID: s.proxy ?? '', IstioVersion: s.istio_version ?? ''})
    } finally {
      await pf.close()
    }
  }
  return {meshVersion, dataPlaneVersion: proxies}
}
