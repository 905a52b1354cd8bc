import {TabWriter} from '../text/tabwriter.js'
import {
  type ConfigDump,
  type Msg,
  SECTION,
  describeManagement,
  entries,
  get,
  goSortSlice,
  parseSubsetKey,
  str,
  subsetKeyLess,
} from './dump.js'

export interface ClusterFilter {
  fqdn?: string
  port?: number
  subset?: string
  direction?: string
}

/** istioctl's ClusterFilter: substrings of the cluster name (port as `|port|`). */
export function clusterMatches(f: ClusterFilter, c: Msg): boolean {
  const name = str(c, 'name')
  if (f.fqdn && !name.includes(f.fqdn)) return false
  if (f.direction && !name.includes(f.direction)) return false
  if (f.subset && !name.includes(f.subset)) return false
  if (f.port && !name.includes(`|${f.port}|`)) return false
  return true
}

/** Dynamic active clusters then static ones, sorted by host, subset, port, direction. */
export function sortedClusters(dump: ConfigDump): Msg[] {
  const section = dump.section(SECTION.clusters)
  const clusters = entries(section, ['dynamic_active_clusters', 'static_clusters'], 'cluster')
  if (clusters.length === 0) throw new Error('no clusters found')
  return goSortSlice(clusters, (a, b) => subsetKeyLess(str(a, 'name'), str(b, 'name')))
}

/** Cluster.type (DiscoveryType), STATIC when unset. */
function clusterType(c: Msg): string {
  const t = get(c, 'type')
  return typeof t === 'string'
    ? t
    : (['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'][Number(t ?? 0)] ?? String(t))
}

/** `proxy-config cluster` (and the cluster part of `all`, with withType). */
export function clusterSummary(dump: ConfigDump, filter: ClusterFilter, withType = false): string {
  const w = new TabWriter(0, 5)
  w.row(
    ...(withType ? ['NAME'] : []),
    'SERVICE FQDN',
    'PORT',
    'SUBSET',
    'DIRECTION',
    'TYPE',
    'DESTINATION RULE',
  )
  for (const c of sortedClusters(dump)) {
    if (!clusterMatches(filter, c)) continue
    const name = str(c, 'name')
    const dr = describeManagement(get(c, 'metadata'))
    if (name.split('|').length > 3) {
      const k = parseSubsetKey(name)
      w.row(
        ...(withType ? [`cluster/${name}`] : []),
        k.host,
        k.port,
        k.subset || '-',
        k.direction,
        clusterType(c),
        dr,
      )
    } else if (withType && name.length > 0) {
      w.row(`cluster/${name}`, `cluster/${name}`, '-', '-', '-', clusterType(c), dr)
    } else {
      w.row(name, '-', '-', '-', clusterType(c), dr)
    }
  }
  return w.flush()
}

export function clusterDump(dump: ConfigDump, filter: ClusterFilter): Msg[] {
  return sortedClusters(dump).filter((c) => clusterMatches(filter, c))
}
