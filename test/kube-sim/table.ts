/** `meta.k8s.io/v1 Table` rendering for `kubectl get` (Accept …;as=Table), with columns for common kinds. */
import type {ResourceType} from './registry.js'
import type {KObj} from './store.js'

type Col = {name: string; type: string; format?: string; priority?: number; cell: (o: KObj) => unknown}

/** Human age like kubectl's: 5s, 3m, 2h, 4d. */
export function age(ts: string | undefined): string {
  if (!ts) return '<unknown>'
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(ts)) / 1000))
  if (s < 120) return `${s}s`
  if (s < 7200) return `${Math.floor(s / 60)}m`
  if (s < 172800) return `${Math.floor(s / 3600)}h`
  return `${Math.floor(s / 86400)}d`
}

const name: Col = {name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name}
const ageCol: Col = {name: 'Age', type: 'string', cell: (o) => age(o.metadata.creationTimestamp)}

function podStatus(o: KObj): string {
  if (o.metadata.deletionTimestamp) return 'Terminating'
  for (const cs of o.status?.containerStatuses ?? []) {
    if (cs.state?.waiting?.reason) return cs.state.waiting.reason
    if (cs.state?.terminated?.reason) return cs.state.terminated.reason
  }
  return o.status?.phase ?? 'Pending'
}

const COLUMNS: Record<string, Col[]> = {
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp),
    },
    {name: 'Type', type: 'string', cell: (o) => o.type ?? ''},
    {name: 'Reason', type: 'string', cell: (o) => o.reason ?? ''},
    {
      name: 'Object',
      type: 'string',
      cell: (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`,
    },
    {name: 'Message', type: 'string', cell: (o) => o.message ?? ''},
  ],
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) =>
        `${(o.status?.containerStatuses ?? []).filter((c: {ready?: boolean}) => c.ready).length}/${(o.spec?.containers ?? []).length}`,
    },
    {name: 'Status', type: 'string', cell: podStatus},
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        String(
          (o.status?.containerStatuses ?? []).reduce(
            (n: number, c: {restartCount?: number}) => n + (c.restartCount ?? 0),
            0,
          ),
        ),
    },
    ageCol,
    {name: 'IP', type: 'string', priority: 1, cell: (o) => o.status?.podIP ?? '<none>'},
    {name: 'Node', type: 'string', priority: 1, cell: (o) => o.spec?.nodeName ?? '<none>'},
  ],
  Deployment: [
    name,
    {name: 'Ready', type: 'string', cell: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`},
    {name: 'Up-to-date', type: 'integer', cell: (o) => o.status?.updatedReplicas ?? 0},
    {name: 'Available', type: 'integer', cell: (o) => o.status?.availableReplicas ?? 0},
    ageCol,
  ],
  ReplicaSet: [
    name,
    {name: 'Desired', type: 'integer', cell: (o) => o.spec?.replicas ?? 1},
    {name: 'Current', type: 'integer', cell: (o) => o.status?.replicas ?? 0},
    {name: 'Ready', type: 'integer', cell: (o) => o.status?.readyReplicas ?? 0},
    ageCol,
  ],
  Namespace: [name, {name: 'Status', type: 'string', cell: (o) => o.status?.phase ?? 'Active'}, ageCol],
  Service: [
    name,
    {name: 'Type', type: 'string', cell: (o) => o.spec?.type ?? 'ClusterIP'},
    {name: 'Cluster-IP', type: 'string', cell: (o) => o.spec?.clusterIP ?? '<none>'},
    {
      name: 'External-IP',
      type: 'string',
      cell: (o) =>
        (o.status?.loadBalancer?.ingress ?? []).map((i: {ip?: string}) => i.ip).join(',') ||
        (o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>'),
    },
    {
      name: 'Port(s)',
      type: 'string',
      cell: (o) =>
        (o.spec?.ports ?? [])
          .map((p: {port: number; protocol?: string}) => `${p.port}/${p.protocol ?? 'TCP'}`)
          .join(',') || '<none>',
    },
    ageCol,
  ],
  ConfigMap: [
    name,
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length,
    },
    ageCol,
  ],
}

/** A CRD printer column cell: dates as ages, structured values as JSON (as the apiserver renders them). */
const jsonPathCell = (path: string, type: string) => (o: KObj) => {
  const v = path
    .replace(/^\./, '')
    .split('.')
    .reduce<unknown>(
      (x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined),
      o,
    )
  if (v === undefined || v === null) return null
  if (type === 'date' && typeof v === 'string') return age(v)
  return typeof v === 'object' ? JSON.stringify(v) : v
}

function columnsFor(t: ResourceType): Col[] {
  if (t.printerColumns?.length) {
    return [
      name,
      ...t.printerColumns.map((c) => ({
        name: c.name,
        type: c.type,
        priority: c.priority,
        cell: jsonPathCell(c.jsonPath, c.type),
      })),
      ...(t.printerColumns.some((c) => c.jsonPath === '.metadata.creationTimestamp') ? [] : [ageCol]),
    ]
  }
  return (t.group === '' || !t.custom ? COLUMNS[t.kind] : undefined) ?? [name, ageCol]
}

/** A Table of objects; `withColumns=false` omits column definitions (later watch events). */
export function toTable(t: ResourceType, objs: KObj[], rv: string, withColumns = true): unknown {
  const cols = columnsFor(t)
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {resourceVersion: rv},
    columnDefinitions: withColumns
      ? cols.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.name,
          priority: c.priority ?? 0,
        }))
      : [],
    rows: objs.map((o) => ({
      cells: cols.map((c) => c.cell(o)),
      object: {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata},
    })),
  }
}

/** True when the Accept header asks for a Table first. */
export function wantsTable(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0] ?? ''
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first)
}
