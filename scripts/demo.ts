/**
 * `npm run demo`: the users' walkthrough, run for real against a simulated cluster. Starts the Kubernetes API
 * simulator (test/kube-sim) in this process, then runs each step as a user would type it — meshctl's own
 * commands (the built CLI, bin/run.js) and kubectl's — printing the command and its real output.
 *
 * The cluster is simulated: an API server with controllers and a fake kubelet, so pods are scheduled and
 * become Ready, but no container runs and no traffic flows. To run the same against a real cluster, follow
 * README.md ("The walkthrough on a real cluster"): the commands are the same.
 *
 * Options: --keep (leave the simulator running at the end, printing its kubeconfig), --step (pause between steps).
 */
import {spawn} from 'node:child_process'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {existsSync} from 'node:fs'
import {createInterface} from 'node:readline/promises'
import {fileURLToPath} from 'node:url'
import {execa} from 'execa'
import {probeDashboard} from '../src/lib/dashboard/index.js'
import {createKubeClient} from '../src/lib/kube/client.js'
import {startKubeSim, type KubeSim} from '../test/kube-sim/index.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url))

interface Step {
  /** What the user does, in one sentence. */
  say: string
  /** The command line (meshctl or kubectl). */
  argv: string[]
  /** Skip unless this holds (commands other work streams add: proxy-status, dashboard). */
  when?: () => string | undefined
  /** Stop the command after this many ms (for commands that serve until interrupted). */
  stopAfterMs?: number
  /** Wait for this before running (it may say what it prepared). */
  before?: (sim: KubeSim, out: (line: string) => void) => Promise<void>
  /** Show something after it ran. */
  after?: (sim: KubeSim, out: (line: string) => void) => Promise<void>
}

/** Whether the built CLI has a command (dist/commands/<path>.js). */
function hasCommand(path: string): string | undefined {
  return existsSync(`${ROOT}/dist/commands/${path}.js`)
    ? undefined
    : `meshctl ${path.replace('/', ' ')} is not built yet`
}

function podsReady(sim: KubeSim, ns: string, count: number): Promise<void> {
  return sim.waitFor(() => {
    const pods = sim.list('v1', 'Pod', ns)
    const ready = pods.filter((p) =>
      ((p.status as {conditions?: {type: string; status: string}[]})?.conditions ?? []).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
    )
    return ready.length >= count
  }, 30_000)
}

const STEPS: Step[] = [
  {
    say: 'Install Istio with the demo profile (control plane, gateways, kiali, prometheus, grafana, jaeger).',
    argv: ['meshctl', 'manifest', 'apply', '--set', 'profile=demo', '-y'],
  },
  {
    say: 'Check that every component is there and ready.',
    argv: ['meshctl', 'verify-install', '--set', 'profile=demo'],
    when: () => hasCommand('verify-install'),
  },
  {
    say: 'Create the application namespace, labelled so that every pod in it gets the sidecar.',
    argv: ['kubectl', 'apply', '-f', 'samples/namespace-dev.yaml'],
  },
  {
    say: 'Deploy Bookinfo and a client to call it from inside the mesh.',
    argv: [
      'kubectl',
      'apply',
      '-n',
      'dev',
      '-f',
      'samples/bookinfo/bookinfo.yaml',
      '-f',
      'samples/sleep/sleep.yaml',
    ],
  },
  {say: 'The services:', argv: ['kubectl', 'get', 'services', '-n', 'dev']},
  {
    say: 'The pods, once Ready (2/2 when the sidecar was injected):',
    argv: ['kubectl', 'get', 'pods', '-n', 'dev'],
    before: (sim) => podsReady(sim, 'dev', 7),
  },
  {
    say: 'Open Bookinfo to outside traffic through the ingress gateway.',
    argv: ['kubectl', 'apply', '-n', 'dev', '-f', 'samples/bookinfo/bookinfo-gateway.yaml'],
  },
  {say: 'The gateway:', argv: ['kubectl', 'get', 'gateway', '-n', 'dev']},
  {
    say: 'The ingress gateway’s external address:',
    argv: ['kubectl', 'get', 'svc', 'istio-ingressgateway', '-n', 'istio-system'],
  },
  {say: 'Check the configuration for problems.', argv: ['meshctl', 'analyze', '-n', 'dev']},
  {
    say: 'Which proxies are connected to istiod, and in sync:',
    argv: ['meshctl', 'proxy-status'],
    when: () => hasCommand('proxy-status'),
    // No istiod runs in the simulator: a stand-in xDS server answers for it, and the demo says so.
    before: simulatedIstiod,
  },
  {
    say: 'Open the Kiali dashboard (here: print its URL instead of opening a browser).',
    argv: ['meshctl', 'dashboard', 'kiali', '--browser=false'],
    when: () => hasCommand('dashboard'),
    stopAfterMs: 3000,
    before: kialiStandIn,
    after: async (sim, out) => {
      // The same forward as the command's, through the library: fetch the page once, then stop.
      const kube = await createKubeClient({kubeconfig: sim.kubeconfigPath})
      const page = await probeDashboard(kube, 'kiali')
      out(`# GET ${page.url} → HTTP ${page.status} from pod ${page.pod}: ${page.body.trim()}`)
    },
  },
]

