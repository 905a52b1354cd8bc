// security.istio.io: AuthorizationPolicy, PeerAuthentication, RequestAuthentication (v1 and v1beta1).
import {policyTargetReference, targetRefs, workloadSelector} from './common.js'
import {ONE_JWKS, PORT_MTLS_NEEDS_SELECTOR, SERVICE_ACCOUNTS_ALONE, selectorOrTargetRefs} from './cel.js'
import {bool, duration, enm, list, map, obj, str, type Infer} from './schema.js'

const strings = () => list(str())
const serviceAccounts = () => list(str({maxLength: 320}), {maxItems: 16})

export const source = obj(
  {
    ipBlocks: strings(),
    namespaces: strings(),
    notIpBlocks: strings(),
    notNamespaces: strings(),
    notPrincipals: strings(),
    notRemoteIpBlocks: strings(),
    notRequestPrincipals: strings(),
    notServiceAccounts: serviceAccounts(),
    notTrustDomains: strings(),
    principals: strings(),
    remoteIpBlocks: strings(),
    requestPrincipals: strings(),
    serviceAccounts: serviceAccounts(),
    trustDomains: strings(),
  },
  {rules: [SERVICE_ACCOUNTS_ALONE]},
)
export type Source = Infer<typeof source>

export const operation = obj({
  hosts: strings(),
  methods: strings(),
  notHosts: strings(),
  notMethods: strings(),
  notPaths: strings(),
  notPorts: strings(),
  paths: strings(),
  ports: strings(),
})
export type Operation = Infer<typeof operation>

export const condition = obj({key: str(), notValues: strings(), values: strings()}, {required: ['key']})
export type Condition = Infer<typeof condition>

export const rule = obj({
  from: list(obj({source}), {maxItems: 512}),
  to: list(obj({operation})),
  when: list(condition),
})
export type Rule = Infer<typeof rule>

export const authorizationPolicySpec = obj(
  {
    action: enm('ALLOW', 'DENY', 'AUDIT', 'CUSTOM'),
    provider: obj({name: str()}),
    rules: list(rule, {maxItems: 512}),
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: targetRefs(),
  },
  {oneOf: [['provider']], rules: [selectorOrTargetRefs(['selector', 'targetRef', 'targetRefs'])]},
)
export type AuthorizationPolicySpec = Infer<typeof authorizationPolicySpec>

const mtlsMode = enm('UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT')
export const peerAuthenticationSpec = obj(
  {
    mtls: obj({mode: mtlsMode}),
    portLevelMtls: map(obj({mode: mtlsMode}), {minProperties: 1, checks: ['portKeys']}),
    selector: workloadSelector,
  },
  {rules: [PORT_MTLS_NEEDS_SELECTOR]},
)
export type PeerAuthenticationSpec = Infer<typeof peerAuthenticationSpec>

const nonEmpty = () => str({minLength: 1})
const jwksUri = () => str({minLength: 1, maxLength: 2048, checks: ['httpUrl']})
export const jwtRule = obj(
  {
    audiences: list(nonEmpty()),
    forwardOriginalToken: bool(),
    fromCookies: list(nonEmpty()),
    fromHeaders: list(obj({name: nonEmpty(), prefix: str()}, {required: ['name']})),
    fromParams: list(nonEmpty()),
    issuer: nonEmpty(),
    jwks: str(),
    jwks_uri: jwksUri(),
    jwksUri: jwksUri(),
    outputClaimToHeaders: list(
      obj(
        {claim: nonEmpty(), header: str({minLength: 1, pattern: '^[-_A-Za-z0-9]+$'})},
        {required: ['header', 'claim']},
      ),
    ),
    outputPayloadToHeader: str(),
    spaceDelimitedClaims: list(nonEmpty(), {maxItems: 64}),
    timeout: duration(),
  },
  {rules: [ONE_JWKS]},
)
export type JWTRule = Infer<typeof jwtRule>

export const requestAuthenticationSpec = obj(
  {
    jwtRules: list(jwtRule, {maxItems: 4096}),
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: targetRefs(),
  },
  {rules: [selectorOrTargetRefs(['selector', 'targetRef', 'targetRefs'])]},
)
export type RequestAuthenticationSpec = Infer<typeof requestAuthenticationSpec>
