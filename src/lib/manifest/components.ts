/**
 * The components an IstioOperator installs (operator/pkg/component): which chart each renders, where its
 * values live, when it is enabled, and the per-component view of the values each chart receives.
 * @module
 */
import type {Json} from './goyaml.js'
import {
  clone,
  getBool,
  getPath,
  getString,
  getTree,
  isTree,
  setPath,
  setSpecPaths,
  type Tree,
} from './values.js'

/** A component's user-facing name (also the `operator.istio.io/component` label value). */
export type ComponentName = 'Base' | 'Pilot' | 'IngressGateways' | 'EgressGateways' | 'Cni' | 'Ztunnel'

/** Static facts about one component. */
export interface Component {
  name: ComponentName
  /** The key under `spec.components`. */
  specName: string
  /** Enabled when the key is absent. */
  default: boolean
  /** A list of gateways rather than one component. */
  multi: boolean
  /** Kind and name of the main workload, the target of `k8s` patches. */
  resourceType: string
  resourceName: string
  containerName: string
  /** Chart directory under `<manifests>/charts`. */
  chartDir: string
  /** Where this component's settings live under `values`. */
  valuesRoot: string
  /** The chart expects `values.<root>.*` at the top level. */
  flattenValues: boolean
  /** A values path that force-enables the component. */
  altEnablementPath?: string
  /** Display name and icon used by install progress. */
  displayName: string
  icon: string
}

/** All components in istioctl's render order. */
export const COMPONENTS: readonly Component[] = [
  {
    name: 'Base',
    specName: 'base',
    default: true,
    multi: false,
    resourceType: '',
    resourceName: '',
    containerName: '',
    chartDir: 'base',
    valuesRoot: 'global',
    flattenValues: false,
    displayName: 'Istio core',
    icon: '⛵️',
  },
  {
    name: 'Pilot',
    specName: 'pilot',
    default: true,
    multi: false,
    resourceType: 'Deployment',
    resourceName: 'istiod',
    containerName: 'discovery',
    chartDir: 'istio-control/istio-discovery',
    valuesRoot: 'pilot',
    flattenValues: false,
    displayName: 'Istiod',
    icon: '🧠',
  },
  {
    name: 'IngressGateways',
    specName: 'ingressGateways',
    default: true,
    multi: true,
    resourceType: 'Deployment',
    resourceName: 'istio-ingressgateway',
    containerName: 'istio-proxy',
    chartDir: 'gateways/istio-ingress',
    valuesRoot: 'gateways.istio-ingressgateway',
    flattenValues: false,
    altEnablementPath: 'spec.values.gateways.istio-ingressgateway.enabled',
    displayName: 'Ingress gateways',
    icon: '🛬',
  },
  {
    name: 'EgressGateways',
    specName: 'egressGateways',
    default: false,
    multi: true,
    resourceType: 'Deployment',
    resourceName: 'istio-egressgateway',
    containerName: 'istio-proxy',
    chartDir: 'gateways/istio-egress',
    valuesRoot: 'gateways.istio-egressgateway',
    flattenValues: false,
    altEnablementPath: 'spec.values.gateways.istio-egressgateway.enabled',
    displayName: 'Egress gateways',
    icon: '🛫',
  },
  {
    name: 'Cni',
    specName: 'cni',
    default: false,
    multi: false,
    resourceType: 'DaemonSet',
    resourceName: 'istio-cni-node',
    containerName: 'install-cni',
    chartDir: 'istio-cni',
    valuesRoot: 'cni',
    flattenValues: false,
    displayName: 'CNI',
    icon: '🪢',
  },
  {
    name: 'Ztunnel',
    specName: 'ztunnel',
    default: false,
    multi: false,
    resourceType: 'DaemonSet',
    resourceName: 'ztunnel',
    containerName: 'istio-proxy',
    chartDir: 'ztunnel',
    valuesRoot: 'ztunnel',
    flattenValues: true,
    displayName: 'Ztunnel',
    icon: '🔒',
  },
]

/** One enabled instance of a component (one per gateway for gateway lists). */
export interface ComponentSpec {
  namespace: string
  /** Gateway name (empty for single components). */
  name: string
  label: {[k: string]: Json}
  hub: string
  tag: Json | undefined
  /** The raw `spec.components.<x>` entry (with `k8s`), or {} for a defaulted component. */
  raw: Tree
}

function buildSpec(m: Tree, defaultNamespace: string): ComponentSpec {
  return {
    namespace: (typeof m.namespace === 'string' && m.namespace) || defaultNamespace || 'istio-system',
    name: typeof m.name === 'string' ? m.name : '',
    label: isTree(m.label) ? m.label : {},
    hub: typeof m.hub === 'string' ? m.hub : '',
    tag: m.tag === null ? undefined : m.tag,
    raw: m,
  }
}

/** `enabled` unset counts as enabled (BoolValue.GetValueOrTrue). */
function enabledOrTrue(m: Tree): boolean {
  return m.enabled === undefined || m.enabled === null ? true : m.enabled === true
}

/** The enabled instances of a component in a merged IstioOperator (component.Get). */
export function componentSpecs(c: Component, merged: Tree): ComponentSpec[] {
  const defaultNamespace = getString(merged, 'metadata.namespace')
  const altEnabled = c.altEnablementPath ? getBool(merged, c.altEnablementPath) : false
  const fallback = c.default || altEnabled ? [buildSpec({}, defaultNamespace)] : []
  // Only a plain read: `components.x` may hold keys with dots in a real path.
  const components = getTree(merged, 'spec.components')
  const entry = components ? components[c.specName] : undefined
  if (c.multi) {
    if (entry === undefined) return fallback
    const list = Array.isArray(entry) ? entry : []
    return list
      .map((e) => buildSpec(isTree(e) ? e : {}, defaultNamespace))
      .filter((s) => enabledOrTrue(s.raw) || altEnabled)
  }
  if (!isTree(entry)) return fallback
  const spec = buildSpec(entry, defaultNamespace)
  return enabledOrTrue(entry) || altEnabled ? [spec] : []
}

/** The values one chart renders with (applyComponentValuesToHelmValues): gateway name/labels/ports, hub/tag, flattening. */
export function componentValues(c: Component, spec: ComponentSpec, merged: Tree): Tree {
  const isGateway = c.name === 'IngressGateways' || c.name === 'EgressGateways'
  const root = c.valuesRoot
  if (!isGateway && !c.flattenValues && spec.hub === '' && spec.tag === undefined) return merged
  const out = clone(merged)
  if (isGateway) {
    setPath(out, `spec.values.${root}.name`, spec.name)
    setPath(out, `spec.values.${root}.labels`, clone(spec.label))
    const ports = getPath(spec.raw, 'k8s.service.ports')
    if (Array.isArray(ports) && ports.length > 0) setPath(out, `spec.values.${root}.ports`, clone(ports))
  }
  if (spec.hub !== '') setSpecPaths(out, [`values.${root}.hub=${spec.hub}`])
  if (spec.tag !== undefined) setSpecPaths(out, [`values.${root}.tag=${String(spec.tag)}`])
  if (c.flattenValues) {
    const cv = getTree(out, `spec.values.${root}`)
    if (cv) {
      const vals = getTree(out, 'spec.values') ?? {}
      const nv: Tree = {global: vals.global ?? null}
      for (const [k, v] of Object.entries(vals)) if (!isTree(v)) nv[k] = v
      Object.assign(nv, cv)
      ;(out.spec as Tree).values = nv
    }
  }
  return out
}
