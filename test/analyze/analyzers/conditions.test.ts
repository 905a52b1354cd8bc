import {conditionAnalyzer} from '../../../src/lib/analyze/analyzers/conditions/conditions.js'
import {analyzerTable, y} from '../helpers.js'

const withStatus = (apiVersion: string, kind: string, name: string, status: string) => `---
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec: {}
status: ${status}
`
const cond = (type: string, s: string, reason = 'R') =>
  `{type: ${type}, status: "${s}", reason: ${reason}, message: m}`
const svc = y.svc('shop', 'web', '[{port: 80}]')

analyzerTable(conditionAnalyzer, [
  {
    name: 'positive conditions and unknown types',
    yaml:
      svc +
      withStatus('v1', 'Service', 'bound', `{conditions: [${cond('istio.io/WaypointBound', 'True')}]}`) +
      withStatus(
        'gateway.networking.k8s.io/v1',
        'Gateway',
        'gw',
        `{conditions: [${cond('Accepted', 'True')}, ${cond('Other', 'False')}]}`,
      ),
    expect: [],
  },
  {
    name: 'negative conditions on each kind',
    yaml:
      svc +
      withStatus('v1', 'Service', 'unbound', `{conditions: [${cond('istio.io/WaypointBound', 'False')}]}`) +
      withStatus(
        'networking.istio.io/v1',
        'ServiceEntry',
        'se',
        `{conditions: [${cond('istio.io/WaypointBound', 'False')}]}`,
      ) +
      withStatus(
        'security.istio.io/v1',
        'AuthorizationPolicy',
        'ap',
        `{conditions: [${cond('ZtunnelAccepted', 'False')}]}`,
      ) +
      withStatus(
        'gateway.networking.k8s.io/v1',
        'Gateway',
        'gw',
        `{conditions: [${cond('Programmed', 'False')}]}`,
      ) +
      withStatus(
        'gateway.networking.k8s.io/v1',
        'HTTPRoute',
        'route',
        `{parents: [{conditions: [${cond('Accepted', 'True')}]}, {conditions: [${cond('ResolvedRefs', 'False')}]}]}`,
      ),
    expect: [
      'IST0171 Service shop/unbound',
      'IST0171 ServiceEntry shop/se',
      'IST0171 AuthorizationPolicy shop/ap',
      'IST0171 Gateway shop/gw',
      'IST0171 HTTPRoute shop/route',
    ],
  },
  {
    name: 'a partially invalid waypoint policy is reported even when accepted',
    yaml:
      svc +
      withStatus(
        'security.istio.io/v1',
        'AuthorizationPolicy',
        'ap',
        `{conditions: [${cond('WaypointAccepted', 'True', 'PartiallyInvalid')}]}`,
      ),
    expect: ['IST0171 AuthorizationPolicy shop/ap'],
  },
  {
    name: 'PartiallyInvalid only for WaypointAccepted of an AuthorizationPolicy',
    yaml:
      svc +
      withStatus(
        'security.istio.io/v1',
        'AuthorizationPolicy',
        'ap',
        `{conditions: [${cond('ZtunnelAccepted', 'True', 'PartiallyInvalid')}, ${cond('WaypointAccepted', 'True', 'Other')}]}`,
      ) +
      withStatus(
        'networking.istio.io/v1',
        'ServiceEntry',
        'se',
        `{conditions: [${cond('WaypointAccepted', 'True', 'PartiallyInvalid')}]}`,
      ),
    expect: [],
  },
  {
    name: 'routes without parents or conditions, and conditions without a type',
    yaml:
      svc +
      withStatus('gateway.networking.k8s.io/v1', 'HTTPRoute', 'a', '{}') +
      withStatus('gateway.networking.k8s.io/v1', 'GRPCRoute', 'b', '{parents: [{}]}') +
      withStatus('v1', 'Service', 'c', '{conditions: [{status: "False"}]}'),
    expect: [],
  },
  {
    name: 'the message names the type, reason and message',
    yaml:
      svc +
      withStatus(
        'gateway.networking.k8s.io/v1',
        'GRPCRoute',
        'g',
        `{parents: [{conditions: [${cond('Accepted', 'False', 'NoMatchingParent')}]}]}`,
      ),
    expect: ['IST0171 GRPCRoute shop/g'],
    lines: [
      'Warning [IST0171] (GRPCRoute shop/g test.yaml:9) A condition with a negative status is present: type=Accepted, reason=NoMatchingParent, message=m.',
    ],
  },
])
