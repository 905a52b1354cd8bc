import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newNoMatchingWorkloadsFound, newReferencedResourceNotFound} from '../../messages.gen.js'
import {annotationsOf, labelsOf, specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {LabelIndex, selectorText, workloadInMesh} from '../util.js'

interface AuthorizationPolicySpec {
  selector?: {matchLabels?: Record<string, string>}
  rules?: {from?: {source?: {namespaces?: string[]; notNamespaces?: string[]}}[]}[]
}
interface PodSpec {
  containers?: {name?: string; image?: string}[]
  initContainers?: {name?: string; image?: string}[]
}

const AMBIENT_REDIRECTION = 'ambient.istio.io/redirection'

/**
 * Istio's namespace pattern with a `*`: `*suffix` (`*` alone matches any name), or `prefix*`. A `*` inside
 * matches only a namespace of that literal name, which Kubernetes does not allow.
 */
function namespacePattern(exp: string): (ns: string) => boolean {
  if (exp.startsWith('*')) return (ns) => ns.endsWith(exp.slice(1))
  if (exp.endsWith('*')) return (ns) => ns.startsWith(exp.slice(0, -1))
  return () => false
}

/**
 * IST0127 when a policy's selector matches no in-mesh (sidecar or ambient) pod of its namespace, or of the
 * whole mesh for a root-namespace policy, and a namespace-wide policy has no such pods; IST0101 for each
 * `from.source.namespaces`/`notNamespaces` entry no namespace matches.
 */
export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  description: 'Checks the validity of authorization policies',
  inputs: [K.MeshConfig, K.AuthorizationPolicy, K.Namespace, K.Pod],
  analyze(ctx) {
    // In-mesh pods, indexed by labels per namespace and across the mesh.
    const meshPods: Resource[] = []
    for (const pod of ctx.store.list(K.Pod)) {
      const spec = specOf<PodSpec>(pod)
      const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])]
      const sidecar = workloadInMesh(ctx.store, pod.namespace, pod.object.metadata, containers)
      if (sidecar || annotationsOf(pod)[AMBIENT_REDIRECTION] === 'enabled') meshPods.push(pod)
    }
    const everywhere = new LabelIndex(meshPods, labelsOf)
    const grouped = new Map<string, Resource[]>()
    for (const p of meshPods) pushTo(grouped, p.namespace, p)
    const byNamespace = new Map<string, LabelIndex<Resource>>()
    const podsIn = (ns: string) => {
      let idx = byNamespace.get(ns)
      if (!idx) byNamespace.set(ns, (idx = new LabelIndex(grouped.get(ns) ?? [], labelsOf)))
      return idx
    }
    const namespaces = ctx.store.list(K.Namespace).map((n) => n.name)
    const exactNamespaces = new Set(namespaces.map((n) => n.toLowerCase()))
    const patternSeen = new Map<string, boolean>()
    const namespaceExists = (exp: string) => {
      // a name without `*` is compared case-insensitively (Go's strings.EqualFold)
      if (!exp.includes('*')) return exactNamespaces.has(exp.toLowerCase())
      let hit = patternSeen.get(exp)
      if (hit === undefined) patternSeen.set(exp, (hit = namespaces.some(namespacePattern(exp))))
      return hit
    }

    for (const ap of ctx.store.list(K.AuthorizationPolicy)) {
      const spec = specOf<AuthorizationPolicySpec>(ap)
      const selector = spec.selector ? (spec.selector.matchLabels ?? {}) : undefined
      if (ap.namespace === ctx.mesh.rootNamespace) {
        if (selector && !everywhere.some(selector))
          ctx.report(newNoMatchingWorkloadsFound(ap, selectorText(selector)))
      } else if (!selector) {
        if (!grouped.has(ap.namespace)) ctx.report(newNoMatchingWorkloadsFound(ap, ''))
      } else if (!podsIn(ap.namespace).some(selector)) {
        ctx.report(newNoMatchingWorkloadsFound(ap, selectorText(selector)))
      }

      ;(spec.rules ?? []).forEach((rule, i) =>
        (rule.from ?? []).forEach((from, j) => {
          for (const field of ['namespaces', 'notNamespaces'] as const)
            (from.source?.[field] ?? []).forEach((ns, k) => {
              if (!namespaceExists(ns))
                ctx.report(newReferencedResourceNotFound(ap, 'namespace', ns), [
                  'spec',
                  'rules',
                  i,
                  'from',
                  j,
                  'source',
                  field,
                  k,
                ])
            })
        }),
      )
    }
  },
}
