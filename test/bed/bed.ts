/**
 * The testbed: a real Kubernetes control plane without containers — etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kwok (fake nodes whose pods become Running and Ready) —
 * on loopback with free ports, from the binaries scripts/install-testbed.sh builds.
 *
 *   const bed = await startBed({nodes: 1})   // throws BedUnavailable when the binaries are absent
 *   KUBECONFIG=bed.kubeconfigPath kubectl get nodes
 *   await bed.stop()                           // stops every process, removes the temp folder
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import {request as httpRequest} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {createServer} from 'node:net'
import {homedir, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {makeBedPki} from './pki.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** The pinned versions, read from testbed/versions.env (the install script's source of truth). */
export function bedVersions(): Record<'KUBERNETES_VERSION' | 'ETCD_VERSION' | 'KWOK_VERSION', string> {
  const text = readFileSync(join(ROOT, 'testbed/versions.env'), 'utf8')
  const get = (k: string) => {
    const m = new RegExp(`^${k}=(\\S+)`, 'm').exec(text)
    if (!m) throw new Error(`testbed/versions.env: no ${k}`)
    return m[1]
  }
  return {
    KUBERNETES_VERSION: get('KUBERNETES_VERSION'),
    ETCD_VERSION: get('ETCD_VERSION'),
    KWOK_VERSION: get('KWOK_VERSION'),
  }
}

/** The install folder (holds bin/ and kwok-*.yaml), as scripts/install-testbed.sh computes it. */
export function bedDir(): string {
  const v = bedVersions()
  const cache = process.env.MESHCTL_TESTBED_CACHE ?? join(homedir(), '.cache', 'meshctl-testbed')
  const s = (x: string) => x.replace(/^v/, '')
  return join(cache, `k8s-${s(v.KUBERNETES_VERSION)}_etcd-${s(v.ETCD_VERSION)}_kwok-${s(v.KWOK_VERSION)}`)
}

const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const

/** Why the bed cannot start here (missing binaries), or undefined when it can. */
export function bedUnavailableReason(): string | undefined {
  const dir = bedDir()
  const missing = BINARIES.filter((b) => !existsSync(join(dir, 'bin', b)))
  if (!existsSync(join(dir, 'kwok-stages.yaml'))) missing.push('kwok-stages.yaml' as never)
  if (missing.length === 0) return undefined
  return `testbed not installed (${missing.join(', ')} missing in ${dir}); run scripts/install-testbed.sh`
}

export class BedUnavailable extends Error {}

export interface BedOptions {
  /** Fake nodes to create (default 1). */
  nodes?: number
  /** Where to write the kubeconfig (default: inside the bed's temp folder). */
  kubeconfigPath?: string
  /** Progress lines (default: none). */
  log?: (line: string) => void
}

export interface Bed {
  url: string
  kubeconfigPath: string
  caPem: string
  /** Bearer token of the admin user (group system:masters). */
  token: string
  /** Node names created, all Ready. */
  nodes: string[]
  /** Pids of the processes started (for memory figures). */
  pids: Record<string, number>
  /** Milliseconds from start to ready. */
  startMs: number
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (the OS picks; released before the component binds it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as {port: number}).port
      srv.close(() => resolve(port))
    })
  })
}

interface HttpResult {
  status: number
  body: string
}

function get(url: string, opts: {ca?: string; token?: string; insecure?: boolean} = {}): Promise<HttpResult> {
  return new Promise((resolve) => {
    const u = new URL(url)
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      {
        method: 'GET',
        ca: opts.ca,
        rejectUnauthorized: !opts.insecure,
        headers: opts.token ? {authorization: `Bearer ${opts.token}`} : {},
        timeout: 5000,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
      },
    )
    req.on('error', (e) => resolve({status: 0, body: e.message}))
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.end()
  })
}

