/** A Kubernetes object as meshctl handles it: typed header, untyped body. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: {
    name?: string
    namespace?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    resourceVersion?: string
    uid?: string
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** Identifies a type by apiVersion and kind. */
export interface TypeRef {
  apiVersion: string
  kind: string
}

/** The kinds meshctl reads or writes outside the Istio API model. */
export const Kinds = {
  Namespace: {apiVersion: 'v1', kind: 'Namespace'},
  Pod: {apiVersion: 'v1', kind: 'Pod'},
  Service: {apiVersion: 'v1', kind: 'Service'},
  ConfigMap: {apiVersion: 'v1', kind: 'ConfigMap'},
  Secret: {apiVersion: 'v1', kind: 'Secret'},
  Deployment: {apiVersion: 'apps/v1', kind: 'Deployment'},
  MutatingWebhookConfiguration: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
  },
  CustomResourceDefinition: {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition'},
} as const satisfies Record<string, TypeRef>

/** `Kind ns/name` or `Kind name`, the way meshctl names an object in messages. */
export function objectRef(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const {name, namespace} = obj.metadata
  return namespace ? `${obj.kind} ${namespace}/${name}` : `${obj.kind} ${name}`
}
