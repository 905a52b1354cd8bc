import type {FieldPath} from '../../../input/index.js'
import {newVirtualServiceIneffectiveMatch, newVirtualServiceUnreachableRule} from '../../messages.gen.js'
import type {Message} from '../../message.js'
import {specOf, type Resource} from '../../resource.js'

type Match = Record<string, unknown>
interface Rule {
  name?: string
  match?: Match[]
}

/** Canonical JSON of a match without its name, with default values dropped (Go omits them). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k])
      const empty =
        c === null ||
        c === undefined ||
        c === false ||
        c === '' ||
        c === 0 ||
        (Array.isArray(c) && c.length === 0) ||
        (typeof c === 'object' && c !== null && Object.keys(c).length === 0)
      if (!empty) out[k] = c
    }
    return out
  }
  return v
}
const matchKey = (m: Match, named: boolean) => JSON.stringify(canonical(named ? {...m, name: undefined} : m))

const quoted = (s: string) => JSON.stringify(s)
const ruleName = (r: Rule, i: number, http: boolean) => (http && r.name ? quoted(r.name) : `#${i}`)
const matchName = (m: Match, i: number, http: boolean) =>
  http && typeof m.name === 'string' && m.name ? quoted(m.name) : `#${i}`

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

/** Whether b's prefix match is covered by a's (istiod's overlapping-prefix check). */
function covered(a: PrefixRoute, b: PrefixRoute): boolean {
  if (!b.prefix.startsWith(a.prefix) || b.port !== a.port) return false
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false
  return a.maps.every((am, i) => {
    const bm = b.maps[i]
    if (am.size !== bm.size) return false
    for (const [k, v] of am) {
      const bv = bm.get(k)
      if (bv === undefined || (v !== bv && !v.startsWith(bv))) return false
    }
    return true
  })
}

function section(vs: Resource, kind: 'http' | 'tcp' | 'tls', out: Message[], fields: FieldPath[]): void {
  const http = kind === 'http'
  const rules = specOf<Record<string, Rule[] | undefined>>(vs)[kind] ?? []
  const report = (m: Message, path: FieldPath) => {
    out.push(m)
    fields.push(path)
  }
  const seen = new Map<string, number>()
  let emptyAt = -1
  const prefixes: PrefixRoute[] = []
  rules.forEach((rule, i) => {
    if (!rule) return
    const rn = ruleName(rule, i, http)
    const matches = rule.match ?? []
    if (matches.length === 0) {
      if (emptyAt >= 0)
        report(newVirtualServiceUnreachableRule(vs, rn, 'only the last rule can have no matches'), [
          'spec',
          kind,
          i,
        ])
      emptyAt = i
      return
    }
    let dups = 0
    matches.forEach((m, j) => {
      if (emptyAt >= 0) {
        report(newVirtualServiceUnreachableRule(vs, rn, 'route without matches defined before'), [
          'spec',
          kind,
          i,
        ])
        return
      }
      const key = matchKey(m, http)
      const first = seen.get(key)
      if (first !== undefined) {
        report(
          newVirtualServiceIneffectiveMatch(
            vs,
            rn,
            matchName(m, j, http),
            ruleName(rules[first], first, http),
          ),
          ['spec', kind, i, 'match', j],
        )
        dups++
        return
      }
      seen.set(key, i)
      const prefix = (m.uri as {prefix?: string} | undefined)?.prefix
      if (http && prefix)
        prefixes.push({
          route: rn,
          match: matchName(m, j, http),
          prefix,
          port: m.port,
          method: exactOrPrefix(m.method) || 'exact:GET',
          authority: exactOrPrefix(m.authority),
          maps: [stringMatches(m.headers), stringMatches(m.queryParams), stringMatches(m.withoutHeaders)],
        })
    })
    if (dups === matches.length)
      report(newVirtualServiceUnreachableRule(vs, rn, 'all matches used by prior rules'), ['spec', kind, i])
  })
  // Later prefix matches shadowed by an earlier, shorter prefix (quadratic in the matches of one resource only).
  for (let a = 0; a < prefixes.length; a++)
    for (let b = a + 1; b < prefixes.length; b++) {
      if (prefixes[a].prefix === prefixes[b].prefix || !covered(prefixes[a], prefixes[b])) continue
      report(
        newVirtualServiceIneffectiveMatch(
          vs,
          prefixes[b].route,
          `${prefixes[b].match} of prefix ${prefixes[b].prefix}`,
          `${prefixes[a].match} of prefix ${prefixes[a].prefix} on ${prefixes[a].route}`,
        ),
        ['spec', 'http'],
      )
    }
}

/**
 * IST0130 (a rule no request can reach) and IST0131 (a match repeating or covered by an earlier one) for a
 * VirtualService, with the field each finding is about. istiod reports these as validation warnings.
 */
export function unreachableRules(vs: Resource): {message: Message; field: FieldPath}[] {
  const out: Message[] = []
  const fields: FieldPath[] = []
  for (const kind of ['http', 'tcp', 'tls'] as const) section(vs, kind, out, fields)
  return out.map((message, i) => ({message, field: fields[i]}))
}
