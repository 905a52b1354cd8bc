/**
 * The HTTP(S) front of the simulator: routing, auth, faults, discovery, REST verbs, watch, and the
 * `startKubeSim()` entry that writes a kubeconfig for kubectl and client-node.
 */
import {randomBytes} from 'node:crypto'
import {metadataContentType, notAcceptable, partialObjectMetadata, wantsMetadata} from './metadata.js'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import http, {type IncomingMessage, type ServerResponse} from 'node:http'
import https from 'node:https'
import type {Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {TLSSocket} from 'node:tls'
import {stringify as toYaml} from 'yaml'
import {Api, type DeleteOptions, type WriteOptions} from './api.js'
import {
  aggregated,
  discoveryContentType,
  legacyApi,
  legacyApis,
  legacyGroup,
  negotiateDiscovery,
  openapiGroupVersion,
  openapiRoot,
  resourceList,
  SIM_VERSION,
} from './discovery.js'
import {Faults} from './faults.js'
import {apiVersionOf, Registry, type ResourceType} from './registry.js'
import {decodeProtobufObject} from './protobuf.js'
import {parseFieldSelector, parseLabelSelector, SelectorError} from './selectors.js'
import {ApiError, badRequest, invalid, qualified} from './status.js'
import {Store, type KObj, type StoreEvent} from './store.js'
import {toTable, wantsTable} from './table.js'
import {testPki, type Pki} from './tls.js'

export interface RequestLogEntry {
  method: string
  path: string
  query: string
  contentType?: string
  accept?: string
  userAgent?: string
  user?: string
  status?: number
  upgrade?: string
  /** Milliseconds since the server started, when the request arrived (request timing, benchmarks). */
  atMs?: number
  /** Milliseconds from arrival until the response finished. */
  durationMs?: number
}

/** What a request does, for authorization. */
export interface AccessAttributes {
  verb: string
  group: string
  resource: string
  subresource?: string
  namespace?: string
  name?: string
}

export interface KubeSimOptions {
  /** Serve HTTPS with generated certificates and token/cert/exec contexts (default: plain HTTP). */
  tls?: boolean
  /** Port on 127.0.0.1 (default: ephemeral). */
  port?: number
  /** Where to write the kubeconfig (default: a temp dir removed by stop()). */
  kubeconfigPath?: string
  /** Default namespace of the kubeconfig contexts. */
  namespace?: string
  /** Interval of watch bookmarks when clients allow them (ms). */
  bookmarkIntervalMs?: number
}

/** Parsed resource URL. */
interface Target {
  type: ResourceType
  namespace?: string
  name?: string
  sub?: string
}

const JSON_TYPE = 'application/json'

export const SIM_TOKEN = 'kube-sim-admin-token'
export const SIM_EXEC_TOKEN = 'kube-sim-exec-token'

/** Common state and request handling; controllers and connect handlers attach to it. */
export class SimServer {
  readonly registry = new Registry()
  readonly store = new Store()
  readonly api = new Api(this.registry, this.store)
  readonly faults = new Faults()
  readonly requestLog: RequestLogEntry[] = []
  private readonly startedAt = performance.now()
  /** Hooks for upgrade requests (port-forward, exec), set by the connect layer. */
  onUpgrade?: (req: IncomingMessage, socket: Socket, head: Buffer, user: string) => void
  /** Pod logs (`kubectl logs`), set by tests; empty logs by default. */
  podLogs?: (ctx: {
    namespace: string
    pod: string
    container: string
  }) => string | undefined | Promise<string | undefined>
  /**
   * Optional authorizer: false → 403 Forbidden. Also answers (Self)SubjectAccessReviews (`kubectl auth can-i`,
   * permission prechecks). Default: everything is allowed.
   */
  authorize?: (user: string, attrs: AccessAttributes) => boolean
  /** Optional authenticator: returns the user name, or undefined for 401. Default: TLS needs a known credential. */
  authenticate?: (req: IncomingMessage) => string | undefined
  private readonly watches = new Set<ServerResponse>()
  readonly bookmarkIntervalMs: number

  constructor(
    readonly tls: boolean,
    opts: {bookmarkIntervalMs?: number} = {},
  ) {
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 10_000
  }

  /** Who is calling: client cert CN, bearer token, or anonymous on plain HTTP. */
  user(req: IncomingMessage): string | undefined {
    if (this.authenticate) return this.authenticate(req)
    if (!this.tls) return 'admin'
    const sock = req.socket as TLSSocket
    if (sock.authorized) {
      const cn = sock.getPeerCertificate()?.subject?.CN
      if (cn) return String(cn)
    }
    const auth = req.headers.authorization ?? ''
    if (auth === `Bearer ${SIM_TOKEN}`) return 'admin'
    if (auth === `Bearer ${SIM_EXEC_TOKEN}`) return 'exec-user'
    return undefined
  }

  /**
   * Ends every open watch (the `watch drop` fault): cleanly, as the apiserver does when a watch times out,
   * or abruptly (connection reset) with `abrupt`.
   */
  dropWatches(abrupt = false): void {
    for (const res of this.watches) {
      if (abrupt) res.destroy()
      else res.end()
    }
    this.watches.clear()
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim')
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      contentType: req.headers['content-type'],
      accept: req.headers.accept,
      userAgent: req.headers['user-agent'],
    }
    const arrived = performance.now()
    entry.atMs = Math.round(arrived - this.startedAt)
    this.requestLog.push(entry)
    res.on('finish', () => {
      entry.status = res.statusCode
      entry.durationMs = Math.round(performance.now() - arrived)
    })
    try {
      const user = this.user(req)
      entry.user = user
      if (!user && !['/healthz', '/livez', '/readyz'].includes(url.pathname))
        throw new ApiError(401, 'Unauthorized', 'Unauthorized')
      if (await this.faults.apply(entry, req, res)) return
      await this.route(req, res, url, user ?? 'anonymous')
    } catch (e) {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const err =
        e instanceof ApiError
          ? e
          : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`)
      if (err.details?.retryAfterSeconds) res.setHeader('Retry-After', String(err.details.retryAfterSeconds))
      sendJson(res, err.code, err.toStatus())
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, user: string): Promise<void> {
    const p = url.pathname.replace(/\/+$/, '') || '/'
    const accept = req.headers.accept
    if (p === '/healthz' || p === '/livez' || p === '/readyz') {
      res.writeHead(200, {'Content-Type': 'text/plain'}).end('ok')
      return
    }
    if (p === '/version') return sendJson(res, 200, SIM_VERSION)
    if (p === '/api' || p === '/apis') {
      const fmt = negotiateDiscovery(accept)
      if (fmt !== 'legacy')
        return sendJson(res, 200, aggregated(this.registry, p === '/api', fmt), discoveryContentType(fmt))
      return sendJson(res, 200, p === '/api' ? legacyApi() : legacyApis(this.registry))
    }
    if (p === '/openapi/v3') return sendJson(res, 200, openapiRoot(this.registry))
    if (p.startsWith('/openapi/v3/')) {
      const doc = openapiGroupVersion(this.registry, p.slice('/openapi/v3/'.length))
      if (doc) return sendJson(res, 200, doc)
    }
    const seg = p.split('/').filter(Boolean).map(decodeURIComponent)
    let group: string
    let version: string
    let rest: string[]
    if (seg[0] === 'api' && seg.length >= 2) {
      group = ''
      version = seg[1]!
      rest = seg.slice(2)
    } else if (seg[0] === 'apis' && seg.length >= 2) {
      group = seg[1]!
      if (seg.length === 2) {
        const doc = legacyGroup(this.registry, group)
        if (doc) return sendJson(res, 200, doc)
        throw notFoundPath()
      }
      version = seg[2]!
      rest = seg.slice(3)
    } else throw notFoundPath()
    if (!rest.length) {
      const doc = resourceList(this.registry, group, version)
      if (!doc) throw notFoundPath()
      return sendJson(res, 200, doc)
    }
    const target = this.parseTarget(group, version, rest)
    await this.serveResource(req, res, url, target, user)
  }

  private parseTarget(group: string, version: string, rest: string[]): Target {
    let ns: string | undefined
    let r = rest
    const nsSubresource =
      group === '' && r.length === 3 && r[0] === 'namespaces' && (r[2] === 'status' || r[2] === 'finalize')
    if (r[0] === 'namespaces' && r.length >= 3 && !nsSubresource) {
      ns = r[1]
      r = r.slice(2)
    }
    const [resource, name, sub, ...more] = r
    const type = this.registry.find(group, version, resource!)
    if (!type || more.length || (ns !== undefined && !type.namespaced)) throw notFoundPath()
    const connect = type.kind === 'Pod' && !type.group ? ['exec', 'portforward', 'attach', 'log'] : []
    const finalize = type.kind === 'Namespace' && !type.group ? ['finalize'] : []
    const token = type.kind === 'ServiceAccount' && !type.group ? ['token'] : []
    if (sub && ![...(type.subresources ?? []), ...connect, ...finalize, ...token].includes(sub))
      throw notFoundPath()
    return {type, namespace: ns, name, sub}
  }

  private writeOptions(url: URL, req: IncomingMessage, user: string, sub?: string): WriteOptions {
    const q = url.searchParams
    const dryRun = q.getAll('dryRun')
    const optionsKind =
      req.method === 'POST' ? 'CreateOptions' : req.method === 'PUT' ? 'UpdateOptions' : 'PatchOptions'
    if (dryRun.some((d) => d !== 'All')) {
      throw invalid(optionsKind, 'meta.k8s.io', '', [
        {
          field: 'dryRun',
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: ${JSON.stringify(dryRun)}: supported values: "All"`,
        },
      ])
    }
    const fv = q.get('fieldValidation')
    if (fv && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
      throw invalid('PatchOptions', 'meta.k8s.io', '', [
        {
          field: 'fieldValidation',
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`,
        },
      ])
    }
    const force = q.get('force')
    return {
      dryRun: dryRun.length > 0,
      fieldManager: q.get('fieldManager') ?? undefined,
      userAgent: req.headers['user-agent'],
      subresource: sub as WriteOptions['subresource'],
      force: force === null ? undefined : force === 'true',
      fieldValidation: (fv ?? undefined) as WriteOptions['fieldValidation'],
      warnings: [],
      user,
    }
  }

  private async serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    tg: Target,
    user: string,
  ): Promise<void> {
    const {type: t, namespace: ns, name, sub} = tg
    const method = req.method ?? 'GET'
    const q = url.searchParams
    const accept = req.headers.accept
    const verb = verbOf(method, q, !!name)
    const denied = this.forbidden(user, {
      verb,
      group: t.group,
      resource: t.resource,
      subresource: sub,
      namespace: ns,
      name,
    })
    if (denied) throw denied
    if (!name) {
      if (method === 'GET') {
        if (verb === 'watch') return this.watch(req, res, url, t, ns)
        return this.list(res, q, t, ns, accept)
      }
      if (method === 'POST' && t.group === 'authorization.k8s.io') return this.review(req, res, t, user)
      if (method === 'POST' && t.group === 'authentication.k8s.io') return this.tokenReview(req, res)
      if (method === 'POST') {
        const opts = this.writeOptions(url, req, user)
        const obj = await this.api.create(t, ns, await readObject(req), opts)
        return sendJson(warn(res, opts), 201, obj)
      }
      if (method === 'DELETE') {
        const opts = deleteOptions(q, await readBody(req))
        const labels = parseSel(() => parseLabelSelector(q.get('labelSelector')))
        const fields = parseSel(() => parseFieldSelector(q.get('fieldSelector'), t.kind))
        const items: KObj[] = []
        for (const o of this.store.list(t, ns)) {
          if (!labels(o.metadata.labels) || !fields(o)) continue
          await this.api.delete(t, o.metadata.namespace, o.metadata.name, opts)
          items.push(this.api.present(t, o))
        }
        return sendJson(res, 200, {
          kind: `${t.kind}List`,
          apiVersion: apiVersionOf(t),
          metadata: {resourceVersion: String(this.store.revision)},
          items,
        })
      }
      throw methodNotAllowed(method)
    }
    if (sub === 'scale') return this.scale(req, res, url, tg, user)
    if (sub === 'token') return this.tokenRequest(req, res, tg)
    if (sub && ['exec', 'portforward', 'attach'].includes(sub)) {
      throw badRequest(`Upgrade request required`)
    }
    if (sub === 'log') {
      const pod = this.api.get(t, ns, name)
      const container = q.get('container') ?? pod.spec?.containers?.[0]?.name ?? ''
      const text = (await this.podLogs?.({namespace: ns!, pod: name, container})) ?? ''
      res.writeHead(200, {'Content-Type': 'text/plain'}).end(text)
      return
    }
    switch (method) {
      case 'GET': {
        const obj = this.api.get(t, ns, name)
        const view = wantsTable(accept) ? undefined : wantsMetadata(accept)
        if (view === 'PartialObjectMetadataList') throw notAcceptable(view, t)
        if (view) return sendJson(res, 200, partialObjectMetadata(obj), metadataContentType(view))
        if (wantsTable(accept))
          return sendJson(
            res,
            200,
            toTable(t, [obj], obj.metadata.resourceVersion!),
            'application/json;as=Table;v=v1;g=meta.k8s.io',
          )
        return sendJson(res, 200, obj)
      }
      case 'PUT': {
        const opts = this.writeOptions(url, req, user, sub)
        const obj = await this.api.update(t, ns, name, await readObject(req), opts)
        return sendJson(warn(res, opts), 200, obj)
      }
      case 'PATCH': {
        const opts = this.writeOptions(url, req, user, sub)
        const {object, created} = await this.api.patch(
          t,
          ns,
          name,
          req.headers['content-type'] ?? '',
          await readBody(req),
          opts,
        )
        return sendJson(warn(res, opts), created ? 201 : 200, object)
      }
      case 'DELETE': {
        const opts = deleteOptions(q, await readBody(req))
        const out = await this.api.delete(t, ns, name, opts)
        return sendJson(res, out.code, out.body)
      }
      default:
        throw methodNotAllowed(method)
    }
  }

  /** The 403 the authorizer answers for a request, or undefined when it is allowed. */
  forbidden(user: string, attrs: AccessAttributes): ApiError | undefined {
    if (!this.authorize || this.authorize(user, attrs)) return undefined
    const where = attrs.namespace ? ` in the namespace "${attrs.namespace}"` : ' at the cluster scope'
    const res = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource
    return new ApiError(
      403,
      'Forbidden',
      `${qualified(attrs.resource, attrs.group)}${attrs.name ? ` "${attrs.name}"` : ''} is forbidden: User "${user}" cannot ${attrs.verb} resource "${res}" in API group "${attrs.group}"${where}`,
      {name: attrs.name, group: attrs.group || undefined, kind: attrs.resource},
    )
  }

  /** (Self)SubjectAccessReview: answered from the authorizer, never stored. */
  /** POST serviceaccounts/NAME/token (TokenRequest): an opaque token for an existing service account. */
  private async tokenRequest(req: IncomingMessage, res: ServerResponse, tg: Target): Promise<void> {
    if (req.method !== 'POST') throw methodNotAllowed(req.method ?? 'GET')
    this.api.get(tg.type, tg.namespace, tg.name!)
    const body = (await readObject(req)) as {spec?: {audiences?: string[]; expirationSeconds?: number}}
    const expiration = body.spec?.expirationSeconds ?? 3600
    const token = `sim-sa-token.${tg.namespace}.${tg.name}.${randomBytes(8).toString('hex')}`
    this.issuedTokens.push({
      namespace: tg.namespace!,
      serviceAccount: tg.name!,
      audiences: body.spec?.audiences ?? [],
      token,
      expires: Date.now() + expiration * 1000,
    })
    return sendJson(res, 201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {name: tg.name, namespace: tg.namespace},
      spec: {audiences: body.spec?.audiences ?? [], expirationSeconds: expiration},
      status: {token, expirationTimestamp: new Date(Date.now() + expiration * 1000).toISOString()},
    })
  }

  /** Tokens handed out by TokenRequest, for tests to check what a client presented. */
  readonly issuedTokens: {
    namespace: string
    serviceAccount: string
    audiences: string[]
    token: string
    expires?: number
  }[] = []

  /**
   * POST tokenreviews (TokenReview), as the real server answers it for service account tokens: a token this
   * simulator issued through TokenRequest, not expired, whose audiences meet the ones asked (none asked:
   * any), authenticates as system:serviceaccount:NS:NAME. Never stored.
   */
  private async tokenReview(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readObject(req)) as KObj
    const token = String(body.spec?.token ?? '')
    const wanted = (body.spec?.audiences ?? []) as string[]
    const issued = this.issuedTokens.find((t) => t.token === token)
    const audiences = issued
      ? wanted.length === 0
        ? issued.audiences
        : wanted.filter((a) => issued.audiences.includes(a))
      : []
    const error = !issued
      ? 'invalid bearer token'
      : issued.expires !== undefined && issued.expires < Date.now()
        ? 'invalid bearer token, token has expired'
        : wanted.length > 0 && audiences.length === 0
          ? 'invalid bearer token, token audiences are invalid'
          : undefined
    const status = error
      ? {user: {}, error}
      : {
          authenticated: true,
          user: {
            username: `system:serviceaccount:${issued!.namespace}:${issued!.serviceAccount}`,
            uid: this.store.get(
              {group: '', resource: 'serviceaccounts'},
              issued!.namespace,
              issued!.serviceAccount,
            )?.metadata.uid,
            groups: [
              'system:serviceaccounts',
              `system:serviceaccounts:${issued!.namespace}`,
              'system:authenticated',
            ],
          },
          audiences,
        }
    sendJson(res, 201, {
      kind: 'TokenReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {creationTimestamp: null},
      spec: body.spec ?? {},
      status,
    })
  }

  private async review(
    req: IncomingMessage,
    res: ServerResponse,
    t: ResourceType,
    user: string,
  ): Promise<void> {
    const body = (await readObject(req)) as KObj
    const ra = body.spec?.resourceAttributes ?? {}
    const subject = t.kind === 'SubjectAccessReview' ? (body.spec?.user ?? '') : user
    const attrs: AccessAttributes = {
      verb: ra.verb ?? '',
      group: ra.group ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource || undefined,
      namespace: ra.namespace || undefined,
      name: ra.name || undefined,
    }
    const allowed = body.spec?.nonResourceAttributes ? true : (this.authorize?.(subject, attrs) ?? true)
    sendJson(res, 201, {
      ...body,
      apiVersion: apiVersionOf(t),
      kind: t.kind,
      metadata: {...body.metadata, creationTimestamp: null},
      status: allowed ? {allowed: true, reason: 'allowed by kube-sim'} : {allowed: false},
    })
  }

  private list(
    res: ServerResponse,
    q: URLSearchParams,
    t: ResourceType,
    ns: string | undefined,
    accept: string | undefined,
  ): void {
    const labels = parseSel(() => parseLabelSelector(q.get('labelSelector')))
    const fields = parseSel(() => parseFieldSelector(q.get('fieldSelector'), t.kind))
    let items = this.store
      .list(t, ns)
      .filter((o) => labels(o.metadata.labels) && fields(o))
      .map((o) => this.api.present(t, o))
    let rv = String(this.store.revision)
    // Paging: the continue token carries the list's revision and the last key served.
    const key = (o: KObj) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`
    const token = q.get('continue')
    if (token) {
      let parsed: {rv: number; after: string}
      try {
        parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {rv: number; after: string}
      } catch {
        throw badRequest('continue key is not valid: invalid token')
      }
      if (parsed.rv < this.store.compactedTo) {
        throw new ApiError(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        )
      }
      rv = String(parsed.rv)
      items = items.filter((o) => key(o) > parsed.after)
    }
    // resourceVersion=0 is served from the API server's watch cache, which ignores limit: the whole list
    // in one answer (kube-apiserver 1.35 on the bed does so; client-go's reflectors rely on it).
    const limit = q.get('resourceVersion') === '0' && !token ? 0 : Number(q.get('limit') ?? 0)
    let next: {continue: string; remainingItemCount?: number} | undefined
    if (limit > 0 && items.length > limit) {
      const after = key(items[limit - 1]!)
      next = {
        continue: Buffer.from(JSON.stringify({rv: Number(rv), after})).toString('base64url'),
        // The API server cannot count what is left when a selector filters the list.
        ...(q.get('labelSelector') || q.get('fieldSelector')
          ? {}
          : {remainingItemCount: items.length - limit}),
      }
      items = items.slice(0, limit)
    }
    const view = wantsTable(accept) ? undefined : wantsMetadata(accept)
    if (view === 'PartialObjectMetadata') throw notAcceptable(view, t)
    if (view)
      return sendJson(
        res,
        200,
        {
          kind: view,
          apiVersion: 'meta.k8s.io/v1',
          metadata: {resourceVersion: rv, ...next},
          items: items.map(partialObjectMetadata),
        },
        metadataContentType(view),
      )
    if (wantsTable(accept)) {
      const table = toTable(t, items, rv) as {metadata: Record<string, unknown>}
      table.metadata = {...table.metadata, ...next}
      return sendJson(res, 200, table, 'application/json;as=Table;v=v1;g=meta.k8s.io')
    }
    sendJson(res, 200, {
      kind: `${t.kind}List`,
      apiVersion: apiVersionOf(t),
      metadata: {resourceVersion: rv, ...next},
      items,
    })
  }

  /** GET/PUT/PATCH of the autoscaling/v1 Scale subresource, mapped onto spec.replicas (or a CRD's paths). */
  private async scale(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    tg: Target,
    user: string,
  ): Promise<void> {
    const {type: t, namespace: ns, name} = tg
    if (!t.subresources?.includes('scale')) throw notFoundPath()
    const toScale = (o: KObj) => {
      const paths = t.scalePaths ?? {spec: '.spec.replicas', status: '.status.replicas', selector: undefined}
      const sel = paths.selector ? getPath(o, paths.selector) : selectorOf(o)
      return {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
          name: o.metadata.name,
          namespace: o.metadata.namespace,
          uid: o.metadata.uid,
          resourceVersion: o.metadata.resourceVersion,
          creationTimestamp: o.metadata.creationTimestamp,
        },
        spec: {replicas: getPath(o, paths.spec) ?? 0},
        status: {replicas: getPath(o, paths.status) ?? 0, ...(sel ? {selector: sel} : {})},
      }
    }
    const current = this.api.get(t, ns, name!)
    if (req.method === 'GET') return sendJson(res, 200, toScale(current))
    if (req.method !== 'PUT' && req.method !== 'PATCH') throw methodNotAllowed(req.method ?? '')
    const body = await readBody(req)
    const scale = (
      req.method === 'PUT'
        ? parseJson(body)
        : this.api.patchObject(
            {...t, kind: 'Scale', custom: false},
            toScale(current) as KObj,
            req.headers['content-type'] ?? '',
            body,
          )
    ) as KObj
    const rv = scale.metadata?.resourceVersion
    if (rv && rv !== current.metadata.resourceVersion)
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${t.resource}.${t.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      )
    const next = structuredClone(current)
    setPath(next, t.scalePaths?.spec ?? '.spec.replicas', scale.spec?.replicas ?? 0)
    const saved = await this.api.update(t, ns, name!, next, {
      ...this.writeOptions(url, req, user),
      subresource: undefined,
    })
    sendJson(res, 200, toScale(saved))
  }

  /** Streams watch events: replay from resourceVersion (410 if compacted), live events, bookmarks, timeout. */
  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    t: ResourceType,
    ns: string | undefined,
  ): void {
    const q = url.searchParams
    const labels = parseSel(() => parseLabelSelector(q.get('labelSelector')))
    const fields = parseSel(() => parseFieldSelector(q.get('fieldSelector'), t.kind))
    const match = (o: KObj | undefined) =>
      !!o && (ns === undefined || o.metadata.namespace === ns) && labels(o.metadata.labels) && fields(o)
    const table = wantsTable(req.headers.accept)
    // Watches take the object form (PartialObjectMetadata) for each event's object.
    const meta = !table && !!wantsMetadata(req.headers.accept)
    let first = true
    const render = (o: KObj) => {
      const obj = this.api.present(t, structuredClone(o))
      if (meta) return partialObjectMetadata(obj)
      if (!table) return obj
      const out = toTable(t, [obj], obj.metadata.resourceVersion!, first)
      first = false
      return out
    }
    res.writeHead(200, {
      'Content-Type': JSON_TYPE,
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    })
    res.flushHeaders()
    const send = (type: string, object: unknown) => res.write(`${JSON.stringify({type, object})}\n`)
    const rvParam = q.get('resourceVersion')
    const rv = rvParam && rvParam !== '0' ? Number(rvParam) : undefined
    if (rv !== undefined && (Number.isNaN(rv) || rv < this.store.compactedTo)) {
      send(
        'ERROR',
        new ApiError(
          410,
          'Expired',
          `too old resource version: ${rvParam} (${this.store.revision})`,
        ).toStatus(),
      )
      res.end()
      return
    }
    const onEvent = (ev: StoreEvent) => {
      if (ev.group !== t.group || ev.resource !== t.resource) return
      const now = match(ev.object)
      const before = ev.type === 'MODIFIED' && match(ev.old)
      if (ev.type === 'MODIFIED' && now && !before) send('ADDED', render(ev.object))
      // Leaving the selector: the API server sends the last matching state, at the new resourceVersion.
      else if (ev.type === 'MODIFIED' && !now && before)
        send(
          'DELETED',
          render({
            ...ev.old!,
            metadata: {...ev.old!.metadata, resourceVersion: ev.object.metadata.resourceVersion},
          }),
        )
      else if (now) send(ev.type, render(ev.object))
    }
    const bookmarkObj = (annotations?: Record<string, string>) => ({
      kind: t.kind,
      apiVersion: apiVersionOf(t),
      metadata: {resourceVersion: String(this.store.revision), ...(annotations ? {annotations} : {})},
    })
    if (rv === undefined) {
      for (const o of this.store.list(t, ns)) if (match(o)) send('ADDED', render(o))
      if (q.get('sendInitialEvents') === 'true')
        send('BOOKMARK', bookmarkObj({'k8s.io/initial-events-end': 'true'}))
    } else {
      for (const ev of this.store.since(rv)) onEvent(ev)
    }
    const unsubscribe = this.store.subscribe(onEvent)
    this.watches.add(res)
    const timers: NodeJS.Timeout[] = []
    if (q.get('allowWatchBookmarks') === 'true') {
      timers.push(setInterval(() => send('BOOKMARK', bookmarkObj()), this.bookmarkIntervalMs))
    }
    const timeout = Number(q.get('timeoutSeconds') ?? 0)
    if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000))
    res.on('close', () => {
      unsubscribe()
      this.watches.delete(res)
      for (const tm of timers) clearTimeout(tm)
    })
  }
}

