/**
 * Decodes the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) for the few kinds kubectl's typed
 * clients write with protobuf bodies (`kubectl create namespace|configmap|secret|serviceaccount`, `auth can-i`), turning
 * them into JSON objects. Field numbers are those of k8s.io/api's generated.proto. Other kinds → undefined (415).
 */

type FieldType = 'string' | 'bytes' | 'bool' | 'int' | 'map<string,string>' | 'map<string,bytes>' | Schema
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
  8: ['creationTimestamp', TIME],
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

const KINDS: Record<string, Schema> = {
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
    if (type === 'bool' || type === 'int') {
      const v = r.varint()
      value = type === 'bool' ? v !== 0n : Number(BigInt.asIntN(64, v))
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
  const meta = obj.metadata as Record<string, unknown> | undefined
  const ts = meta?.creationTimestamp as {seconds?: number} | undefined
  if (meta && ts) {
    if (ts.seconds) meta.creationTimestamp = new Date(ts.seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    else delete meta.creationTimestamp
  }
  return {apiVersion, kind, ...obj}
}
