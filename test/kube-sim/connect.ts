/**
 * Connect verbs behind the API: pod port-forward (WebSocket v4.channel.k8s.io for client-node; SPDY/3.1 raw
 * and tunnelled in WebSocket for kubectl) and exec (WebSocket v5/v4.channel.k8s.io, SPDY v4). Tests decide what a pod
 * port reaches: a handler returning a Duplex, or a local TCP address.
 */
import type {IncomingMessage} from 'node:http'
import {connect as tcpConnect, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {WebSocketServer, type WebSocket} from 'ws'
import {parseLabelSelector} from './selectors.js'
import type {SimServer} from './server.js'
import {ApiError} from './status.js'
import {SpdySession, type SpdyStream} from './spdy.js'
import type {KObj} from './store.js'

/** Where a forwarded pod port goes. */
export type PortTarget =
  | {host: string; port: number}
  | ((ctx: {namespace: string; pod: string; port: number}) => Duplex | Promise<Duplex>)

export interface ExecResult {
  stdout?: string | Buffer
  stderr?: string | Buffer
  exitCode?: number
}

/** Runs a command "in" a pod. Return undefined to fall through to the default commands. */
export type ExecHandler = (ctx: {
  namespace: string
  pod: string
  container: string
  command: string[]
  stdin?: Buffer
}) => ExecResult | undefined | Promise<ExecResult | undefined>

const SPDY_WS_PROTOCOL = 'SPDY/3.1+portforward.k8s.io'
const PLACEHOLDER = 'kube-sim-spdy-placeholder'

/** The default commands: echo, true, false, cat (stdin), hostname, env. */
function builtinExec(ctx: Parameters<ExecHandler>[0]): ExecResult {
  const [cmd, ...args] = ctx.command
  switch (cmd) {
    case 'echo':
      return {stdout: `${args.join(' ')}\n`}
    case 'true':
      return {}
    case 'false':
      return {exitCode: 1}
    case 'cat':
      return {stdout: ctx.stdin ?? ''}
    case 'hostname':
      return {stdout: `${ctx.pod}\n`}
    default:
      return {stderr: `exec: "${cmd}": executable file not found in $PATH\n`, exitCode: 127}
  }
}

export class Connect {
  private readonly forwards: {
    namespace: string
    pod?: string
    selector?: string
    port: number
    to: PortTarget
  }[] = []
  private readonly execHandlers: ExecHandler[] = []
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => {
      for (const p of [PLACEHOLDER, 'v5.channel.k8s.io', 'v4.channel.k8s.io']) if (protocols.has(p)) return p
      return false
    },
  })

  constructor(private readonly sim: SimServer) {
    // ws refuses '/' in subprotocol names; the request header carries a placeholder, restore the real name.
    this.wss.on('headers', (headers) => {
      const i = headers.findIndex((h) => h.toLowerCase() === `sec-websocket-protocol: ${PLACEHOLDER}`)
      if (i >= 0) headers[i] = `Sec-WebSocket-Protocol: ${SPDY_WS_PROTOCOL}`
    })
  }

  addForward(
    target: {namespace: string; pod?: string; selector?: string; port: number},
    to: PortTarget,
  ): void {
    this.forwards.unshift({...target, to})
  }

  setExec(handler: ExecHandler): void {
    this.execHandlers.unshift(handler)
  }

  private refuse(socket: Duplex, err: ApiError): void {
    const body = JSON.stringify(err.toStatus())
    socket.end(
      `HTTP/1.1 ${err.code} ${err.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }

  upgrade(req: IncomingMessage, socket: Socket, head: Buffer, user: string): void {
    const url = new URL(req.url ?? '/', 'http://sim')
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(portforward|exec|attach)$/.exec(url.pathname)
    if (!m)
      return this.refuse(
        socket,
        new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
      )
    const [, namespace, name, verb] = m as unknown as [string, string, string, string]
    const attrs = {verb: 'create', group: '', resource: 'pods', subresource: verb, namespace, name}
    const denied = this.sim.forbidden(user, attrs)
    if (denied) return this.refuse(socket, denied)
    const pod = this.sim.store.get({group: '', resource: 'pods'}, namespace, name)
    if (!pod)
      return this.refuse(
        socket,
        new ApiError(404, 'NotFound', `pods "${name}" not found`, {name, kind: 'pods'}),
      )
    if (pod.status?.phase !== 'Running') {
      return this.refuse(
        socket,
        new ApiError(
          400,
          'BadRequest',
          `pod ${name} is not running (phase ${pod.status?.phase ?? 'Pending'})`,
        ),
      )
    }
    const upgrade = (req.headers.upgrade ?? '').toLowerCase()
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim())
    if (upgrade === 'spdy/3.1' && verb !== 'attach') {
      const offeredSpdy = String(req.headers['x-stream-protocol-version'] ?? '')
        .split(',')
        .map((x) => x.trim())
      if (verb === 'exec' && !offeredSpdy.includes('v4.channel.k8s.io')) {
        return this.refuse(
          socket,
          new ApiError(403, 'Forbidden', 'unsupported remote command protocol (only v4.channel.k8s.io)'),
        )
      }
      const protocol = verb === 'exec' ? 'v4.channel.k8s.io' : 'portforward.k8s.io'
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
      )
      const session = new SpdySession((b) => socket.write(b))
      socket.on('data', (d: Buffer) => session.receive(d))
      socket.on('close', () => session.close())
      socket.on('error', () => session.close())
      session.on('close', () => socket.destroy())
      if (verb === 'exec') this.serveExecSpdy(session, pod, url)
      else this.servePortForwardSpdy(session, pod)
      if (head.length) session.receive(head)
      return
    }
    if (upgrade !== 'websocket')
      return this.refuse(socket, new ApiError(400, 'BadRequest', 'Upgrade request required'))
    if (verb === 'portforward' && offered.includes(SPDY_WS_PROTOCOL)) {
      req.headers['sec-websocket-protocol'] = PLACEHOLDER
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new SpdySession((b) => ws.send(b))
        ws.on('message', (d: Buffer) =>
          session.receive(Buffer.isBuffer(d) ? d : Buffer.from(d as ArrayBuffer)),
        )
        ws.on('close', () => session.close())
        session.on('close', () => ws.close())
        this.servePortForwardSpdy(session, pod)
      })
      return
    }
    if (verb === 'portforward' && !offered.includes('v4.channel.k8s.io')) {
      return this.refuse(socket, new ApiError(400, 'BadRequest', 'unsupported port-forward subprotocol'))
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (verb === 'portforward') this.servePortForwardV4(ws, pod, url)
      else void this.serveExec(ws, pod, url)
    })
  }

  /**
   * Connects to a Service port the way cluster traffic would: the service's targetPort on a Running pod
   * matching its selector, through the registered pod-port mapping. Undefined when there is no such service.
   */
  async dialService(namespace: string, name: string, port: number): Promise<Duplex | undefined> {
    const svc = this.sim.store.get({group: '', resource: 'services'}, namespace, name)
    if (!svc) return undefined
    const sp = ((svc.spec?.ports ?? []) as {port: number; targetPort?: number | string}[]).find(
      (p) => p.port === port,
    )
    if (!sp) throw new Error(`service "${name}" has no port ${port}`)
    const selector = (svc.spec?.selector ?? {}) as Record<string, string>
    const pod = this.sim.store
      .list({group: '', resource: 'pods'}, namespace)
      .find(
        (p) =>
          p.status?.phase === 'Running' &&
          Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
      )
    if (!pod) throw new Error(`no endpoints available for service "${name}"`)
    let target = typeof sp.targetPort === 'number' ? sp.targetPort : Number(sp.targetPort ?? sp.port)
    if (Number.isNaN(target)) {
      for (const c of pod.spec?.containers ?? [])
        for (const cp of c.ports ?? []) if (cp.name === sp.targetPort) target = cp.containerPort
    }
    return this.open(pod, target)
  }

  private async open(pod: KObj, port: number): Promise<Duplex> {
    const namespace = pod.metadata.namespace!
    const name = pod.metadata.name
    const f = this.forwards.find(
      (x) =>
        x.namespace === namespace &&
        x.port === port &&
        (x.pod ? x.pod === name : x.selector ? parseLabelSelector(x.selector)(pod.metadata.labels) : true),
    )
    if (!f)
      throw new Error(
        `error forwarding port ${port} to pod ${pod.metadata.uid}, uid : failed to execute portforward in network namespace: failed to connect to localhost:${port} inside namespace "${name}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused`,
      )
    if (typeof f.to === 'function') return f.to({namespace, pod: name, port})
    const {host, port: p} = f.to
    return new Promise((resolve, reject) => {
      const s = tcpConnect(p, host)
      s.once('connect', () => resolve(s))
      s.once('error', (e) => reject(new Error(`error forwarding port ${port} to pod ${name}: ${e.message}`)))
    })
  }

  /** kubectl: stream pairs (error + data) per connection, keyed by requestid. */
  private servePortForwardSpdy(session: SpdySession, pod: KObj): void {
    const errors = new Map<string, SpdyStream>()
    session.on('stream', (s: SpdyStream) => {
      const rid = s.headers.requestid ?? ''
      if (s.headers.streamtype === 'error') {
        errors.set(rid, s)
        // The client never writes on the error stream; half-close when it does.
        s.on('end', () => s.end())
        return
      }
      if (s.headers.streamtype !== 'data') return
      const errStream = errors.get(rid)
      const port = Number(s.headers.port)
      const pending: Buffer[] = []
      let target: Duplex | undefined
      s.on('data', (d: Buffer) => (target ? target.write(d) : pending.push(d)))
      s.on('end', () => target?.end())
      s.on('reset', () => target?.destroy())
      this.open(pod, port).then(
        (t) => {
          target = t
          for (const d of pending) t.write(d)
          if (s.remoteEnded) t.end()
          t.on('data', (d: Buffer) => s.write(d))
          t.on('error', () => {})
          t.on('close', () => {
            s.end()
            errStream?.end()
            errors.delete(rid)
          })
        },
        (e: Error) => {
          errStream?.write(e.message)
          errStream?.end()
          s.end()
          errors.delete(rid)
        },
      )
    })
  }

  /** client-node: `[channel][payload]` frames; the first frame on each channel carries the port (LE). */
  private servePortForwardV4(ws: WebSocket, pod: KObj, url: URL): void {
    const ports = (url.searchParams.get('ports') ?? '').split(',').filter(Boolean).map(Number)
    const targets: (Duplex | undefined)[] = []
    const pending: Buffer[][] = ports.map(() => [])
    const portPrefix = (ch: number, port: number) => Buffer.from([ch, port & 0xff, (port >> 8) & 0xff])
    ports.forEach((port, i) => {
      ws.send(portPrefix(2 * i, port))
      ws.send(portPrefix(2 * i + 1, port))
      this.open(pod, port).then(
        (t) => {
          targets[i] = t
          for (const d of pending[i]!) t.write(d)
          t.on('data', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([2 * i]), d])))
          t.on('error', () => {})
          t.on('close', () => ws.close())
        },
        (e: Error) => {
          ws.send(Buffer.concat([Buffer.from([2 * i + 1]), Buffer.from(e.message)]))
          ws.close()
        },
      )
    })
    ws.on('message', (raw: Buffer) => {
      const d = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer)
      const ch = d[0]!
      if (ch % 2) return
      const i = ch / 2
      const payload = d.subarray(1)
      if (targets[i]) targets[i]!.write(payload)
      else pending[i]?.push(payload)
    })
    ws.on('close', () => {
      for (const t of targets) t?.destroy()
    })
  }

  /** Runs an exec request through the registered handlers (then the built-in commands); returns output and status. */
  private async runExec(
    pod: KObj,
    url: URL,
    stdin: Buffer | undefined,
  ): Promise<{result: ExecResult; status: object}> {
    const q = url.searchParams
    const command = q.getAll('command')
    const container = q.get('container') ?? pod.spec?.containers?.[0]?.name ?? ''
    const ctx = {namespace: pod.metadata.namespace!, pod: pod.metadata.name, container, command, stdin}
    let result: ExecResult | undefined
    try {
      for (const h of this.execHandlers) if ((result = await h(ctx))) break
      result ??= builtinExec(ctx)
    } catch (e) {
      result = {stderr: `${(e as Error).message}\n`, exitCode: 1}
    }
    const code = result.exitCode ?? 0
    const status = code
      ? {
          metadata: {},
          status: 'Failure',
          message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
          reason: 'NonZeroExitCode',
          details: {causes: [{reason: 'ExitCode', message: String(code)}]},
        }
      : {metadata: {}, status: 'Success'}
    return {result, status}
  }

  /** Exec over v5/v4.channel.k8s.io: stdout 1, stderr 2, status 3; stdin 0 until the v5 close signal. */
  private async serveExec(ws: WebSocket, pod: KObj, url: URL): Promise<void> {
    const stdin = wantsStream(url, 'stdin')
      ? await new Promise<Buffer>((resolve) => {
          const chunks: Buffer[] = []
          ws.on('message', (raw: Buffer) => {
            const d = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer)
            if (d[0] === 0) chunks.push(d.subarray(1))
            if (d[0] === 255 && d[1] === 0) resolve(Buffer.concat(chunks))
          })
          ws.on('close', () => resolve(Buffer.concat(chunks)))
        })
      : undefined
    const {result, status} = await this.runExec(pod, url, stdin)
    const send = (ch: number, data: string | Buffer | undefined) => {
      if (data !== undefined && data.length) ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(data)]))
    }
    send(1, result.stdout)
    send(2, result.stderr)
    send(3, JSON.stringify(status))
    ws.close(1000)
  }

  /**
   * Exec over SPDY (kubectl with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false, protocol v4.channel.k8s.io): the client
   * opens an error stream and one stream per requested std stream; the Status JSON goes on the error stream.
   */
  private serveExecSpdy(session: SpdySession, pod: KObj, url: URL): void {
    const expected = ['error', ...['stdin', 'stdout', 'stderr'].filter((s) => wantsStream(url, s))]
    const streams = new Map<string, SpdyStream>()
    let stdin: Promise<Buffer> | undefined
    session.on('stream', (s: SpdyStream) => {
      const type = s.headers.streamtype ?? ''
      streams.set(type, s)
      if (type === 'stdin') {
        stdin = new Promise((resolve) => {
          const chunks: Buffer[] = []
          s.on('data', (d: Buffer) => chunks.push(d))
          s.on('end', () => resolve(Buffer.concat(chunks)))
          s.on('close', () => resolve(Buffer.concat(chunks)))
        })
      }
      if (!expected.every((e) => streams.has(e))) return
      void (async () => {
        const {result, status} = await this.runExec(pod, url, stdin ? await stdin : undefined)
        for (const [name, data] of [
          ['stdout', result.stdout],
          ['stderr', result.stderr],
        ] as const) {
          const out = streams.get(name)
          if (data?.length) out?.write(Buffer.from(data))
          out?.end()
        }
        const err = streams.get('error')!
        err.write(JSON.stringify(status))
        err.end()
        setTimeout(() => session.close(), 100).unref()
      })()
    })
  }
}

/** Whether an exec request asks for a std stream (`stdin=true`, `stdout=1`, …). */
const wantsStream = (url: URL, stream: string) =>
  url.searchParams.get(stream) === 'true' || url.searchParams.get(stream) === '1'
