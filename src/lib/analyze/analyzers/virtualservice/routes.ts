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
  http?: HttpRoute[]
  tcp?: {route?: Route[]}[]
  tls?: {route?: Route[]}[]
}

/** A destination with the path of its `host` field. */
export interface PlacedDestination {
  destination: Destination
  path: FieldPath
  /** `route` for tcp/tls/http routes, `mirror` for http mirror(s). */
  role: 'route' | 'mirror'
  /** The route section (http, tcp, tls) and index. */
  section: 'http' | 'tcp' | 'tls'
}

/** Route destinations in istioctl's order (tcp, tls, http), then http mirrors. */
export function destinations(vs: Resource): PlacedDestination[] {
  const spec = specOf<VirtualServiceSpec>(vs)
  const out: PlacedDestination[] = []
  for (const section of ['tcp', 'tls', 'http'] as const) {
    ;(spec[section] ?? []).forEach((rule, i) =>
      (rule.route ?? []).forEach((r, j) =>
        out.push({
          destination: r.destination ?? {},
          path: ['spec', section, i, 'route', j, 'destination', 'host'],
          role: 'route',
          section,
        }),
      ),
    )
  }
  ;(spec.http ?? []).forEach((rule, i) => {
    if (rule.mirror)
      out.push({
        destination: rule.mirror,
        path: ['spec', 'http', i, 'mirror', 'host'],
        role: 'mirror',
        section: 'http',
      })
    ;(rule.mirrors ?? []).forEach((m, j) =>
      out.push({
        destination: m.destination ?? {},
        path: ['spec', 'http', i, 'mirrors', j, 'destination', 'host'],
        role: 'mirror',
        section: 'http',
      }),
    )
  })
  return out
}
