import {expect} from 'chai'
import {conflictingMeshGatewayHostsAnalyzer} from '../../../src/lib/analyze/analyzers/virtualservice/conflicting-mesh-gateway-hosts.js'
import {destinationHostAnalyzer} from '../../../src/lib/analyze/analyzers/virtualservice/destination-host.js'
import {destinationRuleAnalyzer} from '../../../src/lib/analyze/analyzers/virtualservice/destination-rule.js'
import {gatewayAnalyzer} from '../../../src/lib/analyze/analyzers/virtualservice/gateway.js'
import {
  isClaimHeader,
  jwtClaimRouteAnalyzer,
} from '../../../src/lib/analyze/analyzers/virtualservice/jwt-claim-route.js'
import {analyzerTable, y} from '../helpers.js'

const vs = (name: string, spec: string, ns = 'shop') => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`
const route = (host: string, extra = '') => `  hosts: [${name(host)}]
  http:
  - route:
    - destination: {host: ${host}${extra}}
`
const name = (h: string) => h.split('.')[0]
/** A mesh VirtualService routing its own host to a subset, and a gateway-bound one routing without. */
const mesh = (ns: string, host: string) =>
  y.svc(ns, host, '[{port: 80}]') + vs(host, route(host, ', subset: v1'), ns)
const edge = (ns: string, host: string) =>
  vs(
    'edge',
    `  hosts: [shop.example.com]\n  gateways: [web]\n  http: [{route: [{destination: {host: ${host}}}]}]\n`,
    ns,
  )

analyzerTable(destinationHostAnalyzer, [
  {
    name: 'service in the same namespace',
    yaml: y.svc('shop', 'catalog', '[{port: 80}]') + vs('catalog', route('catalog')),
    expect: [],
  },
  {
    name: 'missing host',
    yaml: vs('catalog', route('catalog')),
    expect: ['IST0101 VirtualService shop/catalog'],
  },
  {
    name: 'service in another namespace by FQDN',
    yaml: y.svc('other', 'catalog', '[{port: 80}]') + vs('catalog', route('catalog.other.svc.cluster.local')),
    expect: [],
  },
  {
    name: 'short name does not cross namespaces',
    yaml: y.svc('other', 'catalog', '[{port: 80}]') + vs('catalog', route('catalog')),
    expect: ['IST0101 VirtualService shop/catalog'],
  },
  {
    name: 'service exported only to its namespace',
    yaml:
      y.svc(
        'other',
        'catalog',
        '[{port: 80}]',
        'app: catalog',
        ', annotations: {networking.istio.io/exportTo: "."}',
      ) + vs('catalog', route('catalog.other.svc.cluster.local')),
    expect: ['IST0101 VirtualService shop/catalog'],
  },
  {
    name: 'several ports and none chosen',
    yaml: y.svc('shop', 'catalog', '[{port: 80}, {port: 443}]') + vs('catalog', route('catalog')),
    expect: ['IST0112 VirtualService shop/catalog'],
  },
  {
    name: 'a port the service does not have',
    yaml: y.svc('shop', 'catalog', '[{port: 80}]') + vs('catalog', route('catalog', ', port: {number: 99}')),
    expect: ['IST0101 VirtualService shop/catalog'],
  },
  {
    name: 'wildcard ServiceEntry covers the host',
    yaml:
      `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: shop}
spec: {hosts: ["*.example.com"], ports: [{number: 443, name: https, protocol: HTTPS}], resolution: DNS}
` + vs('api', route('api.example.com')),
    expect: [],
  },
  {
    name: 'missing mirror host',
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}]') +
      vs('catalog', route('catalog') + '    mirror: {host: shadow}\n'),
    expect: ['IST0101 VirtualService shop/catalog'],
  },
  {
    name: 'every route and mirror host, at its line',
    yaml:
      y.svc('shop', 'catalog', '[{port: 80}, {port: 443}]') +
      vs(
        'all',
        `  hosts: [all]
  tcp: [{route: [{destination: {host: tcp-gone}}]}]
  tls: [{match: [{sniHosts: [all]}], route: [{destination: {host: tls-gone}}]}]
  http:
  - route:
    - destination: {host: catalog}
    - destination: {host: catalog, port: {number: 8080}}
    - destination: {host: catalog, port: {number: 443}}
    - destination: {}
    - {}
    mirror: {host: mirror-gone}
    mirrors: [{destination: {host: mirrors-gone}}, {}]
