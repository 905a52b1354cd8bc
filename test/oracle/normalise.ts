// Normalisers: turn each tool's output into a comparable value (a flat key → value map), so a case
// states WHAT it compares ("images", "webhooks", …) and the runner only diffs two maps.
import {parseAllDocuments, parse as parseYaml} from 'yaml'

/** A Kubernetes-like object as parsed from YAML. */
export type Obj = Record<string, any>

/** Comparable form of one view of an output: key → canonical JSON value. */
export type View = Map<string, string>

/** Parses a multi-document YAML stream, dropping empty documents. Throws on a syntax error. */
export function yamlObjects(text: string): Obj[] {
  const out: Obj[] = []
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors[0].message}`)
    const value = doc.toJSON()
    if (value && typeof value === 'object') {
      // a List is the same objects as its items
      if (Array.isArray(value.items) && /List$/.test(value.kind ?? '')) out.push(...value.items)
      else out.push(value)
    }
  }
  return out
}

/** `Kind namespace/name`, the identity of an object inside one rendering. */
export function identity(o: Obj): string {
  return `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`
}

/** JSON with object keys sorted at every level, so equal values always print the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k])
    return out
  }
  return value
}

/**
 * An object with its prose left out, since our charts carry our own words: CRD schema and column
 * descriptions, `kubernetes.io/description` annotations, and comments and layout of YAML documents
 * embedded in ConfigMaps (compared parsed). Null fields are left out too, as the API server drops them.
 */
export function withoutProse(o: Obj): Obj {
  const out = (withoutNulls(o) ?? {}) as Obj
  delete out.metadata?.annotations?.['kubernetes.io/description']
  if (out.kind === 'CustomResourceDefinition') dropKey(out.spec, 'description')
  if (out.kind === 'ConfigMap' && out.data)
    for (const [k, v] of Object.entries(out.data)) {
      if (typeof v !== 'string' || !v.includes('\n')) continue
      try {
        const parsed = parseYaml(v)
        if (parsed && typeof parsed === 'object') out.data[k] = parsed
      } catch {
        // not YAML: compared as text
      }
    }
  return out
}

/** A value without null fields; an object left empty by that is dropped too (`{a: null}` is no object). */
function withoutNulls(value: unknown): unknown {
  if (value === null) return undefined
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v) ?? null)
  if (typeof value !== 'object') return value
  const entries = Object.entries(value as Record<string, unknown>)
  const kept = entries.map(([k, v]) => [k, withoutNulls(v)] as const).filter(([, v]) => v !== undefined)
  return entries.length > 0 && kept.length === 0 ? undefined : Object.fromEntries(kept)
}

function dropKey(value: unknown, key: string): void {
  if (Array.isArray(value)) value.forEach((v) => dropKey(v, key))
  else if (value && typeof value === 'object') {
    const rec = value as Record<string, unknown>
    // a field named "description" in a schema's properties is data, not prose: keep the property itself
    if (typeof rec[key] === 'string') delete rec[key]
    Object.values(rec).forEach((v) => dropKey(v, key))
  }
}

/** The pod template spec of a workload, the pod spec of a Pod, or undefined. */
function podSpec(o: Obj): Obj | undefined {
  return o.kind === 'Pod' ? o.spec : o.spec?.template?.spec
}

function containers(o: Obj): Obj[] {
  const spec = podSpec(o)
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : []
}

function viewOf(entries: Iterable<[string, unknown]>): View {
  const view: View = new Map()
  for (const [k, v] of entries) view.set(k, canonical(v))
  return view
}

/** Everything a manifest view may look at, named so cases can refer to it. */
export const manifestViews = {
  /** Which objects exist. */
  identities: (objs: Obj[]) => viewOf(objs.map((o) => [identity(o), true])),
  /** Container images per workload container. */
  images: (objs: Obj[]) =>
    viewOf(
      objs.flatMap((o) => containers(o).map((c): [string, unknown] => [`${identity(o)} ${c.name}`, c.image])),
    ),
  /** Environment of every container, by variable name (value or valueFrom). */
  env: (objs: Obj[]) =>
    viewOf(
      objs.flatMap((o) =>
        containers(o).flatMap((c) =>
          (c.env ?? []).map((e: Obj): [string, unknown] => [
            `${identity(o)} ${c.name} ${e.name}`,
            e.value ?? e.valueFrom ?? '',
          ]),
        ),
      ),
    ),
  /** Service ports and container ports. */
  ports: (objs: Obj[]) =>
    viewOf([
      ...objs
        .filter((o) => o.kind === 'Service')
        .flatMap((o) =>
          (o.spec?.ports ?? []).map((p: Obj): [string, unknown] => [`${identity(o)} ${p.name ?? p.port}`, p]),
        ),
      ...objs.flatMap((o) =>
        containers(o).flatMap((c) =>
          (c.ports ?? []).map((p: Obj): [string, unknown] => [
            `${identity(o)} ${c.name} ${p.name ?? p.containerPort}`,
            p,
          ]),
        ),
      ),
    ]),
  /** Admission webhooks, without the cluster-filled caBundle. */
  webhooks: (objs: Obj[]) =>
    viewOf(
      objs
        .filter((o) => /^(Mutating|Validating)WebhookConfiguration$/.test(o.kind))
        .flatMap((o) =>
          (o.webhooks ?? []).map((w: Obj): [string, unknown] => {
            const {caBundle: _ca, ...clientConfig} = w.clientConfig ?? {}
            return [`${identity(o)} ${w.name}`, {...w, clientConfig}]
          }),
        ),
    ),
  /** Mesh config carried in the istio ConfigMaps, parsed, by top-level field. */
  meshConfig: (objs: Obj[]) =>
    viewOf(
      objs
        .filter((o) => o.kind === 'ConfigMap' && typeof o.data?.mesh === 'string')
        .flatMap((o) =>
          Object.entries((parseYaml(o.data.mesh) ?? {}) as Obj).map(([k, v]): [string, unknown] => [
            `${identity(o)} ${k}`,
            v,
          ]),
        ),
    ),
  /** Whole objects, by identity, prose aside (see withoutProse). */
  objects: (objs: Obj[]) => viewOf(objs.map((o): [string, unknown] => [identity(o), withoutProse(o)])),
} satisfies Record<string, (objs: Obj[]) => View>

export type ManifestView = keyof typeof manifestViews

/**
 * Findings of `analyze` (`-o json`, or the log format `Level [CODE] (origin file:line) message`) as a set of
 * `Level CODE origin (file:line) message`: who finds what, where, in which words. The key starts with
 * `Level CODE Kind ns/name`, which deviations match on.
 */
export function analyzeFindings(output: string): View {
  // istioctl may log a line to stdout before the JSON (e.g. a Gateway API CRD version warning)
  const json = /^\[/m.exec(output)
  const text = json ? output.slice(json.index).trim() : output.trim()
  const key = (level: string, code: string, origin: string, ref: string | undefined, message: string) =>
    `${level} ${code} ${origin}${ref ? ` (${ref})` : ''} ${message}`
  if (text.startsWith('[')) {
    const parsed = JSON.parse(text) as Obj[]
    return viewOf(
      parsed.map((m): [string, unknown] => [key(m.level, m.code, m.origin, m.reference, m.message), true]),
    )
  }
  // origin is `Kind ns/name` or `Kind name`; a file reference, when present, follows it
  const findings = [
    ...text.matchAll(/^(Error|Warning|Info) \[(IST\d+)\] \((\S+ \S+)(?: (\S+:\d+))?\) (.*)$/gm),
  ]
  return viewOf(findings.map((m): [string, unknown] => [key(m[1], m[2], m[3], m[4], m[5]), true]))
}

/** Analyze findings with their `(file:line)` left out. */
export function withoutReferences(findings: View): View {
  return new Map([...findings].map(([k, v]) => [k.replace(/^(\S+ \S+ \S+ \S+) \([^()\s]+:\d+\)/, '$1'), v]))
}

/**
 * What `validate` reported, as `error|warning Kind name → count`, from each tool's stderr. istioctl lists
 * `* Kind/namespace/name: message` under an `Error:` or a `has warnings:` header; meshctl prints
 * `error: file:line: Kind namespace/name: field: message` (or `warning:`). Namespaces are left out
 * (istioctl prints the file's, often empty; meshctl the effective one).
 */
export function validateFindings(stderr: string, tool: 'meshctl' | 'istioctl'): View {
  const counts = new Map<string, number>()
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  let section = 'error'
  for (const line of stderr.split('\n')) {
    if (tool === 'istioctl') {
      if (/has warnings:\s*$/.test(line)) section = 'warning'
      else if (line.startsWith('Error:')) section = 'error'
      const m = /^\s*\* ([\w.]+)\/[^/]*\/([^:\s]+): /.exec(line)
      if (m) add(`${section} ${m[1]} ${m[2]}`)
    } else {
      const m = /^(error|warning): .*?:\d+: ([\w.]+) (?:[^/\s]*\/)?([^:\s]+): /.exec(line)
      if (m) add(`${m[1]} ${m[2]} ${m[3]}`)
    }
  }
  return viewOf(counts)
}

/** Differences between two views, as readable lines (at most `limit`). */
export function diffViews(ours: View, theirs: View, limit = 5): string[] {
  const lines: string[] = []
  const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort()
  for (const k of keys) {
    const a = ours.get(k)
    const b = theirs.get(k)
    if (a === b) continue
    if (a === undefined) lines.push(`only istioctl: ${k}${b === 'true' ? '' : ` = ${clip(b!)}`}`)
    else if (b === undefined) lines.push(`only meshctl: ${k}${a === 'true' ? '' : ` = ${clip(a)}`}`)
    else lines.push(`${k}${firstDifference(JSON.parse(a), JSON.parse(b))}`)
  }
  return lines.length > limit ? [...lines.slice(0, limit), `… ${lines.length - limit} more`] : lines
}

/** Where two JSON values first differ: `.path: meshctl X istioctl Y`, down to the line of a text block. */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v)
  if (isObj(a) && isObj(b)) {
    const key = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .sort()
      .find((k) => canonical(a[k]) !== canonical(b[k]))!
    return firstDifference(a[key], b[key], `${path}.${key}`)
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const i = a.findIndex((x, j) => canonical(x) !== canonical(b[j]))
    return firstDifference(a[i], b[i], `${path}[${i}]`)
  }
  if (typeof a === 'string' && typeof b === 'string' && (a.includes('\n') || b.includes('\n'))) {
    const [la, lb] = [a.split('\n'), b.split('\n')]
    const i = la.findIndex((line, j) => line !== lb[j])
    const at = i < 0 ? la.length : i
    return `${path} line ${at + 1}: meshctl ${clip(JSON.stringify(la[at] ?? '<end>'))} istioctl ${clip(JSON.stringify(lb[at] ?? '<end>'))}`
  }
  return `${path}: meshctl ${clip(JSON.stringify(a) ?? 'undefined')} istioctl ${clip(JSON.stringify(b) ?? 'undefined')}`
}

function clip(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max)}…` : s
}
