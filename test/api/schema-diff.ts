// Compares two structural schemas node by node (descriptions aside) for the cross-check tests.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import type {JSONSchemaProps} from '../../src/lib/api/schema.js'
import {ROOT} from '../helpers/cli.js'

const CHILD_KEYS = new Set(['properties', 'items', 'additionalProperties', 'description'])

/** Every node of a schema by path (`.spec.http[].route[].weight`, `{}` for map values), with its own keywords. */
export function flatten(s: JSONSchemaProps, path = '', out = new Map<string, Record<string, unknown>>()) {
  const own: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s)) if (!CHILD_KEYS.has(k) && !k.startsWith('x-meshctl-')) own[k] = v
  out.set(path || '.', own)
  for (const [name, p] of Object.entries(s.properties ?? {})) flatten(p, `${path}.${name}`, out)
  if (s.items) flatten(s.items, `${path}[]`, out)
  if (s.additionalProperties) flatten(s.additionalProperties, `${path}{}`, out)
  return out
}

const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  )

/** The differences between Istio's schema and ours, one line each (empty when they agree). */
export function schemaDiff(theirs: JSONSchemaProps, ours: JSONSchemaProps, label: string): string[] {
  const a = flatten(theirs)
  const b = flatten(ours)
  const diffs: string[] = []
  for (const [path, node] of a) {
    const mine = b.get(path)
    if (!mine) {
      diffs.push(`${label} ${path}: missing in ours`)
      continue
    }
    for (const key of new Set([...Object.keys(node), ...Object.keys(mine)])) {
      // `required` is a set: order does not matter.
      const norm = (v: unknown) => (key === 'required' && Array.isArray(v) ? [...v].sort() : v)
      if (canon(norm(node[key])) !== canon(norm(mine[key])))
        diffs.push(`${label} ${path}: ${key} is ${canon(mine[key])} in ours, ${canon(node[key])} in Istio's`)
    }
  }
  for (const path of b.keys()) if (!a.has(path)) diffs.push(`${label} ${path}: only in ours`)
  return diffs
}

/** Istio's own CRDs (a shared fixture, read in place, never copied into the project). */
export const ISTIO_CRDS_PATH = join(
  ROOT,
  '..',
  'shared',
  'fixtures',
  'istio-1.30',
  'crds',
  'crd-all.gen.yaml',
)

export type Crd = {metadata: {name: string}; spec: any}
export function istioCrds(): Crd[] {
  return parseAllDocuments(readFileSync(ISTIO_CRDS_PATH, 'utf8'))
    .map((d) => d.toJS() as Crd)
    .filter(Boolean)
}
