import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newNamespaceInjectionEnabledByDefault,
  newNamespaceMultipleInjectionLabels,
  newNamespaceNotInjected,
  newPodMissingProxy,
} from '../../messages.gen.js'
import {annotationsOf, labelsOf, specOf, type Resource} from '../../resource.js'

const INJECTION = 'istio-injection'
const REV = 'istio.io/rev'
const DATAPLANE_MODE = 'istio.io/dataplane-mode'
const SIDECAR_INJECT = 'sidecar.istio.io/inject'

/** The injector ConfigMap name for a revision. */
export function injectorConfigMapName(revision: string | undefined): string {
  return !revision || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`
}

/** `sidecarInjectorWebhook.enableNamespacesByDefault` from the injector ConfigMap's `values` JSON. */
function enableNamespacesByDefault(cm: Resource): boolean {
  try {
    const values = JSON.parse((cm.object.data as Record<string, string> | undefined)?.values ?? '') as {
      sidecarInjectorWebhook?: {enableNamespacesByDefault?: unknown}
    }
    return values.sidecarInjectorWebhook?.enableNamespacesByDefault === true
  } catch {
    return false
  }
}

interface PodSpec {
  hostNetwork?: boolean
  containers?: {name?: string; image?: string}[]
  initContainers?: {name?: string; image?: string}[]
}

/**
 * IST0102 (namespace without an injection label), IST0148 (…but injection is on by default), IST0123
 * (conflicting injection labels) and IST0103 (pod in an injected namespace without a proxy).
 */
export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  description: 'Checks conditions related to Istio sidecar injection',
  inputs: [K.Namespace, K.Pod, K.ConfigMap],
  requires: [K.Namespace],
  analyze(ctx) {
    const configMaps = new Map<string, Resource>()
    for (const cm of ctx.store.list(K.ConfigMap)) if (!configMaps.has(cm.name)) configMaps.set(cm.name, cm)
    const injected = new Set<string>()
    // Sticky across namespaces, as in istioctl: the last injector ConfigMap found decides.
    let byDefault = false

    for (const ns of ctx.store.list(K.Namespace)) {
      if (ns.name === ctx.istioNamespace) continue
      const labels = labelsOf(ns)
      const injection = labels[INJECTION]
      const istioLabels = injection !== undefined ? [`${INJECTION}=${injection}`] : []
      for (const l of [REV, DATAPLANE_MODE])
        if (l in labels && (injection === undefined || injection === 'enabled'))
          istioLabels.push(`${l}=${labels[l]}`)
      if (istioLabels.length > 1) ctx.report(newNamespaceMultipleInjectionLabels(ns, istioLabels))
      if (labels[DATAPLANE_MODE] === 'ambient') continue

      const cm = configMaps.get(injectorConfigMapName(labels[REV]))
      if (cm) byDefault = enableNamespacesByDefault(cm)
      if (!injection && !(REV in labels)) {
        if (byDefault) ctx.report(newNamespaceInjectionEnabledByDefault(ns))
        else ctx.report(newNamespaceNotInjected(ns, ns.name, ns.name), ['metadata', 'name'])
        continue
      }
      if (injection === 'enabled') injected.add(ns.name)
    }

    for (const pod of ctx.store.list(K.Pod)) {
      if (!injected.has(pod.namespace)) continue
      const inject = labelsOf(pod)[SIDECAR_INJECT] ?? annotationsOf(pod)[SIDECAR_INJECT] ?? ''
      if (inject.toLowerCase() === 'false') continue
      const spec = specOf<PodSpec>(pod)
      if (spec.hostNetwork) continue
      const proxy = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find(
        (c) => c.name === 'istio-proxy',
      )
      if (!proxy?.image) ctx.report(newPodMissingProxy(pod, `${pod.namespace}/${pod.name}`))
    }
  },
}
