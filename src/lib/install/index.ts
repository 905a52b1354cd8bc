/**
 * Putting a rendered Istio installation into a cluster and taking it out again: `manifest apply` /
 * `install` / `upgrade`, `uninstall`, `verify-install`, `manifest diff --cluster`.
 *
 * ```ts
 * const {plan, warnings} = await prepareInstall(client, {sets: ['profile=demo']})
 * await new Installer(client, {readinessTimeoutMs: 300_000, progress}).install(plan)
 * ```
 * @module
 */
import type {KubeClient} from '../kube/client.js'
import {readClusterFacts} from '../manifest/cluster.js'
import {generateManifest, type GenerateOptions} from '../manifest/generate.js'
import {buildPlan, type InstallPlan} from './plan.js'

export {Installer, FIELD_MANAGER, comparable, sameState} from './apply.js'
export type {InstallOptions, InstallResult, Change} from './apply.js'
export {buildPlan, planObjects, objectKey, DEPENDS_ON} from './plan.js'
export type {InstallPlan, ComponentSet} from './plan.js'
export {createProgress, JsonProgress, TextProgress} from './progress.js'
export type {Progress, ProgressEvent, ProgressMode} from './progress.js'
export {confirm, installPrompt} from './confirm.js'
export {OWNER, ownerLabels} from './labels.js'

/** Renders with the cluster's settings (always on for install) and builds the plan. */
export async function prepareInstall(
  client: KubeClient,
  opts: Omit<GenerateOptions, 'cluster'>,
): Promise<{plan: InstallPlan; warnings: string[]}> {
  const cluster = await readClusterFacts(client)
  const {objects, merged, warnings} = await generateManifest({...opts, cluster})
  return {plan: buildPlan(objects, merged), warnings}
}
