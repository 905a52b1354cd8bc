/**
 * CustomResourceDefinitions for tests that need a kind the simulator does not serve by itself.
 */

/** The Gateway API's Gateway CRD, served only at `version` (an old Gateway API release: v1alpha2, v1beta1). */
export function gatewayCrd(version: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gateways.gateway.networking.k8s.io}
spec:
  group: gateway.networking.k8s.io
  names: {kind: Gateway, plural: gateways, singular: gateway, listKind: GatewayList}
  scope: Namespaced
  versions:
  - name: ${version}
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`
}
