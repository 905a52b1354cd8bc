// Faults on the simulator, measured: every cluster-facing command (a row of COMMANDS) meets every fault
// (a row of FAULTS); each pair says what the user sees, that retries stay bounded, and that a re-run after
// the fault converges to the fault-free result with nothing lost or half-written.
import {expect} from 'chai'
import {startKubeSim, type FaultRule, type KubeSim} from '../kube-sim/index.js'
import {runInFolder, STACK_TRACE, type RunResult} from './run.js'
import {renderInjectionConfig} from '../../src/lib/inject/index.js'

interface Command {
  name: string
  args: string[]
  /** A file the command writes; it must not exist after a failure, and must equal the baseline's after. */
  output?: string
  /** What varies between two fault-free runs, blanked before comparing. */
  normalise?: (s: string) => string
  /** The cluster state the command leaves (compared with the fault-free run's after the re-run). */
  state?: (sim: KubeSim) => string
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
    state: (sim) =>
      JSON.stringify(
        ['Deployment', 'ConfigMap', 'ServiceAccount', 'Service'].flatMap((kind) =>
          sim
            .list(kind === 'Deployment' ? 'apps/v1' : 'v1', kind, 'istio-system')
            .map((o) => [
              kind,
              o.metadata.name,
              (o as {spec?: unknown}).spec ?? (o as {data?: unknown}).data ?? null,
            ]),
        ),
      ),
    normalise: () => '',
  },
]

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
}

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
]

/** What a command does where it differs from the fault's default outcome (a row only where it differs). */
const DIFFERS: Record<string, Outcome> = {
  // manifest generate reads only /version and nodes: pods are never asked for
  'manifest generate --cluster-specific / RBAC 403 on pods only': {ok: true},
  // analyze warns that the analyzers needing pods are skipped, and analyzes the rest
  'analyze / RBAC 403 on pods only': {ok: true},
  // kube-inject reads ConfigMaps and nodes; pods only for istiod's webhook, which is not configured here
  'kube-inject / RBAC 403 on pods only': {ok: true},
  // istioctl's wording: "fail to get Kubernetes version: …"
  'install / expired credentials (401 on every request)': {
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
  requests: number
  rerun: RunResult
  /** The cluster state after the re-run. */
  state?: string
}

describe('faults: every cluster-facing command against throttling, failures, drops, timeouts and RBAC', function () {
  this.timeout(30 * 60_000)
  let sim: KubeSim
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
    return {r, requests: sim.requestLog.length - before}
  }
  let kubeconfigText = ''

  before(async function () {
    sim = await startKubeSim()
    const {readFileSync} = await import('node:fs')
    kubeconfigText = readFileSync(sim.kubeconfigPath, 'utf8')
    await sim.seed(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system',
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports:\n  - {port: 80, name: foo}',
      ].join('\n---\n'),
    )
    // kube-inject's ConfigMaps, in a namespace of their own
    const inj = await renderInjectionConfig({})
    await sim.seed([
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'inject-system'}},
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {name: 'istio-sidecar-injector', namespace: 'inject-system'},
        data: {config: inj.injectConfig, values: inj.values},
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {name: 'istio', namespace: 'inject-system'},
        data: {mesh: inj.mesh},
      },
    ])
    // command by command (install last: what it installs changes what the others see), the fault-free
    // baseline first, then each fault and its re-run
    for (const cmd of COMMANDS) {
      const b = await run(cmd)
      baseline.set(cmd.name, {...b, out: b.r.files?.[cmd.output ?? ''], state: cmd.state?.(sim)})
      for (const fault of FAULTS) {
        const removers = (fault.rules ?? []).map((rule) => sim.fault(rule))
        if (fault.forbid) sim.authorize((_user, attrs) => attrs.resource !== fault.forbid)
        if (fault.unauthorized) sim.server.authenticate = () => undefined
        const {r, requests} = await run(cmd, fault.flags)
        removers.forEach((off) => off())
        sim.authorize(() => true)
        sim.server.authenticate = undefined
        // the fault is gone: a re-run converges to the fault-free result
        const {r: rerun} = await run(cmd)
        pairs.push({cmd, fault, r, requests, rerun, state: cmd.state?.(sim)})
      }
    }
  })

  after(async () => sim?.stop())

  it('ran the fault-free baseline of every command', () => {
    for (const cmd of COMMANDS) {
      const b = baseline.get(cmd.name)!
      expect(b.r.code, `${cmd.name}: ${b.r.stderr}`).to.be.oneOf([0, 79])
      expect(b.requests, cmd.name).to.be.greaterThan(0)
    }
  })

  for (const fault of FAULTS)
    for (const cmd of COMMANDS)
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
          expect(p.requests, `requests: ${what}`).to.be.at.most(fault.maxRequests(b.requests))
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
      `      ${injected} command × fault runs, ${converged} re-runs converged to the fault-free result`,
    )
    expect(converged).to.equal(injected)
  })
})

function norm(cmd: Command, s: string): string {
  return cmd.normalise ? cmd.normalise(s) : s
}
