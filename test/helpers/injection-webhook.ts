/**
 * A stand-in for istiod's injection webhook in tests: an HTTPS server on a free loopback port whose
 * certificate (for `istiod.istio-system.svc` unless told) is signed by a CA of its own, answering each
 * AdmissionReview with `answer(request)`. Map the istiod pod's port 15017 to it with `sim.portForward`.
 */
import {createServer, type Server} from 'node:https'
import type {AddressInfo} from 'node:net'
import forge from 'node-forge'
import type {KObj} from '../kube-sim/index.js'
import {certificate, keyPair} from '../kube-sim/tls.js'

/** A CA and a server certificate for `name` signed by it (PEM). */
export function webhookPki(name: string): {ca: string; cert: string; key: string} {
  const ca = keyPair()
  const subject = [{name: 'commonName', value: `${name}-ca`}]
  const caCert = certificate(subject, ca.publicKey, {subject, key: ca.forgeKey}, [
    {name: 'basicConstraints', cA: true, critical: true},
    {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
  ])
  const server = keyPair()
  const cert = certificate(
    [{name: 'commonName', value: name}],
    server.publicKey,
    {subject, key: ca.forgeKey},
    [
      {name: 'basicConstraints', cA: false},
      {name: 'extKeyUsage', serverAuth: true},
      {name: 'subjectAltName', altNames: [{type: 2, value: name}]},
    ],
  )
  return {ca: forge.pki.certificateToPem(caCert), cert: forge.pki.certificateToPem(cert), key: server.pem}
}

export type Review = Record<string, any>

export interface WebhookServer {
  server: Server
  port: number
  /** The CA to put in the webhook's caBundle, and the server's certificate and key (PEM). */
  ca: string
  cert: string
  key: string
  /** Every review received, with the request path. */
  reviews: Review[]
  close(): Promise<void>
}

/** `answer` returns the AdmissionReview response, or a number for a bare HTTP error status. */
export async function startWebhookServer(
  answer: (review: Review) => Review | number,
  name = 'istiod.istio-system.svc',
): Promise<WebhookServer> {
  const pki = webhookPki(name)
  const reviews: Review[] = []
  const server = createServer({cert: pki.cert, key: pki.key}, (req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const review = JSON.parse(body) as Review
      reviews.push({path: req.url, ...review})
      const response = answer(review)
      if (typeof response === 'number') {
        res.writeHead(response).end('boom\n')
        return
      }
      res
        .writeHead(200, {'content-type': 'application/json'})
        .end(JSON.stringify({apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    server,
    port: (server.address() as AddressInfo).port,
    ...pki,
    reviews,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** The objects that make istiod's webhook findable: its MutatingWebhookConfiguration, Service and pod. */
export function webhookObjects(opts: {
  revision: string
  caPem: string
  namespace?: string
  service?: string
  configName?: string
}): object[] {
  const ns = opts.namespace ?? 'istio-system'
  const svc = opts.service ?? 'istiod'
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: svc, namespace: ns},
      spec: {
        selector: {app: svc},
        ports: [
          {name: 'https-webhook', port: 443, targetPort: 15017},
          {name: 'grpc-xds', port: 15010},
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `${svc}-1`, namespace: ns, labels: {app: svc}},
      spec: {containers: [{name: 'discovery', image: 'pilot:1.30.3'}]},
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: {name: opts.configName ?? 'istio-sidecar-injector', labels: {'istio.io/rev': opts.revision}},
      webhooks: [
        {
          name: 'namespace.sidecar-injector.istio.io',
          clientConfig: {
            service: {name: svc, namespace: ns, path: '/inject', port: 443},
            caBundle: Buffer.from(opts.caPem).toString('base64'),
          },
          // only namespaces that ask for it: the simulator's own admission must not inject istiod's pod
          namespaceSelector: {matchLabels: {'istio-injection': 'enabled'}},
          rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}],
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    },
  ]
}

/**
 * The namespace and the revision's `istio-sidecar-injector` and `istio` ConfigMaps, as an install leaves
 * them: where kube-inject reads its configuration from the cluster.
 */
export function injectionConfigMaps(
  cfg: {injectConfig: string; values: string; mesh: string},
  opts: {namespace?: string; revision?: string} = {},
): KObj[] {
  const namespace = opts.namespace ?? 'istio-system'
  const suffix = opts.revision && opts.revision !== 'default' ? `-${opts.revision}` : ''
  const configMap = (name: string, data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name: name + suffix, namespace},
    data,
  })
  return [
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}},
    configMap('istio-sidecar-injector', {config: cfg.injectConfig, values: cfg.values}),
    configMap('istio', {mesh: cfg.mesh}),
  ]
}
