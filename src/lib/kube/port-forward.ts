import {createServer, type Socket} from 'node:net'
import type {KubeConfig} from '@kubernetes/client-node'

/** A running port-forward: a loopback listener that tunnels each connection to a pod port. */
export interface PortForwardHandle {
  /** Local address, e.g. 127.0.0.1 */
  address: string
  /** Local port */
  port: number
  /** `http://127.0.0.1:PORT` */
  url: string
  close(): Promise<void>
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
): Promise<PortForwardHandle> {
  const {PortForward} = await import('@kubernetes/client-node')
  const forward = new PortForward(kc, true)
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    forward.portForward(namespace, pod, [port], socket, null, socket).then(
      (ws) => {
        const close = () => {
          const w = typeof ws === 'function' ? ws() : ws
          w?.close()
        }
        socket.on('close', close)
      },
      () => socket.destroy(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(localPort, address, () => resolve())
  })
  const bound = server.address()
  const actualPort = typeof bound === 'object' && bound ? bound.port : localPort
  return {
    address,
    port: actualPort,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