/** What steps started that must stop before the demo ends. */
const cleanups: (() => Promise<void>)[] = []

/**
 * No istiod runs in the simulator, so istiod's xDS port (15012) is answered by a TLS ADS server here, as the
 * tests' stand-in: it gives `istio.io/debug/syncz` for every pod with a sidecar the simulator holds, all in
 * sync (no Envoy runs to be anything else). meshctl does what it does against a real istiod: finds the pod,
 * gets a token (TokenRequest), port-forwards and asks over ADS.
 */
async function simulatedIstiod(sim: KubeSim, out: (line: string) => void): Promise<void> {
  const [{startAdsServer}, {testPki}] = await Promise.all([
    import('../test/helpers/ads-server.js'),
    import('../test/kube-sim/tls.js'),
  ])
  if (!sim.get('v1', 'ServiceAccount', 'default', 'istio-system'))
    await sim.seed(
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: istio-system}\n',
    )
  const istiod = sim.list('v1', 'Pod', 'istio-system').find((p) => p.metadata.labels?.app === 'istiod')
  const sidecars = sim
    .list('v1', 'Pod')
    .filter((p) =>
      [
        ...((p.spec?.containers ?? []) as {name: string}[]),
        ...((p.spec?.initContainers ?? []) as {name: string}[]),
      ].some((c) => c.name === 'istio-proxy'),
    )
  const types = [
    'type.googleapis.com/envoy.config.cluster.v3.Cluster',
    'type.googleapis.com/envoy.config.listener.v3.Listener',
    'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
    'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  ]
  const answer = {
    resources: sidecars.map((p) => ({
      '@type': 'type.googleapis.com/envoy.service.status.v3.ClientConfig',
      node: {
        id: `${p.metadata.name}.${p.metadata.namespace}`,
        metadata: {CLUSTER_ID: 'Kubernetes', ISTIO_VERSION: '1.30.3', NAMESPACE: p.metadata.namespace},
      },
      genericXdsConfigs: types.map((typeUrl) => ({
        typeUrl,
        configStatus: 'SYNCED',
        lastUpdated: new Date().toISOString(),
      })),
    })),
    controlPlane: {
      identifier: JSON.stringify({
        Component: 'istiod',
        ID: istiod?.metadata.name ?? 'istiod',
        Info: {version: '1.30.3'},
      }),
    },
  }
  const pki = testPki()
  const ads = await startAdsServer({
    tls: {key: pki.serverKeyPem, cert: pki.serverCertPem},
    answer: () => answer,
  })
  cleanups.push(() => ads.stop())
  sim.portForward(
    {namespace: 'istio-system', selector: 'app=istiod', port: 15012},
    {host: '127.0.0.1', port: ads.port},
  )
  out(
    `# (simulated: no istiod runs here; an in-process xDS server on istiod's port 15012 answers for it, listing the ${sidecars.length} pods with a sidecar as in sync)`,
  )
}

