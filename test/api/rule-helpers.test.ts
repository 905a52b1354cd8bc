// The helpers the rules share (src/lib/api/rules/context.ts), the rules' entry point (semantic.ts), the
// Kubernetes objects `validate` looks into (kubernetes.ts) and the kind lookups (kinds.ts), each on its own.
import {expect} from 'chai'
import {
  duplicates,
  exportTo,
  headerMatchName,
  labelsSelector,
  portNameAndProtocol,
  type Ctx,
} from '../../src/lib/api/rules/context.js'
import {semanticRules} from '../../src/lib/api/semantic.js'
import {validateKubernetesObject} from '../../src/lib/api/kubernetes.js'
import {findKind, isIstioGroup, kindInfo, parseApiVersion} from '../../src/lib/api/kinds.js'
import {formatPath, type FieldError} from '../../src/lib/api/validate.js'

const ctx = (namespace = 'ns'): Ctx => ({namespace, labels: {}, errors: [], warnings: []})
const show = (list: FieldError[], tag: string) =>
  list.map((e) => `${tag} ${formatPath(e.path)}: ${e.message}`)
/** What a helper reported into a fresh context. */
function run(fn: (c: Ctx) => void, namespace?: string): string[] {
  const c = ctx(namespace)
  fn(c)
  return [...show(c.errors, 'E'), ...show(c.warnings, 'W')]
}

describe('api rule helpers: duplicates', () => {
  it('reports each repeat after the first, skipping undefined and empty keys', () => {
    const items = ['a', 'b', 'a', '', '', undefined, undefined, 'a']
    expect(run((c) => duplicates(c, ['l'], items, (x) => x, 'thing'))).to.deep.equal([
      'E l[2]: duplicate thing: a',
      'E l[7]: duplicate thing: a',
    ])
  })
  it('warns instead when asked', () => {
    expect(run((c) => duplicates(c, ['l'], [1, 1], (x) => x, 'n', false))).to.deep.equal([
      'W l[1]: duplicate n: 1',
    ])
  })
})

describe('api rule helpers: exportTo', () => {
  for (const [values, want] of [
    [undefined, []],
    [[], []],
    [['.'], []],
    [['*'], []],
    [['~'], []],
    [['other', 'ns2'], []],
    [['Bad_NS'], ['E e[0]: invalid exportTo value "Bad_NS": must be ".", "*", "~" or a namespace name']],
    [['.', 'ns'], ['E e[1]: duplicate entry in exportTo: .']],
    [['a', 'a'], ['E e[1]: duplicate entry in exportTo: a']],
    [['*', 'a'], ['E e: cannot have both public (*) and non-public exportTo values for a resource']],
    [['~', 'a'], ['E e: cannot export to no one (~) and someone']],
  ] as Array<[string[] | undefined, string[]]>)
    it(`${JSON.stringify(values)} in namespace ns: ${want.length ? want.join('; ') : 'fine'}`, () =>
      expect(run((c) => exportTo(c, ['e'], values))).to.deep.equal(want))
})

describe('api rule helpers: header names, selectors, ports', () => {
  for (const [name, want] of [
    ['x-user', undefined],
    ['', 'header name cannot be empty'],
    ['@request.auth.claims.group', undefined],
    ['@request.auth.claim.group', 'header name @request.auth.claim.group is not a valid header name'],
    [':method', undefined],
    [':scheme', undefined],
    [':authority', undefined],
    [':path', undefined],
    [':status', undefined],
    [':other', 'header name :other is not a valid header name'],
    ['a b', 'header name a b is not a valid header name'],
  ] as Array<[string, string | undefined]>)
    it(`header match name ${JSON.stringify(name)}: ${want ?? 'fine'}`, () =>
      expect(headerMatchName(name)).to.equal(want))

  it('refuses empty keys and wildcards in selector labels', () => {
    expect(run((c) => labelsSelector(c, ['s'], undefined))).to.deep.equal([])
    expect(
      run((c) => labelsSelector(c, ['s'], {app: 'a', '': 'x', 'k*': 'v', k: 'v*', 'a.b/c': 'd'})),
    ).to.deep.equal([
      'E s: empty key is not supported in selector: "=x"',
      'E s["k*"]: wildcard is not supported in selector: "k*=v"',
      'E s.k: wildcard is not supported in selector: "k=v*"',
    ])
  })

  for (const [port, want] of [
    [{}, []],
    [{name: 'http-web', protocol: 'HTTP'}, []],
    [{name: '', protocol: ''}, []],
    [{name: 'Bad_Name'}, ['E p.name: invalid port name: Bad_Name']],
    [{protocol: 'grpc-web'}, []],
    [{protocol: 'Mongo'}, []],
    [{protocol: 'SCTP'}, ['E p.protocol: unsupported protocol: SCTP']],
  ] as Array<[{name?: string; protocol?: string}, string[]]>)
    it(`port ${JSON.stringify(port)}: ${want.length ? want.join('; ') : 'fine'}`, () =>
      expect(run((c) => portNameAndProtocol(c, ['p'], port))).to.deep.equal(want))
})

