import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newMultiClusterInconsistentService} from '../../messages.gen.js'
import {specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'

interface ServiceSpec {
  type?: string
  clusterIP?: string
  ports?: {name?: string}[]
}

/** A canonical text of a value (object keys sorted), for deep comparison. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(v) ?? 'null'
}

/** Ports in name order, as istioctl compares them. */
const portsText = (s: ServiceSpec) =>
  canonical(
    [...(s.ports ?? [])].sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : a.name === b.name ? 0 : 1)),
  )

/**
 * IST0170 when a Service (same namespace and name) read from several clusters (`--remote-contexts`)
 * differs between them: headless in some and not others, another type, or other ports. Services from
 * files or a single cluster are not compared.
 */
export const multiClusterServiceAnalyzer: Analyzer = {
  name: 'services.MultiClusterServiceAnalyzer',
  description: 'Check the validity of services in the multi-cluster environment',
  inputs: [K.Service],
  analyze(ctx) {
    const byName = new Map<string, Resource[]>()
    for (const svc of ctx.store.list(K.Service))
      if (svc.origin.type === 'cluster') pushTo(byName, `${svc.namespace}/${svc.name}`, svc)

    // istioctl names the analysed cluster "default"; remotes go by their kubeconfig cluster names
    const clusterOf = (r: Resource) => (r.origin.type === 'cluster' && r.origin.cluster) || 'default'
    for (const services of byName.values()) {
      if (new Set(services.map(clusterOf)).size < 2) continue
      const [first, ...rest] = services
      const base = specOf<ServiceSpec>(first)
      const headless = (s: ServiceSpec) => s.clusterIP === 'None'
      const clusters = new Set<string>()
      const reasons = new Set<string>()
      for (const svc of rest) {
        const spec = specOf<ServiceSpec>(svc)
        if (headless(spec) !== headless(base)) {
          for (const s of services) clusters.add(clusterOf(s))
          reasons.add('service has mixed mode like headless and clusterIP')
        }
        if ((spec.type ?? '') !== (base.type ?? '')) {
          clusters.add(clusterOf(svc))
          reasons.add('service type is inconsistent')
        }
        if (portsText(spec) !== portsText(base)) {
          clusters.add(clusterOf(svc))
          reasons.add('service ports are inconsistent')
        }
      }
      if (clusters.size === 0) continue
      clusters.add(clusterOf(first))
      ctx.report(
        newMultiClusterInconsistentService(
          first,
          first.name,
          first.namespace,
          [...clusters].sort(),
          [...reasons].sort().join('; '),
        ),
      )
    }
  },
}
