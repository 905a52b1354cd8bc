import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newJwksUriFetchUnrestricted} from '../../messages.gen.js'
import {labelsOf, type Resource} from '../../resource.js'

interface DeploymentSpec {
  template?: {spec?: {containers?: {env?: {name?: string; value?: string}[]}[]}}
}

const ENV = 'BLOCKED_CIDRS_IN_JWKS_URIS'
/** How many RequestAuthentication names the message lists before "and N more". */
const MAX_NAMES = 5

const fullName = (r: Resource) => (r.namespace ? `${r.namespace}/${r.name}` : r.name)

/** Whether a container (init containers do not count) sets the variable to something non-empty. */
function setsBlockedCidrs(deployment: Resource): boolean {
  const containers = (deployment.object.spec as DeploymentSpec | undefined)?.template?.spec?.containers ?? []
  return containers.some((c) => (c?.env ?? []).some((e) => e?.name === ENV && !!e.value))
}

/**
 * IST0175 on each istiod Deployment (label app=istiod) without BLOCKED_CIDRS_IN_JWKS_URIS while
 * RequestAuthentications exist: their JWKS URIs could then be fetched from any network.
 */
export const blockedCidrsAnalyzer: Analyzer = {
  name: 'authn.BlockedCIDRsAnalyzer',
  description:
    'Checks that BLOCKED_CIDRS_IN_JWKS_URIS is configured on istiod when RequestAuthentication resources exist',
  inputs: [K.RequestAuthentication, K.Deployment],
  analyze(ctx) {
    const policies = ctx.store.list(K.RequestAuthentication)
    if (policies.length === 0) return
    // istioctl lists them in map order (it varies from run to run); ours is the sources' order.
    const names = policies.map(fullName)
    const shown =
      names.length <= MAX_NAMES
        ? names.join(', ')
        : `${names.slice(0, MAX_NAMES).join(', ')}, and ${names.length - MAX_NAMES} more`
    for (const d of ctx.store.list(K.Deployment))
      if (labelsOf(d).app === 'istiod' && !setsBlockedCidrs(d))
        ctx.report(newJwksUriFetchUnrestricted(d, names.length, shown))
  },
}