`,
      ),
    expect: [...Array(8).fill('IST0101 VirtualService shop/all'), 'IST0112 VirtualService shop/all'],
    lines: [
      'Error [IST0101] (VirtualService shop/all test.yaml:14) Referenced host not found: "tcp-gone"',
      'Error [IST0101] (VirtualService shop/all test.yaml:15) Referenced host not found: "tls-gone"',
      'Error [IST0112] (VirtualService shop/all test.yaml:18) This VirtualService routes to a service "catalog" that exposes multiple ports [80 443]. Specifying a port in the destination is required to disambiguate.',
      'Error [IST0101] (VirtualService shop/all test.yaml:19) Referenced host:port not found: "catalog:8080"',
      'Error [IST0101] (VirtualService shop/all test.yaml:9) Referenced host not found: ""',
      'Error [IST0101] (VirtualService shop/all test.yaml:9) Referenced host not found: ""',
      'Error [IST0101] (VirtualService shop/all test.yaml:23) Referenced mirror host not found: "mirror-gone"',
      'Error [IST0101] (VirtualService shop/all test.yaml:24) Referenced mirror host not found: "mirrors-gone"',
      'Error [IST0101] (VirtualService shop/all test.yaml:9) Referenced mirror host not found: ""',
    ],
  },
  {
    name: 'IST0140: a gateway route without subset beside subset routing in its namespace',
    yaml: mesh('shop', 'catalog') + edge('shop', 'catalog'),
    expect: ['IST0140 VirtualService shop/edge'],
  },
  {
    // istioctl compares `catalog` as a string across namespaces: 2×2 findings (deviation ist0140-resolved-hosts)
    name: 'IST0140: short hosts resolve per namespace, one finding each, not N×N',
    yaml: mesh('a', 'catalog') + edge('a', 'catalog') + mesh('b', 'catalog') + edge('b', 'catalog'),
    expect: ['IST0140 VirtualService a/edge', 'IST0140 VirtualService b/edge'],
  },
  {
    name: 'IST0140: only gateway-bound VirtualServices, and their routes without a subset',
    yaml:
      mesh('shop', 'catalog') +
      vs('other', route('catalog').replace('  http:\n', '  http:\n  - ~\n')) +
      vs(
        'edge',
        `  hosts: [shop.example.com]\n  gateways: [web]\n  http: [~, {route: [{destination: {host: catalog, subset: v1}}, {}]}]\n`,
      ),
    expect: ['IST0101 VirtualService shop/edge'],
  },
  {
    name: 'IST0140 at the route host, naming both VirtualServices',
    yaml: mesh('shop', 'catalog') + edge('shop', 'catalog'),
    expect: ['IST0140 VirtualService shop/edge'],
    lines: [
      'Warning [IST0140] (VirtualService shop/edge test.yaml:24) Subset in virtual service shop/catalog has no effect on ingress gateway shop/edge requests',
    ],
  },
  {
    name: 'IST0140: a short host in another namespace is another service',
    yaml: mesh('a', 'catalog') + y.svc('b', 'catalog', '[{port: 80}]') + edge('b', 'catalog'),
    expect: [],
  },
  {
    name: 'IST0140: an FQDN reaches the subset routing of another namespace',
    yaml: mesh('a', 'catalog') + edge('b', 'catalog.a.svc.cluster.local'),
    expect: ['IST0140 VirtualService b/edge'],
  },
])

const dr = (host: string, subsets: string, ns = 'shop') => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${host.split('.')[0]}, namespace: ${ns}}
spec: {host: ${host}, subsets: [${subsets}]}
`

analyzerTable(destinationRuleAnalyzer, [
  {
    name: 'subset defined',
    yaml: dr('catalog', '{name: v1}') + vs('catalog', route('catalog', ', subset: v1')),
    expect: [],
  },
  {name: 'no subset used', yaml: vs('catalog', route('catalog')), expect: []},
  {
    name: 'subset not defined',
    yaml: dr('catalog', '{name: v2}') + vs('catalog', route('catalog', ', subset: v1')),
    expect: ['IST0101 VirtualService shop/catalog'],
  },
  {
    name: 'route, mirror and mirrors subsets, at their lines; null rules are empty',
    yaml:
      dr('catalog', '{name: v1}') +
      vs(
        'catalog',
        `  hosts: [catalog]
  http:
  - ~
  - route: [{destination: {host: catalog, subset: v2}}]
    mirror: {host: catalog, subset: v3}
    mirrors: [{destination: {host: catalog, subset: v1}}, {destination: {host: catalog, subset: v4}}]
`,
      ),
    expect: Array(3).fill('IST0101 VirtualService shop/catalog'),
    lines: [
      'Error [IST0101] (VirtualService shop/catalog test.yaml:14) Referenced host+subset in destinationrule not found: "catalog+v2"',
      'Error [IST0101] (VirtualService shop/catalog test.yaml:15) Referenced mirror+subset in destinationrule not found: "catalog+v3"',
      'Error [IST0101] (VirtualService shop/catalog test.yaml:16) Referenced mirror+subset in destinationrule not found: "catalog+v4"',
    ],
  },
  {
    name: 'DestinationRule in another namespace by FQDN',
    yaml:
      dr('catalog.other.svc.cluster.local', '{name: v1}', 'other') +
      vs('catalog', route('catalog.other.svc.cluster.local', ', subset: v1')),
    expect: [],
  },
])

