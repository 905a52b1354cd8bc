/**
 * The functions istiod adds to Sprig for injection templates (pkg/kube/inject template.go's
 * InjectionFuncmap), with the same names, argument order and edge cases.
 * @module
 */
import {
  GoStruct,
  goFunc,
  goYamlMarshal,
  isGoMap,
  sprigFuncs,
  sprint,
  stringMap,
  toGoJson,
  type FuncMap,
} from '../template/index.js'
import {DurationValue, protoJson, type JsonMap} from './proto.js'

type StrMap = Record<string, string>
const field = (v: unknown, name: string): unknown =>
  v instanceof GoStruct ? (v as unknown as Record<string, unknown>)[name] : isGoMap(v) ? v[name] : undefined
const strMap = (v: unknown): StrMap => (isGoMap(v) ? (v as StrMap) : {})

function excludeInboundPort(port: unknown, excluded: string): string {
  const p = sprint([port]).trim()
  if (p === '' || p === '0') return excluded
  const out: string[] = []
  for (const x of excluded.split(',')) {
    if (x === p) return excluded
    if (x.trim() !== '') out.push(x.trim())
  }
  out.push(p)
  return out.join(',')
}

function containerPorts(containers: unknown, include: (c: unknown) => boolean): string {
  const parts: string[] = []
  for (const c of Array.isArray(containers) ? containers : []) {
    if (!include(c)) continue
    for (const p of (field(c, 'Ports') as unknown[]) ?? []) {
      const proto = field(p, 'Protocol')
      if (proto === 'UDP' || proto === 'SCTP') continue
      parts.push(String(field(p, 'ContainerPort')))
    }
  }
  return parts.join(',')
}

/** k8s.io/utils/strings.SplitQualifiedName: "ns/name" → [ns, name]; "name" → ["", name]. */
function splitQualified(s: string): [string, string] {
  const i = s.indexOf('/')
  return i < 0 ? ['', s] : [s.slice(0, i), s.slice(i + 1)]
}

/** Adds Istio's CNI network to a Multus networks annotation (flat list or JSON). */
export function appendMultusNetwork(existing: string, network: string): string {
  if (existing === '') return network
  const i = existing.lastIndexOf(']')
  if (i !== -1) {
    let nets: unknown
    try {
      nets = JSON.parse(existing)
    } catch {
      return existing
    }
    if (!Array.isArray(nets)) return existing
    const [ns, name] = splitQualified(network)
    for (const n of nets as JsonMap[]) if (n?.name === name && (n.namespace ?? '') === ns) return existing
    const add = ns === '' ? `, {"name": "${name}"}` : `, {"name": "${name}", "namespace": "${ns}"}`
    return existing.slice(0, i) + add + existing.slice(i)
  }
  for (const n of existing.split(',')) if (n.trim() === network) return existing
  return existing + ', ' + network
}

function omitNil(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (Array.isArray(v)) {
    const out = v.map(omitNil).filter((x) => x !== null)
    return out.length === 0 && v.length > 0 ? null : out
  }
  if (isGoMap(v)) {
    const out: JsonMap = {}
    let any = false
    for (const [k, x] of Object.entries(v)) {
      const f = omitNil(x)
      if (f !== null) out[k] = f
      else any = true
    }
    return any && Object.keys(out).length === 0 ? null : out
  }
  return v
}

function imageTagDigest(image: string): [string, string] {
  let digest = ''
  const at = image.indexOf('@')
  if (at >= 0) {
    digest = image.slice(at + 1)
    image = image.slice(0, at)
  }
  const slash = image.lastIndexOf('/')
  const colon = image.lastIndexOf(':')
  return [colon > slash ? image.slice(colon + 1) : '', digest]
}

function otelResourceAttributes(
  mc: unknown,
  annotations: unknown,
  labels: unknown,
  namespace: string,
  containers: unknown,
): string {
  const json = (mc instanceof GoStruct ? mc.goJson() : mc) as JsonMap | null
  const providers = (json?.extensionProviders as JsonMap[] | undefined) ?? []
  const semconv = providers.some(
    (p) =>
      (p.opentelemetry as JsonMap | undefined)?.serviceAttributeEnrichment === 'OTEL_SEMANTIC_CONVENTIONS',
  )
  if (!semconv) return ''
  const ann = strMap(annotations)
  const lab = strMap(labels)
  const list = Array.isArray(containers) ? containers : []
  const attrs: string[] = []
  if (ann['resource.opentelemetry.io/service.namespace'])
    attrs.push('service.namespace=' + ann['resource.opentelemetry.io/service.namespace'])
  else if (namespace) attrs.push('service.namespace=' + namespace)
  if (ann['resource.opentelemetry.io/service.version'])
    attrs.push('service.version=' + ann['resource.opentelemetry.io/service.version'])
  else if (lab['app.kubernetes.io/version']) attrs.push('service.version=' + lab['app.kubernetes.io/version'])
  else if (list.length === 1) {
    const [tag, digest] = imageTagDigest(String(field(list[0], 'Image') ?? ''))
    if (tag && digest) attrs.push(`service.version=${tag}@${digest}`)
    else if (digest) attrs.push('service.version=' + digest)
    else if (tag) attrs.push('service.version=' + tag)
  }
  if (ann['resource.opentelemetry.io/service.instance.id'])
    attrs.push('service.instance.id=' + ann['resource.opentelemetry.io/service.instance.id'])
  else if (list.length > 0)
    attrs.push(`service.instance.id=${namespace}.$(POD_NAME).${String(field(list[0], 'Name'))}`)
  return attrs.join(',')
}

