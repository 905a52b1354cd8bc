import type {FieldPath} from '../../../input/index.js'
import {specOf, type Resource} from '../../resource.js'

/** A route destination of a VirtualService. */
export interface Destination {
  host?: string
  subset?: string
  port?: {number?: number}
}

interface Route {
  destination?: Destination
}
interface HttpRoute {
  name?: string
  route?: Route[]
  mirror?: Destination
  mirrors?: Route[]
  match?: {headers?: Record<string, unknown>; withoutHeaders?: Record<string, unknown>}[]
}

/** The VirtualService fields analyzers read. */
export interface VirtualServiceSpec {
  hosts?: string[]
  gateways?: string[]
  exportTo?: string[]
  http?: (HttpRoute | null)[]
  tcp?: ({route?: Route[]} | null)[]
  tls?: ({route?: Route[]} | null)[]
}

/** A destination with the path of its `host` field. */
export interface PlacedDestination {
  destination: Destination
  path: FieldPath
  /** An http mirror (`mirror` or `mirrors`), not a route. */
  mirror: boolean
}

/** Route destinations in istioctl's order (tcp, tls, http), then http mirrors. */
export function destinations(vs: Resource): PlacedDestination[] {
  const spec = specOf<VirtualServiceSpec>(vs)
  const out: PlacedDestination[] = []
  // a null rule (`- ~`) is an empty one to istioctl
  for (const section of ['tcp', 'tls', 'http'] as const) {
    ;(spec[section] ?? []).forEach((rule, i) =>
      (rule?.route ?? []).forEach((r, j) =>
        out.push({
          destination: r.destination ?? {},
          path: ['spec', section, i, 'route', j, 'destination', 'host'],
          mirror: false,
        }),
      ),
    )
  }
  ;(spec.http ?? []).forEach((rule, i) => {
    if (rule?.mirror)
      out.push({
        destination: rule.mirror,
        path: ['spec', 'http', i, 'mirror', 'host'],
        mirror: true,
      })
    ;(rule?.mirrors ?? []).forEach((m, j) =>
      out.push({
        destination: m.destination ?? {},
        path: ['spec', 'http', i, 'mirrors', j, 'destination', 'host'],
        mirror: true,
      }),
    )
  })
  return out
}
