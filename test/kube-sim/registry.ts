/** The simulator's type table: built-in kinds plus the resources of established CRDs. */

export interface ResourceType {
  group: string
  version: string
  resource: string
  kind: string
  singular: string
  namespaced: boolean
  shortNames?: string[]
  categories?: string[]
  /** Subresources besides the connect verbs: status, scale. */
  subresources?: ('status' | 'scale')[]
  /** Verbs when not the usual CRUD set (review kinds are create-only and never stored). */
  verbs?: string[]
  /** Custom resource (merge patch only, RV required on PUT). */
  custom?: boolean
  /** For CRs with a scale subresource. */
  scalePaths?: {spec: string; status: string; selector?: string}
  /** A CRD version's openAPIV3Schema (unknown-field checks and pruning). */
  schema?: object
  printerColumns?: {name: string; type: string; jsonPath: string; description?: string; priority?: number}[]
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

type Row = [
  resource: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
  sub?: ('status' | 'scale')[],
  all?: boolean,
]

const BUILTINS: Record<string, Row[]> = {
  '/v1': [
    ['namespaces', 'Namespace', false, ['ns'], ['status']],
    ['pods', 'Pod', true, ['po'], ['status'], true],
    ['services', 'Service', true, ['svc'], ['status'], true],
    ['endpoints', 'Endpoints', true, ['ep']],
    ['configmaps', 'ConfigMap', true, ['cm']],
    ['secrets', 'Secret', true],
    ['serviceaccounts', 'ServiceAccount', true, ['sa']],
    ['nodes', 'Node', false, ['no'], ['status']],
    ['events', 'Event', true, ['ev']],
    ['persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc'], ['status']],
  ],
  'apps/v1': [
    ['deployments', 'Deployment', true, ['deploy'], ['status', 'scale'], true],
    ['replicasets', 'ReplicaSet', true, ['rs'], ['status', 'scale'], true],
    ['daemonsets', 'DaemonSet', true, ['ds'], ['status'], true],
    ['statefulsets', 'StatefulSet', true, ['sts'], ['status', 'scale'], true],
  ],
  'batch/v1': [
    ['jobs', 'Job', true, undefined, ['status'], true],
    ['cronjobs', 'CronJob', true, ['cj'], ['status'], true],
  ],
  'autoscaling/v2': [
    ['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ['status'], true],
  ],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], ['status']]],
  'rbac.authorization.k8s.io/v1': [
    ['roles', 'Role', true],
    ['rolebindings', 'RoleBinding', true],
    ['clusterroles', 'ClusterRole', false],
    ['clusterrolebindings', 'ClusterRoleBinding', false],
  ],
  'apiextensions.k8s.io/v1': [
    ['customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds'], ['status']],
  ],
  'admissionregistration.k8s.io/v1': [
    ['mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false],
    ['validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false],
    ['validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false, undefined, ['status']],
    ['validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false],
  ],
  'coordination.k8s.io/v1': [['leases', 'Lease', true]],
  'authorization.k8s.io/v1': [
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
    ['subjectaccessreviews', 'SubjectAccessReview', false],
  ],
  'authentication.k8s.io/v1': [['tokenreviews', 'TokenReview', false]],
  'discovery.k8s.io/v1': [['endpointslices', 'EndpointSlice', true]],
  'networking.k8s.io/v1': [
    ['ingresses', 'Ingress', true, ['ing'], ['status']],
    ['ingressclasses', 'IngressClass', false],
    ['networkpolicies', 'NetworkPolicy', true, ['netpol']],
  ],
}

const singularOf = (kind: string) => kind.toLowerCase()

/** Lists and resolves resource types; CRD types come and go at run time. */
export class Registry {
  private readonly types: ResourceType[] = []

  constructor() {
    for (const [gv, rows] of Object.entries(BUILTINS)) {
      const [group, version] = gv.split('/') as [string, string]
      for (const [resource, kind, namespaced, shortNames, subresources, all] of rows) {
        this.types.push({
          group,
          version,
          resource,
          kind,
          singular: singularOf(kind),
          namespaced,
          shortNames,
          subresources,
          categories: all ? ['all'] : undefined,
          verbs:
            group === 'authorization.k8s.io' || group === 'authentication.k8s.io' ? ['create'] : undefined,
        })
      }
    }
  }

  all(): readonly ResourceType[] {
    return this.types
  }

  /** Group → versions in preference order (first is preferred). */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>()
    for (const t of this.types) {
      const vs = out.get(t.group) ?? []
      if (!vs.includes(t.version)) vs.push(t.version)
      out.set(t.group, vs)
    }
    return out
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version)
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.resource === resource)
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
    return this.types.find((t) => t.group === group && t.version === version && t.kind === kind)
  }

  add(t: ResourceType): void {
    const at = this.types.findIndex(
      (x) => x.group === t.group && x.version === t.version && x.resource === t.resource,
    )
    if (at >= 0) this.types.splice(at, 1)
    this.types.push(t)
  }

  /** Removes every version of a group's resource (CRD deletion). */
  remove(group: string, resource: string): void {
    for (let i = this.types.length - 1; i >= 0; i--) {
      if (this.types[i]!.group === group && this.types[i]!.resource === resource) this.types.splice(i, 1)
    }
  }
}

export const RESOURCE_VERBS = VERBS

/** `apps/v1` or `v1`. */
export const apiVersionOf = (t: Pick<ResourceType, 'group' | 'version'>) =>
  t.group ? `${t.group}/${t.version}` : t.version
