/**
 * Pods as injection templates see them: metav1.ObjectMeta and corev1.PodSpec Go structs (`.Spec.Containers`,
 * `.ObjectMeta.Annotations`, `.Name`), built over the pod's JSON. Fields a Go struct always has read as
 * their zero values when the JSON leaves them out; labels and annotations are map[string]string.
 * @module
 */
import {GoStruct, stringMap} from '../template/index.js'

type JsonMap = {[k: string]: unknown}
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

/** JSON field names whose Go field is not just the capitalised name. */
const GO_NAMES: Record<string, string> = {
  apiVersion: 'APIVersion',
  uid: 'UID',
  hostIP: 'HostIP',
  hostIPs: 'HostIPs',
  podIP: 'PodIP',
  podIPs: 'PodIPs',
  hostPID: 'HostPID',
  hostIPC: 'HostIPC',
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  httpGet: 'HTTPGet',
  tcpSocket: 'TCPSocket',
  grpc: 'GRPC',
  tty: 'TTY',
  ip: 'IP',
  fsGroup: 'FSGroup',
}

/** Go field → zero value, per struct type, for the fields templates read. */
const S = ''
const STRUCT_FIELDS: Record<string, Record<string, () => unknown>> = {
  ObjectMeta: {
    Name: () => S,
    GenerateName: () => S,
    Namespace: () => S,
    UID: () => S,
    ResourceVersion: () => S,
    Labels: () => stringMap({}),
    Annotations: () => stringMap({}),
    OwnerReferences: () => [],
    Finalizers: () => [],
  },
  PodSpec: {
    Volumes: () => [],
    InitContainers: () => [],
    Containers: () => [],
    EphemeralContainers: () => [],
    RestartPolicy: () => S,
    DNSPolicy: () => S,
    NodeSelector: () => stringMap({}),
    ServiceAccountName: () => S,
    DeprecatedServiceAccount: () => S,
    NodeName: () => S,
    HostNetwork: () => false,
    HostPID: () => false,
    HostIPC: () => false,
    SecurityContext: () => null,
    ImagePullSecrets: () => [],
    Hostname: () => S,
    Subdomain: () => S,
    Affinity: () => null,
    SchedulerName: () => S,
    Tolerations: () => [],
    PriorityClassName: () => S,
    DNSConfig: () => null,
  },
  Container: {
    Name: () => S,
    Image: () => S,
    Command: () => [],
    Args: () => [],
    WorkingDir: () => S,
    Ports: () => [],
    Env: () => [],
    VolumeMounts: () => [],
    LivenessProbe: () => null,
    ReadinessProbe: () => null,
    StartupProbe: () => null,
    Lifecycle: () => null,
    ImagePullPolicy: () => S,
    SecurityContext: () => null,
    RestartPolicy: () => null,
  },
  ContainerPort: {
    Name: () => S,
    HostPort: () => 0n,
    ContainerPort: () => 0n,
    Protocol: () => S,
    HostIP: () => S,
  },
}

/** The child struct type of a field, where the templates need one. */
const CHILD_TYPES: Record<string, string> = {
  Containers: 'Container',
  InitContainers: 'Container',
  EphemeralContainers: 'Container',
  Ports: 'ContainerPort',
}

const STRING_MAPS = new Set(['Labels', 'Annotations', 'NodeSelector'])

export const goFieldName = (k: string): string => GO_NAMES[k] ?? k.charAt(0).toUpperCase() + k.slice(1)

class KubeStruct extends GoStruct {
  constructor(
    readonly goType: string,
    private readonly json: JsonMap,
  ) {
    super()
  }
  override goJson(): unknown {
    if (this.goType === 'v1.ContainerPort') {
      // encoding/json writes struct fields in declaration order, omitting the empty ones.
      const out: [string, unknown][] = []
      for (const k of ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP']) {
        const v = this.json[k]
        if (k === 'containerPort') out.push([k, v ?? 0])
        else if (v !== undefined && v !== null && v !== '' && v !== 0) out.push([k, v])
      }
      return new OrderedJson(out)
    }
    return this.json
  }
}

/** A JSON object whose keys print in the given order (a Go struct's declaration order). */
export class OrderedJson extends GoStruct {
  readonly goType = 'struct'
  constructor(private readonly pairs: [string, unknown][]) {
    super()
  }
  override goFields(): [string, unknown][] {
    return this.pairs
  }
}

/** A Go struct of the named corev1/metav1 type over a JSON object. */
export function kubeStruct(type: string, json: JsonMap): GoStruct {
  const s = new KubeStruct(`v1.${type}`, json)
  const fields = STRUCT_FIELDS[type] ?? {}
  const target = s as unknown as Record<string, unknown>
  for (const [k, v] of Object.entries(json)) {
    const name = goFieldName(k)
    // a JSON null decodes to the Go zero value (a nil map or slice reads as empty)
    target[name] = v === null || v === undefined ? (fields[name]?.() ?? null) : goValue(name, v)
  }
  for (const [name, z] of Object.entries(fields)) if (!Object.hasOwn(target, name)) target[name] = z()
  return s
}

function goValue(field: string, v: unknown): unknown {
  if (STRING_MAPS.has(field) && isMap(v)) return stringMap({...(v as Record<string, string>)})
  const child = CHILD_TYPES[field]
  if (Array.isArray(v)) return v.map((x) => (isMap(x) ? kubeStruct(child ?? 'Object', x) : plain(x)))
  if (isMap(v)) return kubeStruct(child ?? 'Object', v)
  return plain(v)
}

/** JSON scalars as Go sees them after decoding into typed fields: whole numbers are ints. */
function plain(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
  return v ?? null
}
