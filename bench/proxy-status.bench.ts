// `npm run bench:proxy-status`: proxy-status at scale. Writes bench/results/proxy-status.md.
//  1. In process: 1,000 proxies from 3 istiods, from the protobuf answers as they arrive (decode, merge,
//     render) to the table, -v 1 and -o json; target < 300 ms for the table.
//  2. Whole processes, meshctl beside istioctl 1.30.3 (when present): `proxy-status` on the simulator
//     against the same xDS server (a loopback TLS ADS server answering syncz for those 1,000 proxies
//     behind the istiod pods' port 15012), medians of alternated runs. No absolute time is asserted.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {existsSync} from 'node:fs'
import {renderProxyStatus} from '../src/lib/proxy-status/render.js'
import {TYPE, type DiscoveryResponse} from '../src/lib/proxy-status/types.js'
import {jsonToMessage, messageToJson} from '../src/lib/xds/json.js'
import {xdsProtos} from '../src/lib/xds/protos.js'
import {startAdsServer} from '../test/helpers/ads-server.js'
import {startKubeSim} from '../test/kube-sim/index.js'
import {testPki} from '../test/kube-sim/tls.js'
import {ISTIOCTL_PATH} from '../test/helpers/istio.js'
import {measure, median} from './lib/measure.js'

const ROOT = new URL('..', import.meta.url).pathname
const TYPES = [TYPE.cluster, TYPE.listener, TYPE.route, TYPE.endpoint, TYPE.extension]
const STATUSES = ['SYNCED', 'SYNCED', 'SYNCED', 'STALE', 'NOT_SENT', 'ERROR']

/** istiod i's syncz answer for its share of the proxies. */
function answer(istiod: number, count: number, offset: number): DiscoveryResponse {
  const now = Date.now()
  return {
    versionInfo: '2026-12-07T00:00:00Z/1',
    typeUrl: TYPE.syncz,
    resources: Array.from({length: count}, (_, k) => {
      const n = offset + k
      return {
        '@type': TYPE.clientConfig,
        node: {
          id: `app-${n % 97}-v${n % 3}-${n.toString(36).padStart(5, '0')}.ns-${n % 20}`,
          metadata: {
            CLUSTER_ID: 'Kubernetes',
            ISTIO_VERSION: n % 10 === 0 ? '1.29.2' : '1.30.3',
            NAMESPACE: `ns-${n % 20}`,
          },
        },
        genericXdsConfigs: TYPES.map((typeUrl, t) => ({
          typeUrl,
          lastUpdated: new Date(now - ((n * 7 + t * 13) % 3600) * 1000).toISOString(),
          configStatus: STATUSES[(n + t) % STATUSES.length],
        })),
      }
    }),
    controlPlane: {
      identifier: JSON.stringify({Component: 'istiod', ID: `istiod-${istiod}`, Info: {version: '1.30.3'}}),
    },
  }
}

const answers = [answer(0, 334, 0), answer(1, 333, 334), answer(2, 333, 667)]
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
const sim = await startKubeSim()
await sim.seed(`apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: istio-system}
---
apiVersion: v1
kind: Pod
metadata: {name: istiod-bench, namespace: istio-system, labels: {app: istiod, istio.io/rev: default}}
spec: {containers: [{name: discovery, image: pilot}]}
`)
await sim.waitFor(() => sim.get('v1', 'Pod', 'istiod-bench', 'istio-system')?.status?.phase === 'Running')
const all: DiscoveryResponse = {...answers[0]!, resources: answers.flatMap((a) => a.resources ?? [])}
const pki = testPki()
const ads = await startAdsServer({tls: {key: pki.serverKeyPem, cert: pki.serverCertPem}, answer: () => all})
sim.portForward(
  {namespace: 'istio-system', pod: 'istiod-bench', port: 15012},
  {host: '127.0.0.1', port: ads.port},
)
const env = {KUBECONFIG: sim.kubeconfigPath}
const cmds = [
  {label: 'meshctl proxy-status', file: process.execPath, args: [join(ROOT, 'bin/run.js'), 'proxy-status']},
]
if (existsSync(ISTIOCTL_PATH))
  cmds.push({label: 'istioctl proxy-status', file: ISTIOCTL_PATH, args: ['proxy-status']})
process.env.KUBECONFIG = env.KUBECONFIG
const results = await measure(cmds, {runs: 5, warmup: 1})
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
await ads.stop()
await sim.stop()
const text = lines.join('\n') + '\n'
writeFileSync(join(ROOT, 'bench/results/proxy-status.md'), text)
process.stdout.write(text)