const gw = (name: string, hosts: string, ns = 'shop', selector = 'istio: ingressgateway') => `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {${selector}}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [${hosts}]}]
`
const bound = (gateways: string, hosts = 'shop.example.com') =>
  vs(
    'front',
    `  hosts: [${hosts}]\n  gateways: [${gateways}]\n  http: [{route: [{destination: {host: catalog}}]}]\n`,
  )

analyzerTable(gatewayAnalyzer, [
  {
    name: 'gateway exists and serves the host',
    yaml: gw('web', '"shop.example.com"') + bound('web'),
    expect: [],
  },
  {name: 'gateway in another namespace', yaml: gw('web', '"*"', 'edge') + bound('edge/web'), expect: []},
  {name: 'mesh gateway is skipped', yaml: bound('mesh'), expect: []},
  {
    name: 'gateway missing (and so no host served)',
    yaml: bound('web'),
    expect: ['IST0101 VirtualService shop/front', 'IST0132 VirtualService shop/front'],
  },
  {
    name: 'host not served by the gateway',
    yaml: gw('web', '"other.example.com"') + bound('web'),
    expect: ['IST0132 VirtualService shop/front'],
  },
  {
    name: 'namespaced gateway host visible here',
    yaml: gw('web', '"shop/*.example.com"') + bound('web'),
    expect: [],
  },
  {
    name: 'namespaced gateway host for another namespace',
    yaml: gw('web', '"pay/*"') + bound('web'),
    expect: ['IST0132 VirtualService shop/front'],
  },
  // a server host's namespace part: `.` is the gateway's namespace, `*` any; `*/*` serves everything
  ...(
    [
      ['"./shop.example.com"', 'shop', []],
      ['"./shop.example.com"', 'edge', ['IST0132 VirtualService shop/front']],
      ['"*/shop.example.com"', 'edge', []],
      ['"*/other.example.com"', 'edge', ['IST0132 VirtualService shop/front']],
      ['"*/*"', 'edge', []],
      ['"pay/x.example.com", "*/*"', 'edge', []],
      ['"*/*.example.com"', 'edge', []],
    ] as const
  ).map(([hosts, ns, expect]) => ({
    name: `server hosts [${hosts}] of a gateway in ${ns}`,
    yaml: gw('web', hosts, ns) + bound(`${ns}/web`),
    expect: [...expect],
  })),
  {
    name: 'findings at the gateway reference; a name with a namespace part',
    yaml:
      gw('web', '"other.example.com"') +
      vs(
        'front',
        `  hosts: [shop.example.com]
  gateways:
  - mesh
  - web
  - missing
  - shop/x~istio-autogenerated-k8s-gateway~0
  - x~istio-autogenerated-k8s-gateway~0/web
  http: [{route: [{destination: {host: catalog}}]}]
`,
      ),
    expect: [
      'IST0132 VirtualService shop/front',
      'IST0101 VirtualService shop/front',
      'IST0132 VirtualService shop/front',
      'IST0165 VirtualService shop/front',
      'IST0101 VirtualService shop/front',
      'IST0132 VirtualService shop/front',
    ],
    lines: [
      'Warning [IST0132] (VirtualService shop/front test.yaml:16) one or more host [shop.example.com] defined in VirtualService shop/front not found in Gateway shop/web.',
      'Error [IST0101] (VirtualService shop/front test.yaml:17) Referenced gateway not found: "missing"',
      'Warning [IST0132] (VirtualService shop/front test.yaml:17) one or more host [shop.example.com] defined in VirtualService shop/front not found in Gateway shop/missing.',
      'Warning [IST0165] (VirtualService shop/front test.yaml:18) Gateway reference in VirtualService shop/front is to an implementation-generated internal Gateway: shop/x~istio-autogenerated-k8s-gateway~0.',
      'Error [IST0101] (VirtualService shop/front test.yaml:19) Referenced gateway not found: "x~istio-autogenerated-k8s-gateway~0/web"',
      'Warning [IST0132] (VirtualService shop/front test.yaml:19) one or more host [shop.example.com] defined in VirtualService shop/front not found in Gateway x~istio-autogenerated-k8s-gateway~0/web.',
    ],
  },
  {
    name: 'a VirtualService without hosts',
    yaml:
      gw('web', '"*"') +
      vs('front', '  gateways: [web]\n  http: [{route: [{destination: {host: catalog}}]}]\n'),
    expect: ['IST0132 VirtualService shop/front'],
    lines: [
      'Warning [IST0132] (VirtualService shop/front test.yaml:13) one or more host [] defined in VirtualService shop/front not found in Gateway shop/web.',
    ],
  },
  {
    name: 'internal gateway reference',
    yaml: bound('shop/web-istio-autogenerated-k8s-gateway~istio-autogenerated-k8s-gateway~0'),
    expect: ['IST0165 VirtualService shop/front'],
  },
])

