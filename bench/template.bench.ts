// Template engine benchmark: load, parse and render times for an istiod-sized chart.
// Usage: npx tsx bench/template.bench.ts [runs]   (reports figures; asserts nothing)
// Input: Istio 1.30.3's istio-discovery chart from the Istio checkout when present, else ours.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {compileChart, loadChartDir, parseTemplates, sprigFuncs} from '../src/lib/template/index.js'
import {ISTIO_SRC} from '../test/helpers/istio.js'

const runs = Number(process.argv[2] ?? 30)
const ROOT = new URL('..', import.meta.url).pathname
const candidates = [
  join(ISTIO_SRC, 'manifests/charts/istio-control/istio-discovery'),
  join(ROOT, 'manifests/charts/istio-control/istio-discovery'),
]
const dir = candidates.find((d) => existsSync(join(d, 'Chart.yaml')))
if (!dir) {
  console.log('no istio-discovery chart found; nothing to measure')
  process.exit(0)
}

const ms = (t0: number): number => performance.now() - t0
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x: number): string => `${x.toFixed(2)} ms`

let t0 = performance.now()
const chart = loadChartDir(dir)
const loadMs = ms(t0)
const templateBytes = chart.templates.reduce((n, f) => n + f.data.length, 0)

t0 = performance.now()
const compiled = compileChart(chart)
const parseMs = ms(t0)
const warmParse: number[] = []
for (let i = 0; i < Math.min(runs, 10); i++) {
  t0 = performance.now()
  compileChart(chart)
  warmParse.push(ms(t0))
}

const releases = {releaseName: 'istio', namespace: 'istio-system', kubeVersion: 'v1.33.0'}
t0 = performance.now()
let out = compiled.render({}, releases)
const firstMs = ms(t0)
const outBytes = [...out.values()].reduce((n, s) => n + s.length, 0)

const valueSets = [{}, {profile: 'demo'}, {revision: 'canary'}]
const renderTimes: number[] = []
for (let i = 0; i < runs; i++) {
  t0 = performance.now()
  out = compiled.render(valueSets[i % valueSets.length], releases)
  renderTimes.push(ms(t0))
}

// The sidecar injection template alone (kube-inject parses it once per run): parse time.
const injection = chart.files.find((f) => f.name === 'files/injection-template.yaml')
let injectMs: number | undefined
if (injection) {
  // names of istiod's injection functions (kube-inject provides the real ones)
  const names =
    'formatDuration isset excludeInboundPort includeInboundPorts kubevirtInterfaces excludeInterfaces applicationPorts annotation valueOrDefault toJSON fromJSON structToJSON protoToJSON toYaml indent directory contains toLower appendMultusNetwork env omit strdict toJsonMap mergeMaps omitNil otelResourceAttributes'
  const stubs = Object.fromEntries(
    names.split(' ').map((n) => [n, {fn: () => '', params: [], variadic: 'any' as const}]),
  )
  const text = injection.data.toString('utf8')
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    t0 = performance.now()
    parseTemplates({injection: text}, {funcs: {...sprigFuncs(), ...stubs}})
    times.push(ms(t0))
  }
  injectMs = median(times)
}

console.log(`chart: ${dir}`)
console.log(
  `  ${chart.templates.length} templates (${(templateBytes / 1024).toFixed(0)} KiB), ${out.size} rendered files (${(outBytes / 1024).toFixed(0)} KiB)`,
)
console.log(`  load (read + values.yaml):  ${fmt(loadMs)}`)
console.log(`  parse (all templates):      ${fmt(parseMs)} cold, ${fmt(median(warmParse))} warm (median)`)
console.log(`  first render (+ compile):   ${fmt(firstMs)}`)
console.log(`  render, median of ${runs}:      ${fmt(median(renderTimes))}  (target < 50 ms)`)
if (injectMs !== undefined) console.log(`  injection template parse, median: ${fmt(injectMs)}`)