/**
 * No container runs in the simulator, so Kiali's pod port (20001) is answered by a page served here: what
 * `meshctl dashboard kiali` forwards to through the API server.
 */
async function kialiStandIn(sim: KubeSim): Promise<void> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(`<title>Kiali</title> (stand-in page for ${req.url})`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const {port} = server.address() as AddressInfo
  sim.portForward({namespace: 'istio-system', selector: 'app=kiali', port: 20001}, {host: '127.0.0.1', port})
  await sim.waitFor(() =>
    sim
      .list('v1', 'Pod', 'istio-system')
      .some((p) => p.metadata.labels?.app === 'kiali' && p.status?.phase === 'Running'),
  )
}

async function haveKubectl(): Promise<boolean> {
  return execa('kubectl', ['version', '--client'], {reject: false}).then(
    (r) => r.exitCode === 0,
    () => false,
  )
}

/** Runs one command with the simulator's kubeconfig, streaming its output; returns the exit code. */
function run(argv: string[], env: NodeJS.ProcessEnv, stopAfterMs?: number): Promise<number> {
  const [cmd, ...args] = argv
  const [file, fileArgs] = cmd === 'meshctl' ? [process.execPath, [BIN, ...args]] : [cmd!, args]
  return new Promise((resolve) => {
    const child = spawn(file, fileArgs, {cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit']})
    const timer = stopAfterMs ? setTimeout(() => child.kill('SIGINT'), stopAfterMs) : undefined
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve(signal === 'SIGINT' ? 0 : (code ?? 1))
    })
    child.on('error', () => resolve(127))
  })
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep')
  const stepByStep = process.argv.includes('--step')
  if (!existsSync(`${ROOT}/dist/commands/install.js`)) {
    process.stderr.write('error: meshctl is not built: run npm run build (npm ci builds it)\n')
    process.exit(1)
  }
  const kubectl = await haveKubectl()
  const sim = await startKubeSim()
  if (!existsSync(`${ROOT}/test/kube-sim/injector.ts`)) {
    // This simulator has no in-process istiod injector yet: answer istiod's webhook by letting pods through
    // unchanged (as failurePolicy Ignore would), so they come up — without sidecars, and the demo says so.
    sim.webhookService('istio-system', 'istiod', () => ({allowed: true}))
    process.stdout.write('# (this simulator does not inject sidecars yet: pods come up 1/1)\n')
  }
  const env = {...process.env, KUBECONFIG: sim.kubeconfigPath, KUBECACHEDIR: `${sim.kubeconfigPath}.cache`}
  const out = (s: string) => process.stdout.write(s + '\n')
  out(
    `# A simulated Kubernetes cluster is running at ${sim.url} (test/kube-sim: API server, controllers and a`,
  )
  out('# fake kubelet; no container really runs). Every command below is real and talks to it.')
  const rl = stepByStep ? createInterface({input: process.stdin, output: process.stdout}) : undefined
  let failed = 0
  try {
    for (const step of STEPS) {
      const skip =
        step.when?.() ?? (step.argv[0] === 'kubectl' && !kubectl ? 'kubectl is not installed' : undefined)
      out('')
      out(`# ${step.say}`)
      if (skip) {
        out(`# (skipped: ${skip})`)
        continue
      }
      if (rl) await rl.question('# [enter] ')
      await step.before?.(sim, out).catch((e: unknown) => out(`# (${(e as Error).message})`))
      out(`$ ${step.argv.join(' ')}`)
      const code = await run(step.argv, env, step.stopAfterMs)
      if (code !== 0) {
        failed++
        out(`# (exit ${code})`)
      } else
        await step.after?.(sim, out).catch((e: unknown) => {
          failed++
          out(`# (${(e as Error).message})`)
        })
    }
  } finally {
    rl?.close()
    if (keep) {
      out(`\n# The simulator keeps running: export KUBECONFIG=${sim.kubeconfigPath}  (Ctrl-C to stop)`)
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
    }
    for (const stop of cleanups) await stop()
    await sim.stop()
  }
  process.exitCode = failed > 0 ? 1 : 0
}

await main()