const meshVs = (name: string, hosts: string, extra = '', ns = 'shop') =>
  vs(name, `  hosts: [${hosts}]\n${extra}  http: [{route: [{destination: {host: catalog}}]}]\n`, ns)

analyzerTable(conflictingMeshGatewayHostsAnalyzer, [
  {name: 'distinct hosts', yaml: meshVs('a', 'catalog') + meshVs('b', 'cart'), expect: []},
  {
    name: 'same host twice',
    yaml: meshVs('a', 'catalog') + meshVs('b', 'catalog'),
    expect: ['IST0109 VirtualService shop/a', 'IST0109 VirtualService shop/b'],
  },
  {
    name: 'short and full name of one host',
    yaml: meshVs('a', 'catalog') + meshVs('b', 'catalog.shop.svc.cluster.local'),
    expect: ['IST0109 VirtualService shop/a', 'IST0109 VirtualService shop/b'],
  },
  {
    name: 'bound to a gateway only: not the mesh',
    yaml: meshVs('a', 'catalog') + meshVs('b', 'catalog', '  gateways: [web]\n'),
    expect: [],
  },
  {
    name: 'exported to different namespaces',
    yaml:
      meshVs('a', 'catalog', '  exportTo: ["."]\n') +
      meshVs('b', 'catalog.shop.svc.cluster.local', '  exportTo: [pay]\n'),
    expect: [],
  },
  {
    name: 'a local one conflicts with one exported everywhere',
    yaml: meshVs('a', 'catalog', '  exportTo: ["."]\n') + meshVs('b', 'catalog.shop.svc.cluster.local'),
    expect: ['IST0109 VirtualService shop/a', 'IST0109 VirtualService shop/b'],
  },
  // a local host against hosts exported everywhere, through wildcards either way (indexed by suffix)
  ...[
    ['api.example.com', '"*.example.com"', true],
    ['api.example.com', '"*"', true],
    ['api.example.com', '"*.other.com"', false],
    ['"*.example.com"', 'api.example.com', true],
    ['"*.example.com"', 'example.org', false],
    ['"*.api.example.com"', '"*.example.com"', true],
    ['"*.example.com"', '"*.api.example.com"', true],
    ['"*.example.com"', '"*.example.org"', false],
    // a plain host matches only itself, not a host it ends or starts
    ['xpi.example.com', 'api.example.com', false],
    ['x.api.example.com', 'api.example.com', false],
    ['example.com', 'api.example.com', false],
    ['api.example.com', 'example.com', false],
  ].map(([local, exported, conflict]) => ({
    name: `local ${local} against exported ${exported}`,
    yaml: meshVs('a', local as string, '  exportTo: ["."]\n') + meshVs('b', exported as string, '', 'pay'),
    expect: conflict ? ['IST0109 VirtualService pay/b', 'IST0109 VirtualService shop/a'] : [],
  })),
  {
    // the exported hosts are indexed by their reversed text: found whatever order they come in
    name: 'a local wildcard among many exported hosts',
    yaml:
      meshVs('a', '"*.example.com"', '  exportTo: ["."]\n') +
      ['z.example.com', 'b.example.org', 'a.example.com', 'example.com', 'c.example.net', 'y.other.com']
        .map((h, i) => meshVs(`e${i}`, h, '', 'pay'))
        .join(''),
    expect: [
      'IST0109 VirtualService shop/a',
      'IST0109 VirtualService pay/e0',
      'IST0109 VirtualService pay/e2',
    ],
    lines: [
      'Error [IST0109] (VirtualService shop/a test.yaml:4) The VirtualServices pay/e0,pay/e2,shop/a associated with mesh gateway define the same host shop/*.example.com which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
      'Error [IST0109] (VirtualService pay/e0 test.yaml:12) The VirtualServices pay/e0,pay/e2,shop/a associated with mesh gateway define the same host shop/*.example.com which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
      'Error [IST0109] (VirtualService pay/e2 test.yaml:26) The VirtualServices pay/e0,pay/e2,shop/a associated with mesh gateway define the same host shop/*.example.com which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
    ],
  },
  {
    name: 'two shared hosts: each VirtualService is reported once',
    yaml: meshVs('a', 'catalog, cart') + meshVs('b', 'catalog, cart'),
    expect: ['IST0109 VirtualService shop/a', 'IST0109 VirtualService shop/b'],
  },
  {
    name: 'VirtualServices without hosts',
    yaml: meshVs('a', '').replace('  hosts: []\n', '') + meshVs('b', '').replace('  hosts: []\n', ''),
    expect: [],
  },
])

