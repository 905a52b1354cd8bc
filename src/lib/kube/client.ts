import type {KubeConfig, KubernetesObjectApi} from '@kubernetes/client-node'
import {contextNamespace, loadKubeConfig, type KubeConfigOptions} from './config.js'
import {isNotFound, mapKubeError} from './errors.js'
import {makeObjectApi} from './object-api.js'
import {
  startForwardListener,
  startPortForward,
  type ForwardListenerOptions,
  type ForwardTarget,
  type PortForwardHandle,
} from './port-forward.js'
import {DEFAULT_RETRY, withRetries} from './retry.js'
import type {KubeObject, TypeRef} from './types.js'
import {MeshctlError} from '../errors.js'

export interface ListOptions {
  /** A namespace, or undefined for all namespaces (cluster-scoped kinds ignore it). */
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** Page size; lists are always read to the end. */
  pageSize?: number
  /**
   * '0': any version the API server has, served from its watch cache without touching etcd, in one answer
   * whatever the page size (as client-go's informers list). Unset: a consistent read, paged.
   */
  resourceVersion?: '0'
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
  /** POST: creates an object; one that exists already is a 409 (isConflict). */
  create<T extends KubeObject = KubeObject>(obj: T, fieldManager: string): Promise<T>
  /** PUT: replaces an object (resourceVersion checked when set). */
  replace<T extends KubeObject = KubeObject>(obj: T): Promise<T>
  delete(
    type: TypeRef,
    name: string,
    namespace?: string,
    opts?: {propagationPolicy?: string; dryRun?: boolean},
  ): Promise<boolean>
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (ev: WatchEvent) => void,
  ): Promise<{stop(): void; done: Promise<void>}>
  portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle>
  /** A port-forward listener whose pod is looked up for each connection, so it can follow a replaced pod. */
  forward(
    target: () => ForwardTarget | Promise<ForwardTarget>,
    opts?: ForwardListenerOptions,
  ): Promise<PortForwardHandle>
  /** The API server's `GET /version` (gitVersion, major, minor, …). */
  version(): Promise<ServerVersion>
  /** A SelfSubjectAccessReview: may the current user do this? (`kubectl auth can-i`) */
  canI(attrs: AccessAttributes): Promise<{allowed: boolean; reason?: string}>
  /** A TokenRequest for a service account: a bearer token for the given audiences. */
  createToken(
    namespace: string,
    serviceAccount: string,
    audiences: string[],
    expirationSeconds: number,
  ): Promise<string>
}

/** What a SelfSubjectAccessReview asks about (authorization.k8s.io/v1 ResourceAttributes). */
export interface AccessAttributes {
  verb: string
  group?: string
  version?: string
  resource: string
  namespace?: string
  name?: string
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
  /** Skip discovery requests for built-in kinds (kube/builtin-resources.ts): install and its family opt in. */
  builtinKinds?: boolean
}

/** The parts of client-node's KubernetesObjectApi that `raw` uses (not in its typings). */
interface RawObjectApi {
  specUriPath(spec: KubeObject, action: string): Promise<string>
  configuration: {
    baseServer: {
      makeRequestContext(
        path: string,
        method: string,
      ): {
        setHeaderParam(k: string, v: string): void
        setQueryParam(k: string, v: string): void
        setBody(b: string): void
      }
    }
  }
  requestPromise(ctx: unknown, type: string): Promise<unknown>
}

/** Builds a KubeClient from kubeconfig flags; loads client-node lazily. */
export async function createKubeClient(opts: ClientOptions): Promise<KubeClient> {
  const kc = await loadKubeConfig(opts)
  return new NodeKubeClient(
    kc,
    await makeObjectApi(kc, opts.builtinKinds),
    contextNamespace(kc, opts.namespace),
    opts.requestTimeoutMs ?? 0,
  )
}

