import {MeshctlError, inputError} from '../errors.js'

/** A message of an Envoy config dump as JSON: Envoy writes snake_case names, protojson camelCase. */
export type Msg = Record<string, unknown>

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** A field by its proto name, in either JSON spelling. */
export function get(m: unknown, name: string): unknown {
  if (m === null || typeof m !== 'object') return undefined
  const o = m as Msg
  return name in o ? o[name] : o[camel(name)]
}

export const str = (m: unknown, name: string): string => {
  const v = get(m, name)
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v)
}
export const num = (m: unknown, name: string): number => {
  const v = get(m, name)
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) || 0 : 0
}
export const list = (m: unknown, name: string): Msg[] => {
  const v = get(m, name)
  return Array.isArray(v) ? (v as Msg[]) : []
}
/** The `field` of each entry of the named lists of a dump section, in order (dynamic, then static). */
export const entries = (section: unknown, lists: string[], field: string): Msg[] =>
  lists.flatMap((l) => list(section, l).flatMap((e) => (get(e, field) ? [get(e, field) as Msg] : [])))
export const msg = (m: unknown, name: string): Msg | undefined => {
  const v = get(m, name)
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Msg) : undefined
}
/** A path of fields: path(m, 'a', 'b') = m.a.b. */
export function path(m: unknown, ...names: string[]): unknown {
  let cur: unknown = m
  for (const n of names) cur = get(cur, n)
  return cur
}

export const SECTION = {
  bootstrap: 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
  listeners: 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
  endpoints: 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
  clusters: 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
  routes: 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
  secrets: 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
  ecds: 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump',
} as const

/** An Envoy `/config_dump` (envoy.admin.v3.ConfigDump) and its sections. */
export class ConfigDump {
  constructor(readonly configs: readonly Msg[]) {}

  /** Parses a config dump; `where` names the source in errors (a file or pod). */
  static parse(text: string, where: string): ConfigDump {
    let v: unknown
    try {
      v = JSON.parse(text)
    } catch (e) {
      throw inputError(`${where}: not an Envoy config dump: ${(e as Error).message}`)
    }
    const configs = get(v, 'configs')
    if (
      v === null ||
      typeof v !== 'object' ||
      Array.isArray(v) ||
      (configs !== undefined && !Array.isArray(configs))
    )
      throw inputError(`${where}: not an Envoy config dump: expected an object with a "configs" list`)
    return new ConfigDump((configs ?? []) as Msg[])
  }

  /** The last section of a type, as istioctl picks it. */
  section(type: string): Msg {
    const found = this.sections(type)
    return found[found.length - 1]!
  }

  sections(type: string): Msg[] {
    const found = this.configs.filter((c) => c['@type'] === type)
    if (found.length === 0) throw new MeshctlError(`config dump has no configuration type ${type}`)
    return found
  }

  has(type: string): boolean {
    return this.configs.some((c) => c['@type'] === type)
  }
}

/**
 * Go's sort.Slice: insertion sort up to 12 elements (what istioctl's comparators, some of them not strict
 * orders, produce on small inputs); a stable sort by the same `less` beyond.
 */
export function goSortSlice<T>(a: T[], less: (x: T, y: T) => boolean): T[] {
  if (a.length <= 12) {
    for (let i = 1; i < a.length; i++)
      for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) [a[j], a[j - 1]] = [a[j - 1]!, a[j]!]
    return a
  }
  return a.sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0))
}

/** Istio's model.ParseSubsetKey of `direction|port|subset|host`, or the whole name as host. */
export function parseSubsetKey(key: string): {direction: string; subset: string; host: string; port: number} {
  const parts = key.split('|')
  // more than four parts: no host, as Istio's parser says
  if (parts.length > 3)
    return {
      direction: parts[0]!,
      port: goAtoi(parts[1]!),
      subset: parts[2]!,
      host: parts.length === 4 ? parts[3]! : '',
    }
  return {direction: '', subset: '', host: key, port: 0}
}

function goAtoi(s: string): number {
  return /^[+-]?\d+$/.test(s) ? Number(s) : 0
}

/** istioctl's sort of clusters and endpoint groups: by host, subset, port, direction. */
export function subsetKeyLess(a: string, b: string): boolean {
  const x = parseSubsetKey(a)
  const y = parseSubsetKey(b)
  if (x.host !== y.host) return x.host < y.host
  if (x.subset !== y.subset) return x.subset < y.subset
  if (x.port !== y.port) return x.port < y.port
  return x.direction < y.direction
}

/** What Istio config made a resource: its istio filter metadata `config` path, as name.namespace. */
export function describeManagement(metadata: unknown): string {
  const config = path(metadata, 'filter_metadata', 'istio', 'config')
  if (metadata === undefined || metadata === null) return ''
  if (typeof config !== 'string') return ''
  if (config.startsWith('/apis/networking.istio.io/')) {
    const pieces = config.split('/')
    return pieces.length === 8 ? `${pieces[7]}.${pieces[5]}` : ''
  }
  return '<unknown>'
}
