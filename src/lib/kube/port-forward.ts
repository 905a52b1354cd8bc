import {createServer, type Server, type Socket} from 'node:net'
import {Writable} from 'node:stream'
import type {KubeConfig} from '@kubernetes/client-node'
import {MeshctlError} from '../errors.js'

/** A running port-forward: a loopback listener that tunnels each connection to a pod port. */
export interface PortForwardHandle {
  /** Local address, e.g. 127.0.0.1 */
  address: string
  /** Local port */
  port: number
  /** `http://127.0.0.1:PORT` */
  url: string
  close(): Promise<void>
  /** The last error opening a tunnel or reported by the pod side (connection refused in the pod…), if any. */
  tunnelError?(): Error | undefined
}

/**
 * Listens on 127.0.0.1 (an ephemeral port unless localPort is given) and forwards every accepted
 * connection to `pod:port` through the API server (WebSocket port-forward of client-node).
 */
export async function startPortForward(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  port: number,
  localPort = 0,
  address = '127.0.0.1',
  opts: Pick<ForwardListenerOptions, 'connectTimeoutMs'> = {},
): Promise<PortForwardHandle> {
  return startForwardListener(kc, () => ({namespace, pod, port}), {...opts, localPort, address})
}

/** The pod port a forwarded connection goes to. */
export interface ForwardTarget {
  namespace: string
  pod: string
  port: number
}

export interface ForwardListenerOptions {
  /** 0 (default): an ephemeral port. */
  localPort?: number
  /** An IP address, or `localhost`: 127.0.0.1 and, when the host has it, ::1 on the same port. */
  address?: string
  /** Called when a tunnel cannot be opened or the pod side reports an error (e.g. the pod went away). */
  onTunnelError?: (err: Error, target: ForwardTarget) => void
  /** How long opening a tunnel through the API server may take (0 or unset: no limit). */
  connectTimeoutMs?: number
}

/**
 * Like startPortForward, but the target is looked up for each accepted connection, so a caller can move
 * the forward to another pod (a replaced one) without changing the local URL. A lookup that is still
 * pending holds the connection until it settles.
 */
export async function startForwardListener(
  kc: KubeConfig,
  target: () => ForwardTarget | Promise<ForwardTarget>,
  opts: ForwardListenerOptions = {},
): Promise<PortForwardHandle> {
  const {PortForward} = await import('./client-node.js')
  const forward = new PortForward(kc, true)
  const sockets = new Set<Socket>()
  let lastError: Error | undefined
  const failed = (err: Error, t: ForwardTarget) => {
    lastError = err
    opts.onTunnelError?.(err, t)
  }
  const tunnel = async (socket: Socket) => {
    const t = await target()
    if (socket.destroyed) return
    let errText = ''
    const errSink = new Writable({
      write(chunk: Buffer, _enc, done) {
        errText += chunk.toString()
        done()
      },
    })
    let ws
    let timer: NodeJS.Timeout | undefined
    try {
      const open = forward.portForward(t.namespace, t.pod, [t.port], socket, errSink, socket)
      const limit = opts.connectTimeoutMs ?? 0
      ws = await (limit > 0
        ? Promise.race([
            open,
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () =>
                  reject(new Error(`the API server did not open the port-forward within ${limit / 1000}s`)),
                limit,
              )
            }),
          ])
        : open)
    } catch (err) {
      socket.destroy()
      failed(err as Error, t)
      return
    } finally {
      clearTimeout(timer)
    }
    const w = typeof ws === 'function' ? ws() : ws
    socket.on('close', () => w?.close())
    // The pod side closed (or failed): end the local connection too, so the client does not hang.
    w?.on('close', () => {
      if (errText) failed(new Error(errText.trim()), t)
      socket.end()
    })
  }
  const handler = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    // A failed target lookup is the caller's to report; the connection just closes.
    tunnel(socket).catch(() => socket.destroy())
  }
  const address = opts.address ?? '127.0.0.1'
  const listen = (server: Server, host: string, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        const bound = server.address()
        resolve(typeof bound === 'object' && bound ? bound.port : port)
      })
    })
  const servers: Server[] = []
  let actualPort = 0
  // An ephemeral port free on 127.0.0.1 can be taken on ::1: then try another (a few times).
  for (let attempt = 0; servers.length === 0; attempt++) {
    const v4 = createServer(handler)
    actualPort = await listen(v4, address === 'localhost' ? '127.0.0.1' : address, opts.localPort ?? 0)
    servers.push(v4)
    if (address !== 'localhost') break
    // As kubectl and istioctl: localhost is both loopbacks. A host without IPv6 is fine; ::1 taken by
    // someone else is not (a browser resolving localhost to ::1 would reach them), so that port is in use.
    const v6 = createServer(handler)
    const err = await listen(v6, '::1', actualPort).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    )
    if (!err) servers.push(v6)
    else if (err.code === 'EADDRINUSE') {
      await new Promise((resolve) => v4.close(resolve))
      servers.length = 0
      if (opts.localPort || attempt >= 4) throw err
    }
  }
  return {
    address,
    port: actualPort,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${actualPort}`,
    tunnelError: () => lastError,
    close: async () => {
      for (const s of sockets) s.destroy()
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      )
    },
  }
}

/** What a request through a port-forward is for: the pod port, named in errors. */
export interface ForwardedRequest {
  target: ForwardTarget
  /** The whole request, answer included, must finish within this (0 or unset: no limit). */
  timeoutMs?: number
}

/**
 * GET `path` through a port-forward and return the body. Failures name the pod, the port and what failed:
 * `GET /version from pod istio-system/istiod-1 port 15014: no answer within 15s`.
 */
export async function getThroughForward(
  pf: PortForwardHandle,
  path: string,
  req: ForwardedRequest,
): Promise<string> {
  const {namespace, pod, port} = req.target
  const what = `GET ${path} from pod ${namespace}/${pod} port ${port}`
  const timeoutMs = req.timeoutMs ?? 0
  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined
  try {
    const res = await fetch(`${pf.url}${path}`, {signal})
    if (!res.ok) throw new MeshctlError(`${what}: HTTP ${res.status} ${res.statusText}`.trimEnd())
    return await res.text()
  } catch (err) {
    if (err instanceof MeshctlError) throw err
    const tunnel = pf.tunnelError?.()
    const e = err as Error & {cause?: {message?: string}}
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000}s${tunnel ? ` (${firstLine(tunnel.message)})` : ''}`
        : tunnel
          ? firstLine(tunnel.message)
          : (e.cause?.message ?? e.message)
    throw new MeshctlError(`${what}: ${why}`, {cause: err})
  }
}

const firstLine = (s: string) => s.split('\n')[0]!.trim()
