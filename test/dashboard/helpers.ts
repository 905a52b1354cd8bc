// Shared by the dashboard tests: a stand-in UI server, deployments for kube-sim, free ports, plain GETs.
import {request, createServer, type Server} from 'node:http'
import {connect, createServer as createTcpServer, type AddressInfo} from 'node:net'
import {spawn} from 'node:child_process'
import {BIN, ROOT} from '../helpers/cli.js'
import type {KubeSim} from '../kube-sim/index.js'

/** An HTTP server standing in for an addon's UI: answers `<title>` + the path it was asked for. */
export function fakeUi(title: string): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(`<title>${title}</title> ${req.url}`)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

export const portOf = (s: {address(): unknown}) => (s.address() as AddressInfo).port

/** A free loopback port (bound and released). */
export function freePort(): Promise<number> {
  const s = createTcpServer()
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const port = portOf(s)
      s.close(() => resolve(port))
    }),
  )
}

/** GET on a fresh connection (no keep-alive), so each request opens its own tunnel. */
export function get(url: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request(url, {agent: false, headers: {connection: 'close'}}, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    })
    req.setTimeout(5000, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Whether anything accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}

/** A Deployment whose pods carry `labels` and listen on `port`. */
export function deployment(name: string, namespace: string, labels: Record<string, string>, port: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace, labels},
    spec: {
      replicas: 1,
      selector: {matchLabels: labels},
      template: {
        metadata: {labels},
        spec: {containers: [{name, image: `example/${name}:1`, ports: [{containerPort: port}]}]},
      },
    },
  }
}

/** The Running pods of a namespace whose name starts with prefix. */
export const runningPods = (sim: KubeSim, namespace: string, prefix: string) =>
  sim
    .list('v1', 'Pod', namespace)
    .filter(
      (p) =>
        p.metadata.name.startsWith(prefix) &&
        p.status?.phase === 'Running' &&
        !p.metadata.deletionTimestamp &&
        (p.status?.conditions as {type: string; status: string}[] | undefined)?.some(
          (c) => c.type === 'Ready' && c.status === 'True',
        ),
    )

/** Forwards a pod port (by selector) to a local server, recording which pod each connection was for. */
export function routeTo(
  sim: KubeSim,
  target: {namespace: string; selector?: string; pod?: string; port: number},
  server: Server,
  seen: string[] = [],
): string[] {
  sim.portForward(target, ({pod}) => {
    seen.push(pod)
    return connect(portOf(server), '127.0.0.1')
  })
  return seen
}

/** Resolves when pred holds (polled), or rejects after timeoutMs. */
export async function until(pred: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what}: not met within ${timeoutMs}ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * `meshctl ARGS` (the built CLI; or another binary, e.g. istioctl) in a child process, once it printed its
 * first URL; stop() sends SIGINT.
 */
export async function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  command: string[] = [process.execPath, BIN],
): Promise<{url: string; stdout: () => string; stderr: () => string; stop: () => Promise<number | null>}> {
  const [file, ...pre] = command
  const child = spawn(file!, [...pre, ...args], {cwd: ROOT, env: {...process.env, ...env}})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    await until(() => stdout.includes('\n'), 30_000, 'URL printed')
  } catch (err) {
    child.kill('SIGKILL')
    throw new Error(`${(err as Error).message}; stderr: ${stderr}`)
  }
  return {
    url: stdout.split('\n')[0]!,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGINT')
      return exited
    },
  }
}
