/**
 * `uninstall` (operator/cmd/mesh/uninstall.go, operator/pkg/uninstall): find what an install labelled as
 * its own, by revision, by IstioOperator (owning-resource labels) or everything (`--purge`, CRDs included),
 * warn about gateways and proxies still on the revision, and delete it. Objects without the operator's
 * component label (users' objects) and namespaces are never touched.
 * @module
 */
import {MeshctlError} from '../errors.js'
import type {KubeClient} from '../kube/client.js'
import {isNotFound} from '../kube/errors.js'
import {Kinds, type KubeObject, type TypeRef} from '../kube/types.js'
import {getString, type Tree} from '../manifest/values.js'
import {OWNER} from './labels.js'
import {CLUSTER_KINDS, NAMESPACED_KINDS, PURGE_KINDS, removedName} from './prune.js'

export const ALL_REMOVED_WARNING = 'All Istio resources will be pruned from the cluster'
export const NONE_REMOVED_WARNING =
  'No resources will be pruned from the cluster. Please double check the input configs'
export const PURGE_IGNORES_WARNING =
  'Purge uninstall will remove all Istio resources, ignoring the specified revision or operator file'

/** Components a revision-scoped uninstall removes (Base stays: it holds CRDs and users' config). */
const REMOVABLE = ['Pilot', 'IngressGateways', 'EgressGateways', 'Cni', 'Ztunnel']

export interface UninstallSelection {
  purge: boolean
  revision: string
  /** From `-f`/`--set`: the IstioOperator's metadata. */
  iop?: Tree
}

/** The label selector for one selection (GetPrunedResources). */
export function uninstallSelector(sel: UninstallSelection): string {
  if (sel.purge) return OWNER.component
  const parts: string[] = []
  if (sel.revision) parts.push(`${OWNER.revision}=${sel.revision}`)
  const name = sel.iop ? getString(sel.iop, 'metadata.name') : ''
  const ns = sel.iop ? getString(sel.iop, 'metadata.namespace') : ''
  if (name) parts.push(`${OWNER.owningName}=${name}`)
  if (ns) parts.push(`${OWNER.owningNamespace}=${ns}`)
  parts.push(OWNER.component)
  return parts.join(',')
}

/** Whether a found object goes: purge takes every labelled object; otherwise not Base (nor unknown components). */
export function removable(o: KubeObject, purge: boolean): boolean {
  const c = o.metadata.labels?.[OWNER.component]
  if (!c) return false
  return purge || REMOVABLE.includes(c) || c.startsWith('addon-')
}

/** The kinds searched, in deletion order. */
export function uninstallKinds(purge: boolean): readonly TypeRef[] {
  return purge ? [...NAMESPACED_KINDS, ...PURGE_KINDS] : [...NAMESPACED_KINDS, ...CLUSTER_KINDS]
}

/** Finds what the selection removes. */
export async function findUninstallTargets(
  client: KubeClient,
  sel: UninstallSelection,
): Promise<KubeObject[]> {
  const labelSelector = uninstallSelector(sel)
  const out: KubeObject[] = []
  for (const type of uninstallKinds(sel.purge)) {
    const items = await client.list(type, {labelSelector}).catch((e: unknown) => {
      // A kind the cluster does not serve (no Istio CRDs, no multus): nothing to remove.
      if (isNotFound(e) || /not found|could not find/i.test((e as Error).message)) return []
      throw e
    })
    for (const o of items) {
      const obj = {...o, apiVersion: type.apiVersion, kind: type.kind}
      if (removable(obj, sel.purge)) out.push(obj)
    }
  }
  return out
}

/** Revisions present in the cluster: from istiod Deployments and injector webhooks. */
export async function listRevisions(client: KubeClient): Promise<Set<string>> {
  const deps = await client
    .list({apiVersion: 'apps/v1', kind: 'Deployment'}, {labelSelector: 'app=istiod'})
    .catch(() => [])
  const whs = await client
    .list(Kinds.MutatingWebhookConfiguration, {labelSelector: OWNER.revision})
    .catch(() => [])
  return new Set(
    [...deps, ...whs].map((o) => o.metadata.labels?.[OWNER.revision]).filter((r): r is string => !!r),
  )
}

/** Pods with a sidecar or gateway proxy on the revision (`istio.io/rev` label), as `name.namespace`. */
export async function proxiesOnRevision(client: KubeClient, revision: string): Promise<string[]> {
  const pods = await client.list(Kinds.Pod, {labelSelector: `${OWNER.revision}=${revision}`}).catch(() => [])
  return pods
    .filter((p) => !p.metadata.labels?.[OWNER.component])
    .filter((p) =>
      ((p.spec as {containers?: {name: string}[]} | undefined)?.containers ?? []).some(
        (c) => c.name === 'istio-proxy',
      ),
    )
    .map((p) => `${p.metadata.name}.${p.metadata.namespace}`)
    .sort()
}

/** The warning text and whether istioctl asks before going on (preCheckWarnings). */
export function uninstallWarnings(
  targets: KubeObject[],
  sel: UninstallSelection,
  proxies: string[],
  verbose: boolean,
): {message: string[]; needConfirmation: boolean; nothing: boolean} {
  if (sel.purge) return {message: [ALL_REMOVED_WARNING], needConfirmation: true, nothing: false}
  if (targets.length === 0) return {message: [NONE_REMOVED_WARNING], needConfirmation: false, nothing: true}
  const message: string[] = []
  let needConfirmation = false
  const byKind = new Map<string, string[]>()
  for (const o of targets) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o.metadata.name!])
  if (verbose)
    message.push(
      `The following resources will be pruned from the cluster: ${[...byKind].map(([k, n]) => `${k}: ${n.join(', ')}.`).join(' ')}`,
    )
  if (sel.revision && proxies.length > 0) {
    needConfirmation = true
    message.push(
      `There are still ${proxies.length} proxies pointing to the control plane revision ${sel.revision}`,
    )
    if (proxies.length <= 30) message.push(...proxies)
    message.push(
      'If you proceed with the uninstall, these proxies will become detached from any control plane and will not function correctly.',
    )
  }
  const gateways = (byKind.get('Deployment') ?? []).filter((n) => n.includes('gateway'))
  if (gateways.length > 0) {
    needConfirmation = true
    message.push(
      `You are about to remove the following gateways: ${gateways.join(', ')}. To avoid downtime, please quit this command and reinstall the gateway(s) with a revision that is not being removed from the cluster.`,
    )
  }
  return {message, needConfirmation, nothing: false}
}

/** Deletes the targets (Foreground, as istioctl); returns what was removed. A dry run sends dryRun=All. */
export async function deleteTargets(
  client: KubeClient,
  targets: KubeObject[],
  opts: {dryRun?: boolean; onRemoved?: (name: string) => void},
): Promise<string[]> {
  const removed: string[] = []
  const errors: string[] = []
  for (const o of targets) {
    const name = removedName(o)
    try {
      const gone = await client.delete(
        {apiVersion: o.apiVersion, kind: o.kind},
        o.metadata.name!,
        o.metadata.namespace,
        {
          propagationPolicy: 'Foreground',
          dryRun: opts.dryRun,
        },
      )
      if (gone) {
        removed.push(name)
        opts.onRemoved?.(name)
      }
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`)
    }
  }
  if (errors.length > 0)
    throw new MeshctlError(`failed to delete control plane resources: ${errors.length} failed`, {
      hints: errors,
    })
  return removed
}
