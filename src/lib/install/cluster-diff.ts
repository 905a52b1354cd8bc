/**
 * `manifest diff --cluster` and `install --show-diff`: what an install would change, object by object —
 * created, changed (the fields that differ) or pruned. Only the fields the render sets are compared, so what
 * the API server adds (status, managedFields, resourceVersion, uid, defaults) never shows up as a change.
 * @module
 */
import type {KubeClient} from '../kube/client.js'
import {isNotFound} from '../kube/errors.js'
import {objectRef, type KubeObject} from '../kube/types.js'
import {OWNER, ownerLabels, selectorOf} from './labels.js'
import {planObjects, type InstallPlan} from './plan.js'
import {NEVER_MATCH} from './tag.js'
import {INSTALL_PRUNE_KINDS, pruneCandidates} from './prune.js'

export interface FieldChange {
  path: string
  live: unknown
  rendered: unknown
}

export interface ObjectChange {
  ref: string
  change: 'create' | 'update' | 'prune'
  fields?: FieldChange[]
}

const SERVER_SET = new Set([
  'status',
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
])

function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** Int-or-string fields ("8080" vs 8080) and quantities the server may rewrite compare by their text. */
function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (a !== null && b !== null && typeof a !== 'object' && String(a) === String(b))
}

/** The differences between a rendered object and its live copy, on the rendered object's fields only. */
export function fieldDiff(rendered: unknown, live: unknown, path = ''): FieldChange[] {
  if (isMap(rendered)) {
    if (!isMap(live)) return [{path: path || '.', live, rendered}]
    const out: FieldChange[] = []
    for (const [k, v] of Object.entries(rendered)) {
      if (SERVER_SET.has(k) && (path === '' || path === 'metadata')) continue
      if (v === null || v === undefined) continue
      out.push(...fieldDiff(v, live[k], path ? `${path}.${k}` : k))
    }
    return out
  }
  if (Array.isArray(rendered)) {
    if (!Array.isArray(live) || live.length !== rendered.length) return [{path, live, rendered}]
    return rendered.flatMap((v, i) => fieldDiff(v, live[i], `${path}[${i}]`))
  }
  return sameScalar(rendered, live) ? [] : [{path, live, rendered}]
}

function deactivated(live: KubeObject): boolean {
  const whs = Array.isArray(live.webhooks) ? (live.webhooks as {namespaceSelector?: unknown}[]) : []
  return (
    live.kind === 'MutatingWebhookConfiguration' &&
    whs.length > 0 &&
    whs.every((w) => JSON.stringify(w.namespaceSelector) === JSON.stringify(NEVER_MATCH))
  )
}

/** Compares a plan with the cluster (one GET per object, one list per prunable kind). */
export async function clusterDiff(client: KubeClient, plan: InstallPlan): Promise<ObjectChange[]> {
  const rendered = planObjects(plan)
  const out: ObjectChange[] = []
  const lives = await Promise.all(
    rendered.map((o) =>
      client
        .get({apiVersion: o.apiVersion, kind: o.kind}, o.metadata.name!, o.metadata.namespace)
        .catch((e: unknown) => {
          // A kind not served yet (its CRD comes with this install): the object would be created.
          if (isNotFound(e) || /not found|could not find/i.test((e as Error).message)) return undefined
          throw e
        }),
    ),
  )
  for (const [i, o] of rendered.entries()) {
    const live = lives[i]
    if (!live) out.push({ref: objectRef(o), change: 'create'})
    else {
      // istioctl deactivates the revision-less injector after each apply (the default tag injects instead):
      // its selectors differing from the render is the installed state, not a change.
      const fields = fieldDiff(o, live).filter(
        (f) => !(deactivated(live) && /^webhooks\[\d+\]\.(namespaceSelector|objectSelector)/.test(f.path)),
      )
      if (fields.length > 0) out.push({ref: objectRef(o), change: 'update', fields})
    }
  }
  const selector = selectorOf(ownerLabels(plan.merged), [OWNER.component])
  // the kinds install prunes, listed at once
  const lists = await Promise.all(
    INSTALL_PRUNE_KINDS.map((type) =>
      client.list(type, {labelSelector: selector}).catch(() => [] as KubeObject[]),
    ),
  )
  for (const [i, type] of INSTALL_PRUNE_KINDS.entries()) {
    const live = lists[i]!
    for (const o of pruneCandidates(
      live.map((x) => ({...x, apiVersion: type.apiVersion, kind: type.kind})),
      rendered,
    ))
      out.push({ref: objectRef(o), change: 'prune'})
  }
  return out
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v))

/** `+ created`, `~ changed` with `field: live → rendered` lines, `- pruned`; a summary line. */
export function formatClusterDiff(changes: ObjectChange[]): string {
  if (changes.length === 0) return 'The cluster matches the rendered manifest: nothing would change.\n'
  const lines: string[] = []
  for (const c of changes) {
    const mark = c.change === 'create' ? '+' : c.change === 'update' ? '~' : '-'
    const what =
      c.change === 'create' ? 'would be created' : c.change === 'update' ? 'would change' : 'would be pruned'
    lines.push(`${mark} ${c.ref} ${what}`)
    for (const f of c.fields ?? []) lines.push(`    ${f.path}: ${show(f.live)} → ${show(f.rendered)}`)
  }
  const count = (k: ObjectChange['change']) => changes.filter((c) => c.change === k).length
  lines.push(`${count('create')} to create, ${count('update')} to change, ${count('prune')} to prune`)
  return lines.join('\n') + '\n'
}
