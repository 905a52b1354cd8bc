/**
 * Decodes the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) for the few kinds kubectl's typed
 * clients write with protobuf bodies (`kubectl create namespace|configmap|secret|serviceaccount|deployment|service`,
 * `auth can-i`), turning them into JSON objects. Field numbers are those of k8s.io/api's generated.proto. Other
 * kinds → undefined (415).
 */

// `int*`/`bool*` are Go pointer fields: present on the wire only when set, so a zero is kept (replicas: 0).
// `intstr` is an IntOrString message, a number or a string in JSON.
type FieldType =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'int'
  | 'int*'
  | 'bool*'
  | 'intstr'
  | 'time'
  | 'map<string,string>'
  | 'map<string,bytes>'
  | Schema
type Field = [name: string, type: FieldType, repeated?: boolean]
type Schema = {[num: number]: Field}

const TIME: Schema = {1: ['seconds', 'int'], 2: ['nanos', 'int']}
const OWNER: Schema = {
  5: ['apiVersion', 'string'],
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  6: ['controller', 'bool'],
  7: ['blockOwnerDeletion', 'bool'],
}
const META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', 'time'],
  10: ['deletionGracePeriodSeconds', 'int'],
  11: ['labels', 'map<string,string>'],
  12: ['annotations', 'map<string,string>'],
  13: ['ownerReferences', OWNER, true],
  14: ['finalizers', 'string', true],
}
const REF: Schema = {
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
}

const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
}

const LABEL_SELECTOR: Schema = {
  1: ['matchLabels', 'map<string,string>'],
  2: [
    'matchExpressions',
    {1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', true]},
    true,
  ],
}
const CONTAINER: Schema = {
  1: ['name', 'string'],
  2: ['image', 'string'],
  3: ['command', 'string', true],
  4: ['args', 'string', true],
  5: ['workingDir', 'string'],
  6: [
    'ports',
    {
      1: ['name', 'string'],
      2: ['hostPort', 'int'],
      3: ['containerPort', 'int'],
      4: ['protocol', 'string'],
      5: ['hostIP', 'string'],
    },
    true,
  ],
  7: ['env', {1: ['name', 'string'], 2: ['value', 'string']}, true],
  8: ['resources', {}],
  14: ['imagePullPolicy', 'string'],
}
const POD_TEMPLATE: Schema = {
  1: ['metadata', META],
  2: [
    'spec',
    {
      2: ['containers', CONTAINER, true],
      3: ['restartPolicy', 'string'],
      4: ['terminationGracePeriodSeconds', 'int*'],
      6: ['dnsPolicy', 'string'],
      7: ['nodeSelector', 'map<string,string>'],
      8: ['serviceAccountName', 'string'],
      20: ['initContainers', CONTAINER, true],
      21: ['automountServiceAccountToken', 'bool*'],
    },
  ],
}

const KINDS: Record<string, Schema> = {
  'apps/v1/Deployment': {
    1: ['metadata', META],
    2: [
      'spec',
      {
        1: ['replicas', 'int*'],
        2: ['selector', LABEL_SELECTOR],
        3: ['template', POD_TEMPLATE],
        4: [
          'strategy',
          {
            1: ['type', 'string'],
            2: ['rollingUpdate', {1: ['maxUnavailable', 'intstr'], 2: ['maxSurge', 'intstr']}],
          },
        ],
        5: ['minReadySeconds', 'int'],
        6: ['revisionHistoryLimit', 'int*'],
        7: ['paused', 'bool'],
        9: ['progressDeadlineSeconds', 'int*'],
      },
    ],
    3: ['status', {}],
  },
  'v1/Service': {
    1: ['metadata', META],
    2: [
      'spec',
      {
        1: [
          'ports',
          {
            1: ['name', 'string'],
            2: ['protocol', 'string'],
            3: ['port', 'int'],
            4: ['targetPort', 'intstr'],
            5: ['nodePort', 'int'],
            6: ['appProtocol', 'string'],
          },
          true,
        ],
        2: ['selector', 'map<string,string>'],
        3: ['clusterIP', 'string'],
        4: ['type', 'string'],
        5: ['externalIPs', 'string', true],
        10: ['externalName', 'string'],
      },
    ],
    3: ['status', {1: ['loadBalancer', {}]}],
  },
  'v1/ConfigMap': {
    1: ['metadata', META],
    2: ['data', 'map<string,string>'],
    3: ['binaryData', 'map<string,bytes>'],
    4: ['immutable', 'bool'],
  },
  'v1/Secret': {
    1: ['metadata', META],
    2: ['data', 'map<string,bytes>'],
    3: ['type', 'string'],
    4: ['stringData', 'map<string,string>'],
    5: ['immutable', 'bool'],
  },
  'v1/Namespace': {
    1: ['metadata', META],
    2: ['spec', {1: ['finalizers', 'string', true]}],
    3: ['status', {1: ['phase', 'string']}],
  },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: ['metadata', META],
    2: [
      'spec',
      {
        1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
        2: ['nonResourceAttributes', {1: ['path', 'string'], 2: ['verb', 'string']}],
      },
    ],
  },
  'v1/ServiceAccount': {
    1: ['metadata', META],
    2: ['secrets', REF, true],
    3: ['imagePullSecrets', {1: ['name', 'string']}, true],
    4: ['automountServiceAccountToken', 'bool'],
  },
}
const UNKNOWN: Schema = {
  1: ['typeMeta', {1: ['apiVersion', 'string'], 2: ['kind', 'string']}],
  2: ['raw', 'bytes'],
}

