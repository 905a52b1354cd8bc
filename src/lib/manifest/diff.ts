/**
 * `manifest diff`: compares two multi-document manifests object by object (by kind, namespace and name),
 * ignoring document order and key order.
 * @module
 */
import {createTwoFilesPatch} from 'diff'
import {marshalYaml, parseYamlDocuments, yamlInputError, type Json} from './goyaml.js'
import {getString, isTree, type Tree} from './values.js'

/** The identity of an object in a manifest. */
export function objectKey(o: Tree): string {
  return `${String(o.kind ?? '')}:${getString(o, 'metadata.namespace')}:${getString(o, 'metadata.name')}`
}

/** Objects of a manifest by key (later duplicates win). */
export function indexManifest(text: string, source: string): Map<string, Tree> {
  let docs: Json[]
  try {
    docs = parseYamlDocuments(text)
  } catch (e) {
    throw yamlInputError(source, e)
  }
  const out = new Map<string, Tree>()
  const add = (d: Json): void => {
    if (!isTree(d) || typeof d.kind !== 'string') return
    if (d.kind === 'List' && Array.isArray(d.items)) return d.items.forEach(add)
    out.set(objectKey(d), d)
  }
  docs.forEach(add)
  return out
}

/** The result of comparing two manifests. */
export interface ManifestDiff {
  onlyInA: string[]
  onlyInB: string[]
  changed: Array<{object: string; diff: string}>
  same: number
}

/** Whether the manifests differ: objects only on one side, or changed (the exit-1 decision of `manifest diff`). */
export function manifestsDiffer(d: ManifestDiff): boolean {
  return d.onlyInA.length > 0 || d.onlyInB.length > 0 || d.changed.length > 0
}

/** Compares two manifests' objects. */
export function diffManifests(
  a: {name: string; text: string},
  b: {name: string; text: string},
): ManifestDiff {
  const ia = indexManifest(a.text, a.name)
  const ib = indexManifest(b.text, b.name)
  const result: ManifestDiff = {onlyInA: [], onlyInB: [], changed: [], same: 0}
  for (const k of [...ia.keys()].sort()) {
    const ob = ib.get(k)
    if (!ob) {
      result.onlyInA.push(k)
      continue
    }
    const [ya, yb] = [marshalYaml(ia.get(k)!), marshalYaml(ob)]
    if (ya === yb) result.same++
    else {
      const patch = createTwoFilesPatch(`${a.name} ${k}`, `${b.name} ${k}`, ya, yb, undefined, undefined, {
        context: 2,
      })
      result.changed.push({object: k, diff: patch.split('\n').slice(1).join('\n')})
    }
  }
  result.onlyInB = [...ib.keys()].filter((k) => !ia.has(k)).sort()
  return result
}

/** Human text for a diff. */
export function formatManifestDiff(d: ManifestDiff, a: string, b: string): string {
  if (!d.onlyInA.length && !d.onlyInB.length && !d.changed.length)
    return `Manifests are identical (${d.same} objects).\n`
  const out: string[] = []
  const section = (title: string, items: string[]) => {
    if (items.length) out.push(`${title} (${items.length}):`, ...items.map((i) => `  ${i}`), '')
  }
  section(`Objects only in ${a}`, d.onlyInA)
  section(`Objects only in ${b}`, d.onlyInB)
  section(
    'Objects that differ',
    d.changed.map((c) => c.object),
  )
  for (const c of d.changed) out.push(c.diff)
  return out.join('\n').replace(/\n*$/, '\n')
}
