import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newMultiClusterInconsistentService} from '../../messages.gen.js'
import {specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'

interface ServiceSpec {
  type?: string
  clusterIP?: string
  ports?: Record<string, unknown>[]
}

/** A port as text, its fields in name order (a port's fields are scalars). */
const portText = (p: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(p)
      .sort()
      .map((k) => [k, p[k]]),
  )

/**
 * The ports as istioctl compares them (sorted by name, then deeply equal): with the unique names a Service's
 * ports have, that is the same as comparing their sorted texts.
 */
const portsText = (s: ServiceSpec) => (s.ports ?? []).map(portText).sort().join()

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
    // istioctl names the analysed cluster "default"; remotes go by their kubeconfig cluster names. Each
    // cluster holds one Service of a name; files replace the primary cluster's and are not compared.
    const byName = new Map<string, {svc: Resource; cluster: string}[]>()
    for (const svc of ctx.store.list(K.Service))
      if (svc.origin.type === 'cluster')
        pushTo(byName, `${svc.namespace}/${svc.name}`, {svc, cluster: svc.origin.cluster || 'default'})

    for (const services of byName.values()) {
      const [{svc: first, cluster: firstCluster}, ...rest] = services
      const base = specOf<ServiceSpec>(first)
      const headless = (s: ServiceSpec) => s.clusterIP === 'None'
      const clusters = new Set<string>()
      const reasons = new Set<string>()
      for (const {svc, cluster} of rest) {
        const spec = specOf<ServiceSpec>(svc)
        if (headless(spec) !== headless(base)) {
          for (const s of services) clusters.add(s.cluster)
          reasons.add('service has mixed mode like headless and clusterIP')
        }
        if ((spec.type ?? '') !== (base.type ?? '')) {
          clusters.add(cluster)
          reasons.add('service type is inconsistent')
        }
        if (portsText(spec) !== portsText(base)) {
          clusters.add(cluster)
          reasons.add('service ports are inconsistent')
        }
      }
      if (clusters.size === 0) continue
      clusters.add(firstCluster)
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
