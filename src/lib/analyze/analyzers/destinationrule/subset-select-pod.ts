import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newDestinationRuleSubsetNotSelectPods, newUnknownDestinationRuleHost} from '../../messages.gen.js'
import {specOf, type Resource} from '../../resource.js'
import {LabelIndex, metaLabels, ServiceIndex} from '../util.js'

interface DrSpec {
  host?: string
  exportTo?: string[]
  subsets?: {name?: string; labels?: Record<string, string>}[]
}

const REGION = 'topology.kubernetes.io/region'
const ZONE = 'topology.kubernetes.io/zone'
const SUBZONE = 'topology.istio.io/subzone'
const HOSTNAME = 'kubernetes.io/hostname'

/** Pod labels plus the topology labels Istio derives from the pod's node (region, zone, subzone, hostname). */
function augmentedLabels(
  pod: Resource,
  nodes: ReadonlyMap<string, Record<string, string>>,
): Record<string, string> {
  const nodeName = specOf<{nodeName?: string}>(pod).nodeName ?? ''
  const out = {...metaLabels(pod)}
  const node = nodes.get(nodeName)
  // istiod's locality string (region/zone/subzone) split again: a zone needs no region, a subzone a zone
  if (node) {
    if (node[REGION]) out[REGION] = node[REGION]
    if (node[ZONE]) out[ZONE] = node[ZONE]
    if (node[ZONE] && node[SUBZONE]) out[SUBZONE] = node[SUBZONE]
  }
  if (nodeName) out[HOSTNAME] = nodeName
  return out
}

/** IST0174 when a DestinationRule host matches no service, IST0173 when a subset selects no pod. */
export const subsetSelectPodAnalyzer: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  description: 'Checks if pods are selected by subsets in destination rules.',
  inputs: [K.DestinationRule, K.Pod, K.Service, K.ServiceEntry, K.Node],
  // Nodes only add topology labels; without them subsets on ordinary labels are still judged right.
  requires: [K.DestinationRule, K.Pod, K.Service, K.ServiceEntry],
  analyze(ctx) {
    const services = new ServiceIndex(ctx.store)
    const nodes = new Map(ctx.store.list(K.Node).map((n) => [n.name, metaLabels(n)]))
    const pods = new LabelIndex(
      ctx.store.list(K.Pod).map((p) => augmentedLabels(p, nodes)),
      (l) => l,
    )
    for (const dr of ctx.store.list(K.DestinationRule)) {
      const spec = specOf<DrSpec>(dr)
      const target = services.resolve(dr.namespace, spec.exportTo, spec.host ?? '')
      if (!target) {
        ctx.report(newUnknownDestinationRuleHost(dr, spec.host ?? ''), ['spec', 'host'])
        continue
      }
      ;(spec.subsets ?? []).forEach((s, i) => {
        const selector = {...(target.workloadSelector ?? {}), ...(s.labels ?? {})}
        if (!pods.some(selector))
          ctx.report(newDestinationRuleSubsetNotSelectPods(dr, s.name ?? ''), ['spec', 'subsets', i, 'name'])
      })
    }
  },
}
