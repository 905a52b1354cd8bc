/**
 * `verify-install`: every object the inputs render exists in the cluster, and every workload is ready,
 * reported per component (✔/✘ with the reason), linkerd-check style. Read-only.
 * @module
 */
import type {KubeClient} from '../kube/client.js'
import {objectRef, type KubeObject} from '../kube/types.js'
import type {InstallPlan} from './plan.js'
import {isReady, notReadyReason, WAITED_KINDS} from './readiness.js'

export interface ComponentCheck {
  component: string
  displayName: string
  ok: boolean
  objects: number
  /** One line per problem: a missing object or a workload that is not ready, with the reason. */
  problems: string[]
}

export interface VerifyReport {
  ok: boolean
  components: ComponentCheck[]
}

/** Checks a plan against the cluster, reading each object once (and pods/events only for not-ready ones). */
export async function verifyInstall(client: KubeClient, plan: InstallPlan): Promise<VerifyReport> {
  const components: ComponentCheck[] = []
  const podCache = new Map<string, Promise<[KubeObject[], KubeObject[]]>>()
  const podsAndEvents = (ns: string) => {
    if (!podCache.has(ns))
      podCache.set(
        ns,
        Promise.all([
          client.list({apiVersion: 'v1', kind: 'Pod'}, {namespace: ns}),
          client.list({apiVersion: 'v1', kind: 'Event'}, {namespace: ns}).catch(() => []),
        ]),
      )
    return podCache.get(ns)!
  }
  for (const c of plan.components) {
    const problems: string[] = []
    const live = await Promise.all(
      c.objects.map((o) =>
        client
          .get({apiVersion: o.apiVersion, kind: o.kind}, o.metadata.name!, o.metadata.namespace)
          .catch((e: unknown) => e as Error),
      ),
    )
    for (const [i, o] of c.objects.entries()) {
      const found = live[i]
      if (found instanceof Error) problems.push(`${objectRef(o)}: ${found.message}`)
      else if (!found) problems.push(`${objectRef(o)} not found`)
      else if (WAITED_KINDS.has(o.kind) && !isReady(found)) {
        const reason =
          o.kind === 'CustomResourceDefinition'
            ? 'not Established'
            : notReadyReason(found, ...(await podsAndEvents(o.metadata.namespace ?? '')))
        problems.push(`${objectRef(o)} is not ready: ${reason}`)
      }
    }
    components.push({
      component: c.name,
      displayName: c.displayName,
      ok: problems.length === 0,
      objects: c.objects.length,
      problems,
    })
  }
  return {ok: components.every((c) => c.ok), components}
}

/** The text report: one ✔/✘ line per component, problems indented under it, a summary line. */
export function formatVerify(
  report: VerifyReport,
  mark: {ok: string; bad: string} = {ok: '✔', bad: '✘'},
): string {
  const lines: string[] = []
  for (const c of report.components) {
    lines.push(
      c.ok
        ? `${mark.ok} ${c.displayName}: ${c.objects} objects present, workloads ready`
        : `${mark.bad} ${c.displayName}: ${c.problems.length} problem(s)`,
    )
    for (const p of c.problems) lines.push(`    ${p}`)
  }
  const bad = report.components.filter((c) => !c.ok).length
  lines.push(
    bad === 0
      ? `${mark.ok} Istio is installed and verified successfully`
      : `${mark.bad} ${bad} of ${report.components.length} component(s) failed verification`,
  )
  return lines.join('\n') + '\n'
}
