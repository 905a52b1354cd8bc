/**
 * Where kube-inject's configuration comes from, in istioctl's order: --operatorFileName (values and mesh
 * config of an IstioOperator), --meshConfigFile, --injectConfigFile, --valuesFile; whatever the files do
 * not give is read from the cluster (the revision's `istio` and `istio-sidecar-injector` ConfigMaps).
 * When every piece comes from files the kubeconfig is never read. With no cluster to ask, meshctl's own
 * default profile fills the gaps, and a note says so.
 * @module
 */
import {readFile} from 'node:fs/promises'
import type {KubeClient} from '../kube/client.js'
import {Kinds} from '../kube/types.js'
import {MeshctlError, inputError} from '../errors.js'
import type {InjectSettings} from './inject.js'
import type {ProxyConfigResource} from './proxyconfig.js'
import {renderInjectionConfig, type RenderedConfig} from './settings.js'
import {settingsFromRaw, type RawSettings} from './raw.js'

export {settingsFromRaw, type RawSettings}

export interface SourceOptions {
  meshConfigFile?: string
  injectConfigFile?: string
  valuesFile?: string
  operatorFileName?: string
  /** Revision ('' or 'default' for the default one). */
  revision: string
  istioNamespace: string
  /** Native sidecars forced on or off (flag or ENABLE_NATIVE_SIDECARS); undefined: detect or default. */
  nativeSidecars?: boolean
  meshConfigMapName?: string
  injectConfigMapName?: string
}

export interface ResolvedSettings {
  settings: InjectSettings
  raw: RawSettings
  /** Where each piece came from, for stderr notes. */
  notes: string[]
  /** True when the cluster was read. */
  fromCluster: boolean
}