/**
 * Builds a KubeClient from an already loaded kubeconfig (one read from a cluster's secret, say) at its
 * current context; checking what it may do is the caller's job.
 */
export async function createKubeClientFromConfig(
  kc: KubeConfig,
  opts: {requestTimeoutMs?: number} = {},
): Promise<KubeClient> {
  return new NodeKubeClient(kc, await makeObjectApi(kc), contextNamespace(kc), opts.requestTimeoutMs ?? 0)
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

  /** One request: retried when throttled or failing transiently (retry.ts), each attempt with the timeout. */
  private async call<R>(what: string, fn: () => Promise<R>, retry = DEFAULT_RETRY): Promise<R> {
    try {
      return await withRetries(() => this.attempt(what, fn), retry)
    } catch (err) {
      throw mapKubeError(err, this.server, what)
    }
  }

  private async attempt<R>(what: string, fn: () => Promise<R>): Promise<R> {
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
    } finally {
      if (timer) clearTimeout(timer)
    }
  }

  async get<T extends KubeObject>(type: TypeRef, name: string, namespace?: string): Promise<T | undefined> {
    const spec = {...type, metadata: {name, namespace}}
    return (await this.call(`get ${type.kind} ${name}`, () =>
      this.raw(spec, 'read', 'GET', {}).catch((err: unknown) => {
        if (isNotFound(err)) return undefined
        throw err
      }),
    )) as T | undefined
  }

  /**
   * A request through client-node's transport (auth, TLS, errors) with the JSON passed through as is: its
   * typed (de)serializers drop fields whose JSON names differ from the model's (a CRD schema's `enum`,
   * `x-kubernetes-validations`), and fields newer than its models.
   */
  private async raw(
    spec: KubeObject,
    action: 'read' | 'patch' | 'list',
    method: 'GET' | 'PATCH' | 'POST',
    query: Record<string, string | undefined>,
    body?: {text: string; contentType: string},
    subresource = '',
  ): Promise<unknown> {
    const api = this.api as unknown as RawObjectApi
    const path = (await api.specUriPath(spec, action)) + subresource
    const ctx = api.configuration.baseServer.makeRequestContext(path, method)
    ctx.setHeaderParam('Accept', 'application/json')
    for (const [k, v] of Object.entries(query)) if (v !== undefined) ctx.setQueryParam(k, v)
    if (body) {
      ctx.setHeaderParam('Content-Type', body.contentType)
      ctx.setBody(body.text)
    }
    return api.requestPromise(ctx, 'any')
  }

  async list<T extends KubeObject>(type: TypeRef, opts: ListOptions = {}): Promise<T[]> {
    const items: T[] = []
    let token: string | undefined
    do {
      // raw JSON: client-node's typed list deserializer costs CPU per item and drops unmodelled fields
      const page = (await this.call(`list ${type.kind}`, () =>
        this.raw({...type, metadata: {namespace: opts.namespace}}, 'list', 'GET', {
          fieldSelector: opts.fieldSelector,
          labelSelector: opts.labelSelector,
          limit: String(opts.pageSize ?? 500),
          continue: token,
          // a continue token carries its own version; the server refuses both
          resourceVersion: token ? undefined : opts.resourceVersion,
        }),
      )) as {items?: T[]; metadata?: {continue?: string; _continue?: string}}
      for (const item of page.items ?? [])
        items.push({apiVersion: type.apiVersion, kind: type.kind, ...(item as object)} as T)
      // object-api.ts also copies the wire token to `_continue` (client-node's model name)
      token = page.metadata?.continue || page.metadata?._continue || undefined
    } while (token)
    return items
  }

  async apply<T extends KubeObject>(obj: T, opts: ApplyOptions): Promise<T> {
    const body = {...obj, metadata: {...obj.metadata, managedFields: undefined, resourceVersion: undefined}}
    // server-side apply is idempotent: the client's retries (kube/retry.ts) are the only layer, and they
    // include a 409 that is not another manager's field (the object changed while the server applied)
    return (await this.call(
      `apply ${obj.kind} ${obj.metadata.name}`,
      () =>
        this.raw(
          body,
          'patch',
          'PATCH',
          {
            dryRun: opts.dryRun ? 'All' : undefined,
            fieldManager: opts.fieldManager,
            force: String(opts.force ?? false),
          },
          {text: JSON.stringify(body), contentType: 'application/apply-patch+yaml'},
        ),
      {...DEFAULT_RETRY, conflicts: true},
    )) as T
  }

  async create<T extends KubeObject>(obj: T, fieldManager: string): Promise<T> {
    // a create retried after a dropped answer may meet the object it made: a 409, as for any existing one
    return (await this.call(
      `create ${obj.kind} ${obj.metadata.name}`,
      () => this.api.create(obj as never, undefined, undefined, fieldManager),
      DEFAULT_RETRY,
    )) as T
  }

  async replace<T extends KubeObject>(obj: T): Promise<T> {
    return (await this.call(
      `update ${obj.kind} ${obj.metadata.name}`,
      () => this.api.replace(obj as never, undefined, undefined, 'meshctl'),
      {...DEFAULT_RETRY, throttledOnly: true},
    )) as T
  }

  async delete(
    type: TypeRef,
    name: string,
    namespace?: string,
    opts: {propagationPolicy?: string; dryRun?: boolean} = {},
  ): Promise<boolean> {
    const spec = {...type, metadata: {name, namespace}}
    return this.call(`delete ${type.kind} ${name}`, () =>
      this.api
        .delete(
          spec as never,
          undefined,
          opts.dryRun ? 'All' : undefined,
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
    const {Watch} = await import('./client-node.js')
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
    // Opening the tunnel obeys the request timeout too, so a stuck API server cannot hang a command.
    return startPortForward(this.kc, namespace, pod, port, 0, '127.0.0.1', {
      connectTimeoutMs: this.timeoutMs,
    })
  }

  forward(
    target: () => ForwardTarget | Promise<ForwardTarget>,
    opts?: ForwardListenerOptions,
  ): Promise<PortForwardHandle> {
    return startForwardListener(this.kc, target, opts)
  }

  async createToken(
    namespace: string,
    serviceAccount: string,
    audiences: string[],
    expirationSeconds: number,
  ): Promise<string> {
    // POST .../serviceaccounts/NAME/token through the generic path: client-node's CoreV1Api would bring
    // every core model into the bundle for this one call
    const spec = {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: serviceAccount, namespace}}
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {audiences, expirationSeconds},
    }
    const res = (await this.call(`create token for ServiceAccount ${namespace}/${serviceAccount}`, () =>
      this.raw(
        spec,
        'read',
        'POST',
        {},
        {text: JSON.stringify(body), contentType: 'application/json'},
        '/token',
      ),
    )) as {status?: {token?: string}}
    const token = res.status?.token
    if (!token)
      throw new MeshctlError(
        `no token in the TokenRequest answer for ServiceAccount ${namespace}/${serviceAccount}`,
      )
    return token
  }

  async canI(attrs: AccessAttributes): Promise<{allowed: boolean; reason?: string}> {
    const {AuthorizationV1Api} = await import('./client-node.js')
    const api = this.kc.makeApiClient(AuthorizationV1Api)
    const res = await this.call(`create SelfSubjectAccessReview`, () =>
      api.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {resourceAttributes: attrs},
        },
      }),
    )
    return {allowed: !!res.status?.allowed, reason: res.status?.reason || undefined}
  }

  async version(): Promise<ServerVersion> {
    const {VersionApi} = await import('./client-node.js')
    const info = await this.call('get version', () => this.kc.makeApiClient(VersionApi).getCode())
    return {gitVersion: info.gitVersion, major: info.major, minor: info.minor}
  }
}
