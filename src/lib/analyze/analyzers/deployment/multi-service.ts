import type {AnalysisContext, Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newDeploymentAssociatedToMultipleServices, newDeploymentConflictingPorts} from '../../messages.gen.js'
import {labelsOf, specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {LabelIndex, workloadInMesh} from '../util.js'

const templateLabels = (d: Resource) => specOf<DeploymentSpec>(d).template?.metadata?.labels ?? {}

interface DeploymentSpec {
  template?: {
    metadata?: {labels?: Record<string, string>; annotations?: Record<string, string>}
    spec?: {containers?: {name?: string; image?: string}[]}
  }
}
/** Whether a Deployment's pods are in the mesh (istioctl's util.DeploymentInMesh). */
function inMesh(d: Resource, ctx: AnalysisContext): boolean {
  const t = specOf<DeploymentSpec>(d).template ?? {}
  return workloadInMesh(ctx.store, d.namespace, t.metadata ?? {}, t.spec?.containers ?? [])
}

interface SvcSpec {
  selector?: Record<string, string>
  ports?: {port?: number; protocol?: string; targetPort?: number | string}[]
}

/**
 * IST0116 when Services of one Deployment use a port with different protocols, IST0137 when they map one
 * targetPort to different ports.
 */
export const multiServiceAnalyzer: Analyzer = {
  name: 'deployment.MultiServiceAnalyzer',
  description: 'Checks association between services and pods',
  inputs: [K.Service, K.Deployment, K.Namespace],
  requires: [K.Service, K.Deployment],
  analyze(ctx) {
    const deployments = ctx.store
      .list(K.Deployment)
      .filter((d) => labelsOf(d)['gateway.istio.io/managed'] !== 'istio.io-mesh-controller' && inMesh(d, ctx))
    // Each Service finds the Deployments its selector picks through a label index of its namespace, so
    // the cost follows the matches, not Deployments × Services.
    const byNamespace = new Map<string, Resource[]>()
    for (const d of deployments) pushTo(byNamespace, d.namespace, d)
    const indexes = new Map<string, LabelIndex<Resource>>()
    const servicesOf = new Map<Resource, Resource[]>()
    for (const s of ctx.store.list(K.Service)) {
      const sel = specOf<SvcSpec>(s).selector ?? {}
      if (Object.keys(sel).length === 0 || !byNamespace.has(s.namespace)) continue
      let idx = indexes.get(s.namespace)
      if (!idx)
        indexes.set(s.namespace, (idx = new LabelIndex(byNamespace.get(s.namespace)!, templateLabels)))
      for (const d of idx.select(sel)) pushTo(servicesOf, d, s)
    }
    for (const d of deployments) {
      const services = servicesOf.get(d) ?? []

      const protocols = new Map<number, Map<string, string[]>>()
      const targets = new Map<string, Map<number, string>>()
      for (const s of services) {
        const name = `${s.namespace}/${s.name}`
        for (const p of specOf<SvcSpec>(s).ports ?? []) {
          const port = Number(p.port ?? 0)
          const byProto = protocols.get(port) ?? new Map<string, string[]>()
          protocols.set(port, byProto)
          const proto = p.protocol || 'TCP'
          pushTo(byProto, proto, name)
          const tp =
            p.targetPort === undefined || String(p.targetPort) === '0' ? String(port) : String(p.targetPort)
          const byPort = targets.get(tp) ?? new Map<number, string>()
          targets.set(tp, byPort)
          byPort.set(port, name)
        }
      }
      for (const [port, byProto] of protocols)
        if (byProto.size > 1)
          ctx.report(
            newDeploymentAssociatedToMultipleServices(d, d.name, port, [...byProto.values()].flat().sort()),
            ['metadata', 'name'],
          )
      for (const [tp, byPort] of targets)
        if (byPort.size > 1)
          ctx.report(
            newDeploymentConflictingPorts(
              d,
              d.name,
              [...byPort.values()].sort(),
              tp,
              [...byPort.keys()].sort((a, b) => a - b),
            ),
            ['metadata', 'name'],
          )
    }
  },
}
