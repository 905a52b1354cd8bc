// DestinationRule rules one by one, each with every error and warning the object gets (none where a value sits
// on the edge of its range), so a rule that fires too often, too rarely or at the wrong path fails here.
import {check, obj} from './problems.js'

/** A DestinationRule for `reviews` with these fields. */
const DR = (spec: object) => obj('DestinationRule', {host: 'reviews', ...spec})
/** A DestinationRule for `reviews` with this traffic policy. */
const TP = (tp: object) => DR({trafficPolicy: tp})

describe('api rules: DestinationRule, every problem of each object', () => {
  check(
    'tls credentialName with certs',
    TP({tls: {mode: 'MUTUAL', credentialName: 'c', caCertificates: '/ca'}}),
    [
      'E spec.trafficPolicy.tls: cannot specify client certificates or CA certificate or CA CRL if credentialName is set',
    ],
  )
  check('tls credentialName alone', TP({tls: {mode: 'SIMPLE', credentialName: 'c'}}), [])
  check(
    'tls credentialName ISTIO_MUTUAL certs',
    TP({tls: {mode: 'ISTIO_MUTUAL', credentialName: 'c', caCrl: '/crl'}}),
    [],
  )
  check('tls mutual no cert', TP({tls: {mode: 'MUTUAL'}}), [
    'E spec.trafficPolicy.tls.clientCertificate: client certificate required for mutual tls',
    'E spec.trafficPolicy.tls.privateKey: private key required for mutual tls',
  ])
  check('tls mutual ok', TP({tls: {mode: 'MUTUAL', clientCertificate: '/c', privateKey: '/k'}}), [])
  check(
    'tls insecure with ca',
    TP({tls: {mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca'}}),
    [
      'E spec.trafficPolicy.tls: cannot specify caCertificates or subjectAltNames when insecureSkipVerify is set true',
    ],
  )
  check(
    'tls insecure with san',
    TP({tls: {mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: ['a']}}),
    [
      'E spec.trafficPolicy.tls: cannot specify caCertificates or subjectAltNames when insecureSkipVerify is set true',
    ],
  )
  check('tls insecure alone', TP({tls: {mode: 'SIMPLE', insecureSkipVerify: true}}), [])
  check(
    'tls insecure mutual ca',
    TP({
      tls: {
        mode: 'MUTUAL',
        insecureSkipVerify: true,
        caCertificates: '/ca',
        clientCertificate: '/c',
        privateKey: '/k',
      },
    }),
    [],
  )
  check('empty tp', TP({}), ['E spec.trafficPolicy: traffic policy must have at least one field'])
  check('tunnel+proxyProtocol', TP({tunnel: {targetHost: 'a.com', targetPort: 80}, proxyProtocol: {}}), [
    'E spec.trafficPolicy: tunnel and proxyProtocol must not be set together',
  ])
  check('tunnel bad protocol', TP({tunnel: {protocol: 'GET', targetHost: 'a.com', targetPort: 80}}), [
    'E spec.trafficPolicy.tunnel.protocol: tunnel protocol must be "CONNECT" or "POST"',
  ])
  check('tunnel POST ip', TP({tunnel: {protocol: 'POST', targetHost: '10.0.0.1', targetPort: 80}}), [])
  check('tunnel bad host port', TP({tunnel: {protocol: 'CONNECT', targetHost: 'bad_h', targetPort: 0}}), [
    'E spec.trafficPolicy.tunnel.targetHost: tunnel target host must be valid FQDN or IP address: bad_h',
    'E spec.trafficPolicy.tunnel.targetPort: port number 0 must be in the range 1..65535',
  ])
  check('pls no port', TP({portLevelSettings: [{tls: {mode: 'SIMPLE'}}]}), [
    'E spec.trafficPolicy.portLevelSettings[0].port: portTrafficPolicy must have valid port',
  ])
  check('pls port 0', TP({portLevelSettings: [{port: {number: 70000}, tls: {mode: 'SIMPLE'}}]}), [
    'E spec.trafficPolicy.portLevelSettings[0].port.number: port number 70000 must be in the range 1..65535',
  ])
  check('pls empty', TP({portLevelSettings: [{port: {number: 80}}]}), [
    'E spec.trafficPolicy.portLevelSettings[0]: port traffic policy must have at least one field',
  ])
  check(
    'pls parts',
    TP({
      portLevelSettings: [
        {port: {number: 80}, tls: {mode: 'MUTUAL'}},
        {port: {number: 81}, outlierDetection: {maxEjectionPercent: 101}},
        {port: {number: 82}, connectionPool: {}},
        {port: {number: 83}, loadBalancer: {simple: 'LEAST_CONN'}},
      ],
    }),
    [
      'E spec.trafficPolicy.portLevelSettings[0].tls.clientCertificate: client certificate required for mutual tls',
      'E spec.trafficPolicy.portLevelSettings[0].tls.privateKey: private key required for mutual tls',
      'E spec.trafficPolicy.portLevelSettings[1].outlierDetection.maxEjectionPercent: percentage 101 is not in range 0..100',
      'E spec.trafficPolicy.portLevelSettings[2].connectionPool: connection pool must have at least one field',
      'W spec.trafficPolicy.portLevelSettings[3].loadBalancer.simple: LEAST_CONN is deprecated, use LEAST_REQUEST',
    ],
  )
  check('od local origin', TP({outlierDetection: {consecutiveLocalOriginFailures: 1}}), [
    'E spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures: outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false',
  ])
  check(
    'od local origin split',
    TP({outlierDetection: {consecutiveLocalOriginFailures: 1, splitExternalLocalOriginErrors: true}}),
    [],
  )
  check('od local origin 0', TP({outlierDetection: {consecutiveLocalOriginFailures: 0}}), [])
  for (const [v, want] of [
    [
      -1,
      [
        'E spec.trafficPolicy.outlierDetection.maxEjectionPercent: percentage -1 is not in range 0..100',
        'E spec.trafficPolicy.outlierDetection.minHealthPercent: percentage -1 is not in range 0..100',
      ],
    ],
    [0, []],
    [100, []],
    [
      101,
      [
        'E spec.trafficPolicy.outlierDetection.maxEjectionPercent: percentage 101 is not in range 0..100',
        'E spec.trafficPolicy.outlierDetection.minHealthPercent: percentage 101 is not in range 0..100',
      ],
    ],
  ] as [number, string[]][])
    check(`od pct ${v}`, TP({outlierDetection: {maxEjectionPercent: v, minHealthPercent: v}}), want)
  check('cp empty', TP({connectionPool: {}}), [
    'E spec.trafficPolicy.connectionPool: connection pool must have at least one field',
  ])
  check(
    'cp negative',
    TP({
      connectionPool: {
        http: {
          http1MaxPendingRequests: -1,
          http2MaxRequests: -1,
          maxRequestsPerConnection: -1,
          maxRetries: -1,
          maxConcurrentStreams: -1,
        },
        tcp: {maxConnections: -1},
      },
    }),
    [
      'E spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests: http1MaxPendingRequests must be non-negative',
      'E spec.trafficPolicy.connectionPool.http.http2MaxRequests: http2MaxRequests must be non-negative',
      'E spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection: maxRequestsPerConnection must be non-negative',
      'E spec.trafficPolicy.connectionPool.http.maxRetries: maxRetries must be non-negative',
      'E spec.trafficPolicy.connectionPool.http.maxConcurrentStreams: maxConcurrentStreams must be non-negative',
      'E spec.trafficPolicy.connectionPool.tcp.maxConnections: maxConnections must be non-negative',
    ],
  )
  check(
    'cp zero',
    TP({connectionPool: {http: {http1MaxPendingRequests: 0, maxRetries: 0}, tcp: {maxConnections: 0}}}),
    [],
  )
  check('cp upgrade', TP({connectionPool: {http: {useClientProtocol: true, h2UpgradePolicy: 'UPGRADE'}}}), [
    'E spec.trafficPolicy.connectionPool.http: use client protocol must not be true when H2UpgradePolicy is UPGRADE',
  ])
  check(
    'cp upgrade off',
    TP({connectionPool: {http: {useClientProtocol: false, h2UpgradePolicy: 'UPGRADE'}}}),
    [],
  )
  check(
    'cp client DEFAULT',
    TP({connectionPool: {http: {useClientProtocol: true, h2UpgradePolicy: 'DEFAULT'}}}),
    [],
  )
  check('cp idle 0', TP({connectionPool: {tcp: {idleTimeout: '0s'}}}), [])
  check('cp idle 1ms', TP({connectionPool: {tcp: {idleTimeout: '1ms'}}}), [])
  check('cp idle 0.5ms', TP({connectionPool: {tcp: {idleTimeout: '500us'}}}), [
    'E spec.trafficPolicy.connectionPool.tcp.idleTimeout: duration "500us" must be at least 1ms',
  ])
  check(
    'lb cookie dup',
    TP({
      loadBalancer: {
        consistentHash: {
          httpCookie: {name: 'c', ttl: '1s', attributes: [{name: 'a'}, {name: 'a'}, {name: 'b'}]},
        },
      },
    }),
    [
      'E spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[1]: duplicate cookie attribute name: a',
    ],
  )
  check('lb cookie ok', TP({loadBalancer: {consistentHash: {httpCookie: {name: 'c', ttl: '1s'}}}}), [])
  check(
    'lb minring+ring',
    TP({
      loadBalancer: {
        consistentHash: {httpHeaderName: 'h', minimumRingSize: 10, ringHash: {minimumRingSize: 10}},
      },
    }),
    [
      'E spec.trafficPolicy.loadBalancer.consistentHash: only one of MinimumRingSize or Maglev/Ringhash can be specified',
      'W spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize: deprecated field: use ringHash.minimumRingSize',
    ],
  )
  check(
    'lb minring+maglev',
    TP({loadBalancer: {consistentHash: {httpHeaderName: 'h', minimumRingSize: 10, maglev: {tableSize: 7}}}}),
    [
      'E spec.trafficPolicy.loadBalancer.consistentHash: only one of MinimumRingSize or Maglev/Ringhash can be specified',
      'W spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize: deprecated field: use ringHash.minimumRingSize',
    ],
  )
  check(
    'lb minring alone',
    TP({loadBalancer: {consistentHash: {httpHeaderName: 'h', minimumRingSize: 10}}}),
    [
      'W spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize: deprecated field: use ringHash.minimumRingSize',
    ],
  )
  for (const [n, want] of [
    [
      0,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be set for maglev',
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
      ],
    ],
    [1, []],
    [2, []],
    [3, []],
    [
      4,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
      ],
    ],
    [
      9,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
      ],
    ],
    [
      25,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
      ],
    ],
    [
      49,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
      ],
    ],
    [65537, []],
    [
      5000011,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be less than 5000011 for maglev',
      ],
    ],
    [
      5000012,
      [
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be less than 5000011 for maglev',
        'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
      ],
    ],
  ] as [number, string[]][])
    check(
      `maglev ${n}`,
      TP({loadBalancer: {consistentHash: {httpHeaderName: 'h', maglev: {tableSize: n}}}}),
      want,
    )
  check('maglev no size', TP({loadBalancer: {consistentHash: {httpHeaderName: 'h', maglev: {}}}}), [
    'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be set for maglev',
    'E spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev',
  ])
  check(
    'locality both',
    TP({
      loadBalancer: {
        localityLbSetting: {distribute: [{from: 'a/*', to: {'a/*': 100}}], failover: [{from: 'a', to: 'b'}]},
      },
    }),
    [
      'E spec.trafficPolicy.loadBalancer.localityLbSetting: can not simultaneously set distribute and failover',
    ],
  )
  check(
    'locality distribute',
    TP({
      loadBalancer: {
        localityLbSetting: {
          distribute: [
            {from: 'a/*', to: {'a/*': 60, 'b/*': 30}},
            {from: 'b/*', to: {'a/*': 50, 'b/*': 50}},
            {from: 'c/*'},
          ],
        },
      },
    }),
    [
      'E spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to: total weight 90 != 100',
      'E spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[2].to: total weight 0 != 100',
    ],
  )
  for (const [a, want] of [
    [
      0,
      [
        'E spec.trafficPolicy.loadBalancer.warmup.aggression: aggression should be greater than or equal to 1',
      ],
    ],
    [1, []],
  ] as [number, string[]][])
    check(
      `warmup ${a}`,
      TP({loadBalancer: {simple: 'ROUND_ROBIN', warmup: {duration: '10s', aggression: a}}}),
      want,
    )
  check(
    'warmup 0.5',
    TP({loadBalancer: {simple: 'ROUND_ROBIN', warmup: {duration: '10s', aggression: 0.5}}}),
    ['E spec.trafficPolicy.loadBalancer.warmup.aggression: aggression should be greater than or equal to 1'],
  )
  check('host bad', obj('DestinationRule', {host: 'bad_h'}), [
    'E spec.host: domain name "bad_h" invalid (label "bad_h" invalid)',
  ])
  check(
    'selector exportTo other',
    DR({workloadSelector: {matchLabels: {a: 'b'}}, exportTo: ['.', 'other']}),
    [
      'E spec.exportTo: destination rule with workload selector cannot have exportTo beyond current namespace',
    ],
  )
  check('selector exportTo own', DR({workloadSelector: {matchLabels: {a: 'b'}}, exportTo: ['ns']}), [])
  check('exportTo other no selector', DR({exportTo: ['other']}), [])
  check(
    'subsets',
    DR({subsets: [{name: 'v1'}, {name: 'v1'}, {name: 'Bad_v'}, {name: 'v2', trafficPolicy: {}}]}),
    [
      'E spec.subsets[1]: duplicate subset name: v1',
      'E spec.subsets[2].name: subset name "Bad_v" must be a DNS-1123 label',
      'E spec.subsets[3].trafficPolicy: traffic policy must have at least one field',
    ],
  )
})