/** Adds `Warning: 299 - "…"` headers (kubectl prints them) for field-validation warnings. */
function warn(res: ServerResponse, opts: WriteOptions): ServerResponse {
  if (opts.warnings?.length)
    res.setHeader(
      'Warning',
      opts.warnings.map((w) => `299 - ${JSON.stringify(w)}`),
    )
  return res
}

/** The authorization verb of a request. */
function verbOf(method: string, q: URLSearchParams, named: boolean): string {
  switch (method) {
    case 'GET':
      return q.get('watch') === 'true' || q.get('watch') === '1' ? 'watch' : named ? 'get' : 'list'
    case 'POST':
      return 'create'
    case 'PUT':
      return 'update'
    case 'PATCH':
      return 'patch'
    case 'DELETE':
      return named ? 'delete' : 'deletecollection'
    default:
      return method.toLowerCase()
  }
}

function getPath(o: unknown, path: string): unknown {
  return path
    .replace(/^\./, '')
    .split('.')
    .reduce<unknown>(
      (x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined),
      o,
    )
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/^\./, '').split('.')
  let cur = o
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>
  cur[keys[keys.length - 1]!] = value
}

function selectorOf(o: KObj): string | undefined {
  const ml = o.spec?.selector?.matchLabels as Record<string, string> | undefined
  return ml
    ? Object.entries(ml)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : undefined
}

