// The CEL rules our CRDs carry (x-kubernetes-validations, src/lib/api/cel.ts) are the API server's; meshctl
// validate must reject the same objects without a CEL interpreter. One violating object per rule, and a
// check that every rule in the generated CRDs has one.
import {expect} from 'chai'
import {formatPath, generateCrds, validateObject} from '../../src/lib/api/index.js'
import type {CelRule, JSONSchemaProps} from '../../src/lib/api/schema.js'

const API: Record<string, string> = {
  AuthorizationPolicy: 'security.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  EnvoyFilter: 'networking.istio.io/v1alpha3',
  Gateway: 'networking.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
  ServiceEntry: 'networking.istio.io/v1',
  Telemetry: 'telemetry.istio.io/v1',
  TrafficExtension: 'extensions.istio.io/v1alpha1',
  WasmPlugin: 'extensions.istio.io/v1alpha1',
  WorkloadGroup: 'networking.istio.io/v1',
}
const gatewayRef = {group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'g'}
const se = (spec: object) => ({hosts: ['a.example.com'], ...spec})
const wasm = {url: 'oci://example.com/filter:1'}
const tls = (t: object) => ({
  servers: [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['*.example.com'], tls: t}],
})

/** [where the rule is (Kind and schema path), its message, a spec that breaks it, the error's field path] */
type Case = [at: string, message: string, spec: object, path: string]

