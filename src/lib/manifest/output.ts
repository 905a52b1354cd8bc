/**
 * Ordering and printing rendered objects: one deterministic multi-document YAML stream (CRDs, Namespaces,
 * other cluster-scoped objects, then namespaced objects component by component), each document written as
 * istioctl writes it (sigs.k8s.io/yaml, followed by a blank line and `---`).
 * @module
 */
import {marshalYaml, type Json} from './goyaml.js'
import {knownText} from './known-documents.js'
import {getString, type Tree} from './values.js'

/** One rendered object and the component (or addon) that produced it. */
export interface RenderedObject {
  component: string
  object: Tree
}

/** Kinds that are not namespaced (those Istio charts and the addons produce, and their usual neighbours). */
const CLUSTER_SCOPED = new Set([
  'CustomResourceDefinition',
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'APIService',
  'GatewayClass',
])

/** istioctl's kind ranks (manifest-generate.go objectKindOrdering): what must exist before what. */
export function kindRank(o: Tree): number {
  const gk = `${groupOf(o)}/${String(o.kind ?? '')}`
  switch (gk) {
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return -1000
    case '/ServiceAccount':
    case 'rbac.authorization.k8s.io/ClusterRole':
      return 1
    case 'rbac.authorization.k8s.io/ClusterRoleBinding':
      return 2
    case 'admissionregistration.k8s.io/ValidatingWebhookConfiguration':
      return 3
    case '/ConfigMap':
      return 100
    case 'autoscaling/HorizontalPodAutoscaler':
      return 1001
    case '/Service':
      return 10000
    default:
      return 1000
  }
}

/** The API group of an object (`apps` for apps/v1, '' for v1). */
export function groupOf(o: Tree): string {
  const av = String(o.apiVersion ?? '')
  const i = av.indexOf('/')
  return i < 0 ? '' : av.slice(0, i)
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0)

/** Orders objects: CRDs, Namespaces, cluster-scoped, then namespaced grouped by component (in the given order). */
export function orderObjects(objects: RenderedObject[], componentOrder: string[]): RenderedObject[] {
  const band = (r: RenderedObject): number => {
    const kind = String(r.object.kind ?? '')
    if (kind === 'CustomResourceDefinition') return 0
    if (kind === 'Namespace') return 1
    return CLUSTER_SCOPED.has(kind) ? 2 : 3
  }
  const compIndex = (r: RenderedObject): number => {
    const i = componentOrder.indexOf(r.component)
    return i < 0 ? componentOrder.length : i
  }
  return objects
    .map((r, i) => ({r, i}))
    .sort(
      (x, y) =>
        cmp(band(x.r), band(y.r)) ||
        (band(x.r) === 3 ? cmp(compIndex(x.r), compIndex(y.r)) : 0) ||
        cmp(kindRank(x.r.object), kindRank(y.r.object)) ||
        cmp(groupOf(x.r.object), groupOf(y.r.object)) ||
        cmp(String(x.r.object.kind ?? ''), String(y.r.object.kind ?? '')) ||
        cmp(getString(x.r.object, 'metadata.name'), getString(y.r.object, 'metadata.name')) ||
        cmp(getString(x.r.object, 'metadata.namespace'), getString(y.r.object, 'metadata.namespace')) ||
        x.i - y.i,
    )
    .map((x) => x.r)
}

/** One document as `manifest generate` prints it (a known document's text is already that). */
export function formatDocument(o: Json): string {
  return (knownText(o) ?? marshalYaml(o)) + '\n---\n'
}

/** The whole stream. */
export function formatManifest(objects: RenderedObject[]): string {
  return objects.map((r) => formatDocument(r.object)).join('')
}

/** File name for a component's objects in `-o DIR` mode. */
export function componentFileName(component: string): string {
  return `${component.replace(/[^A-Za-z0-9_.-]/g, '_')}.yaml`
}

/** Groups the ordered stream per component: file name → text. */
export function formatPerComponent(objects: RenderedObject[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const r of objects) {
    const f = componentFileName(r.component)
    out.set(f, (out.get(f) ?? '') + formatDocument(r.object))
  }
  return out
}