describe('api: semanticRules', () => {
  const rules = (kind: string, obj: Record<string, unknown>, complete?: boolean) => {
    const v = semanticRules(kind, obj, {namespace: 'default', complete})
    return [...show(v.errors, 'E'), ...show(v.warnings, 'W')]
  }
  for (const [name, want] of [
    [undefined, ['E metadata.name: name is required']],
    ['', ['E metadata.name: name is required']],
    ['.', ['E metadata.name: invalid name ".": may not be "." or ".." nor contain "/" or "%"']],
    ['..', ['E metadata.name: invalid name "..": may not be "." or ".." nor contain "/" or "%"']],
    ['a/b', ['E metadata.name: invalid name "a/b": may not be "." or ".." nor contain "/" or "%"']],
    ['a%b', ['E metadata.name: invalid name "a%b": may not be "." or ".." nor contain "/" or "%"']],
    ['a.b', []],
    ['...', []],
  ] as Array<[string | undefined, string[]]>)
    it(`a Gateway named ${JSON.stringify(name)}: ${want.join('; ') || 'fine'}`, () =>
      expect(
        rules('Gateway', {
          metadata: {name},
          spec: {servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['*']}]},
        }),
      ).to.deep.equal(want))

  it('lets an IstioOperator go without a name', () => {
    expect(rules('IstioOperator', {spec: {}})).to.deep.equal([])
  })

  it('uses the object namespace, else the default, for the rules that depend on it', () => {
    const se = (namespace?: string) => ({
      metadata: {name: 'x', namespace},
      spec: {
        hosts: ['a.com'],
        exportTo: ['.', 'team'],
        resolution: 'DNS',
        ports: [{number: 80, name: 'h', protocol: 'HTTP'}],
      },
    })
    expect(rules('ServiceEntry', se('team'))).to.deep.equal([
      'E spec.exportTo[1]: duplicate entry in exportTo: .',
    ])
    expect(rules('ServiceEntry', se())).to.deep.equal([])
    expect(semanticRules('ServiceEntry', se(), {namespace: 'team'}).errors).to.have.length(1)
  })

  it('reads the labels of the object (a ServiceEntry opting out of address auto-allocation)', () => {
    const se = {
      metadata: {name: 'x', labels: {'networking.istio.io/enable-autoallocate-ip': 'false'}},
      spec: {hosts: ['a.com'], resolution: 'DNS', ports: [{number: 80, name: 't', protocol: 'TCP'}]},
    }
    expect(rules('ServiceEntry', se)).to.deep.equal([
      'W spec.ports[0]: addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
    ])
  })

  it('runs the WorkloadEntry rules with an address required', () => {
    expect(rules('WorkloadEntry', {metadata: {name: 'x'}, spec: {}})).to.deep.equal([
      'E spec: address is required (or network for a workload behind a gateway)',
    ])
  })

  it('turns a rule tripping over odd data into one error, unless the object misses required fields', () => {
    const odd = {metadata: {name: 'x'}, spec: {servers: [null]}}
    const [first] = rules('Gateway', odd)
    expect(first).to.match(/^E : cannot check the rules of Gateway: /)
    expect(rules('Gateway', odd, false)).to.deep.equal([])
    expect(rules('Gateway', odd, true)).to.have.length(1)
  })

  it('passes a kind without rules', () => {
    expect(rules('NoSuchKind', {metadata: {name: 'x'}})).to.deep.equal([])
  })
})

describe('api: IstioOperator rules', () => {
  const io = (spec: Record<string, unknown>) => {
    const v = semanticRules('IstioOperator', {spec}, {namespace: 'default'})
    return show(v.errors, 'E')
  }
  it('checks values against the values API, with list indexes in the path', () => {
    expect(io({values: {global: {hub: 1}}})).to.deep.equal([
      'E spec.values.global.hub: invalid value for values.global.hub: expected a string, got number',
    ])
    const values = {gateways: {'istio-ingressgateway': {ports: [{port: 'x'}]}}}
    const [e] = semanticRules('IstioOperator', {spec: {values}}, {namespace: 'default'}).errors
    expect(e?.path).to.deep.equal(['spec', 'values', 'gateways', 'istio-ingressgateway', 'ports', 0, 'port'])
  })
  for (const [namespace, want] of [
    [undefined, []],
    ['', []],
    ['istio-system', []],
    ['Bad_NS', ['E spec.namespace: invalid namespace "Bad_NS": must be a DNS-1123 label']],
  ] as Array<[string | undefined, string[]]>)
    it(`namespace ${JSON.stringify(namespace)}: ${want.join('; ') || 'fine'}`, () =>
      expect(io({namespace})).to.deep.equal(want))
  it('refuses a gateway name twice in each gateway list', () => {
    expect(
      io({
        components: {
          ingressGateways: [{name: 'a'}, {name: 'b'}, {name: 'a'}],
          egressGateways: [{name: 'a'}, {name: 'e'}, {name: 'e'}],
        },
      }),
    ).to.deep.equal([
      'E spec.components.ingressGateways[2]: duplicate gateway name: a',
      'E spec.components.egressGateways[2]: duplicate gateway name: e',
    ])
  })
})

