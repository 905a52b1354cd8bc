import {specOf, type Resource} from '../../resource.js'

/** The Gateway fields analyzers read. */
export interface GatewaySpec {
  selector?: Record<string, string>
  servers?: {
    port?: {number?: number; name?: string; protocol?: string}
    hosts?: string[]
    bind?: string
    tls?: {credentialName?: string; serverCertificate?: string; privateKey?: string; mode?: string}
  }[]
}

export const gatewaySpec = (gw: Resource): GatewaySpec => specOf<GatewaySpec>(gw)

/** The field path of the first selector label, where istioctl points selector findings. */
export function selectorPath(gw: Resource): (string | number)[] {
  const keys = Object.keys(gatewaySpec(gw).selector ?? {}).sort()
  return keys.length > 0 ? ['spec', 'selector', keys[0]] : ['spec', 'selector']
}
