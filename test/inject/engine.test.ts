/** Rules of the injection engine that Istio's golden set does not pin down on its own. */
import {expect} from 'chai'
import {injectRequired, type Pod} from '../../src/lib/inject/inject.js'
import {appendMultusNetwork} from '../../src/lib/inject/funcs.js'
import {applyMeshConfig, goDurationString, proxyConfigJson} from '../../src/lib/inject/proto.js'
import {canonicalQuantity} from '../../src/lib/inject/quantity.js'
import {effectiveProxyConfig} from '../../src/lib/inject/proxyconfig.js'
import {deployMetaFromPod, isInjectableKind} from '../../src/lib/inject/workload.js'
import {applyJsonPatch, jsonPatch} from '../../src/lib/inject/patch.js'
import {parseRenderedYaml} from '../../src/lib/inject/fastyaml.js'
import {goYamlParse} from '../../src/lib/template/index.js'

const pod = (
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
  spec = {},
): Pod => ({
  metadata: {labels, annotations},
  spec,
})
const cfg = (policy: string, never: object[] = [], always: object[] = []) => ({
  policy,
  neverInjectSelector: never,
  alwaysInjectSelector: always,
})

describe('inject engine', () => {
  describe('injectRequired', () => {
    const cases: [string, ReturnType<typeof cfg>, Pod, boolean][] = [
      ['enabled policy injects by default', cfg('enabled'), pod(), true],
      ['disabled policy does not', cfg('disabled'), pod(), false],
      ['an unknown policy never injects', cfg('off'), pod({'sidecar.istio.io/inject': 'true'}), false],
      ['the label opts in under disabled', cfg('disabled'), pod({'sidecar.istio.io/inject': 'true'}), true],
      ['the annotation opts out', cfg('enabled'), pod({}, {'sidecar.istio.io/inject': 'false'}), false],
      [
        'the label wins over the annotation',
        cfg('enabled'),
        pod({'sidecar.istio.io/inject': 'true'}, {'sidecar.istio.io/inject': 'false'}),
        true,
      ],
      [
        'an invalid value falls back to the policy',
        cfg('enabled'),
        pod({'sidecar.istio.io/inject': 'yes'}),
        true,
      ],
      ['hostNetwork never', cfg('enabled'), pod({}, {}, {hostNetwork: true}), false],
      ['system namespaces never', cfg('enabled'), {metadata: {namespace: 'kube-system'}, spec: {}}, false],
      ['neverInjectSelector', cfg('enabled', [{matchLabels: {app: 'db'}}]), pod({app: 'db'}), false],
      [
        'alwaysInjectSelector',
        cfg('disabled', [], [{matchExpressions: [{key: 'app', operator: 'Exists'}]}]),
        pod({app: 'x'}),
        true,
      ],
      [
        'never takes precedence over always',
        cfg('disabled', [{matchLabels: {app: 'x'}}], [{matchLabels: {app: 'x'}}]),
        pod({app: 'x'}),
        false,
      ],
      ['an empty selector matches nothing', cfg('enabled', [{}]), pod({app: 'x'}), true],
      [
        'the label beats the selectors',
        cfg('enabled', [{matchLabels: {app: 'x'}}]),
        pod({app: 'x', 'sidecar.istio.io/inject': 'true'}),
        true,
      ],
    ]
    for (const [name, c, p, want] of cases) it(name, () => expect(injectRequired(c, p)).to.equal(want))
  })

  it('a bare pod belongs to its controller: ReplicaSet with a template hash is a Deployment, Job with a timestamp a CronJob', () => {
    const owner = (kind: string, name: string) => [{apiVersion: 'apps/v1', kind, name, controller: true}]
    expect(
      deployMetaFromPod({
        generateName: 'web-5d9c7b-',
        labels: {'pod-template-hash': '5d9c7b'},
        ownerReferences: owner('ReplicaSet', 'web-5d9c7b'),
      }),
    ).to.deep.equal({
      deployMeta: {name: 'web', namespace: ''},
      typeMeta: {kind: 'Deployment', apiVersion: 'apps/v1'},
    })
    expect(
      deployMetaFromPod({
        generateName: 'nightly-28000000-',
        ownerReferences: owner('Job', 'nightly-28000000'),
      }).typeMeta,
    ).to.deep.equal({kind: 'CronJob', apiVersion: 'batch/v1'})
    expect(deployMetaFromPod({name: 'solo'})).to.deep.equal({
      deployMeta: {name: 'solo', namespace: ''},
      typeMeta: {kind: 'Pod', apiVersion: 'v1'},
    })
  })

  it('knows the kinds istioctl decodes (and only in their API groups)', () => {
    expect(isInjectableKind('apps/v1', 'Deployment')).to.equal(true)
    expect(isInjectableKind('batch/v1', 'CronJob')).to.equal(true)
    expect(isInjectableKind('example.com/v1', 'Deployment')).to.equal(false)
    expect(isInjectableKind('v1', 'Service')).to.equal(false)
  })

  it('proxy config precedence: mesh < root namespace < namespace < annotation < selected resources', () => {
    const mesh = applyMeshConfig({defaultConfig: {concurrency: 1, proxyMetadata: {A: 'mesh'}}})
    const r = (ns: string, spec: object) => ({
      metadata: {name: ns + JSON.stringify(spec), namespace: ns},
      spec,
    })
    const resources = [
      r('istio-system', {concurrency: 2, environmentVariables: {B: 'root'}}),
      r('app', {concurrency: 3}),
      r('app', {selector: {matchLabels: {app: 'x'}}, concurrency: 5}),
    ]
    const at = (labels: Record<string, string>, annotation?: object) =>
      effectiveProxyConfig(mesh, resources, {namespace: 'app', labels, annotation: annotation as never})
    expect(at({}).concurrency).to.equal(3)
    expect(at({}, {concurrency: 4}).concurrency).to.equal(4)
    expect(at({app: 'x'}, {concurrency: 4}).concurrency).to.equal(5)
    expect(at({}).proxyMetadata).to.deep.equal({A: 'mesh', B: 'root'})
    expect(
      effectiveProxyConfig(mesh, resources, {namespace: 'istio-system', labels: {}}).concurrency,
    ).to.equal(2)
  })

  it('PROXY_CONFIG leaves out what equals the defaults, prints jsonpb field order', () => {
    const mesh = applyMeshConfig({
      defaultConfig: {holdApplicationUntilProxyStarts: true, drainDuration: '45s'},
    })
    expect(proxyConfigJson(mesh.defaultConfig as never)).to.equal('{"holdApplicationUntilProxyStarts":true}')
    const pc = {...(mesh.defaultConfig as object), statusPort: 1234, concurrency: 2, tracing: {}}
    expect(proxyConfigJson(pc)).to.equal(
      '{"concurrency":2,"tracing":{},"statusPort":1234,"holdApplicationUntilProxyStarts":true}',
    )
  })

  it('formats durations as Go does', () => {
    for (const [ns, s] of [
      [0n, '0s'],
      [23_000_000_000n, '23s'],
      [90_000_000_000n, '1m30s'],
      [1_500_000n, '1.5ms'],
      [3_600_000_000_000n, '1h0m0s'],
    ] as const)
      expect(goDurationString(ns)).to.equal(s)
  })

  it('canonical resource quantities', () => {
    for (const [q, want] of [
      ['2000m', '2'],
      ['1024Mi', '1Gi'],
      ['1536Mi', '1536Mi'],
      ['0.5', '500m'],
      ['100m', '100m'],
      ['1000', '1k'],
      ['0', '0'],
    ])
      expect(canonicalQuantity(q), q).to.equal(want)
  })

  it('appendMultusNetwork adds istio-cni once, to flat and JSON values', () => {
    expect(appendMultusNetwork('', 'default/istio-cni')).to.equal('default/istio-cni')
    expect(appendMultusNetwork('macvlan', 'default/istio-cni')).to.equal('macvlan, default/istio-cni')
    expect(appendMultusNetwork('a, default/istio-cni', 'default/istio-cni')).to.equal('a, default/istio-cni')
    expect(appendMultusNetwork('[{"name": "a"}]', 'default/istio-cni')).to.equal(
      '[{"name": "a"}, {"name": "istio-cni", "namespace": "default"}]',
    )
  })

  it('reads rendered templates as go-yaml does (YAML 1.1 booleans, numbers as float64)', () => {
    const text = 'a: yes\nb: "yes"\nc: 0777\nd: 1e3\ne: 2001-02-03\nf: ~\ng: [on, off]\n'
    expect(parseRenderedYaml(text)).to.deep.equal(goYamlParse(text))
    expect(parseRenderedYaml(text)).to.deep.include({a: true, b: 'yes', c: 511, f: null})
  })

  it('JSON patches turn the original into the injected object', () => {
    const a = {metadata: {labels: {x: '1'}}, spec: {containers: [{name: 'a'}], volumes: [{name: 'v'}]}}
    const b = {metadata: {labels: {x: '2', y: '3'}}, spec: {containers: [{name: 'a'}, {name: 'istio-proxy'}]}}
    expect(applyJsonPatch(a, jsonPatch(a, b))).to.deep.equal(b)
  })
})
