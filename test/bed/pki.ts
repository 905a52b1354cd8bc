/**
 * The bed's PKI, made fresh for each start: one CA that signs the API server's serving certificate, the
 * API server's client certificates (to kubelets and, as front proxy, to aggregated APIs), kwok's kubelet
 * serving certificate, and the service-account signing key pair.
 */
import {generateKeyPairSync} from 'node:crypto'
import forge from 'node-forge'
import {certificate, keyPair} from '../kube-sim/tls.js'

export interface BedPki {
  caCertPem: string
  caKeyPem: string
  serverCertPem: string
  serverKeyPem: string
  /** kube-apiserver → kubelet (kwok) client certificate. */
  kubeletClientCertPem: string
  kubeletClientKeyPem: string
  /** kube-apiserver → aggregated API servers (front proxy, CN front-proxy-client). */
  proxyClientCertPem: string
  proxyClientKeyPem: string
  /** kwok's kubelet server. */
  kubeletServingCertPem: string
  kubeletServingKeyPem: string
  saPublicPem: string
  saPrivatePem: string
}

const leaf = (usage: 'serverAuth' | 'clientAuth', altNames?: object[]) => [
  {name: 'basicConstraints', cA: false},
  {name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
  {name: 'extKeyUsage', [usage]: true},
  ...(altNames ? [{name: 'subjectAltName', altNames}] : []),
]

const ip = (a: string) => ({type: 7, ip: a})
const dns = (d: string) => ({type: 2, value: d})

export function makeBedPki(): BedPki {
  const ca = keyPair()
  const caSubject = [{name: 'commonName', value: 'meshctl-testbed-ca'}]
  const caCert = certificate(caSubject, ca.publicKey, {subject: caSubject, key: ca.forgeKey}, [
    {name: 'basicConstraints', cA: true, critical: true},
    {name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
  ])
  const issuer = {subject: caSubject, key: ca.forgeKey}
  const issue = (cn: string, org: string | undefined, ext: object[]) => {
    const k = keyPair()
    const subject = [
      {name: 'commonName', value: cn},
      ...(org ? [{name: 'organizationName', value: org}] : []),
    ]
    return {cert: forge.pki.certificateToPem(certificate(subject, k.publicKey, issuer, ext)), key: k.pem}
  }
  const server = issue(
    'kube-apiserver',
    undefined,
    leaf('serverAuth', [
      ip('127.0.0.1'),
      ip('10.96.0.1'),
      dns('localhost'),
      dns('kubernetes'),
      dns('kubernetes.default'),
      dns('kubernetes.default.svc'),
      dns('kubernetes.default.svc.cluster.local'),
    ]),
  )
  const kubeletClient = issue('kube-apiserver-kubelet-client', 'system:masters', leaf('clientAuth'))
  const proxyClient = issue('front-proxy-client', undefined, leaf('clientAuth'))
  const kubeletServing = issue(
    'kwok-kubelet',
    undefined,
    leaf('serverAuth', [ip('127.0.0.1'), dns('localhost')]),
  )
  const sa = generateKeyPairSync('rsa', {modulusLength: 2048})
  return {
    caCertPem: forge.pki.certificateToPem(caCert),
    caKeyPem: ca.pem,
    serverCertPem: server.cert,
    serverKeyPem: server.key,
    kubeletClientCertPem: kubeletClient.cert,
    kubeletClientKeyPem: kubeletClient.key,
    proxyClientCertPem: proxyClient.cert,
    proxyClientKeyPem: proxyClient.key,
    kubeletServingCertPem: kubeletServing.cert,
    kubeletServingKeyPem: kubeletServing.key,
    saPublicPem: sa.publicKey.export({type: 'spki', format: 'pem'}).toString(),
    saPrivatePem: sa.privateKey.export({type: 'pkcs8', format: 'pem'}).toString(),
  }
}