type Piece = keyof RenderedConfig
type Found = {text: string; source: string}

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (e) {
    throw inputError(
      `--${flag} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    )
  }
}

/** Why a cluster could not be asked (no kubeconfig, unreachable), or undefined when it answered. */
function unreachable(e: unknown): string | undefined {
  const msg = (e as Error).message ?? String(e)
  if (
    /kubeconfig|no context|no current context|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|timed out|socket hang up|connect/i.test(
      msg,
    )
  )
    return msg
  return undefined
}

/** `ENABLE_NATIVE_SIDECARS` as istiod reads it: true/false force, anything else detects. */
export function nativeSidecarsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const v = (env.ENABLE_NATIVE_SIDECARS ?? '').toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  return undefined
}

/** istiod's DetectNativeSidecar: every node's kubelet at 1.33 or later (no nodes: yes). */
export function nativeSidecarsFromNodes(nodes: {status?: {nodeInfo?: {kubeletVersion?: string}}}[]): boolean {
  return nodes.every((n) => {
    const m = /^v?(\d+)\.(\d+)/.exec(n.status?.nodeInfo?.kubeletVersion ?? '')
    return m !== null && Number(m[2]) >= 33
  })
}

/**
 * The cluster, if one answers (`GET /version`); otherwise why not. Errors other than an unreachable
 * cluster or a missing kubeconfig (bad credentials, a broken kubeconfig) are thrown.
 */
export async function reachCluster(
  cluster: () => Promise<KubeClient>,
): Promise<{client: KubeClient} | {why: string}> {
  try {
    const client = await cluster()
    await client.version()
    return {client}
  } catch (e) {
    const why = unreachable(e)
    if (why === undefined) throw e
    return {why}
  }
}

export async function resolveSettings(
  opts: SourceOptions,
  cluster: () => Promise<KubeClient>,
): Promise<ResolvedSettings> {
  const rev = opts.revision === 'default' ? '' : opts.revision
  const found: Partial<Record<Piece, Found>> = {}
  const notes: string[] = []
  if (opts.operatorFileName) {
    const text = await readText(opts.operatorFileName, 'operatorFileName')
    const rendered = await renderInjectionConfig({
      files: [{name: opts.operatorFileName, text}],
      revision: rev,
    })
    found.values = {text: rendered.values, source: opts.operatorFileName}
    found.mesh = {text: rendered.mesh, source: opts.operatorFileName}
  }
  if (opts.meshConfigFile && !found.mesh)
    found.mesh = {text: await readText(opts.meshConfigFile, 'meshConfigFile'), source: opts.meshConfigFile}
  if (opts.injectConfigFile)
    found.injectConfig = {
      text: await readText(opts.injectConfigFile, 'injectConfigFile'),
      source: opts.injectConfigFile,
    }
  if (opts.valuesFile && !found.values)
    found.values = {text: await readText(opts.valuesFile, 'valuesFile'), source: opts.valuesFile}

  let native = opts.nativeSidecars
  let fromCluster = false
  let proxyConfigs: ProxyConfigResource[] | undefined
  const missing = (['injectConfig', 'values', 'mesh'] as Piece[]).filter((p) => !found[p])
  if (missing.length) {
    const reached = await reachCluster(cluster)
    const client = 'client' in reached ? reached.client : undefined
    const why = 'why' in reached ? reached.why : undefined
    if (client) {
      fromCluster = true
      const suffix = rev ? `-${rev}` : ''
      const meshName =
        opts.meshConfigMapName && opts.meshConfigMapName !== 'istio'
          ? opts.meshConfigMapName
          : `istio${suffix}`
      const injName =
        opts.injectConfigMapName && opts.injectConfigMapName !== 'istio-sidecar-injector'
          ? opts.injectConfigMapName
          : `istio-sidecar-injector${suffix}`
      const ns = opts.istioNamespace
      if (!found.mesh) {
        const cm = await client.get(Kinds.ConfigMap, meshName, ns)
        const data = (cm?.data ?? {}) as Record<string, string>
        if (!cm || data.mesh === undefined)
          throw new MeshctlError(`could not read valid configmap "${meshName}" from namespace "${ns}"`, {
            hints: [
              'use --meshConfigFile, or -i <istio namespace> / -r <revision> for an installed control plane',
            ],
          })
        found.mesh = {text: data.mesh, source: `configmap ${ns}/${meshName}`}
      }
      if (!found.injectConfig || !found.values) {
        const cm = await client.get(Kinds.ConfigMap, injName, ns)
        const data = (cm?.data ?? {}) as Record<string, string>
        if (!cm || data.config === undefined || data.values === undefined)
          throw new MeshctlError(`could not find valid configmap "${injName}" from namespace "${ns}"`, {
            hints: ['use --injectConfigFile and --valuesFile, or -i <istio namespace> / -r <revision>'],
          })
        found.injectConfig ??= {text: data.config, source: `configmap ${ns}/${injName}`}
        found.values ??= {text: data.values, source: `configmap ${ns}/${injName}`}
      }
      notes.push(
        `using injection configuration from the cluster (${[...new Set(missing.map((p) => found[p]?.source))].join(', ')})`,
      )
      try {
        proxyConfigs = (await client.list({
          apiVersion: 'networking.istio.io/v1beta1',
          kind: 'ProxyConfig',
        })) as never
      } catch {
        // ProxyConfig not served (no Istio CRDs): none apply
      }
      if (native === undefined) {
        const nodes = await client.list({apiVersion: 'v1', kind: 'Node'})
        native = nativeSidecarsFromNodes(nodes as never)
      }
    } else {
      const rendered = await renderInjectionConfig({revision: rev})
      for (const p of missing) found[p] = {text: rendered[p], source: "meshctl's default profile"}
      notes.push(
        `no cluster to read (${why?.split('\n')[0]}): using meshctl's default profile for the ${missing
          .map((p) =>
            p === 'injectConfig' ? 'injection templates' : p === 'mesh' ? 'mesh config' : 'values',
          )
          .join(', ')}`,
      )
    }
  }
  const f = found as Record<Piece, Found>
  const raw: RawSettings = {
    injectConfig: {...f.injectConfig, file: opts.injectConfigFile !== undefined},
    values: f.values,
    mesh: f.mesh,
    revision: rev,
    nativeSidecars: native ?? true,
    ...(proxyConfigs?.length ? {proxyConfigs} : {}),
  }
  return {settings: settingsFromRaw(raw), raw, notes, fromCluster}
}