function send(
  url: string,
  method: string,
  body: unknown,
  opts: {ca: string; token: string; contentType?: string},
): Promise<HttpResult> {
  return new Promise((resolve) => {
    const data = typeof body === 'string' ? body : JSON.stringify(body)
    const req = httpsRequest(
      new URL(url),
      {
        method,
        ca: opts.ca,
        headers: {
          authorization: `Bearer ${opts.token}`,
          'content-type': opts.contentType ?? 'application/json',
          'content-length': Buffer.byteLength(data),
        },
        timeout: 10_000,
      },
      (res) => {
        let out = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (out += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body: out}))
      },
    )
    req.on('error', (e) => resolve({status: 0, body: e.message}))
    req.end(data)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every bed still running in this process: stopped synchronously (SIGKILL) if the process exits. */
const live = new Set<{kill(): void}>()
process.once('exit', () => {
  for (const b of live) b.kill()
})

/** Starts a bed; resolves once the API server, controllers and a Ready fake node are up. */
export async function startBed(opts: BedOptions = {}): Promise<Bed> {
  const reason = bedUnavailableReason()
  if (reason) throw new BedUnavailable(reason)
  const t0 = Date.now()
  const log = opts.log ?? (() => {})
  const nodeCount = opts.nodes ?? 1
  const dir = bedDir()
  const bin = (b: string) => join(dir, 'bin', b)
  const tmp = mkdtempSync(join(tmpdir(), 'meshctl-bed-'))
  const f = (name: string) => join(tmp, name)
  mkdirSync(f('logs'))
  const procs: {name: string; child: ChildProcess}[] = []
  let stopped = false

  const killAll = (signal: NodeJS.Signals) => {
    for (const p of [...procs].reverse()) if (p.child.exitCode === null) p.child.kill(signal)
  }
  const handle = {
    kill: () => {
      killAll('SIGKILL')
      if (!process.env.MESHCTL_BED_KEEP) rmSync(tmp, {recursive: true, force: true})
    },
  }
  live.add(handle)

  const stop = async () => {
    if (stopped) return
    stopped = true
    // Reverse start order: kwok and the controllers first, etcd last.
    for (const p of [...procs].reverse()) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) continue
      const exited = new Promise<void>((r) => p.child.once('exit', () => r()))
      p.child.kill('SIGTERM')
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    live.delete(handle)
    if (!process.env.MESHCTL_BED_KEEP) rmSync(tmp, {recursive: true, force: true})
  }

  const tail = (name: string) => {
    try {
      return readFileSync(f(`logs/${name}.log`), 'utf8')
        .split('\n')
        .slice(-15)
        .join('\n')
    } catch {
      return ''
    }
  }
  const fail = async (what: string, name?: string): Promise<never> => {
    const detail = name ? `\n--- last lines of ${name}'s log ---\n${tail(name)}` : ''
    await stop()
    throw new Error(`testbed: ${what}${detail}`)
  }

  // Every component talks to loopback only. A webhook or aggregated API that resolves to a pod IP (kwok's fake
  // 10.244.x.x) would otherwise be dialled on the host's network: through a proxy that refuses at once instead,
  // so the answer is the same on every machine and nothing leaves loopback (Go never proxies loopback).
  let env: NodeJS.ProcessEnv = process.env
  const run = (name: string, args: string[]) => {
    const out = createWriteStream(f(`logs/${name}.log`))
    const child = spawn(bin(name), args, {stdio: ['ignore', 'pipe', 'pipe'], cwd: tmp, env})
    child.stdout?.pipe(out)
    child.stderr?.pipe(out)
    child.on('error', (e) => out.write(`spawn error: ${e.message}\n`))
    procs.push({name, child})
    return child
  }
  const alive = (name: string) => {
    const p = procs.find((x) => x.name === name)
    return !!p && p.child.exitCode === null && p.child.signalCode === null
  }

  /** Polls until ok() holds; fails naming the component (and its log) when it died or timed out. */
  const waitUntil = async (what: string, name: string, ok: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!alive(name)) return fail(`${name} exited while waiting for ${what}`, name)
      if (await ok()) {
        log(`${what} after ${Date.now() - t0} ms`)
        return
      }
      await sleep(200)
    }
    return fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}`, name)
  }

  try {
    const [etcdClient, etcdPeer, apiPort, kcmPort, schedPort, kwokPort, noProxy] = await Promise.all(
      Array.from({length: 7}, freePort),
    )
    const nowhere = `http://127.0.0.1:${noProxy}`
    env = {
      ...process.env,
      HTTPS_PROXY: nowhere,
      HTTP_PROXY: nowhere,
      NO_PROXY: '',
      https_proxy: '',
      http_proxy: '',
      no_proxy: '',
    }
    const pki = makeBedPki()
    const files: Record<string, string> = {
      'ca.crt': pki.caCertPem,
      'ca.key': pki.caKeyPem,
      'apiserver.crt': pki.serverCertPem,
      'apiserver.key': pki.serverKeyPem,
      'kubelet-client.crt': pki.kubeletClientCertPem,
      'kubelet-client.key': pki.kubeletClientKeyPem,
      'proxy-client.crt': pki.proxyClientCertPem,
      'proxy-client.key': pki.proxyClientKeyPem,
      'kubelet.crt': pki.kubeletServingCertPem,
      'kubelet.key': pki.kubeletServingKeyPem,
      'sa.pub': pki.saPublicPem,
      'sa.key': pki.saPrivatePem,
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(f(name), text, {mode: 0o600})
    const token = randomBytes(24).toString('hex')
    // token,user,uid,"groups": one admin identity shared by the user and the components.
    writeFileSync(f('tokens.csv'), `${token},admin,admin,"system:masters"\n`, {mode: 0o600})
    const url = `https://127.0.0.1:${apiPort}`
    const kubeconfig = (server: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'testbed',
            cluster: {server, 'certificate-authority-data': Buffer.from(pki.caCertPem).toString('base64')},
          },
        ],
        users: [{name: 'admin', user: {token}}],
        contexts: [{name: 'testbed', context: {cluster: 'testbed', user: 'admin'}}],
        'current-context': 'testbed',
      })
    writeFileSync(f('components.kubeconfig'), kubeconfig(url), {mode: 0o600})
    const kubeconfigPath = opts.kubeconfigPath ?? f('kubeconfig')
    writeFileSync(kubeconfigPath, kubeconfig(url), {mode: 0o600})

    run('etcd', [
      '--name=bed',
      `--data-dir=${f('etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=bed=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--quota-backend-bytes=1073741824',
      '--log-level=warn',
    ])
    await waitUntil('etcd healthy', 'etcd', async () => {
      const r = await get(`http://127.0.0.1:${etcdClient}/health`)
      return r.status === 200 && r.body.includes('"true"')
    })

    run('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${f('apiserver-certs')}`,
      `--tls-cert-file=${f('apiserver.crt')}`,
      `--tls-private-key-file=${f('apiserver.key')}`,
      `--client-ca-file=${f('ca.crt')}`,
      `--token-auth-file=${f('tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${f('sa.pub')}`,
      `--service-account-signing-key-file=${f('sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      `--kubelet-client-certificate=${f('kubelet-client.crt')}`,
      `--kubelet-client-key=${f('kubelet-client.key')}`,
      '--kubelet-preferred-address-types=InternalIP',
      '--enable-aggregator-routing=true',
      `--proxy-client-cert-file=${f('proxy-client.crt')}`,
      `--proxy-client-key-file=${f('proxy-client.key')}`,
      `--requestheader-client-ca-file=${f('ca.crt')}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--allow-privileged=true',
      // The kubernetes Service's endpoints would be 127.0.0.1, which Endpoints refuse (loopback).
      '--endpoint-reconciler-type=none',
      '--profiling=false',
    ])
    await waitUntil(
      'kube-apiserver ready',
      'kube-apiserver',
      async () => (await get(`${url}/readyz`, {ca: pki.caCertPem, token})).status === 200,
      90_000,
    )

    const componentArgs = (port: number, name: string) => [
      `--kubeconfig=${f('components.kubeconfig')}`,
      `--authentication-kubeconfig=${f('components.kubeconfig')}`,
      `--authorization-kubeconfig=${f('components.kubeconfig')}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${f(`${name}-certs`)}`,
      '--leader-elect=false',
      '--profiling=false',
    ]
    run('kube-controller-manager', [
      ...componentArgs(kcmPort, 'kcm'),
      `--service-account-private-key-file=${f('sa.key')}`,
      `--root-ca-file=${f('ca.crt')}`,
      `--cluster-signing-cert-file=${f('ca.crt')}`,
      `--cluster-signing-key-file=${f('ca.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
    ])
    run('kube-scheduler', componentArgs(schedPort, 'scheduler'))

    // kwok's Exec/PortForward/Logs (and cluster-wide) kinds are CRDs, so tests can add targets at run time;
    // they must exist before kwok starts watching them.
    const crds = join(dir, 'kwok-crds.yaml')
    const enableCrds = existsSync(crds)
    if (enableCrds) {
      await applyYaml(url, pki.caCertPem, token, readFileSync(crds, 'utf8'))
      await waitUntil('kwok CRDs served', 'kube-apiserver', async () => {
        const r = await get(`${url}/apis/kwok.x-k8s.io/v1alpha1`, {ca: pki.caCertPem, token})
        return r.status === 200 && r.body.includes('"clusterattaches"')
      })
    }
    run('kwok', [
      `--kubeconfig=${f('components.kubeconfig')}`,
      `--config=${join(dir, 'kwok-stages.yaml')}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--node-ip=127.0.0.1',
      `--node-port=${kwokPort}`,
      `--server-address=127.0.0.1:${kwokPort}`,
      `--tls-cert-file=${f('kubelet.crt')}`,
      `--tls-private-key-file=${f('kubelet.key')}`,
      '--cidr=10.244.0.1/16',
      '--node-lease-duration-seconds=40',
      ...(enableCrds
        ? [
            '--enable-crds=Exec,ClusterExec,PortForward,ClusterPortForward,Logs,ClusterLogs,Attach,ClusterAttach',
          ]
        : []),
    ])

    const api = (path: string) => get(`${url}${path}`, {ca: pki.caCertPem, token})
    await waitUntil(
      'kube-controller-manager healthy',
      'kube-controller-manager',
      async () => (await get(`https://127.0.0.1:${kcmPort}/healthz`, {insecure: true})).status === 200,
    )
    await waitUntil(
      'kube-scheduler healthy',
      'kube-scheduler',
      async () => (await get(`https://127.0.0.1:${schedPort}/healthz`, {insecure: true})).status === 200,
    )
    const nodes = Array.from({length: nodeCount}, (_, i) => `kwok-node-${i}`)
    for (const name of nodes) {
      const r = await send(
        `${url}/api/v1/nodes`,
        'POST',
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name,
            annotations: {'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0'},
            labels: {
              'kubernetes.io/hostname': name,
              'kubernetes.io/os': 'linux',
              'kubernetes.io/arch': 'amd64',
              type: 'kwok',
            },
          },
        },
        {ca: pki.caCertPem, token},
      )
      if (r.status !== 201) await fail(`creating node ${name}: HTTP ${r.status} ${r.body}`)
    }
    await waitUntil(
      `${nodeCount} Ready fake node(s)`,
      'kwok',
      async () => {
        const r = await api('/api/v1/nodes')
        if (r.status !== 200) return false
        const items = (
          JSON.parse(r.body) as {items: {status?: {conditions?: {type: string; status: string}[]}}[]}
        ).items
        const ready = items.filter((n) =>
          n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        )
        return ready.length >= nodeCount
      },
      60_000,
    )
    // The ServiceAccount controller has run (pods cannot be created before default/default exists).
    await waitUntil(
      'controllers running (default ServiceAccount)',
      'kube-controller-manager',
      async () => (await api('/api/v1/namespaces/default/serviceaccounts/default')).status === 200,
    )

    const pids = Object.fromEntries(procs.map((p) => [p.name, p.child.pid ?? 0]))
    return {url, kubeconfigPath, caPem: pki.caCertPem, token, nodes, pids, startMs: Date.now() - t0, stop}
  } catch (e) {
    await stop()
    throw e
  }
}

/** Creates every object of a multi-document YAML through the REST API (used for kwok's CRDs). */
async function applyYaml(url: string, ca: string, token: string, text: string): Promise<void> {
  const {parseAllDocuments} = await import('yaml')
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as {apiVersion?: string; kind?: string; metadata?: {name?: string}} | null
    if (!o?.kind) continue
    if (o.kind !== 'CustomResourceDefinition') throw new Error(`testbed: cannot apply ${o.kind}`)
    const r = await send(`${url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, 'POST', o, {
      ca,
      token,
    })
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`testbed: creating CRD ${o.metadata?.name}: HTTP ${r.status} ${r.body}`)
  }
}
