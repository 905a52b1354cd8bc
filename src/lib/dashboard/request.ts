/**
 * From `dashboard` arguments and flags to what to forward: which rows of the table, which pod source,
 * which pod port. Pure except for the PodSources it builds (they read the cluster when asked).
 * @module
 */
import {DASHBOARDS, dashboardNames, findDashboard, type Addon} from './addons.js'
import {resourceSource, selectorSource, type PodSource} from './pods.js'
import type {KubeClient} from '../kube/client.js'
import {MeshctlError, usageError} from '../errors.js'
import {closest} from '../suggest.js'

/** One dashboard the user asked for, with its `[type/]name[.ns]` argument if it takes one. */
export interface DashboardArg {
  addon: Addon
  target?: string
}

/**
 * Splits `kiali grafana proxy productpage-v1-abc.default`: a known name starts a request; a `proxy`,
 * `controlz` or `istiod-debug` request takes the next word as its pod unless that word is a dashboard name.
 */
export function parseDashboardArgs(args: string[]): DashboardArg[] {
  const out: DashboardArg[] = []
  for (const word of args) {
    const addon = findDashboard(word)
    const last = out.at(-1)
    if (addon) out.push({addon})
    else if (last && last.addon.lookup !== 'addon' && last.target === undefined) last.target = word
    else {
      const guess = closest(word, dashboardNames())
      throw new MeshctlError(
        `unknown dashboard "${word}"` +
          (guess ? `; did you mean ${guess}?` : '') +
          ` (dashboards: ${DASHBOARDS.map((a) => a.name).join(', ')})`,
      )
    }
  }
  return out
}

export interface LookupFlags {
  /** -l/--selector */
  selector?: string
  /** -r/--revision ('' = none) */
  revision: string
  /** -n when given */
  namespace?: string
  /** The kubeconfig context's namespace (or default). */
  contextNamespace: string
  /** -i/--istio-namespace */
  istioNamespace: string
  /** --ui-port when given */
  uiPort?: number
  /** The revision istiod-debug uses when none is given (istioctl: the cluster's default revision). */
  defaultRevision?: () => Promise<string>
}

/** A dashboard ready to forward: the row, where its pod comes from and the pod port (undefined: per pod). */
export interface DashboardPlan {
  addon: Addon
  source: PodSource
  /** --ui-port, if given; otherwise the row's port or its pod annotation (see podPort). */
  uiPort?: number
}

/** Checks flag combinations as istioctl does (its messages) and builds one plan per requested dashboard. */
export async function planDashboards(
  kube: KubeClient,
  requested: DashboardArg[],
  flags: LookupFlags,
): Promise<DashboardPlan[]> {
  if (requested.length > 1 && flags.uiPort !== undefined)
    throw usageError('--ui-port applies to one dashboard; open the others in another command')
  if (flags.selector !== undefined && requested.every((r) => r.addon.lookup === 'addon'))
    throw usageError('--selector applies to proxy, controlz and istiod-debug')
  const plans: DashboardPlan[] = []
  for (const {addon, target} of requested) {
    plans.push({addon, source: await sourceFor(kube, addon, target, flags), uiPort: flags.uiPort})
  }
  return plans
}

async function sourceFor(
  kube: KubeClient,
  addon: Addon,
  target: string | undefined,
  flags: LookupFlags,
): Promise<PodSource> {
  const ns = flags.namespace || flags.contextNamespace
  switch (addon.lookup) {
    case 'addon':
      return selectorSource(kube, addon.selector!, [flags.istioNamespace, ns])
    case 'proxy':
      if (!flags.selector && target === undefined) throw usageError('specify a pod or --selector')
      if (flags.selector && target !== undefined)
        throw usageError('name cannot be provided when a selector is specified')
      return target !== undefined
        ? resourceSource(kube, target, ns)
        : selectorSource(kube, flags.selector!, [ns])
    case 'istiod': {
      const given = [target !== undefined, Boolean(flags.selector), Boolean(flags.revision)].filter(
        Boolean,
      ).length
      if (given > 1) throw usageError('only one of name, --selector, or --revision can be specified')
      let revision = flags.revision
      // istioctl: istiod-debug alone means the default revision's istiod; controlz needs to be told.
      if (given === 0 && addon.name === 'istiod-debug')
        revision = (await flags.defaultRevision?.()) ?? 'default'
      else if (given === 0) throw usageError('specify a pod, --selector, or --revision')
      if (target !== undefined) return resourceSource(kube, target, flags.namespace || flags.istioNamespace)
      const selector = revision ? `istio.io/rev=${revision},app=istiod` : `${flags.selector},app=istiod`
      return selectorSource(kube, selector, [flags.istioNamespace])
    }
  }
}

/**
 * The cluster's default revision, as istioctl's default-revision watcher reads it: the `istio.io/rev` label
 * of the `istiod-default-validator` webhook, else `default`.
 */
export async function clusterDefaultRevision(kube: KubeClient): Promise<string> {
  const hook = await kube
    .get(
      {apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration'},
      'istiod-default-validator',
    )
    .catch(() => undefined)
  return hook?.metadata.labels?.['istio.io/rev'] || 'default'
}
