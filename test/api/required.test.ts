// A required field that is missing is reported in istiod's words (pkg/config/validation, istio 1.30.3), which
// `istioctl validate` and `istioctl analyze` (IST0106) print; the words of each row are istiod's.
import {expect} from 'chai'
import {formatPath, validateObject} from '../../src/lib/api/index.js'
import {obj} from './problems.js'

const PORT = {number: 80, name: 'http', protocol: 'HTTP'}
const DEST = {destination: {host: 'reviews'}}
const vs = (spec: object) => obj('VirtualService', {hosts: ['reviews'], ...spec})
const ref = {kind: 'Gateway', group: 'gateway.networking.k8s.io'}
const TARGET_REF_NAME = 'targetRef name must be set'

/** name, object, the field's path, istiod's message for it (the only error the object has). */
const CASES: Array<[string, object, string, string]> = [
  [
    'Gateway server without port',
    obj('Gateway', {servers: [{hosts: ['*']}]}),
    'spec.servers[0].port',
    'port is required',
  ],
  [
    'Gateway server without hosts',
    obj('Gateway', {servers: [{port: PORT}]}),
    'spec.servers[0].hosts',
    'server config must contain at least one host',
  ],
  [
    'Gateway server with empty hosts',
    obj('Gateway', {servers: [{port: PORT, hosts: []}]}),
    'spec.servers[0].hosts',
    'server config must contain at least one host',
  ],
  [
    'Gateway port without number',
    obj('Gateway', {servers: [{hosts: ['*'], port: {name: 'http', protocol: 'HTTP'}}]}),
    'spec.servers[0].port.number',
    'port number 0 must be in the range 1..65535',
  ],
  [
    'Gateway port without protocol',
    obj('Gateway', {servers: [{hosts: ['*'], port: {name: 'http', number: 80}}]}),
    'spec.servers[0].port.protocol',
    'invalid protocol "", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP',
  ],
  [
    'VirtualService HTTP route without destination',
    vs({http: [{route: [{weight: 100}]}]}),
    'spec.http[0].route[0].destination',
    'destination is required',
  ],
  [
    'VirtualService TCP route without destination',
    vs({tcp: [{route: [{weight: 100}]}]}),
    'spec.tcp[0].route[0].destination',
    'destination is required',
  ],
  [
    'VirtualService TLS route without destination',
    vs({tls: [{match: [{sniHosts: ['reviews']}], route: [{weight: 100}]}]}),
    'spec.tls[0].route[0].destination',
    'destination is required',
  ],
  [
    'VirtualService destination without host',
    vs({http: [{route: [{destination: {subset: 'v1'}}]}]}),
    'spec.http[0].route[0].destination.host',
    'empty domain name not allowed',
  ],
  [
    'VirtualService mirror without host',
    vs({http: [{route: [DEST], mirror: {subset: 'v1'}}]}),
    'spec.http[0].mirror.host',
    'empty domain name not allowed',
  ],
  [
    'VirtualService mirrors entry without destination',
    vs({http: [{route: [DEST], mirrors: [{percentage: {value: 5}}]}]}),
    'spec.http[0].mirrors[0].destination',
    'destination is required for mirrors',
  ],
  [
    'VirtualService direct response without status',
    vs({http: [{directResponse: {body: {string: 'x'}}}]}),
    'spec.http[0].directResponse.status',
    'HTTP status 0 is not in range 200-599',
  ],
  [
    'VirtualService TLS route without match',
    vs({tls: [{route: [DEST]}]}),
    'spec.tls[0].match',
    'TLS route must have at least one match condition',
  ],
  [
    'VirtualService TLS match without sniHosts',
    vs({tls: [{match: [{port: 443}], route: [DEST]}]}),
    'spec.tls[0].match[0].sniHosts',
    'TLS match must have at least one SNI host',
  ],
  ['DestinationRule without host', obj('DestinationRule', {}), 'spec.host', 'empty domain name not allowed'],
  [
    'DestinationRule subset without name',
    obj('DestinationRule', {host: 'reviews', subsets: [{labels: {v: '1'}}]}),
    'spec.subsets[0].name',
    'subset name cannot be empty',
  ],
  [
    'ServiceEntry without hosts',
    obj('ServiceEntry', {ports: [PORT], resolution: 'DNS'}),
    'spec.hosts',
    'service entry must have at least one host',
  ],
  [
    'ServiceEntry with empty hosts',
    obj('ServiceEntry', {hosts: [], ports: [PORT], resolution: 'DNS'}),
    'spec.hosts',
    'service entry must have at least one host',
  ],
  [
    'ServiceEntry port without number',
    obj('ServiceEntry', {hosts: ['a.com'], ports: [{name: 'http', protocol: 'HTTP'}], resolution: 'DNS'}),
    'spec.ports[0].number',
    'port number 0 must be in the range 1..65535',
  ],
  [
    'ServiceEntry port without name',
    obj('ServiceEntry', {hosts: ['a.com'], ports: [{number: 80, protocol: 'HTTP'}], resolution: 'DNS'}),
    'spec.ports[0].name',
    'invalid port name: ',
  ],
  [
    'Sidecar ingress listener without port',
    obj('Sidecar', {ingress: [{defaultEndpoint: '127.0.0.1:8080'}]}),
    'spec.ingress[0].port',
    'sidecar: port is required for ingress listeners',
  ],
  [
    'Sidecar egress listener without hosts',
    obj('Sidecar', {egress: [{port: PORT}]}),
    'spec.egress[0].hosts',
    'sidecar: egress listener must contain at least one host',
  ],
  ['WorkloadGroup without template', obj('WorkloadGroup', {}), 'spec.template', 'template is required'],
  [
    'WorkloadGroup exec probe without command',
    obj('WorkloadGroup', {template: {}, probe: {exec: {}}}),
    'spec.probe.exec.command',
    'exec.command is required',
  ],
  [
    'WorkloadGroup httpGet probe without port',
    obj('WorkloadGroup', {template: {}, probe: {httpGet: {path: '/'}}}),
    'spec.probe.httpGet.port',
    'port number 0 must be in the range 1..65535',
  ],
  [
    'WorkloadGroup tcpSocket probe without port',
    obj('WorkloadGroup', {template: {}, probe: {tcpSocket: {}}}),
    'spec.probe.tcpSocket.port',
    'port number 0 must be in the range 1..65535',
  ],
  [
    'AuthorizationPolicy condition without key',
    obj('AuthorizationPolicy', {rules: [{when: [{values: ['a']}]}]}),
    'spec.rules[0].when[0].key',
    '`key` must not be empty',
  ],
  [
    'AuthorizationPolicy targetRef without name',
    obj('AuthorizationPolicy', {targetRef: ref}),
    'spec.targetRef.name',
    TARGET_REF_NAME,
  ],
  [
    'RequestAuthentication targetRefs entry with an empty name',
    obj('RequestAuthentication', {targetRefs: [{...ref, name: ''}]}),
    'spec.targetRefs[0].name',
    TARGET_REF_NAME,
  ],
  [
    'Telemetry targetRef without name',
    obj('Telemetry', {targetRef: ref}),
    'spec.targetRef.name',
    TARGET_REF_NAME,
  ],
  [
    'TrafficExtension targetRefs entry without name',
    obj('TrafficExtension', {targetRefs: [ref], lua: {inlineCode: 'x'}}),
    'spec.targetRefs[0].name',
    TARGET_REF_NAME,
  ],
  [
    'Telemetry access log provider without name',
    obj('Telemetry', {accessLogging: [{providers: [{}]}]}),
    'spec.accessLogging[0].providers[0].name',
    'providers.name may not be empty',
  ],
  [
    'Telemetry metrics provider without name',
    obj('Telemetry', {metrics: [{providers: [{}]}]}),
    'spec.metrics[0].providers[0].name',
    'providers.name may not be empty',
  ],
  [
    'Telemetry tracing provider without name',
    obj('Telemetry', {tracing: [{providers: [{}]}]}),
    'spec.tracing[0].providers[0].name',
    'providers.name may not be empty',
  ],
  ['WasmPlugin without url', obj('WasmPlugin', {}), 'spec.url', 'url field needs to be set'],
]

