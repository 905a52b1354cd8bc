import {structuredPatch} from 'diff'
import {SECTION} from '../proxy-config/dump.js'
import {toProtoJson} from '../proxy-config/output.js'
import {goJsonIndent} from '../text/go-json.js'

type Obj = Record<string, unknown>

/**
 * istioctl's `proxy-status POD` comparison: istiod's view of the proxy's config (its config_dump sections)
 * against the Envoy's own /config_dump, for dynamic clusters, listeners and routes; "X Match" or
 * "X Don't Match" with a unified diff (7 lines of context). Both sides are proto3 JSON written the same way
 * (the Envoy side read through the protos first, as istioctl does).
 */
export function compareConfigDumps(istiod: readonly Obj[], envoy: readonly Obj[]): string {
  const istiodSections = istiod.map((s) => toProtoJson(s) as Obj)
  const envoySections = envoy.map((s) => toProtoJson(s) as Obj)
  const find = (list: Obj[], type: string) => list.filter((s) => s['@type'] === type).pop()
  let out = ''
  for (const part of PARTS) {
    const a = render(find(istiodSections, part.section), part)
    const b = render(find(envoySections, part.section), part)
    const text = unifiedDiff(a, b, `Istiod ${part.title}`, `Envoy ${part.title}`, 7)
    const suffix = part.title === 'Routes' ? rdsLoaded(find(envoySections, part.section)) : ''
    out += text ? `${part.title} Don't Match${suffix}\n${text}\n` : `${part.title} Match${suffix}\n`
  }
  return out
}

interface Part {
  title: 'Clusters' | 'Listeners' | 'Routes'
  section: string
  normalize(section: Obj): Obj
}

const nameOf = (x: unknown, ...path: string[]) => {
  let cur: unknown = x
  for (const p of path) cur = (cur as Obj | undefined)?.[p]
  return typeof cur === 'string' ? cur : ''
}
const byName = (path: string[]) => (a: unknown, b: unknown) => {
  const x = nameOf(a, ...path)
  const y = nameOf(b, ...path)
  return x < y ? -1 : x > y ? 1 : 0
}
const list = (o: Obj, k: string) => (Array.isArray(o[k]) ? (o[k] as Obj[]) : [])

const PARTS: Part[] = [
  {
    title: 'Clusters',
    section: SECTION.clusters,
    normalize: (s) => ({
      dynamicActiveClusters: list(s, 'dynamicActiveClusters')
        .map(({versionInfo: _v, lastUpdated: _l, ...rest}) => rest)
        .sort(byName(['cluster', 'name'])),
    }),
  },
  {
    title: 'Listeners',
    section: SECTION.listeners,
    normalize: (s) => ({
      dynamicListeners: list(s, 'dynamicListeners')
        .filter((l) => l.activeState)
        .map(({name: _n, drainingState: _d, activeState, ...rest}) => {
          const {versionInfo: _v, lastUpdated: _l, ...state} = activeState as Obj
          return {...rest, activeState: state}
        })
        .sort(byName(['activeState', 'listener', 'name'])),
    }),
  },
  {
    title: 'Routes',
    section: SECTION.routes,
    normalize: (s) => ({
      dynamicRouteConfigs: list(s, 'dynamicRouteConfigs')
        .map(({versionInfo: _v, lastUpdated: _l, routeConfig, ...rest}) => {
          const rc = {...(routeConfig as Obj)}
          if (Array.isArray(rc.virtualHosts))
            rc.virtualHosts = [...(rc.virtualHosts as Obj[])].sort(byName(['name']))
          return {...rest, routeConfig: rc}
        })
        .sort(byName(['routeConfig', 'name'])),
    }),
  },
]

function render(section: Obj | undefined, part: Part): string {
  if (!section) return `config dump has no configuration type ${part.section}`
  const n = part.normalize(section)
  // empty lists are left out, as jsonpb does
  const shown = Object.fromEntries(Object.entries(n).filter(([, v]) => !Array.isArray(v) || v.length > 0))
  return goJsonIndent(shown, '    ')
}

/** " (RDS last loaded at <RFC 1123>)" from the newest dynamic route config, as istioctl adds it. */
function rdsLoaded(section: Obj | undefined): string {
  if (!section) return ''
  let last = 0
  for (const r of list(section, 'dynamicRouteConfigs')) {
    const t = typeof r.lastUpdated === 'string' ? Date.parse(r.lastUpdated) : NaN
    if (!Number.isNaN(t) && t > last) last = t
  }
  if (last <= 0) return ''
  return ` (RDS last loaded at ${rfc1123(new Date(last))})`
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const p2 = (n: number) => String(n).padStart(2, '0')

/** Go's time.RFC1123 in UTC: "Mon, 02 Jan 2006 15:04:05 UTC". */
export function rfc1123(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`
  )
}

/** go-difflib's unified diff (no file dates): "" when equal. */
export function unifiedDiff(a: string, b: string, fromFile: string, toFile: string, context: number): string {
  if (a === b) return ''
  const patch = structuredPatch(
    fromFile,
    toFile,
    a.endsWith('\n') ? a : a + '\n',
    b.endsWith('\n') ? b : b + '\n',
    '',
    '',
    {
      context,
    },
  )
  if (patch.hunks.length === 0) return ''
  const range = (start: number, len: number) =>
    len === 1 ? `${start}` : len === 0 ? `${start},0` : `${start},${len}`
  let out = `--- ${fromFile}\n+++ ${toFile}\n`
  for (const h of patch.hunks) {
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`
    for (const line of h.lines) if (!line.startsWith('\\')) out += `${line}\n`
  }
  return out
}
