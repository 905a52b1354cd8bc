import {isIP} from 'node:net'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newExternalControlPlaneAddressIsNotAHostname,
  newInvalidExternalControlPlaneConfig,
} from '../../messages.gen.js'
import type {Resource} from '../../resource.js'
import {goUrlHostname} from './go-url.js'

interface WebhookConfiguration {
  webhooks?: {name?: string; clientConfig?: {url?: string | null; service?: unknown}}[]
}

/** Istio's webhook configurations, by name (the charts name them so, with revision and namespace suffixes). */
const isIstioValidator = (name: string) =>
  name === 'istiod-default-validator' || name.startsWith('istio-validator')
const isIstioInjector = (name: string) => name.startsWith('istio-sidecar-injector')

/** Whether a host is an IP literal as Go's net.ParseIP reads it (no IPv6 zone). */
const isIpAddress = (host: string) => isIP(host) !== 0 && !host.includes('%')

/**
 * For Istio's validating and injection webhooks: IST0163 when a webhook has neither a URL nor a service,
 * or a URL that does not parse; IST0164 when its URL names the external control plane by IP address.
 */
export const externalControlPlaneAnalyzer: Analyzer = {
  name: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  description: 'Checks that the remote IstioOperator resources reference an external control plane',
  inputs: [K.ValidatingWebhookConfiguration, K.MutatingWebhookConfiguration],
  analyze(ctx) {
    const check = (r: Resource) => {
      for (const hook of (r.object as WebhookConfiguration).webhooks ?? []) {
        const name = hook?.name ?? ''
        const url = hook?.clientConfig?.url
        if (typeof url === 'string') {
          // a URL means the webhooks are served by an external istiod
          const host = goUrlHostname(url)
          if (host === undefined)
            ctx.report(
              newInvalidExternalControlPlaneConfig(r, url, name, 'was provided in an invalid format'),
            )
          else if (isIpAddress(host)) ctx.report(newExternalControlPlaneAddressIsNotAHostname(r, url, name))
        } else if (hook?.clientConfig?.service == null)
          ctx.report(newInvalidExternalControlPlaneConfig(r, '', name, 'is blank'))
      }
    }
    for (const r of ctx.store.list(K.ValidatingWebhookConfiguration)) if (isIstioValidator(r.name)) check(r)
    for (const r of ctx.store.list(K.MutatingWebhookConfiguration)) if (isIstioInjector(r.name)) check(r)
  },
}
