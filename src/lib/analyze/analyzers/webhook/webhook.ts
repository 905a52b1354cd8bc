import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newInvalidWebhook} from '../../messages.gen.js'
import {labelsOf, type Resource} from '../../resource.js'
import {labelSelectorMatches, type LabelSelector} from '../util.js'

const REV = 'istio.io/rev'

interface Webhook {
  name?: string
  namespaceSelector?: LabelSelector
  objectSelector?: LabelSelector
  clientConfig?: {service?: {namespace?: string; name?: string}; url?: string}
}

/** Revisions a webhook configuration names: its `istio.io/rev` label and its selectors' values of it. */
function revisionsOf(mwc: Resource, webhooks: readonly Webhook[]): string[] {
  const revs = new Set<string>()
  const label = labelsOf(mwc)[REV]
  if (label !== undefined) revs.add(label)
  for (const wh of webhooks)
    for (const sel of [wh.namespaceSelector, wh.objectSelector]) {
      if (!sel) continue
      if (sel.matchLabels && REV in sel.matchLabels) revs.add(sel.matchLabels[REV])
      for (const e of sel.matchExpressions ?? [])
        if (e.key === REV) for (const v of e.values ?? []) revs.add(v)
    }
  return [...revs]
}

/**
 * IST0139 when Istio's injection webhooks overlap: for every combination of the namespace labels and pod
 * labels that decide injection (`istio-injection`, `sidecar.istio.io/inject`, each revision's
 * `istio.io/rev`), more than one webhook matching means a pod would be injected twice; and when a webhook
 * calls a Service that does not exist.
 */
export const webhookAnalyzer: Analyzer = {
  name: 'webhook.Analyzer',
  description: 'Checks the validity of Istio webhooks',
  inputs: [K.MutatingWebhookConfiguration, K.Service],
  analyze(ctx) {
    const hooks: {id: string; config: Resource; webhook: Webhook}[] = []
    const revisions = new Set<string>()
    for (const mwc of ctx.store.list(K.MutatingWebhookConfiguration)) {
      const webhooks = (mwc.object.webhooks as Webhook[] | undefined) ?? []
      const revs = revisionsOf(mwc, webhooks)
      if (revs.length === 0 && !webhooks.some((w) => (w.name ?? '').endsWith('istio.io'))) continue
      for (const r of revs) revisions.add(r)
      for (const webhook of webhooks)
        hooks.push({id: `${mwc.name}/${webhook.name ?? ''}`, config: mwc, webhook})
    }

    const combos = (base: Record<string, string>[]) => [
      ...base,
      ...[...revisions].sort().flatMap((rev) => base.map((l) => ({...l, [REV]: rev}))),
    ]
    const nsLabels = combos([{}, {'istio-injection': 'enabled'}, {'istio-injection': 'disabled'}])
    const podLabels = combos([{}, {'sidecar.istio.io/inject': 'true'}, {'sidecar.istio.io/inject': 'false'}])
    // The same overlap shows for many label combinations: report each message once.
    const reported = new Set<string>()
    const report = (config: Resource, text: string) => {
      const key = `${config.name}\n${text}`
      if (reported.has(key)) return
      reported.add(key)
      ctx.report(newInvalidWebhook(config, text))
    }
    for (const nl of nsLabels)
      for (const pl of podLabels) {
        const matches = [
          ...new Set(
            hooks
              .filter(
                (h) =>
                  labelSelectorMatches(h.webhook.namespaceSelector, nl) &&
                  labelSelectorMatches(h.webhook.objectSelector, pl),
              )
              .map((h) => h.id),
          ),
        ].sort()
        if (matches.length < 2) continue
        for (const id of matches) {
          const others = matches.filter((m) => m !== id)
          const config = hooks.find((h) => h.id === id)!.config
          report(
            config,
            `Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`,
          )
        }
      }

    for (const {config, webhook} of hooks) {
      const svc = webhook.clientConfig?.service
      if (!svc) continue
      const [ns, name] = [svc.namespace ?? '', svc.name ?? '']
      // named as istioctl's resource.FullName prints: without a namespace, the name alone
      if (!ctx.store.get(K.Service, ns, name))
        report(
          config,
          `Injector refers to a control plane service that does not exist: ${ns ? `${ns}/` : ''}${name}.`,
        )
    }
  },
}
