/**
 * One suite, two back ends: the in-process simulator (test/kube-sim) and the real control plane
 * (test/bed, when scripts/install-testbed.sh has built it). Start each once per suite:
 *
 *   for (const backend of backends()) {
 *     describe(`install [${backend.name}]`, function () {
 *       let cluster: Cluster
 *       before(async function () { cluster = await backend.startFor(this) })   // skips with the reason
 *       after(() => cluster?.stop())
 *       it('…', async () => { …KUBECONFIG=cluster.kubeconfigPath… })
 *     })
 *   }
 *
 * or `onBackends('install', (cluster) => { it(…) })`, which does the same. Simulator-only hooks (fault
 * injection, scripted pods, port-forward handlers) are on `cluster.sim`, undefined on the bed: guard
 * such cases with `if (!cluster.sim) this.skip()`.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {startBed, bedUnavailableReason, type Bed, type BedOptions} from '../bed/bed.js'
import {Rest} from '../bed/rest.js'
import {startKubeSim, type KubeSim, type StartOptions} from '../kube-sim/index.js'

export type BackendName = 'kube-sim' | 'bed'

export interface Cluster {
  name: BackendName
  url: string
  kubeconfigPath: string
  /** The simulator, when name is 'kube-sim'. */
  sim?: KubeSim
  /** The real control plane, when name is 'bed'. */
  bed?: Bed
  /**
   * Maps a pod port to a local TCP address, so `kubectl port-forward` (and meshctl's) reach it: kube-sim's
   * portForward, or a kwok ClusterPortForward on the bed. kwok selects pods by namespace and name only, so
   * on the bed a `selector` widens to every pod of the namespace (the port still has to match).
   */
  portForward(
    target: {namespace: string; pod?: string; selector?: string; port: number},
    to: {host: string; port: number},
  ): Promise<void>
  /**
   * Gives the containers of matching pods these log lines, for `kubectl logs` (GET …/pods/NAME/log): kube-sim's
   * onLogs, or on the bed a kwok ClusterLogs rule over a file it writes in CRI log format (the only one kwok reads).
   * kwok takes a new rule up asynchronously: retry the first read briefly.
   */
  logs(target: {namespace: string; pod?: string}, lines: string[]): Promise<void>
  /**
   * Lets `kubectl exec` run in matching pods. On the bed a kwok ClusterExec rule runs the command as a local process
   * in workDir (default: a temp folder of the cluster's), so `echo`, `sh -c …` and exit codes are the host's.
   * kube-sim always answers its built-in commands (echo, true, false, cat, hostname, env) and sim.onExec handlers,
   * so this changes nothing there.
   */
  exec(target: {namespace: string; pod?: string}, opts?: {workDir?: string}): Promise<void>
  stop(): Promise<void>
}

export interface BackendOptions {
  sim?: StartOptions
  bed?: BedOptions
}

export interface Backend {
  name: BackendName
  /** Why this back end cannot run here, or undefined. */
  unavailable(): string | undefined
  start(opts?: BackendOptions): Promise<Cluster>
  /** For a mocha before() hook: skips the suite visibly (printing why) or starts the back end. */
  startFor(ctx: Mocha.Context, opts?: BackendOptions): Promise<Cluster>
}

/** Startup budget for a before() hook: the bed takes seconds, more on a loaded machine. */
export const START_TIMEOUT_MS = 180_000

const skipped = new Set<string>()

function backend(name: BackendName, unavailable: () => string | undefined, start: Backend['start']): Backend {
  return {
    name,
    unavailable,
    start,
    async startFor(ctx, opts) {
      const reason = unavailable()
      if (reason) {
        // Once per process, so a dozen suites do not repeat it; mocha lists the tests as pending.
        if (!skipped.has(name)) console.log(`      skipping the ${name} back end: ${reason}`)
        skipped.add(name)
        ctx.skip()
      }
      ctx.timeout(START_TIMEOUT_MS)
      return start(opts)
    },
  }
}

/** Only these back ends: MESHCTL_BACKENDS=kube-sim (or bed) narrows a run; the bed can also be disabled. */
function wanted(name: BackendName): boolean {
  const only = process.env.MESHCTL_BACKENDS
  return !only || only.split(',').includes(name)
}

