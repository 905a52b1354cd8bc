// Gateway rules one by one (src/lib/api/rules/gateway.ts), each with every error and warning the object gets:
// servers, ports, binds, hosts and server TLS in each mode.
import {check, obj} from './problems.js'

/** A Gateway with one server on port 443 for *.example.com, with `protocol` and these TLS settings. */
const tlsServer = (protocol: string, tls: Record<string, unknown>) =>
  obj('Gateway', {servers: [{port: {number: 443, protocol, name: 'https'}, hosts: ['*.example.com'], tls}]})

describe('api rules: Gateway, every problem of each object', () => {
  check('no servers', obj('Gateway', {servers: []}), [
    'E spec.servers: gateway must have at least one server',
  ])
  check(
    'server without hosts',
    obj('Gateway', {servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: []}]}),
    ['E spec.servers[0].hosts: server config must contain at least one host'],
  )
  check(
    'bind to an IP',
    obj('Gateway', {
      servers: [
        {
          port: {number: 443, protocol: 'HTTPS', name: 'https'},
          hosts: ['*.example.com'],
          bind: '10.0.0.1',
          tls: {credentialName: 'c', mode: 'SIMPLE'},
        },
      ],
    }),
    [],
  )
  check(
    'bind not an IP',
    obj('Gateway', {
      servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['*.example.com'], bind: 'nope'}],
    }),
    ['E spec.servers[0].bind: nope is not a valid IP'],
  )
  check(
    'unix bind, port 0',
    obj('Gateway', {
      servers: [{bind: 'unix:///s', port: {number: 0, protocol: 'HTTP', name: 'h'}, hosts: ['*']}],
    }),
    [],
  )
  check(
    'unix bind, port 80',
    obj('Gateway', {
      servers: [{bind: 'unix:///s', port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['*']}],
    }),
    ['E spec.servers[0].port.number: port number must be 0 for unix domain socket'],
  )
  check(
    'port 0 without unix bind',
    obj('Gateway', {servers: [{port: {number: 0, protocol: 'HTTP', name: 'h'}, hosts: ['*']}]}),
    ['E spec.servers[0].port.number: port number 0 must be in the range 1..65535'],
  )
  check(
    'targetPort',
    obj('Gateway', {
      servers: [{port: {number: 80, protocol: 'HTTP', name: 'h', targetPort: 8080}, hosts: ['*']}],
    }),
    [
      'E spec.servers[0].port.targetPort: targetPort has no impact on Gateways',
      'W spec.servers[0].port.targetPort: deprecated field: not used',
    ],
  )
  check(
    'duplicate port names',
    obj('Gateway', {
      servers: [
        {port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['*']},
        {port: {number: 81, protocol: 'HTTP', name: 'h'}, hosts: ['*']},
        {port: {number: 82, protocol: 'HTTP', name: 'h2'}, hosts: ['*']},
      ],
    }),
    ['E spec.servers[1].port.name: port names in servers must be unique: duplicate name h'],
  )
  check(
    'unknown protocol',
    obj('Gateway', {servers: [{port: {number: 80, protocol: 'FOO', name: 'h'}, hosts: ['*']}]}),
    [
      'E spec.servers[0].port.protocol: invalid protocol "FOO", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP',
    ],
  )
  check(
    'lower-case protocol',
    obj('Gateway', {servers: [{port: {number: 80, protocol: 'http', name: 'h'}, hosts: ['*']}]}),
    [],
  )
  check(
    'HTTPS without TLS',
    obj('Gateway', {
      servers: [{port: {number: 443, protocol: 'HTTPS', name: 'https'}, hosts: ['*.example.com']}],
    }),
    ['E spec.servers[0]: server must have TLS settings for HTTPS/TLS protocols'],
  )
  check(
    'TLS without TLS settings',
    obj('Gateway', {
      servers: [{port: {number: 443, protocol: 'TLS', name: 'https'}, hosts: ['*.example.com']}],
    }),
    ['E spec.servers[0]: server must have TLS settings for HTTPS/TLS protocols'],
  )
  check('TCP with TLS', tlsServer('TCP', {mode: 'SIMPLE', credentialName: 'c'}), [
    'E spec.servers[0].tls: server cannot have TLS settings for non HTTPS/TLS ports',
  ])
  check('HTTP with SIMPLE TLS', tlsServer('HTTP', {mode: 'SIMPLE', credentialName: 'c'}), [
    'E spec.servers[0].tls: server cannot have TLS settings for plain text HTTP ports',
  ])
  check('HTTP with httpsRedirect', tlsServer('HTTP', {httpsRedirect: true}), [])
  check('HTTP2 with PASSTHROUGH and a key', tlsServer('HTTP2', {mode: 'PASSTHROUGH', privateKey: 'k'}), [
    'E spec.servers[0].tls: server cannot have TLS settings for plain text HTTP ports',
    'W spec.servers[0].tls: PASSTHROUGH mode does not use certificates, they will be ignored',
  ])
  check('HTTP with PASSTHROUGH and a CA', tlsServer('HTTP', {mode: 'PASSTHROUGH', caCertificates: 'ca'}), [
    'E spec.servers[0].tls: server cannot have TLS settings for plain text HTTP ports',
    'W spec.servers[0].tls: PASSTHROUGH mode does not use certificates, they will be ignored',
  ])
  check(
    'HTTP with PASSTHROUGH and a certificate',
    tlsServer('HTTP', {mode: 'PASSTHROUGH', serverCertificate: 'c'}),
    [
      'E spec.servers[0].tls: server cannot have TLS settings for plain text HTTP ports',
      'W spec.servers[0].tls: PASSTHROUGH mode does not use certificates, they will be ignored',
    ],
  )
  check('GRPC with AUTO_PASSTHROUGH', tlsServer('GRPC', {mode: 'AUTO_PASSTHROUGH'}), [])
  check('TCP with httpsRedirect', tlsServer('TCP', {httpsRedirect: true}), [
    'E spec.servers[0].tls: server cannot have TLS settings for non HTTPS/TLS ports',
    'W spec.servers[0].tls.httpsRedirect: tls.httpsRedirect should only be used with http servers',
  ])
  check(
    'HTTPS SIMPLE with certificate and key',
    tlsServer('HTTPS', {mode: 'SIMPLE', serverCertificate: 'c', privateKey: 'k'}),
    [],
  )
  check('HTTPS SIMPLE without certificates', tlsServer('HTTPS', {mode: 'SIMPLE'}), [
    'E spec.servers[0].tls.serverCertificate: SIMPLE TLS requires a server certificate',
    'E spec.servers[0].tls.privateKey: SIMPLE TLS requires a private key',
  ])
  check(
    'HTTPS MUTUAL without CA',
    tlsServer('HTTPS', {mode: 'MUTUAL', serverCertificate: 'c', privateKey: 'k'}),
    ['E spec.servers[0].tls.caCertificates: MUTUAL TLS requires a client CA bundle'],
  )
  check('HTTPS OPTIONAL_MUTUAL without anything', tlsServer('HTTPS', {mode: 'OPTIONAL_MUTUAL'}), [
    'E spec.servers[0].tls.caCertificates: MUTUAL TLS requires a client CA bundle',
    'E spec.servers[0].tls.serverCertificate: MUTUAL TLS requires a server certificate',
    'E spec.servers[0].tls.privateKey: MUTUAL TLS requires a private key',
  ])
  check(
    'HTTPS MUTUAL with credentialNames',
    tlsServer('HTTPS', {mode: 'MUTUAL', credentialNames: ['a', 'b']}),
    [],
  )
  check(
    'HTTPS SIMPLE with empty credentialNames',
    tlsServer('HTTPS', {mode: 'SIMPLE', credentialNames: [], serverCertificate: 'c', privateKey: 'k'}),
    ['E spec.servers[0].tls.credentialNames: must NOT have fewer than 1 items'],
  )
  check(
    'HTTPS SIMPLE tlsCertificates',
    obj('Gateway', {
      servers: [
        {
          port: {number: 443, protocol: 'HTTPS', name: 'https'},
          hosts: ['*.example.com'],
          tls: {
            mode: 'SIMPLE',
            tlsCertificates: [
              {serverCertificate: 'c', privateKey: 'k'},
              {serverCertificate: 'c2'},
              {privateKey: 'k3'},
            ],
          },
        },
      ],
    }),
    [
      'E spec.servers[0].tls.tlsCertificates: must NOT have more than 2 items',
      'E spec.servers[0].tls.tlsCertificates[1].privateKey: SIMPLE TLS requires a private key',
      'E spec.servers[0].tls.tlsCertificates[2].serverCertificate: SIMPLE TLS requires a server certificate',
    ],
  )
  check(
    'HTTPS two certificate sources',
    tlsServer('HTTPS', {mode: 'SIMPLE', credentialName: 'a', serverCertificate: 'c', privateKey: 'k'}),
    [
      'E spec.servers[0].tls: only one of credentialName, credentialNames, serverCertificate/privateKey, tlsCertificates may be set (found serverCertificate/privateKey, credentialName)',
    ],
  )
  check(
    'HTTPS four certificate sources',
    obj('Gateway', {
      servers: [
        {
          port: {number: 443, protocol: 'HTTPS', name: 'https'},
          hosts: ['*.example.com'],
          tls: {
            mode: 'SIMPLE',
            credentialName: 'a',
            credentialNames: ['b'],
            tlsCertificates: [{serverCertificate: 'c', privateKey: 'k'}],
            serverCertificate: 'c',
            privateKey: 'k',
          },
        },
      ],
    }),
    [
      'E spec.servers[0].tls: only one of credentialName, credentialNames, serverCertificate/privateKey, tlsCertificates may be set (found serverCertificate/privateKey, credentialName, credentialNames, tlsCertificates)',
    ],
  )
  check(
    'HTTPS certificate without key is not a source',
    tlsServer('HTTPS', {mode: 'SIMPLE', credentialName: 'a', serverCertificate: 'c'}),
    [],
  )
  check(
    'HTTPS caCrl with credentialName',
    tlsServer('HTTPS', {mode: 'MUTUAL', credentialName: 'a', caCrl: 'crl'}),
    [
      'E spec.servers[0].tls.caCrl: CRL is not supported with credentialName. CRL has to be specified in the credential',
    ],
  )
  check(
    'HTTPS caCrl with SIMPLE',
    tlsServer('HTTPS', {mode: 'SIMPLE', serverCertificate: 'c', privateKey: 'k', caCrl: 'crl'}),
    ['E spec.servers[0].tls.caCrl: CRL is not supported with SIMPLE TLS'],
  )
  check(
    'HTTPS caCrl with MUTUAL',
    tlsServer('HTTPS', {
      mode: 'MUTUAL',
      serverCertificate: 'c',
      privateKey: 'k',
      caCertificates: 'ca',
      caCrl: 'crl',
    }),
    [],
  )
  check(
    'HTTPS ISTIO_MUTUAL with certificates',
    obj('Gateway', {
      servers: [
        {
          port: {number: 443, protocol: 'HTTPS', name: 'https'},
          hosts: ['*.example.com'],
          tls: {
            mode: 'ISTIO_MUTUAL',
            serverCertificate: 'c',
            caCertificates: 'ca',
            credentialNames: ['x'],
            caCrl: 'crl',
          },
        },
      ],
    }),
    [
      'E spec.servers[0].tls.serverCertificate: ISTIO_MUTUAL TLS cannot have associated serverCertificate',
      'E spec.servers[0].tls.caCertificates: ISTIO_MUTUAL TLS cannot have associated caCertificates',
      'E spec.servers[0].tls.credentialNames: ISTIO_MUTUAL TLS cannot have associated credentialNames',
    ],
  )
  check('HTTPS ISTIO_MUTUAL alone', tlsServer('HTTPS', {mode: 'ISTIO_MUTUAL'}), [])
  check('TLS PASSTHROUGH with a CRL', tlsServer('TLS', {mode: 'PASSTHROUGH', caCrl: 'crl'}), [
    'W spec.servers[0].tls: PASSTHROUGH mode does not use certificates, they will be ignored',
  ])
  check(
    'TLS AUTO_PASSTHROUGH with credentialName',
    tlsServer('TLS', {mode: 'AUTO_PASSTHROUGH', credentialName: 'c'}),
    ['W spec.servers[0].tls: AUTO_PASSTHROUGH mode does not use certificates, they will be ignored'],
  )
  check(
    'TLS without mode, with tlsCertificates',
    tlsServer('TLS', {tlsCertificates: [{serverCertificate: 'c'}]}),
    ['W spec.servers[0].tls: PASSTHROUGH mode does not use certificates, they will be ignored'],
  )
  check('TLS PASSTHROUGH alone', tlsServer('TLS', {mode: 'PASSTHROUGH'}), [])
  check(
    'TLSV1_0 without cipher suites',
    tlsServer('HTTPS', {mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_0'}),
    [
      'W spec.servers[0].tls.cipherSuites: TLS versions below TLSV1_2 need compatible cipherSuites: the defaults no longer include them',
    ],
  )
  check(
    'TLSV1_1 without cipher suites',
    tlsServer('HTTPS', {
      mode: 'SIMPLE',
      credentialName: 'c',
      minProtocolVersion: 'TLSV1_1',
      cipherSuites: [],
    }),
    [
      'W spec.servers[0].tls.cipherSuites: TLS versions below TLSV1_2 need compatible cipherSuites: the defaults no longer include them',
    ],
  )
  check(
    'TLSV1_1 with cipher suites',
    obj('Gateway', {
      servers: [
        {
          port: {number: 443, protocol: 'HTTPS', name: 'https'},
          hosts: ['*.example.com'],
          tls: {
            mode: 'SIMPLE',
            credentialName: 'c',
            minProtocolVersion: 'TLSV1_1',
            cipherSuites: ['ECDHE-RSA-AES128-SHA'],
          },
        },
      ],
    }),
    [],
  )
  check(
    'TLSV1_2 without cipher suites',
    tlsServer('HTTPS', {mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_2'}),
    [],
  )
  check('server without port, with TLS', obj('Gateway', {servers: [{hosts: ['*'], tls: {mode: 'SIMPLE'}}]}), [
    'E spec.servers[0].port: port is required',
    'E spec.servers[0].tls.serverCertificate: SIMPLE TLS requires a server certificate',
    'E spec.servers[0].tls.privateKey: SIMPLE TLS requires a private key',
  ])
  check(
    'hosts: namespaces and names',
    obj('Gateway', {
      servers: [
        {
          port: {number: 80, protocol: 'HTTP', name: 'h'},
          hosts: ['ns/*.a.com', '*/a.com', './a.com', '*', 'a.com', '10.0.0.1'],
        },
      ],
    }),
    [],
  )
  check(
    'hosts: empty namespace or name',
    obj('Gateway', {servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['/a.com', 'ns/']}]}),
    [
      'E spec.servers[0].hosts[0]: config namespace and dnsName in host entry cannot be empty',
      'E spec.servers[0].hosts[1]: config namespace and dnsName in host entry cannot be empty',
    ],
  )
  check(
    'hosts: bad namespaces',
    obj('Gateway', {
      servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['Bad_NS/a.com', '~/a.com']}],
    }),
    [
      'E spec.servers[0].hosts[0]: invalid namespace value "Bad_NS" in gateway',
      'E spec.servers[0].hosts[1]: invalid namespace value "~" in gateway',
    ],
  )
  check(
    'hosts: short and partial wildcard',
    obj('Gateway', {
      servers: [
        {
          port: {number: 80, protocol: 'HTTP', name: 'h'},
          hosts: ['ns/short', 'a*.b.com', 'ns/*a.com', 'a/b/c.com'],
        },
      ],
    }),
    [
      'E spec.servers[0].hosts[0]: short names (non FQDN) are not allowed',
      'E spec.servers[0].hosts[1]: domain name "a*.b.com" invalid (label "a*" invalid)',
      'E spec.servers[0].hosts[1]: partial wildcard "a*.b.com" not allowed',
      'E spec.servers[0].hosts[2]: partial wildcard "*a.com" not allowed',
      'E spec.servers[0].hosts[3]: domain name "a/b/c.com" invalid (label "a/b/c" invalid)',
    ],
  )
})
