import type {KubeConfig, KubernetesObjectApi} from '@kubernetes/client-node'
import {contextNamespace, loadKubeConfig, type KubeConfigOptions} from './config.js'
import {isNotFound, mapKubeError} from './errors.js'
import {makeObjectApi} from './object-api.js'
import {startPortForward, type PortForwardHandle} from './port-forward.js'
import type {KubeObject, TypeRef} from './types.js'
import {MeshctlError} from '../errors.js'

export interface ListOptions {
  /** A namespace, or undefined for all namespaces (cluster-scoped kinds ignore it). */
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** Page size; lists are always read to the end. */
  pageSize?: number
}

export interface ApplyOptions {
  fieldManager: string
  force?: boolean
  dryRun?: boolean
}

export type WatchEvent = {type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: KubeObject}

/** The few calls meshctl makes against a cluster. Knows nothing about Istio. */
export interface KubeClient {
  /** The API server URL, for messages. */
  readonly server: string
  /** The namespace from -n or the context. */
  readonly namespace: string
  get<T extends KubeObject = KubeObject>(
    type: TypeRef,
    name: string,
    namespace?: string,
  ): Promise<T | undefined>
  list<T extends KubeObject = KubeObject>(type: TypeRef, opts?: ListOptions): Promise<T[]>
  apply<T extends KubeObject = KubeObject>(obj: T, opts: ApplyOptions): Promise<T>
  delete(
    type: TypeRef,
    name: string,
    namespace?: string,
    opts?: {propagationPolicy?: string},
  ): Promise<boolean>
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (ev: WatchEvent) => void,
  ): Promise<{stop(): void; done: Promise<void>}>
  portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle>
  /** The API server's `GET /version` (gitVersion, major, minor, …). */
  version(): Promise<ServerVersion>
}

/** The fields of the API server's version document meshctl reads. */
export interface ServerVersion {
  gitVersion: string
  major: string
  minor: string
}

export interface ClientOptions extends KubeConfigOptions {
  namespace?: string
  /** Per-request timeout in milliseconds (0 = none). */
  requestTimeoutMs?: number
}

/** Builds a KubeClient from kubeconfig flags; loads client-node lazily. */
export async function createKubeClient(opts: ClientOptions): Promise<KubeClient> {
  const kc = await loadKubeConfig(opts)
  return new NodeKubeClient(
    kc,
    await makeObjectApi(kc),
    contextNamespace(kc, opts.namespace),
    opts.requestTimeoutMs ?? 0,
  )
}

class NodeKubeClient implements KubeClient {
  readonly server: string

  constructor(
    private readonly kc: KubeConfig,
    private readonly api: KubernetesObjectApi,
    readonly namespace: string,
    private readonly timeoutMs: number,
  ) {
    this.server = kc.getCurrentCluster()?.server ?? '(unknown server)'
  }

  private async call<R>(what: string, fn: () => Promise<R>): Promise<R> {
    let timer: NodeJS.Timeout | undefined
    const timeout =
      this.timeoutMs > 0
        ? new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new MeshctlError(`${what}: no answer from ${this.server} within ${this.timeoutMs / 1000}s`),
                ),
              this.timeoutMs,
            )
          })
        : undefined
    try {
      return await (timeout ? Promise.race([fn(), timeout]) : fn())
    } catch (err) {
      throw mapKubeError(err, this.server, what)
    } finally {
      if (timer) clearTimeout(timer)
    }
  }

  async get<T extends KubeObject>(type: TypeRef, name: string, namespace?: string): Promise<T | undefined> {
    const spec = {...type, metadata: {name, namespace}}
    return (await this.call(`get ${type.kind} ${name}`, () =>
      this.api.read(spec as never).catch((err: unknown) => {
        if (isNotFound(err)) return undefined
        throw err
      }),
    )) as T | undefined
  }

  async list<T extends KubeObject>(type: TypeRef, opts: ListOptions = {}): Promise<T[]> {
    const items: T[] = []
    let token: string | undefined
    do {
      const page = await this.call(`list ${type.kind}`, () =>
        this.api.list(
          type.apiVersion,
          type.kind,
          opts.namespace,
          undefined,
          undefined,
          undefined,
          opts.fieldSelector,
          opts.labelSelector,
          opts.pageSize ?? 500,
          token,
        ),
      )
      for (const item of page.items) items.push({apiVersion: type.apiVersion, kind: type.kind, ...item} as T)
      token = page.metadata?._continue || undefined
    } while (token)
    return items
  }

  async apply<T extends KubeObject>(obj: T, opts: ApplyOptions): Promise<T> {
    const {PatchStrategy} = await import('@kubernetes/client-node')
    const body = {...obj, metadata: {...obj.metadata, managedFields: undefined, resourceVersion: undefined}}
    return (await this.call(`apply ${obj.kind} ${obj.metadata.name}`, () =>
      this.api.patch(
        body as never,
        undefined,
        opts.dryRun ? 'All' : undefined,
        opts.fieldManager,
        opts.force ?? false,
        PatchStrategy.ServerSideApply,
      ),
    )) as T
  }

  async delete(
    type: TypeRef,
    name: string,
    namespace?: string,
    opts: {propagationPolicy?: string} = {},
  ): Promise<boolean> {
    const spec = {...type, metadata: {name, namespace}}
    return this.call(`delete ${type.kind} ${name}`, () =>
      this.api
        .delete(
          spec as never,
          undefined,
          undefined,
          undefined,
          undefined,
          opts.propagationPolicy ?? 'Background',
        )
        .then(() => true)
        .catch((err: unknown) => {
          if (isNotFound(err)) return false
          throw err
        }),
    )
  }

  async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (ev: WatchEvent) => void,
  ): Promise<{stop(): void; done: Promise<void>}> {
    const {Watch} = await import('@kubernetes/client-node')
    let finish!: (err?: unknown) => void
    const done = new Promise<void>((resolve, reject) => {
      finish = (err) =>
        err && (err as Error).name !== 'AbortError'
          ? reject(mapKubeError(err, this.server, 'watch'))
          : resolve()
    })
    const ctrl = await new Watch(this.kc).watch(
      path,
      query,
      (type, object) => onEvent({type: type as WatchEvent['type'], object}),
      (err) => finish(err),
    )
    return {stop: () => ctrl.abort(), done}
  }

  portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle> {
    return startPortForward(this.kc, namespace, pod, port)
  }

  async version(): Promise<ServerVersion> {
    const {VersionApi} = await import('@kubernetes/client-node')
    const info = await this.call('get version', () => this.kc.makeApiClient(VersionApi).getCode())
    return {gitVersion: info.gitVersion, major: info.major, minor: info.minor}
  }
}
