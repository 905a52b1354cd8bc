// `npm run bench`: meshctl against bare Node and istioctl 1.30.3, whole processes, medians.
//   --only startup,manifest,analyze,live,inject,template,proxy-status   run some groups   --runs N   timed runs per command (default per group)
// Writes bench/results/latest.json and bench/results/latest.md. No absolute time is asserted anywhere.
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs, promisify} from 'node:util'
import {generateArgs} from '../test/oracle/cases.js'
import {findIstioctl} from '../test/oracle/istioctl.js'
import {snapshotMeshctl} from '../test/oracle/snapshot.js'
import {generateNamespaces, generateResources, generateSelectors} from './gen-resources.js'
import {generateCluster, SCALE_SHAPE} from './gen-cluster.js'
import {generateCrds} from '../src/lib/api/index.js'
import {startKubeSim} from '../test/kube-sim/index.js'
import {measure, type Command, type Measurement, type Options} from './lib/measure.js'
import {STARTUP_TASKS, startupCommands, startupLabels} from './startup.js'
import {startProxyStatusBed} from './lib/proxy-status-bed.js'

const {values} = parseArgs({options: {only: {type: 'string'}, runs: {type: 'string'}}, strict: true})
const only = values.only?.split(',')
const ROOT = new URL('..', import.meta.url).pathname
const RESULTS = join(ROOT, 'bench/results')

if (!existsSync(join(ROOT, 'dist/commands'))) {
  console.error('meshctl is not built (dist/ missing): run `npm run build` first')
  process.exit(1)
}
const snapshot = snapshotMeshctl(ROOT)
const MESHCTL = [process.execPath, snapshot.bin]
const {istioctl, reason} = findIstioctl()
if (!istioctl) console.log(`istioctl: ${reason}; meshctl is measured alone`)

/** One row of the results: a task, meshctl's figures and, when measured, istioctl's and the ratios. */
interface Row {
  group: string
  task: string
  meshctl: Measurement
  istioctl?: Measurement
  /** meshctl / istioctl, median wall time. */
  ratio?: number
  /** meshctl / istioctl, median peak memory. */
  memRatio?: number
  /** meshctl / `node -e 0`, startup only. */
  vsNode?: number
}

const rows: Row[] = []
/** Lines printed under the table (derived figures such as growth with input size). */
const notes: string[] = []
// other work on the machine skews every figure: recorded with the results
const loadBefore = loadavg()[0]
const execFileAsync = promisify(execFile)
const runsOr = (n: number) => (values.runs ? Number(values.runs) : n)

/** Measures meshctl and istioctl on the same task, alternating them, and records a row. */
async function task(
  group: string,
  name: string,
  meshArgs: string[],
  istioArgs: string[] | undefined,
  opts: Options,
) {
  const cmds: Command[] = [
    {label: `meshctl ${name}`, file: MESHCTL[0], args: [...MESHCTL.slice(1), ...meshArgs]},
  ]
  if (istioctl && istioArgs) cmds.push({label: `istioctl ${name}`, file: istioctl.path, args: istioArgs})
  const [ours, theirs] = await measure(cmds, opts)
  rows.push({group, task: name, meshctl: ours, istioctl: theirs, ...ratios(ours, theirs)})
  console.log(`${group} ${name}: meshctl ${describe(ours)}${theirs ? `, istioctl ${describe(theirs)}` : ''}`)
}