const ra = (ns: string, selector: string) => `---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: ${ns}}
spec:
  selector: {matchLabels: {${selector}}}
  jwtRules: [{issuer: me, jwksUri: "https://example.com/jwks"}]
`
const claimVs = vs(
  'claims',
  `  hosts: ["shop.example.com"]
  gateways: [web]
  http:
  - match: [{headers: {"@request.auth.claims.group": {exact: admin}}}]
    route: [{destination: {host: catalog}}]
`,
)
const gwPod = y.pod('istio-system', 'ingress-1', 'istio: ingressgateway')

analyzerTable(jwtClaimRouteAnalyzer, [
  {
    name: 'RequestAuthentication on the gateway pod',
    yaml: gw('web', '"*"') + gwPod + ra('istio-system', 'istio: ingressgateway') + claimVs,
    expect: [],
  },
  {
    name: 'no RequestAuthentication',
    yaml: gw('web', '"*"') + gwPod + claimVs,
    expect: ['IST0149 VirtualService shop/claims'],
  },
  {
    name: 'RequestAuthentication selecting other pods',
    yaml: gw('web', '"*"') + gwPod + ra('istio-system', 'app: other') + claimVs,
    expect: ['IST0149 VirtualService shop/claims'],
  },
  {name: 'no claim routing', yaml: gw('web', '"*"') + gwPod + bound('web', '"shop.example.com"'), expect: []},
  {
    name: 'a RequestAuthentication without a selector applies to every pod of its namespace',
    yaml:
      gw('web', '"*"') +
      gwPod +
      ra('istio-system', '').replace('  selector: {matchLabels: {}}\n', '') +
      claimVs,
    expect: [],
  },
  {
    name: "istio-system's RequestAuthentications apply to gateway pods of other namespaces",
    yaml:
      gw('web', '"*"', 'shop', 'istio: edge') +
      y.pod('edge', 'edge-1', 'istio: edge') +
      ra('istio-system', 'istio: edge') +
      claimVs,
    expect: [],
  },
  {
    name: 'only the pods the gateway selects are checked',
    yaml:
      gw('web', '"*"') +
      gwPod +
      y.pod('shop', 'web-1', 'app: web') +
      ra('istio-system', 'istio: ingressgateway') +
      claimVs,
    expect: [],
  },
  {
    name: 'the mesh gateway and missing gateways are skipped',
    yaml: gw('mesh', '"*"') + gwPod + claimVs.replace('gateways: [web]', 'gateways: [mesh, missing]'),
    expect: [],
  },
])

describe('isClaimHeader (istio jwt.ToRoutingClaim)', () => {
  const cases: [string, boolean][] = [
    ['@request.auth.claims.sub', true],
    ['@REQUEST.AUTH.CLAIMS.sub', true],
    ['@request.auth.claims.a', true],
    ['@request.auth.claims[a][b]', true],
    ['@request.auth.claims[a]', true],
    ['@request.auth.claims', false],
    ['@request.auth.claims.', false],
    ['@request.auth.claims[]', false],
    ['@request.auth.claims[ab', false],
    ['@request.auth.claimsab]', false],
    ['@request.auth.claims]a[', false],
    ['@request.auth.claimsx', false],
    ['x-@request.auth.claims.sub', false],
    ['abcdefghijklmnopqrst.sub', false],
  ]
  for (const [name, claim] of cases)
    it(`${name}: ${claim}`, () => expect(isClaimHeader(name)).to.equal(claim))
})
