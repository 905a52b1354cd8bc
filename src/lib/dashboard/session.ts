/**
 * One open dashboard: a local listener forwarding to the dashboard's pod through the API server, which
 * follows the pod: when it goes away (deleted, evicted, replaced by a rollout) the forward moves to a new
 * Ready pod with backoff, or, with reconnect off, the session fails.
 * @module
 */
import type {Addon} from './addons.js'
import {isReady, podRef, type Pod, type PodSource} from './pods.js'
import type {KubeClient} from '../kube/client.js'
import type {ForwardTarget, PortForwardHandle} from '../kube/port-forward.js'
import {Kinds} from '../kube/types.js'
import {MeshctlError} from '../errors.js'

export interface SessionOptions {
  /** -p: 0 = the dashboard's port when free, else an ephemeral one. */
  localPort: number
  /** With localPort 0: any free port, not the dashboard's own first (probes). */
  anyPort?: boolean
  /** --address */
  address: string
  /** The pod port; undefined = the row's port (or its pod annotation). */
  uiPort?: number
  /** Follow a replaced pod (default) or fail when the pod goes away. */
  reconnect: boolean
  /** How often the pod is checked (ms). */
  pollMs?: number
  /** First and longest wait between attempts to find a new pod (ms). */
  backoffMs?: [number, number]
  /** Progress lines (stderr). */
  log?: (line: string) => void
  /** A connection could not be tunnelled to the pod (the pod side's error). */
  onTunnelError?: (err: Error) => void
}

/** The pod port a dashboard uses on this pod. */
export function podPort(addon: Addon, pod: Pod, uiPort?: number): number {
  if (uiPort !== undefined) return uiPort
  const annotated = addon.portAnnotation && Number(pod.metadata.annotations?.[addon.portAnnotation])
  return annotated || addon.port
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class DashboardSession {
  /** The URL to open: the local address plus the dashboard's path. */
  readonly url: string
  /** Settles when the session ends: resolves on close(), rejects when the pod went away and reconnect is off. */
  readonly done: Promise<void>
  private fail!: (err: Error) => void
  private finish!: () => void
  private target: Promise<ForwardTarget>
  private timer?: NodeJS.Timeout
  private checking = false
  private closed = false

  private constructor(
    private readonly kube: KubeClient,
    readonly addon: Addon,
    private readonly source: PodSource,
    private pod: Pod,
    private readonly opts: SessionOptions,
    private readonly handle: PortForwardHandle,
    first: ForwardTarget,
  ) {
    this.url = handle.url + addon.path
    this.target = Promise.resolve(first)
    this.done = new Promise<void>((resolve, reject) => {
      this.finish = resolve
      this.fail = reject
    })
    this.done.catch(() => undefined)
    this.timer = setInterval(() => void this.check(), opts.pollMs ?? 2000)
  }

  /** Finds the pod and starts listening; throws the lookup's error or `port N is in use…`. */
  static async start(
    kube: KubeClient,
    addon: Addon,
    source: PodSource,
    opts: SessionOptions,
  ): Promise<DashboardSession> {
    const pod = await source.find()
    const first = {
      namespace: pod.metadata.namespace!,
      pod: pod.metadata.name!,
      port: podPort(addon, pod, opts.uiPort),
    }
    // Connections can arrive before the session exists: they go to the first pod.
    const ref: {session?: DashboardSession} = {}
    const targetFn = () => ref.session?.target ?? first
    const onTunnelError = (err: Error) => {
      opts.onTunnelError?.(err)
      void ref.session?.check()
    }
    // As istioctl: an explicit -p or nothing else; otherwise the pod port when free, else any free port.
    const prefs = opts.localPort ? [opts.localPort] : opts.anyPort ? [0] : [first.port, 0]
    let handle: PortForwardHandle | undefined
    for (const localPort of prefs) {
      try {
        handle = await kube.forward(targetFn, {localPort, address: opts.address, onTunnelError})
        break
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (localPort !== prefs.at(-1) && code === 'EADDRINUSE') continue
        throw listenError(err as NodeJS.ErrnoException, opts.address, localPort)
      }
    }
    ref.session = new DashboardSession(kube, addon, source, pod, opts, handle!, first)
    return ref.session
  }

  /** The pod currently forwarded to (`name.namespace`). */
  get podName(): string {
    return podRef(this.pod)
  }

  /** Stops listening and closes open connections. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    await this.handle.close()
    this.finish()
  }

  /** Is the pod still there and Running? If not, find another (or fail). */
  private async check(): Promise<void> {
    if (this.checking || this.closed) return
    this.checking = true
    try {
      const name = this.pod.metadata.name!
      const ns = this.pod.metadata.namespace!
      let current: Pod | undefined
      try {
        current = await this.kube.get<Pod>(Kinds.Pod, name, ns)
      } catch {
        return // the API server is unreachable for now; the next poll tries again
      }
      const gone = !current
        ? 'deleted'
        : current.metadata.uid !== this.pod.metadata.uid
          ? 'replaced'
          : current.metadata.deletionTimestamp
            ? 'terminating'
            : current.status?.phase !== 'Running'
              ? `phase ${current.status?.phase ?? 'Pending'}`
              : undefined
      if (!gone) return
      const what = `${this.addon.name}: pod ${podRef(this.pod)} went away (${gone})`
      if (!this.opts.reconnect) {
        // Rejected before close() would resolve it.
        this.fail(new MeshctlError(`${what}; not reconnecting (--no-reconnect)`))
        await this.close().catch(() => undefined)
        return
      }
      this.opts.log?.(`${what}; looking for a new Ready pod`)
      let found!: (t: ForwardTarget) => void
      this.target = new Promise((resolve) => (found = resolve))
      // Connections accepted meanwhile wait for the new target; after close() they are gone anyway.
      await this.reconnect().then(found, () => undefined)
    } finally {
      this.checking = false
    }
  }

  /** Looks for a Ready pod until one appears (or the session closes), waiting longer after each miss. */
  private async reconnect(): Promise<ForwardTarget> {
    const [first, max] = this.opts.backoffMs ?? [500, 10_000]
    let wait = first
    for (;;) {
      if (this.closed) throw new MeshctlError('closed')
      try {
        const pod = await this.source.find()
        if (isReady(pod)) {
          this.pod = pod
          this.opts.log?.(`${this.addon.name}: forwarding to pod ${podRef(pod)}`)
          return {
            namespace: pod.metadata.namespace!,
            pod: pod.metadata.name!,
            port: podPort(this.addon, pod, this.opts.uiPort),
          }
        }
      } catch {
        // none yet: keep waiting
      }
      await sleep(wait)
      wait = Math.min(wait * 2, max)
    }
  }
}

/** One line for a listener that could not start. */
function listenError(err: NodeJS.ErrnoException, address: string, port: number): MeshctlError {
  if (err.code === 'EADDRINUSE')
    return new MeshctlError(
      `port ${port} is in use on ${address}; choose another with --port (0: any free port)`,
    )
  if (err.code === 'EACCES')
    return new MeshctlError(`not allowed to listen on ${address}:${port} (--port, --address)`)
  if (err.code === 'EADDRNOTAVAIL')
    return new MeshctlError(`cannot listen on ${address}: no such address on this host (--address)`)
  return new MeshctlError(`cannot listen on ${address}:${port}: ${err.message}`)
}
