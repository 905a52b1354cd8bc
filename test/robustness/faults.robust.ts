// Faults on the simulator, measured: every cluster-facing command (a row of COMMANDS) meets every fault
// (a row of FAULTS); each pair says what the user sees, that retries stay bounded, and that a re-run after
// the fault converges to the fault-free result with nothing lost or half-written. Faults that only make
// sense for some commands (409s on writes, drops mid-watch, a failing port-forward to istiod) name them.
import {readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {expect} from 'chai'
import {startKubeSim, type FaultRule, type KubeSim, type RequestLogEntry} from '../kube-sim/index.js'
import {testPki} from '../kube-sim/tls.js'
import {istiodAndSidecarSeed, startAdsServer, type AdsServer} from '../helpers/ads-server.js'
import {TYPE, type DiscoveryResponse} from '../../src/lib/proxy-status/types.js'
import {runInFolder, STACK_TRACE, type RunResult} from './run.js'
import {renderInjectionConfig} from '../../src/lib/inject/index.js'
import {injectionConfigMaps} from '../helpers/injection-webhook.js'

interface Command {
  name: string
  args: string[]
  /** A file the command writes; it must not exist after a failure, and must equal the baseline's after. */
  output?: string
  /** What varies between two fault-free runs, blanked before comparing. */
  normalise?: (s: string) => string
  /** The cluster state the command leaves (compared with the fault-free run's after the re-run). */
  state?: (sim: KubeSim) => string
  /** What its fault-free stdout shows (so the faulted runs are compared with real output). */
  shows?: RegExp
  /** Read-only: its baseline leaves the state this command's baseline left (when both ran). */
  keeps?: string
  /** Input files the command reads. */
  files?: Record<string, string>
}

/** The cluster-facing commands; a new command adds a row. */
const COMMANDS: Command[] = [
  {name: 'version', args: ['version', '-o', 'json']},
  {name: 'analyze', args: ['analyze', '-A', '-o', 'json']},
  {
    name: 'manifest generate --cluster-specific',
    args: ['manifest', 'generate', '--cluster-specific', '-o', 'out.yaml'],
    output: 'out.yaml',
  },
  // istiod in a namespace of its own (install's comes later): its pods' port 15012 is a test ADS server
  {name: 'proxy-status', args: ['proxy-status', '-i', 'mesh-ps', '--timeout', '5s']},
  // the sidecar's Envoy admin (port 15000) is a stub answering the recorded config dump
  {
    name: 'proxy-config',
    args: ['proxy-config', 'cluster', 'productpage-v1-abc.shop'],
    shows: /^SERVICE FQDN +PORT +SUBSET +DIRECTION +TYPE/,
  },
  // the no-name listing (a named dashboard stays open until interrupted): kiali's pod in dash-system answers
  // through a port-forward to a stub, the other addons are not installed
  {
    name: 'dashboard',
    args: ['dashboard', '-i', 'dash-system', '-n', 'dash-system', '-o', 'json'],
    shows: /"status": "reachable"/,
  },
  {
    // cluster mode: the ConfigMaps of inject-system (no webhook is configured there before install)
    name: 'kube-inject',
    args: ['kube-inject', '-f', 'dep.yaml', '-i', 'inject-system', '-o', 'out.yaml'],
    output: 'out.yaml',
    files: {
      'dep.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
    },
  },
  {
    name: 'install',
    args: ['install', '--set', 'profile=minimal', '-y', '--readiness-timeout', '30s'],
    // what it leaves in the cluster is its output
    state: (sim) => installed(sim),
    normalise: () => '',
  },
  // the next rows run after install (COMMANDS order holds under MESHCTL_FAULT_COMMANDS too)
  {
    name: 'verify-install',
    args: ['verify-install', '--set', 'profile=minimal', '-o', 'json'],
    shows: /"ok": true/,
  },
  {
    // read-only: every delete is sent with dryRun=All, so install's objects must all still be there
    name: 'uninstall',
    args: ['uninstall', '--purge', '-y', '--dry-run'],
    state: (sim) => installed(sim),
    keeps: 'install',
  },
]

/** What install leaves in istio-system (the objects' specs or data). */
function installed(sim: KubeSim): string {
  return JSON.stringify(
    ['Deployment', 'ConfigMap', 'ServiceAccount', 'Service'].flatMap((kind) =>
      sim
        .list(kind === 'Deployment' ? 'apps/v1' : 'v1', kind, 'istio-system')
        .map((o) => [
          kind,
          o.metadata.name,
          (o as {spec?: unknown}).spec ?? (o as {data?: unknown}).data ?? null,
        ]),
    ),
  )
}

type Outcome = {ok: true} | {ok: false; first: RegExp; code: number}

interface Fault {
  name: string
  /** Rules added before the run (removed after it). */
  rules?: FaultRule[]
  /** Deny this resource (RBAC 403) for the run. */
  forbid?: string
  /** Answer every request 401, as for expired credentials. */
  unauthorized?: boolean
  /** Extra flags (a short --request-timeout). */
  flags?: string[]
  expect: Outcome
  /** At most this many requests in the run, when bounded retries are what is checked. */
  maxRequests?: (baselineRequests: number) => number
  /** The run must end within this time (no hang, bounded back-off). */
  maxMs: number
  /** Only for these commands (all when absent). */
  only?: string[]
  /** At most `max` requests matching method and path in the run (bounded retries of one call). */
  bound?: {method?: string; path: RegExp; max: number}
  /** Prepares the cluster before the run (e.g. another field manager's change). */
  setup?: (sim: KubeSim) => Promise<void> | void
  /** Runs beside the command (e.g. drops its watches while it waits); `since` is where its requests start. */
  during?: (sim: KubeSim, since: number) => Promise<void>
  /** Undoes setup and during, whatever happened. */
  cleanup?: (sim: KubeSim) => void
  /** What the run must have left or done, checked after it: a failure message, or undefined. */
  check?: (sim: KubeSim, requests: RequestLogEntry[], r: RunResult) => string | undefined
}

/** A pod list or a pod read by name (not its port-forward or other subresources). */
const POD_READS = /\/pods(\/[^/]+)?$/
/** The commands that read pods (the others, e.g. install waiting on Deployments, never do). */
const POD_READERS = ['version', 'analyze', 'proxy-status', 'proxy-config', 'dashboard', 'uninstall']

const FAULTS: Fault[] = [
  {
    name: '429 with Retry-After: 1 on the first two requests',
    rules: [{status: 429, retryAfter: 1, times: 2}],
    expect: {ok: true},
    maxMs: 60_000,
  },
  {name: 'a burst of three 500s', rules: [{status: 500, times: 3}], expect: {ok: true}, maxMs: 60_000},
  {
    name: 'a burst of two 503s with Retry-After: 1',
    rules: [{status: 503, retryAfter: 1, times: 2}],
    expect: {ok: true},
    maxMs: 60_000,
  },
  {
    name: 'two connections dropped mid-request',
    rules: [{drop: true, times: 2}],
    expect: {ok: true},
    maxMs: 60_000,
  },
  {
    name: 'every request failing 500',
    rules: [{status: 500}],
    expect: {ok: false, code: 1, first: /^error: .*\(HTTP 500 from http:\/\/127\.0\.0\.1:\d+\)$/},
    // five attempts for the first request that fails, then the command stops
    maxRequests: () => 5 * 3,
    maxMs: 60_000,
  },
  {
    name: 'responses slower than --request-timeout',
    rules: [{latencyMs: 4000}],
    flags: ['--request-timeout', '1s'],
    expect: {ok: false, code: 1, first: /no answer from http:\/\/127\.0\.0\.1:\d+ within 1s/},
    maxMs: 30_000,
  },
  {
    name: 'expired credentials (401 on every request)',
    unauthorized: true,
    expect: {
      ok: false,
      code: 1,
      first: /^error: unauthorized: the cluster at http:\/\/127\.0\.0\.1:\d+ rejected the credentials$/,
    },
    maxRequests: () => 3,
    maxMs: 30_000,
  },
  {
    name: 'RBAC 403 on pods only',
    forbid: 'pods',
    expect: {ok: false, code: 1, first: /^error: .*forbidden.*pods/},
    maxMs: 30_000,
  },
  {
    name: '429 with Retry-After: 1 on the first two pod reads',
    only: POD_READERS,
    rules: [{method: 'GET', path: POD_READS, status: 429, retryAfter: 1, times: 2}],
    expect: {ok: true},
    maxMs: 60_000,
  },
  {
    name: 'a burst of two 503s on pod reads',
    only: POD_READERS,
    rules: [{method: 'GET', path: POD_READS, status: 503, times: 2}],
    expect: {ok: true},
    maxMs: 60_000,
  },
  // --- proxy-status: istiod is reached through a port-forward to its pod's port 15012 (then 15014)
  {
    name: 'the port-forward to istiod failing',
    only: ['proxy-status'],
    rules: [{path: /\/portforward$/, status: 500}],
    expect: {
      ok: false,
      code: 1,
      first: /^error: istiod pod mesh-ps\/istiod-[a-z0-9-]+: .*port-forward/,
    },
    // 15012, then the /debug/syncz fallback on 15014: three attempts each (kube/port-forward.ts)
    bound: {path: /\/portforward$/, max: 6},
    maxMs: 30_000,
  },
  {
    name: 'the port-forward to istiod dropped once',
    only: ['proxy-status'],
    rules: [{path: /\/portforward$/, drop: true, times: 1}],
    expect: {ok: true},
    bound: {path: /\/portforward$/, max: 3},
    maxMs: 30_000,
  },
  // --- install writes: server-side apply with force, and one read-modify-write (the default injector)
  {
    name: '409: another field manager (kubectl edit) owns a field install sets',
    only: ['install'],
    // with force, install takes the field back (as istioctl does): no error, and the manager loses it
    setup: async (sim) => {
      const cm = sim.get('v1', 'ConfigMap', 'istio', 'istio-system')!
      const edited = {...cm, data: {...(cm as {data?: object}).data, mesh: 'edited: by hand\n'}}
      await request(
        sim,
        'PUT',
        '/api/v1/namespaces/istio-system/configmaps/istio?fieldManager=kubectl-edit',
        edited,
      )
    },
    check: (sim) => {
      const cm = sim.get('v1', 'ConfigMap', 'istio', 'istio-system')!
      const owners = (cm.metadata.managedFields ?? [])
        .filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes('"f:mesh"'))
        .map((m) => m.manager)
      if (String((cm as {data?: {mesh?: string}}).data?.mesh).includes('edited'))
        return "the other manager's value survived the install"
      if (owners.includes('kubectl-edit'))
        return `data.mesh still owned by kubectl-edit: ${owners.join(', ')}`
      return undefined
    },
    expect: {ok: true},
    maxMs: 60_000,
  },
  {
    name: '409: a field-manager conflict answered to the apply',
    only: ['install'],
    // what a user sees if the API server refuses the apply for another manager's field: one line naming both
    rules: [
      {
        method: 'PATCH',
        // exactly istio: a prefix would also catch istio-sidecar-injector when its apply comes first
        path: /^\/api\/v1\/namespaces\/istio-system\/configmaps\/istio$/,
        respond: {
          status: 409,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Conflict',
            code: 409,
            message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.mesh',
            details: {
              causes: [
                {
                  reason: 'FieldManagerConflict',
                  message: 'conflict with "kubectl-edit" using v1',
                  field: '.data.mesh',
                },
              ],
            },
          },
        },
      },
    ],
    expect: {ok: false, code: 1, first: /^error: failed to install manifests: 1 component\(s\) failed: /},
    check: (_sim, _requests, r) =>
      r.stderr.includes(
        'apply ConfigMap istio: conflict with another field manager: .data.mesh is owned by "kubectl-edit" using v1',
      )
        ? undefined
        : 'the error does not name the field and its manager',
    // not retried: another manager's field stays theirs until someone decides
    bound: {method: 'PATCH', path: /\/configmaps\/istio$/, max: 1},
    maxMs: 60_000,
  },
  {
    name: '409: the object changed while the server applied (twice)',
    only: ['install'],
    rules: [{method: 'PATCH', status: 409, times: 2}],
    expect: {ok: true},
    maxMs: 60_000,
  },
  {
    name: '409: the default injector changed by someone else before our update (twice)',
    only: ['install'],
    rules: [{method: 'PUT', path: /\/mutatingwebhookconfigurations\//, status: 409, times: 2}],
    expect: {ok: true},
    bound: {method: 'PUT', path: /\/mutatingwebhookconfigurations\//, max: 3},
    maxMs: 60_000,
  },
  {
    name: '409: the default injector changing under every update',
    only: ['install'],
    rules: [{method: 'PUT', path: /\/mutatingwebhookconfigurations\//, status: 409}],
    expect: {
      ok: false,
      code: 1,
      first:
        /^error: update MutatingWebhookConfiguration istio-sidecar-injector: Operation cannot be fulfilled.*the object has been modified/,
    },
    // re-read and retried, then reported
    bound: {method: 'PUT', path: /\/mutatingwebhookconfigurations\//, max: 5},
    maxMs: 60_000,
  },
  // --- install's readiness wait: one watch per kind, resumed from the last resourceVersion it saw
  {
    name: 'connections dropped mid-watch (reset, then closed) while install waits',
    only: ['install'],
    setup: (sim) => sim.scriptPods('istiod-', {state: 'NotReady', message: 'held by the fault'}),
    during: async (sim, since) => {
      await watching(sim, since, 1)
      sim.dropWatches(true)
      await watching(sim, since, 2)
      sim.dropWatches(false)
      await watching(sim, since, 3)
      // istiod becomes ready only now: install sees it only through the resumed watch
      sim.scriptPods('istiod-', {state: 'Running'})
    },
    cleanup: (sim) => sim.scriptPods('istiod-', {state: 'Running'}),
    check: (_sim, requests) => {
      const resumed = deploymentWatches(requests).slice(1)
      if (resumed.length < 2) return `the watch was not resumed (${resumed.length} re-opened)`
      const rv = resumed.map((r) => new URLSearchParams(r.query).get('resourceVersion'))
      if (rv.some((v) => !v || !/^\d+$/.test(v)))
        return `a resumed watch did not name the last resourceVersion: ${rv.join(', ')}`
      return undefined
    },
    expect: {ok: true},
    maxMs: 60_000,
  },
  {
    name: 'a watch dropped and its history compacted (410 Gone on resume)',
    only: ['install'],
    setup: (sim) => sim.scriptPods('istiod-', {state: 'NotReady', message: 'held by the fault'}),
    during: async (sim, since) => {
      await watching(sim, since, 1)
      sim.compactHistory()
      sim.dropWatches(true)
      await watching(sim, since, 2)
      sim.scriptPods('istiod-', {state: 'Running'})
    },
    cleanup: (sim) => sim.scriptPods('istiod-', {state: 'Running'}),
    expect: {ok: true},
    maxMs: 60_000,
  },
]

/** The deployment watches install opened (in istio-system). */
function deploymentWatches(requests: RequestLogEntry[]): RequestLogEntry[] {
  return requests.filter(
    (r) =>
      r.method === 'GET' &&
      r.path === '/apis/apps/v1/namespaces/istio-system/deployments' &&
      r.query.includes('watch=true'),
  )
}

/** Resolves once `n` deployment watches were opened since `since`. */
async function watching(sim: KubeSim, since: number, n: number): Promise<void> {
  const until = Date.now() + 30_000
  while (deploymentWatches(sim.requestLog.slice(since)).length < n) {
    if (Date.now() > until) throw new Error(`fewer than ${n} deployment watches within 30 s`)
    await new Promise((r) => setTimeout(r, 50))
  }
  // give the server a moment to send the watch's first events
  await new Promise((r) => setTimeout(r, 200))
}

/** A request to the simulator as another client would make it (plain HTTP, no credentials needed). */
async function request(sim: KubeSim, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(sim.url + path, {
    method,
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
}

/** What a command does where it differs from the fault's default outcome (a row only where it differs). */
const DIFFERS: Record<string, Outcome> = {
  // manifest generate reads only /version and nodes: pods are never asked for
  'manifest generate --cluster-specific / RBAC 403 on pods only': {ok: true},
  // analyze warns that the analyzers needing pods are skipped, and analyzes the rest
  'analyze / RBAC 403 on pods only': {ok: true},
  // kube-inject reads ConfigMaps and nodes; pods only for istiod's webhook, which is not configured here
  'kube-inject / RBAC 403 on pods only': {ok: true},
  // install prunes no Pods (no chart renders one) and reads pods only to explain a readiness timeout
  'install / RBAC 403 on pods only': {ok: true},
  // istioctl's wording: "fail to get Kubernetes version: …"
  'install / expired credentials (401 on every request)': {
    ok: false,
    code: 1,
    first:
      /^error: fail to get Kubernetes version: unauthorized: the cluster at http:\/\/127\.0\.0\.1:\d+ rejected the credentials$/,
  },
  // verify-install checks Deployments' readiness, never Pods
  'verify-install / RBAC 403 on pods only': {ok: true},
  // (uninstall --purge lists Pods among the kinds it prunes and fails before any delete, as istioctl does)
  // verify-install renders the install first, which asks the cluster's version (istioctl's wording)
  'verify-install / expired credentials (401 on every request)': {
    ok: false,
    code: 1,
    first:
      /^error: fail to get Kubernetes version: unauthorized: the cluster at http:\/\/127\.0\.0\.1:\d+ rejected the credentials$/,
  },
  'manifest generate --cluster-specific / expired credentials (401 on every request)': {
    ok: false,
    code: 1,
    first:
      /^error: fail to get Kubernetes version: unauthorized: the cluster at http:\/\/127\.0\.0\.1:\d+ rejected the credentials$/,
  },
}

interface Pair {
  cmd: Command
  fault: Fault
  r: RunResult
  /** The requests of the faulted run. */
  requests: RequestLogEntry[]
  rerun: RunResult
  /** The cluster state after the re-run. */
  state?: string
  /** What the fault's own check (or its `during`) found wrong. */
  problem?: string
}

/** MESHCTL_FAULT_COMMANDS=install,proxy-status runs only those commands' rows (when working on one). */
const ONLY = process.env.MESHCTL_FAULT_COMMANDS?.split(',')
const applies = (fault: Fault, cmd: Command) =>
  (!fault.only || fault.only.includes(cmd.name)) && (!ONLY || ONLY.includes(cmd.name))

describe('faults: every cluster-facing command against throttling, failures, drops, timeouts and RBAC', function () {
  this.timeout(30 * 60_000)
  let sim: KubeSim
  let ads: AdsServer | undefined
  let envoyAdmin: Server | undefined
  const baseline = new Map<string, {r: RunResult; requests: number; out?: string; state?: string}>()
  const pairs: Pair[] = []

  const run = async (cmd: Command, flags: string[] = []) => {
    const before = sim.requestLog.length
    const r = await runInFolder({
      args: [...cmd.args, '--kubeconfig', 'kc', ...flags],
      files: {kc: kubeconfigText, ...cmd.files},
      timeoutMs: 120_000,
      keep: cmd.output ? [cmd.output] : undefined,
    })
    return {r, requests: sim.requestLog.slice(before)}
  }
  let kubeconfigText = ''

  before(async function () {
    sim = await startKubeSim()
    kubeconfigText = readFileSync(sim.kubeconfigPath, 'utf8')
    await sim.seed(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system',
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports:\n  - {port: 80, name: foo}',
        PROXY_STATUS_SEED,
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: dash-system}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: kiali-1, namespace: dash-system, labels: {app: kiali}}\nspec: {containers: [{name: kiali, image: kiali}]}',
      ].join('\n---\n'),
    )
    ads = await startProxyStatusIstiod(sim)
    envoyAdmin = await startEnvoyAdmin(sim)
    // kube-inject's ConfigMaps, in a namespace of their own
    const inj = await renderInjectionConfig({})
    await sim.seed(injectionConfigMaps(inj, {namespace: 'inject-system'}))
    // command by command (install last: what it installs changes what the others see), the fault-free
    // baseline first, then each fault and its re-run
    for (const cmd of COMMANDS.filter((c) => !ONLY || ONLY.includes(c.name))) {
      const b = await run(cmd)
      baseline.set(cmd.name, {
        ...b,
        requests: b.requests.length,
        out: b.r.files?.[cmd.output ?? ''],
        state: cmd.state?.(sim),
      })
      for (const fault of FAULTS.filter((f) => applies(f, cmd))) {
        let problem: string | undefined
        await fault.setup?.(sim)
        const removers = (fault.rules ?? []).map((rule) => sim.fault(rule))
        if (fault.forbid) sim.authorize((_user, attrs) => attrs.resource !== fault.forbid)
        if (fault.unauthorized) sim.server.authenticate = () => undefined
        const during = fault.during?.(sim, sim.requestLog.length).catch((e: unknown) => {
          problem = `during the run: ${(e as Error).message}`
        })
        const {r, requests} = await run(cmd, fault.flags)
        await during
        removers.forEach((off) => off())
        // a row whose fault never fired would pass without testing anything
        if (removers.length && removers.every((off) => off.hits === 0))
          problem ??= 'the fault never fired: the command made no request its rules match'
        sim.authorize(() => true)
        sim.server.authenticate = undefined
        fault.cleanup?.(sim)
        problem ??= fault.check?.(sim, requests, r)
        // the fault is gone: a re-run converges to the fault-free result
        const {r: rerun} = await run(cmd)
        pairs.push({cmd, fault, r, requests, rerun, state: cmd.state?.(sim), problem})
      }
    }
  })

  after(async () => {
    await ads?.stop()
    envoyAdmin?.close()
    await sim?.stop()
  })

  it('ran the fault-free baseline of every command', () => {
    for (const cmd of COMMANDS.filter((c) => !ONLY || ONLY.includes(c.name))) {
      const b = baseline.get(cmd.name)!
      expect(b.r.code, `${cmd.name}: ${b.r.stderr}`).to.be.oneOf([0, 79])
      expect(b.requests, cmd.name).to.be.greaterThan(0)
      if (cmd.shows) expect(b.r.stdout, cmd.name).to.match(cmd.shows)
      const kept = cmd.keeps && baseline.get(cmd.keeps)
      if (kept) expect(b.state, `${cmd.name} changed what ${cmd.keeps} left`).to.equal(kept.state)
    }
  })

  for (const fault of FAULTS)
    for (const cmd of COMMANDS.filter((c) => applies(fault, c)))
      it(`${cmd.name} / ${fault.name}`, () => {
        const p = pairs.find((x) => x.cmd === cmd && x.fault === fault)!
        const b = baseline.get(cmd.name)!
        const want = DIFFERS[`${cmd.name} / ${fault.name}`] ?? fault.expect
        const what = `meshctl ${cmd.args.join(' ')} (${fault.name})\n--- stderr:\n${p.r.stderr.slice(0, 1500)}`
        expect(p.r.timedOut, what).to.equal(false)
        expect(p.r.ms, `took ${p.r.ms} ms: ${what}`).to.be.below(fault.maxMs)
        expect(p.r.stderr, what).to.not.match(STACK_TRACE)
        if (want.ok) {
          expect(p.r.code, what).to.equal(b.r.code)
          expect(norm(cmd, p.r.stdout), what).to.equal(norm(cmd, b.r.stdout))
          if (cmd.output) expect(p.r.files?.[cmd.output], `${cmd.output}: ${what}`).to.equal(b.out)
        } else {
          expect(p.r.code, what).to.equal(want.code)
          // the first error line (install logs its progress on stderr before it)
          const error =
            p.r.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? p.r.stderr.split('\n')[0]
          expect(error, what).to.match(want.first)
          if (cmd.output)
            expect(p.r.files?.[cmd.output], `partial ${cmd.output}: ${what}`).to.equal(undefined)
        }
        if (fault.maxRequests)
          expect(p.requests.length, `requests: ${what}`).to.be.at.most(fault.maxRequests(b.requests))
        if (fault.bound) {
          const {method, path, max} = fault.bound
          const n = p.requests.filter((q) => (!method || q.method === method) && path.test(q.path)).length
          expect(n, `${method ?? ''} ${path} requests: ${what}`).to.be.within(1, max)
        }
        expect(p.problem, what).to.equal(undefined)
        // converges: the re-run without the fault gives the baseline again
        expect(p.rerun.code, `re-run: ${p.rerun.stderr}`).to.equal(b.r.code)
        expect(norm(cmd, p.rerun.stdout)).to.equal(norm(cmd, b.r.stdout))
        if (cmd.output) expect(p.rerun.files?.[cmd.output]).to.equal(b.out)
        // nothing lost or half-applied in the cluster
        if (cmd.state) expect(p.state, 'cluster state after the re-run').to.equal(b.state)
      })

  it('counts: faults injected and nothing lost', () => {
    const injected = pairs.length
    const converged = pairs.filter((p) => p.rerun.code === baseline.get(p.cmd.name)!.r.code).length
    console.log(
      `      ${injected} command × fault runs (${FAULTS.length} faults, ${COMMANDS.length} commands), ${converged} re-runs converged to the fault-free result`,
    )
    expect(converged).to.equal(injected)
  })
})

/** proxy-status's istiod in mesh-ps (install's comes later), and a sidecar pod in shop. */
const PROXY_STATUS_SEED = istiodAndSidecarSeed('mesh-ps', 'shop')

/** A TLS ADS server that checks the TokenRequest token, behind mesh-ps istiod pods' port 15012. */
async function startProxyStatusIstiod(sim: KubeSim): Promise<AdsServer> {
  await sim.waitFor(() => sim.list('v1', 'Pod', 'mesh-ps').some((p) => p.status?.phase === 'Running'))
  const recorded = JSON.parse(
    readFileSync(
      new URL('../../../shared/fixtures/proxy-status/multiXdsStatusSinglePilot.json', import.meta.url),
      'utf8',
    ),
  ) as DiscoveryResponse
  const pki = testPki()
  const tokens = () =>
    sim.server.issuedTokens.filter((t) => t.audiences.includes('istio-ca')).map((t) => t.token)
  const ads = await startAdsServer({
    tls: {key: pki.serverKeyPem, cert: pki.serverCertPem},
    checkToken: (t) => t !== undefined && tokens().includes(t),
    answer: (req) => (req.typeUrl === TYPE.syncz ? recorded : undefined),
  })
  sim.portForward(
    {namespace: 'mesh-ps', selector: 'app=istiod', port: 15012},
    {host: '127.0.0.1', port: ads.port},
  )
  return ads
}

/** proxy-config's sidecar (the recorded config dump behind productpage-v1-abc:15000) and dashboard's kiali-1:20001. */
async function startEnvoyAdmin(sim: KubeSim): Promise<Server> {
  const dump = readFileSync(
    new URL('../../../shared/fixtures/envoy/sidecar-config_dump.json', import.meta.url),
  )
  const admin = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').startsWith('/config_dump')) return res.end(dump)
    // dashboard's kiali page
    if (req.method === 'GET' && (req.url ?? '').startsWith('/kiali')) return res.end('<html>kiali</html>')
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => admin.listen(0, '127.0.0.1', r))
  const to = {host: '127.0.0.1', port: (admin.address() as AddressInfo).port}
  sim.portForward({namespace: 'shop', pod: 'productpage-v1-abc', port: 15000}, to)
  sim.portForward({namespace: 'dash-system', pod: 'kiali-1', port: 20001}, to)
  return admin
}

function norm(cmd: Command, s: string): string {
  return cmd.normalise ? cmd.normalise(s) : s
}
