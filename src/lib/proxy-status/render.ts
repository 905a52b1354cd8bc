import {marshalYaml, type Json} from '../manifest/goyaml.js'
import {usageError} from '../errors.js'
import {TabWriter} from '../text/tabwriter.js'
import {jsonpbIndent} from '../text/go-json.js'
import {humanDuration} from '../text/duration.js'
import {
  TYPE,
  controlPlaneOf,
  shortType,
  type ClientConfig,
  type DiscoveryResponse,
  type GenericXdsConfig,
} from './types.js'

/** syncz answers by the istiod that gave them (its ID). */
export type SynczAnswers = ReadonlyMap<string, DiscoveryResponse>

export interface StatusOptions {
  /** Only proxies whose node metadata NAMESPACE is this. */
  namespace?: string
  output: 'table' | 'json' | 'yaml'
  /** 0: SUBSCRIBED TYPES; 1: a column per type. */
  verbosity: number
  /** For ages ("SYNCED (5m)"). */
  now?: Date
}

interface ProxyRow {
  proxyID: string
  clusterID: string
  istiodID: string
  istiodVersion: string
  typeStatus: Map<string, string>
}

const IGNORED = 'IGNORED'
/** The types `-v 1` always shows, even when no proxy subscribes to them. */
const KNOWN_TYPES = [TYPE.cluster, TYPE.listener, TYPE.endpoint, TYPE.route, TYPE.extension]
/** The order of the first SUBSCRIBED TYPES, before the rest sorted. */
const CORE_ORDER = [TYPE.cluster, TYPE.listener, TYPE.endpoint, TYPE.route]

/** Renders istioctl's proxy-status output from every istiod's syncz answer. */
export function renderProxyStatus(answers: SynczAnswers, opts: StatusOptions): string {
  switch (opts.output) {
    case 'json':
    case 'yaml':
      return renderMachine(answers, opts)
    case 'table':
      return opts.verbosity > 0 ? renderVerbose(answers, opts) : renderTable(answers, opts)
    default:
      throw usageError(`output format "${String(opts.output)}" not supported`)
  }
}

function clientConfigs(r: DiscoveryResponse): ClientConfig[] {
  return (r.resources ?? []).filter((x) => !x['@type'] || x['@type'] === TYPE.clientConfig) as ClientConfig[]
}

function meta(cc: ClientConfig, key: string): string {
  const v = cc.node?.metadata?.[key]
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v)
}

/** The per-type configs, from the current field or the deprecated per-type one. */
function xdsConfigs(cc: ClientConfig): GenericXdsConfig[] {
  if (cc.genericXdsConfigs) return cc.genericXdsConfigs
  const out: GenericXdsConfig[] = []
  const legacy: [string, string][] = [
    ['listenerConfig', TYPE.listener],
    ['clusterConfig', TYPE.cluster],
    ['routeConfig', TYPE.route],
    ['endpointConfig', TYPE.endpoint],
  ]
  for (const c of cc.xdsConfig ?? []) {
    const found = legacy.find(([k]) => k in c)
    if (found) out.push({typeUrl: found[1], configStatus: c.status})
  }
  return out
}

function formatStatus(c: GenericXdsConfig, now: Date): string {
  const status = c.configStatus ?? 'UNKNOWN'
  if (status === 'UNKNOWN') return IGNORED
  if (status === 'NOT_SENT') return 'NOT SENT'
  if (c.lastUpdated) {
    const t = Date.parse(c.lastUpdated)
    if (!Number.isNaN(t)) return `${status} (${humanDuration(now.getTime() - t)})`
  }
  return status
}

function collect(answers: SynczAnswers, opts: StatusOptions): {rows: ProxyRow[]; types: string[]} {
  const now = opts.now ?? new Date()
  const rows: ProxyRow[] = []
  const seen = new Set<string>()
  for (const r of answers.values()) {
    const cp = controlPlaneOf(r)
    for (const cc of clientConfigs(r)) {
      if (opts.namespace && meta(cc, 'NAMESPACE') !== opts.namespace) continue
      const typeStatus = new Map<string, string>()
      for (const c of xdsConfigs(cc)) {
        const t = c.typeUrl ?? ''
        seen.add(t)
        typeStatus.set(t, formatStatus(c, now))
      }
      rows.push({
        proxyID: cc.node?.id ?? '',
        clusterID: meta(cc, 'CLUSTER_ID'),
        istiodID: cp.ID,
        istiodVersion: meta(cc, 'ISTIO_VERSION'),
        typeStatus,
      })
    }
  }
  const types: string[] = CORE_ORDER.filter((t) => seen.has(t))
  types.push(...[...seen].filter((t) => !types.includes(t)).sort())
  rows.sort((a, b) => (a.proxyID < b.proxyID ? -1 : a.proxyID > b.proxyID ? 1 : 0))
  return {rows, types}
}

function renderTable(answers: SynczAnswers, opts: StatusOptions): string {
  const {rows, types} = collect(answers, opts)
  const w = new TabWriter(0, 5).row('NAME', 'CLUSTER', 'ISTIOD', 'VERSION', 'SUBSCRIBED TYPES')
  for (const p of rows) {
    const subscribed = types
      .filter((t) => p.typeStatus.has(t) && p.typeStatus.get(t) !== IGNORED)
      .map(shortType)
    const cell = subscribed.length > 0 ? `${subscribed.length} (${subscribed.join(',')})` : '0'
    w.row(p.proxyID, p.clusterID, p.istiodID, p.istiodVersion, cell)
  }
  return w.flush()
}

function renderVerbose(answers: SynczAnswers, opts: StatusOptions): string {
  const {rows, types} = collect(answers, opts)
  const all = [...new Set([...types, ...KNOWN_TYPES])].sort()
  const w = new TabWriter(0, 5).row('NAME', 'CLUSTER', ...all.map(shortType), 'ISTIOD', 'VERSION')
  for (const p of rows)
    w.row(
      p.proxyID,
      p.clusterID,
      ...all.map((t) => p.typeStatus.get(t) ?? IGNORED),
      p.istiodID,
      p.istiodVersion,
    )
  return w.flush()
}

/** jsonpb's map indentation applies to the node metadata (a google.protobuf.Struct). */
const isStruct = (path: readonly string[]) =>
  path.length === 4 && path[0] === 'resources' && path[2] === 'node' && path[3] === 'metadata'

function renderMachine(answers: SynczAnswers, opts: StatusOptions): string {
  let out = ''
  for (const id of [...answers.keys()].sort()) {
    let r = answers.get(id)!
    if (opts.namespace) {
      const ns = opts.namespace
      r = {...r, resources: (r.resources ?? []).filter((x) => meta(x as ClientConfig, 'NAMESPACE') === ns)}
    }
    const json = jsonpbIndent(canonicalOrder(r), '    ', isStruct)
    out += opts.output === 'yaml' ? marshalYaml(JSON.parse(json) as Json) + '\n' : json + '\n'
  }
  return out
}

/** DiscoveryResponse fields in proto field order, as jsonpb writes them; empty fields left out. */
function canonicalOrder(r: DiscoveryResponse): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (r.versionInfo) out.versionInfo = r.versionInfo
  if (r.resources && r.resources.length > 0) out.resources = r.resources
  if (r.canary) out.canary = r.canary
  if (r.typeUrl) out.typeUrl = r.typeUrl
  if (r.nonce) out.nonce = r.nonce
  if (r.controlPlane) out.controlPlane = r.controlPlane
  return out
}
