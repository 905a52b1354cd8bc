/**
 * MeshConfig and ProxyConfig as istiod holds them: protobuf-JSON objects merged the way
 * `protomarshal.ApplyYAML` merges (fields replace, messages and maps merge, lists append), printed the
 * way jsonpb prints them, and shown to injection templates as Go structs (`.ProxyConfig.StatusPort`,
 * `.ProxyConfig.InterceptionMode.String`, `.ProxyConfig.GetTracing.GetTlsSettings`).
 * @module
 */
import {meshConfig as meshSchema, proxyConfig as proxySchema} from '../api/mesh.js'
import {GoStruct, stringMap} from '../template/index.js'

export type JsonMap = {[k: string]: unknown}
interface Schema {
  type?: string
  enum?: readonly string[]
  nullable?: boolean
  properties?: Record<string, Schema>
  items?: Schema
  additionalProperties?: Schema | boolean
  'x-meshctl-checks'?: string[]
  [k: string]: unknown
}

export const PROXY_SCHEMA = proxySchema as unknown as Schema
export const MESH_SCHEMA = meshSchema as unknown as Schema

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

/** mesh.DefaultProxyConfig(). */
export function defaultProxyConfig(): JsonMap {
  return {
    configPath: './etc/istio/proxy',
    binaryPath: '/usr/local/bin/envoy',
    serviceCluster: 'istio-proxy',
    drainDuration: '45s',
    discoveryAddress: 'istiod.istio-system.svc:15012',
    proxyAdminPort: 15000,
    controlPlaneAuthPolicy: 'MUTUAL_TLS',
    statNameLength: 189,
    statusPort: 15020,
    terminationDrainDuration: '5s',
  }
}

/** mesh.DefaultMeshConfig(), the fields a proto3 JSON print would show. */
export function defaultMeshConfig(): JsonMap {
  return {
    enableTracing: true,
    accessLogEncoding: 'TEXT',
    protocolDetectionTimeout: '0s',
    ingressService: 'istio-ingressgateway',
    ingressControllerMode: 'STRICT',
    ingressClass: 'istio',
    trustDomain: 'cluster.local',
    trustDomainAliases: [],
    enableAutoMtls: true,
    outboundTrafficPolicy: {mode: 'ALLOW_ANY'},
    inboundTrafficPolicy: {mode: 'PASSTHROUGH'},
    localityLbSetting: {enabled: true},
    defaultConfig: defaultProxyConfig(),
    rootNamespace: 'istio-system',
    proxyListenPort: 15001,
    proxyInboundListenPort: 15006,
    connectTimeout: '10s',
    defaultServiceExportTo: ['*'],
    defaultVirtualServiceExportTo: ['*'],
    defaultDestinationRuleExportTo: ['*'],
    dnsRefreshRate: '60s',
    enablePrometheusMerge: true,
    defaultProviders: {},
    extensionProviders: [
      {name: 'prometheus', prometheus: {}},
      {name: 'stackdriver', stackdriver: {}},
      {name: 'envoy', envoyFileAccessLog: {path: '/dev/stdout'}},
    ],
  }
}

/** jsonpb's merge into an existing message: scalars replace, messages and maps merge, lists append. */
export function protoMerge(base: JsonMap, over: JsonMap): JsonMap {
  const out: JsonMap = {...base}
  for (const [k, v] of Object.entries(over)) {
    if (v === null) continue
    const cur = out[k]
    if (isMap(v) && isMap(cur)) out[k] = protoMerge(cur, v)
    else if (Array.isArray(v) && Array.isArray(cur)) out[k] = [...cur, ...v]
    else out[k] = structuredClone(v)
  }
  return out
}

/** mesh.MergeProxyConfig: the proxy config text applied on `base`, proxyMetadata merged key by key. */
export function mergeProxyConfig(base: JsonMap, over: JsonMap): JsonMap {
  return protoMerge(base, over)
}

/** mesh.ApplyMeshConfig on the defaults: mesh fields override, defaultConfig merges, providers by name. */
export function applyMeshConfig(mesh: JsonMap): JsonMap {
  const defaults = defaultMeshConfig()
  const {defaultConfig, extensionProviders, trustDomainAliases, ...rest} = mesh
  const out = protoMerge({...defaults, defaultConfig: undefined, extensionProviders: []}, rest)
  out.defaultConfig = isMap(defaultConfig)
    ? mergeProxyConfig(defaults.defaultConfig as JsonMap, defaultConfig)
    : defaults.defaultConfig
  const providers = structuredClone(defaults.extensionProviders) as JsonMap[]
  for (const p of Array.isArray(extensionProviders) ? (extensionProviders as JsonMap[]) : []) {
    const found = providers.find((e) => e.name === p.name)
    if (found) {
      for (const k of Object.keys(found)) if (k !== 'name') delete found[k]
      Object.assign(found, structuredClone(p))
    } else providers.push(structuredClone(p))
  }
  out.extensionProviders = providers
  const aliases = new Set([...((trustDomainAliases as string[] | undefined) ?? [])])
  out.trustDomainAliases = [...aliases].sort()
  return out
}

