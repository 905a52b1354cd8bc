import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newExternalNameServiceTypeInvalidPortName,
  newPortNameIsNotUnderNamingConvention,
} from '../../messages.gen.js'
import {specOf} from '../../resource.js'
import {isControlPlane, metaLabels} from '../util.js'
import {ISTIO_PROTOCOLS} from '../../../api/kubernetes.js'

/** Protocols Istio recognises in port names and appProtocol (the API model's list). */
const PROTOCOLS = new Set<string>(ISTIO_PROTOCOLS)
/** Ports Istio treats as TCP whatever their name (SMTP, DNS, MySQL, MongoDB). */
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017])
const MANAGED_BY_ISTIO = new Set([
  'istio.io-gateway-controller',
  'istio.io-mesh-controller',
  'istio.io-eastwest-controller',
])

interface Port {
  name?: string
  port?: number
  protocol?: string
  appProtocol?: string
  targetPort?: number | string
}

/**
 * Whether Istio can tell a port's protocol from its protocol, appProtocol, name prefix or number. (istioctl
 * looks for `grpc-web` before the prefix: such a name has the prefix `grpc`, known either way.)
 */
export function portProtocolKnown(p: Port): boolean {
  if (p.protocol === 'UDP') return true
  let name = p.name ?? ''
  if (p.appProtocol !== undefined) {
    name = p.appProtocol
    if (['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'].includes(name)) return true
  }
  const dash = name.indexOf('-')
  const prefix = (dash >= 0 ? name.slice(0, dash) : name).toLowerCase()
  return PROTOCOLS.has(prefix) || WELL_KNOWN_PORTS.has(Number(p.port))
}

/**
 * IST0118 when a Service port's protocol cannot be told from its name (nor appProtocol or well-known port);
 * IST0150 instead for ExternalName services, which also may not use the bare name `tcp`.
 */
export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  inputs: [K.Service],
  analyze(ctx) {
    for (const svc of ctx.store.list(K.Service)) {
      if (isControlPlane(svc) || MANAGED_BY_ISTIO.has(metaLabels(svc)['gateway.istio.io/managed'] ?? ''))
        continue
      const spec = specOf<{type?: string; ports?: Port[]}>(svc)
      const external = spec.type === 'ExternalName'
      ;(spec.ports ?? []).forEach((p, i) => {
        if (portProtocolKnown(p) && !(p.name === 'tcp' && external)) return
        ctx.report(
          external
            ? newExternalNameServiceTypeInvalidPortName(svc)
            : newPortNameIsNotUnderNamingConvention(
                svc,
                p.name ?? '',
                Number(p.port ?? 0),
                String(p.targetPort ?? 0),
              ),
          ['spec', 'ports', i, 'port'], // istioctl's line: the port number's
        )
      })
    }
  },
}
