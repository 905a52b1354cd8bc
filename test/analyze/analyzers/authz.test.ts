import {authorizationPoliciesAnalyzer} from '../../../src/lib/analyze/analyzers/authz/authorization-policies.js'
import {analyzerTable, y} from '../helpers.js'

const ap = (ns: string, name: string, spec: string) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`
const meshPod = (ns: string, name: string, labels: string) =>
  y
    .pod(ns, name, labels, ', annotations: {sidecar.istio.io/status: "{}"}')
    .replace(
      'containers: [{name: app, image: app}]',
      'containers: [{name: app, image: app}, {name: istio-proxy, image: proxyv2}]',
    )

analyzerTable(authorizationPoliciesAnalyzer, [
  {
    name: 'selector matches an in-mesh pod of its namespace',
    yaml:
      y.ns('shop') +
      meshPod('shop', 'web', 'app: web') +
      ap('shop', 'p', '{selector: {matchLabels: {app: web}}}'),
    expect: [],
  },
  {
    name: 'selector matches only a pod outside the mesh',
    yaml:
      y.ns('shop') +
      y.pod('shop', 'web', 'app: web') +
      ap('shop', 'p', '{selector: {matchLabels: {app: web}}}'),
    expect: ['IST0127 AuthorizationPolicy shop/p'],
  },
  {
    name: 'a namespace label puts pods in the mesh',
    yaml:
      y.ns('shop', 'istio-injection: enabled') +
      y.pod('shop', 'web', 'app: web') +
      ap('shop', 'p', '{selector: {matchLabels: {app: web}}}'),
    expect: [],
  },
  {
    name: 'ambient pods count',
    yaml:
      y.ns('shop') +
      y.pod('shop', 'web', 'app: web', ', annotations: {ambient.istio.io/redirection: enabled}') +
      ap('shop', 'p', '{}'),
    expect: [],
  },
  {
    name: 'namespace-wide policy in a namespace without mesh pods',
    yaml: y.ns('shop') + y.ns('other') + meshPod('other', 'web', 'app: web') + ap('shop', 'p', '{}'),
    expect: ['IST0127 AuthorizationPolicy shop/p'],
  },
  {
    name: 'root-namespace policy selects across the mesh',
    yaml:
      y.ns('shop') +
      meshPod('shop', 'web', 'app: web') +
      ap('istio-system', 'ok', '{selector: {matchLabels: {app: web}}}') +
      ap('istio-system', 'none', '{selector: {matchLabels: {app: nope}}}') +
      ap('istio-system', 'all', '{}'),
    expect: ['IST0127 AuthorizationPolicy istio-system/none'],
  },
  {
    name: 'source namespaces that match no namespace (exact, prefix and suffix patterns)',
    yaml:
      y.ns('shop') +
      y.ns('Team-a') +
      meshPod('shop', 'web', 'app: web') +
      ap(
        'shop',
        'p',
        `{rules: [{from: [{source: {namespaces: [shop, team-A, "Team*", "*-a", "*", bogus, "sx*", "T*a"], notNamespaces: ["x*"]}}]}]}`,
      ),
    expect: [
      'IST0101 AuthorizationPolicy shop/p',
      'IST0101 AuthorizationPolicy shop/p',
      'IST0101 AuthorizationPolicy shop/p',
      'IST0101 AuthorizationPolicy shop/p',
    ],
    lines: [
      'Error [IST0101] (AuthorizationPolicy shop/p test.yaml:19) Referenced namespace not found: "bogus"',
      'Error [IST0101] (AuthorizationPolicy shop/p test.yaml:19) Referenced namespace not found: "sx*"',
      'Error [IST0101] (AuthorizationPolicy shop/p test.yaml:19) Referenced namespace not found: "T*a"',
      'Error [IST0101] (AuthorizationPolicy shop/p test.yaml:19) Referenced namespace not found: "x*"',
    ],
  },
  {
    name: 'sources without namespaces, or without a source',
    yaml:
      y.ns('shop') +
      meshPod('shop', 'web', 'app: web') +
      ap('shop', 'p', '{rules: [{from: [{}, {source: {principals: [a]}}]}, {}]}'),
    expect: [],
  },
  {
    name: 'the messages name the selector, or none for a namespace-wide policy',
    yaml:
      y.ns('shop') +
      y.ns('pay') +
      meshPod('pay', 'web', 'app: web') +
      ap('shop', 'all', '{}') +
      ap('pay', 'one', '{selector: {matchLabels: {app: api, tier: back}}}'),
    expect: ['IST0127 AuthorizationPolicy shop/all', 'IST0127 AuthorizationPolicy pay/one'],
    lines: [
      'Warning [IST0127] (AuthorizationPolicy shop/all test.yaml:16) No matching workloads for this resource with the following labels: ',
      'Warning [IST0127] (AuthorizationPolicy pay/one test.yaml:21) No matching workloads for this resource with the following labels: app=api,tier=back',
    ],
  },
])
