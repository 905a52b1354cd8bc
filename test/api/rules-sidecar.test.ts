// Sidecar rules one by one (src/lib/api/rules/sidecar.ts), each with every error and warning the object gets:
// ingress and egress listeners, egress hosts, connection pools and the outbound traffic policy.
import {check, obj} from './problems.js'

/** A Sidecar with one ingress listener on port 9080 to 127.0.0.1:8080, with these TLS settings. */
const ingressTls = (protocol: string, name: string, tls: Record<string, unknown>) =>
  obj('Sidecar', {ingress: [{port: {number: 9080, protocol, name}, defaultEndpoint: '127.0.0.1:8080', tls}]})

describe('api rules: Sidecar, every problem of each object', () => {
  check('empty', obj('Sidecar', {}), ['E spec: sidecar: empty configuration provided'])
  check(
    'only an inbound connection pool',
    obj('Sidecar', {inboundConnectionPool: {tcp: {maxConnections: 5}}}),
    [],
  )
  check('only an outbound policy', obj('Sidecar', {outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'}}), [])
  check(
    'workload selector without labels',
    obj('Sidecar', {workloadSelector: {}, egress: [{hosts: ['./*']}]}),
    [
      'W spec.workloadSelector: sidecar: workload selector specified without labels, will be applied to all services in namespace',
    ],
  )
  check(
    'workload selector with empty labels',
    obj('Sidecar', {workloadSelector: {labels: {}}, egress: [{hosts: ['./*']}]}),
    [
      'W spec.workloadSelector: sidecar: workload selector specified without labels, will be applied to all services in namespace',
    ],
  )
  check(
    'ingress ports must be unique',
    obj('Sidecar', {
      ingress: [
        {port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '127.0.0.1:8080'},
        {port: {number: 9080, protocol: 'HTTP', name: 'http2'}, defaultEndpoint: '127.0.0.1:8080'},
        {port: {number: 9081, protocol: 'HTTP', name: 'h3'}, defaultEndpoint: '127.0.0.1:8080'},
      ],
    }),
    ['E spec.ingress[1]: duplicate ingress port (ports on IP bound listeners must be unique): 9080'],
  )
  check(
    'ingress port 0',
    obj('Sidecar', {
      ingress: [{port: {number: 0, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '127.0.0.1:8080'}],
    }),
    ['E spec.ingress[0].port.number: port number 0 must be in the range 1..65535'],
  )
  check(
    'ingress port name and protocol',
    obj('Sidecar', {
      ingress: [{port: {number: 9080, protocol: 'FOO', name: ''}, defaultEndpoint: '127.0.0.1:8080'}],
    }),
    ['E spec.ingress[0].port.protocol: unsupported protocol: FOO'],
  )
  check(
    'ingress bind IPv6',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 9080, protocol: 'HTTP', name: 'http'},
          defaultEndpoint: '127.0.0.1:8080',
          bind: '::1',
        },
      ],
    }),
    [],
  )
  check(
    'ingress unix defaultEndpoint',
    obj('Sidecar', {
      ingress: [
        {port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: 'unix:///var/run/app.sock'},
      ],
    }),
    [],
  )
  check(
    'ingress defaultEndpoint not loopback',
    obj('Sidecar', {
      ingress: [{port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '10.0.0.1:80'}],
    }),
    [
      'E spec.ingress[0].defaultEndpoint: sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset',
    ],
  )
  check(
    'ingress defaultEndpoint any address and IPv6',
    obj('Sidecar', {
      ingress: [
        {port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '0.0.0.0:80'},
        {port: {number: 9081, protocol: 'HTTP', name: 'h2'}, defaultEndpoint: '[::]:81'},
        {port: {number: 9082, protocol: 'HTTP', name: 'h3'}, defaultEndpoint: ':82'},
      ],
    }),
    [],
  )
  check(
    'ingress defaultEndpoint port +80',
    obj('Sidecar', {
      ingress: [{port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '127.0.0.1:+80'}],
    }),
    [],
  )
  check(
    'ingress defaultEndpoint port 70000',
    obj('Sidecar', {
      ingress: [{port: {number: 9080, protocol: 'HTTP', name: 'http'}, defaultEndpoint: '127.0.0.1:70000'}],
    }),
    ['E spec.ingress[0].defaultEndpoint: port number 70000 must be in the range 1..65535'],
  )
  check('ingress tls ISTIO_MUTUAL', ingressTls('HTTPS', 'https', {mode: 'ISTIO_MUTUAL'}), [
    'E spec.ingress[0].tls.mode: configuration is invalid: cannot set mode to ISTIO_MUTUAL in sidecar ingress tls',
  ])
  check('ingress tls AUTO_PASSTHROUGH on TLS', ingressTls('tls', 'tls', {mode: 'AUTO_PASSTHROUGH'}), [
    'E spec.ingress[0].tls.mode: configuration is invalid: cannot set mode to AUTO_PASSTHROUGH in sidecar ingress tls',
  ])
  check(
    'ingress tls SIMPLE with certificates',
    ingressTls('HTTPS', 'https', {mode: 'SIMPLE', serverCertificate: 'c', privateKey: 'k'}),
    [],
  )
  check(
    'ingress tls SIMPLE without certificates',
    ingressTls('HTTPS', 'https', {mode: 'SIMPLE', subjectAltNames: []}),
    [
      'E spec.ingress[0].tls.serverCertificate: SIMPLE TLS requires a server certificate',
      'E spec.ingress[0].tls.privateKey: SIMPLE TLS requires a private key',
    ],
  )
  check(
    'ingress tls tlsCertificates',
    ingressTls('HTTPS', 'https', {
      mode: 'SIMPLE',
      tlsCertificates: [{serverCertificate: 'c', privateKey: 'k'}],
    }),
    ['E spec.ingress[0].tls.tlsCertificates: sidecar: tls_certificates is not currently supported'],
  )
  check(
    'ingress HTTP pool on a TCP port',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 9080, protocol: 'TCP', name: 'tcp'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {http1MaxPendingRequests: 1}},
        },
      ],
    }),
    [
      'W spec.ingress[0].connectionPool.http: sidecar: HTTP connection pool settings are configured for port 9080 ("tcp") but its protocol is not HTTP (TCP); only TCP settings will apply',
    ],
  )
  check(
    'ingress HTTP pool on ports without a protocol',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 9080, name: 'x'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {maxRetries: 1}},
        },
      ],
    }),
    [
      'W spec.ingress[0].connectionPool.http: sidecar: HTTP connection pool settings are configured for port 9080 ("x") but its protocol is not HTTP (); only TCP settings will apply',
    ],
  )
  check(
    'ingress HTTP pool on HTTP-like ports',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 9000, protocol: 'HTTP', name: 'p0'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {maxRetries: 1}},
        },
        {
          port: {number: 9001, protocol: 'http2', name: 'p1'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {maxRetries: 1}},
        },
        {
          port: {number: 9002, protocol: 'GRPC', name: 'p2'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {maxRetries: 1}},
        },
        {
          port: {number: 9003, protocol: 'grpc-web', name: 'p3'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {maxRetries: 1}},
        },
        {
          port: {number: 9004, protocol: 'HTTP_PROXY', name: 'p4'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {http: {maxRetries: 1}},
        },
      ],
    }),
    [],
  )
  check(
    'ingress TCP pool on a TCP port',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 9080, protocol: 'TCP', name: 'tcp'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {tcp: {maxConnections: 1}},
        },
      ],
    }),
    [],
  )
  check(
    'ingress bad connection pool',
    obj('Sidecar', {
      ingress: [
        {
          port: {number: 9080, protocol: 'HTTP', name: 'http'},
          defaultEndpoint: '127.0.0.1:8080',
          connectionPool: {tcp: {connectTimeout: '0.1ms'}},
        },
      ],
    }),
    ['E spec.ingress[0].connectionPool.tcp.connectTimeout: duration "0.1ms" must be at least 1ms'],
  )
  check(
    'inbound bad connection pool',
    obj('Sidecar', {inboundConnectionPool: {tcp: {connectTimeout: '0.1ms'}}}),
    ['E spec.inboundConnectionPool.tcp.connectTimeout: duration "0.1ms" must be at least 1ms'],
  )
  check(
    'egress two catch-alls',
    obj('Sidecar', {
      egress: [
        {hosts: ['./*'], port: {number: 80, protocol: 'HTTP', name: 'h'}},
        {hosts: ['./*']},
        {hosts: ['./*']},
      ],
    }),
    [
      'E spec.egress[1]: sidecar: the egress listener with empty port should be the last listener in the list',
    ],
  )
  check(
    'egress one catch-all last',
    obj('Sidecar', {
      egress: [{hosts: ['./*'], port: {number: 80, protocol: 'HTTP', name: 'h'}}, {hosts: ['./*']}],
    }),
    [],
  )
  check(
    'egress targetPort',
    obj('Sidecar', {
      egress: [{hosts: ['./*'], port: {number: 80, protocol: 'HTTP', name: 'h', targetPort: 8080}}],
    }),
    [
      'E spec.egress[0].port.targetPort: targetPort has no impact on Sidecars',
      'W spec.egress[0].port.targetPort: deprecated field: not used',
    ],
  )
  check(
    'egress port name and protocol',
    obj('Sidecar', {egress: [{hosts: ['./*'], port: {number: 80, protocol: 'FOO', name: 'h'}}]}),
    ['E spec.egress[0].port.protocol: unsupported protocol: FOO'],
  )
  check(
    'egress port 70000',
    obj('Sidecar', {egress: [{hosts: ['./*'], port: {number: 70000, protocol: 'HTTP', name: 'h'}}]}),
    ['E spec.egress[0].port.number: port number 70000 must be in the range 1..65535'],
  )
  check(
    'egress unix sockets',
    obj('Sidecar', {
      egress: [
        {
          hosts: ['./*'],
          port: {number: 0, protocol: 'HTTP', name: 'a'},
          bind: 'unix:///a',
          captureMode: 'DEFAULT',
        },
        {
          hosts: ['./*'],
          port: {number: 0, protocol: 'HTTP', name: 'b'},
          bind: 'unix:///b',
          captureMode: 'NONE',
        },
        {hosts: ['./*'], port: {number: 0, protocol: 'HTTP', name: 'c'}, bind: 'unix:///c'},
      ],
    }),
    [],
  )
  check(
    'egress unix socket with IPTABLES',
    obj('Sidecar', {
      egress: [
        {
          hosts: ['./*'],
          port: {number: 0, protocol: 'HTTP', name: 'a'},
          bind: 'unix:///a',
          captureMode: 'IPTABLES',
        },
      ],
    }),
    [
      'E spec.egress[0].captureMode: sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners',
    ],
  )
  check(
    'egress port 0 with an IP bind',
    obj('Sidecar', {
      egress: [{hosts: ['./*'], port: {number: 0, protocol: 'HTTP', name: 'a'}, bind: '10.0.0.1'}],
    }),
    ['E spec.egress[0].bind: sidecar: ports with 0 value must have a unix domain socket bind address'],
  )
  check(
    'egress same unix socket twice',
    obj('Sidecar', {
      egress: [
        {hosts: ['./*'], port: {number: 0, protocol: 'HTTP', name: 'a'}, bind: 'unix:///a'},
        {hosts: ['./*'], port: {number: 0, protocol: 'HTTP', name: 'b'}, bind: 'unix:///a'},
      ],
    }),
    [
      'E spec.egress[1]: duplicate egress listener (ports and unix sockets of listeners must be unique): socket unix:///a',
    ],
  )
  check(
    'egress same port twice',
    obj('Sidecar', {
      egress: [
        {hosts: ['./*'], port: {number: 80, protocol: 'HTTP', name: 'a'}},
        {hosts: ['./*'], port: {number: 80, protocol: 'HTTP', name: 'b'}},
        {hosts: ['./*'], port: {number: 81, protocol: 'HTTP', name: 'c'}},
      ],
    }),
    [
      'E spec.egress[1]: duplicate egress listener (ports and unix sockets of listeners must be unique): port 80',
    ],
  )
  check('egress without hosts', obj('Sidecar', {egress: [{hosts: []}]}), [
    'E spec.egress[0].hosts: sidecar: egress listener must contain at least one host',
  ])
  check(
    'egress hosts: the same service twice, per namespace',
    obj('Sidecar', {egress: [{hosts: ['a/x.com', 'b/x.com', 'a/x.com', './y.com', 'ns/y.com', '~/z.com']}]}),
    [
      'W spec.egress[0].hosts[2]: duplicated egress host: a/x.com',
      'W spec.egress[0].hosts[4]: duplicated egress host: ns/y.com',
    ],
  )
  check(
    'egress hosts: a namespace wildcard after a service',
    obj('Sidecar', {egress: [{hosts: ['a/x.com', 'a/*', 'b/*', 'b/*']}]}),
    [
      'W spec.egress[0].hosts[1]: duplicated egress host: a/*',
      'W spec.egress[0].hosts[3]: duplicated egress host: b/*',
    ],
  )
  check('egress hosts: */* with others', obj('Sidecar', {egress: [{hosts: ['*/*', 'a/x.com']}]}), [
    'W spec.egress[0].hosts: `*/*` host select all resources, no other hosts can be added',
  ])
  check('egress hosts: */* alone', obj('Sidecar', {egress: [{hosts: ['*/*']}]}), [])
  check('egress hosts: */x with others', obj('Sidecar', {egress: [{hosts: ['*/x.com', 'a/y.com']}]}), [])
  check(
    'egressProxy with ALLOW_ANY',
    obj('Sidecar', {
      outboundTrafficPolicy: {
        mode: 'ALLOW_ANY',
        egressProxy: {host: 'proxy.ns.svc.cluster.local', port: {number: 3128}},
      },
    }),
    [],
  )
  check(
    'egressProxy without port, bad host',
    obj('Sidecar', {outboundTrafficPolicy: {mode: 'ALLOW_ANY', egressProxy: {host: 'bad_host'}}}),
    [
      'E spec.outboundTrafficPolicy.egressProxy.host: domain name "bad_host" invalid (label "bad_host" invalid)',
      'E spec.outboundTrafficPolicy.egressProxy.port: sidecar: egress_proxy port must be non-nil',
    ],
  )
  check(
    'egressProxy without mode',
    obj('Sidecar', {outboundTrafficPolicy: {egressProxy: {host: 'a.b', port: {number: 1}}}}),
    [
      'E spec.outboundTrafficPolicy.egressProxy: sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode',
    ],
  )
})
