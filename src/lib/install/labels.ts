/**
 * The labels istioctl stamps on everything it installs (operator/pkg/manifest/name.go, install.getOwnerLabels),
 * which pruning and uninstall select on.
 * @module
 */
import {ISTIO_VERSION} from '../version/info.js'
import {getString, type Tree} from '../manifest/values.js'

export const OWNER = {
  component: 'operator.istio.io/component',
  managed: 'operator.istio.io/managed',
  version: 'operator.istio.io/version',
  owningName: 'install.operator.istio.io/owning-resource',
  owningNamespace: 'install.operator.istio.io/owning-resource-namespace',
  /** Set on the default revision tag objects: pruning leaves them alone. */
  notPruned: 'install.operator.istio.io/owning-resource-not-pruned',
  revision: 'istio.io/rev',
} as const

/** The revision an IstioOperator installs: `spec.values.revision`, or `default`. */
export function revisionOf(merged: Tree): string {
  return getString(merged, 'spec.values.revision') || 'default'
}

/** The namespace an IstioOperator installs into: `metadata.namespace`, or istio-system. */
export function namespaceOf(merged: Tree): string {
  return getString(merged, 'metadata.namespace') || 'istio-system'
}

/** istioctl's owner labels for one component ('' for the labels every component shares). */
export function ownerLabels(merged: Tree, component = ''): Record<string, string> {
  const labels: Record<string, string> = {
    [OWNER.managed]: 'Reconcile',
    [OWNER.version]: ISTIO_VERSION,
  }
  const name = getString(merged, 'metadata.name')
  if (name) labels[OWNER.owningName] = name
  const ns = getString(merged, 'metadata.namespace')
  if (ns) labels[OWNER.owningNamespace] = ns
  labels[OWNER.revision] = revisionOf(merged)
  if (component) labels[OWNER.component] = component
  return labels
}

/** A label selector string (`k=v,k2=v2`) for a set of labels. */
export function selectorOf(labels: Record<string, string>, extra: string[] = []): string {
  return [
    ...Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`),
    ...extra,
  ].join(',')
}
