// What each tool asks the simulator for during `analyze -A` of the live-cluster scale shape (issue 15):
// requests per path, page sizes, resourceVersion=0 lists, and where the wall time goes.
//   npx tsx bench/live-requests.ts [meshctl|istioctl ...]
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {findIstioctl} from '../test/oracle/istioctl.js'
import {generateCluster} from './gen-cluster.js'
import {generateCrds} from '../src/lib/api/index.js'
import {startKubeSim} from '../test/kube-sim/index.js'

const run = promisify(execFile)
const ROOT = new URL('..', import.meta.url).pathname
const tools = process.argv.slice(2).length ? process.argv.slice(2) : ['meshctl', 'istioctl']
const simStart = performance.now()
const sim = await startKubeSim()
try {
  await sim.seed(generateCrds() as never)
  await sim.seed(
    'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: probe, namespace: default}\nspec: {egress: [{hosts: ["./*"]}]}\n',
  )
  sim.stopControllers()
  await sim.seed(generateCluster() as never)
  const args = ['analyze', '-A', '--kubeconfig', sim.kubeconfigPath, '--timeout', '300s']
  for (const tool of tools) {
    const file = tool === 'istioctl' ? findIstioctl().istioctl!.path : process.execPath
    const argv = tool === 'istioctl' ? args : [`${ROOT}/bin/run.js`, ...args]
    const from = sim.requestLog.length
    const t0 = Date.now()
    const spawnAt = performance.now() - simStart
    const res = await run(file, argv, {maxBuffer: 1 << 28}).catch((e) => e as {code: number; stderr: string})
    const wall = Date.now() - t0
    const log = sim.requestLog.slice(from)
    const byPath = new Map<string, {n: number; ms: number; queries: Set<string>}>()
    for (const e of log) {
      const key = `${e.method} ${e.path.replace(/\/namespaces\/[^/]+/, '/namespaces/*')}`
      const row = byPath.get(key) ?? {n: 0, ms: 0, queries: new Set()}
      row.n++
      row.ms += e.durationMs ?? 0
      row.queries.add(e.query.replace(/continue=[^&]*/, 'continue=…'))
      byPath.set(key, row)
    }
    const first = log[0]?.atMs ?? 0
    const last = Math.max(...log.map((e) => (e.atMs ?? 0) + (e.durationMs ?? 0)))
    console.log(
      `\n== ${tool}: wall ${wall} ms, ${log.length} requests: first at +${Math.round(first - spawnAt)} ms, ` +
        `last answered at +${Math.round(last - spawnAt)} ms; exit ${(res as {code?: number}).code ?? 0}`,
    )
    for (const [k, v] of [...byPath].sort((a, b) => b[1].ms - a[1].ms))
      console.log(
        `${String(v.n).padStart(5)} ${String(v.ms).padStart(7)} ms  ${k}  ${[...v.queries].slice(0, 3).join(' | ')}`,
      )
  }
} finally {
  await sim.stop()
}
