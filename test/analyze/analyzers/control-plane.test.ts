import {expect} from 'chai'
import {blockedCidrsAnalyzer} from '../../../src/lib/analyze/analyzers/authn/blocked-cidrs.js'
import {externalControlPlaneAnalyzer} from '../../../src/lib/analyze/analyzers/externalcontrolplane/external-control-plane.js'
import {goUrlHostname} from '../../../src/lib/analyze/analyzers/externalcontrolplane/go-url.js'
import {
  crdVersionAnalyzer,
  parseBundleVersion,
} from '../../../src/lib/analyze/analyzers/k8sgateway/crd-version.js'
import {analyzerTable, findingsOf} from '../helpers.js'

const webhooks = (kind: string, name: string, clientConfigs: string[]) => `---
apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}WebhookConfiguration
metadata: {name: ${name}}
webhooks:
${clientConfigs.map((c, i) => `- {name: hook${i}.istio.io, clientConfig: ${c}}`).join('\n')}
`
const svc = '{service: {name: istiod, namespace: istio-system}}'

analyzerTable(externalControlPlaneAnalyzer, [
  {
    name: 'in-cluster services and host-name URLs',
    yaml:
      webhooks('Validating', 'istio-validator-istio-system', [svc]) +
      webhooks('Mutating', 'istio-sidecar-injector', ['{url: "https://istiod.example.com:15017/inject"}']),
    expect: [],
  },
  {
    name: 'webhooks left empty or without a client config',
    yaml: `---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector}
webhooks:
- ~
- {name: a.istio.io}
`,
    expect: [
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector',
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector',
    ],
  },
  {
    name: 'neither URL nor service',
    yaml:
      webhooks('Validating', 'istiod-default-validator', ['{}']) +
      webhooks('Mutating', 'istio-sidecar-injector-canary', ['{}', svc]),
    expect: [
      'IST0163 ValidatingWebhookConfiguration istiod-default-validator',
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector-canary',
    ],
  },
  {
    name: 'IP address URLs (IPv4 and IPv6)',
    yaml: webhooks('Mutating', 'istio-sidecar-injector', [
      '{url: "https://1.1.1.1:5100/inject"}',
      '{url: "https://[2001:db8::1]/inject"}',
    ]),
    expect: [
      'IST0164 MutatingWebhookConfiguration istio-sidecar-injector',
      'IST0164 MutatingWebhookConfiguration istio-sidecar-injector',
    ],
  },
  {
    name: 'URL that does not parse',
    yaml: webhooks('Validating', 'istio-validator', ['{url: "https://istiod:port/validate"}']),
    expect: ['IST0163 ValidatingWebhookConfiguration istio-validator'],
  },
  {
    name: "other products' webhooks are not Istio's",
    yaml:
      webhooks('Validating', 'cert-manager-webhook', ['{}']) +
      webhooks('Mutating', 'linkerd-injector', ['{}']),
    expect: [],
  },
])

describe('externalcontrolplane message text', () => {
  it('names the URL, the webhook and the problem', () => {
    const [blank, bad] = findingsOf(
      externalControlPlaneAnalyzer,
      webhooks('Validating', 'istio-validator', ['{}', '{url: "https://h:x/"}']),
    )
    expect(blank.message).to.equal(
      'The hostname () that was provided for the webhook (hook0.istio.io) to reach the ingress gateway on the ' +
        'external control plane cluster is blank. Traffic may not flow properly.',
    )
    expect(bad.message).to.contain('(https://h:x/)').and.contain('was provided in an invalid format')
  })
})