export function backends(): Backend[] {
  const all = [
    backend(
      'kube-sim',
      () => undefined,
      async (opts) => {
        const sim = await startKubeSim(opts?.sim)
        const logRules: {target: {namespace: string; pod?: string}; text: string}[] = []
        return {
          name: 'kube-sim',
          url: sim.url,
          kubeconfigPath: sim.kubeconfigPath,
          sim,
          portForward: async (target, to) => sim.portForward(target, to),
          async logs(target, lines) {
            // The last rule that matches wins, as a newer kwok rule would.
            if (logRules.length === 0)
              sim.onLogs(
                ({namespace, pod}) =>
                  logRules.findLast(
                    (r) => r.target.namespace === namespace && (!r.target.pod || r.target.pod === pod),
                  )?.text,
              )
            logRules.push({target, text: lines.map((l) => `${l}\n`).join('')})
          },
          exec: async () => {},
          stop: () => sim.stop(),
        }
      },
    ),
    backend(
      'bed',
      () => (process.env.MESHCTL_BED === '0' ? 'disabled by MESHCTL_BED=0' : bedUnavailableReason()),
      async (opts) => {
        const bed = await startBed(opts?.bed)
        const rest = new Rest(bed.kubeconfigPath)
        let forwards = 0
        let rules = 0
        // Log files and exec folders of this cluster's kwok rules, removed on stop.
        const files = mkdtempSync(join(tmpdir(), 'meshctl-bed-files-'))
        const create = async (plural: string, kind: string, spec: Record<string, unknown>) => {
          const r = await rest.request('POST', `/apis/kwok.x-k8s.io/v1alpha1/${plural}`, {
            body: {apiVersion: 'kwok.x-k8s.io/v1alpha1', kind, metadata: {name: `rule-${++rules}`}, spec},
          })
          if (r.status !== 201) throw new Error(`bed: creating a ${kind}: HTTP ${r.status}`)
        }
        const selector = (t: {namespace: string; pod?: string}) => ({
          matchNamespaces: [t.namespace],
          ...(t.pod ? {matchNames: [t.pod]} : {}),
        })
        return {
          name: 'bed',
          url: bed.url,
          kubeconfigPath: bed.kubeconfigPath,
          bed,
          async portForward(target, to) {
            const r = await rest.request('POST', '/apis/kwok.x-k8s.io/v1alpha1/clusterportforwards', {
              body: {
                apiVersion: 'kwok.x-k8s.io/v1alpha1',
                kind: 'ClusterPortForward',
                metadata: {name: `forward-${++forwards}`},
                spec: {
                  selector: {
                    matchNamespaces: [target.namespace],
                    ...(target.pod ? {matchNames: [target.pod]} : {}),
                  },
                  forwards: [{ports: [target.port], target: {port: to.port, address: to.host}}],
                },
              },
            })
            if (r.status !== 201) throw new Error(`bed: creating a ClusterPortForward: HTTP ${r.status}`)
          },
          async logs(target, lines) {
            const file = join(files, `logs-${rules + 1}.log`)
            // CRI log format: time, stream, F (a full line), text.
            const stamp = new Date()
              .toISOString()
              .replace(/\.(\d+)Z$/, (_m, ms: string) => `.${ms.padEnd(9, '0')}Z`)
            writeFileSync(file, lines.map((l) => `${stamp} stdout F ${l}\n`).join(''))
            await create('clusterlogs', 'ClusterLogs', {selector: selector(target), logs: [{logsFile: file}]})
          },
          async exec(target, opts) {
            await create('clusterexecs', 'ClusterExec', {
              selector: selector(target),
              execs: [{local: {workDir: opts?.workDir ?? files}}],
            })
          },
          async stop() {
            await bed.stop()
            rmSync(files, {recursive: true, force: true})
          },
        }
      },
    ),
  ]
  return all.filter((b) => wanted(b.name))
}

/** `describe(title [backend])` once per back end with a cluster started before and stopped after. */
export function onBackends(
  title: string,
  body: (cluster: () => Cluster, backend: Backend) => void,
  opts?: BackendOptions,
): void {
  for (const b of backends()) {
    describe(`${title} [${b.name}]`, function () {
      let cluster: Cluster | undefined
      before(async function () {
        cluster = await b.startFor(this, opts)
      })
      after(async () => {
        await cluster?.stop()
      })
      body(() => {
        if (!cluster) throw new Error(`${b.name} back end not started`)
        return cluster
      }, b)
    })
  }
}
