// `npm run bench:install`: `install --set profile=demo -y` against fresh simulators (test/kube-sim, pods made
// ready by its fake kubelet), meshctl beside istioctl 1.30.3 when installed. Reports wall time and API requests
// per installed object (watch streams counted apart), and the tool's CPU time (GNU time). Writes bench/results/install.md. No time is asserted.
//   --runs N (default 3)
import {mkdirSync, writeFileSync} from 'node:fs'
import {loadavg} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {execa} from 'execa'
import {findIstioctl} from '../test/oracle/istioctl.js'
import {startKubeSim} from '../test/kube-sim/index.js'
import {istioStore} from '../test/install/store.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}}, strict: true})
const RUNS = Number(values.runs)
const ROOT = new URL('..', import.meta.url).pathname
const BIN = join(ROOT, 'bin/run.js')
const NO_ADDONS = ['kiali', 'grafana', 'prometheus', 'jaeger'].flatMap((a) => [
  '--set',
  `addonComponents.${a}.enabled=false`,
])

interface Sample {
  ms: number
  /** The tool process's user + system CPU time (GNU time), less sensitive to the machine's load. */
  cpuMs: number
  objects: number
  requests: number
  watches: number
}

/**
 * Objects: the Istio objects in the store; with `written`, every distinct object the tool wrote (the demo
 * profile's addons too, which istioctl 1.30.3 does not install).
 */
async function once(cmd: string, args: string[], written = false): Promise<Sample> {
  const sim = await startKubeSim()
  try {
    const started = performance.now()
    const r = await execa(
      '/usr/bin/time',
      ['-f', 'cpu %U %S', cmd, ...args, '--kubeconfig', sim.kubeconfigPath],
      {reject: false},
    )
    const ms = performance.now() - started
    if (r.exitCode !== 0)
      throw new Error(`${cmd} ${args.join(' ')}: exit ${r.exitCode}\n${r.stderr.slice(-1000)}`)
    const [, user, sys] = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) ?? []
    const watches = sim.requestLog.filter((e) => /(^|&)watch=(true|1)/.test(e.query)).length
    return {
      ms,
      cpuMs: (Number(user) + Number(sys)) * 1000,
      objects: written
        ? new Set(sim.requestLog.filter((e) => ['PATCH', 'POST'].includes(e.method)).map((e) => e.path)).size
        : istioStore(sim).size,
      requests: sim.requestLog.length - watches,
      watches,
    }
  } finally {
    await sim.stop()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function row(name: string, samples: Sample[]): string {
  const s = samples[0]!
  return `| ${name} | ${(median(samples.map((x) => x.ms)) / 1000).toFixed(2)} s | ${(median(samples.map((x) => x.cpuMs)) / 1000).toFixed(2)} s | ${s.objects} | ${s.requests} | ${(s.requests / s.objects).toFixed(2)} | ${s.watches} |`
}

const header = [
  `install --set profile=demo -y on kube-sim, median of ${RUNS}, tools alternated (whole process: render, apply, wait for ready)`,
  '',
  '| tool | wall time | CPU (user+sys) | objects | requests (no watches) | requests / object | watch streams |',
  '|---|---|---|---|---|---|---|',
]
console.log(header.join('\n'))
const loadBefore = loadavg()[0]!
const MESHCTL: [string, string[]] = [
  process.execPath,
  [BIN, 'install', '--set', 'profile=demo', '-y', ...NO_ADDONS],
]
const {istioctl, reason} = findIstioctl()
if (!istioctl) console.log(`istioctl: ${reason}`)
const ISTIOCTL: [string, string[]] | undefined = istioctl && [
  istioctl.path,
  ['install', '--set', 'profile=demo', '-y'],
]
// The tools alternate, so a change in the machine's load falls on both alike.
const mesh: Sample[] = []
const istio: Sample[] = []
const addons: Sample[] = []
for (let i = 0; i < RUNS; i++) {
  mesh.push(await once(...MESHCTL))
  if (ISTIOCTL) istio.push(await once(...ISTIOCTL))
  addons.push(await once(process.execPath, [BIN, 'install', '--set', 'profile=demo', '-y'], true))
}
const rows = [
  row('meshctl (no addons)', mesh),
  ...(ISTIOCTL ? [row('istioctl 1.30.3', istio)] : []),
  row('meshctl (demo with its addons; objects written)', addons),
]
for (const r of rows) console.log(r)
const out = [
  ...header,
  ...rows,
  '',
  `wall times per run: meshctl ${mesh.map((x) => (x.ms / 1000).toFixed(2)).join(', ')}` +
    (ISTIOCTL ? `; istioctl ${istio.map((x) => (x.ms / 1000).toFixed(2)).join(', ')}` : ''),
  `machine load (1 min): ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (2 cores, shared)`,
  '',
]
mkdirSync(join(ROOT, 'bench/results'), {recursive: true})
writeFileSync(join(ROOT, 'bench/results/install.md'), out.join('\n'))
