/**
 * istioctl's warning when the control plane of the same revision runs another Istio version
 * (install.go detectIstioVersionDiff), read from the istiod Deployments' images.
 * @module
 */
import type {KubeClient} from '../kube/client.js'
import type {KubeObject} from '../kube/types.js'
import {ISTIO_VERSION} from '../version/info.js'

const DEPLOYMENT = {apiVersion: 'apps/v1', kind: 'Deployment'}

/** The version in an image reference's tag (`…/pilot:1.29.1-distroless` → 1.29.1). */
export function imageVersion(image: string): string | undefined {
  const m = /:(\d+\.\d+\.\d+)/.exec(image.replace(/@.*$/, ''))
  return m?.[1]
}

function cmp(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0)
  return 0
}

/** The warning lines, or [] when nothing of this revision runs or it runs this version. */
export function versionWarning(installed: string | undefined, revision: string): string[] {
  if (!installed || installed === ISTIO_VERSION) return []
  const verb = cmp(installed, ISTIO_VERSION) < 0 ? 'upgraded' : 'downgraded'
  return [
    `WARNING: Istio is being ${verb} from ${installed} to ${ISTIO_VERSION}.`,
    ...(revision === 'default'
      ? [
          '         Running this command will overwrite it; use revisions to upgrade alongside the existing version.',
        ]
      : []),
    "         Before upgrading, you may wish to use 'meshctl x precheck' to check for upgrade warnings.",
  ]
}

/** The istiod Deployments of every revision in the namespace; none when the cluster cannot be read. */
export function istiodDeployments(client: KubeClient, namespace: string): Promise<KubeObject[]> {
  return client.list<KubeObject>(DEPLOYMENT, {namespace, labelSelector: 'app=istiod'}).catch(() => [])
}

/** The istio versions in the images of `deployments`' discovery containers. */
export function discoveryVersions(deployments: KubeObject[]): string[] {
  return deployments.flatMap((d) => {
    const containers = ((d.spec as {template?: {spec?: {containers?: {name: string; image?: string}[]}}})
      ?.template?.spec?.containers ?? []) as {name: string; image?: string}[]
    return containers.filter((c) => c.name === 'discovery').flatMap((c) => imageVersion(c.image ?? '') ?? [])
  })
}

/** The newest Istio version istiod of this revision runs, among the namespace's istiod `deployments`. */
export function installedVersion(deployments: KubeObject[], revision: string): string | undefined {
  const own = deployments.filter((d) => d.metadata.labels?.['istio.io/rev'] === revision)
  return discoveryVersions(own).sort(cmp).at(-1)
}
