// `npm run bench:proxy-status`: proxy-status at scale. Writes bench/results/proxy-status.md.
//  1. In process: 1,000 proxies from 3 istiods, from the protobuf answers as they arrive (decode, merge,
//     render) to the table, -v 1 and -o json; target < 300 ms for the table.
//  2. Whole processes, meshctl beside istioctl 1.30.3 (when present): `proxy-status` on the simulator
//     against the same xDS server (bench/lib/proxy-status-bed.ts), medians of alternated runs. `npm run bench`
//     runs the same comparison (its proxy-status group). No absolute time is asserted.
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {renderProxyStatus} from '../src/lib/proxy-status/render.js'
import type {DiscoveryResponse} from '../src/lib/proxy-status/types.js'
import {jsonToMessage, messageToJson} from '../src/lib/xds/json.js'
import {xdsProtos} from '../src/lib/xds/protos.js'
import {ISTIOCTL_PATH} from '../test/helpers/istio.js'
import {measure, median} from './lib/measure.js'
import {startProxyStatusBed, synczAnswer} from './lib/proxy-status-bed.js'

const ROOT = new URL('..', import.meta.url).pathname

const answers = [synczAnswer(0, 334, 0), synczAnswer(1, 333, 334), synczAnswer(2, 333, 667)]
const {root, DiscoveryResponse: Response} = await xdsProtos()
const wire = answers.map((a) => Response.encode(jsonToMessage(Response, a, root)).finish())

function inProcess(format: 'table' | 'verbose' | 'json'): number[] {
  const times: number[] = []
  for (let run = 0; run < 15; run++) {
    const t0 = performance.now()
    const merged = new Map<string, DiscoveryResponse>()
    wire.forEach((bytes, i) => {
      const json = messageToJson(Response, Response.decode(bytes) as never, root) as DiscoveryResponse
      merged.set(`istiod-${i}`, json)
    })
    const out = renderProxyStatus(merged, {
      output: format === 'json' ? 'json' : 'table',
      verbosity: format === 'verbose' ? 1 : 0,
    })
    if (out.length < 1000) throw new Error('rendered too little')
    times.push(performance.now() - t0)
  }
  return times.slice(3)
}

const lines = [
  '# proxy-status bench',
  '',
  `Machine load (1 min) at start: see bench/results/latest.md for context.`,
  '',
]
lines.push('## 1,000 proxies from 3 istiods: decode + merge + render, in process (target < 300 ms)', '')
lines.push('| output | median ms | min ms |', '| --- | ---: | ---: |')
for (const f of ['table', 'verbose', 'json'] as const) {
  const t = inProcess(f)
  lines.push(
    `| ${f === 'verbose' ? 'table -v 1' : f === 'json' ? '-o json' : 'table'} | ${median(t).toFixed(1)} | ${Math.min(...t).toFixed(1)} |`,
  )
}

// whole processes against one xDS server
const bed = await startProxyStatusBed(1000)
const args = ['proxy-status', '--kubeconfig', bed.kubeconfigPath]
const cmds = [
  {label: 'meshctl proxy-status', file: process.execPath, args: [join(ROOT, 'bin/run.js'), ...args]},
]
if (existsSync(ISTIOCTL_PATH)) cmds.push({label: 'istioctl proxy-status', file: ISTIOCTL_PATH, args})
const results = await measure(cmds, {runs: 7, warmup: 1})
lines.push(
  '',
  '## `proxy-status` end to end, 1,000 proxies, one xDS server on the simulator (whole processes)',
  '',
)
lines.push('| command | median ms | min ms | exit |', '| --- | ---: | ---: | ---: |')
for (const r of results)
  lines.push(`| ${r.label} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.exitCode} |`)
if (results.length === 2)
  lines.push('', `meshctl / istioctl: ${(results[0]!.medianMs / results[1]!.medianMs).toFixed(2)}`)
else lines.push('', `istioctl not found at ${ISTIOCTL_PATH}: meshctl measured alone`)
await bed.stop()
const text = lines.join('\n') + '\n'
writeFileSync(join(ROOT, 'bench/results/proxy-status.md'), text)
process.stdout.write(text)