class Reader {
  pos = 0
  constructor(readonly buf: Buffer) {}
  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (;;) {
      const b = this.buf[this.pos++]
      if (b === undefined) throw new Error('truncated varint')
      result |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return result
      shift += 7n
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint())
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  skip(wire: number): void {
    if (wire === 0) this.varint()
    else if (wire === 1) this.pos += 8
    else if (wire === 2) this.bytes()
    else if (wire === 5) this.pos += 4
    else throw new Error(`unsupported wire type ${wire}`)
  }
}

function decode(buf: Buffer, schema: Schema, raw = false): Record<string, unknown> {
  const r = new Reader(buf)
  const out: Record<string, unknown> = {}
  while (r.pos < buf.length) {
    const tag = Number(r.varint())
    const num = tag >>> 3
    const wire = tag & 7
    const field = schema[num]
    if (!field) {
      r.skip(wire)
      continue
    }
    const [name, type, repeated] = field
    let value: unknown
    if (type === 'bool' || type === 'int' || type === 'bool*' || type === 'int*') {
      const v = r.varint()
      value = type.startsWith('bool') ? v !== 0n : Number(BigInt.asIntN(64, v))
      if (type.endsWith('*')) {
        out[name] = value
        continue
      }
    } else if (type === 'time') {
      // metav1.Time: a zero time is encoded (seconds 0) where JSON has null, i.e. no field.
      const v = decode(r.bytes(), TIME) as {seconds?: number}
      if (v.seconds) out[name] = new Date(v.seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
      continue
    } else if (type === 'intstr') {
      const v = decode(r.bytes(), {1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string']})
      out[name] = v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0)
      continue
    } else if (type === 'string') value = r.bytes().toString('utf8')
    else if (type === 'bytes') value = raw ? Buffer.from(r.bytes()) : r.bytes().toString('base64')
    else if (type === 'map<string,string>' || type === 'map<string,bytes>') {
      const entry = decode(r.bytes(), {
        1: ['key', 'string'],
        2: ['value', type === 'map<string,string>' ? 'string' : 'bytes'],
      })
      const m = (out[name] ??= {}) as Record<string, unknown>
      m[String(entry.key ?? '')] = entry.value ?? ''
      continue
    } else value = decode(r.bytes(), type)
    if (repeated) ((out[name] ??= []) as unknown[]).push(value)
    // Go encodes every optional scalar; JSON omits empty ones (omitempty).
    else if (value !== '' && value !== 0 && value !== false) out[name] = value
  }
  return out
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])

/** Decodes a protobuf request body into a JSON object, or returns undefined for unsupported kinds. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> | undefined {
  if (!body.subarray(0, 4).equals(MAGIC)) return undefined
  const env = decode(body.subarray(4), UNKNOWN, true) as {
    typeMeta?: {apiVersion?: string; kind?: string}
    raw?: Buffer
  }
  const apiVersion = env.typeMeta?.apiVersion ?? ''
  const kind = env.typeMeta?.kind ?? ''
  const schema = KINDS[`${apiVersion}/${kind}`]
  if (!schema || !env.raw) return undefined
  const obj = decode(env.raw, schema)
  return {apiVersion, kind, ...obj}
}
