/**
 * RFC 6902 JSON patches between two JSON values: what the injection webhook answers and what
 * `kube-inject -o json-patch` prints. Maps diff key by key; lists of the same length item by item,
 * other lists are replaced whole (valid and short for injection, which appends containers and volumes).
 * @module
 */
import {isDeepStrictEqual} from 'node:util'

export type JsonPatchOp = {op: 'add' | 'replace'; path: string; value: unknown} | {op: 'remove'; path: string}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const esc = (k: string | number) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')

export function jsonPatch(from: unknown, to: unknown, path = ''): JsonPatchOp[] {
  if (isDeepStrictEqual(from, to)) return []
  if (isObj(from) && isObj(to)) {
    const ops: JsonPatchOp[] = []
    for (const k of Object.keys(from))
      if (!Object.hasOwn(to, k)) ops.push({op: 'remove', path: `${path}/${esc(k)}`})
    for (const [k, v] of Object.entries(to)) {
      if (!Object.hasOwn(from, k)) ops.push({op: 'add', path: `${path}/${esc(k)}`, value: v})
      else ops.push(...jsonPatch(from[k], v, `${path}/${esc(k)}`))
    }
    return ops
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length)
    return from.flatMap((x, i) => jsonPatch(x, to[i], `${path}/${i}`))
  return [{op: 'replace', path, value: to}]
}

/** Applies a patch made by {@link jsonPatch} (add, remove, replace on objects and list indexes). */
export function applyJsonPatch<T>(doc: T, ops: JsonPatchOp[]): T {
  let root: unknown = structuredClone(doc)
  for (const op of ops) {
    const parts =
      op.path === ''
        ? []
        : op.path
            .slice(1)
            .split('/')
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    if (parts.length === 0) {
      if (op.op !== 'remove') root = structuredClone(op.value)
      continue
    }
    let cur = root as Record<string, unknown> | unknown[]
    for (const p of parts.slice(0, -1)) cur = (cur as Record<string, unknown>)[p] as Record<string, unknown>
    const last = parts[parts.length - 1]
    if (Array.isArray(cur)) {
      const i = last === '-' ? cur.length : Number(last)
      if (op.op === 'remove') cur.splice(i, 1)
      else if (op.op === 'add') cur.splice(i, 0, structuredClone(op.value))
      else cur[i] = structuredClone(op.value)
    } else if (op.op === 'remove') delete cur[last]
    else cur[last] = structuredClone(op.value)
  }
  return root as T
}