function ratios(ours: Measurement, theirs?: Measurement): Pick<Row, 'ratio' | 'memRatio'> {
  if (!theirs || ours.failedRuns > 0 || theirs.failedRuns > 0) return {}
  return {
    ratio: round2(ours.medianMs / theirs.medianMs),
    ...(ours.peakMiB && theirs.peakMiB ? {memRatio: round2(ours.peakMiB / theirs.peakMiB)} : {}),
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100
const describe = (m: Measurement) =>
  `${m.medianMs} ms${m.peakMiB ? ` ${m.peakMiB} MiB` : ''}${m.cpuMs ? ` cpu ${m.cpuMs} ms` : ''}${m.failedRuns ? ` (${m.failedRuns} runs failed: exit ${m.exitCode})` : ''}`

async function startup(): Promise<void> {
  const opts = {runs: runsOr(20), warmup: 3}
  const [node, ...ms] = await measure(startupCommands(MESHCTL, istioctl?.path), opts)
  const byLabel = new Map(ms.map((m) => [m.label, m]))
  rows.push({group: 'startup', task: 'bare Node (node -e 0)', meshctl: node})
  for (const task of STARTUP_TASKS) {
    const labels = startupLabels(task)
    const ours = byLabel.get(labels.meshctl)!
    const other = byLabel.get(labels.istioctl)
    rows.push({group: 'startup', task: task.name, meshctl: ours, istioctl: other, ...ratios(ours, other)})
    if (ours.failedRuns === 0) rows.at(-1)!.vsNode = round2(ours.medianMs / node.medianMs)
  }
  console.log(`startup: node ${node.medianMs} ms; ${ms.map((m) => `${m.label} ${describe(m)}`).join('; ')}`)
}

async function manifest(): Promise<void> {
  for (const profile of ['default', 'demo', 'minimal', 'ambient', 'remote']) {
    const args = generateArgs([`profile=${profile}`])
    await task('manifest generate', `profile=${profile}`, args, args, {runs: runsOr(7), warmup: 1})
  }
}

async function analyze(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'meshctl-bench-analyze-'))
  try {
    for (const count of [1000, 10000]) {
      const file = join(dir, `resources-${count}.yaml`)
      writeFileSync(file, generateResources(count))
      const args = ['analyze', '--use-kube=false', '-A', file]
      const runs = runsOr(count > 1000 ? 3 : 7)
      await task('analyze offline', `${count.toLocaleString('en')} resources`, args, args, {
        runs,
        warmup: 1,
        memory: true,
        okCodes: [0, 79], // 79: findings reported, which the generated input has
      })
    }
    // time should grow no faster than the input (10×): the 10,000-resource run over the 1,000 one
    const [small, big] = rows.slice(-2)
    const growth = (a?: Measurement, b?: Measurement) =>
      a && b && !a.failedRuns && !b.failedRuns ? `${round2(b.medianMs / a.medianMs)}×` : '–'
    notes.push(
      `analyze offline, 1,000 → 10,000 resources: meshctl time ${growth(small.meshctl, big.meshctl)}, ` +
        `istioctl ${growth(small.istioctl, big.istioctl)}.`,
    )
    // issue 15: one short host in every namespace; time must grow with the namespaces, not their square
    for (const namespaces of [30, 300]) {
      const file = join(dir, `namespaces-${namespaces}.yaml`)
      writeFileSync(file, generateNamespaces(namespaces))
      const args = ['analyze', '--use-kube=false', '-A', file]
      await task('analyze offline', `${namespaces} namespaces, same short host`, args, args, {
        runs: runsOr(3),
        warmup: 1,
        memory: true,
        okCodes: [0, 79],
      })
    }
    const [few, many] = rows.slice(-2)
    notes.push(
      `analyze offline, 30 → 300 namespaces sharing a short host: meshctl time ${growth(few.meshctl, many.meshctl)}, ` +
        `istioctl ${growth(few.istioctl, many.istioctl)}.`,
    )
    // issue 15: gateways each on their own selector and mesh hosts under exported wildcards, which pairwise
    // comparisons (ConflictingGatewayAnalyzer, ConflictingMeshGatewayHostsAnalyzer) made quadratic. istioctl
    // drops the Pods from files and skips the gateway analyzer, so its column is not the same work.
    for (const count of [1000, 8000]) {
      const file = join(dir, `selectors-${count}.yaml`)
      writeFileSync(file, generateSelectors(count))
      const args = ['analyze', '--use-kube=false', '-A', file]
      await task(
        'analyze offline',
        `${count.toLocaleString('en')} gateway selectors and wildcard hosts`,
        args,
        args,
        {
          runs: runsOr(3),
          warmup: 1,
          memory: true,
          okCodes: [0, 79],
        },
      )
    }
    const [fewSel, manySel] = rows.slice(-2)
    notes.push(
      `analyze offline, 1,000 → 8,000 gateway selectors and wildcard hosts: meshctl time ${growth(fewSel.meshctl, manySel.meshctl)}, ` +
        `istioctl ${growth(fewSel.istioctl, manySel.istioctl)}.`,
    )
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** `kube-inject` of 1,000 Deployments in one file, with the three config files (our charts' defaults). */
async function inject(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'meshctl-bench-inject-'))
  // istioctl contacts a cluster even with all three files: give it the simulator so it does not hang
  const {startKubeSim} = await import('../test/kube-sim/index.js')
  const {renderInjectionConfig} = await import('../src/lib/inject/index.js')
  const sim = await startKubeSim({controllers: false})
  const saved = {
    KUBECONFIG: process.env.KUBECONFIG,
    ENABLE_NATIVE_SIDECARS: process.env.ENABLE_NATIVE_SIDECARS,
  }
  process.env.KUBECONFIG = sim.kubeconfigPath
  process.env.ENABLE_NATIVE_SIDECARS = 'true'
  try {
    const cfg = await renderInjectionConfig({})
    const files = {
      inject: join(dir, 'inject.yaml'),
      values: join(dir, 'values.json'),
      mesh: join(dir, 'mesh.yaml'),
    }
    writeFileSync(files.inject, cfg.injectConfig)
    writeFileSync(files.values, cfg.values)
    writeFileSync(files.mesh, cfg.mesh)
    const input = join(dir, 'deployments.yaml')
    writeFileSync(input, deployments(1000))
    const args = [
      'kube-inject',
      '-f',
      input,
      '--injectConfigFile',
      files.inject,
      '--valuesFile',
      files.values,
      '--meshConfigFile',
      files.mesh,
    ]
    await task('kube-inject', '1,000 Deployments, config files', args, args, {
      runs: runsOr(5),
      warmup: 1,
      memory: true,
    })
  } finally {
    process.env.KUBECONFIG = saved.KUBECONFIG
    process.env.ENABLE_NATIVE_SIDECARS = saved.ENABLE_NATIVE_SIDECARS
    if (saved.KUBECONFIG === undefined) delete process.env.KUBECONFIG
    if (saved.ENABLE_NATIVE_SIDECARS === undefined) delete process.env.ENABLE_NATIVE_SIDECARS
    await sim.stop()
    rmSync(dir, {recursive: true, force: true})
  }
}

/** N Deployments with probes, ports and annotations, each slightly different. */
function deployments(n: number): string {
  const docs: string[] = []
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ns-${i % 20}
  labels: {app: app-${i}}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}, version: v${i % 4}}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"${i % 5 === 0 ? '\n        proxy.istio.io/config: "concurrency: 2"' : ''}
    spec:
      containers:
      - name: app
        image: registry.example.com/app-${i}:1.${i % 10}
        ports:
        - {containerPort: 8080, name: http}
        - {containerPort: 9090, name: metrics}
        readinessProbe:
          httpGet: {path: /ready, port: http}
        livenessProbe:
          tcpSocket: {port: 8080}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
