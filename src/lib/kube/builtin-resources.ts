/**
 * The REST names of the built-in Kubernetes kinds meshctl reads and writes. They are fixed by the Kubernetes
 * API (the same on every server since these group-versions went GA), so client-node need not ask the server
 * for them: one discovery request per group-version saved per command. Kinds not listed here (custom
 * resources, anything else) are still discovered from the server, as before.
 * @module
 */

/** apiVersion → [kind, plural resource name, namespaced]. */
const BUILTIN: Record<string, [string, string, boolean][]> = {
  v1: [
    ['Namespace', 'namespaces', false],
    ['Node', 'nodes', false],
    ['Pod', 'pods', true],
    ['Service', 'services', true],
    ['Endpoints', 'endpoints', true],
    ['ConfigMap', 'configmaps', true],
    ['Secret', 'secrets', true],
    ['ServiceAccount', 'serviceaccounts', true],
    ['Event', 'events', true],
  ],
  'apps/v1': [
    ['Deployment', 'deployments', true],
    ['DaemonSet', 'daemonsets', true],
    ['StatefulSet', 'statefulsets', true],
    ['ReplicaSet', 'replicasets', true],
  ],
  'rbac.authorization.k8s.io/v1': [
    ['Role', 'roles', true],
    ['RoleBinding', 'rolebindings', true],
    ['ClusterRole', 'clusterroles', false],
    ['ClusterRoleBinding', 'clusterrolebindings', false],
  ],
  'admissionregistration.k8s.io/v1': [
    ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false],
    ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false],
  ],
  'apiextensions.k8s.io/v1': [['CustomResourceDefinition', 'customresourcedefinitions', false]],
  'policy/v1': [['PodDisruptionBudget', 'poddisruptionbudgets', true]],
  'autoscaling/v2': [['HorizontalPodAutoscaler', 'horizontalpodautoscalers', true]],
}

/** The APIResourceList documents client-node's KubernetesObjectApi caches per apiVersion. */
export function builtinResourceLists(): Record<
  string,
  {groupVersion: string; resources: {kind: string; name: string; namespaced: boolean; verbs: string[]}[]}
> {
  return Object.fromEntries(
    Object.entries(BUILTIN).map(([groupVersion, kinds]) => [
      groupVersion,
      {
        groupVersion,
        resources: kinds.map(([kind, name, namespaced]) => ({kind, name, namespaced, verbs: []})),
      },
    ]),
  )
}
