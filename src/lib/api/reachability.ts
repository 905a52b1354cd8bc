// Warnings for VirtualService rules and matches that can never be used, as istiod's webhook reports them:
// a rule after a match-all rule, a match that repeats an earlier one, an URI prefix covered by an earlier one.
import type {HTTPMatchRequest, StringMatch, VirtualServiceSpec} from './networking.js'

type Path = ReadonlyArray<string | number>
type Warn = (path: Path, message: string) => void

interface Rule {
  name?: string
  match?: object[]
}

/** JSON with sorted keys and without proto defaults (false, 0, ""), so equal matches compare equal. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) return x
    const entries = Object.entries(x).filter(([, y]) => y !== false && y !== 0 && y !== '')
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))
  })
}

const ruleName = (r: Rule, i: number) => (r.name ? JSON.stringify(r.name) : `#${i}`)
const matchName = (m: {name?: string}, i: number) => (m.name ? JSON.stringify(m.name) : `#${i}`)

/** One URI-prefix match reduced to what the overlap check compares (istiod compares exact/prefix values only). */
interface PrefixMatch {
  rule: string
  match: string
  path: Path
  prefix: string
  port?: number
  method: string
  authority: string
  headers: Record<string, string>
  queryParams: Record<string, string>
  withoutHeaders: Record<string, string>
}

const exactOrPrefix = (m?: StringMatch): string =>
  m?.exact ? `exact:${m.exact}` : m?.prefix ? `prefix:${m.prefix}` : ''
const reduceMap = (m?: Record<string, StringMatch>) =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]))

function prefixMatch(m: HTTPMatchRequest, rule: string, match: string, path: Path): PrefixMatch | undefined {
  if (!m.uri?.prefix) return undefined
  return {
    rule,
    match,
    path,
    prefix: m.uri.prefix,
    port: m.port || undefined,
    method: exactOrPrefix(m.method) || 'exact:GET', // no method matches as GET here
    authority: exactOrPrefix(m.authority),
    headers: reduceMap(m.headers),
    queryParams: reduceMap(m.queryParams),
    withoutHeaders: reduceMap(m.withoutHeaders),
  }
}

/** Each value of `later` equals, or starts with, the value of `earlier` for the same key, and the keys agree. */
function mapCovered(earlier: Record<string, string>, later: Record<string, string>): boolean {
  const keys = Object.keys(earlier)
  if (keys.length !== Object.keys(later).length) return false
  return keys.every((k) => k in later && (earlier[k] === later[k] || earlier[k].startsWith(later[k])))
}

/** Whether the earlier prefix match takes all the traffic of the later one. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  return (
    b.prefix.startsWith(a.prefix) &&
    a.port === b.port &&
    (a.method === b.method || a.method.startsWith(b.method)) &&
    (a.authority === b.authority || a.authority.startsWith(b.authority)) &&
    mapCovered(a.headers, b.headers) &&
    mapCovered(a.queryParams, b.queryParams) &&
    mapCovered(a.withoutHeaders, b.withoutHeaders)
  )
}

function unreachable(rules: Rule[], base: Path, warn: Warn, http: boolean): void {
  const seen = new Map<string, number>()
  const prefixes: PrefixMatch[] = []
  let matchAll = -1
  rules.forEach((rule, i) => {
    const rp = [...base, i]
    const name = ruleName(rule, i)
    if (!rule.match?.length) {
      if (matchAll >= 0)
        warn(rp, `virtualService rule ${name} not used (only the last rule can have no matches)`)
      matchAll = i
      return
    }
    let duplicates = 0
    rule.match.forEach((m, j) => {
      if (matchAll >= 0)
        return warn(rp, `virtualService rule ${name} not used (route without matches defined before)`)
      const key = canonical({...m, name: undefined}) // a match's name does not change what it matches
      const dup = seen.get(key)
      const mName = matchName(m as {name?: string}, j)
      if (dup !== undefined) {
        duplicates++
        return warn(
          [...rp, 'match', j],
          `virtualService rule ${name} match ${mName} is not used (duplicate/overlapping match in rule ${ruleName(rules[dup], dup)})`,
        )
      }
      seen.set(key, i)
      const pm = http && prefixMatch(m as HTTPMatchRequest, name, mName, [...rp, 'match', j])
      if (pm) prefixes.push(pm)
    })
    if (duplicates === rule.match.length)
      warn(rp, `virtualService rule ${name} not used (all matches used by prior rules)`)
  })
  prefixes.forEach((a, i) => {
    for (const b of prefixes.slice(i + 1))
      if (b.prefix !== a.prefix && covers(a, b))
        warn(
          b.path,
          `virtualService rule ${b.rule} match ${b.match} of prefix ${b.prefix} is not used ` +
            `(duplicate/overlapping match in rule ${a.match} of prefix ${a.prefix} on ${a.rule})`,
        )
  })
}

/** Warns about every unreachable http, tcp and tls rule or match of a VirtualService. */
export function unreachableRules(spec: VirtualServiceSpec, warn: Warn): void {
  unreachable(spec.http ?? [], ['spec', 'http'], warn, true)
  unreachable(spec.tcp ?? [], ['spec', 'tcp'], warn, false)
  unreachable(spec.tls ?? [], ['spec', 'tls'], warn, false)
}
