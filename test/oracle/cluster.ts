// Cluster-mode analyze oracle: the same objects seeded into the simulator (including the Pods, Services
// and Namespaces istioctl ignores in files), then `istioctl analyze -A` and `meshctl analyze -A` against
// it, findings compared as (level, code, resource). One simulator per input set, so objects of
// different inputs never meet. Run by main.ts after the file cases; skipped with the rest without istioctl.
import {readFileSync} from 'node:fs'
import {basename} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {generateCrds} from '../../src/lib/api/index.js'
import {startKubeSim} from '../kube-sim/index.js'
import {ANALYZE_CORPUS} from './cases/analyze.js'
import {ISTIO_CORPUS, OWN_CORPUS, yamlFiles} from './cases.js'
import {judge, runTool, type Case, type Outcome, type ToolResult} from './harness.js'

type Obj = {apiVersion?: string; kind?: string; metadata?: {name?: string; namespace?: string}}

/** A cluster to analyse: a name and the objects seeded into it. */
export interface ClusterInput {
  name: string
  files: string[]
}

/** Istio's analyzer inputs one by one, and our corpora each as one cluster. */
export function clusterInputs(): ClusterInput[] {
  return [
    ...yamlFiles(ISTIO_CORPUS.analyzers).map((f) => ({name: `istio testdata/${basename(f)}`, files: [f]})),
    {name: 'meshctl analyze corpus', files: yamlFiles(ANALYZE_CORPUS)},
    {name: 'meshctl oracle corpus', files: yamlFiles(OWN_CORPUS)},
  ].filter((i) => i.files.length > 0)
}

/** Both tools need a mesh config to read; an empty one means Istio's defaults. */
const MESH = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data: {mesh: "{}", meshNetworks: "networks: {}"}
`

/** The case run against a seeded cluster: JSON findings of every namespace. */
export function clusterCase(input: ClusterInput, kubeconfig: string): Case {
  return {
    name: `analyze cluster: ${input.name}`,
    args: ['analyze', '-A', '-o', 'json', '--kubeconfig', kubeconfig, '--timeout', '120s'],
    compare: {kind: 'analyze'},
  }
}

/** Seeds what the simulator accepts (invalid objects are part of some inputs); returns what it refused. */
async function seed(sim: Awaited<ReturnType<typeof startKubeSim>>, files: string[]): Promise<string[]> {
  const refused: string[] = []
  await sim.seed(generateCrds() as never)
  await sim.seed(MESH)
  for (const file of files)
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const o = doc.toJS() as Obj | null
      if (!o?.kind || !o.apiVersion) continue
      try {
        await sim.seed([o] as never)
      } catch (err) {
        refused.push(`${o.kind} ${o.metadata?.name}: ${(err as Error).message.split('\n')[0]}`)
      }
    }
  return refused
}

/** Runs every cluster input through both tools, one simulator each. */
export async function runClusterCases(
  istioctl: string,
  meshctl: string,
  opts: {
    grep?: string
    limit?: number
    onResult?: (input: ClusterInput, ours: ToolResult) => void
    /** Called with each outcome as soon as it is judged (the runs take a while). */
    onOutcome?: (o: Outcome) => void
  } = {},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  for (const input of clusterInputs()) {
    if (opts.grep && !`analyze cluster: ${input.name}`.includes(opts.grep)) continue
    const sim = await startKubeSim()
    try {
      const refused = await seed(sim, input.files)
      const c = clusterCase(input, sim.kubeconfigPath)
      const [ours, theirs] = await Promise.all([
        runTool(process.execPath, [meshctl, ...c.args]),
        runTool(istioctl, c.args),
      ])
      opts.onResult?.(input, ours)
      for (const o of judge(c, ours, theirs, opts.limit)) {
        if (refused.length > 0) o.details.push(`(the simulator refused ${refused.length}: ${refused[0]}…)`)
        outcomes.push(o)
        opts.onOutcome?.(o)
      }
    } finally {
      await sim.stop()
    }
  }
  const multi = 'analyze cluster: remote cluster from a remote secret'
  if (!opts.grep || multi.includes(opts.grep)) {
    const o = await runMultiClusterCase(istioctl, meshctl, multi, opts.limit)
    outcomes.push(o)
    opts.onOutcome?.(o)
  }
  return outcomes
}

/**
 * Multicluster analysis without --remote-contexts: the primary simulator holds a remote secret
 * (`istio/multiCluster=true`) whose kubeconfig reaches a second simulator, where the same Service has
 * another port. Both tools must find the remote there and report the inconsistent Service (IST0170).
 */
async function runMultiClusterCase(
  istioctl: string,
  meshctl: string,
  name: string,
  limit?: number,
): Promise<Outcome> {
  const [primary, remote] = await Promise.all([startKubeSim(), startKubeSim()])
  try {
    const svc = (port: number) =>
      `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Service\n` +
      `metadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{name: http, port: ${port}}]}\n`
    const kubeconfig =
      `apiVersion: v1\nkind: Config\nclusters: [{name: west, cluster: {server: "${remote.url}", insecure-skip-tls-verify: true}}]\n` +
      'users: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: west, user: u}}]\ncurrent-context: c\n'
    await primary.seed(generateCrds() as never)
    await primary.seed(MESH + svc(80))
    await primary.seed([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'istio-remote-secret-west',
          namespace: 'istio-system',
          labels: {'istio/multiCluster': 'true'},
        },
        data: {west: Buffer.from(kubeconfig).toString('base64')},
      },
    ] as never)
    await remote.seed(generateCrds() as never)
    await remote.seed(svc(8080))
    const c = clusterCase({name, files: []}, primary.kubeconfigPath)
    c.name = name
    const [ours, theirs] = await Promise.all([
      runTool(process.execPath, [meshctl, ...c.args]),
      runTool(istioctl, c.args),
    ])
    const [o] = judge(c, ours, theirs, limit)
    if (o.ok && !/IST0170/.test(theirs.stdout)) {
      o.ok = false
      o.details.push('istioctl reported no IST0170: the case no longer tests remote secrets')
    }
    return o
  } finally {
    await Promise.all([primary.stop(), remote.stop()])
  }
}
