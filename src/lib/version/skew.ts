import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import {discoveryVersions, istiodDeployments} from '../install/version-check.js'
import {ISTIO_VERSION, skewWarning} from './info.js'

/**
 * `version`'s skew warning for commands that act on a cluster (install, analyze): the control plane's
 * versions are read from the istiod Deployments' images (one request, no port-forward), every revision.
 * Never fails the command: a cluster that cannot be read gives no warning.
 */
export async function controlPlaneSkewWarning(
  client: KubeClient,
  istioNamespace: string,
): Promise<string | undefined> {
  return skewWarningFor(await istiodDeployments(client, istioNamespace))
}

/** The skew warning for istiod Deployments already read (install reads them once for two warnings). */
export function skewWarningFor(deployments: KubeObject[]): string | undefined {
  return skewWarning(ISTIO_VERSION, discoveryVersions(deployments))
}
