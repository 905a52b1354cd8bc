/**
 * What the Go round trip of an object adds or rewrites that carries no meaning, removed before objects
 * are compared: nulls (`creationTimestamp: null`), the empty non-pointer structs encoding/json always
 * writes (`status: {}`, `strategy: {}`, `updateStrategy: {}`, `resources: {}`, an emptied `metadata`),
 * and resource quantities in Kubernetes' canonical form (`2000m` → `2`). Key order is irrelevant to
 * deep equality.
 */
import {canonicalQuantity} from '../../src/lib/inject/quantity.js'

/** DeploymentConfigSpec fields whose zero value encoding/json drops (omitempty) or always writes (test). */
const ZERO_FIELDS = new Set(['minReadySeconds', 'paused', 'test'])
const EMPTY_STRUCTS = new Set(['status', 'strategy', 'updateStrategy', 'resources', 'metadata'])
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function normaliseGo(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => normaliseGo(x))
  if (!isMap(v)) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue
    if (ZERO_FIELDS.has(k) && (x === 0 || x === false)) continue
    let n = normaliseGo(x, k)
    if ((key === 'limits' || key === 'requests') && (typeof n === 'string' || typeof n === 'number'))
      n = canonicalQuantity(String(n))
    if (EMPTY_STRUCTS.has(k) && isMap(n) && Object.keys(n).length === 0) continue
    // a workload's zero status struct (replicas: 0, numberReady: 0, ...)
    if (k === 'status' && isMap(n) && Object.values(n).every((x) => x === 0)) continue
    out[k] = n
  }
  return out
}
