import type {KubeClient} from '../kube/client.js'
import {usageError} from '../errors.js'
import {readDump} from '../proxy-status/run.js'
import {ConfigDump} from './dump.js'
import {envoyAdmin, sidecarPod} from './pod.js'
import {resolvePod} from './workload.js'

/** Query of Envoy's /config_dump for each command (istioctl asks only for what it shows). */
export const DUMP_PATHS = {
  all: '?include_eds=true',
  cluster: '?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters',
  listener: '?mask=dynamic_listeners,static_listeners',
  route: '?mask=dynamic_route_configs,static_route_configs',
  endpoint: '?include_eds=true',
  secret: '?mask=dynamic_active_secrets,dynamic_warming_secrets',
  bootstrap: '?mask=bootstrap',
  ecds: '?include_eds=true',
} as const

export interface DumpSource {
  pod?: string
  file?: string
  namespace: string
  adminPort: number
}

/** The raw config dump text, from --file or the pod's Envoy admin API; `what` names the command in errors. */
export async function dumpText(
  client: () => Promise<KubeClient>,
  src: DumpSource,
  what: keyof typeof DUMP_PATHS,
): Promise<{text: string; where: string}> {
  if (src.pod && src.file) throw usageError(`${what}: give a pod or --file, not both`)
  if (src.file) return {text: await readDump(src.file), where: src.file}
  if (!src.pod) throw usageError(`${what} requires pod name or --file parameter`)
  const kube = await client()
  const ref = await resolvePod(kube, src.pod, src.namespace || kube.namespace)
  await sidecarPod(kube, ref)
  const text = await envoyAdmin(kube, ref, src.adminPort, `config_dump${DUMP_PATHS[what]}`)
  return {text, where: `config_dump of ${ref.namespace}/${ref.name}`}
}

export async function loadDump(
  client: () => Promise<KubeClient>,
  src: DumpSource,
  what: keyof typeof DUMP_PATHS,
): Promise<ConfigDump> {
  const {text, where} = await dumpText(client, src, what)
  return ConfigDump.parse(text, where)
}
