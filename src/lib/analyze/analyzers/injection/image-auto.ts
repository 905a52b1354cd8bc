import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newImageAutoWithoutInjectionError, newImageAutoWithoutInjectionWarning} from '../../messages.gen.js'
import {labelsOf, specOf} from '../../resource.js'
import {labelSelectorMatches, type LabelSelector} from '../util.js'

interface PodSpec {
  containers?: {name?: string; image?: string}[]
}
interface Webhook {
  name?: string
  namespaceSelector?: LabelSelector
  objectSelector?: LabelSelector
}

/** The index of an `istio-proxy` container with `image: auto` (the injector's placeholder), or -1. */
const autoImage = (spec: PodSpec | undefined) =>
  (spec?.containers ?? []).findIndex((c) => c.name === 'istio-proxy' && c.image === 'auto')

/**
 * IST0147 (Error) for a Pod with an `image: auto` proxy (it was not injected, so it cannot run), IST0146
 * (Warning) for a Deployment with one whose pods no Istio injection webhook would select.
 */
export const imageAutoAnalyzer: Analyzer = {
  name: 'injection.ImageAutoAnalyzer',
  description: 'Makes sure that Pods and Deployments with `image: auto` are going to be injected',
  inputs: [K.Namespace, K.Pod, K.Deployment, K.MutatingWebhookConfiguration],
  analyze(ctx) {
    const webhooks: Webhook[] = []
    for (const mwc of ctx.store.list(K.MutatingWebhookConfiguration))
      for (const wh of (mwc.object.webhooks as Webhook[] | undefined) ?? [])
        if ((wh.name ?? '').endsWith('istio.io')) webhooks.push(wh)

    for (const pod of ctx.store.list(K.Pod)) {
      const i = autoImage(specOf<PodSpec>(pod))
      if (i >= 0)
        ctx.report(newImageAutoWithoutInjectionError(pod, 'Pod', pod.name), [
          'spec',
          'containers',
          i,
          'image',
        ])
    }
    for (const d of ctx.store.list(K.Deployment)) {
      const template =
        specOf<{template?: {metadata?: {labels?: Record<string, string>}; spec?: PodSpec}}>(d).template ?? {}
      const i = autoImage(template.spec)
      if (i < 0) continue
      const ns = ctx.store.get(K.Namespace, '', d.namespace)
      const nsLabels = ns ? labelsOf(ns) : {}
      const podLabels = template.metadata?.labels ?? {}
      const injected = webhooks.some(
        (w) =>
          labelSelectorMatches(w.namespaceSelector, nsLabels) &&
          labelSelectorMatches(w.objectSelector, podLabels),
      )
      if (!injected)
        ctx.report(newImageAutoWithoutInjectionWarning(d, 'Deployment', d.name), [
          'spec',
          'template',
          'spec',
          'containers',
          i,
          'image',
        ])
    }
  },
}
