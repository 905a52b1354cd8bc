// validateObject and formatPath (src/lib/api/validate.ts) on their own: objects without apiVersion or kind,
// versions not served, unknown kinds, Kubernetes kinds, ajv errors turned into field errors (paths through
// lists, maps with numeric or escaped keys, each type name, oneOf, enums), which errors stop the semantic
// rules, and the options.
import {expect} from 'chai'
import {formatPath, validateObject, type ValidateOptions} from '../../src/lib/api/validate.js'

const N = 'networking.istio.io/v1'

/** Every error (E), warning (W) and info (I) of an object. */
function problems(o: Record<string, unknown>, opts: ValidateOptions): string[] {
  const v = validateObject(o, opts)
  return [
    ...v.errors.map((e) => `E ${formatPath(e.path)}: ${e.message}`),
    ...v.warnings.map((e) => `W ${formatPath(e.path)}: ${e.message}`),
    ...(v.infos ?? []).map((e) => `I ${formatPath(e.path)}: ${e.message}`),
  ]
}

describe('api: validateObject', () => {
  for (const [name, o, opts, want] of [
    ['empty', {}, {}, ['E apiVersion: required field is missing', 'E kind: required field is missing']],
    ['no kind', {apiVersion: N}, {}, ['E kind: required field is missing']],
    ['numeric apiVersion', {apiVersion: 5, kind: 'Gateway'}, {}, []],
    [
      'empty strings',
      {apiVersion: '', kind: ''},
      {},
      ['E apiVersion: required field is missing', 'E kind: required field is missing'],
    ],
    [
      'not served',
      {apiVersion: 'networking.istio.io/v1alpha1', kind: 'VirtualService', spec: {}},
      {},
      [
        'E kind: version not served: VirtualService is served as networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1',
      ],
    ],
    [
      'not served 2',
      {apiVersion: 'networking.istio.io/v2', kind: 'Gateway'},
      {},
      [
        'E kind: version not served: Gateway is served as networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1',
      ],
    ],
    [
      'unknown kind',
      {apiVersion: N, kind: 'Nope'},
      {},
      ['E kind: unknown kind Nope in networking.istio.io/v1'],
    ],
    ['unknown group kind', {apiVersion: 'foo.istio.io/v1', kind: 'Gateway'}, {}, []],
    [
      'k8s service',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 's', namespace: 'n'},
        spec: {ports: [{port: 80, name: 'web'}]},
      },
      {},
      [
        'E spec.ports[0].name: port name "web" does not follow the Istio naming convention <protocol>[-<suffix>], see https://istio.io/v1.30/docs/ops/deployment/requirements/',
      ],
    ],
    [
      'no spec SE',
      {apiVersion: N, kind: 'ServiceEntry', metadata: {name: 'x'}},
      {},
      ['E spec.hosts: service entry must have at least one host'],
    ],
    [
      'null spec fields',
      {
        apiVersion: N,
        kind: 'VirtualService',
        metadata: {name: 'x'},
        spec: {hosts: ['a'], http: null, tcp: [null]},
      },
      {},
      ['E spec.tcp[0]: must be object, not null'],
    ],
    [
      'labels slash tilde',
      {
        apiVersion: N,
        kind: 'Gateway',
        metadata: {name: 'x', labels: {'a/b': 5, 'c~d': true, e: null}},
        spec: {servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['*']}]},
      },
      {},
      [
        'E metadata.labels["a/b"]: must be string, not number',
        'E metadata.labels["c~d"]: must be string, not boolean',
      ],
    ],
    [
      'map numeric key',
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: {name: 'x'},
        spec: {selector: {matchLabels: {a: 'b'}}, portLevelMtls: {'8080': {mode: 5}}},
      },
      {},
      [
        'E spec.portLevelMtls["8080"].mode: must be string, not number',
        'E spec.portLevelMtls["8080"].mode: unknown value 5, must be one of UNSET, DISABLE, PERMISSIVE, STRICT',
      ],
    ],
    [
      'types',
      {
        apiVersion: N,
        kind: 'VirtualService',
        metadata: {name: 'x'},
        spec: {
          hosts: 'a',
          gateways: [null, 1, true, {}, []],
          http: [{route: [{destination: {host: 'b'}, weight: -1}]}],
        },
      },
      {},
      [
        'E spec.gateways[0]: must be string, not null',
        'E spec.gateways[1]: must be string, not number',
        'E spec.gateways[2]: must be string, not boolean',
        'E spec.gateways[3]: must be string, not object',
        'E spec.gateways[4]: must be string, not list',
        'E spec.hosts: must be array, not string',
      ],
    ],
    [
      'unknown field stops rules',
      {
        apiVersion: N,
        kind: 'VirtualService',
        metadata: {name: 'x'},
        spec: {hosts: ['a'], nope: 1, http: [{route: [{destination: {host: 'b'}, weight: -1}]}]},
      },
      {},
      ['E spec.nope: unknown field "nope"'],
    ],
    [
      'required does not stop rules',
      {
        apiVersion: N,
        kind: 'VirtualService',
        metadata: {name: 'x'},
        spec: {http: [{route: [{destination: {}, weight: -1}]}]},
      },
      {},
      [
        'E spec.http[0].route[0].destination.host: empty domain name not allowed',
        'E spec.http[0].route[0].weight: weight -1 < 0',
      ],
    ],
    [
      'oneOf',
      {
        apiVersion: N,
        kind: 'DestinationRule',
        metadata: {name: 'x'},
        spec: {
          host: 'a',
          trafficPolicy: {loadBalancer: {simple: 'ROUND_ROBIN', consistentHash: {useSourceIp: true}}},
        },
      },
      {},
      [
        'E spec.trafficPolicy.loadBalancer: only one of simple, consistentHash may be set (found simple, consistentHash)',
      ],
    ],
    [
      'anyOf',
      {
        apiVersion: N,
        kind: 'VirtualService',
        metadata: {name: 'x'},
        spec: {
          hosts: ['a'],
          http: [
            {
              route: [{destination: {host: 'b', port: {number: 80}}}],
              timeout: '1s',
              retries: {attempts: 1, perTryTimeout: '1s', retryOn: 'x'},
              mirrorPercentage: {value: 'a'},
            },
          ],
        },
      },
      {},
      ['E spec.http[0].mirrorPercentage.value: must be number, not string'],
    ],
    [
      'intorstring',
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Sidecar',
        metadata: {name: 'x'},
        spec: {
          ingress: [
            {
              port: {number: 80, protocol: 'HTTP', name: 'h', targetPort: []},
              defaultEndpoint: '127.0.0.1:80',
            },
          ],
        },
      },
      {},
      [
        'E spec.ingress[0].port.targetPort: must be integer, not list',
        'W spec.ingress[0].port.targetPort: deprecated field: not used',
      ],
    ],
    [
      'deprecated twice',
      {
        apiVersion: N,
        kind: 'VirtualService',
        metadata: {name: 'x'},
        spec: {
          hosts: ['a'],
          http: [
            {mirrorPercent: 5, route: [{destination: {host: 'b'}}]},
            {mirrorPercent: 6, route: [{destination: {host: 'b'}}]},
          ],
        },
      },
      {},
      [
        'W spec.http[0].mirrorPercent: deprecated field: use mirrorPercentage',
        'W spec.http[1].mirrorPercent: deprecated field: use mirrorPercentage',
        'W spec.http[1]: virtualService rule #1 not used (only the last rule can have no matches)',
      ],
    ],
    [
      'namespace opt',
      {
        apiVersion: N,
        kind: 'Sidecar',
        metadata: {name: 'x'},
        spec: {egress: [{hosts: ['./a.com', 'team/a.com']}]},
      },
      {namespace: 'team'},
      ['W spec.egress[0].hosts[1]: duplicated egress host: team/a.com'],
    ],
    [
      'istio ns service',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 's', namespace: 'mesh'},
        spec: {ports: [{port: 80}]},
      },
      {istioNamespace: 'mesh'},
      [],
    ],
    [
      'istio ns service default',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 's', namespace: 'istio-system'},
        spec: {ports: [{port: 80}]},
      },
      {},
      [],
    ],
  ] as Array<[string, Record<string, unknown>, ValidateOptions, string[]]>)
    it(name, () => expect(problems(o, opts)).to.deep.equal(want))

  it('leaves the input as it was (nulls dropped from a copy, spec added to the copy)', () => {
    const o = {apiVersion: N, kind: 'ServiceEntry', metadata: {name: 'x', labels: {a: null}}}
    validateObject(o)
    expect(o).to.deep.equal({apiVersion: N, kind: 'ServiceEntry', metadata: {name: 'x', labels: {a: null}}})
  })
})

describe('api: formatPath', () => {
  for (const [path, want] of [
    [[], ''],
    [['spec', 'http', 0, 'route', 1, 'weight'], 'spec.http[0].route[1].weight'],
    [[0, 'a'], '[0].a'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels["app.kubernetes.io/name"]'],
    [['spec', 'portLevelMtls', '8080'], 'spec.portLevelMtls["8080"]'],
    [['a b', 'c'], '["a b"].c'],
    [['_a', '$b', 'c-d', 'e1'], '_a.$b.c-d.e1'],
    [['x', '-y'], 'x["-y"]'],
  ] as Array<[Array<string | number>, string]>)
    it(`${JSON.stringify(path)} is ${JSON.stringify(want)}`, () => expect(formatPath(path)).to.equal(want))
})
