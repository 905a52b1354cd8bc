import jsyaml from 'js-yaml'
import {createKubeClientFromConfig, type KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'

/** The label of remote-cluster secrets (`istioctl create-remote-secret`), which istiod and istioctl look for. */
export const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster'

/** A remote cluster to analyse: its name (the kubeconfig's cluster, as istioctl names it) and a client. */
export interface RemoteCluster {
  name: string
  client: KubeClient
}

type User = Record<string, unknown>

/**
 * Why a kubeconfig read from a cluster secret is refused, or undefined: it would run a program or read
 * local files. istiod refuses the same for its remote secrets (auth providers other than oidc, exec,
 * client certificate and key files, token files); istioctl 1.30.3's analyze does not check, we do.
 */
export function unsafeKubeconfig(doc: unknown): string | undefined {
  const users = (doc as {users?: {user?: User}[]})?.users ?? []
  for (const u of Array.isArray(users) ? users : []) {
    const user = u?.user ?? {}
    const provider = (user['auth-provider'] as {name?: string} | undefined)?.name
    if (provider !== undefined && provider !== 'oidc') return `auth provider ${provider}`
    for (const field of ['exec', 'client-certificate', 'client-key', 'tokenFile'])
      if (user[field] !== undefined && user[field] !== '') return field
  }
  return undefined
}

/** Each kubeconfig a remote secret carries (one per data key), decoded, with where it came from. */
export function secretKubeconfigs(secrets: readonly KubeObject[]): {where: string; text: string}[] {
  const out: {where: string; text: string}[] = []
  const byName = [...secrets].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
  for (const s of byName) {
    const data = ((s as {data?: Record<string, string>}).data ?? {}) as Record<string, string>
    for (const key of Object.keys(data).sort())
      out.push({
        where: `secret ${s.metadata.namespace}/${s.metadata.name} (${key})`,
        text: Buffer.from(data[key] ?? '', 'base64').toString('utf8'),
      })
  }
  return out
}

/**
 * Remote clusters from the remote secrets in the Istio namespace, as istioctl finds them when no
 * --remote-contexts is given: secrets labelled `istio/multiCluster=true`, each data value a kubeconfig
 * whose current context is the remote. Unlike istioctl, which stops at the first bad one, a secret that
 * cannot be used is one warning and the rest are analysed. Warnings never quote the secret's content.
 */
export async function discoverRemotes(
  kube: KubeClient,
  istioNamespace: string,
  warnings: string[],
  opts: {requestTimeoutMs?: number} = {},
): Promise<RemoteCluster[]> {
  let secrets: KubeObject[]
  try {
    secrets = await kube.list(
      {apiVersion: 'v1', kind: 'Secret'},
      {namespace: istioNamespace, labelSelector: `${MULTICLUSTER_SECRET_LABEL}=true`},
    )
  } catch (err) {
    const why = (err as Error).message.split('\n')[0]
    warnings.push(
      `Warning: cannot list remote secrets in ${istioNamespace} (${why}); remote clusters not analysed`,
    )
    return []
  }
  const {KubeConfig} = await import('../kube/client-node.js')
  const out: RemoteCluster[] = []
  for (const {where, text} of secretKubeconfigs(secrets)) {
    const skip = (why: string) => warnings.push(`Warning: remote ${where}: ${why}; analysed without it`)
    let doc: unknown
    try {
      doc = jsyaml.load(text)
    } catch {
      // not YAML: left undefined, refused next
    }
    // (null passes here: loadFromString refuses it below, with the same words)
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      skip('not a valid kubeconfig')
      continue
    }
    const unsafe = unsafeKubeconfig(doc)
    if (unsafe) {
      skip(`its kubeconfig uses ${unsafe}, which analyze does not use from a cluster secret`)
      continue
    }
    const kc = new KubeConfig()
    try {
      kc.loadFromString(text)
    } catch {
      skip('not a valid kubeconfig')
      continue
    }
    const context = kc.getContextObject(kc.getCurrentContext())
    const cluster = context?.cluster ? kc.getCluster(context.cluster) : null
    if (!context || !cluster) {
      skip('its kubeconfig has no current context and cluster')
      continue
    }
    if (!URL.canParse(cluster.server) || !/^https?:$/.test(new URL(cluster.server).protocol)) {
      skip(`cluster ${cluster.name} has no valid server URL`)
      continue
    }
    if (out.some((r) => r.name === cluster.name)) continue // the same cluster twice: the first is used
    out.push({name: cluster.name, client: await createKubeClientFromConfig(kc, opts)})
  }
  return out
}
