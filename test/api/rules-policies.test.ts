// The policy rules one by one (src/lib/api/rules/policies.ts): AuthorizationPolicy, PeerAuthentication,
// RequestAuthentication, Telemetry, WasmPlugin and TrafficExtension, each with every error and warning the object
// gets. The AuthorizationPolicy action, rules and empty-list cases and the Telemetry tag overrides give what
// istioctl 1.30.3 `validate` gives (verdicts and messages).
import {check, obj} from './problems.js'

describe('api rules: policies, every problem of each object', () => {
  check('ALLOW by default, without rules', obj('AuthorizationPolicy', {}), [])
  check('CUSTOM without provider or rules', obj('AuthorizationPolicy', {action: 'CUSTOM'}), [
    'E spec: CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
  ])
  check(
    'CUSTOM with provider and rules',
    obj('AuthorizationPolicy', {action: 'CUSTOM', provider: {name: 'ext'}, rules: [{}]}),
    [],
  )
  check(
    'DENY with a provider, without rules',
    obj('AuthorizationPolicy', {action: 'DENY', provider: {name: 'ext'}}),
    [
      'E spec.provider: `provider` must not be with non CUSTOM action, found DENY',
      'E spec: DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
    ],
  )
  check(
    'ALLOW with a provider',
    obj('AuthorizationPolicy', {action: 'ALLOW', provider: {name: 'ext'}, rules: [{}]}),
    ['E spec.provider: `provider` must not be with non CUSTOM action, found ALLOW'],
  )
  check('DENY with empty rules', obj('AuthorizationPolicy', {action: 'DENY', rules: []}), [
    'E spec: DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
  ])
  check(
    'selector and targetRef',
    obj('AuthorizationPolicy', {
      selector: {matchLabels: {app: 'a'}},
      targetRef: {kind: 'Service', name: 's'},
    }),
    ['E spec: only one of targetRefs or workloadSelector can be set'],
  )
  check(
    'selector and empty targetRefs',
    obj('AuthorizationPolicy', {selector: {matchLabels: {app: 'a'}}, targetRefs: []}),
    [],
  )
  check('selector without labels', obj('AuthorizationPolicy', {selector: {}}), [
    'W spec.selector: workload selector specified without labels',
  ])
  check(
    'targetRefs of each allowed kind',
    obj('AuthorizationPolicy', {
      targetRefs: [
        {kind: 'Service', name: 's'},
        {group: 'networking.istio.io', kind: 'ServiceEntry', name: 'e'},
        {group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'g'},
        {group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'c'},
      ],
    }),
    [],
  )
  check(
    'targetRef to a Deployment',
    obj('AuthorizationPolicy', {targetRef: {group: 'apps', kind: 'Deployment', name: 'd'}}),
    [
      'E spec.targetRef.kind: targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was apps/Deployment',
    ],
  )
  check(
    'targetRefs to a Service of another group',
    obj('AuthorizationPolicy', {
      targetRefs: [
        {kind: 'Service', name: 's'},
        {group: 'x', kind: 'Service', name: 's'},
      ],
    }),
    [
      'E spec.targetRefs[1].kind: targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was x/Service',
    ],
  )
  check('from empty', obj('AuthorizationPolicy', {rules: [{from: []}]}), [])
  check('from without source', obj('AuthorizationPolicy', {rules: [{from: [{}]}]}), [
    'E spec.rules[0].from[0].source: `from.source` must not be nil, found at rule 0',
  ])
  check('from with empty source', obj('AuthorizationPolicy', {rules: [{from: [{source: {}}]}]}), [
    'E spec.rules[0].from[0].source: `from.source` must not be empty, found at rule 0',
  ])
  check(
    'serviceAccounts with namespaces',
    obj('AuthorizationPolicy', {rules: [{from: [{source: {serviceAccounts: ['a'], namespaces: ['n']}}]}]}),
    [
      'E spec.rules[0].from[0].source: cannot set serviceAccounts with namespaces or principals, found at rule 0',
    ],
  )
  check(
    'notServiceAccounts with notPrincipals',
    obj('AuthorizationPolicy', {
      rules: [{from: [{source: {notServiceAccounts: ['a'], notPrincipals: ['p']}}]}],
    }),
    [
      'E spec.rules[0].from[0].source: cannot set serviceAccounts with namespaces or principals, found at rule 0',
    ],
  )
  check(
    'serviceAccounts alone',
    obj('AuthorizationPolicy', {rules: [{from: [{source: {serviceAccounts: ['a', 'ns/b']}}]}]}),
    [],
  )
  check(
    'bad serviceAccounts',
    obj('AuthorizationPolicy', {
      rules: [
        {from: [{source: {serviceAccounts: ['', 'a*', 'a/b/c', '/b', 'a/'], notServiceAccounts: ['x/']}}]},
      ],
    }),
    [
      'E spec.rules[0].from[0].source.serviceAccounts[0]: empty value not allowed',
      'E spec.rules[0].from[0].source.serviceAccounts[1]: wildcard not allowed',
      "E spec.rules[0].from[0].source.serviceAccounts[2]: expected format 'serviceAccount' or 'namespace/serviceAccount', found \"a/b/c\"",
      "E spec.rules[0].from[0].source.serviceAccounts[3]: expected format 'serviceAccount' or 'namespace/serviceAccount', found \"/b\"",
      "E spec.rules[0].from[0].source.serviceAccounts[4]: expected format 'serviceAccount' or 'namespace/serviceAccount', found \"a/\"",
      "E spec.rules[0].from[0].source.notServiceAccounts[0]: expected format 'serviceAccount' or 'namespace/serviceAccount', found \"x/\"",
    ],
  )
  check(
    'wildcards in principals and namespaces',
    obj('AuthorizationPolicy', {
      rules: [
        {
          from: [
            {
              source: {
                principals: ['*', 'a*', '*a', 'a*b', ''],
                notNamespaces: ['n*s'],
                requestPrincipals: ['*a*'],
                notRequestPrincipals: ['ab'],
                notPrincipals: ['x*y'],
                namespaces: ['p*q'],
              },
            },
          ],
        },
      ],
    }),
    [
      'E spec.rules[0].from[0].source.principals[4]: empty value not allowed in principals',
      'W spec.rules[0].from[0].source.principals[3]: "a*b": "*" only matches as a prefix or suffix; in the middle it is taken literally',
      'W spec.rules[0].from[0].source.notPrincipals[0]: "x*y": "*" only matches as a prefix or suffix; in the middle it is taken literally',
      'W spec.rules[0].from[0].source.namespaces[0]: "p*q": "*" only matches as a prefix or suffix; in the middle it is taken literally',
      'W spec.rules[0].from[0].source.notNamespaces[0]: "n*s": "*" only matches as a prefix or suffix; in the middle it is taken literally',
    ],
  )
  check(
    'ip blocks',
    obj('AuthorizationPolicy', {
      rules: [
        {
          from: [
            {
              source: {
                ipBlocks: ['10.0.0.0/8', 'nope'],
                notIpBlocks: ['1.2.3.4/40'],
                remoteIpBlocks: ['x'],
                notRemoteIpBlocks: ['::1'],
              },
            },
          ],
        },
      ],
    }),
    [
      'E spec.rules[0].from[0].source.ipBlocks[1]: nope is not a valid IP',
      'E spec.rules[0].from[0].source.notIpBlocks[0]: 1.2.3.4/40 is not a valid CIDR block',
      'E spec.rules[0].from[0].source.remoteIpBlocks[0]: x is not a valid IP',
    ],
  )
  check('to empty', obj('AuthorizationPolicy', {rules: [{to: []}]}), [])
  check('to without operation', obj('AuthorizationPolicy', {rules: [{to: [{}]}]}), [
    'E spec.rules[0].to[0].operation: `to.operation` must not be nil, found at rule 0',
  ])
  check('to with empty operation', obj('AuthorizationPolicy', {rules: [{to: [{operation: {}}]}]}), [
    'E spec.rules[0].to[0].operation: `to.operation` must not be empty, found at rule 0',
  ])
  check(
    'operation ports',
    obj('AuthorizationPolicy', {
      rules: [{to: [{operation: {ports: ['80', '0', 'x80', '80x', '65536'], notPorts: ['443', 'a']}}]}],
    }),
    [
      'E spec.rules[0].to[0].operation.ports[1]: invalid port: 0',
      'E spec.rules[0].to[0].operation.ports[2]: invalid port: x80',
      'E spec.rules[0].to[0].operation.ports[3]: invalid port: 80x',
      'E spec.rules[0].to[0].operation.ports[4]: invalid port: 65536',
      'E spec.rules[0].to[0].operation.notPorts[1]: invalid port: a',
    ],
  )
  check(
    'operation hosts and methods',
    obj('AuthorizationPolicy', {
      rules: [
        {
          to: [
            {
              operation: {
                hosts: ['a*b.com', '*.a.com'],
                notHosts: [''],
                methods: ['G*T'],
                notMethods: ['*'],
                paths: ['/a/{*}/b'],
              },
            },
          ],
        },
      ],
    }),
    [
      'E spec.rules[0].to[0].operation.notHosts[0]: empty value not allowed in notHosts',
      'W spec.rules[0].to[0].operation.hosts[0]: "a*b.com": "*" only matches as a prefix or suffix; in the middle it is taken literally',
      'W spec.rules[0].to[0].operation.methods[0]: "G*T": "*" only matches as a prefix or suffix; in the middle it is taken literally',
    ],
  )
  check(
    'when keys',
    obj('AuthorizationPolicy', {
      rules: [
        {
          when: [
            {key: 'request.headers[x]', values: ['a']},
            {key: 'source.ip', values: ['1.2.3.4']},
            {key: 'experimental.envoy.filters.a', values: ['b']},
            {key: 'request.auth.claims[iss]', notValues: ['x']},
            {key: 'destination.port', values: ['80']},
          ],
        },
      ],
    }),
    [],
  )
  check(
    'when unknown keys',
    obj('AuthorizationPolicy', {
      rules: [
        {
          when: [
            {key: 'source.ipx', values: ['a']},
            {key: 'request.headers', values: ['a']},
            {key: 'experimental', values: ['a']},
            {key: 'xsource.ip', values: ['a']},
          ],
        },
      ],
    }),
    [
      'E spec.rules[0].when[0].key: unknown attribute: source.ipx',
      'E spec.rules[0].when[1].key: unknown attribute: request.headers',
      'E spec.rules[0].when[2].key: unknown attribute: experimental',
      'E spec.rules[0].when[3].key: unknown attribute: xsource.ip',
    ],
  )
  check(
    'when without key or values',
    obj('AuthorizationPolicy', {rules: [{when: [{key: ''}, {key: 'source.ip'}]}]}),
    [
      'E spec.rules[0].when[0].key: `key` must not be empty',
      'E spec.rules[0].when[0]: at least one of `values` or `notValues` must be set for key ',
      'E spec.rules[0].when[1]: at least one of `values` or `notValues` must be set for key source.ip',
    ],
  )
  check(
    'PeerAuthentication port mTLS without selector',
    obj('PeerAuthentication', {portLevelMtls: {'8080': {mode: 'STRICT'}}}),
    ['E spec.portLevelMtls: mesh/namespace peer authentication cannot have port level mTLS'],
  )
  check(
    'PeerAuthentication port mTLS with empty selector',
    obj('PeerAuthentication', {selector: {}, portLevelMtls: {'8080': {mode: 'STRICT'}}}),
    [
      'E spec.portLevelMtls: mesh/namespace peer authentication cannot have port level mTLS',
      'W spec.selector: workload selector specified without labels',
    ],
  )
  check(
    'PeerAuthentication port mTLS with a selector',
    obj('PeerAuthentication', {
      selector: {matchLabels: {app: 'a'}},
      portLevelMtls: {'8080': {mode: 'STRICT'}},
    }),
    [],
  )
  check(
    'PeerAuthentication selector without port mTLS',
    obj('PeerAuthentication', {selector: {matchLabels: {app: 'a'}}, mtls: {mode: 'STRICT'}}),
    [],
  )
  check(
    'RequestAuthentication rules',
    obj('RequestAuthentication', {jwtRules: [{issuer: 'i'}, {jwksUri: 'https://a/jwks'}, {}]}),
    ['E spec.jwtRules[2]: issuer or jwksUri must be non-empty string'],
  )
  check(
    'RequestAuthentication jwks',
    obj('RequestAuthentication', {
      jwtRules: [
        {issuer: 'i', jwks: '{"keys": []}'},
        {issuer: 'i', jwks: ''},
        {issuer: 'i', jwks: '{nope'},
      ],
    }),
    ["E spec.jwtRules[2].jwks: jwks parse error: Expected property name or '}' in JSON at position 1"],
  )
  check(
    'RequestAuthentication jwks and jwksUri',
    obj('RequestAuthentication', {jwtRules: [{issuer: 'i', jwks: '{}', jwksUri: 'https://a'}]}),
    ['E spec.jwtRules[0]: only one of jwksUri, jwks_uri, jwks may be set (found jwksUri, jwks)'],
  )
  check(
    'RequestAuthentication fromHeaders',
    obj('RequestAuthentication', {
      jwtRules: [{issuer: 'i', fromHeaders: [{name: 'x-jwt'}, {name: 'bad header'}, {name: ''}]}],
    }),
    [
      'E spec.jwtRules[0].fromHeaders[2].name: must NOT have fewer than 1 characters',
      'E spec.jwtRules[0].fromHeaders[1].name: header name bad header is not a valid header name',
      'E spec.jwtRules[0].fromHeaders[2].name: header name cannot be empty',
    ],
  )
  check(
    'RequestAuthentication selector and targetRef',
    obj('RequestAuthentication', {
      selector: {matchLabels: {a: 'b'}},
      targetRef: {kind: 'Service', name: 's'},
      jwtRules: [{issuer: 'i'}],
    }),
    ['E spec: only one of targetRefs or workloadSelector can be set'],
  )
  check(
    'Telemetry tag overrides',
    obj('Telemetry', {
      metrics: [
        {
          overrides: [
            {
              tagOverrides: {
                a: {value: 'x'},
                b: {},
                c: {operation: 'UPSERT'},
                d: {operation: 'REMOVE'},
                e: {operation: 'REMOVE', value: ''},
              },
            },
          ],
        },
      ],
    }),
    [
      'E spec.metrics[0].overrides[0].tagOverrides.b: tagOverrides.value must be set when operation is UPSERT',
      'E spec.metrics[0].overrides[0].tagOverrides.c: tagOverrides.value must be set when operation is UPSERT',
    ],
  )
  check('Telemetry without overrides', obj('Telemetry', {metrics: [{providers: [{name: 'prometheus'}]}]}), [])
  check('Telemetry targetRef to a Pod', obj('Telemetry', {targetRef: {kind: 'Pod', name: 'p'}}), [
    'E spec.targetRef.kind: targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was /Pod',
  ])
  check(
    'WasmPlugin urls and env',
    obj('WasmPlugin', {
      url: 'ftp://a/b.wasm',
      vmConfig: {
        env: [
          {name: 'A', valueFrom: 'HOST', value: 'x'},
          {name: 'A', value: 'y'},
          {name: 'B', valueFrom: 'HOST'},
          {name: 'C', valueFrom: 'INLINE', value: 'z'},
        ],
      },
    }),
    [
      'E spec.url: url scheme "ftp" is not supported: use http, https, oci or file',
      'E spec.vmConfig.env[0].value: value must not be set when valueFrom is HOST',
      'E spec.vmConfig.env[1]: duplicate env name: A',
    ],
  )
  check('WasmPlugin good urls', obj('WasmPlugin', {url: 'OCI://registry/a:1'}), [])
  check('WasmPlugin file url', obj('WasmPlugin', {url: 'file:///a.wasm'}), [])
  check('WasmPlugin url without scheme', obj('WasmPlugin', {url: 'registry/a:1'}), [])
  check('WasmPlugin selector without labels', obj('WasmPlugin', {url: 'oci://a', selector: {}}), [
    'W spec.selector: workload selector specified without labels',
  ])
  check('TrafficExtension without wasm or lua', obj('TrafficExtension', {}), [
    'E spec: exactly one of wasm or lua must be set',
  ])
  check(
    'TrafficExtension wasm',
    obj('TrafficExtension', {wasm: {url: 'gopher://a', vmConfig: {env: [{name: 'A'}, {name: 'A'}]}}}),
    [
      'E spec.wasm.url: url scheme "gopher" is not supported: use http, https, oci or file',
      'E spec.wasm.vmConfig.env[1]: duplicate env name: A',
    ],
  )
  check(
    'TrafficExtension selector and targetRefs',
    obj('TrafficExtension', {
      selector: {matchLabels: {a: 'b'}},
      targetRefs: [{kind: 'Service', name: 's'}],
      wasm: {url: 'oci://a'},
    }),
    ['E spec: only one of targetRefs or workloadSelector can be set'],
  )
  check(
    'CUSTOM with empty rules',
    obj('AuthorizationPolicy', {action: 'CUSTOM', provider: {name: 'ext'}, rules: []}),
    [
      'E spec: CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
    ],
  )
  check(
    'CUSTOM with rules, without provider name',
    obj('AuthorizationPolicy', {action: 'CUSTOM', provider: {}, rules: [{}]}),
    ['E spec.provider.name: `provider.name` must not be empty'],
  )
  check(
    'CUSTOM on unsupported sources and keys',
    obj('AuthorizationPolicy', {
      action: 'CUSTOM',
      provider: {name: 'e'},
      rules: [
        {
          from: [
            {
              source: {
                namespaces: ['a'],
                principals: ['p'],
                notPrincipals: [],
                ipBlocks: ['10.0.0.1'],
                trustDomains: ['td'],
                notRequestPrincipals: ['r'],
              },
            },
          ],
          when: [
            {key: 'request.auth.claims[x]', values: ['a']},
            {key: 'source.principal', values: ['b']},
            {key: 'source.namespace', values: ['c']},
            {key: 'source.serviceAccount', values: ['c']},
            {key: 'source.trustDomain', values: ['c']},
            {key: 'source.ip', values: ['1.2.3.4']},
          ],
        },
      ],
    }),
    [
      'E spec.rules[0].from[0].source.namespaces: From.Namespaces is currently not supported with CUSTOM action',
      'E spec.rules[0].from[0].source.trustDomains: From.TrustDomains is currently not supported with CUSTOM action',
      'E spec.rules[0].from[0].source.principals: From.Principals is currently not supported with CUSTOM action',
      'E spec.rules[0].from[0].source.notRequestPrincipals: From.NotRequestPrincipals is currently not supported with CUSTOM action',
      'E spec.rules[0].when[0].key: request.auth.claims[x] is currently not supported with CUSTOM action',
      'E spec.rules[0].when[1].key: source.principal is currently not supported with CUSTOM action',
      'E spec.rules[0].when[2].key: source.namespace is currently not supported with CUSTOM action',
      'E spec.rules[0].when[3].key: source.serviceAccount is currently not supported with CUSTOM action',
      'E spec.rules[0].when[4].key: source.trustDomain is currently not supported with CUSTOM action',
    ],
  )
  check(
    'empty lists in a source and an operation',
    obj('AuthorizationPolicy', {
      rules: [
        {
          from: [{source: {principals: []}}, {source: {serviceAccounts: ['a'], namespaces: []}}],
          to: [{operation: {ports: []}}],
        },
      ],
    }),
    [
      'E spec.rules[0].from[0].source: `from.source` must not be empty, found at rule 0',
      'E spec.rules[0].to[0].operation: `to.operation` must not be empty, found at rule 0',
    ],
  )
  check(
    'Telemetry REMOVE with a value, and an empty tag name',
    obj('Telemetry', {
      metrics: [{overrides: [{tagOverrides: {a: {operation: 'REMOVE', value: 'x'}, '': {value: 'v'}}}]}],
    }),
    [
      'E spec.metrics[0].overrides[0].tagOverrides.a: tagOverrides.value may only be set when operation is UPSERT',
      'W spec.metrics[0].overrides[0].tagOverrides[""]: tagOverrides.name may not be empty',
    ],
  )
})
