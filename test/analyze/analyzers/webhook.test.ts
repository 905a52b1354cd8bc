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
  // revisions: from the configuration's label, and from either selector's labels or expressions; they bring
  // in webhooks whatever their names, and add `istio.io/rev` to the label sets tried
  ...(
    [
      ['the configuration label', '{}', '{}', 'istio.io/rev: canary'],
      ['a namespace selector label', '{matchLabels: {istio.io/rev: canary}}', '{}', ''],
      ['an object selector label', '{}', '{matchLabels: {istio.io/rev: canary}}', ''],
      [
        'an object selector expression',
        '{}',
        '{matchExpressions: [{key: istio.io/rev, operator: In, values: [canary]}]}',
        '',
      ],
    ] as const
  ).map(([name, nsSel, objSel, labels]) => ({
    name: `a revision named by ${name}`,
    yaml:
      istiod +
      mwc('a', hook('a.example.com', nsSel, objSel), labels) +
      mwc('b', hook('b.example.com', nsSel, objSel), labels),
    expect: ['IST0139 MutatingWebhookConfiguration a', 'IST0139 MutatingWebhookConfiguration b'],
  })),
  {
    name: 'expressions on other keys name no revision',
    yaml:
      istiod +
      mwc(
        'a',
        hook('a.example.com', '{}', '{matchExpressions: [{key: app, operator: NotIn, values: [x]}]}'),
      ) +
      mwc('b', hook('b.istio.io', '{}')),
    expect: [],
  },
  {
    name: 'a revision selector without values names no revision to try',
    yaml:
      istiod +
      mwc('a', hook('a.istio.io', '{}', '{matchExpressions: [{key: istio.io/rev, operator: Exists}]}')) +
      mwc('b', hook('b.istio.io', '{}', '{matchExpressions: [{key: istio.io/rev, operator: Exists}]}')),
    expect: [],
  },
  {
    name: 'a revisioned configuration without webhooks',
    yaml:
      istiod +
      mwc('a', '', 'istio.io/rev: canary').replace('webhooks:\n', '') +
      mwc('b', hook('b.istio.io', '{}')),
    expect: [],
  },
  {
    name: "one Istio webhook makes the configuration Istio's",
    yaml: istiod + mwc('a', hook('a.istio.io', byLabel) + hook('other.example.com', byLabel)),
    expect: ['IST0139 MutatingWebhookConfiguration a', 'IST0139 MutatingWebhookConfiguration a'],
  },
  // every value of the labels that decide injection is tried
  ...[
    ['namespaceSelector', 'istio-injection', 'enabled'],
    ['namespaceSelector', 'istio-injection', 'disabled'],
    ['objectSelector', 'sidecar.istio.io/inject', '"true"'],
    ['objectSelector', 'sidecar.istio.io/inject', '"false"'],
  ].map(([selector, key, value]) => {
    const sel = `{matchLabels: {${key}: ${value}}}`
    const [ns, obj] = selector === 'namespaceSelector' ? [sel, '{}'] : ['{}', sel]
    return {
      name: `overlapping only for ${key}=${value}`,
      yaml: istiod + mwc('a', hook('a.istio.io', ns, obj)) + mwc('b', hook('b.istio.io', ns, obj)),
      expect: ['IST0139 MutatingWebhookConfiguration a', 'IST0139 MutatingWebhookConfiguration b'],
    }
  }),
  {
    name: 'three overlapping webhooks name the others, sorted',
    yaml:
      istiod +
      mwc('c', hook('c.istio.io', '{}')) +
      mwc('a', hook('a.istio.io', '{}')) +
      mwc('b', hook('b.istio.io', '{}')),
    expect: [
      'IST0139 MutatingWebhookConfiguration a',
      'IST0139 MutatingWebhookConfiguration b',
      'IST0139 MutatingWebhookConfiguration c',
    ],
    lines: [
      'Error [IST0139] (MutatingWebhookConfiguration a test.yaml:25) Webhook overlaps with others: [b/b.istio.io c/c.istio.io]. This may cause injection to occur twice.',
      'Error [IST0139] (MutatingWebhookConfiguration b test.yaml:34) Webhook overlaps with others: [a/a.istio.io c/c.istio.io]. This may cause injection to occur twice.',
      'Error [IST0139] (MutatingWebhookConfiguration c test.yaml:16) Webhook overlaps with others: [a/a.istio.io b/b.istio.io]. This may cause injection to occur twice.',
    ],
  },
  {
    name: 'webhooks called by URL, or with no client config',
    yaml:
      mwc(
        'a',
        '- {name: a.istio.io, clientConfig: {url: "https://istiod.example.com/inject"}, namespaceSelector: ' +
          byLabel +
          '}\n',
      ) + mwc('b', '- {name: b.istio.io, namespaceSelector: {matchLabels: {istio-injection: disabled}}}\n'),
    expect: [],
  },
  {
    name: 'a service reference without a namespace',
    yaml: istiod + mwc('a', '- {name: a.istio.io, clientConfig: {service: {name: istiod}}}\n'),
    expect: ['IST0139 MutatingWebhookConfiguration a'],
    lines: [
      'Error [IST0139] (MutatingWebhookConfiguration a test.yaml:16) Injector refers to a control plane service that does not exist: istiod.',
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
  it('names a webhook without a name, and a service reference without a name, as istioctl does', () => {
    const messages = findingsOf(
      webhookAnalyzer,
      mwc(
        'a',
        '- {namespaceSelector: {}, clientConfig: {service: {namespace: istio-system}}}\n',
        'istio.io/rev: x',
      ) + mwc('b', hook('b.istio.io', '{}')),
    ).map((f) => f.message)
    expect(messages).to.include(
      'Webhook overlaps with others: [a/]. This may cause injection to occur twice.',
    )
    expect(messages).to.include(
      'Injector refers to a control plane service that does not exist: istio-system/.',
    )
  })
})
