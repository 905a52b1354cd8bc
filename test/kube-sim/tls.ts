/**
 * Test PKI for the HTTPS mode: a CA, a server certificate for 127.0.0.1/localhost and a client certificate
 * (CN=admin, O=system:masters). Keys come from node:crypto (fast, native); node-forge builds and signs the
 * X.509 certificates, which node:crypto cannot do.
 */
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import forge from 'node-forge'

export interface Pki {
  caPem: string
  serverCertPem: string
  serverKeyPem: string
  clientCertPem: string
  clientKeyPem: string
}

export function keyPair(): {
  pem: string
  forgeKey: forge.pki.rsa.PrivateKey
  publicKey: forge.pki.rsa.PublicKey
} {
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  const pem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString()
  const forgeKey = forge.pki.privateKeyFromPem(pem)
  return {pem, forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e)}
}

export function certificate(
  subject: forge.pki.CertificateField[],
  publicKey: forge.pki.PublicKey,
  issuer: {subject: forge.pki.CertificateField[]; key: forge.pki.rsa.PrivateKey},
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000)
  cert.setSubject(subject)
  cert.setIssuer(issuer.subject)
  cert.setExtensions(extensions)
  cert.sign(issuer.key, forge.md.sha256.create())
  return cert
}

let cached: Pki | undefined

/** Generates (once per process) the CA, server and client certificates. */
export function testPki(): Pki {
  if (cached) return cached
  const ca = keyPair()
  const caSubject = [{name: 'commonName', value: 'kube-sim-ca'}]
  const caCert = certificate(caSubject, ca.publicKey, {subject: caSubject, key: ca.forgeKey}, [
    {name: 'basicConstraints', cA: true, critical: true},
    {name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
  ])
  const issuer = {subject: caSubject, key: ca.forgeKey}
  const server = keyPair()
  const serverCert = certificate([{name: 'commonName', value: 'kube-apiserver'}], server.publicKey, issuer, [
    {name: 'basicConstraints', cA: false},
    {name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
    {name: 'extKeyUsage', serverAuth: true},
    {
      name: 'subjectAltName',
      altNames: [
        {type: 7, ip: '127.0.0.1'},
        {type: 2, value: 'localhost'},
      ],
    },
  ])
  const client = keyPair()
  const clientCert = certificate(
    [
      {name: 'commonName', value: 'admin'},
      {name: 'organizationName', value: 'system:masters'},
    ],
    client.publicKey,
    issuer,
    [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
      {name: 'extKeyUsage', clientAuth: true},
    ],
  )
  cached = {
    caPem: forge.pki.certificateToPem(caCert),
    serverCertPem: forge.pki.certificateToPem(serverCert),
    serverKeyPem: server.pem,
    clientCertPem: forge.pki.certificateToPem(clientCert),
    clientKeyPem: client.pem,
  }
  return cached
}
