import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newInvalidApplicationUID} from '../../messages.gen.js'
import {specOf, type Resource} from '../../resource.js'
import {isControlPlane} from '../util.js'

/** The UID the sidecar runs as; an application container running as it bypasses traffic capture. */
const PROXY_UID = 1337
const EXEMPT_CONTAINERS = new Set(['istio-proxy', 'istio-operator'])

interface PodSpec {
  securityContext?: {runAsUser?: number}
  containers?: {name?: string; securityContext?: {runAsUser?: number}}[]
}

/** The first place of a pod spec that sets UID 1337: the pod's security context or an application container's. */
function proxyUidField(spec: PodSpec | undefined): (string | number)[] | undefined {
  if (Number(spec?.securityContext?.runAsUser) === PROXY_UID) return ['securityContext', 'runAsUser']
  const i = (spec?.containers ?? []).findIndex(
    (c) => !EXEMPT_CONTAINERS.has(c.name ?? '') && Number(c.securityContext?.runAsUser) === PROXY_UID,
  )
  return i < 0 ? undefined : ['containers', i, 'securityContext', 'runAsUser']
}

/** One report per resource (istioctl reports each place, with the same message, which it then de-duplicates). */
function check(r: Resource, spec: PodSpec | undefined, path: (string | number)[], report: Analyze): void {
  const field = isControlPlane(r) ? undefined : proxyUidField(spec)
  if (field) report(r, [...path, ...field])
}
type Analyze = (r: Resource, field: (string | number)[]) => void

/** IST0144 when a Pod or Deployment (not Istio's own) runs an application as UID 1337, the proxy's UID. */
export const applicationUidAnalyzer: Analyzer = {
  name: 'applicationUID.Analyzer',
  description: 'Checks invalid application UID',
  inputs: [K.Pod, K.Deployment],
  analyze(ctx) {
    const report: Analyze = (r, field) => ctx.report(newInvalidApplicationUID(r), field)
    for (const pod of ctx.store.list(K.Pod)) check(pod, specOf<PodSpec>(pod), ['spec'], report)
    for (const d of ctx.store.list(K.Deployment))
      check(d, specOf<{template?: {spec?: PodSpec}}>(d).template?.spec, ['spec', 'template', 'spec'], report)
  },
}
