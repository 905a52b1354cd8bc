import {telemetryDefaultSelectorAnalyzer} from '../../../src/lib/analyze/analyzers/telemetry/default-selector.js'
import {telemetryLightstepAnalyzer} from '../../../src/lib/analyze/analyzers/telemetry/lightstep.js'
import {telemetryProviderAnalyzer} from '../../../src/lib/analyze/analyzers/telemetry/providers.js'
import {telemetrySelectorAnalyzer} from '../../../src/lib/analyze/analyzers/telemetry/selector.js'
import {analyzerTable, y} from '../helpers.js'

const telemetry = (name: string, spec: string, ns = 'shop') => `---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`
const metrics = '{metrics: [{providers: [{name: prometheus}]}]}'
const selecting = (labels: string) =>
  `{selector: {matchLabels: {${labels}}}, metrics: [{providers: [{name: prometheus}]}]}`

analyzerTable(telemetryDefaultSelectorAnalyzer, [
  {
    name: 'one selector-less Telemetry per namespace',
    yaml: telemetry('a', metrics) + telemetry('b', metrics, 'pay') + telemetry('c', selecting('app: c')),
    expect: [],
  },
  {
    name: 'two selector-less Telemetries in a namespace',
    yaml: telemetry('a', metrics) + telemetry('b', metrics) + telemetry('c', metrics, 'pay'),
    expect: ['IST0160 Telemetry shop/a', 'IST0160 Telemetry shop/b'],
  },
  {
    name: 'an empty selector is still a selector',
    yaml: telemetry('a', metrics) + telemetry('b', '{selector: {}, metrics: []}'),
    expect: [],
  },
])

analyzerTable(telemetrySelectorAnalyzer, [
  {
    name: 'selector matches one pod',
    yaml: y.pod('shop', 'a', 'app: a') + telemetry('a', selecting('app: a')) + telemetry('all', metrics),
    expect: [],
  },
  {
    name: 'selector matches no pod',
    yaml: y.pod('shop', 'a', 'app: a') + telemetry('b', selecting('app: b')),
    expect: ['IST0101 Telemetry shop/b'],
  },
  {
    name: 'pods of other namespaces do not count',
    yaml: y.pod('pay', 'a', 'app: a') + telemetry('a', selecting('app: a')),
    expect: ['IST0101 Telemetry shop/a'],
  },
  {
    name: 'two Telemetries select one pod',
    yaml:
      y.pod('shop', 'a', 'app: a, tier: web') +
      telemetry('t1', selecting('app: a')) +
      telemetry('t2', selecting('tier: web')),
    expect: ['IST0159 Telemetry shop/t1', 'IST0159 Telemetry shop/t2'],
  },
])

analyzerTable(telemetrySelectorAnalyzer, [
  {
    name: 'findings at the first selector label and at the names; names sorted',
    yaml:
      y.pod('shop', 'a', 'app: a, tier: web, zone: z') +
      `---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: none, namespace: shop}
spec:
  selector:
    matchLabels:
      zz: b
      app: b
` +
      telemetry('t3', selecting('zone: z')) +
      telemetry('t1', selecting('app: a')) +
      telemetry('t2', selecting('tier: web')),
    expect: [
      'IST0101 Telemetry shop/none',
      'IST0159 Telemetry shop/t1',
      'IST0159 Telemetry shop/t2',
      'IST0159 Telemetry shop/t3',
    ],
    lines: [
      'Error [IST0101] (Telemetry shop/none test.yaml:15) Referenced selector not found: "app=b,zz=b"',
      'Error [IST0159] (Telemetry shop/t1 test.yaml:24) The Telemetries [t1 t2 t3] in namespace "shop" select the same workload pod "a", which can lead to undefined behavior.',
      'Error [IST0159] (Telemetry shop/t2 test.yaml:29) The Telemetries [t1 t2 t3] in namespace "shop" select the same workload pod "a", which can lead to undefined behavior.',
      'Error [IST0159] (Telemetry shop/t3 test.yaml:19) The Telemetries [t1 t2 t3] in namespace "shop" select the same workload pod "a", which can lead to undefined behavior.',
    ],
  },
  {
    name: 'selector-less and empty-selector Telemetries are left to the default-selector check',
    yaml: telemetry('all', metrics) + telemetry('empty', '{selector: {matchLabels: {}}}'),
    expect: [],
  },
])

analyzerTable(telemetryProviderAnalyzer, [
  {
    name: 'access logging names a provider',
    yaml: telemetry('a', '{accessLogging: [{providers: [{name: envoy}]}]}'),
    expect: [],
  },
  {
    name: 'access logging without providers',
    yaml: telemetry('a', '{accessLogging: [{providers: [{name: envoy}]}, {filter: {expression: "true"}}]}'),
    expect: ['IST0157 Telemetry shop/a'],
  },
  {
    name: 'disabled entries need none',
    yaml: telemetry('a', '{accessLogging: [{disabled: true}]}'),
    expect: [],
  },
  {
    name: 'a null entry has no providers; default providers of another kind do not count',
    yaml: telemetry('a', '{accessLogging: [~]}'),
    mesh: 'defaultProviders: {tracing: [zipkin]}',
    expect: ['IST0157 Telemetry shop/a'],
  },
  {
    name: 'the mesh config has a default access-logging provider',
    yaml: telemetry('a', '{accessLogging: [{filter: {expression: "true"}}]}'),
    mesh: 'defaultProviders: {accessLogging: [envoy]}',
    expect: [],
  },
])

const lightstepMesh = 'extensionProviders: [{name: ls, lightstep: {service: ls.monitoring, port: 443}}]'
analyzerTable(telemetryLightstepAnalyzer, [
  {
    name: 'tracing with a Lightstep provider',
    yaml: telemetry('a', '{tracing: [{providers: [{name: ls}]}]}', 'istio-system'),
    mesh: lightstepMesh,
    expect: ['IST0002 Telemetry istio-system/a'],
  },
  {
    name: 'tracing with another provider',
    yaml: telemetry('a', '{tracing: [{providers: [{name: otel}]}]}'),
    mesh: lightstepMesh.replace(
      '}}]',
      '}}, {name: otel, opentelemetry: {service: otel.monitoring, port: 4317}}]',
    ),
    expect: [],
  },
  {
    name: 'the message; tracing entries and providers left empty',
    yaml: telemetry('a', '{tracing: [~, {}, {providers: [~, {}, {name: ls}]}]}'),
    mesh: lightstepMesh,
    expect: ['IST0002 Telemetry shop/a'],
    lines: [
      'Warning [IST0002] (Telemetry shop/a test.yaml:2) Deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider.',
    ],
  },
  {
    name: 'no Lightstep provider in the mesh config',
    yaml: telemetry('a', '{tracing: [{providers: [{name: ls}]}]}'),
    expect: [],
  },
])