const notFoundPath = () =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {})
const methodNotAllowed = (m: string) =>
  new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${m})`,
  )

function parseSel<T>(fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message)
    throw e
  }
}

/**
 * Reads a POST/PUT body: JSON, or the protobuf that kubectl's typed clients send for a few core kinds
 * (`kubectl create namespace|configmap|secret|serviceaccount`). Other protobuf bodies → 415.
 */
async function readObject(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req)
  const ct = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim()
  if (ct === 'application/vnd.kubernetes.protobuf') {
    const obj = decodeProtobufObject(raw)
    if (obj) return obj
  } else if (ct === 'application/json' || ct === '*/*' || ct === '') {
    return parseJson(raw.toString('utf8'))
  }
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
  )
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch (e) {
    throw badRequest(`the object provided is unrecognized: ${(e as Error).message}`)
  }
}

function deleteOptions(q: URLSearchParams, body: string): DeleteOptions {
  const b = (body.trim() ? parseJson(body) : {}) as DeleteOptions & {
    dryRun?: unknown
    orphanDependents?: boolean
  }
  const grace = q.get('gracePeriodSeconds') ?? b.gracePeriodSeconds
  const orphan = q.get('orphanDependents') === 'true' || b.orphanDependents === true
  const policy = (q.get('propagationPolicy') ??
    b.propagationPolicy ??
    (orphan ? 'Orphan' : undefined)) as DeleteOptions['propagationPolicy']
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw invalid('DeleteOptions', 'meta.k8s.io', '', [
      {
        field: 'propagationPolicy',
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: "${policy}"`,
      },
    ])
  }
  const dryRun = q.getAll('dryRun').length > 0 || (Array.isArray(b.dryRun) && b.dryRun.length > 0)
  return {
    dryRun,
    propagationPolicy: policy,
    gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
    preconditions: b.preconditions,
  }
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export const readBody = async (req: IncomingMessage): Promise<string> => (await readRaw(req)).toString('utf8')

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = JSON_TYPE): void {
  const data = JSON.stringify(body)
  res.writeHead(code, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data)})
  res.end(data)
}

