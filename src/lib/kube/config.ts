import {existsSync, readFileSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, join} from 'node:path'
import type {KubeConfig} from '@kubernetes/client-node'
import jsyaml from 'js-yaml'
import {MeshctlError, usageError} from '../errors.js'

/** What selects a kubeconfig and a context: the flags plus the environment. */
export interface KubeConfigOptions {
  kubeconfig?: string
  context?: string
  env?: NodeJS.ProcessEnv
  home?: string
}

/** The kubeconfig files to read, in kubectl's precedence: --kubeconfig, then the KUBECONFIG list, then ~/.kube/config. */
export function kubeconfigPaths(opts: KubeConfigOptions): string[] {
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig))
      throw usageError(`kubeconfig file "${opts.kubeconfig}" not found (--kubeconfig)`)
    return [opts.kubeconfig]
  }
  const env = opts.env ?? process.env
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean)
  if (list.length > 0) {
    // kubectl ignores missing entries of the KUBECONFIG list, but not an entirely missing list.
    const present = [...new Set(list)].filter((p) => existsSync(p))
    if (present.length === 0)
      throw new MeshctlError(`none of the KUBECONFIG files exist: ${list.join(delimiter)}`)
    return present
  }
  const fallback = join(opts.home ?? homedir(), '.kube', 'config')
  if (!existsSync(fallback)) {
    throw new MeshctlError(`no kubeconfig found: ${fallback} does not exist`, {
      hints: ['pass --kubeconfig FILE or set KUBECONFIG'],
    })
  }
  return [fallback]
}

/**
 * Loads and merges kubeconfig files with kubectl's rules (the first file to define a cluster, user,
 * context or current-context wins), then selects --context. Loads @kubernetes/client-node lazily.
 */
export async function loadKubeConfig(opts: KubeConfigOptions): Promise<KubeConfig> {
  const {KubeConfig} = await import('./client-node.js')
  const merged = {clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: ''}
  for (const file of kubeconfigPaths(opts)) {
    const kc = new KubeConfig()
    try {
      // kubectl reads an empty file as an empty config; client-node would fail on it with a TypeError
      const text = statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined
      if (text?.trim() === '') continue
      const doc = text === undefined ? {} : jsyaml.load(text)
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new TypeError('not a mapping')
      kc.loadFromFile(file)
    } catch (err) {
      if (err instanceof TypeError)
        throw new MeshctlError(
          `cannot read kubeconfig ${file}: not a kubeconfig (a YAML mapping is expected)`,
          {
            exitCode: 65,
          },
        )
      throw new MeshctlError(`cannot read kubeconfig ${file}: ${(err as Error).message.split('\n')[0]}`, {
        exitCode: 65,
      })
    }
    for (const c of kc.getClusters()) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, c)
    for (const u of kc.getUsers()) if (!merged.users.has(u.name)) merged.users.set(u.name, u)
    for (const c of kc.getContexts()) if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, c)
    merged.currentContext ||= kc.getCurrentContext() ?? ''
  }
  const out = new KubeConfig()
  out.loadFromOptions({
    clusters: [...merged.clusters.values()],
    users: [...merged.users.values()],
    contexts: [...merged.contexts.values()],
    currentContext: merged.currentContext,
  })
  if (opts.context) {
    if (!merged.contexts.has(opts.context)) {
      throw usageError(`context "${opts.context}" not found in kubeconfig`, [
        `available contexts: ${[...merged.contexts.keys()].join(', ') || '(none)'}`,
      ])
    }
    out.setCurrentContext(opts.context)
  }
  const current = out.getCurrentContext()
  if (!current || !merged.contexts.has(current)) {
    throw new MeshctlError(
      current ? `current context "${current}" not found in kubeconfig` : 'kubeconfig has no current context',
      {
        hints: ['pass --context NAME'],
      },
    )
  }
  checkSelectedContext(out, current)
  return out
}

/** What client-node would only say as "No active cluster!" or a URL error on the first request. */
function checkSelectedContext(kc: KubeConfig, name: string): void {
  const ctx = kc.getContextObject(name)
  const cluster = ctx?.cluster ? kc.getCluster(ctx.cluster) : null
  if (!cluster)
    throw new MeshctlError(
      `context "${name}" refers to cluster "${ctx?.cluster ?? ''}", which is not in the kubeconfig`,
      {exitCode: 65},
    )
  if (!URL.canParse(cluster.server) || !/^https?:$/.test(new URL(cluster.server).protocol))
    throw new MeshctlError(
      `cluster "${cluster.name}" in the kubeconfig has no valid server URL: "${cluster.server}"`,
      {
        exitCode: 65,
      },
    )
}

/** The namespace to use: the flag, else the context's namespace, else "default". */
export function contextNamespace(kc: KubeConfig, flag?: string): string {
  if (flag) return flag
  const ctx = kc.getContextObject(kc.getCurrentContext())
  return ctx?.namespace || 'default'
}