const errorsOf = (o: object) =>
  validateObject(o as Record<string, unknown>).errors.map((e) => [formatPath(e.path), e.message])

describe("api: missing required fields in istiod's words", () => {
  for (const [name, o, path, message] of CASES)
    it(name, () => {
      expect(errorsOf(o)).to.deep.equal([[path, message]])
    })

  it('a targetRef without kind is one error: a kind istiod does not allow', () => {
    expect(errorsOf(obj('AuthorizationPolicy', {targetRef: {name: 'g'}}))).to.deep.equal([
      [
        'spec.targetRef.kind',
        'targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was /',
      ],
    ])
  })

  it('a Gateway server without port still has its other fields checked, as istiod does', () => {
    expect(errorsOf(obj('Gateway', {servers: [{hosts: ['bad_host.com'], bind: 'nowhere'}]}))).to.deep.equal([
      ['spec.servers[0].port', 'port is required'],
      ['spec.servers[0].hosts[0]', 'domain name "bad_host.com" invalid (label "bad_host" invalid)'],
      ['spec.servers[0].bind', 'nowhere is not a valid IP'],
    ])
  })

  it('a field istiod words unreproducibly keeps the generic wording (Gateway port name)', () => {
    expect(
      errorsOf(obj('Gateway', {servers: [{hosts: ['*'], port: {number: 80, protocol: 'HTTP'}}]})),
    ).to.deep.equal([['spec.servers[0].port.name', 'required field is missing']])
  })
})