/** Builds the kubeconfig: one `sim` context on HTTP; `token` (current), `cert` and `exec` contexts on HTTPS. */
export function kubeconfig(url: string, pki: Pki | undefined, namespace = 'default'): string {
  if (!pki) {
    return toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: 'sim', cluster: {server: url, 'insecure-skip-tls-verify': true}}],
      users: [{name: 'admin', user: {}}],
      contexts: [{name: 'sim', context: {cluster: 'sim', user: 'admin', namespace}}],
      'current-context': 'sim',
    })
  }
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const credential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: {token: SIM_EXEC_TOKEN},
  })
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{name: 'sim', cluster: {server: url, 'certificate-authority-data': b64(pki.caPem)}}],
    users: [
      {name: 'token', user: {token: SIM_TOKEN}},
      {
        name: 'cert',
        user: {'client-certificate-data': b64(pki.clientCertPem), 'client-key-data': b64(pki.clientKeyPem)},
      },
      {
        name: 'exec',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
            interactiveMode: 'Never',
            provideClusterInfo: false,
          },
        },
      },
    ],
    contexts: ['token', 'cert', 'exec'].map((u) => ({
      name: u,
      context: {cluster: 'sim', user: u, namespace},
    })),
    'current-context': 'token',
  })
}

/** Creates the HTTP(S) server for a SimServer and listens on 127.0.0.1. */
export async function listen(
  sim: SimServer,
  opts: KubeSimOptions,
): Promise<{url: string; kubeconfigPath: string; caPem?: string; close(): Promise<void>}> {
  const pki = opts.tls ? testPki() : undefined
  const handler = (req: IncomingMessage, res: ServerResponse) => void sim.handle(req, res)
  const server = pki
    ? https.createServer(
        {
          key: pki.serverKeyPem,
          cert: pki.serverCertPem,
          ca: pki.caPem,
          requestCert: true,
          rejectUnauthorized: false,
        },
        handler,
      )
    : http.createServer(handler)
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const user = sim.user(req)
    sim.requestLog.push({
      method: req.method ?? 'GET',
      path: (req.url ?? '').split('?')[0]!,
      query: (req.url ?? '').split('?')[1] ?? '',
      userAgent: req.headers['user-agent'],
      user,
      upgrade: req.headers.upgrade,
    })
    if (!user) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n' +
          JSON.stringify(new ApiError(401, 'Unauthorized', 'Unauthorized').toStatus()),
      )
      return
    }
    if (sim.onUpgrade) sim.onUpgrade(req, socket, head, user)
    else socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : opts.port
  const url = `${pki ? 'https' : 'http'}://127.0.0.1:${port}`
  let tmp: string | undefined
  let kubeconfigPath = opts.kubeconfigPath
  if (!kubeconfigPath) {
    tmp = mkdtempSync(join(tmpdir(), 'kube-sim-'))
    kubeconfigPath = join(tmp, 'kubeconfig')
  }
  writeFileSync(kubeconfigPath, kubeconfig(url, pki, opts.namespace), {mode: 0o600})
  return {
    url,
    kubeconfigPath,
    caPem: pki?.caPem,
    close: () =>
      new Promise<void>((resolve) => {
        sim.dropWatches(true)
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
        if (tmp) rmSync(tmp, {recursive: true, force: true})
      }),
  }
}
