import {expect} from 'chai'
import {judge, type Case} from './harness.js'
import {
  analyzeFindings,
  diffViews,
  firstDifference,
  manifestViews,
  validateFindings,
  withoutReferences,
  yamlObjects,
} from './normalise.js'

const deployment = (image: string, env: Record<string, string>) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system}
spec:
  template:
    spec:
      containers:
        - name: discovery
          image: ${image}
          env: [${Object.entries(env).map(([name, value]) => `{name: ${name}, value: "${value}"}`)}]
`

describe('oracle normalisers', () => {
  it('reads multi-document YAML and Lists as objects, skipping empty documents', () => {
    const objs = yamlObjects(
      `---\n# only a comment\n---\nkind: List\nitems: [{kind: A, metadata: {name: a}}]\n---\nkind: B\n`,
    )
    expect(objs.map((o) => o.kind)).to.deep.equal(['A', 'B'])
  })

  it('compares views regardless of key order and reports each side', () => {
    const a = manifestViews.env(yamlObjects(deployment('x:1', {A: '1', B: '2'})))
    const b = manifestViews.env(yamlObjects(deployment('x:1', {B: '2', A: '1', C: '3'})))
    expect(diffViews(a, b)).to.deep.equal(['only istioctl: Deployment istio-system/istiod discovery C = "3"'])
    const images = diffViews(
      manifestViews.images(yamlObjects(deployment('x:1', {}))),
      manifestViews.images(yamlObjects(deployment('x:2', {}))),
    )
    expect(images).to.deep.equal(['Deployment istio-system/istiod discovery: meshctl "x:1" istioctl "x:2"'])
  })

  it('points at the first differing field, array item or line of a text block', () => {
    expect(firstDifference({a: {b: [1, 2]}, c: 1}, {a: {b: [1, 3]}, c: 1})).to.equal(
      '.a.b[1]: meshctl 2 istioctl 3',
    )
    expect(firstDifference({d: 'x: 1\ny: 2\n'}, {d: 'x: 1\ny: 3\n'})).to.equal(
      '.d line 2: meshctl "y: 2" istioctl "y: 3"',
    )
    expect(firstDifference({a: 1}, {})).to.equal('.a: meshctl 1 istioctl undefined')
  })

  it('leaves prose out of whole objects: CRD descriptions, embedded YAML comments', () => {
    const crd = (d: string) =>
      yamlObjects(
        `kind: CustomResourceDefinition\nmetadata: {name: c}\nspec: {versions: [{schema: {openAPIV3Schema: {description: "${d}", properties: {description: {type: string}}}}}]}`,
      )
    expect(diffViews(manifestViews.objects(crd('ours')), manifestViews.objects(crd('theirs')))).to.deep.equal(
      [],
    )
    expect(manifestViews.objects(crd('x')).get('CustomResourceDefinition /c')).to.include(
      '"description":{"type":"string"}',
    )
    const cm = (config: string) =>
      yamlObjects(`kind: ConfigMap\nmetadata: {name: m}\ndata: {config: ${JSON.stringify(config)}}`)
    expect(
      diffViews(manifestViews.objects(cm('# why\na: 1\n')), manifestViews.objects(cm('a:   1\n'))),
    ).to.deep.equal([])
    expect(
      diffViews(manifestViews.objects(cm('a: 1\n')), manifestViews.objects(cm('a: 2\n'))),
    ).to.have.length(1)
  })

  it('treats null fields as absent in whole objects, as the API server does', () => {
    const svc = (meta: string) =>
      yamlObjects(`kind: Service\nmetadata: {name: s, ${meta}}\nspec: {affinity: {node: {a: null}}, sel: {}}`)
    expect(manifestViews.objects(svc('annotations: null')).get('Service /s')).to.equal(
      '{"kind":"Service","metadata":{"name":"s"},"spec":{"sel":{}}}',
    )
  })

  it('ignores webhook caBundles and parses mesh config', () => {
    const hook = (ca: string) =>
      yamlObjects(
        `kind: MutatingWebhookConfiguration\nmetadata: {name: inj}\nwebhooks: [{name: w, clientConfig: {caBundle: "${ca}", service: {name: istiod}}}]`,
      )
    expect(diffViews(manifestViews.webhooks(hook('a')), manifestViews.webhooks(hook('b')))).to.deep.equal([])
    const mesh = manifestViews.meshConfig(
      yamlObjects(`kind: ConfigMap\nmetadata: {name: istio}\ndata: {mesh: "enableTracing: true"}`),
    )
    expect([...mesh]).to.deep.equal([['ConfigMap /istio enableTracing', 'true']])
  })

  it('reduces analyze JSON and log output to level, code, resource, file:line and message', () => {
    const json = JSON.stringify([
      {
        code: 'IST0101',
        level: 'Error',
        origin: 'VirtualService default/r',
        reference: 'f.yaml:3',
        message: 'x',
      },
    ])
    const finding = 'Error IST0101 VirtualService default/r (f.yaml:3) x'
    expect([...analyzeFindings(json).keys()]).to.deep.equal([finding])
    const log = 'Error [IST0101] (VirtualService default/r f.yaml:3) x\n'
    expect(diffViews(analyzeFindings(log), analyzeFindings(json))).to.deep.equal([])
    // istioctl logs some warnings to stdout ahead of the JSON
    const logged =
      '2026-12-07T05:36:11Z\twarn\tCRD tlsroutes.gateway.networking.k8s.io version 1.4.1 …\n' + json
    expect([...analyzeFindings(logged).keys()]).to.deep.equal([finding])
    expect([...withoutReferences(analyzeFindings(json)).keys()]).to.deep.equal([
      'Error IST0101 VirtualService default/r x',
    ])
  })

  it('tells analyze findings apart by file:line and by message', () => {
    const at = (line: number, message: string) =>
      analyzeFindings(`Error [IST0106] (Gateway default/gw f.yaml:${line}) ${message}\n`)
    expect(diffViews(at(1, 'm'), at(6, 'm'))).to.have.length(2)
    expect(diffViews(at(1, 'm'), at(1, 'spec.servers: m'))).to.have.length(2)
    // a cluster-scoped origin has no namespace, and a cluster finding no reference
    expect([...analyzeFindings('Warning [IST0102] (Namespace foo) not labeled\n').keys()]).to.deep.equal([
      'Warning IST0102 Namespace foo not labeled',
    ])
  })

  it("reads both tools' validate reports into the same shape", () => {
    const theirs = validateFindings(
      '"f" has warnings: \n\t* VirtualService//d: rule unused\n\nError: 1 error occurred:\n\t* Gateway//g: no server\n',
      'istioctl',
    )
    const ours = validateFindings(
      'warning: f.yaml:3: VirtualService default/d: spec.http: rule unused\nerror: f.yaml:9: Gateway default/g: spec.servers: no server\n',
      'meshctl',
    )
    expect([...theirs.keys()]).to.deep.equal(['warning VirtualService d', 'error Gateway g'])
    expect(diffViews(ours, theirs)).to.deep.equal([])
  })

  it('fails a case on differing exit codes and gives one outcome per manifest view', () => {
    const c: Case = {name: 'm', args: [], compare: {kind: 'manifest', views: ['identities', 'images']}}
    const out = deployment('x:1', {})
    expect(judge(c, {stdout: out, stderr: '', code: 0}, {stdout: out, stderr: '', code: 0})).to.deep.equal([
      {name: 'm [identities]', ok: true, details: [], deviations: ['own-injection-templates']},
      {name: 'm [images]', ok: true, details: [], deviations: ['own-injection-templates']},
    ])
    const [failed] = judge(c, {stdout: '', stderr: 'boom', code: 1}, {stdout: out, stderr: '', code: 0})
    expect(failed.ok).to.equal(false)
    expect(failed.details[0]).to.equal('exit code: meshctl 1 istioctl 0')
  })
})