// Expectations from Go's net/url (go1.2x url.Parse + Hostname, net.ParseIP), which istioctl uses.
describe("goUrlHostname (Go's url.Parse host)", () => {
  const cases: [string, string | undefined][] = [
    ['https://test.com:15017/validate', 'test.com'],
    ['https://1.1.1.1:5100/inject', '1.1.1.1'],
    ['https://[2001:db8::1]:443/inject', '2001:db8::1'],
    ['https://[fe80::1%25eth0]:443/inject', 'fe80::1%eth0'],
    ['test.com', ''],
    ['test.com:15017/validate', ''],
    ['//10.0.0.1/x', '10.0.0.1'],
    ['///10.0.0.1/x', ''],
    ['mailto:someone@1.2.3.4', ''],
    ['https://host:/', 'host'],
    ['https://user@10.0.0.1/', '10.0.0.1'],
    ['http://a@b@10.0.0.1/', '10.0.0.1'],
    ['https://a%25b/', 'a%b'],
    ['https://h?x=%zz', 'h'],
    ['*', ''],
    [':foo', undefined],
    ['1.2.3.4:443', undefined],
    ['https://host:abc/', undefined],
    ['https://ho st/', undefined],
    ['https://us er@10.0.0.1/', undefined],
    ['https://a%zzb/', undefined],
    ['https://a%41b/', undefined],
    ['https://[::1/', undefined],
    ['https://h/p%zz', undefined],
    ['https://h/p#frag%zz', undefined],
    ['https://h{x}/', undefined],
    ['https://h/\x01', undefined],
    // checked with go1.26 url.Parse (istioctl 1.30.3's Go)
    ['#a:b', ''],
    ['https://h#x', 'h'],
    ['https://h?%zz#x', 'h'],
    ['https://h?a%#1', 'h'],
    ['//h/a:b', 'h'],
    ['https://h', 'h'],
    ['?a:b', ''],
    ['mailto:a:b', ''],
    ['mailto:%zz', ''],
    ['/ho st', ''],
    ['/a b', ''],
    ['//h///', 'h'],
    ['https://u@[::1]/', '::1'],
    ['https://@h/', 'h'],
    ['https://[::1]:80/', '::1'],
    ['https://:80/', ''],
    ['https://a]/', 'a]'],
    ['https://%C3%A9/', 'é'],
    ['https://%C4%80/', 'Ā'],
    ['https://é/', 'é'],
    ['https://\u0080/', '\u0080'],
    ['https://%C3/', '\ufffd'],
    ['HTTP://H/', 'H'],
    ['a+b.c-d://h/', 'h'],
    ['', ''],
    ['*#x', ''],
    ['https://h/\x7f', undefined],
    ['https://[::1]x:80/', undefined],
    ['https://[::1]x/', undefined],
    ['https://:x/', undefined],
    ['https://h/a%4g', undefined],
    ['https://h/%4', undefined],
    ['https://h:80#%zz', undefined],
    [':', undefined],
    [':/foo', undefined],
    ['1a://h/', undefined],
  ]
  for (const [url, host] of cases)
    it(`${JSON.stringify(url)} -> ${host === undefined ? 'parse error' : JSON.stringify(host)}`, () =>
      expect(goUrlHostname(url)).to.equal(host))
})

const istiod = (env: string, name = 'istiod', ns = 'istio-system', app = 'istiod') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${app}}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: discovery, image: pilot, env: [${env}]}]
      initContainers: [{name: init, image: pilot, env: [{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: 10.0.0.0/8}]}]
`
const ra = (name: string, ns = 'shop') => `---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec: {jwtRules: [{issuer: "https://issuer.example.com"}]}
`
const blocked = '{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: "169.254.0.0/16"}'

analyzerTable(blockedCidrsAnalyzer, [
  {name: 'variable set', yaml: ra('jwt') + istiod(blocked), expect: []},
  {name: 'no RequestAuthentication', yaml: istiod(''), expect: []},
  {
    name: 'variable missing (init containers do not count)',
    yaml: ra('jwt') + istiod('{name: PILOT_ENABLE_ANALYSIS, value: "true"}'),
    expect: ['IST0175 Deployment istio-system/istiod'],
  },
  {
    name: 'variable empty, on every istiod; other deployments ignored',
    yaml:
      ra('jwt') +
      istiod('{name: BLOCKED_CIDRS_IN_JWKS_URIS, value: ""}') +
      istiod('', 'istiod-canary') +
      istiod('', 'web', 'shop', 'web'),
    expect: ['IST0175 Deployment istio-system/istiod', 'IST0175 Deployment istio-system/istiod-canary'],
  },
  {
    name: 'set in any one container; empty containers and entries',
    yaml:
      ra('jwt') +
      istiod(blocked).replace(
        'containers: [{name: discovery, image: pilot, env: [',
        'containers: [~, {name: side, image: x}, {name: discovery, image: pilot, env: [~, ',
      ),
    expect: [],
  },
  {
    name: 'an istiod without a template',
    yaml:
      ra('jwt') +
      `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
