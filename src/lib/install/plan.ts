/**
 * An install plan: the rendered objects grouped per component with istioctl's owner labels stamped on,
 * and the order istioctl applies components in (operator/pkg/install componentDependencies):
 * Base → {Pilot, CNI}; Pilot → {ingress, egress gateways}; CNI → ztunnel. meshctl's addons wait for nothing
 * but the namespace.
 * @module
 */
import {ADDONS} from '../manifest/addons.js'
import {COMPONENTS} from '../manifest/components.js'
import type {RenderedObject} from '../manifest/output.js'
import {clone, isTree, type Tree} from '../manifest/values.js'
import type {KubeObject} from '../kube/types.js'
import {namespaceOf, ownerLabels, revisionOf} from './labels.js'

/** Which component must be complete before another starts. */
export const DEPENDS_ON: Readonly<Record<string, string>> = {
  Pilot: 'Base',
  Cni: 'Base',
  IngressGateways: 'Pilot',
  EgressGateways: 'Pilot',
  Ztunnel: 'Cni',
}

/** One component's objects, ready to apply. */
export interface ComponentSet {
  /** The `operator.istio.io/component` value (`Base`, `Pilot`, …, or `addon-<name>`). */
  name: string
  /** What progress lines call it. */
  displayName: string
  icon: string
  objects: KubeObject[]
  /** The component this one waits for, if any. */
  dependsOn?: string
}

export interface InstallPlan {
  namespace: string
  revision: string
  /** The profile name (for the confirmation prompt). */
  profile: string
  /** The network label the namespace gets (values.global.network). */
  network: string
  components: ComponentSet[]
  /** The merged IstioOperator the plan came from. */
  merged: Tree
}

function display(name: string): {displayName: string; icon: string} {
  const c = COMPONENTS.find((x) => x.name === name)
  if (c) return {displayName: c.displayName, icon: c.icon}
  const addon = name.replace(/^addon-/, '')
  return {displayName: `Addon ${addon}`, icon: '📊'}
}

/** `Kind:namespace:name` (cluster roles and bindings without namespace), istioctl's ObjectHash. */
export function objectKey(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  if (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding') return `${o.kind}:${o.metadata.name}`
  return `${o.kind}:${o.metadata.namespace ?? ''}:${o.metadata.name}`
}

/** Copies an object and merges the labels in. */
export function withLabels(o: Tree, labels: Record<string, string>): KubeObject {
  const out = clone(o) as KubeObject
  out.metadata = isTree(out.metadata) ? out.metadata : {}
  out.metadata.labels = {...(out.metadata.labels ?? {}), ...labels}
  return out
}

/** istioctl's component order, then meshctl's addons (in their install order). */
function rank(name: string): number {
  const i = COMPONENTS.findIndex((c) => c.name === name)
  if (i >= 0) return i
  const a = (ADDONS as readonly string[]).indexOf(name.replace(/^addon-/, ''))
  return COMPONENTS.length + (a >= 0 ? a : ADDONS.length)
}

/** Groups rendered objects per component (in render order) and stamps the owner labels. */
export function buildPlan(objects: RenderedObject[], merged: Tree): InstallPlan {
  const byName = new Map<string, ComponentSet>()
  for (const {component, object} of objects) {
    let set = byName.get(component)
    if (!set) {
      set = {name: component, ...display(component), objects: [], dependsOn: DEPENDS_ON[component]}
      byName.set(component, set)
    }
    set.objects.push(withLabels(object, ownerLabels(merged, component)))
  }
  const spec = isTree(merged.spec) ? merged.spec : {}
  const values = isTree(spec.values) ? spec.values : {}
  const global = isTree(values.global) ? values.global : {}
  return {
    namespace: namespaceOf(merged),
    revision: revisionOf(merged),
    profile: typeof spec.profile === 'string' && spec.profile ? spec.profile : 'default',
    network: typeof global.network === 'string' ? global.network : '',
    components: [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name)),
    merged,
  }
}

/** Every object of a plan, in component order. */
export function planObjects(plan: InstallPlan): KubeObject[] {
  return plan.components.flatMap((c) => c.objects)
}
