// `npm run bench:install`: `install --set profile=demo -y` against fresh simulators (test/kube-sim, pods made
// ready by its fake kubelet), meshctl beside istioctl 1.30.3 when installed. Reports wall time and API requests
// per installed object (watch streams counted apart). Writes bench/results/install.md. No time is asserted.
//   --runs N (default 3)
import {mkdirSync, writeFileSync} from 'node:fs'
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
  objects: number
  requests: number
  watches: number
}

async function once(cmd: string, args: string[]): Promise<Sample> {
  const sim = await startKubeSim()
  try {
    const started = performance.now()
    const r = await execa(cmd, [...args, '--kubeconfig', sim.kubeconfigPath], {reject: false})
    const ms = performance.now() - started
    if (r.exitCode !== 0)
      throw new Error(`${cmd} ${args.join(' ')}: exit ${r.exitCode}\n${r.stderr.slice(-1000)}`)
    const watches = sim.requestLog.filter((e) => /(^|&)watch=(true|1)/.test(e.query)).length
    return {ms, objects: istioStore(sim).size, requests: sim.requestLog.length - watches, watches}
  } finally {
    await sim.stop()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function measure(name: string, cmd: string, args: string[]): Promise<string> {
  const samples: Sample[] = []
  for (let i = 0; i < RUNS; i++) samples.push(await once(cmd, args))
  const s = samples[0]!
  const row = `| ${name} | ${(median(samples.map((x) => x.ms)) / 1000).toFixed(2)} s | ${s.objects} | ${s.requests} | ${(s.requests / s.objects).toFixed(2)} | ${s.watches} |`
  console.log(row)
  return row
}

const header = [
  `install --set profile=demo -y on kube-sim, median of ${RUNS} (whole process: render, apply, wait for ready)`,
  '',
  '| tool | wall time | Istio objects | requests (no watches) | requests / object | watch streams |',
  '|---|---|---|---|---|---|',
]
console.log(header.join('\n'))
const rows = [
  await measure('meshctl (no addons)', process.execPath, [
    BIN,
    'install',
    '--set',
    'profile=demo',
    '-y',
    ...NO_ADDONS,
  ]),
]
const {istioctl, reason} = findIstioctl()
if (istioctl)
  rows.push(await measure('istioctl 1.30.3', istioctl.path, ['install', '--set', 'profile=demo', '-y']))
else console.log(`istioctl: ${reason}`)
const out = [
  ...header,
  ...rows,
  '',
  `machine load (1 min) at the end: ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`,
  '',
]
mkdirSync(join(ROOT, 'bench/results'), {recursive: true})
writeFileSync(join(ROOT, 'bench/results/install.md'), out.join('\n'))