spec: {selector: {matchLabels: {app: istiod}}}
`,
    expect: ['IST0175 Deployment istio-system/istiod'],
  },
])

describe('authn.BlockedCIDRsAnalyzer message text', () => {
  it('lists five RequestAuthentications whole', () => {
    const yaml = ['a', 'b', 'c', 'd', 'e'].map((n) => ra(n)).join('') + istiod('')
    const [f] = findingsOf(blockedCidrsAnalyzer, yaml)
    expect(f.message).to.contain(
      '5 RequestAuthentication resource(s) exist (shop/a, shop/b, shop/c, shop/d, shop/e).',
    )
  })
  it('counts the RequestAuthentications and lists the first five', () => {
    const yaml = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => ra(n)).join('') + istiod('')
    const [f] = findingsOf(blockedCidrsAnalyzer, yaml)
    expect(f.message).to.equal(
      'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 7 RequestAuthentication resource(s) exist ' +
        '(shop/a, shop/b, shop/c, shop/d, shop/e, and 2 more). Consider configuring it to restrict JWKS URI ' +
        'fetches to trusted networks.',
    )
  })
})

const crd = (plural: string, version?: string) => `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.gateway.networking.k8s.io
${version === undefined ? '' : `  annotations: {gateway.networking.k8s.io/bundle-version: "${version}"}\n`}spec: {group: gateway.networking.k8s.io}
`

analyzerTable(crdVersionAnalyzer, [
  {
    name: 'CRDs at or over their minimum',
    yaml: crd('tlsroutes', 'v1.5.0') + crd('grpcroutes', 'v1.1.0') + crd('backendtlspolicies', 'v1.10.0'),
    expect: [],
  },
  {
    name: 'CRDs below their minimum',
    yaml: crd('tlsroutes', 'v1.4.1') + crd('backendtlspolicies', 'v1.3.0'),
    expect: [
      'IST0176 CustomResourceDefinition tlsroutes.gateway.networking.k8s.io',
      'IST0176 CustomResourceDefinition backendtlspolicies.gateway.networking.k8s.io',
    ],
  },
  {
    name: 'a release candidate of the minimum counts as the minimum',
    yaml: crd('tlsroutes', 'v1.5.0-rc.1'),
    expect: [],
  },
  {
    name: 'no minimum for the CRD, no annotation, or no version in it',
    yaml: crd('httproutes', 'v0.1.0') + crd('tlsroutes') + crd('grpcroutes', 'latest'),
    expect: [],
  },
])

describe('k8sgateway.CRDVersionAnalyzer versions', () => {
  it('prints the installed version without its v, and the minimum', () => {
    const [f] = findingsOf(crdVersionAnalyzer, crd('tlsroutes', 'v1.4'))
    expect(f.message).to.contain('is at version "1.4.0" but Istio requires at least "1.5.0"')
  })

  // Expectations from github.com/Masterminds/semver/v3 v3.5.0 NewVersion + String, which istioctl uses.
  const cases: [string, string | undefined][] = [
    ['v1.4.1', '1.4.1'],
    ['1.4', '1.4.0'],
    ['v1', '1.0.0'],
    ['v1.4.1-rc.1+build.5', '1.4.1-rc.1+build.5'],
    ['01.4.1', '1.4.1'],
    ['1.5.0-01', undefined],
    ['v1.4.1.2', undefined],
    ['1.4.1-', undefined],
    ['1.4.x', undefined],
    ['1.5.0-0', '1.5.0-0'],
    ['1.5.0-012', undefined],
    ['1.5.0-rc.01', undefined],
    ['1.5.0-x01', '1.5.0-x01'],
    ['1.5.0-01a', '1.5.0-01a'],
  ]
  for (const [text, canonical] of cases)
    it(`${text} -> ${canonical ?? 'not a version'}`, () =>
      expect(parseBundleVersion(text)?.canonical).to.equal(canonical))
})
