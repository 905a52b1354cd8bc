import forge from 'node-forge'

/** A fresh self-signed certificate and key (PEM), valid from yesterday for a year. */
export function selfSignedCert(opts: {expired?: boolean} = {}): {cert: string; key: string} {
  const keys = forge.pki.rsa.generateKeyPair(1024)
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.publicKey
  cert.serialNumber = '01'
  const day = 24 * 3600 * 1000
  cert.validity.notBefore = new Date(Date.now() - (opts.expired ? 400 : 1) * day)
  cert.validity.notAfter = new Date(Date.now() + (opts.expired ? -30 : 365) * day)
  const attrs = [{name: 'commonName', value: 'shop.example.com'}]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.sign(keys.privateKey, forge.md.sha256.create())
  return {cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey)}
}