describe('api: a config without spec is checked as one with an empty spec, as istiod does', () => {
  const bare = (kind: string) => {
    const {spec: _spec, ...noSpec} = obj(kind, {})
    return noSpec
  }
  for (const [kind, path, message] of [
    ['ServiceEntry', 'spec.hosts', 'service entry must have at least one host'],
    ['Gateway', 'spec.servers', 'gateway must have at least one server'],
    ['VirtualService', 'spec', 'http, tcp or tls must be provided in virtual service'],
    ['DestinationRule', 'spec.host', 'empty domain name not allowed'],
  ])
    it(kind, () => expect(errorsOf(bare(kind))).to.deep.equal([[path, message]]))

  it('a kind whose empty spec is valid has nothing to report', () => {
    expect(errorsOf(bare('AuthorizationPolicy'))).to.deep.equal([])
  })
})

describe("api: ServiceEntry hosts and policy selectors in istiod's words", () => {
  it('a "*" host is `invalid host *`, checked no further', () => {
    expect(errorsOf(obj('ServiceEntry', {hosts: ['*'], resolution: 'NONE', ports: [PORT]}))).to.deep.equal([
      ['spec.hosts[0]', 'invalid host *'],
    ])
  })

  it('a bad label after the first names the rest of the domain; an IP address fails as a domain name', () => {
    // istioctl 1.30.3 validate on these hosts
    expect(
      errorsOf(obj('ServiceEntry', {hosts: ['a.b_c.com', '1.2.3.4'], resolution: 'NONE', ports: [PORT]})),
    ).to.deep.equal([
      ['spec.hosts[0]', 'domain name "b_c.com" invalid (label "b_c" invalid)'],
      ['spec.hosts[1]', 'domain name "2.3.4" invalid (top level domain "4" cannot be all-numeric)'],
    ])
    expect(errorsOf(obj('DestinationRule', {host: 'x.y_z.svc'}))).to.deep.equal([
      ['spec.host', 'domain name "y_z.svc" invalid (label "y_z" invalid)'],
    ])
  })

  it('DNS resolution without endpoints names why the first host is not an FQDN', () => {
    const se = (endpoints?: object[]) =>
      obj('ServiceEntry', {hosts: ['a.com', '*.kiali.io'], resolution: 'DNS', ports: [PORT], endpoints})
    const message =
      'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.kiali.io" invalid (label "*" invalid)'
    expect(errorsOf(se())).to.deep.equal([['spec.hosts[1]', message]])
    // an empty list is no endpoints, as in istiod (len == 0)
    expect(errorsOf(se([]))).to.deep.equal([['spec.hosts[1]', message]])
    expect(errorsOf(se([{address: '1.2.3.4'}]))).to.deep.equal([])
  })

  const SELECTOR = {matchLabels: {app: 'a'}}
  const REF = {...ref, name: 'g'}
  for (const kind of ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'])
    for (const [what, spec] of [
      ['selector and targetRef', {selector: SELECTOR, targetRef: REF}],
      ['selector and targetRefs', {selector: SELECTOR, targetRefs: [REF]}],
      ['targetRef and targetRefs', {targetRef: REF, targetRefs: [REF]}],
      ['all three', {selector: SELECTOR, targetRef: REF, targetRefs: [REF]}],
    ] as const)
      it(`${kind} with ${what}: one error, worded alike`, () => {
        const extra = kind === 'WasmPlugin' ? {url: 'oci://x/y'} : {}
        expect(errorsOf(obj(kind, {...spec, ...extra}))).to.deep.equal([
          ['spec', 'only one of targetRefs or workloadSelector can be set'],
        ])
      })

  it('an empty targetRefs list does not count as set (istiod counts entries)', () => {
    expect(errorsOf(obj('Telemetry', {selector: SELECTOR, targetRefs: []}))).to.deep.equal([])
  })

  it('TrafficExtension with selector and targetRefs', () => {
    expect(
      errorsOf(obj('TrafficExtension', {selector: SELECTOR, targetRefs: [REF], lua: {inlineCode: 'x'}})),
    ).to.deep.equal([['spec', 'only one of targetRefs or workloadSelector can be set']])
  })
})
