/** Label and field selectors with the apiserver's grammar. Parse errors throw SelectorError (→ 400). */

export class SelectorError extends Error {}

type Req =
  | {op: 'in' | 'notin'; key: string; values: string[]}
  | {op: 'exists' | '!exists'; key: string}
  | {op: '=' | '!='; key: string; values: [string]}

export type Matcher = (labels: Record<string, string> | undefined) => boolean

/** Splits at commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (const c of s) {
    if (c === '(') depth++
    if (c === ')') depth--
    if (c === ',' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += c
  }
  parts.push(cur)
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key))
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`)
  return key
}

/** Parses a label selector (`a=b,c!=d,e in (f,g),!h,i`). */
export function parseLabelSelector(sel: string | undefined | null): Matcher {
  if (!sel || !sel.trim()) return () => true
  const reqs: Req[] = splitTop(sel).map((part) => {
    let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part)
    if (m) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
      return {op: m[2] as 'in' | 'notin', key: checkKey(m[1]!, sel), values}
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part)
    if (m) return {op: m[2] === '!=' ? '!=' : '=', key: checkKey(m[1]!, sel), values: [m[3]!]}
    m = /^!\s*(\S+)$/.exec(part)
    if (m) return {op: '!exists', key: checkKey(m[1]!, sel)}
    if (/^\S+$/.test(part) && !/[()=!]/.test(part)) return {op: 'exists', key: checkKey(part, sel)}
    throw new SelectorError(
      `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
    )
  })
  return (labels) =>
    reqs.every((r) => {
      const v = labels?.[r.key]
      switch (r.op) {
        case 'exists':
          return v !== undefined
        case '!exists':
          return v === undefined
        case '=':
          return v === r.values[0]
        case '!=':
          return v !== r.values[0]
        case 'in':
          return v !== undefined && r.values.includes(v)
        case 'notin':
          return v === undefined || !r.values.includes(v)
      }
    })
}

/** Label selector from a `{matchLabels, matchExpressions}` object (workload selectors). */
export function matchLabelSelector(
  sel:
    | {
        matchLabels?: Record<string, string>
        matchExpressions?: {key: string; operator: string; values?: string[]}[]
      }
    | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels?.[k] !== v) return false
  for (const e of sel.matchExpressions ?? []) {
    const v = labels?.[e.key]
    const vals = e.values ?? []
    const ok =
      e.operator === 'In'
        ? v !== undefined && vals.includes(v)
        : e.operator === 'NotIn'
          ? v === undefined || !vals.includes(v)
          : e.operator === 'Exists'
            ? v !== undefined
            : v === undefined
    if (!ok) return false
  }
  return true
}

/** `{matchLabels}` → `a=b,c=d`, the string form kubectl and Scale use. */
export function selectorString(sel: {matchLabels?: Record<string, string>} | undefined): string {
  return Object.entries(sel?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

/** Field paths supported per kind, besides metadata.name and metadata.namespace. */
const FIELDS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'status.phase',
    'status.podIP',
    'spec.serviceAccountName',
    'spec.restartPolicy',
    'spec.schedulerName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
}

const get = (obj: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    )

/** Parses a field selector for a kind; custom resources support only metadata.name/namespace. */
export function parseFieldSelector(sel: string | undefined | null, kind: string): (obj: unknown) => boolean {
  if (!sel || !sel.trim()) return () => true
  const reqs = sel.split(',').map((part) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim())
    if (!m) throw new SelectorError(`invalid selector: '${sel}'; can't understand '${part}'`)
    const field = m[1]!.trim()
    if (
      field !== 'metadata.name' &&
      field !== 'metadata.namespace' &&
      !(FIELDS[kind] ?? []).includes(field)
    ) {
      // Kinds with only the generic metadata fields answer with the selectable list; the others as their
      // own field-label conversion does.
      throw new SelectorError(
        FIELDS[kind]
          ? `field label not supported: ${field}`
          : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      )
    }
    return {field, neg: m[2] === '!=', value: m[3]!}
  })
  return (obj) =>
    reqs.every((r) => {
      const v = get(obj, r.field)
      const s = v === undefined || v === null ? '' : String(v)
      return r.neg ? s !== r.value : s === r.value
    })
}
