import {createKubeClient, type KubeClient} from '../../src/lib/kube/client.js'
import {
  Installer,
  prepareInstall,
  type InstallOptions,
  type InstallResult,
} from '../../src/lib/install/index.js'
import type {Progress, ProgressEvent} from '../../src/lib/install/progress.js'
import type {KubeSim} from '../kube-sim/index.js'
import {INSTALL_KINDS} from './store.js'

/** A Progress that records events (and the begin calls as `applying`). */
export class RecordingProgress implements Progress {
  readonly events: ProgressEvent[] = []
  begin(component: string): void {
    this.events.push({component, phase: 'applying'})
  }
  event(ev: ProgressEvent): void {
    this.events.push(ev)
  }
  stop(): void {}
}

export async function simClient(sim: KubeSim): Promise<KubeClient> {
  return createKubeClient({kubeconfig: sim.kubeconfigPath, requestTimeoutMs: 10_000, builtinKinds: true})
}

/** Renders and installs in-process (what `meshctl install -y` does, without the process start). */
export async function installInto(
  sim: KubeSim,
  sets: string[],
  opts: Partial<InstallOptions> & {revision?: string} = {},
): Promise<{result: InstallResult; progress: RecordingProgress}> {
  const client = await simClient(sim)
  const {plan} = await prepareInstall(client, {sets, revision: opts.revision})
  const progress = new RecordingProgress()
  const result = await new Installer(client, {
    readinessTimeoutMs: 20_000,
    progress,
    ...opts,
  }).install(plan)
  return {result, progress}
}

/** Writes the simulator saw (not counting watches and reads). */
export function writes(sim: KubeSim, from = 0) {
  return sim.requestLog.slice(from).filter((r) => !['GET', 'HEAD'].includes(r.method))
}

/** Every object in the store that carries the operator's component label. */
export function installed(
  sim: KubeSim,
): {kind: string; name: string; namespace?: string; labels: Record<string, string>}[] {
  const out = []
  // every kind an install writes, less the Namespace itself
  for (const [v, k] of INSTALL_KINDS.filter(([, kind]) => kind !== 'Namespace')) {
    for (const o of sim.list(v, k)) {
      const labels = (o.metadata.labels ?? {}) as Record<string, string>
      if (labels['operator.istio.io/component'])
        out.push({kind: k, name: o.metadata.name!, namespace: o.metadata.namespace, labels})
    }
  }
  return out
}
