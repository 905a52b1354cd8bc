/**
 * Field ownership for managedFields and server-side apply: an object is reduced to its set of leaf paths
 * (structured-merge-diff style elements `f:name`, `k:{"name":"x"}`, `v:"x"`), which converts to and from
 * the FieldsV1 tree stored in `metadata.managedFields`.
 */
import {isDeepStrictEqual} from 'node:util'
import type {ListStrategyResolver} from '../../src/lib/kube/strategic-merge.js'

type Obj = Record<string, unknown>
export type Path = string[]
/** Leaf path (JSON of its elements) → value. */
export type Leaves = Map<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

const META_FIELDS = ['labels', 'annotations', 'finalizers', 'ownerReferences']

/** Which part of an object a write touches: the main resource without status, only status, or everything. */
export type Scope = 'main' | 'status' | 'all'

/** Leaf paths of an object's user-managed content. */
export function leaves(obj: Obj, resolve: ListStrategyResolver, scope: Scope): Leaves {
  const out: Leaves = new Map()
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || v === undefined) continue
    if (k === 'status' ? scope === 'main' : scope === 'status') continue
    if (k === 'metadata') {
      if (!isObj(v)) continue
      for (const mk of META_FIELDS) {
        if (v[mk] !== undefined) walk(v[mk], ['f:metadata', `f:${mk}`], ['metadata', mk], resolve, out)
      }
      continue
    }
    walk(v, [`f:${k}`], [k], resolve, out)
  }
  return out
}

function walk(v: unknown, path: Path, names: string[], resolve: ListStrategyResolver, out: Leaves): void {
  if (isObj(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined)
    if (entries.length === 0) out.set(JSON.stringify(path), {})
    for (const [k, x] of entries) walk(x, [...path, `f:${k}`], [...names, k], resolve, out)
    return
  }
  if (Array.isArray(v)) {
    const s = resolve(names)
    if (s.type === 'set' && v.every((x) => !isObj(x))) {
      for (const x of v) out.set(JSON.stringify([...path, `v:${JSON.stringify(x)}`]), x)
      return
    }
    if (s.type === 'map' && v.every((x) => isObj(x) && x[s.key] !== undefined)) {
      for (const item of v as Obj[]) {
        const el = [...path, `k:${JSON.stringify({[s.key]: item[s.key]})}`]
        out.set(JSON.stringify([...el, '.']), {[s.key]: item[s.key]})
        for (const [k, x] of Object.entries(item))
          if (k !== s.key) walk(x, [...el, `f:${k}`], [...names, k], resolve, out)
      }
      return
    }
  }
  out.set(JSON.stringify(path), v)
}

/** The value at a leaf path, or undefined. */
export function valueAt(obj: unknown, path: Path): unknown {
  let cur: unknown = obj
  for (const el of path) {
    if (el === '.') return cur
    if (el.startsWith('f:')) cur = isObj(cur) ? cur[el.slice(2)] : undefined
    else if (el.startsWith('k:')) {
      const key = JSON.parse(el.slice(2)) as Obj
      cur = Array.isArray(cur)
        ? cur.find((x) => isObj(x) && Object.entries(key).every(([k, v]) => isDeepStrictEqual(x[k], v)))
        : undefined
    } else if (el.startsWith('v:')) {
      const want = JSON.parse(el.slice(2)) as unknown
      return Array.isArray(cur) && cur.some((x) => isDeepStrictEqual(x, want)) ? want : undefined
    }
    if (cur === undefined) return undefined
  }
  return cur
}

/** Removes the field at a leaf path from obj (in place). */
export function removeAt(obj: Obj, path: Path): void {
  const last = path[path.length - 1]!
  const parentPath = last === '.' ? path.slice(0, -2) : path.slice(0, -1)
  const el = last === '.' ? path[path.length - 2]! : last
  const parent = valueAt(obj, parentPath)
  if (el.startsWith('f:') && isObj(parent)) delete parent[el.slice(2)]
  else if (Array.isArray(parent)) {
    const target = valueAt(obj, [...parentPath, el])
    const i = el.startsWith('v:')
      ? parent.findIndex((x) => isDeepStrictEqual(x, target))
      : parent.indexOf(target)
    if (i >= 0) parent.splice(i, 1)
  }
}

/** Leaf set → FieldsV1 tree. */
export function toFieldsV1(paths: Iterable<string>): Obj {
  const root: Obj = {}
  for (const p of paths) {
    let node = root
    for (const el of JSON.parse(p) as Path) {
      node[el] ??= {}
      node = node[el] as Obj
    }
  }
  return root
}

/** FieldsV1 tree → leaf set. */
export function fromFieldsV1(tree: unknown, prefix: Path = [], out = new Set<string>()): Set<string> {
  if (!isObj(tree)) return out
  for (const [el, sub] of Object.entries(tree)) {
    const path = [...prefix, el]
    if (el === '.' || !isObj(sub) || Object.keys(sub).length === 0) out.add(JSON.stringify(path))
    else fromFieldsV1(sub, path, out)
  }
  return out
}

/** `.spec.containers[name="web"].image`, the way apply conflicts name fields. */
export function formatPath(path: Path): string {
  let s = ''
  for (const el of path) {
    if (el === '.') continue
    if (el.startsWith('f:')) s += `.${el.slice(2)}`
    else if (el.startsWith('k:')) {
      const key = JSON.parse(el.slice(2)) as Obj
      s += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`
    } else if (el.startsWith('v:')) s += `[=${el.slice(2)}]`
  }
  return s
}
