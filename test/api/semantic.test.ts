// One case per validation rule: the object, and the field path and message it must produce.
import {expect} from 'chai'
import {formatPath, validateObject} from '../../src/lib/api/index.js'

const GROUP: Record<string, string> = {
  VirtualService: 'networking.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  Gateway: 'networking.istio.io/v1',
  ServiceEntry: 'networking.istio.io/v1',
  Sidecar: 'networking.istio.io/v1',
  WorkloadEntry: 'networking.istio.io/v1',
  WorkloadGroup: 'networking.istio.io/v1',
  EnvoyFilter: 'networking.istio.io/v1alpha3',
  AuthorizationPolicy: 'security.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
  Telemetry: 'telemetry.istio.io/v1',
  WasmPlugin: 'extensions.istio.io/v1alpha1',
  TrafficExtension: 'extensions.istio.io/v1alpha1',
  IstioOperator: 'install.istio.io/v1alpha1',
}
const obj = (kind: string, spec: unknown, extra: object = {}) => ({
  apiVersion: GROUP[kind],
  kind,
  metadata: {name: 'x', namespace: 'ns'},
  spec,
  ...extra,
})
const vs = (http: unknown, rest: object = {}) =>
  obj('VirtualService', {hosts: ['reviews'], http: [http], ...rest})
const route = (...weights: Array<number | undefined>) =>
  weights.map((weight, i) => ({destination: {host: `r${i}`}, ...(weight === undefined ? {} : {weight})}))
const dr = (spec: object) => obj('DestinationRule', {host: 'reviews', ...spec})
/** A Sidecar with one ingress listener on an HTTP port (fields and port fields added). */
const sci = (listener: object, port: object = {}) =>
  obj('Sidecar', {
    ingress: [
      {
        port: {number: 9080, protocol: 'HTTP', name: 'http', ...port},
        defaultEndpoint: '127.0.0.1:8080',
        ...listener,
      },
    ],
  })
const HTTPS = {protocol: 'HTTPS', name: 'https'}
const gw = (server: object) =>
  obj('Gateway', {
    servers: [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['*.example.com'], ...server}],
  })

type Case = [
  name: string,
  object: Record<string, unknown>,
  path: string,
  message: string | RegExp,
  level?: 'warning' | 'info',
]