const mergeStrMaps = (...maps: unknown[]): StrMap | null => {
  if (maps.length === 0) return null
  const out: StrMap = {}
  for (const m of maps) Object.assign(out, strMap(m))
  return stringMap(out)
}

/** Sprig plus istiod's injection functions. */
export function injectionFuncs(): FuncMap {
  const f: FuncMap = {
    ...sprigFuncs(),
    formatDuration: goFunc(['any'], (d: unknown) =>
      d instanceof DurationValue ? d.AsDuration() : typeof d === 'string' ? d : '0s',
    ),
    isset: goFunc(['any', 'string'], (m: unknown, k: string) => isGoMap(m) && Object.hasOwn(m, k)),
    excludeInboundPort: goFunc(['any', 'string'], excludeInboundPort),
    includeInboundPorts: goFunc(['any'], (c: unknown) => containerPorts(c, () => true)),
    applicationPorts: goFunc(['any'], (c: unknown) =>
      containerPorts(c, (x) => field(x, 'Name') !== 'istio-proxy'),
    ),
    kubevirtInterfaces: goFunc(['string'], (s: string) => s),
    excludeInterfaces: goFunc(['string'], (s: string) => s),
    annotation: goFunc(['any', 'string', 'any'], (meta: unknown, name: string, def: unknown) => {
      const ann = strMap(field(meta, 'Annotations'))
      return Object.hasOwn(ann, name) ? ann[name] : sprint([def])
    }),
    valueOrDefault: goFunc(['any', 'any'], (v: unknown, d: unknown) =>
      v === '' || v === null || v === undefined ? d : v,
    ),
    toJSON: goFunc(['any'], (m: unknown) => (isGoMap(m) ? toGoJson(m) : '{}')),
    fromJSON: goFunc(['string'], (s: string) => {
      try {
        return JSON.parse(s) as unknown
      } catch {
        return '{}'
      }
    }),
    structToJSON: goFunc(['any'], (v: unknown) => (v === null || v === undefined ? '{}' : toGoJson(v))),
    protoToJSON: goFunc(['any'], (v: unknown) => {
      if (!(v instanceof GoStruct)) return '{}'
      const json = (v.goJson() ?? {}) as JsonMap
      return protoJson(json, (v as unknown as {schema?: Parameters<typeof protoJson>[1]}).schema)
    }),
    toYaml: goFunc(['any'], (v: unknown) => {
      try {
        return goYamlMarshal(v)
      } catch {
        return ''
      }
    }),
    indent: goFunc(['int', 'string'], (n: bigint, s: string) =>
      s
        .split('\n')
        .map((l, i) => (i > 0 ? ' '.repeat(Number(n)) + l : l))
        .join('\n'),
    ),
    directory: goFunc(['string'], (p: string) => p.slice(0, p.lastIndexOf('/') + 1)),
    contains: goFunc(['string', 'string'], (needle: string, haystack: string) => haystack.includes(needle)),
    toLower: goFunc(['string'], (s: string) => s.toLowerCase()),
    appendMultusNetwork: goFunc(['string', 'string'], appendMultusNetwork),
    env: goFunc(['string', 'string'], (k: string, d: string) => process.env[k] || d),
    omit: goFunc(
      ['any'],
      (m: unknown, ...keys: string[]) => {
        const out: StrMap = {}
        for (const [k, v] of Object.entries(strMap(m))) if (!keys.includes(k)) out[k] = v
        return stringMap(out)
      },
      'string',
    ),
    strdict: goFunc(
      [],
      (...kv: string[]) => {
        const out: StrMap = {}
        for (let i = 0; i < kv.length; i += 2) out[kv[i]] = kv[i + 1] ?? ''
        return stringMap(out)
      },
      'string',
    ),
    toJsonMap: goFunc([], (...maps: unknown[]) => toGoJson(mergeStrMaps(...maps)), 'any'),
    mergeMaps: goFunc([], (...maps: unknown[]) => mergeStrMaps(...maps), 'any'),
    omitNil: goFunc(['any'], omitNil),
    otelResourceAttributes: goFunc(['any', 'any', 'any', 'string', 'any'], otelResourceAttributes),
  }
  return f
}
