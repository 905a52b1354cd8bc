// No secret is ever printed: every cluster-facing command runs against the simulator (HTTPS) with
// kubeconfigs whose token, password, client key, exec-plugin output and auth-provider fields carry a
// marker, on success and error paths and with --debug; no marker or credential may reach stdout or stderr.
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {TLSSocket} from 'node:tls'
import {expect} from 'chai'
import {parse, stringify} from 'yaml'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {pool, runInFolder, STACK_TRACE, type RunResult} from './run.js'
import {startWebhookServer, webhookObjects, type WebhookServer} from '../helpers/injection-webhook.js'

export const MARKER = 'S3CRET-MARKER-q7Zx'

/** Records every address a run listens on (test/helpers/net-spy.mjs). */
const NET_SPY = fileURLToPath(new URL('../helpers/net-spy.mjs', import.meta.url))

const b64 = (s: string) => Buffer.from(s).toString('base64')
const b64url = (s: string) => Buffer.from(s).toString('base64url')
/** An unsigned JWT that client-node's OIDC provider uses as it is while `exp` is in the future. */
const jwt = (exp: number) =>
  `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({sub: `oidc-${MARKER}`, exp}))}.${b64url(MARKER)}`
const ID_TOKEN = jwt(Math.floor(Date.now() / 1000) + 86_400)
const EXPIRED_ID_TOKEN = jwt(1_000_000_000)

const TOKEN = `tok-${MARKER}`
const EXEC_TOKEN = `exec-${MARKER}`
const PASSWORD = `pw-${MARKER}`

interface Sim {
  sim: KubeSim
  ca: string
  cert: string
  key: string
}

function execUser(script: string) {
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: ['-e', script],
      interactiveMode: 'Never',
    },
  }
}

const credential = (token: string) =>
  JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {token}})

/** Users, by name: those the simulator accepts, then those that fail in some way. */
function users(s: Sim): Record<string, object> {
  const oidc = (idToken: string) => ({
    'auth-provider': {
      name: 'oidc',
      config: {
        'client-id': 'meshctl',
        'client-secret': `cs-${MARKER}`,
        'id-token': idToken,
        'refresh-token': `rt-${MARKER}`,
        'idp-issuer-url': 'http://127.0.0.1:9',
      },
    },
  })
  return {
    token: {token: TOKEN},
    basic: {username: `user-${MARKER}`, password: PASSWORD},
    cert: {'client-certificate-data': b64(s.cert), 'client-key-data': b64(s.key)},
    exec: execUser(`process.stdout.write(${JSON.stringify(credential(EXEC_TOKEN))})`),
    oidc: oidc(ID_TOKEN),
    'rejected token': {token: `bad-${MARKER}`},
    'broken client key': {
      'client-certificate-data': b64(s.cert),
      'client-key-data': b64(
        `-----BEGIN RSA PRIVATE KEY-----\n${MARKER}${MARKER}\n-----END RSA PRIVATE KEY-----\n`,
      ),
    },
    'exec printing junk': execUser(`process.stdout.write('not json ${MARKER}')`),
    'exec failing': execUser(
      `process.stdout.write(${JSON.stringify(credential(EXEC_TOKEN))}); process.exit(3)`,
    ),
    'exec without status': execUser(`process.stdout.write('{"kind":"ExecCredential","token":"${MARKER}"}')`),
    'expired oidc token': oidc(EXPIRED_ID_TOKEN),
  }
}

/** Every string that must never be printed. */
function secrets(s: Sim): string[] {
  const keyBody = s.key.split('\n').filter((l) => l && !l.startsWith('-----'))
  return [MARKER, TOKEN, EXEC_TOKEN, PASSWORD, ID_TOKEN, EXPIRED_ID_TOKEN, b64(s.key), ...keyBody.slice(0, 3)]
}

function kubeconfig(s: Sim, user: object, server = s.sim.url): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{name: 'sim', cluster: {server, 'certificate-authority-data': b64(s.ca)}}],
    users: [{name: 'u', user}],
    contexts: [{name: 'c', context: {cluster: 'sim', user: 'u', namespace: 'default'}}],
    'current-context': 'c',
  })
}

/**
 * The cluster-facing commands (every command with a --kubeconfig flag), each with every credential, with
 * and without --debug; a new command adds a row (the coverage test below fails until it does).
 */