const CASES: Case[] = [
  // value checks (checks.ts)
  [
    'DestinationRule .spec.subsets[].trafficPolicy.connectionPool.http.idleTimeout',
    'must be a valid duration greater than 1ms',
    {host: 'r', subsets: [{name: 'v1', trafficPolicy: {connectionPool: {http: {idleTimeout: '0.5ms'}}}}]},
    'spec.subsets[0].trafficPolicy.connectionPool.http.idleTimeout',
  ],
  [
    'EnvoyFilter .spec.configPatches[].match.waypoint.portNumber',
    'port must be between 1-65535',
    {configPatches: [{applyTo: 'HTTP_FILTER', match: {context: 'WAYPOINT', waypoint: {portNumber: 70000}}}]},
    'spec.configPatches[0].match.waypoint.portNumber',
  ],
  [
    'TrafficExtension .spec.selector.matchLabels',
    'wildcard not allowed in label key match',
    {wasm, selector: {matchLabels: {'a*': 'b'}}},
    'spec.selector.matchLabels',
  ],
  [
    'TrafficExtension .spec.selector.matchLabels',
    'key must not be empty',
    {wasm, selector: {matchLabels: {'': 'b'}}},
    'spec.selector.matchLabels',
  ],
  [
    'TrafficExtension .spec.selector.matchLabels{}',
    'wildcard not allowed in label value match',
    {wasm, selector: {matchLabels: {a: 'b*'}}},
    'spec.selector.matchLabels.a',
  ],
  [
    'EnvoyFilter .spec.workloadSelector.labels{}',
    'wildcard is not supported in selector',
    {workloadSelector: {labels: {a: '*'}}},
    'spec.workloadSelector.labels.a',
  ],
  [
    'TrafficExtension .spec.targetRefs[].namespace',
    'cross namespace referencing is not currently supported',
    {wasm, targetRefs: [{...gatewayRef, namespace: 'other'}]},
    'spec.targetRefs[0].namespace',
  ],
  [
    'ServiceEntry .spec.endpoints[].address',
    'UDS must be an absolute path or abstract socket',
    se({resolution: 'STATIC', endpoints: [{address: 'unix://relative'}]}),
    'spec.endpoints[0].address',
  ],
  [
    'ServiceEntry .spec.endpoints[].address',
    'UDS may not be a dir',
    se({resolution: 'STATIC', endpoints: [{address: 'unix:///var/run/'}]}),
    'spec.endpoints[0].address',
  ],
  [
    'ServiceEntry .spec.endpoints[].ports',
    'port name must be valid',
    se({resolution: 'STATIC', endpoints: [{address: '10.0.0.1', ports: {bad_name: 80}}]}),
    'spec.endpoints[0].ports',
  ],
  ['ServiceEntry .spec.hosts[]', 'hostname cannot be wildcard', {hosts: ['*']}, 'spec.hosts[0]'],
  [
    'PeerAuthentication .spec.portLevelMtls',
    'port must be between 1-65535',
    {selector: {matchLabels: {app: 'a'}}, portLevelMtls: {'0': {mode: 'STRICT'}}},
    'spec.portLevelMtls',
  ],
  [
    'RequestAuthentication .spec.jwtRules[].jwksUri',
    'url must have scheme http:// or https://',
    {jwtRules: [{issuer: 'i', jwksUri: 'ftp://keys.example.com'}]},
    'spec.jwtRules[0].jwksUri',
  ],
  // rules on whole objects (rules/)
  [
    'TrafficExtension .spec',
    'only one of targetRefs or selector can be set',
    {wasm, selector: {matchLabels: {a: 'b'}}, targetRefs: [gatewayRef]},
    'spec',
  ],
  ['TrafficExtension .spec', 'exactly one of wasm or lua must be set', {}, 'spec'],
  [
    'WasmPlugin .spec',
    'only one of targetRefs or selector can be set',
    {...wasm, selector: {matchLabels: {a: 'b'}}, targetRef: gatewayRef},
    'spec',
  ],
  [
    'TrafficExtension .spec.wasm.url',
    'url must have schema one of [http, https, file, oci]',
    {wasm: {url: 'ftp://example.com/filter.wasm'}},
    'spec.wasm.url',
  ],
  [
    'WasmPlugin .spec.url',
    'url must have schema one of [http, https, file, oci]',
    {url: 'ftp://example.com/filter.wasm'},
    'spec.url',
  ],
  [
    'TrafficExtension .spec.wasm.vmConfig.env[]',
    'value may only be set when valueFrom is INLINE',
    {wasm: {...wasm, vmConfig: {env: [{name: 'A', valueFrom: 'HOST', value: 'x'}]}}},
    'spec.wasm.vmConfig.env[0].value',
  ],
  [
    'EnvoyFilter .spec',
    'only one of targetRefs or workloadSelector can be set',
    {workloadSelector: {labels: {a: 'b'}}, targetRefs: [gatewayRef]},
    'spec',
  ],
  [
    'EnvoyFilter .spec.configPatches[].match',
    'only support waypointMatch when context is WAYPOINT',
    {
      configPatches: [
        {applyTo: 'HTTP_FILTER', match: {context: 'SIDECAR_INBOUND', waypoint: {portNumber: 80}}},
      ],
    },
    'spec.configPatches[0].match',
  ],
  [
    'Gateway .spec.servers[].tls',
    'only one of credentialNames or tlsCertificates can be set',
    tls({
      mode: 'SIMPLE',
      credentialNames: ['a'],
      tlsCertificates: [{serverCertificate: '/c.pem', privateKey: '/k.pem'}],
    }),
    'spec.servers[0].tls',
  ],
  [
    'Gateway .spec.servers[].tls',
    'only one of credentialName or credentialNames can be set',
    tls({mode: 'SIMPLE', credentialName: 'a', credentialNames: ['b']}),
    'spec.servers[0].tls',
  ],
  [
    'Gateway .spec.servers[].tls',
    'only one of credentialName or tlsCertificates can be set',
    tls({
      mode: 'SIMPLE',
      credentialNames: ['a'],
      tlsCertificates: [{serverCertificate: '/c.pem', privateKey: '/k.pem'}],
    }),
    'spec.servers[0].tls',
  ],
  [
    'ServiceEntry .spec',
    'only one of WorkloadSelector or Endpoints can be set',
    se({resolution: 'STATIC', workloadSelector: {labels: {a: 'b'}}, endpoints: [{address: '10.0.0.1'}]}),
    'spec',
  ],
  [
    'ServiceEntry .spec',
    'CIDR addresses are allowed only for NONE/STATIC resolution types',
    se({addresses: ['10.0.0.0/8'], resolution: 'DNS', ports: [{number: 80, name: 'http'}]}),
    'spec.addresses',
  ],
  [
    'ServiceEntry .spec',
    'NONE mode cannot set endpoints',
    se({endpoints: [{address: '10.0.0.1'}]}),
    'spec.endpoints',
  ],
  [
    'ServiceEntry .spec',
    'DNS_ROUND_ROBIN mode cannot have multiple endpoints',
    se({resolution: 'DNS_ROUND_ROBIN', endpoints: [{address: 'a.example.com'}, {address: 'b.example.com'}]}),
    'spec.endpoints',
  ],
  [
    'ServiceEntry .spec.endpoints[]',
    'Address is required',
    se({resolution: 'STATIC', endpoints: [{labels: {a: 'b'}}]}),
    'spec.endpoints[0]',
  ],
  [
    'ServiceEntry .spec.endpoints[]',
    'UDS may not include ports',
    se({resolution: 'STATIC', endpoints: [{address: 'unix:///run/a.sock', ports: {http: 80}}]}),
    'spec.endpoints[0].ports',
  ],
  [
    'ServiceEntry .spec.ports',
    'port number cannot be duplicated',
    se({
      ports: [
        {number: 80, name: 'a'},
        {number: 80, name: 'b'},
      ],
    }),
    'spec.ports[1]',
  ],
  [
    'WorkloadGroup .spec.probe.httpGet.scheme',
    'scheme must be one of [HTTP, HTTPS]',
    {template: {}, probe: {httpGet: {port: 80, scheme: 'FTP'}}},
    'spec.probe.httpGet.scheme',
  ],
  [
    'AuthorizationPolicy .spec.rules[].from[].source',
    'Cannot set serviceAccounts with namespaces or principals',
    {rules: [{from: [{source: {serviceAccounts: ['ns/sa'], namespaces: ['ns']}}]}]},
    'spec.rules[0].from[0].source',
  ],
  [
    'PeerAuthentication .spec',
    'portLevelMtls requires selector',
    {portLevelMtls: {'8080': {mode: 'STRICT'}}},
    'spec.portLevelMtls',
  ],
  [
    'RequestAuthentication .spec.jwtRules[]',
    'only one of jwks or jwksUri can be set',
    {jwtRules: [{issuer: 'i', jwksUri: 'https://example.com/keys', jwks: '{"keys": []}'}]},
    'spec.jwtRules[0]',
  ],
  [
    'Telemetry .spec.metrics[].overrides[].tagOverrides{}',
    'value must be set when operation is UPSERT',
    {metrics: [{overrides: [{tagOverrides: {t: {operation: 'UPSERT'}}}]}]},
    'spec.metrics[0].overrides[0].tagOverrides.t',
  ],
  [
    'Telemetry .spec.metrics[].overrides[].tagOverrides{}',
    'value must not be set when operation is REMOVE',
    {metrics: [{overrides: [{tagOverrides: {t: {operation: 'REMOVE', value: 'x'}}}]}]},
    'spec.metrics[0].overrides[0].tagOverrides.t',
  ],
]

