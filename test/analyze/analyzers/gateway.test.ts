import {certificateAnalyzer} from '../../../src/lib/analyze/analyzers/gateway/certificate.js'
import {conflictingGatewayAnalyzer} from '../../../src/lib/analyze/analyzers/gateway/conflicting-gateway.js'
import {ingressGatewayPortAnalyzer} from '../../../src/lib/analyze/analyzers/gateway/ingress-gateway-port.js'
import {isValidCredential, secretAnalyzer} from '../../../src/lib/analyze/analyzers/gateway/secret.js'
import {X509Certificate} from 'node:crypto'
import {expect} from 'chai'
import {analyzerTable, storeFromYaml, y} from '../helpers.js'
import {selfSignedCert} from '../certs.js'

const gw = (name: string, servers: string, selector = 'istio: ingressgateway', ns = 'edge') => `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {${selector}}
  servers: ${servers}
`
const http80 = (hosts = '"*"') => `[{port: {number: 80, name: http, protocol: HTTP}, hosts: [${hosts}]}]`
const tls = (cred: string, port = 443) =>
  `[{port: {number: ${port}, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, credentialName: ${cred}}}]`
const ingress =
  y.pod('istio-system', 'ingress-1', 'istio: ingressgateway') +
  y.svc(
    'istio-system',
    'istio-ingressgateway',
    '[{port: 80, targetPort: 8080, name: http2}, {port: 443, targetPort: 8443, name: https}]',
    'istio: ingressgateway',
  )