const CASES: Case[] = [
  // hosts and wildcards
  [
    'VS host with a bad label',
    obj('VirtualService', {hosts: ['bad_host.com'], http: [{route: route(undefined)}]}),
    'spec.hosts[0]',
    'domain name "bad_host.com" invalid (label "bad_host" invalid)',
  ],
  [
    'VS wildcard in the middle',
    obj('VirtualService', {hosts: ['foo.*.com'], http: [{route: route(undefined)}]}),
    'spec.hosts[0]',
    /label "\*" invalid/,
  ],
  [
    'VS "*" bound to the mesh',
    obj('VirtualService', {hosts: ['*'], http: [{route: route(undefined)}]}),
    'spec.hosts[0]',
    'wildcard host * is not allowed for virtual services bound to the mesh gateway',
  ],
  [
    'VS all-numeric TLD',
    obj('VirtualService', {hosts: ['foo.123'], http: [{route: route(undefined)}]}),
    'spec.hosts[0]',
    /top level domain "123" cannot be all-numeric/,
  ],
  [
    'VS bad gateway name',
    vs({route: route(undefined)}, {gateways: ['ns/Bad_Name']}),
    'spec.gateways[0]',
    'invalid value for gateway name: "Bad_Name"',
  ],
  ['DR host wildcard', dr({host: 'a.*'}), 'spec.host', /label "\*" invalid/],
  [
    'Gateway partial wildcard',
    gw({hosts: ['ns/foo*.com'], tls: {mode: 'SIMPLE', credentialName: 'c'}}),
    'spec.servers[0].hosts[0]',
    /invalid/,
  ],
  [
    'Gateway short host',
    gw({hosts: ['reviews'], tls: {mode: 'SIMPLE', credentialName: 'c'}}),
    'spec.servers[0].hosts[0]',
    'short names (non FQDN) are not allowed',
  ],
  [
    'Sidecar egress host without namespace',
    obj('Sidecar', {egress: [{hosts: ['foo.com']}]}),
    'spec.egress[0].hosts[0]',
    'host must be of form namespace/dnsName',
  ],
  ['ServiceEntry "*" host (CEL)', obj('ServiceEntry', {hosts: ['*']}), 'spec.hosts[0]', 'invalid host *'],
  [
    'ServiceEntry IP host',
    obj('ServiceEntry', {hosts: ['1.2.3.4']}),
    'spec.hosts[0]',
    'domain name "2.3.4" invalid (top level domain "4" cannot be all-numeric)',
  ],
  [
    'VS duplicate hosts',
    obj('VirtualService', {hosts: ['*.a.com', 'b.a.com'], http: [{route: route(undefined)}]}),
    'spec.hosts[1]',
    'duplicate hosts in virtual service: *.a.com & b.a.com',
  ],
  [
    'delegate VS with gateways',
    obj('VirtualService', {gateways: ['ns/gw'], http: [{route: route(undefined)}]}),
    'spec.gateways',
    'delegate virtual service must have no gateways specified',
  ],
  [
    'legacy gateway name',
    vs({route: route(undefined)}, {gateways: ['gw.ns']}),
    'spec.gateways[0]',
    'using legacy gatewayName format "gw.ns"; prefer the <namespace>/<name> format: "ns/gw"',
    'warning',
  ],
  [
    'JWT claim routing without a gateway',
    vs({match: [{headers: {'@request.auth.claims.group': {exact: 'a'}}}], route: route(undefined)}),
    'spec.http[0].match[0].headers["@request.auth.claims.group"]',
    'JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway',
  ],
  // ports
  [
    'Gateway port 0',
    gw({port: {number: 0, name: 'h', protocol: 'HTTP'}}),
    'spec.servers[0].port.number',
    'port number 0 must be in the range 1..65535',
  ],
  [
    'ServiceEntry port 70000 (CEL)',
    obj('ServiceEntry', {hosts: ['a.com'], ports: [{number: 70000, name: 'http'}]}),
    'spec.ports[0].number',
    'port number 70000 must be in the range 1..65535',
  ],
  [
    'DR port-level settings without port',
    dr({trafficPolicy: {portLevelSettings: [{tls: {mode: 'SIMPLE'}}]}}),
    'spec.trafficPolicy.portLevelSettings[0].port',
    'portTrafficPolicy must have valid port',
  ],
  [
    'PeerAuthentication port key (CEL)',
    obj('PeerAuthentication', {selector: {matchLabels: {app: 'a'}}, portLevelMtls: {'0': {mode: 'STRICT'}}}),
    'spec.portLevelMtls',
    'port "0" must be between 1-65535',
  ],
  [
    'AuthorizationPolicy port',
    obj('AuthorizationPolicy', {rules: [{to: [{operation: {ports: ['http']}}]}]}),
    'spec.rules[0].to[0].operation.ports[0]',
    'invalid port: http',
  ],
  [
    'WorkloadEntry port name (CEL)',
    obj('WorkloadEntry', {address: '1.1.1.1', ports: {'bad name': 80}}),
    'spec.ports',
    'port name "bad name" must be valid (a DNS-1123 label)',
  ],
  // weights
  ['negative weight', vs({route: route(-1, 101)}), 'spec.http[0].route[0].weight', 'weight -1 < 0'],
  ['total weight 0', vs({route: route(0, 0)}), 'spec.http[0].route', 'total destination weight = 0'],
  [
    'weights not adding to 100',
    vs({route: route(50, 30)}),
    'spec.http[0].route',
    'destination weights add up to 80, not 100 (traffic is split in proportion)',
    'warning',
  ],
  [
    'locality distribute weights',
    dr({trafficPolicy: {loadBalancer: {localityLbSetting: {distribute: [{from: 'a/*', to: {'b/*': 60}}]}}}}),
    'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to',
    'total weight 60 != 100',
  ],
  // durations
  [
    'duration syntax',
    vs({route: route(undefined), timeout: '5 seconds'}),
    'spec.http[0].timeout',
    'invalid duration "5 seconds" (expected e.g. "1.5s", "10ms", "1h")',
  ],
  [
    'duration under 1ms (CEL)',
    vs({route: route(undefined), timeout: '500us'}),
    'spec.http[0].timeout',
    'duration "500us" must be at least 1ms',
  ],
  [
    'duration precision',
    dr({trafficPolicy: {outlierDetection: {interval: '1.0005s'}}}),
    'spec.trafficPolicy.outlierDetection.interval',
    'duration "1.0005s": only durations to ms precision are supported',
  ],
  // label selectors
  [
    'selector wildcard value (CEL)',
    obj('AuthorizationPolicy', {selector: {matchLabels: {app: 'a*'}}}),
    'spec.selector.matchLabels.app',
    'wildcard is not supported in selector value "a*"',
  ],
  [
    'selector wildcard key (CEL)',
    obj('RequestAuthentication', {selector: {matchLabels: {'app*': 'a'}}}),
    'spec.selector.matchLabels',
    'wildcard is not supported in selector key "app*"',
  ],
  [
    'selector empty key (CEL)',
    obj('Telemetry', {selector: {matchLabels: {'': 'a'}}}),
    'spec.selector.matchLabels',
    'empty key is not supported in selector',
  ],
  // TLS modes and their fields
  [
    'DR MUTUAL without client certificate',
    dr({trafficPolicy: {tls: {mode: 'MUTUAL', privateKey: 'k'}}}),
    'spec.trafficPolicy.tls.clientCertificate',
    'client certificate required for mutual tls',
  ],
  [
    'DR credentialName with certificates',
    dr({trafficPolicy: {tls: {mode: 'SIMPLE', credentialName: 'c', caCertificates: 'ca'}}}),
    'spec.trafficPolicy.tls',
    /cannot specify client certificates or CA certificate/,
  ],
  [
    'Gateway HTTPS without tls',
    gw({}),
    'spec.servers[0]',
    'server must have TLS settings for HTTPS/TLS protocols',
  ],
  [
    'Gateway SIMPLE without certificates',
    gw({tls: {mode: 'SIMPLE'}}),
    'spec.servers[0].tls.serverCertificate',
    'SIMPLE TLS requires a server certificate',
  ],
  [
    'Gateway MUTUAL without CA',
    gw({tls: {mode: 'MUTUAL', serverCertificate: 's', privateKey: 'k'}}),
    'spec.servers[0].tls.caCertificates',
    'MUTUAL TLS requires a client CA bundle',
  ],
  [
    'Gateway ISTIO_MUTUAL with a key',
    gw({tls: {mode: 'ISTIO_MUTUAL', privateKey: 'k'}}),
    'spec.servers[0].tls.privateKey',
    'ISTIO_MUTUAL TLS cannot have associated privateKey',
  ],
  [
    'Gateway TLS on a TCP port',
    gw({port: {number: 31400, name: 'tcp', protocol: 'TCP'}, tls: {mode: 'SIMPLE', credentialName: 'c'}}),
    'spec.servers[0].tls',
    'server cannot have TLS settings for non HTTPS/TLS ports',
  ],
  [
    'Gateway credentialName and credentialNames (CEL)',
    gw({tls: {mode: 'SIMPLE', credentialName: 'a', credentialNames: ['b']}}),
    'spec.servers[0].tls',
    /only one of credentialName, credentialNames/,
  ],
  [
    'Gateway duplicate port names',
    obj('Gateway', {
      servers: [1, 2].map((n) => ({
        port: {number: 80 + n, name: 'http', protocol: 'HTTP'},
        hosts: ['*.a.com'],
      })),
    }),
    'spec.servers[1].port.name',
    'port names in servers must be unique: duplicate name http',
  ],
  // traffic policy details
  [
    'empty connection pool',
    dr({trafficPolicy: {connectionPool: {}}}),
    'spec.trafficPolicy.connectionPool',
    'connection pool must have at least one field',
  ],
  [
    'negative max connections',
    dr({trafficPolicy: {connectionPool: {tcp: {maxConnections: -1}}}}),
    'spec.trafficPolicy.connectionPool.tcp.maxConnections',
    'maxConnections must be non-negative',
  ],
  [
    'tcp idle timeout under 1ms',
    dr({trafficPolicy: {connectionPool: {tcp: {idleTimeout: '10us'}}}}),
    'spec.trafficPolicy.connectionPool.tcp.idleTimeout',
    'duration "10us" must be at least 1ms',
  ],
  [
    'local origin failures without the split',
    dr({trafficPolicy: {outlierDetection: {consecutiveLocalOriginFailures: 3}}}),
    'spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures',
    /split external local origin errors is set to false/,
  ],
  [
    'warmup aggression below 1',
    dr({trafficPolicy: {loadBalancer: {warmup: {duration: '10s', aggression: 0.5}}}}),
    'spec.trafficPolicy.loadBalancer.warmup.aggression',
    'aggression should be greater than or equal to 1',
  ],
  [
    'port-level settings with only a port',
    dr({trafficPolicy: {portLevelSettings: [{port: {number: 80}}]}}),
    'spec.trafficPolicy.portLevelSettings[0]',
    'port traffic policy must have at least one field',
  ],
  // subsets
  [
    'duplicate subset names',
    dr({subsets: [{name: 'v1'}, {name: 'v1'}]}),
    'spec.subsets[1]',
    'duplicate subset name: v1',
  ],
  [
    'subset name not a label',
    dr({subsets: [{name: 'V_1'}]}),
    'spec.subsets[0].name',
    'subset name "V_1" must be a DNS-1123 label',
  ],
  // regex
  [
    'regex syntax',
    vs({match: [{uri: {regex: '(unclosed'}}], route: route(undefined)}),
    'spec.http[0].match[0].uri.regex',
    /^invalid regex "\(unclosed"/,
  ],
  [
    'regex look-ahead (not RE2)',
    vs({match: [{headers: {a: {regex: 'a(?!b)'}}}], route: route(undefined)}),
    'spec.http[0].match[0].headers.a.regex',
    'invalid regex "a(?!b)": look-around is not supported by RE2',
  ],
  // header names
  [
    'header match name',
    vs({match: [{headers: {'bad header': {exact: 'a'}}}], route: route(undefined)}),
    'spec.http[0].match[0].headers["bad header"]',
    'header name bad header is not a valid header name',
  ],
  [
    'header set with ":" prefix',
    vs({route: route(undefined), headers: {request: {set: {':path': '/'}}}}),
    'spec.http[0].headers.request.set[":path"]',
    'invalid header ":path": header cannot have ":" prefix',
  ],
  [
    'response Host header',
    vs({route: route(undefined), headers: {response: {set: {Host: 'a'}}}}),
    'spec.http[0].headers.response.set.Host',
    'invalid header "Host": cannot set Host header',
  ],
  [
    'JWT output header pattern',
    obj('RequestAuthentication', {
      jwtRules: [{issuer: 'i', outputClaimToHeaders: [{header: 'a b', claim: 'c'}]}],
    }),
    'spec.jwtRules[0].outputClaimToHeaders[0].header',
    /must match pattern/,
  ],
  // exactly one of
  [
    'StringMatch with two kinds',
    vs({match: [{uri: {exact: '/a', prefix: '/b'}}], route: route(undefined)}),
    'spec.http[0].match[0].uri',
    'only one of exact, prefix, regex may be set (found exact, prefix)',
  ],
  [
    'load balancer simple and consistentHash',
    dr({trafficPolicy: {loadBalancer: {simple: 'RANDOM', consistentHash: {useSourceIp: true}}}}),
    'spec.trafficPolicy.loadBalancer',
    'only one of simple, consistentHash may be set (found simple, consistentHash)',
  ],
  [
    'selector and targetRefs (CEL)',
    obj('AuthorizationPolicy', {
      selector: {matchLabels: {a: 'b'}},
      targetRefs: [{kind: 'Gateway', name: 'g'}],
    }),
    'spec',
    'only one of targetRefs or workloadSelector can be set',
  ],
  [
    'TrafficExtension without wasm or lua (CEL)',
    obj('TrafficExtension', {phase: 'STATS'}),
    'spec',
    'exactly one of wasm or lua must be set',
  ],
  [
    'route and redirect',
    vs({route: route(undefined), redirect: {uri: '/a'}}),
    'spec.http[0]',
    'HTTP route cannot contain both route and redirect',
  ],
  [
    'no route, redirect or directResponse',
    vs({name: 'empty'}),
    'spec.http[0]',
    'HTTP route, redirect or direct_response is required',
  ],
  [
    'RequestAuthentication jwks and jwksUri (CEL)',
    obj('RequestAuthentication', {jwtRules: [{issuer: 'i', jwks: '{}', jwksUri: 'https://a/b'}]}),
    'spec.jwtRules[0]',
    'only one of jwksUri, jwks_uri, jwks may be set (found jwksUri, jwks)',
  ],
  [
    'ServiceEntry endpoints and workloadSelector (CEL)',
    obj('ServiceEntry', {
      hosts: ['a.com'],
      resolution: 'STATIC',
      endpoints: [{address: '1.1.1.1'}],
      workloadSelector: {labels: {a: 'b'}},
    }),
    'spec',
    /only one of workloadSelector, endpoints/,
  ],
  // principals, namespaces, service accounts, attributes
  [
    'principal with a middle wildcard',
    obj('AuthorizationPolicy', {rules: [{from: [{source: {principals: ['cluster.local/*/sa']}}]}]}),
    'spec.rules[0].from[0].source.principals[0]',
    /"\*" only matches as a prefix or suffix/,
    'warning',
  ],
  [
    'empty namespace value',
    obj('AuthorizationPolicy', {rules: [{from: [{source: {namespaces: ['']}}]}]}),
    'spec.rules[0].from[0].source.namespaces[0]',
    'empty value not allowed in namespaces',
  ],
  [
    'serviceAccounts with principals (CEL)',
    obj('AuthorizationPolicy', {
      rules: [{from: [{source: {serviceAccounts: ['ns/sa'], principals: ['p']}}]}],
    }),
    'spec.rules[0].from[0].source',
    'cannot set serviceAccounts with namespaces or principals, found at rule 0',
  ],
  [
    'service account format',
    obj('AuthorizationPolicy', {rules: [{from: [{source: {serviceAccounts: ['ns/sa/x']}}]}]}),
    'spec.rules[0].from[0].source.serviceAccounts[0]',
    `expected format 'serviceAccount' or 'namespace/serviceAccount', found "ns/sa/x"`,
  ],
  [
    'ipBlocks',
    obj('AuthorizationPolicy', {rules: [{from: [{source: {ipBlocks: ['10.0.0.0/33']}}]}]}),
    'spec.rules[0].from[0].source.ipBlocks[0]',
    '10.0.0.0/33 is not a valid CIDR block',
  ],
  [
    'unknown condition key',
    obj('AuthorizationPolicy', {rules: [{when: [{key: 'source.name', values: ['a']}]}]}),
    'spec.rules[0].when[0].key',
    'unknown attribute: source.name',
  ],
  [
    'condition without values',
    obj('AuthorizationPolicy', {rules: [{when: [{key: 'source.ip'}]}]}),
    'spec.rules[0].when[0]',
    'at least one of `values` or `notValues` must be set for key source.ip',
  ],
  [
    'CUSTOM without provider',
    obj('AuthorizationPolicy', {action: 'CUSTOM', rules: [{}]}),
    'spec.provider.name',
    '`provider.name` must not be empty',
  ],
  [
    'targetRef to an unsupported kind',
    obj('Telemetry', {targetRefs: [{kind: 'Deployment', group: 'apps', name: 'd'}]}),
    'spec.targetRefs[0].kind',
    'targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was apps/Deployment',
  ],
  [
    'selector without labels',
    obj('AuthorizationPolicy', {selector: {}}),
    'spec.selector',
    'workload selector specified without labels',
    'warning',
  ],
  [
    'JWT rule without issuer or jwksUri',
    obj('RequestAuthentication', {jwtRules: [{jwks: '{"keys": []}'}]}),
    'spec.jwtRules[0]',
    'issuer or jwksUri must be non-empty string',
  ],
  [
    'JWT rule with bad inline jwks',
    obj('RequestAuthentication', {jwtRules: [{issuer: 'i', jwks: '{nope'}]}),
    'spec.jwtRules[0].jwks',
    /^jwks parse error:/,
  ],
  // Sidecar listeners
  [
    'Sidecar defaultEndpoint host',
    obj('Sidecar', {
      ingress: [{port: {number: 80, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '10.0.0.1:8080'}],
    }),
    'spec.ingress[0].defaultEndpoint',
    /^sidecar: defaultEndpoint must be of form 127.0.0.1:<port>/,
  ],
  [
    'Sidecar ingress TLS on a plain HTTP port',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 80, protocol: 'HTTP', name: 'http'},
          tls: {mode: 'SIMPLE', serverCertificate: 'c', privateKey: 'k'},
        },
      ],
    }),
    'spec.ingress[0].tls',
    'server cannot have TLS settings for non HTTPS/TLS ports',
  ],
  [
    'Sidecar catch-all egress listener before others',
    obj('Sidecar', {egress: [{hosts: ['*/*']}, {hosts: ['./*']}]}),
    'spec.egress[0]',
    'sidecar: the egress listener with empty port should be the last listener in the list',
  ],
  [
    'Sidecar port 0 without a unix socket',
    obj('Sidecar', {egress: [{port: {number: 0, protocol: 'HTTP', name: 'uds'}, hosts: ['./a.com']}]}),
    'spec.egress[0].bind',
    'sidecar: ports with 0 value must have a unix domain socket bind address',
  ],
  [
    'Sidecar duplicated egress host',
    obj('Sidecar', {egress: [{hosts: ['ns/*', 'ns/a.com']}]}),
    'spec.egress[0].hosts[1]',
    'duplicated egress host: ns/a.com',
    'warning',
  ],
  [
    'Sidecar egress ports must be unique',
    obj('Sidecar', {
      egress: [80, 80].map((number) => ({port: {number, protocol: 'HTTP', name: 'h'}, hosts: ['./*']})),
    }),
    'spec.egress[1]',
    'duplicate egress listener (ports and unix sockets of listeners must be unique): port 80',
  ],
  // other kinds' rules
  ['exportTo duplicates', dr({exportTo: ['.', 'ns']}), 'spec.exportTo[1]', 'duplicate entry in exportTo: .'],
  [
    'exportTo * and others',
    dr({exportTo: ['*', 'a']}),
    'spec.exportTo',
    'cannot have both public (*) and non-public exportTo values for a resource',
  ],
  [
    'resolution NONE with endpoints (CEL)',
    obj('ServiceEntry', {hosts: ['a.com'], endpoints: [{address: '1.1.1.1'}]}),
    'spec.endpoints',
    'no endpoints may be given for resolution NONE',
  ],
  [
    'endpoint without address or network (CEL)',
    obj('ServiceEntry', {hosts: ['a.com'], resolution: 'DNS', endpoints: [{labels: {a: 'b'}}]}),
    'spec.endpoints[0]',
    /address is required/,
  ],
  [
    'endpoint port not in the service ports',
    obj('ServiceEntry', {
      hosts: ['a.com'],
      resolution: 'DNS',
      ports: [{number: 80, name: 'http'}],
      endpoints: [{address: 'a.com', ports: {grpc: 90}}],
    }),
    'spec.endpoints[0].ports.grpc',
    'endpoint port grpc is not defined by the service entry',
  ],
  [
    'unix address (CEL)',
    obj('WorkloadEntry', {address: 'unix://relative.sock'}),
    'spec.address',
    /must be absolute/,
  ],
  [
    'PeerAuthentication portLevelMtls without selector (CEL)',
    obj('PeerAuthentication', {portLevelMtls: {'8080': {mode: 'DISABLE'}}}),
    'spec.portLevelMtls',
    'mesh/namespace peer authentication cannot have port level mTLS',
  ],
  [
    'EnvoyFilter waypoint match outside WAYPOINT (CEL)',
    obj('EnvoyFilter', {
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {context: 'GATEWAY', waypoint: {portNumber: 80}},
          patch: {operation: 'ADD', value: {}},
        },
      ],
    }),
    'spec.configPatches[0].match',
    'waypoint match requires context WAYPOINT',
  ],
  [
    'EnvoyFilter without patch value',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER', patch: {operation: 'MERGE'}}]}),
    'spec.configPatches[0].patch.value',
    'Envoy filter: missing patch value for non-remove operation',
  ],
  [
    'Telemetry UPSERT without value (CEL)',
    obj('Telemetry', {metrics: [{overrides: [{tagOverrides: {a: {operation: 'UPSERT'}}}]}]}),
    'spec.metrics[0].overrides[0].tagOverrides.a',
    'tagOverrides.value must be set when operation is UPSERT',
  ],
  [
    'WasmPlugin env HOST with value (CEL)',
    obj('WasmPlugin', {url: 'oci://a/b', vmConfig: {env: [{name: 'A', valueFrom: 'HOST', value: 'x'}]}}),
    'spec.vmConfig.env[0].value',
    'value must not be set when valueFrom is HOST',
  ],
  [
    'WasmPlugin url scheme (CEL)',
    obj('WasmPlugin', {url: 'ftp://a/b'}),
    'spec.url',
    'url scheme "ftp" is not supported: use http, https, oci or file',
  ],
  [
    'Sidecar egressProxy without ALLOW_ANY',
    obj('Sidecar', {outboundTrafficPolicy: {mode: 'REGISTRY_ONLY', egressProxy: {host: 'a'}}}),
    'spec.outboundTrafficPolicy.egressProxy',
    /egress_proxy must be set only with ALLOW_ANY/,
  ],
  [
    'maglev table size not prime',
    dr({trafficPolicy: {loadBalancer: {consistentHash: {maglev: {tableSize: 1000}, useSourceIp: true}}}}),
    'spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize',
    'tableSize must be a prime number for maglev',
  ],
  [
    'directResponse status',
    vs({directResponse: {status: 700}}),
    'spec.http[0].directResponse.status',
    'status 700 must be in range 200..599',
  ],
  [
    'metadata name',
    {...obj('Gateway', {servers: []}), metadata: {name: 'a/b'}},
    'metadata.name',
    'invalid name "a/b": may not be "." or ".." nor contain "/" or "%"',
  ],
  [
    'IstioOperator revision',
    obj('IstioOperator', {revision: '1.30'}),
    'spec.revision',
    'invalid revision specified: 1.30',
  ],
  // istiod facts found by the oracle (istioctl 1.30.3 validate)
  [
    'ServiceEntry DNS wildcard host without endpoints',
    obj('ServiceEntry', {hosts: ['*.example.com'], resolution: 'DNS'}),
    'spec.hosts[0]',
    'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.example.com" invalid (label "*" invalid)',
  ],
  [
    'ServiceEntry TCP port without addresses and no auto-allocation',
    obj('ServiceEntry', {hosts: ['a.com'], ports: [{number: 9000, name: 'tcp'}]}),
    'spec.ports[0]',
    'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
    'warning',
  ],
  [
    'Sidecar with nothing in it',
    obj('Sidecar', {workloadSelector: {labels: {a: 'b'}}}),
    'spec',
    'sidecar: empty configuration provided',
  ],
  [
    'EnvoyFilter applyTo and match of different classes',
    obj('EnvoyFilter', {
      configPatches: [{applyTo: 'CLUSTER', match: {listener: {name: 'l'}}, patch: {operation: 'REMOVE'}}],
    }),
    'spec.configPatches[0].match',
    'Envoy filter: applyTo for cluster class objects cannot have non cluster match',
  ],
  [
    'EnvoyFilter null patch counts as missing',
    obj('EnvoyFilter', {configPatches: [{applyTo: 'CLUSTER', match: null, patch: null}]}),
    'spec.configPatches[0].patch',
    'Envoy filter: missing patch',
  ],
  [
    'every EnvoyFilter is warned about',
    obj('EnvoyFilter', {}),
    'spec',
    /^EnvoyFilter exposes internal implementation details/,
    'warning',
  ],
  [
    'VS rule after a match-all rule',
    vs({route: route(undefined)}, {http: [{route: route(undefined)}, {route: route(undefined)}]}),
    'spec.http[1]',
    'virtualService rule #1 not used (only the last rule can have no matches)',
    'warning',
  ],
  [
    'VS duplicate match',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {name: 'first', match: [{uri: {exact: '/a'}}], route: route(undefined)},
        {name: 'second', match: [{uri: {exact: '/a'}, ignoreUriCase: false}], route: route(undefined)},
      ],
    }),
    'spec.http[1].match[0]',
    'virtualService rule "second" match #0 is not used (duplicate/overlapping match in rule "first")',
    'warning',
  ],
  [
    'VS rule whose matches all repeat earlier ones',
    obj('VirtualService', {
      hosts: ['a'],
      tcp: [
        {match: [{port: 1}], route: route(undefined)},
        {match: [{port: 1}], route: route(undefined)},
      ],
    }),
    'spec.tcp[1]',
    'virtualService rule #1 not used (all matches used by prior rules)',
    'warning',
  ],
  [
    'VS prefix covered by an earlier prefix',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {match: [{uri: {prefix: '/api'}}], route: route(undefined)},
        {match: [{uri: {prefix: '/api/v1'}}], route: route(undefined)},
      ],
    }),
    'spec.http[1].match[0]',
    'virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    'warning',
  ],
  [
    'fault abort without error type',
    vs({route: route(undefined), fault: {abort: {percentage: {value: 1}}}}),
    'spec.http[0].fault.abort',
    'abort configured, but error type not set',
    'warning',
  ],
  [
    'fault abort gRPC status',
    vs({route: route(undefined), fault: {abort: {grpcStatus: 'NOPE'}}}),
    'spec.http[0].fault.abort.grpcStatus',
    'gRPC status "NOPE" is not supported, use a code name such as NOT_FOUND',
  ],
  [
    'exponential delay',
    vs({route: route(undefined), fault: {delay: {exponentialDelay: '1s'}}}),
    'spec.http[0].fault.delay.exponentialDelay',
    'exponentialDelay not supported yet',
  ],
  [
    'IstioOperator values field',
    obj('IstioOperator', {values: {global: {proxy: {privilegd: true}}}}),
    'spec.values.global.proxy.privilegd',
    /^unknown field values.global.proxy.privilegd; did you mean values.global.proxy.privileged\?$/,
  ],
  ['IstioOperator hub', obj('IstioOperator', {hub: 'Docker.io/Istio'}), 'spec.hub', /^bad hub:/],
  [
    'IstioOperator values list item',
    obj('IstioOperator', {values: {global: {imagePullSecrets: [1]}}}),
    'spec.values.global.imagePullSecrets[0]',
    'invalid value for values.global.imagePullSecrets[0]: expected a string, got number',
  ],
  [
    'IstioOperator namespace',
    obj('IstioOperator', {namespace: 'Bad_NS'}),
    'spec.namespace',
    'invalid namespace "Bad_NS": must be a DNS-1123 label',
  ],
  [
    'IstioOperator duplicate ingress gateway',
    obj('IstioOperator', {components: {ingressGateways: [{name: 'g'}, {name: 'g'}]}}),
    'spec.components.ingressGateways[1]',
    'duplicate gateway name: g',
  ],
  [
    'IstioOperator duplicate egress gateway',
    obj('IstioOperator', {components: {egressGateways: [{name: 'e'}, {name: 'e'}]}}),
    'spec.components.egressGateways[1]',
    'duplicate gateway name: e',
  ],
  // Sidecar ingress listeners (messages as istiod 1.30.3's)
  [
    'Sidecar ingress targetPort',
    sci({}, {targetPort: 80}),
    'spec.ingress[0].port.targetPort',
    'targetPort has no impact on Sidecars',
  ],
  ['Sidecar ingress bind', sci({bind: 'nope'}), 'spec.ingress[0].bind', 'nope is not a valid IP'],
  [
    'Sidecar defaultEndpoint without port',
    sci({defaultEndpoint: 'localhost'}),
    'spec.ingress[0].defaultEndpoint',
    'address localhost: missing port in address',
  ],
  [
    'Sidecar defaultEndpoint with too many colons',
    sci({defaultEndpoint: '1:2:3'}),
    'spec.ingress[0].defaultEndpoint',
    'address 1:2:3: too many colons in address',
  ],
  [
    'Sidecar defaultEndpoint port not a number',
    sci({defaultEndpoint: '127.0.0.1:abc'}),
    'spec.ingress[0].defaultEndpoint',
    'sidecar: defaultEndpoint port (abc) is not a number: strconv.Atoi: parsing "abc": invalid syntax',
  ],
  [
    'Sidecar defaultEndpoint port 0',
    sci({defaultEndpoint: '[::1]:0'}),
    'spec.ingress[0].defaultEndpoint',
    'port number 0 must be in the range 1..65535',
  ],
  [
    'Sidecar ingress tls subjectAltNames',
    sci({tls: {mode: 'SIMPLE', subjectAltNames: ['a']}}, HTTPS),
    'spec.ingress[0].tls.subjectAltNames',
    'sidecar: subjectAltNames is not supported in ingress tls',
  ],
  [
    'Sidecar ingress tls httpsRedirect',
    sci({tls: {mode: 'SIMPLE', httpsRedirect: true}}, HTTPS),
    'spec.ingress[0].tls.httpsRedirect',
    'sidecar: httpsRedirect is not supported',
  ],
  [
    'Sidecar ingress tls credentialName',
    sci({tls: {mode: 'SIMPLE', credentialName: 'c'}}, HTTPS),
    'spec.ingress[0].tls.credentialName',
    'sidecar: credentialName is not currently supported',
  ],
  [
    'Sidecar ingress tls credentialNames',
    sci({tls: {mode: 'SIMPLE', credentialNames: ['c']}}, HTTPS),
    'spec.ingress[0].tls.credentialNames',
    'sidecar: credentialNames is not currently supported',
  ],
  [
    'Sidecar ingress tls ISTIO_MUTUAL',
    sci({tls: {mode: 'ISTIO_MUTUAL'}}, HTTPS),
    'spec.ingress[0].tls.mode',
    'configuration is invalid: cannot set mode to ISTIO_MUTUAL in sidecar ingress tls',
  ],
  [
    'Sidecar HTTP pool on a TCP port',
    sci({connectionPool: {http: {http1MaxPendingRequests: 1}}}, {protocol: 'TCP', name: 'tcp'}),
    'spec.ingress[0].connectionPool.http',
    'sidecar: HTTP connection pool settings are configured for port 9080 ("tcp") but its protocol is not HTTP (TCP); only TCP settings will apply',
    'warning',
  ],
  [
    'Sidecar egress without hosts',
    obj('Sidecar', {egress: [{hosts: []}]}),
    'spec.egress[0].hosts',
    'sidecar: egress listener must contain at least one host',
  ],
  [
    'Sidecar */* with other hosts',
    obj('Sidecar', {egress: [{hosts: ['*/*', 'ns/a.com']}]}),
    'spec.egress[0].hosts',
    '`*/*` host select all resources, no other hosts can be added',
    'warning',
  ],
  // schema: unknown fields, types, enums, required, deprecations
  ['unknown spec field', dr({hots: 'a'}), 'spec.hots', 'unknown field "hots"'],
  ['unknown top-level field', obj('Gateway', {servers: []}, {extra: 1}), 'extra', 'unknown field "extra"'],
  [
    'IstioOperator unknown field',
    obj('IstioOperator', {components: {pilot: {k8s: {replicas: 2}}}}),
    'spec.components.pilot.k8s.replicas',
    'unknown field "replicas"',
  ],
  [
    'wrong type',
    vs({route: [{destination: {host: 'a'}, weight: '50'}]}),
    'spec.http[0].route[0].weight',
    'must be integer, not string',
  ],
  [
    'unknown enum value',
    dr({trafficPolicy: {tls: {mode: 'STRICT'}}}),
    'spec.trafficPolicy.tls.mode',
    'unknown value "STRICT", must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL',
  ],
  [
    'missing required field',
    obj('DestinationRule', {subsets: []}),
    'spec.host',
    'empty domain name not allowed',
  ],
  // a required field istiod words unreproducibly keeps the generic wording
  [
    'missing required field (generic)',
    obj('Gateway', {servers: [{hosts: ['*'], port: {number: 80, protocol: 'HTTP'}}]}),
    'spec.servers[0].port.name',
    'required field is missing',
  ],
  [
    'missing spec: checked as an empty one, as istiod does',
    {apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: {name: 'x'}},
    'spec.hosts',
    'service entry must have at least one host',
  ],
  [
    'int32 out of range',
    dr({trafficPolicy: {connectionPool: {tcp: {maxConnections: 2 ** 31}}}}),
    'spec.trafficPolicy.connectionPool.tcp.maxConnections',
    'must be a valid int32',
  ],
  [
    'deprecated field',
    dr({trafficPolicy: {outlierDetection: {consecutiveErrors: 5}}}),
    'spec.trafficPolicy.outlierDetection.consecutiveErrors',
    'deprecated field: use consecutive5xxErrors',
    'warning',
  ],
  [
    'deprecated enum value',
    dr({trafficPolicy: {loadBalancer: {simple: 'LEAST_CONN'}}}),
    'spec.trafficPolicy.loadBalancer.simple',
    'LEAST_CONN is deprecated, use LEAST_REQUEST',
    'warning',
  ],
  // kinds
  [
    'unknown Istio kind',
    {apiVersion: 'networking.istio.io/v1', kind: 'VirtualServce', metadata: {name: 'x'}},
    'kind',
    'unknown kind VirtualServce in networking.istio.io/v1',
  ],
  [
    'version not served',
    {apiVersion: 'security.istio.io/v1alpha1', kind: 'PeerAuthentication', metadata: {name: 'x'}},
    'kind',
    'version not served: PeerAuthentication is served as security.istio.io/v1, security.istio.io/v1beta1',
  ],
  // Kubernetes objects, as istioctl checks them
  [
    'Service port without protocol prefix',
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}, spec: {ports: [{port: 80, name: 'web'}]}},
    'spec.ports[0].name',
    /port name "web" does not follow the Istio naming convention/,
  ],
  [
    'Service unnamed port',
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}, spec: {ports: [{port: 80}]}},
    'spec.ports[0]',
    /unnamed port is not recommended/,
  ],
  [
    'Service bad appProtocol',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 's'},
      spec: {ports: [{port: 80, appProtocol: 'web'}]},
    },
    'spec.ports[0].appProtocol',
    /appProtocol "web" does not follow Istio protocol selection/,
  ],
  [
    'Deployment without version label',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'd'},
      spec: {template: {metadata: {labels: {app: 'a'}}}},
    },
    'spec.template.metadata.labels',
    /missing "version" labels/,
    'info',
  ],
]

