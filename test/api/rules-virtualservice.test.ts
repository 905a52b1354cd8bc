// VirtualService rules one by one, each with every error and warning the object gets (none where a value sits
// on the edge of its range), so a rule that fires too often, too rarely or at the wrong path fails here.
import {check, obj} from './problems.js'

const VS = (spec: object) => obj('VirtualService', spec)
/** Destinations r0, r1… with these weights. */
const r = (...w: Array<number | undefined>) =>
  w.map((weight, i) => ({destination: {host: `r${i}`}, ...(weight === undefined ? {} : {weight})}))
/** A VirtualService for `reviews` whose one HTTP route (to r0) has these fields too. */
const vsh = (http: object) => VS({hosts: ['reviews'], http: [{route: r(undefined), ...http}]})

describe('api rules: VirtualService, every problem of each object', () => {
  check(
    'delegate with gw/tls/tcp',
    VS({
      gateways: ['ns/gw'],
      http: [{route: r(undefined)}],
      tls: [{match: [{sniHosts: ['a.com']}], route: r(undefined)}],
      tcp: [{route: r(undefined)}],
    }),
    [
      'E spec.gateways: delegate virtual service must have no gateways specified',
      'E spec.tls: delegate virtual service must have no tls route specified',
      'E spec.tcp: delegate virtual service must have no tcp route specified',
    ],
  )
  check('delegate plain', VS({http: [{route: r(undefined)}]}), [])
  check('ip host', VS({hosts: ['10.0.0.1'], http: [{route: r(undefined)}]}), [])
  check('* on gateway', VS({hosts: ['*'], gateways: ['ns/gw'], http: [{route: r(undefined)}]}), [])
  check('* on mesh+gw', VS({hosts: ['*'], gateways: ['mesh', 'ns/gw'], http: [{route: r(undefined)}]}), [
    'E spec.hosts[0]: wildcard host * is not allowed for virtual services bound to the mesh gateway',
  ])
  check('dup hosts', VS({hosts: ['a.com', 'b.com', 'a.com'], http: [{route: r(undefined)}]}), [
    'E spec.hosts[2]: duplicate hosts in virtual service: a.com & a.com',
  ])
  check('dup wildcard second', VS({hosts: ['b.a.com', '*.a.com'], http: [{route: r(undefined)}]}), [
    'E spec.hosts[1]: duplicate hosts in virtual service: b.a.com & *.a.com',
  ])
  check('dup star', VS({hosts: ['*', 'a.com'], gateways: ['ns/gw'], http: [{route: r(undefined)}]}), [
    'E spec.hosts[1]: duplicate hosts in virtual service: * & a.com',
  ])
  check('bad host no dup check', VS({hosts: ['bad_h', 'bad_h'], http: [{route: r(undefined)}]}), [
    'E spec.hosts[0]: domain name "bad_h" invalid (label "bad_h" invalid)',
    'E spec.hosts[1]: domain name "bad_h" invalid (label "bad_h" invalid)',
  ])
  check('legacy gw', VS({hosts: ['a.com'], gateways: ['gw.ns'], http: [{route: r(undefined)}]}), [
    'W spec.gateways[0]: using legacy gatewayName format "gw.ns"; prefer the <namespace>/<name> format: "ns/gw"',
  ])
  check('mesh gw', VS({hosts: ['a.com'], gateways: ['mesh'], http: [{route: r(undefined)}]}), [])
  check('gw ns/', VS({hosts: ['a.com'], gateways: ['ns/'], http: [{route: r(undefined)}]}), [
    'E spec.gateways[0]: config namespace and gateway name cannot be empty',
    'E spec.gateways[0]: invalid value for gateway name: ""',
  ])
  check('gw /gw', VS({hosts: ['a.com'], gateways: ['/gw'], http: [{route: r(undefined)}]}), [
    'E spec.gateways[0]: config namespace and gateway name cannot be empty',
    'E spec.gateways[0]: invalid value for namespace: ""',
  ])
  check('gw n_s/gw', VS({hosts: ['a.com'], gateways: ['n_s/gw'], http: [{route: r(undefined)}]}), [
    'E spec.gateways[0]: invalid value for namespace: "n_s"',
  ])
  check('gw bad fqdn', VS({hosts: ['a.com'], gateways: ['Bad_gw'], http: [{route: r(undefined)}]}), [
    'E spec.gateways[0]: domain name "Bad_gw" invalid (label "Bad_gw" invalid)',
  ])
  check(
    'jwt on gw',
    VS({
      hosts: ['a.com'],
      gateways: ['ns/gw'],
      http: [{match: [{headers: {'@request.auth.claims.g': {exact: 'a'}}}], route: r(undefined)}],
    }),
    [],
  )
  check(
    'jwt without on mesh',
    VS({
      hosts: ['a.com'],
      http: [{match: [{withoutHeaders: {'@request.auth.claims.g': {exact: 'a'}}}], route: r(undefined)}],
    }),
    [
      'E spec.http[0].match[0].withoutHeaders["@request.auth.claims.g"]: JWT claim based routing (key: @request.auth.claims.g) is only supported for gateway',
    ],
  )
  check('no routes', VS({hosts: ['a.com']}), ['E spec: http, tcp or tls must be provided in virtual service'])
  check(
    'tcp',
    VS({
      hosts: ['a.com'],
      tcp: [
        {
          match: [{destinationSubnets: ['10.0.0.0/8', 'nope']}],
          route: [
            {destination: {host: 'bad_h'}, weight: 60},
            {destination: {host: 'b'}, weight: 30},
          ],
        },
      ],
    }),
    [
      'E spec.tcp[0].route[0].destination.host: domain name "bad_h" invalid (label "bad_h" invalid)',
      'E spec.tcp[0].match[0].destinationSubnets[1]: nope is not a valid IP',
      'W spec.tcp[0].route: destination weights add up to 90, not 100 (traffic is split in proportion)',
    ],
  )
  check(
    'tcp ok',
    VS({
      hosts: ['a.com'],
      tcp: [
        {
          route: [
            {destination: {host: 'a'}, weight: 60},
            {destination: {host: 'b'}, weight: 40},
          ],
        },
      ],
    }),
    [],
  )
  check(
    'tls',
    VS({
      hosts: ['a.com'],
      gateways: ['ns/gw'],
      tls: [
        {
          match: [{sniHosts: ['bad_h', 'a.com'], destinationSubnets: ['x']}],
          route: [
            {destination: {host: 'a'}, weight: -1},
            {destination: {host: 'b'}, weight: 1},
          ],
        },
      ],
    }),
    [
      'E spec.tls[0].route[0].weight: weight -1 < 0',
      'E spec.tls[0].route: total destination weight = 0',
      'E spec.tls[0].match[0].sniHosts[0]: domain name "bad_h" invalid (label "bad_h" invalid)',
      'E spec.tls[0].match[0].destinationSubnets[0]: x is not a valid IP',
    ],
  )
  check('an HTTP route with no action', VS({hosts: ['a.com'], http: [{}]}), [
    'E spec.http[0]: HTTP route, redirect or direct_response is required',
  ])
  check('route+redirect', VS({hosts: ['a.com'], http: [{route: r(undefined), redirect: {uri: '/a'}}]}), [
    'E spec.http[0]: HTTP route cannot contain both route and redirect',
  ])
  check(
    'route+direct',
    VS({hosts: ['a.com'], http: [{route: r(undefined), directResponse: {status: 200}}]}),
    ['E spec.http[0]: HTTP route cannot contain both route and directResponse'],
  )
  check(
    'redirect+direct',
    VS({hosts: ['a.com'], http: [{redirect: {uri: '/a'}, directResponse: {status: 200}}]}),
    ['E spec.http[0]: HTTP route cannot contain both redirect and directResponse'],
  )
  check('delegate in delegate', VS({http: [{delegate: {name: 'd'}}]}), [
    'E spec.http[0].delegate: delegate virtual service must not have delegate',
  ])
  check('delegate with route', VS({hosts: ['a.com'], http: [{delegate: {name: 'd'}, route: r(undefined)}]}), [
    'E spec.http[0].delegate: HTTP route with delegate must not have route or redirect',
  ])
  check(
    'delegate with redirect',
    VS({hosts: ['a.com'], http: [{delegate: {name: 'd'}, redirect: {uri: '/'}}]}),
    ['E spec.http[0].delegate: HTTP route with delegate must not have route or redirect'],
  )
  check('delegate no name', VS({hosts: ['a.com'], http: [{delegate: {namespace: 'n'}}]}), [
    'E spec.http[0].delegate.name: delegate name is required',
  ])
  check('delegate ok', VS({hosts: ['a.com'], http: [{delegate: {name: 'd'}}]}), [])
  check('rewrite both', vsh({rewrite: {uri: '/a', uriRegexRewrite: {match: 'a', rewrite: 'b'}}}), [
    'E spec.http[0].rewrite: rewrite may only contain one of uri or uriRegexRewrite',
  ])
  check('rewrite regex half', vsh({rewrite: {uriRegexRewrite: {match: 'a'}}}), [
    'E spec.http[0].rewrite.uriRegexRewrite: match and rewrite must both be set',
  ])
  check('rewrite regex half2', vsh({rewrite: {uriRegexRewrite: {rewrite: 'a'}}}), [
    'E spec.http[0].rewrite.uriRegexRewrite: match and rewrite must both be set',
  ])
  check('rewrite regex ok', vsh({rewrite: {uriRegexRewrite: {match: 'a', rewrite: 'b'}}}), [])
  for (const [s, want] of [
    [199, ['E spec.http[0].directResponse.status: status 199 must be in range 200..599']],
    [200, []],
    [599, []],
    [600, ['E spec.http[0].directResponse.status: status 600 must be in range 200..599']],
  ] as [number, string[]][])
    check(`direct ${s}`, VS({hosts: ['a.com'], http: [{directResponse: {status: s}}]}), want)
  for (const [s, want] of [
    [299, ['E spec.http[0].redirect.redirectCode: redirect code 299 must be in range 300..399']],
    [300, []],
    [399, []],
    [400, ['E spec.http[0].redirect.redirectCode: redirect code 400 must be in range 300..399']],
  ] as [number, string[]][])
    check(`redirect ${s}`, VS({hosts: ['a.com'], http: [{redirect: {uri: '/', redirectCode: s}}]}), want)
  for (const [a, want] of [
    [-1, ['E spec.http[0].retries.attempts: attempts cannot be negative']],
    [0, []],
  ] as [number, string[]][])
    check(`retries ${a}`, vsh({retries: {attempts: a}}), want)
  for (const [s, want] of [
    [199, ['E spec.http[0].fault.abort.httpStatus: HTTP status 199 is not in range 200..599']],
    [200, []],
    [599, []],
    [600, ['E spec.http[0].fault.abort.httpStatus: HTTP status 600 is not in range 200..599']],
  ] as [number, string[]][])
    check(`abort ${s}`, vsh({fault: {abort: {httpStatus: s, percentage: {value: 1}}}}), want)
  check('abort no type', vsh({fault: {abort: {percentage: {value: 1}}}}), [
    'W spec.http[0].fault.abort: abort configured, but error type not set',
  ])
  check('abort grpc ok', vsh({fault: {abort: {grpcStatus: 'NOT_FOUND'}}}), [])
  check('abort http2', vsh({fault: {abort: {http2Error: 'x'}}}), [
    'E spec.http[0].fault.abort.http2Error: HTTP/2 abort fault injection not supported yet',
  ])
  for (const [v, want] of [
    [
      -1,
      [
        'E spec.http[0].fault.abort.percentage.value: percentage -1 is not in range 0..100',
        'E spec.http[0].fault.delay.percentage.value: percentage -1 is not in range 0..100',
        'E spec.http[0].mirrorPercentage.value: percentage -1 is not in range 0..100',
        'E spec.http[0].mirrors[0].percentage.value: percentage -1 is not in range 0..100',
      ],
    ],
    [0, []],
    [100, []],
    [
      101,
      [
        'E spec.http[0].fault.abort.percentage.value: percentage 101 is not in range 0..100',
        'E spec.http[0].fault.delay.percentage.value: percentage 101 is not in range 0..100',
        'E spec.http[0].mirrorPercentage.value: percentage 101 is not in range 0..100',
        'E spec.http[0].mirrors[0].percentage.value: percentage 101 is not in range 0..100',
      ],
    ],
  ] as [number, string[]][])
    check(
      `pct ${v}`,
      vsh({
        fault: {
          abort: {httpStatus: 500, percentage: {value: v}},
          delay: {fixedDelay: '1s', percentage: {value: v}},
        },
        mirrorPercentage: {value: v},
        mirrors: [{destination: {host: 'm'}, percentage: {value: v}}],
      }),
      want,
    )
  for (const [v, want] of [
    [100, ['W spec.http[0].mirrorPercent: deprecated field: use mirrorPercentage']],
    [
      101,
      [
        'E spec.http[0].mirrorPercent: mirror_percent must have a max value of 100 (it has 101)',
        'W spec.http[0].mirrorPercent: deprecated field: use mirrorPercentage',
      ],
    ],
  ] as [number, string[]][])
    check(`mirrorPercent ${v}`, vsh({mirror: {host: 'm'}, mirrorPercent: v}), want)
  check('mirror_percent 101', vsh({mirror: {host: 'm'}, mirror_percent: 101}), [
    'E spec.http[0].mirror_percent: mirror_percent must have a max value of 100 (it has 101)',
    'W spec.http[0].mirror_percent: deprecated field: use mirrorPercentage',
  ])
  check('mirror+mirrors', vsh({mirror: {host: 'm'}, mirrors: [{destination: {host: 'm'}}]}), [
    'E spec.http[0]: only one of mirror or mirrors can be set',
  ])
  check('cors', vsh({corsPolicy: {allowHeaders: ['*', 'x-a', 'bad header']}}), [
    'E spec.http[0].corsPolicy.allowHeaders[2]: header name bad header is not a valid header name',
  ])
  check('match srcns', vsh({match: [{sourceNamespace: 'Bad_ns'}, {sourceNamespace: 'ok'}]}), [
    'E spec.http[0].match[0].sourceNamespace: sourceNamespace match Bad_ns is invalid',
  ])
  // port 0 is no port to istiod (a proto default): istioctl 1.30.3 accepts it
  for (const [p, want] of [
    [0, []],
    [1, []],
    [65535, []],
    [65536, ['E spec.http[0].match[0].port: port number 65536 must be in the range 1..65535']],
  ] as [number, string[]][])
    check(`match port ${p}`, vsh({match: [{port: p}]}), want)
  check(
    'headers ops',
    vsh({
      headers: {
        request: {
          set: {':authority': 'a', ':path': '/', host: 'h', '': 'e'},
          add: {':x': 'y'},
          remove: ['', ':a', 'Host', 'x-ok'],
        },
        response: {set: {Host: 'a', ':status': '1'}, add: {'x-b': 'c'}, remove: ['host']},
      },
    }),
    [
      'E spec.http[0].headers.request.set[":path"]: invalid header ":path": header cannot have ":" prefix',
      'E spec.http[0].headers.request.set[""]: header name cannot be empty',
      'E spec.http[0].headers.request.add[":x"]: invalid header ":x": header cannot have ":" prefix',
      'E spec.http[0].headers.request.remove[0]: invalid header "": cannot remove it',
      'E spec.http[0].headers.request.remove[1]: invalid header ":a": cannot remove it',
      'E spec.http[0].headers.request.remove[2]: invalid header "Host": cannot remove it',
      'E spec.http[0].headers.response.set.Host: invalid header "Host": cannot set Host header',
      'E spec.http[0].headers.response.set[":status"]: invalid header ":status": header cannot have ":" prefix',
      'E spec.http[0].headers.response.remove[0]: invalid header "host": cannot remove it',
    ],
  )
  check(
    'route headers',
    VS({
      hosts: ['a.com'],
      http: [{route: [{destination: {host: 'a'}, headers: {response: {set: {host: 'x'}}}}]}],
    }),
    ['E spec.http[0].route[0].headers.response.set.host: invalid header "host": cannot set Host header'],
  )
  check('weights single 0', vsh({route: r(0)}), [])
  check('weights 50/50', vsh({route: r(50, 50)}), [])
  check('weights 0/0', vsh({route: r(0, 0)}), ['E spec.http[0].route: total destination weight = 0'])
  check('weights 100/undefined', vsh({route: r(100, undefined)}), [])
})