export const CLUSTER_COMMANDS: [string, string[]][] = [
  ['version', ['version']],
  ['analyze', ['analyze', '-A']],
  ['manifest generate --cluster-specific', ['manifest', 'generate', '--cluster-specific', '-o', 'out.yaml']],
  ['manifest diff --cluster', ['manifest', 'diff', '--cluster']],
  ['x precheck', ['x', 'precheck']],
  ['install', ['install', '--set', 'profile=minimal', '-y', '--readiness-timeout', '20s']],
  ['uninstall', ['uninstall', '--purge', '-y', '--dry-run']],
  ['proxy-status', ['proxy-status', '--timeout', '3s']],
  ['proxy-config all', ['proxy-config', 'all', 'web-1.default']],
  ['proxy-config log', ['proxy-config', 'log', 'web-1.default']],
  ['kube-inject', ['kube-inject', '-f', 'dep.yaml']],
  // through istiod's webhook: a port-forward (credentials on the upgrade) and TLS to the stand-in webhook
  ['kube-inject through the webhook', ['kube-inject', '-f', 'dep.yaml', '-r', 'secrets']],
  ['verify-install', ['verify-install']],
  ['dashboard', ['dashboard', 'kiali', '--browser=false']],
]

/**
 * The other proxy-config subcommands share proxy-config all's path to the cluster (find the pod, port-forward
 * to its admin port): each runs with --debug with an accepted token and with an exec plugin printing junk.
 */
export const PROXY_CONFIG_SUBCOMMANDS = [
  'bootstrap',
  'cluster',
  'ecds',
  'eds',
  'endpoint',
  'listener',
  'route',
  'secret',
]

/** Commands that never talk to a cluster: run once with KUBECONFIG at a kubeconfig full of markers. */
export const OFFLINE_COMMANDS: [string, string[]][] = [
  ['validate', ['validate', '-f', 'dep.yaml']],
  ['manifest generate', ['manifest', 'generate', '--set', 'profile=minimal', '-o', 'out.yaml']],
  ['profile list', ['profile', 'list']],
  ['profile dump', ['profile', 'dump', 'minimal']],
  ['profile diff', ['profile', 'diff', 'default', 'minimal']],
  ['completion', ['completion', 'bash']],
]

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: nginx}]}\n'

interface SecretRun {
  id: string
  r: RunResult
  /** `host port` of each listener the run opened. */
  listened: string[]
}

