/**
 * What install prunes and uninstall removes (operator/pkg/uninstall/prune.go): the kinds searched, in
 * deletion order, and which found objects go. CRDs are never pruned; only `--purge` removes them.
 * @module
 */
import type {KubeObject, TypeRef} from '../kube/types.js'
import {COMPONENTS} from '../manifest/components.js'
import {OWNER} from './labels.js'
import {objectKey} from './plan.js'

const t = (apiVersion: string, kind: string): TypeRef => ({apiVersion, kind})

/** Namespaced kinds install prunes and uninstall removes. */
export const NAMESPACED_KINDS: readonly TypeRef[] = [
  t('apps/v1', 'Deployment'),
  t('apps/v1', 'DaemonSet'),
  t('v1', 'Service'),
  t('v1', 'ConfigMap'),
  t('v1', 'Pod'),
  t('v1', 'Secret'),
  t('v1', 'ServiceAccount'),
  t('rbac.authorization.k8s.io/v1', 'RoleBinding'),
  t('rbac.authorization.k8s.io/v1', 'Role'),
  t('policy/v1', 'PodDisruptionBudget'),
  t('autoscaling/v2', 'HorizontalPodAutoscaler'),
  t('networking.istio.io/v1alpha3', 'EnvoyFilter'),
]

/** Cluster-scoped kinds install prunes (no CRDs: deleting them would delete users' config). */
export const CLUSTER_KINDS: readonly TypeRef[] = [
  t('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'),
  t('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'),
  t('rbac.authorization.k8s.io/v1', 'ClusterRole'),
  t('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'),
]

/**
 * Kinds of istioctl's prune list that no 1.30.3 chart or meshctl addon renders. Install prunes only objects
 * carrying this install's owner labels, `operator.istio.io/version=1.30.3` among them, so no object of these
 * kinds can qualify unless it was labelled by hand: install skips their lists (uninstall still searches them,
 * for objects older versions installed). test/install/units.test.ts renders every profile to hold this.
 */
export const NEVER_RENDERED_KINDS: readonly string[] = ['Pod', 'Secret', 'EnvoyFilter']

/** The kinds install lists to prune, in deletion order. */
export const INSTALL_PRUNE_KINDS: readonly TypeRef[] = [...NAMESPACED_KINDS, ...CLUSTER_KINDS].filter(
  (t) => !NEVER_RENDERED_KINDS.includes(t.kind),
)

/** What `uninstall --purge` also removes. */
export const PURGE_KINDS: readonly TypeRef[] = [
  ...CLUSTER_KINDS,
  t('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
  t('k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition'),
]

/** Components install and uninstall manage: istioctl's, plus meshctl's addons. */
export function isManagedComponent(name: string | undefined): boolean {
  return !!name && (COMPONENTS.some((c) => c.name === name) || name.startsWith('addon-'))
}

/**
 * The live objects (found with the owner-label selector) that install prunes: those of a managed component
 * that this render no longer produces, except the ones marked not-pruned (the default revision tag).
 */
export function pruneCandidates(live: KubeObject[], rendered: KubeObject[]): KubeObject[] {
  const keep = new Set(rendered.map((o) => `${o.metadata.labels?.[OWNER.component] ?? ''}|${objectKey(o)}`))
  return live.filter((o) => {
    const labels = o.metadata.labels ?? {}
    const component = labels[OWNER.component]
    if (!isManagedComponent(component)) return false
    if (labels[OWNER.notPruned] === 'true') return false
    return !keep.has(`${component}|${objectKey(o)}`)
  })
}

/** `apps/v1, Kind=Deployment/name.namespace`, as istioctl names a removed object. */
export function removedName(o: KubeObject): string {
  return `${o.apiVersion}, Kind=${o.kind}/${o.metadata.name}.${o.metadata.namespace ?? ''}`
}