describe('api: validation rules', () => {
  for (const [name, object, path, message, level] of CASES) {
    it(name, () => {
      const result = validateObject(object)
      const list =
        level === 'warning' ? result.warnings : level === 'info' ? (result.infos ?? []) : result.errors
      const found = list.map((e) => [formatPath(e.path), e.message])
      const hit = found.find(
        ([p, m]) => p === path && (typeof message === 'string' ? m === message : message.test(m)),
      )
      expect(
        hit,
        `expected ${level ?? 'error'} at ${path}: ${message}\ngot: ${JSON.stringify(found)}`,
      ).to.not.equal(undefined)
    })
  }

  it('istio-system Services are not checked', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 's', namespace: 'istio-system'},
      spec: {ports: [{port: 80}]},
    }
    expect(validateObject(svc).errors).to.deep.equal([])
  })

  it('objects of other kinds pass', () => {
    expect(validateObject({apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, junk: 1})).to.deep.equal({
      errors: [],
      warnings: [],
      infos: [],
    })
  })

  describe('EnvoyFilter patch values, parsed into the Envoy message of their applyTo', () => {
    const ef = (applyTo: string, value: object, match?: object) =>
      obj('EnvoyFilter', {
        configPatches: [{applyTo, ...(match ? {match} : {}), patch: {operation: 'ADD', value}}],
      })
    const unknownFields = (o: Record<string, unknown>) =>
      validateObject(o)
        .warnings.filter((w) => /unknown field/.test(w.message))
        .map((w) => [formatPath(w.path), w.message])

    it('warns about the first unknown top-level field, in key order, naming the message', () => {
      expect(unknownFields(ef('HTTP_ROUTE', {name: 'r', typed_config: {}, zeta: 1, alpha: 2}))).to.deep.equal(
        [
          [
            'spec.configPatches[0].patch.value.alpha',
            'Envoy filter: unknown field "alpha" in envoy.config.route.v3.Route',
          ],
        ],
      )
      expect(unknownFields(ef('NETWORK_FILTER', {name: 'f', connect_timeout: '1s'}))).to.deep.equal([
        [
          'spec.configPatches[0].patch.value.connect_timeout',
          'Envoy filter: unknown field "connect_timeout" in envoy.config.listener.v3.Filter',
        ],
      ])
    })

    it('knows fields by proto name and by JSON name, oneof members included', () => {
      const cluster = {
        name: 'c',
        connect_timeout: '1s',
        connectTimeout: '1s',
        type: 'STRICT_DNS',
        lbPolicy: 'RANDOM',
      }
      expect(unknownFields(ef('CLUSTER', cluster))).to.deep.equal([])
      expect(unknownFields(ef('HTTP_FILTER', {name: 'h', typed_config: {}, isOptional: true}))).to.deep.equal(
        [],
      )
    })

    it('warns about deprecated filter names in a listener match, as istiod does', () => {
      const hcm = (subFilter?: object) => ({
        listener: {
          filterChain: {filter: {name: 'envoy.http_connection_manager', ...(subFilter && {subFilter})}},
        },
      })
      const deprecated = (o: Record<string, unknown>) =>
        validateObject(o)
          .warnings.filter((w) => /deprecated filter name/.test(w.message))
          .map((w) => w.message)
      expect(
        deprecated(ef('HTTP_FILTER', {name: 'h', typed_config: {}}, hcm({name: 'envoy.router'}))),
      ).to.deep.equal([
        'using deprecated filter name "envoy.http_connection_manager"; use "envoy.filters.network.http_connection_manager" instead',
        'using deprecated filter name "envoy.router"; use "envoy.filters.http.router" instead',
      ])
      const current = {
        listener: {filterChain: {filter: {name: 'envoy.filters.network.http_connection_manager'}}},
      }
      expect(deprecated(ef('HTTP_FILTER', {name: 'h', typed_config: {}}, current))).to.deep.equal([])
    })

    it('warns about filters given by name without typed_config (HTTP, network and listener filters)', () => {
      const byName = (o: Record<string, unknown>) =>
        validateObject(o)
          .warnings.filter((w) => /without typed_config/.test(w.message))
          .map((w) => w.message)
      expect(byName(ef('HTTP_FILTER', {name: 'my.filter'}))).to.deep.equal([
        'using deprecated types by name without typed_config; my.filter',
      ])
      expect(byName(ef('NETWORK_FILTER', {name: 'f'}))).to.have.length(1)
      expect(byName(ef('HTTP_FILTER', {name: 'h', typed_config: {}}))).to.deep.equal([])
      expect(byName(ef('HTTP_FILTER', {name: 'h', configDiscovery: {}}))).to.deep.equal([])
      // a value with an unknown field fails istiod's strict parse, which the check needs
      expect(byName(ef('NETWORK_FILTER', {name: 'f', connect_timeout: '1s'}))).to.deep.equal([])
    })

    it('still parses the value of route- and cluster-class patches whose match is of another class', () => {
      const o = ef('CLUSTER', {typed_config: {}}, {listener: {name: 'l'}})
      expect(validateObject(o).errors.map((e) => e.message)).to.deep.equal([
        'Envoy filter: applyTo for cluster class objects cannot have non cluster match',
      ])
      expect(unknownFields(o)).to.have.length(1)
      // listener-class patches stop at the mismatch, as istiod's do
      expect(unknownFields(ef('LISTENER', {bogus: 1}, {cluster: {name: 'c'}}))).to.deep.equal([])
    })
  })

  it('runs the rules of objects that miss a required field, as istiod does (VS route without destination)', () => {
    const o = vs({route: [{}, {destination: {host: 'reviews'}}]})
    expect(validateObject(o).errors.map((e) => [formatPath(e.path), e.message])).to.deep.equal([
      ['spec.http[0].route[0].destination', 'destination is required'],
      ['spec.http[0].route', 'total destination weight = 0'],
    ])
  })

  it('checks a Sidecar defaultEndpoint as istiod does: the port also after a split error; loopback and unix accepted', () => {
    const errors = (o: Record<string, unknown>) => validateObject(o).errors.map((e) => e.message)
    expect(errors(sci({defaultEndpoint: 'localhost'}))).to.deep.equal([
      'address localhost: missing port in address',
      'sidecar: defaultEndpoint port () is not a number: strconv.Atoi: parsing "": invalid syntax',
    ])
    for (const ep of ['127.0.0.1:80', '0.0.0.0:80', '[::1]:80', '[::]:80', 'unix:///var/run/app.sock'])
      expect(errors(sci({defaultEndpoint: ep})), ep).to.deep.equal([])
    expect(
      errors(sci({tls: {mode: 'SIMPLE', serverCertificate: '/a', privateKey: '/b'}}, {protocol: 'tls'})),
    ).to.deep.equal([])
    const warnings = validateObject(
      sci({connectionPool: {http: {maxRetries: 1}}}, {protocol: 'grpc-web', name: 'g'}),
    ).warnings
    expect(warnings).to.deep.equal([])
  })

  it('never throws on odd data', () => {
    for (const spec of [null, 5, 'x', [], {http: 'x'}, {http: [null]}, {hosts: [null]}])
      expect(() => validateObject(obj('VirtualService', spec))).to.not.throw()
  })
})
