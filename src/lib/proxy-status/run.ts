import {readFile} from 'node:fs/promises'
import type {KubeClient} from '../kube/client.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {MeshctlError, inputError} from '../errors.js'
import {ConfigDump} from '../proxy-config/dump.js'
import {envoyAdmin, isZtunnel, parsePodArg, sidecarPod} from '../proxy-config/pod.js'
import {resolvePod} from '../proxy-config/workload.js'
import {byControlPlane, requestAll, type ControlPlaneOptions, type Log} from '../xds/gather.js'
import {compareConfigDumps} from './compare.js'
import {renderProxyStatus, type StatusOptions} from './render.js'
import {TYPE} from './types.js'

/** `proxy-status`: every istiod's syncz, merged and rendered. */
export async function proxyStatusAll(
  client: KubeClient | undefined,
  cp: ControlPlaneOptions,
  opts: StatusOptions,
  log: Log,
): Promise<string> {
  const answers = await requestAll(client, {typeUrl: TYPE.syncz}, cp, log)
  return renderProxyStatus(byControlPlane(answers), opts)
}

export interface PodStatusOptions {
  /** The POD[.NS] argument. */
  pod: string
  namespace: string
  /** --file: the Envoy config dump to compare instead of the pod's. */
  file?: string
  adminPort: number
}

/** `proxy-status POD`: istiod's view of the proxy's config against the proxy's own. */
export async function proxyStatusPod(
  client: KubeClient | undefined,
  cp: ControlPlaneOptions,
  opts: PodStatusOptions,
  log: Log,
): Promise<string> {
  // a workload (deployment/NAME, ...) needs the cluster to find its pod
  const ref = client
    ? await resolvePod(client, opts.pod, opts.namespace)
    : parsePodArg(opts.pod, opts.namespace)
  let envoyText: string
  if (client) {
    const pod = await client.get<KubeObject>(Kinds.Pod, ref.name, ref.namespace)
    if (isZtunnel(pod, ref))
      return `Sync diff is not available for ztunnel pod ${ref.name}.${ref.namespace}\n`
  }
  if (opts.file) {
    envoyText = await readDump(opts.file)
  } else {
    if (!client) throw new MeshctlError('no cluster to read the proxy from: give --file')
    await sidecarPod(client, ref)
    envoyText = await envoyAdmin(client, ref, opts.adminPort, 'config_dump')
  }
  const envoy = ConfigDump.parse(envoyText, opts.file ?? `config_dump of ${ref.namespace}/${ref.name}`)
  const proxyID = `${ref.name}.${ref.namespace}`
  const answers = await requestAll(
    client,
    {typeUrl: TYPE.configDump, resourceNames: [proxyID]},
    cp,
    log,
    (a) => (a.response.resources ?? []).length > 0,
  )
  const found = answers.find((a) => (a.response.resources ?? []).length > 0)
  if (!found)
    throw new MeshctlError(
      `proxy ${proxyID} is not connected to any istiod (asked ${answers.map((a) => a.source).join(', ')})`,
      {hints: ['check the pod is running with a ready istio-proxy, and -r/--revision']},
    )
  const {fullXdsProtos} = await import('../xds/protos.js')
  const {jsonToMessage, messageToJson} = await import('../xds/json.js')
  const {root} = await fullXdsProtos()
  // the Envoy side through the protos, as istioctl unmarshals it: same names, defaults and Anys as istiod's
  const Dump = root.lookupType('envoy.admin.v3.ConfigDump')
  const canonical = messageToJson(
    Dump,
    jsonToMessage(Dump, {configs: envoy.configs}, root) as never,
    root,
  ) as {
    configs?: Record<string, unknown>[]
  }
  return compareConfigDumps(found.response.resources ?? [], canonical.configs ?? [])
}

async function readDump(file: string): Promise<string> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = []
      for await (const c of process.stdin) chunks.push(c as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    }
    return await readFile(file, 'utf8')
  } catch (e) {
    throw inputError(`--file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

export {readDump}
