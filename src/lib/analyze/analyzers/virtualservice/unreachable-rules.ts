import {newVirtualServiceIneffectiveMatch, newVirtualServiceUnreachableRule} from '../../messages.gen.js'
import type {Message} from '../../message.js'
import {specOf, type Resource} from '../../resource.js'

type Match = Record<string, unknown>
interface Rule {
  name?: string
  match?: Match[]
}

/** Go's zero values, which its JSON omits: null, false, '', 0, and empty lists and maps. */
const isDefault = (c: unknown) =>
  c == null || c === false || c === '' || c === 0 || (typeof c === 'object' && Object.keys(c).length === 0)

/** Canonical JSON of a match without its name, with default values dropped (Go omits them). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k])
      if (!isDefault(c)) out[k] = c
    }
    return out
  }
  return v
}
const matchKey = (m: Match, named: boolean) => JSON.stringify(canonical(named ? {...m, name: undefined} : m))

/** A rule's or match's quoted name, or its index: only HTTP rules and matches have names. */
const nameOf = (o: {name?: unknown}, i: number, http: boolean) =>
  http && o.name ? JSON.stringify(String(o.name)) : `#${i}`

/** `exact:v` or `prefix:v` of a StringMatch, '' otherwise. */
function exactOrPrefix(s: unknown): string {
  const m = (s ?? {}) as {exact?: string; prefix?: string}
  return m.exact ? `exact:${m.exact}` : m.prefix ? `prefix:${m.prefix}` : ''
}
const stringMatches = (m: unknown) =>
  new Map(Object.entries((m ?? {}) as Record<string, unknown>).map(([k, v]) => [k, exactOrPrefix(v)]))

interface PrefixRoute {
  route: string
  match: string
  prefix: string
  port: unknown
  method: string
  authority: string
  maps: Map<string, string>[]
}

/** Whether b's prefix match is covered by a's (istiod's overlapping-prefix check: equal values start alike). */
function covered(a: PrefixRoute, b: PrefixRoute): boolean {
  if (!b.prefix.startsWith(a.prefix) || b.port !== a.port) return false
  if (!a.method.startsWith(b.method) || !a.authority.startsWith(b.authority)) return false
  return a.maps.every((am, i) => {
    const bm = b.maps[i]
    return am.size === bm.size && [...am].every(([k, v]) => v.startsWith(bm.get(k) ?? '\0'))
  })
}

function section(vs: Resource, kind: 'http' | 'tcp' | 'tls', out: Message[]): void {
  const http = kind === 'http'
  const rules = specOf<Record<string, (Rule | null)[] | undefined>>(vs)[kind] ?? []
  const report = (m: Message) => out.push(m)
  const seen = new Map<string, string>() // match key → the name of the first rule with it
  let emptyAt = -1
  const prefixes: PrefixRoute[] = []
  // istioctl reads a null list item as an empty rule (protobuf JSON), which has no matches
  rules.forEach((item, i) => {
    const rule = item ?? {}
    const rn = nameOf(rule, i, http)
    const matches = rule.match ?? []
    if (matches.length === 0) {
      if (emptyAt >= 0)
        report(newVirtualServiceUnreachableRule(vs, rn, 'only the last rule can have no matches'))
      emptyAt = i
      return
    }
    let dups = 0
    matches.forEach((m, j) => {
      if (emptyAt >= 0) {
        report(newVirtualServiceUnreachableRule(vs, rn, 'route without matches defined before'))
        return
      }
      const key = matchKey(m, http)
      const first = seen.get(key)
      if (first !== undefined) {
        report(newVirtualServiceIneffectiveMatch(vs, rn, nameOf(m, j, http), first))
        dups++
        return
      }
      seen.set(key, rn)
      const prefix = (m.uri as {prefix?: string} | undefined)?.prefix
      if (http && prefix)
        prefixes.push({
          route: rn,
          match: nameOf(m, j, http),
          prefix,
          port: m.port ?? 0, // Go's zero: an absent port is port 0
          method: exactOrPrefix(m.method) || 'exact:GET',
          authority: exactOrPrefix(m.authority),
          maps: [stringMatches(m.headers), stringMatches(m.queryParams), stringMatches(m.withoutHeaders)],
        })
    })
    if (dups === matches.length)
      report(newVirtualServiceUnreachableRule(vs, rn, 'all matches used by prior rules'))
  })
  // Later prefix matches shadowed by an earlier, shorter prefix (quadratic in the matches of one resource only).
  prefixes.forEach((a, i) => {
    for (const b of prefixes.slice(i + 1))
      if (a.prefix !== b.prefix && covered(a, b))
        report(
          newVirtualServiceIneffectiveMatch(
            vs,
            b.route,
            `${b.match} of prefix ${b.prefix}`,
            `${a.match} of prefix ${a.prefix} on ${a.route}`,
          ),
        )
  })
}

/**
 * IST0130 (a rule no request can reach) and IST0131 (a match repeating or covered by an earlier one) for a
 * VirtualService. istiod reports these as validation warnings; istioctl prints them at the resource's line.
 */
export function unreachableRules(vs: Resource): Message[] {
  const out: Message[] = []
  for (const kind of ['http', 'tcp', 'tls'] as const) section(vs, kind, out)
  return out
}
