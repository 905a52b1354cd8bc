/**
 * What istioctl does to rendered objects after Helm (operator/pkg/render/postprocess.go): each
 * `components.<c>.k8s.<field>` becomes a strategic merge patch on the component's workload, Service, HPA
 * or PDB, then `k8s.overlays` edit objects by path.
 * @module
 */
import {strategicMergePatch} from '../kube/strategic-merge.js'
import type {Component, ComponentSpec} from './components.js'
import type {Json} from './goyaml.js'
import {applyOverlayPatch, OverlayError} from './overlay.js'
import {clone, getPath, isTree, type Tree} from './values.js'

/** A rendered object and the component it came from. */
export type K8sObject = Tree

type Target = 'workload' | 'HorizontalPodAutoscaler' | 'PodDisruptionBudget' | 'Service'

/** `k8s` field → target and how the user's value sits in the patch. */
const PATCHES: ReadonlyArray<[string, Target, (v: Json, container: string) => Tree]> = [
  ['affinity', 'workload', (v) => ({spec: {template: {spec: {affinity: v}}}})],
  ['env', 'workload', (v, c) => ({spec: {template: {spec: {containers: [{name: c, env: v}]}}}})],
  ['hpaSpec', 'HorizontalPodAutoscaler', (v) => ({spec: v})],
  [
    'imagePullPolicy',
    'workload',
    (v, c) => ({spec: {template: {spec: {containers: [{name: c, imagePullPolicy: v}]}}}}),
  ],
  ['nodeSelector', 'workload', (v) => ({spec: {template: {spec: {nodeSelector: v}}}})],
  ['podDisruptionBudget', 'PodDisruptionBudget', (v) => ({spec: v})],
  ['podAnnotations', 'workload', (v) => ({spec: {template: {metadata: {annotations: v}}}})],
  ['priorityClassName', 'workload', (v) => ({spec: {template: {spec: {priorityClassName: v}}}})],
  [
    'readinessProbe',
    'workload',
    (v, c) => ({spec: {template: {spec: {containers: [{name: c, readinessProbe: v}]}}}}),
  ],
  ['replicaCount', 'workload', (v) => ({spec: {replicas: v}})],
  ['resources', 'workload', (v, c) => ({spec: {template: {spec: {containers: [{name: c, resources: v}]}}}})],
  ['strategy', 'workload', (v) => ({spec: {strategy: v}})],
  ['tolerations', 'workload', (v) => ({spec: {template: {spec: {tolerations: v}}}})],
  ['serviceAnnotations', 'Service', (v) => ({metadata: {annotations: v}})],
  ['service', 'Service', (v) => ({spec: v})],
  ['securityContext', 'workload', (v) => ({spec: {template: {spec: {securityContext: v}}}})],
]

/** The name of the component's main objects (gateways may rename; revisioned istiod gets `-<rev>`). */
export function mainResourceName(c: Component, spec: ComponentSpec, values: Tree): string {
  let rn = spec.name !== '' ? spec.name : c.resourceName
  if (c.name === 'Pilot') {
    const rev = getPath(values, 'spec.values.revision')
    const r = typeof rev === 'string' && rev !== '' ? rev : 'default'
    if (r !== 'default') rn = `${rn}-${r}`
  }
  return rn
}

/** PDBs cannot carry both minAvailable and maxUnavailable; a user's maxUnavailable wins over the default. */
function fixPodDisruptionBudget(o: K8sObject): K8sObject {
  const spec = o.spec
  if (isTree(spec) && 'maxUnavailable' in spec && 'minAvailable' in spec) spec.minAvailable = null
  return o
}

/**
 * Applies the component's `k8s` settings and overlays to its rendered objects. Overlay patches that do not
 * apply are reported through `warn` and skipped (istioctl drops them silently).
 */
export function postProcess(
  c: Component,
  spec: ComponentSpec,
  objects: K8sObject[],
  values: Tree,
  warn: (message: string) => void = () => {},
): K8sObject[] {
  const k8s = spec.raw.k8s
  if (!isTree(k8s)) return objects
  const isGateway = c.name === 'IngressGateways' || c.name === 'EgressGateways'
  const rn = mainResourceName(c, spec, values)
  const out = objects.slice()
  for (const [field, target, make] of PATCHES) {
    if (!(field in k8s)) continue
    let v = k8s[field]!
    // Gateway Service ports already went into the chart's `ports` value (strategic merge mishandles them).
    if (field === 'service' && isGateway && isTree(v)) {
      v = clone(v)
      delete (v as Tree).ports
    }
    const kind = target === 'workload' ? c.resourceType : target
    const patch = make(v, c.containerName)
    out.forEach((o, i) => {
      if (o.kind !== kind || getPath(o, 'metadata.name') !== rn) return
      let patched = strategicMergePatch(o, patch, kind)
      if (field === 'podDisruptionBudget') patched = fixPodDisruptionBudget(patched)
      out[i] = patched
    })
  }
  const overlays = Array.isArray(k8s.overlays) ? k8s.overlays : []
  for (const ov of overlays) {
    if (!isTree(ov)) continue
    out.forEach((o, i) => {
      if (o.kind !== (ov.kind ?? '') || getPath(o, 'metadata.name') !== (ov.name ?? '')) return
      const next = clone(o)
      const errors: string[] = []
      for (const p of Array.isArray(ov.patches) ? ov.patches : []) {
        if (!isTree(p)) continue
        try {
          applyOverlayPatch(next, typeof p.path === 'string' ? p.path : '', p.value)
        } catch (e) {
          if (e instanceof OverlayError) errors.push(e.message)
          else throw e
        }
      }
      for (const e of errors) warn(`overlay on ${String(ov.kind)}/${String(ov.name)} skipped a patch: ${e}`)
      out[i] = next
    })
  }
  return out
}
