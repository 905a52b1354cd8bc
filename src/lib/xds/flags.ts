import {Flags} from '@oclif/core'
import {parseDuration} from '../command/duration.js'
import {usageError} from '../errors.js'
import type {ControlPlaneOptions} from './gather.js'

/** istioctl's central control plane flags (proxy-status, version's xDS path). */
export const controlPlaneFlags = {
  'xds-address': Flags.string({summary: 'XDS Endpoint (host:port); skips finding istiod pods.'}),
  'cert-dir': Flags.string({
    summary: 'XDS Endpoint certificate directory (cert-chain.pem, key.pem, root-cert.pem).',
  }),
  'xds-label': Flags.string({summary: 'Istiod pod label selector (default app=istiod).'}),
  'xds-port': Flags.integer({summary: 'Istiod pod port.', default: 15012}),
  timeout: Flags.string({summary: 'The duration to wait before failing.', default: '30s'}),
  authority: Flags.string({summary: 'XDS Subject Alternative Name (for example istiod.istio-system.svc).'}),
  insecure: Flags.boolean({summary: 'Skip server certificate and domain verification. (NOT SECURE!)'}),
  plaintext: Flags.boolean({summary: 'Use plain-text HTTP/2 when connecting to server (no TLS).'}),
}

export function controlPlaneOptions(flags: {
  'istio-namespace': string
  revision: string
  'xds-address'?: string
  'cert-dir'?: string
  'xds-label'?: string
  'xds-port': number
  timeout: string
  authority?: string
  insecure?: boolean
  plaintext?: boolean
}): ControlPlaneOptions {
  if (flags['xds-address'] && flags['xds-label'])
    throw usageError('either --xds-address or --xds-label, not both')
  if (flags.plaintext && flags['cert-dir']) throw usageError('either --plaintext or --cert-dir, not both')
  if (flags['xds-port'] < 1 || flags['xds-port'] > 65535)
    throw usageError(`--xds-port ${flags['xds-port']} is not a port (1-65535)`)
  return {
    istioNamespace: flags['istio-namespace'],
    revision: flags.revision,
    xdsAddress: flags['xds-address'],
    xdsLabel: flags['xds-label'],
    xdsPort: flags['xds-port'],
    plaintext: flags.plaintext,
    certDir: flags['cert-dir'],
    insecure: flags.insecure,
    authority: flags.authority,
    timeoutMs: parseDuration(flags.timeout, 'timeout'),
  }
}