analyzerTable(ingressGatewayPortAnalyzer, [
  {name: 'port exposed by the service', yaml: ingress + gw('web', http80()), expect: []},
  {
    name: 'selector matches no pod',
    yaml: gw('web', http80(), 'istio: nothing'),
    expect: ['IST0101 Gateway edge/web'],
    lines: ['Error [IST0101] (Gateway edge/web test.yaml:6) Referenced selector not found: "istio=nothing"'],
  },
  {
    name: 'port not on the service',
    yaml: ingress + gw('web', '[{port: {number: 9000, name: tcp, protocol: TCP}, hosts: ["*"]}]'),
    expect: ['IST0162 Gateway edge/web'],
    lines: [
      'Warning [IST0162] (Gateway edge/web test.yaml:19) The gateway is listening on a target port (port 9000) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    ],
  },
  {
    name: 'targetPort counts too',
    yaml:
      ingress +
      gw(
        'web',
        '[{port: {number: 8443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: PASSTHROUGH}}]',
      ),
    expect: [],
  },
  {
    name: 'UDP service ports do not count',
    yaml:
      ingress +
      y.svc('istio-system', 'dns', '[{port: 53, protocol: UDP, name: udp-dns}]', 'istio: ingressgateway') +
      gw('web', '[{port: {number: 53, name: tcp, protocol: TCP}, hosts: ["*"]}]'),
    expect: ['IST0162 Gateway edge/web'],
  },
  {
    name: 'a Service in another namespace does not count',
    yaml:
      ingress +
      y.svc('other', 'x', '[{port: 9000, name: tcp}]', 'istio: ingressgateway') +
      gw('web', '[{port: {number: 9000, name: tcp, protocol: TCP}, hosts: ["*"]}]'),
    expect: ['IST0162 Gateway edge/web'],
  },
  {
    name: 'a Service selecting other pods does not count',
    yaml:
      ingress +
      y.svc('istio-system', 'x', '[{port: 9000, name: tcp}]', 'app: other') +
      gw('web', '[{port: {number: 9000, name: tcp, protocol: TCP}, hosts: ["*"]}]'),
    expect: ['IST0162 Gateway edge/web'],
  },
  {
    name: 'a named or zero targetPort counts by port',
    yaml:
      ingress +
      y.svc(
        'istio-system',
        'x',
        '[{port: 9100, targetPort: web, name: http-a}, {port: 9200, targetPort: 0, name: http-b}]',
        'istio: ingressgateway',
      ) +
      gw(
        'web',
        '[{port: {number: 9100, name: a, protocol: HTTP}, hosts: ["*"]}, {port: {number: 9200, name: b, protocol: HTTP}, hosts: ["*"]}]',
      ),
    expect: [],
  },
  {
    name: 'a server without a port number is skipped',
    yaml: ingress + gw('web', '[{port: {name: x, protocol: HTTP}, hosts: ["*"]}, {hosts: ["*"]}]'),
    expect: [],
  },
  {
    // Go's IntOrString.IntValue: "9090" is 9090, "9091x" is 0 (the port counts instead)
    name: 'targetPorts as numbers in strings; none',
    yaml:
      ingress +
      y.svc(
        'istio-system',
        'x',
        '[{port: 9100, targetPort: "9090", name: http-a}, {port: 9200, targetPort: "9091x", name: http-b}, {port: 9300, name: http-c}, {port: 9400, targetPort: "+9092", name: http-d}]',
        'istio: ingressgateway',
      ) +
      gw(
        'web',
        '[' +
          [9100, 9090, 9200, 9300, 9091, 9092]
            .map((n) => `{port: {number: ${n}, name: p${n}, protocol: HTTP}, hosts: ["*"]}`)
            .join(', ') +
          ']',
      ),
    expect: ['IST0162 Gateway edge/web'],
  },
  {
    name: 'each selector gets the Services of its own pods',
    yaml:
      y.pod('a', 'gw-a', 'istio: a') +
      y.svc('a', 'gw-a', '[{port: 80, name: http}]', 'istio: a') +
      y.pod('b', 'gw-b', 'istio: b') +
      y.svc('b', 'gw-b', '[{port: 443, name: https}]', 'istio: b') +
      gw('a', http80(), 'istio: a') +
      gw(
        'b',
        '[{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: PASSTHROUGH}}]',
        'istio: b',
      ),
    expect: [],
  },
])

const secret = (name: string, data: string) => `---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: istio-system}
type: kubernetes.io/tls
${data}
`
const {cert, key} = selfSignedCert()
const expired = selfSignedCert({expired: true})
const b64 = (s: string) => Buffer.from(s).toString('base64')

analyzerTable(secretAnalyzer, [
  {
    name: 'valid credential',
    yaml:
      ingress +
      secret('shop-cert', `data: {tls.crt: ${b64(cert)}, tls.key: ${b64(key)}}`) +
      gw('web', tls('shop-cert')),
    expect: [],
  },
  {
    name: 'a selector that matches no pod, beside pods it does not match',
    yaml: ingress + gw('web', tls('shop-cert'), 'istio: nothing'),
    expect: ['IST0101 Gateway edge/web'],
    lines: ['Error [IST0101] (Gateway edge/web test.yaml:19) Referenced selector not found: "istio=nothing"'],
  },
  {
    name: 'missing credential',
    yaml: ingress + gw('web', tls('shop-cert')),
    expect: ['IST0101 Gateway edge/web'],
    lines: [
      'Error [IST0101] (Gateway edge/web test.yaml:20) Referenced credentialName not found: "shop-cert"',
    ],
  },
  {
    name: 'expired certificate',
    yaml:
      ingress +
      secret('shop-cert', `data: {tls.crt: ${b64(expired.cert)}, tls.key: ${b64(expired.key)}}`) +
      gw('web', tls('shop-cert')),
    expect: ['IST0161 Gateway edge/web'],
    lines: [
      'Error [IST0161] (Gateway edge/web test.yaml:26) The credential referenced by the Gateway web in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
    ],
  },
  {
    name: 'credential without a certificate',
    yaml:
      ingress +
      secret('shop-cert', `data: {tls.crt: ${b64('not a cert')}, tls.key: ${b64('k')}}`) +
      gw('web', tls('shop-cert')),
    expect: ['IST0161 Gateway edge/web'],
  },
  {
    name: 'no gateway pod',
    yaml: gw('web', tls('shop-cert'), 'istio: nothing'),
    expect: ['IST0101 Gateway edge/web'],
    lines: ['Error [IST0101] (Gateway edge/web test.yaml:6) Referenced selector not found: "istio=nothing"'],
  },
  {name: 'no TLS server', yaml: ingress + gw('web', http80()), expect: []},
  {
    name: 'valid credential in stringData',
    yaml:
      ingress +
      secret('shop-cert', `stringData: {tls.crt: ${JSON.stringify(cert)}, tls.key: ${JSON.stringify(key)}}`) +
      gw('web', tls('shop-cert')),
    expect: [],
  },
  {
    name: 'valid credential under cert and key',
    yaml:
      ingress +
      secret('shop-cert', `data: {cert: ${b64(cert)}, key: ${b64(key)}}`) +
      gw('web', tls('shop-cert')),
    expect: [],
  },
  {
    name: 'credential without its key',
    yaml: ingress + secret('shop-cert', `data: {tls.crt: ${b64(cert)}}`) + gw('web', tls('shop-cert')),
    expect: ['IST0161 Gateway edge/web'],
  },
  {
    name: 'credential whose first PEM block is not a certificate',
    yaml:
      ingress +
      secret('shop-cert', `data: {tls.crt: ${b64(key + cert)}, tls.key: ${b64(key)}}`) +
      gw('web', tls('shop-cert')),
    expect: ['IST0161 Gateway edge/web'],
  },
])

describe('isValidCredential', () => {
  const of = (data: string) => [...storeFromYaml(secret('s', data)).all()][0]
  const pair = (crt: string) => of(`data: {tls.crt: ${b64(crt)}, tls.key: ${b64(key)}}`)
  const {validFrom, validTo} = new X509Certificate(cert)
  it('is valid from its first to its last second', () => {
    expect(isValidCredential(pair(cert), new Date(validFrom))).to.equal(true)
    expect(isValidCredential(pair(cert), new Date(validTo))).to.equal(true)
    expect(isValidCredential(pair(cert), new Date(Date.parse(validFrom) - 1000))).to.equal(false)
    expect(isValidCredential(pair(cert), new Date(Date.parse(validTo) + 1000))).to.equal(false)
  })
  it('needs a PEM certificate that parses', () => {
    expect(isValidCredential(pair('not a certificate'))).to.equal(false)
    expect(isValidCredential(pair(key))).to.equal(false)
    expect(
      isValidCredential(pair('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')),
    ).to.equal(false)
    expect(isValidCredential(pair(key + cert))).to.equal(false) // the first block counts
    expect(isValidCredential(pair(cert))).to.equal(true)
  })
})

analyzerTable(certificateAnalyzer, [
  {name: 'different certificates', yaml: gw('a', tls('cert-a')) + gw('b', tls('cert-b')), expect: []},
  {
    name: 'same credential on one workload',
    yaml: gw('a', tls('shared')) + gw('b', tls('shared')),
    expect: ['IST0138 Gateway edge/a', 'IST0138 Gateway edge/b'],
    lines: [
      'Warning [IST0138] (Gateway edge/a test.yaml:4) Duplicate certificate in multiple gateways [edge/a edge/b] may cause 404s if clients re-use HTTP2 connections.',
      'Warning [IST0138] (Gateway edge/b test.yaml:11) Duplicate certificate in multiple gateways [edge/b edge/a] may cause 404s if clients re-use HTTP2 connections.',
    ],
  },
  {
    name: 'same certificate files on one workload',
    yaml:
      gw(
        'a',
        '[{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}}]',
      ) +
      gw(
        'b',
        '[{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}}]',
      ) +
      gw(
        'c',
        '[{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, serverCertificate: /c.pem}}]',
      ),
    expect: ['IST0138 Gateway edge/a', 'IST0138 Gateway edge/b'],
  },
  {
    name: 'same credential on different workloads',
    yaml: gw('a', tls('shared'), 'istio: ingressgateway') + gw('b', tls('shared'), 'istio: other'),
    expect: [],
  },
])

analyzerTable(conflictingGatewayAnalyzer, [
  {
    name: 'different hosts',
    yaml: ingress + gw('a', http80('"a.example.com"')) + gw('b', http80('"b.example.com"')),
    expect: [],
  },
  {
    name: 'same selector, port and host',
    yaml: ingress + gw('a', http80('"shop.example.com"')) + gw('b', http80('"shop.example.com"')),
    expect: ['IST0145 Gateway edge/a', 'IST0145 Gateway edge/b'],
    lines: [
      'Error [IST0145] (Gateway edge/a test.yaml:15) Conflict with gateways edge/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
      'Error [IST0145] (Gateway edge/b test.yaml:22) Conflict with gateways edge/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
    ],
  },
  {
    name: 'same host on other ports',
    yaml:
      ingress +
      gw('a', http80('"shop.example.com"')) +
      gw('b', tls('c', 443).replace('"*"', '"shop.example.com"')),
    expect: [],
  },
  {
    name: 'different workloads',
    yaml:
      ingress +
      gw('a', http80('"shop.example.com"')) +
      gw('b', http80('"shop.example.com"'), 'istio: egressgateway'),
    expect: [],
  },
  {
    // Istio's analyzer test conflicting-gateways-subSelector.yaml
    name: 'a selector inside another, on a pod both select',
    yaml:
      y.pod('istio-system', 'ingress-1', 'istio: ingressgateway, app: x') +
      gw('a', http80('"shop.example.com"')) +
      gw('b', http80('"shop.example.com"'), 'istio: ingressgateway, app: x'),
    expect: ['IST0145 Gateway edge/a', 'IST0145 Gateway edge/b'],
  },
  {
    name: 'a selector inside another, with no pod both select',
    yaml:
      y.pod('istio-system', 'ingress-1', 'istio: ingressgateway, app: y') +
      gw('a', http80('"shop.example.com"')) +
      gw('b', http80('"shop.example.com"'), 'istio: ingressgateway, app: x'),
    expect: [],
  },
  {
    // checked against istioctl 1.30.3 on a live cluster (no validation webhook in the way): its map has no
    // key for a gateway without servers, so that gateway's selector must be found on a pod
    name: 'a gateway without servers whose selector matches no pod',
    yaml: ingress + gw('a', '[]', 'istio: nothing'),
    expect: ['IST0101 Gateway edge/a'],
  },
  {
    name: 'every conflicting gateway, sorted, and every host of the server',
    yaml:
      ingress +
      gw('c', http80('"a.example.com", "b.example.com"')) +
      gw('a', http80('"b.example.com"')) +
      gw('b', http80('"a.example.com", "b.example.com"')),
    expect: ['IST0145 Gateway edge/a', 'IST0145 Gateway edge/b', 'IST0145 Gateway edge/c'],
    lines: [
      'Error [IST0145] (Gateway edge/a test.yaml:22) Conflict with gateways edge/b,edge/c (workload selector istio=ingressgateway, port 80, hosts b.example.com).',
      'Error [IST0145] (Gateway edge/b test.yaml:29) Conflict with gateways edge/a,edge/c (workload selector istio=ingressgateway, port 80, hosts a.example.com,b.example.com).',
      'Error [IST0145] (Gateway edge/c test.yaml:15) Conflict with gateways edge/a,edge/b (workload selector istio=ingressgateway, port 80, hosts a.example.com,b.example.com).',
    ],
  },
  {
    name: 'selectors that overlap on a pod without one containing the other',
    yaml:
      y.pod('istio-system', 'ingress-1', 'istio: ingressgateway, app: x') +
      gw('a', http80('"shop.example.com"')) +
      gw('b', http80('"shop.example.com"'), 'app: x'),
    expect: [],
  },
  {
    name: 'a selector inside another that has no server on the port',
    yaml:
      y.pod('istio-system', 'ingress-1', 'istio: ingressgateway, app: x') +
      gw('a', http80('"shop.example.com"')) +
      gw('b', tls('c', 443).replace('"*"', '"shop.example.com"'), 'istio: ingressgateway, app: x'),
    expect: [],
  },
  {
    name: 'servers without a port are on port 0',
    yaml: ingress + gw('a', '[{hosts: ["x.example.com"]}]') + gw('b', '[{hosts: ["y.example.com"]}]'),
    expect: [],
  },
  {
    // istioctl reaches its "selector not found" only for a Gateway without servers
    name: 'a Gateway without servers: its selector must select a pod, unless it is empty',
    yaml:
      ingress +
      gw('none', '[]', 'istio: nothing').replace('  servers: []\n', '') +
      gw('empty', '[]', '').replace('  servers: []\n', ''),
    expect: ['IST0101 Gateway edge/none'],
    lines: [
      'Error [IST0101] (Gateway edge/none test.yaml:19) Referenced selector not found: "istio=nothing"',
    ],
  },
])