const DURATION = /^(-?\d+(?:\.\d+)?)s$/

/** A protobuf JSON duration ("23s", "1.5s") in nanoseconds. */
function durationNanos(d: string): bigint {
  const m = DURATION.exec(d)
  if (!m) return 0n
  const [whole, frac = ''] = m[1].split('.')
  const neg = whole.startsWith('-')
  const nanos = BigInt(whole.replace('-', '')) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9))
  return neg ? -nanos : nanos
}

/** Go's time.Duration.String(). */
export function goDurationString(nanos: bigint): string {
  if (nanos === 0n) return '0s'
  const neg = nanos < 0n
  let n = neg ? -nanos : nanos
  let out: string
  if (n < 1_000_000_000n) {
    const [unit, div] = n < 1000n ? ['ns', 1n] : n < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n]
    out = fraction(n, div) + unit
  } else {
    const h = n / 3_600_000_000_000n
    n -= h * 3_600_000_000_000n
    const m = n / 60_000_000_000n
    n -= m * 60_000_000_000n
    out = fraction(n, 1_000_000_000n) + 's'
    if (h > 0n) out = `${h}h${m}m${out}`
    else if (m > 0n) out = `${m}m${out}`
  }
  return neg ? '-' + out : out
}

function fraction(n: bigint, div: bigint): string {
  const whole = n / div
  const rest = n % div
  if (rest === 0n) return String(whole)
  const digits = String(div).length - 1
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`
}

// ---------------------------------------------------------------------------------------------------
// jsonpb printing (protomarshal.ToJSON): declaration order, defaults omitted, compact.

function isZero(v: unknown, s: Schema | undefined): boolean {
  if (v === undefined || v === null) return true
  if (s?.nullable) return false
  if (typeof v === 'string') return v === '' || (s?.enum !== undefined && v === s.enum[0])
  if (typeof v === 'number') return v === 0
  if (typeof v === 'boolean') return !v
  if (Array.isArray(v)) return v.length === 0
  if (isMap(v) && s?.additionalProperties) return Object.keys(v).length === 0
  return false
}

function printValue(v: unknown, s: Schema | undefined): string {
  if (Array.isArray(v)) return `[${v.map((x) => printValue(x, s?.items)).join(',')}]`
  if (isMap(v)) {
    if (s?.properties) return printMessage(v, s)
    const add = typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined
    const keys = Object.keys(v).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${printValue(v[k], add)}`).join(',')}}`
  }
  if (s?.type === 'integer' && s.format === 'int64' && typeof v === 'number') return JSON.stringify(String(v))
  return JSON.stringify(v)
}

function printMessage(m: JsonMap, s: Schema): string {
  const parts: string[] = []
  const props = s.properties ?? {}
  for (const [k, fs] of Object.entries(props)) {
    if (!(k in m) || isZero(m[k], fs)) continue
    parts.push(`${JSON.stringify(k)}:${printValue(m[k], fs)}`)
  }
  for (const k of Object.keys(m)) {
    if (k in props || isZero(m[k], undefined)) continue
    parts.push(`${JSON.stringify(k)}:${printValue(m[k], undefined)}`)
  }
  return `{${parts.join(',')}}`
}

/** inject's cleanProxyConfig: fields equal to mesh.DefaultProxyConfig() are left out of PROXY_CONFIG. */
export function cleanProxyConfig(pc: JsonMap): JsonMap {
  const out = {...pc}
  const d = defaultProxyConfig()
  const sameDuration = (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' && durationNanos(a) === durationNanos(b)
  for (const k of [
    'configPath',
    'binaryPath',
    'serviceCluster',
    'discoveryAddress',
    'proxyAdminPort',
    'statNameLength',
    'statusPort',
    'controlPlaneAuthPolicy',
  ])
    if (out[k] === d[k]) delete out[k]
  for (const k of ['drainDuration', 'terminationDrainDuration']) if (sameDuration(out[k], d[k])) delete out[k]
  if (isMap(out.proxyMetadata) && Object.keys(out.proxyMetadata).length === 0) delete out.proxyMetadata
  return out
}

/** protoToJSON in injection templates (cleaned ProxyConfig, jsonpb form). */
export function proxyConfigJson(pc: JsonMap): string {
  return printMessage(cleanProxyConfig(pc), PROXY_SCHEMA)
}

/** jsonpb form of a message of the given schema (MeshConfig, ProxyConfig). */
export function protoJson(m: JsonMap, s: Schema | undefined): string {
  if (s === PROXY_SCHEMA) return proxyConfigJson(m)
  if (!s) return printValue(m, undefined)
  return printMessage(m, s)
}

// ---------------------------------------------------------------------------------------------------
// Go struct views for templates.

const goName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1)

/** A proto enum value: prints as its name and has String(). */
export class EnumValue extends GoStruct {
  readonly goType = 'enum'
  constructor(readonly name: string) {
    super()
  }
  override goString(): string {
    return this.name
  }
  override goFields(): [string, unknown][] {
    return []
  }
  String(): string {
    return this.name
  }
}

/** *wrapperspb.BoolValue / UInt32Value...: `.Value`, `.GetValue` (also on a nil wrapper). */
export class WrapperValue extends GoStruct {
  readonly goType = '*wrapperspb.Value'
  constructor(
    readonly Value: unknown,
    private readonly isNil = false,
  ) {
    super()
  }
  GetValue(): unknown {
    return this.Value
  }
  override goJson(): unknown {
    return this.isNil ? null : this.Value
  }
}

/** *durationpb.Duration: Seconds/Nanos, and the Go duration for formatDuration. */
export class DurationValue extends GoStruct {
  readonly goType = '*durationpb.Duration'
  readonly Seconds: bigint
  readonly Nanos: bigint
  constructor(readonly nanos: bigint) {
    super()
    this.Seconds = nanos / 1_000_000_000n
    this.Nanos = nanos % 1_000_000_000n
  }
  override goFields(): [string, unknown][] {
    return [
      ['Seconds', this.Seconds],
      ['Nanos', this.Nanos],
    ]
  }
  AsDuration(): string {
    return goDurationString(this.nanos)
  }
}

const classes = new WeakMap<Schema, new (m: JsonMap | undefined) => GoStruct>()

function messageClass(s: Schema): new (m: JsonMap | undefined) => GoStruct {
  let C = classes.get(s)
  if (C) return C
  const props = s.properties ?? {}
  class Message extends GoStruct {
    readonly goType = '*meshconfig.Message'
    constructor(m: JsonMap | undefined) {
      super()
      for (const [k, fs] of Object.entries(props)) {
        Object.defineProperty(this, goName(k), {value: view(m?.[k], fs), enumerable: true})
      }
      Object.defineProperty(this, 'json', {value: m, enumerable: false})
      Object.defineProperty(this, 'schema', {value: s, enumerable: false})
    }
    override goJson(): unknown {
      return (this as unknown as {json: unknown}).json ?? null
    }
  }
  for (const [k, fs] of Object.entries(props)) {
    const fn = function (this: Record<string, unknown>) {
      const v = this[goName(k)]
      if (v === null && fs.properties) return new (messageClass(fs))(undefined)
      return v
    }
    Object.defineProperty(Message.prototype, 'Get' + goName(k), {value: fn})
  }
  C = Message
  classes.set(s, C)
  return C
}

/** The Go value a template sees for a proto field of schema `s`. */
export function view(v: unknown, s: Schema): unknown {
  if (s.nullable) return v === undefined || v === null ? new WrapperValue(zero(s), true) : new WrapperValue(v)
  if (s.enum) return new EnumValue(typeof v === 'string' ? v : s.enum[0])
  if (s['x-meshctl-checks']?.includes('duration'))
    return typeof v === 'string' ? new DurationValue(durationNanos(v)) : null
  switch (s.type) {
    case 'string':
      return typeof v === 'string' ? v : ''
    case 'integer':
      return BigInt(Math.trunc(Number(v ?? 0)))
    case 'number':
      return Number(v ?? 0)
    case 'boolean':
      return v === true
    case 'array':
      return Array.isArray(v) ? v.map((x) => view(x, s.items ?? {})) : []
  }
  if (s.properties) return isMap(v) ? new (messageClass(s))(v) : null
  if (typeof s.additionalProperties === 'object' && s.additionalProperties.type === 'string') {
    return stringMap({...((v as Record<string, string>) ?? {})})
  }
  return v ?? null
}

function zero(s: Schema): unknown {
  if (s.type === 'boolean') return false
  if (s.type === 'integer') return 0n
  if (s.type === 'number') return 0
  return ''
}

// Templates only read views, so equal configs share one: each pod's proxy config is a new object, most
// of them equal (the mesh default), and building a view costs more than comparing the JSON.
const views = new Map<string, GoStruct>()
const cachedView = (m: JsonMap, s: Schema): GoStruct => {
  const key = `${s === PROXY_SCHEMA ? 'p' : 'm'}${JSON.stringify(m)}`
  let v = views.get(key)
  if (!v) {
    if (views.size >= 256) views.clear()
    views.set(key, (v = new (messageClass(s))(structuredClone(m))))
  }
  return v
}

/** `.ProxyConfig` for templates (one view per config object: templates only read it). */
export function proxyConfigView(pc: JsonMap): GoStruct {
  return cachedView(pc, PROXY_SCHEMA)
}

/** `.MeshConfig` for templates. */
export function meshConfigView(mc: JsonMap): GoStruct {
  return cachedView(mc, MESH_SCHEMA)
}
