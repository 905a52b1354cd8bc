import {expect} from 'chai'
import {webhookAnalyzer} from '../../../src/lib/analyze/analyzers/webhook/webhook.js'
import {analyzerTable, findingsOf, y} from '../helpers.js'

const mwc = (name: string, hooks: string, labels = '') => `---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: ${name}, labels: {${labels}}}
webhooks:
${hooks}`
const hook = (name: string, nsSel: string, objSel = '{}', service = 'istiod') => `- name: ${name}
  clientConfig: {service: {name: ${service}, namespace: istio-system}}
  namespaceSelector: ${nsSel}
  objectSelector: ${objSel}
`
const istiod =
  y.svc('istio-system', 'istiod', '[{port: 443}]') + y.svc('istio-system', 'istiod-canary', '[{port: 443}]')
const byLabel = '{matchLabels: {istio-injection: enabled}}'
const byRev = (rev: string) =>
  `{matchExpressions: [{key: istio.io/rev, operator: In, values: [${rev}]}, {key: istio-injection, operator: DoesNotExist}]}`

analyzerTable(webhookAnalyzer, [
  {
    name: 'a default and a canary revision that select disjoint namespaces',
    yaml:
      istiod +
      mwc('istio-sidecar-injector', hook('namespace.sidecar-injector.istio.io', byLabel)) +
      mwc(
        'istio-sidecar-injector-canary',
        hook('rev.namespace.sidecar-injector.istio.io', byRev('canary'), '{}', 'istiod-canary'),
      ),
    expect: [],
  },
  {
    name: "webhooks that are not Istio's are ignored",
    yaml: mwc('other', hook('other.example.com', '{}', '{}', 'missing')),
    expect: [],
  },
  {
    name: 'two webhooks select the same namespaces; one calls a missing Service',
    yaml:
      istiod +
      mwc('a', hook('namespace.sidecar-injector.istio.io', byLabel)) +
      mwc('b', hook('object.sidecar-injector.istio.io', '{}', '{}', 'gone')),
    expect: [
      'IST0139 MutatingWebhookConfiguration a',
      'IST0139 MutatingWebhookConfiguration b',
      'IST0139 MutatingWebhookConfiguration b',
    ],
  },
])

describe('webhook.Analyzer messages', () => {
  it('names the overlapping webhooks and the missing service', () => {
    const messages = findingsOf(
      webhookAnalyzer,
      istiod + mwc('a', hook('x.istio.io', byLabel)) + mwc('b', hook('y.istio.io', '{}', '{}', 'gone')),
    ).map((f) => f.message)
    expect(messages).to.include(
      'Webhook overlaps with others: [b/y.istio.io]. This may cause injection to occur twice.',
    )
    expect(messages).to.include(
      'Injector refers to a control plane service that does not exist: istio-system/gone.',
    )
  })
})