`)
  }
  return docs.join('---\n')
}

/**
 * The template engine's own benchmark (bench/template.bench.ts, in-process parse and render of the
 * istiod chart; istioctl has no counterpart), run as is and read from its printed figures.
 */
async function template(): Promise<void> {
  const script = join(ROOT, 'bench/template.bench.ts')
  if (!existsSync(script)) return
  const runs = runsOr(30)
  const {stdout} = await execFileAsync(process.execPath, ['--import', 'tsx', script, String(runs)], {
    cwd: ROOT,
  })
  const figure = (re: RegExp) => Number(re.exec(stdout)?.[1])
  const row = (task: string, ms: number) => {
    if (Number.isNaN(ms)) return
    const m = {label: task, runs, medianMs: round2(ms), minMs: round2(ms), exitCode: 0, failedRuns: 0}
    rows.push({group: 'template engine', task, meshctl: m})
  }
  row('parse the istiod chart (warm)', figure(/parse \(all templates\):.*?([\d.]+) ms warm/))
  row('render the istiod chart', figure(/render, median of \d+:\s+([\d.]+) ms/))
  console.log(stdout.trim())
}

/**
 * `analyze -A` of a live cluster (issue 15): the simulator seeded with 20,000 ConfigMaps, 5,000 Services,
 * 2,000 Pods and 2,000 Istio resources, both tools reading it with the same kubeconfig. The simulator's
 * controllers are stopped once the CRDs are served, so it only answers requests while measured.
 */
async function live(): Promise<void> {
  const sim = await startKubeSim()
  try {
    const started = Date.now()
    await sim.seed(generateCrds() as never)
    // a custom object waits for the CRDs to be established (one controller pass establishes them all)
    await sim.seed(
      'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: probe, namespace: default}\nspec: {egress: [{hosts: ["./*"]}]}\n',
    )
    sim.stopControllers()
    await sim.seed(generateCluster() as never)
    console.log(`live: simulator seeded in ${Math.round((Date.now() - started) / 1000)} s`)
    const args = ['analyze', '-A', '--kubeconfig', sim.kubeconfigPath, '--timeout', '300s']
    const s = SCALE_SHAPE
    const name =
      `${s.configMaps.toLocaleString('en')} ConfigMaps, ${s.services.toLocaleString('en')} Services, ` +
      `${s.pods.toLocaleString('en')} Pods, ${s.istio.toLocaleString('en')} Istio resources`
    await task('analyze live cluster (kube-sim)', name, args, args, {
      runs: runsOr(3),
      warmup: 1,
      memory: true,
      okCodes: [0, 79],
    })
  } finally {
    await sim.stop()
  }
}

/**
 * `proxy-status` end to end (issue 19): both tools find the istiod pod on the simulator, get a token and ask
 * the same loopback xDS server through a port-forward, for one proxy and for 1,000.
 */
async function proxyStatus(): Promise<void> {
  for (const proxies of [1, 1000]) {
    const bed = await startProxyStatusBed(proxies)
    try {
      const args = ['proxy-status', '--kubeconfig', bed.kubeconfigPath]
      const name = `${proxies.toLocaleString('en')} ${proxies === 1 ? 'proxy' : 'proxies'}, one xDS server (kube-sim)`
      await task('proxy-status', name, args, args, {runs: runsOr(9), warmup: 2, memory: true})
    } finally {
      await bed.stop()
    }
  }
}

const groups: Record<string, () => Promise<void>> = {
  startup,
  manifest,
  analyze,
  live,
  inject,
  template,
  'proxy-status': proxyStatus,
}
try {
  for (const [name, run] of Object.entries(groups)) if (!only || only.includes(name)) await run()
} finally {
  snapshot.cleanup()
}

const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    platform: process.platform,
    loadAverage: {before: round2(loadBefore), after: round2(loadavg()[0])},
  },
  istioctl: istioctl ?? null,
  rows,
  notes,
}
mkdirSync(RESULTS, {recursive: true})
// a partial run (--only) does not replace the full results
const name = only ? `only-${only.join('-')}` : 'latest'
writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(result, null, 2) + '\n')
writeFileSync(join(RESULTS, `${name}.md`), markdown(result))
console.log(`\n${markdown(result)}\nwritten to bench/results/${name}.{json,md}`)

/** The short table the README shows. */
function markdown(r: typeof result): string {
  const cell = (m?: Measurement) =>
    !m
      ? '–'
      : m.failedRuns
        ? `fails (exit ${m.exitCode})`
        : `${m.medianMs} ms${m.peakMiB ? `, ${m.peakMiB} MiB` : ''}${m.cpuMs ? `, cpu ${m.cpuMs} ms` : ''}`
  const lines = [
    `| Benchmark | meshctl | istioctl ${r.istioctl?.version ?? ''} | meshctl / istioctl |`,
    '|---|---|---|---|',
    ...r.rows.map((row) => {
      const ratio =
        row.ratio === undefined ? '–' : `${row.ratio}×${row.memRatio ? ` (memory ${row.memRatio}×)` : ''}`
      const vsNode = row.vsNode === undefined ? '' : ` (${row.vsNode}× node)`
      return `| ${row.group}: ${row.task} | ${cell(row.meshctl)}${vsNode} | ${cell(row.istioctl)} | ${ratio} |`
    }),
    '',
    `Medians of whole-process runs after a warm-up, the two tools alternated; cpu: user + system time` +
      (r.rows.some((row) => row.group === 'template engine')
        ? ' (template engine: in-process medians)'
        : '') +
      `; ${r.machine.cpus} × ${r.machine.cpu}, Node ${r.machine.node}, ${r.date.slice(0, 10)}, ` +
      `load average ${r.machine.loadAverage.before} before, ${r.machine.loadAverage.after} after.`,
    ...(r.notes.length > 0 ? ['', ...r.notes] : []),
  ]
  return lines.join('\n') + '\n'
}