describe('secrets: no credential ever reaches stdout or stderr', function () {
  this.timeout(15 * 60_000)
  let s: Sim
  let webhook: WebhookServer | undefined
  const runs: SecretRun[] = []
  const spyDir = mkdtempSync(join(tmpdir(), 'meshctl-net-spy-'))
  let spied = 0
  /** Runs one case with the listener spy preloaded. */
  const spiedRun = async (c: {
    id: string
    args: string[]
    files: Record<string, string>
    env?: NodeJS.ProcessEnv
  }) => {
    const log = join(spyDir, `${spied++}.log`)
    const r = await runInFolder({
      args: c.args,
      files: c.files,
      env: {...c.env, MESHCTL_NET_SPY: log, NODE_OPTIONS: `--import=${NET_SPY}`},
      timeoutMs: 90_000,
    })
    const listened = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []
    runs.push({id: c.id, r, listened})
  }

  before(async function () {
    const sim = await startKubeSim({tls: true})
    const kc = parse(readFileSync(sim.kubeconfigPath, 'utf8')) as {
      clusters: {cluster: Record<string, string>}[]
      users: {name: string; user: Record<string, string>}[]
    }
    const certUser = kc.users.find((u) => u.name === 'cert')!.user
    s = {
      sim,
      ca: Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString(),
      cert: Buffer.from(certUser['client-certificate-data']!, 'base64').toString(),
      key: Buffer.from(certUser['client-key-data']!, 'base64').toString(),
    }
    // accept exactly the credentials above (and the client certificate)
    sim.server.authenticate = (req) => {
      const sock = req.socket as TLSSocket
      if (sock.authorized && sock.getPeerCertificate()?.subject?.CN) return 'admin'
      const auth = req.headers.authorization ?? ''
      const ok = [
        `Bearer ${TOKEN}`,
        `Bearer ${EXEC_TOKEN}`,
        `Bearer ${ID_TOKEN}`,
        `Basic ${b64(`user-${MARKER}:${PASSWORD}`)}`,
      ]
      return ok.includes(auth) ? 'admin' : undefined
    }
    await sim.seed(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n---\n' +
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web-1, namespace: default}\n' +
        'spec: {containers: [{name: web, image: web}, {name: istio-proxy, image: proxyv2}]}\n',
    )
    // istiod's injection webhook for revision "secrets": it labels each pod it sees
    webhook = await startWebhookServer(
      (review) => ({
        uid: review.request.uid,
        allowed: true,
        patchType: 'JSONPatch',
        patch: b64(JSON.stringify([{op: 'add', path: '/metadata/labels/webhook-saw', value: 'yes'}])),
      }),
      'istiod-secrets.istio-system.svc',
    )
    await sim.seed(
      webhookObjects({
        revision: 'secrets',
        caPem: webhook.ca,
        service: 'istiod-secrets',
        configName: 'istio-sidecar-injector-secrets',
      }) as never,
    )
    sim.portForward(
      {namespace: 'istio-system', selector: 'app=istiod-secrets', port: 15017},
      {host: '127.0.0.1', port: webhook.port},
    )

    const cases: {id: string; files: Record<string, string>; args: string[]; env?: NodeJS.ProcessEnv}[] = []
    // --debug prints the most (causes, stack traces), so every credential runs with it; without it, every
    // credential for version and two broken ones for every command (their one-line errors)
    const plainToo = (cmd: string, who: string) =>
      cmd === 'version' || who === 'rejected token' || who === 'exec printing junk'
    for (const [who, user] of Object.entries(users(s)))
      for (const [cmd, args] of CLUSTER_COMMANDS)
        for (const debug of plainToo(cmd, who) ? [false, true] : [true])
          cases.push({
            id: `${cmd}${debug ? ' --debug' : ''} as ${who}`,
            files: {kc: kubeconfig(s, user), 'dep.yaml': DEPLOYMENT},
            args: [...args, '--kubeconfig', 'kc', '--request-timeout', '5s', ...(debug ? ['--debug'] : [])],
          })
    for (const [who, user] of Object.entries(users(s)).filter(([w]) =>
      ['token', 'exec printing junk'].includes(w),
    ))
      for (const sub of PROXY_CONFIG_SUBCOMMANDS)
        cases.push({
          id: `proxy-config ${sub} --debug as ${who}`,
          files: {kc: kubeconfig(s, user)},
          args: [
            'proxy-config',
            sub,
            'web-1.default',
            '--kubeconfig',
            'kc',
            '--request-timeout',
            '5s',
            '--debug',
          ],
        })
    // offline commands, with every kind of credential in the kubeconfig they must not need
    const allUsers = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: 'sim', cluster: {server: s.sim.url, 'certificate-authority-data': b64(s.ca)}}],
      users: Object.entries(users(s)).map(([name, user]) => ({name, user})),
      contexts: Object.keys(users(s)).map((name) => ({name, context: {cluster: 'sim', user: name}})),
      'current-context': 'exec printing junk',
    })
    for (const [cmd, args] of OFFLINE_COMMANDS)
      cases.push({
        id: `${cmd} --debug (offline)`,
        files: {kc: allUsers, 'dep.yaml': DEPLOYMENT},
        args: [...args, '--debug'],
        env: {KUBECONFIG: 'kc'},
      })
    // error paths with good credentials: refused, forbidden, failing, unreachable, untrusted
    const good = kubeconfig(s, users(s).token!)
    const errorPaths: [string, string][] = [
      ['the server unreachable', kubeconfig(s, users(s).token!, 'https://127.0.0.1:9')],
      ['an untrusted server certificate', kubeconfig(s, users(s).token!).replace(b64(s.ca), b64(s.cert))],
    ]
    for (const [what, text] of errorPaths)
      for (const [cmd, args] of CLUSTER_COMMANDS)
        cases.push({
          id: `${cmd} --debug with ${what}`,
          files: {kc: text, 'dep.yaml': DEPLOYMENT},
          args: [...args, '--kubeconfig', 'kc', '--debug'],
        })
    // cluster-wide faults, one phase each after the other runs (faults are global to the simulator)
    const phases: [string, () => () => void][] = [
      ['every request failing 500', () => sim.fault({status: 500})],
      [
        'every request forbidden (403)',
        () => {
          sim.authorize(() => false)
          return () => sim.authorize(() => true)
        },
      ],
    ]
    const phased = new Map<string, typeof cases>()
    for (const [what] of phases)
      phased.set(
        what,
        CLUSTER_COMMANDS.map(([cmd, args]) => ({
          id: `${cmd} --debug with ${what}`,
          files: {kc: good, 'dep.yaml': DEPLOYMENT},
          args: [...args, '--kubeconfig', 'kc', '--debug'],
        })),
      )
    await pool(cases, 2, spiedRun)
    for (const [what, start] of phases) {
      const off = start()
      await pool(phased.get(what)!, 2, spiedRun)
      off()
    }
  })

  after(async () => {
    rmSync(spyDir, {recursive: true, force: true})
    await webhook?.close()
    await s?.sim.stop()
  })

  it('ran every cluster-facing command with every kind of credential', () => {
    expect(runs.length).to.be.at.least(Object.keys(users(s)).length * CLUSTER_COMMANDS.length)
    // the accepted credentials really reached the cluster: those runs did not fail on authentication
    for (const r of runs.filter((x) => /as (token|basic|cert|exec|oidc)$/.test(x.id)))
      expect(r.r.stderr, r.id).to.not.match(/unauthorized|rejected the credentials/i)
    // kube-inject's webhook path was taken with each accepted credential
    for (const r of runs.filter((x) =>
      /^kube-inject through the webhook as (token|basic|cert|exec|oidc)$/.test(x.id),
    )) {
      expect(r.r.code, `${r.id}: ${r.r.stderr}`).to.equal(0)
      expect(r.r.stdout, r.id).to.match(/webhook-saw: "?yes"?/)
    }
    // install really completed with each accepted credential (the other commands' success depends on order)
    const installs = runs.filter((x) => /^install( --debug)? as (token|basic|cert|exec|oidc)$/.test(x.id))
    expect(installs.length).to.be.at.least(5)
    for (const r of installs) expect(r.r.code, `${r.id}: ${r.r.stderr}`).to.equal(0)
    // and the rejected ones were rejected
    for (const r of runs.filter((x) => x.id.endsWith('as rejected token')))
      expect(r.r.code, r.id).to.not.equal(0)
  })

  it('never prints a marker, token, password or key', () => {
    const leaks: string[] = []
    for (const {id, r} of runs)
      for (const secret of secrets(s))
        for (const [stream, text] of [
          ['stdout', r.stdout],
          ['stderr', r.stderr],
        ] as const)
          if (text.includes(secret))
            leaks.push(`${id}: ${stream} contains ${secret.slice(0, 24)}…\n${text.slice(0, 600)}`)
    expect(leaks, leaks.join('\n\n')).to.deep.equal([])
  })

  it('fails in one line, with no stack trace unless --debug', () => {
    for (const {id, r} of runs) {
      expect(r.timedOut, id).to.equal(false)
      if (!id.includes('--debug')) expect(r.stderr, id).to.not.match(STACK_TRACE)
      // 79 is analyze's "findings" exit: its report, not a failure
      if (r.code === 0 || (id.startsWith('analyze ') && r.code === 79)) continue
      const lines = r.stderr.split('\n')
      // verify-install's failure is its report (✘ per component on stdout), not an error
      if (id.startsWith('verify-install ') && !lines[0]) expect(r.stdout, id).to.include('✘')
      // manifest diff --cluster exits 1 on differences: the diff is on stdout, not an error
      else if (id.startsWith('manifest diff --cluster ') && !lines[0]) expect(r.stdout, id).to.not.equal('')
      // install and uninstall log progress before the error; proxy-status notes its fallback
      else if (/^(install|uninstall|proxy-status) /.test(id))
        expect(
          lines.find((l) => l.startsWith('error: ')),
          `${id}\n${r.stderr}`,
        ).to.be.a('string')
      else expect(lines[0], `${id}\n${r.stderr}`).to.match(/^error: /)
    }
  })

  it('listens on loopback only (every listener of every run, recorded by a preloaded spy)', () => {
    const listeners = runs.flatMap(({id, listened}) => listened.map((l) => `${id}: ${l}`))
    const exposed = listeners.filter((l) => !/: (127\.\d+\.\d+\.\d+|::1) \d+$/.test(l))
    expect(exposed, exposed.join('\n')).to.deep.equal([])
    // the port-forwards of proxy-config (to the pod's admin port) did listen: the spy saw them
    expect(listeners.filter((l) => l.startsWith('proxy-config ')).length).to.be.greaterThan(0)
    const by = new Set(listeners.map((l) => l.split(/ (--debug|as |with |\()/)[0]))
    console.log(`      ${listeners.length} listeners, all on loopback (${[...by].sort().join(', ')})`)
  })

  it('covers every command of meshctl --help', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'),
    ) as {
      commands: Record<string, {flags: Record<string, unknown>; aliases?: string[]}>
    }
    const ran = new Set(runs.map(({id}) => id.split(/ (--debug|as |with |\()/)[0]!))
    const table: string[] = []
    for (const [id, c] of Object.entries(manifest.commands)) {
      const name = id.replaceAll(':', ' ')
      const cluster = 'kubeconfig' in c.flags
      const rows = [...ran].filter((r) => r === name || r.startsWith(`${name} `))
      const n = runs.filter(({id: rid}) => rows.some((r) => rid === r || rid.startsWith(`${r} `))).length
      table.push(`${name.padEnd(24)} ${cluster ? 'cluster' : 'offline'} ${String(n).padStart(4)} runs`)
      expect(
        n,
        `${name} (${cluster ? 'reads a kubeconfig' : 'offline'}) is never run here`,
      ).to.be.greaterThan(0)
      if ((cluster && !name.startsWith('proxy-config ')) || name === 'proxy-config all')
        expect(n, `${name}: every credential`).to.be.at.least(Object.keys(users(s)).length)
    }
    console.log(`      ${runs.length} runs:\n${table.map((l) => `        ${l}`).join('\n')}`)
  })
})