describe('api: Kubernetes objects', () => {
  const k8s = (o: Record<string, unknown>, istioNamespace?: string) => {
    const v = validateKubernetesObject(o, {istioNamespace})
    return [...show(v.errors, 'E'), ...show(v.warnings, 'W'), ...show(v.infos ?? [], 'I')]
  }
  const svc = (ports: unknown, namespace = 'app') => ({kind: 'Service', metadata: {namespace}, spec: {ports}})
  const REQ = 'see https://istio.io/v1.30/docs/ops/deployment/requirements/'
  it('wants each TCP port named after its protocol, or an appProtocol Istio knows', () => {
    expect(
      k8s(
        svc([
          {port: 80, name: 'http'},
          {port: 81, name: 'HTTP2-web'},
          {port: 82, name: 'web'},
          {port: 83},
          {port: 84, protocol: 'UDP'},
          {port: 85, protocol: 'udp', name: 'x'},
          {port: 86, appProtocol: 'grpc', name: 'x'},
          {port: 87, appProtocol: 'kafka'},
          {port: 88, protocol: 'TCP', name: 'tcp-db'},
        ]),
      ),
    ).to.deep.equal([
      `E spec.ports[2].name: port name "web" does not follow the Istio naming convention <protocol>[-<suffix>], ${REQ}`,
      `E spec.ports[3]: unnamed port is not recommended, ${REQ}`,
      'E spec.ports[7].appProtocol: appProtocol "kafka" does not follow Istio protocol selection, see https://istio.io/v1.30/docs/ops/configuration/traffic-management/protocol-selection/',
    ])
  })
  it('skips the Istio namespace (istio-system unless told) and objects without ports', () => {
    expect(k8s(svc([{port: 83}], 'istio-system'))).to.deep.equal([])
    expect(k8s(svc([{port: 83}], 'mesh'), 'mesh')).to.deep.equal([])
    expect(k8s(svc([{port: 83}], 'istio-system'), 'mesh')).to.have.length(1)
    expect(k8s(svc('x'))).to.deep.equal([])
    expect(k8s({kind: 'Service', metadata: 'x', spec: ['x']})).to.deep.equal([])
    expect(k8s({kind: 'ConfigMap', spec: {ports: [{port: 1}]}})).to.deep.equal([])
  })
  const deploy = (labels: unknown) => ({kind: 'Deployment', spec: {template: {metadata: {labels}}}})
  const missing = (what: string) =>
    `I spec.template.metadata.labels: missing ${what} labels: the workload may not provide Istio metrics and telemetry labels, ${REQ}`
  for (const [labels, want] of [
    [{app: 'a', version: 'v1'}, []],
    [{'app.kubernetes.io/name': 'a', 'app.kubernetes.io/version': 'v1'}, []],
    [{'service.istio.io/canonical-name': 'a', 'service.istio.io/canonical-revision': 'v1'}, []],
    [{app: 'a'}, [missing('"version"')]],
    [{version: 'v1'}, [missing('"app"')]],
    [{}, [missing('"app" and "version"')]],
    [undefined, [missing('"app" and "version"')]],
  ] as Array<[unknown, string[]]>)
    it(`a Deployment labelled ${JSON.stringify(labels)}: ${want.join('; ') || 'fine'}`, () =>
      expect(k8s(deploy(labels))).to.deep.equal(want))
})

describe('api: kinds', () => {
  it('splits API versions, core ones without a group', () => {
    expect(parseApiVersion('v1')).to.deep.equal({group: '', version: 'v1'})
    expect(parseApiVersion('networking.istio.io/v1')).to.deep.equal({
      group: 'networking.istio.io',
      version: 'v1',
    })
    expect(parseApiVersion('a/b/v2')).to.deep.equal({group: 'a/b', version: 'v2'})
  })
  it('finds a kind by group, name and served version only', () => {
    expect(kindInfo('networking.istio.io/v1beta1', 'Gateway')?.kind).to.equal('Gateway')
    expect(kindInfo('networking.istio.io/v2', 'Gateway')).to.equal(undefined)
    expect(kindInfo('security.istio.io/v1', 'Gateway')).to.equal(undefined)
    expect(kindInfo('networking.istio.io/v1', 'gateway')).to.equal(undefined)
    expect(isIstioGroup('telemetry.istio.io/v9')).to.equal(true)
    expect(isIstioGroup('v1')).to.equal(false)
  })
  it('finds a kind by the names users type, in any case, optionally with its group', () => {
    for (const name of [
      'VirtualService',
      'virtualservice',
      'VIRTUALSERVICES',
      'vs',
      'virtualservices.networking.istio.io',
    ])
      expect(findKind(name)?.kind, name).to.equal('VirtualService')
    expect(findKind('virtualservices.security.istio.io')).to.equal(undefined)
    expect(findKind('nope')).to.equal(undefined)
  })
})
