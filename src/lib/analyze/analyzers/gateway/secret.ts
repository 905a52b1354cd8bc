import {X509Certificate} from 'node:crypto'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newInvalidGatewayCredential, newReferencedResourceNotFound} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {LabelIndex, metaLabels, selectorText, shortOrFullName} from '../util.js'
import {gatewaySpec, selectorPath} from './servers.js'

/** A secret value by key, from `data` (base64) or `stringData`. */
function secretValue(secret: Resource, key: string): string | undefined {
  const data = secret.object.data as Record<string, string> | undefined
  const stringData = secret.object.stringData as Record<string, string> | undefined
  if (stringData?.[key]) return stringData[key]
  if (data?.[key]) return Buffer.from(data[key], 'base64').toString('utf8')
  return undefined
}

/**
 * Whether a secret holds a usable certificate: `cert`/`key` or `tls.crt`/`tls.key`, the first PEM block a
 * certificate that is valid now.
 */
export function isValidCredential(secret: Resource, now = new Date()): boolean {
  const pair = [
    ['cert', 'key'],
    ['tls.crt', 'tls.key'],
  ].find(([c, k]) => secretValue(secret, c) && secretValue(secret, k))
  if (!pair) return false
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/.exec(secretValue(secret, pair[0])!)
  // the first PEM block must be a certificate (Go's pem.Decode then x509.ParseCertificate): any other block,
  // or none, fails to parse
  try {
    const cert = new X509Certificate(pem?.[0] ?? '')
    return now >= new Date(cert.validFrom) && now <= new Date(cert.validTo)
  } catch {
    return false
  }
}

/**
 * IST0101 when a Gateway selects no pod or its credentialName secret is missing (looked up in the
 * namespace of the gateway pods), IST0161 when that secret is not a valid certificate.
 */
export const secretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  description: "Checks a gateway's referenced secrets for correctness",
  inputs: [K.Gateway, K.Pod, K.Secret],
  analyze(ctx) {
    const pods = new LabelIndex(ctx.store.list(K.Pod), metaLabels)
    for (const gw of ctx.store.list(K.Gateway)) {
      const spec = gatewaySpec(gw)
      const pod = pods.select(spec.selector ?? {})[0]
      if (!pod) {
        ctx.report(
          newReferencedResourceNotFound(gw, 'selector', selectorText(spec.selector ?? {})),
          selectorPath(gw),
        )
        continue
      }
      ;(spec.servers ?? []).forEach((server, i) => {
        const cn = server.tls?.credentialName
        if (!cn) return
        const path = ['spec', 'servers', i, 'tls', 'credentialName']
        const ref = shortOrFullName(pod.namespace, cn)
        const secret = ctx.store.get(K.Secret, ref.namespace, ref.name)
        if (!secret) ctx.report(newReferencedResourceNotFound(gw, 'credentialName', cn), path)
        else if (!isValidCredential(secret))
          ctx.report(newInvalidGatewayCredential(gw, gw.name, pod.namespace), path)
      })
    }
  },
}
