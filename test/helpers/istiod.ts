/**
 * A real istiod 1.30.3 (pilot-discovery, named by MESHCTL_ISTIOD; the project builds none) run as a local
 * process against the simulator, with its inputs taken from meshctl's own `manifest generate` and a pod
 * `istio-system/istiod-local` whose ports the simulator forwards to the process. istiod binds fixed ports,
 * so a suite that uses it skips when any of them is taken.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {createServer} from 'node:net'
import {parseAllDocuments} from 'yaml'
import type {KubeSim} from '../kube-sim/index.js'
import {runCli} from './cli.js'

const ISTIOD = process.env.MESHCTL_ISTIOD
const FIXED_PORTS = [8080, 15010, 15012, 15014, 15017]

type Doc = {kind?: string; metadata?: {name?: string}}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)))
  })
}

/** Why istiod cannot run here (no binary, or a fixed port taken), or undefined when it can. */
export async function istiodUnavailable(): Promise<string | undefined> {
  if (!ISTIOD || !existsSync(ISTIOD))
    return `set MESHCTL_ISTIOD to a pilot-discovery 1.30.3 binary; now "${ISTIOD ?? ''}"`
  const taken = []
  for (const p of FIXED_PORTS) if (!(await portFree(p))) taken.push(p)
  return taken.length > 0 ? `istiod binds fixed ports and ${taken.join(', ')} are in use` : undefined
}

export interface LocalIstiod {
  /** What istiod has printed so far. */
  log(): string
  stop(): Promise<void>
}

/**
 * Seeds istiod's inputs (CRDs, the `istio` and `istio-sidecar-injector` ConfigMaps, and what `also` picks
 * from the manifest), starts istiod with `env` on top of the local-process settings, and resolves once it
 * answers /ready, `ready()` holds and its pod is Running.
 */
export async function startLocalIstiod(
  sim: KubeSim,
  opts: {ports: number[]; also?: (d: Doc) => boolean; env?: Record<string, string>; ready?: () => boolean},
): Promise<LocalIstiod> {
  const manifest = await runCli(['manifest', 'generate'])
  const docs = parseAllDocuments(manifest.stdout).map((d) => d.toJS() as Doc)
  const input = (d: Doc) =>
    d?.kind === 'CustomResourceDefinition' ||
    (d?.kind === 'ConfigMap' && ['istio', 'istio-sidecar-injector'].includes(d.metadata?.name ?? '')) ||
    !!opts.also?.(d)
  await sim.seed([
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system'}},
    {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'istio-system'}},
    ...(docs.filter(input) as never[]),
    // the pod meshctl and istioctl find; its ports lead to the local istiod
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'istiod-local',
        namespace: 'istio-system',
        labels: {app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default'},
      },
      spec: {containers: [{name: 'discovery', image: 'pilot:1.30.3'}]},
    } as never,
  ])
  for (const port of opts.ports)
    sim.portForward({namespace: 'istio-system', pod: 'istiod-local', port}, {host: '127.0.0.1', port})
  let log = ''
  const istiod = spawn(
    ISTIOD!,
    ['discovery', '--kubeconfig', sim.kubeconfigPath, '--monitoringAddr=:15014'],
    {
      env: {
        ...process.env,
        POD_NAME: 'istiod-local',
        POD_NAMESPACE: 'istio-system',
        REVISION: 'default',
        CLUSTER_ID: 'Kubernetes',
        ISTIO_KUBE_CLIENT_CONTENT_TYPE: 'json',
        PILOT_ENABLE_ANALYSIS: 'false',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  istiod.stdout.on('data', (d: Buffer) => (log += d.toString()))
  istiod.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const stop = async () => {
    istiod.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    istiod.kill('SIGKILL')
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    const ok = await fetch('http://127.0.0.1:8080/ready').then(
      (r) => r.ok,
      () => false,
    )
    if (ok && (opts.ready?.() ?? true)) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`istiod did not become ready:\n${log.slice(-2000)}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  await sim.waitFor(() => sim.get('v1', 'Pod', 'istiod-local', 'istio-system')?.status?.phase === 'Running')
  return {log: () => log, stop}
}
