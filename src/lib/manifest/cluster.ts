/**
 * What istioctl learns from a cluster before rendering (operator/pkg/render clusterSpecificSettings,
 * operator/pkg/apis/validation environmentalDetection): the Kubernetes version the charts see, GKE settings
 * applied under the user's inputs, and CNI configurations Istio is known not to work with.
 * `manifest generate --cluster-specific` uses it; `install` always does.
 * @module
 */
import {MeshctlError} from '../errors.js'
import type {KubeClient, ServerVersion} from '../kube/client.js'
import {Kinds, type KubeObject, type TypeRef} from '../kube/types.js'
import {getPath, isTree, type Tree} from './values.js'

/** Settings a GKE cluster needs (CNI in kube-system, GKE's CNI bin dir, no ResourceQuota there). */
export const GKE_SETTINGS = [
  'components.cni.namespace=kube-system',
  'values.global.platform=gke',
  'values.cni.resourceQuotas.enabled=false',
]

/** Calico's cluster-wide Felix configuration, read for its eBPF load-balancing mode. */
const FELIX_CONFIGURATION: TypeRef = {apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration'}

/**
 * Settings detected from the version, applied on the profile before the user's inputs: the GKE ones when
 * gitVersion contains `-gke` (unless AUTO_GKE_DETECTION is false, as in istioctl).
 */
export function clusterSpecificSettings(
  version: ServerVersion | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (!version || !version.gitVersion.includes('-gke')) return []
  // istioctl's env.Register bool: strconv.ParseBool, and the default (true) when unset or unparsable.
  const flag = env.AUTO_GKE_DETECTION
  if (flag !== undefined && ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(flag)) return []
  return GKE_SETTINGS
}

/** The configurations the CNI checks read; absent ones are undefined. */
export interface CniConfigurations {
  /** Calico's FelixConfiguration `default`. */
  felix?: KubeObject
  /** Cilium's ConfigMap kube-system/cilium-config. */
  cilium?: KubeObject
}

/**
 * istioctl's CNI incompatibility findings (reported as warnings) for a merged IstioOperator: some apply
 * only when `components.cni.enabled` or `components.ztunnel.enabled` is explicitly true.
 */
export function cniIncompatibilities(iop: Tree, found: CniConfigurations): string[] {
  const out: string[] = []
  const spec = found.felix?.spec
  if (isTree(spec)) {
    const mode = spec.bpfConnectTimeLoadBalancing
    if (typeof mode === 'string' && mode !== 'Disabled')
      out.push(
        `detected Calico CNI with 'bpfConnectTimeLoadBalancing=${mode}'; this must be set to 'bpfConnectTimeLoadBalancing=Disabled' in the Calico configuration`,
      )
    if (spec.bpfConnectTimeLoadBalancingEnabled === true)
      out.push(
        "detected Calico CNI with 'bpfConnectTimeLoadBalancingEnabled=true'; this must be set to 'bpfConnectTimeLoadBalancingEnabled=false' in the Calico configuration",
      )
  }
  if (found.cilium) {
    const data = isTree(found.cilium.data) ? found.cilium.data : {}
    const on = (key: string) => data[key] === 'true'
    if (getPath(iop, 'spec.components.cni.enabled') === true && on('cni-exclusive'))
      out.push(
        "detected Cilium CNI with 'cni-exclusive=true'; this must be set to 'cni-exclusive=false' in the Cilium configuration",
      )
    if (getPath(iop, 'spec.components.ztunnel.enabled') === true && on('enable-bpf-masquerade'))
      out.push(
        "detected Cilium CNI with 'enable-bpf-masquerade=true'; this must be set to 'false' when using ambient mode",
      )
    if (on('bpf-lb-sock') && !on('bpf-lb-sock-hostns-only'))
      out.push(
        "detected Cilium CNI with 'bpf-lb-sock=true'; this requires 'bpf-lb-sock-hostns-only=true' to be set",
      )
    if (data['kube-proxy-replacement'] === 'strict' && !on('bpf-lb-sock-hostns-only'))
      out.push(
        "detected Cilium CNI with 'kube-proxy-replacement=strict' and 'bpf-lb-sock-hostns-only=false'; please set 'bpf-lb-sock-hostns-only=true' to avoid conflicts with Istio",
      )
  }
  return out
}

/** A cluster as the renderer sees it, read once. */
export interface ClusterFacts {
  /** The server version, or why it could not be read (istioctl fails only after validation). */
  version: ServerVersion | MeshctlError
  /** Detected settings, applied on the profile (GKE). */
  settings: string[]
  /** The CNI configurations found. */
  cni: CniConfigurations
}

/** Reads one object, treating any failure (missing kind, RBAC, unreachable) as absent, as istioctl does. */
async function tryGet(
  client: KubeClient,
  type: TypeRef,
  name: string,
  ns?: string,
): Promise<KubeObject | undefined> {
  return client.get(type, name, ns).catch(() => undefined)
}

/** Reads the version and CNI configurations istioctl looks at; never throws. */
export async function readClusterFacts(
  client: KubeClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClusterFacts> {
  const version = await client
    .version()
    .catch((e: unknown) => new MeshctlError(`fail to get Kubernetes version: ${(e as Error).message}`))
  const reachable = !(version instanceof MeshctlError)
  const [felix, cilium] = reachable
    ? await Promise.all([
        tryGet(client, FELIX_CONFIGURATION, 'default'),
        tryGet(client, Kinds.ConfigMap, 'cilium-config', 'kube-system'),
      ])
    : []
  return {
    version,
    settings: clusterSpecificSettings(reachable ? version : undefined, env),
    cni: {felix, cilium},
  }
}