/** Every CEL rule of the generated CRDs, by message and rule text, with where it is (`Kind .spec.path`). */
function crdRules(): Map<string, {rule: CelRule; at: Set<string>}> {
  const rules = new Map<string, {rule: CelRule; at: Set<string>}>()
  const walk = (s: JSONSchemaProps, kind: string, path: string): void => {
    for (const rule of s['x-kubernetes-validations'] ?? []) {
      const key = `${rule.message}\n${rule.rule}`
      if (!rules.has(key)) rules.set(key, {rule, at: new Set()})
      rules.get(key)!.at.add(`${kind} ${path}`)
    }
    for (const [name, p] of Object.entries(s.properties ?? {})) walk(p, kind, `${path}.${name}`)
    if (s.items) walk(s.items, kind, `${path}[]`)
    if (s.additionalProperties) walk(s.additionalProperties, kind, `${path}{}`)
  }
  for (const crd of generateCrds() as any[])
    for (const v of crd.spec.versions) walk(v.schema.openAPIV3Schema, crd.spec.names.kind, '')
  return rules
}

describe('api: the CRDs’ CEL rules, enforced by validate', () => {
  for (const [at, message, spec, path] of CASES) {
    const kind = at.split(' ')[0]
    it(`${at}: ${message}`, () => {
      const obj = {apiVersion: API[kind], kind, metadata: {name: 'x', namespace: 'ns'}, spec}
      const errors = validateObject(obj).errors.map((e) => `${formatPath(e.path)}: ${e.message}`)
      expect(
        errors.some((e) => e.startsWith(`${path}: `)),
        `expected an error at ${path}, got ${JSON.stringify(errors)}`,
      ).to.equal(true)
    })
  }

  it('has a case for every CEL rule in the generated CRDs', () => {
    const missing = [...crdRules().values()]
      .filter(({rule, at}) => !CASES.some(([where, message]) => message === rule.message && at.has(where)))
      .map(({rule, at}) => `${rule.message} (${[...at][0]})`)
    expect(missing).to.deep.equal([])
  })
})
