import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import {imageVersion} from '../install/version-check.js'
import {ISTIO_VERSION, skewWarning} from './info.js'

interface Deployment extends KubeObject {
  spec?: {template?: {spec?: {containers?: {name: string; image?: string}[]}}}
}

/**
 * `version`'s skew warning for commands that act on a cluster (install, analyze): the control plane's
 * versions are read from the istiod Deployments' images (one request, no port-forward), every revision.
 * Never fails the command: a cluster that cannot be read gives no warning.
 */
export async function controlPlaneSkewWarning(
  client: KubeClient,
  istioNamespace: string,
): Promise<string | undefined> {
  try {
    const deployments = await client.list<Deployment>(
      {apiVersion: 'apps/v1', kind: 'Deployment'},
      {namespace: istioNamespace, labelSelector: 'app=istiod'},
    )
    const versions = deployments.flatMap((d) =>
      (d.spec?.template?.spec?.containers ?? [])
        .filter((c) => c.name === 'discovery')
        .flatMap((c) => imageVersion(c.image ?? '') ?? []),
    )
    return skewWarning(ISTIO_VERSION, versions)
  } catch {
    return undefined
  }
}
