/**
 * Admission webhooks: before a matching write is persisted, POST an admission.k8s.io/v1 AdmissionReview to
 * `clientConfig.url` (or an in-process handler registered for `clientConfig.service`), apply the returned
 * JSON Patch (mutating) and refuse on `allowed: false`. Honours failurePolicy and timeoutSeconds.
 */
import {randomUUID} from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type {Duplex} from 'node:stream'
import tls from 'node:tls'
import fastJsonPatch from 'fast-json-patch'
import type {AdmissionHook} from './api.js'
import {apiVersionOf} from './registry.js'
import {matchLabelSelector} from './selectors.js'
import type {SimServer} from './server.js'
import {ApiError} from './status.js'
import type {KObj} from './store.js'

type Request = Parameters<AdmissionHook>[0]

export interface AdmissionResponse {
  uid?: string
  allowed: boolean
  patch?: string
  patchType?: 'JSONPatch'
  status?: {code?: number; message?: string; reason?: string}
  warnings?: string[]
}

/** An in-process webhook: receives the AdmissionReview, returns its response. */
export type WebhookHandler = (review: {
  apiVersion: string
  kind: string
  request: Record<string, unknown>
}) => AdmissionResponse | Promise<AdmissionResponse>

interface Webhook {
  name: string
  clientConfig?: {url?: string; service?: {namespace: string; name: string; path?: string; port?: number}}
  rules?: {
    operations?: string[]
    apiGroups?: string[]
    apiVersions?: string[]
    resources?: string[]
    scope?: string
  }[]
  failurePolicy?: 'Fail' | 'Ignore'
  namespaceSelector?: Parameters<typeof matchLabelSelector>[0]
  objectSelector?: Parameters<typeof matchLabelSelector>[0]
  timeoutSeconds?: number
}

const ADMISSION_KINDS = new Set(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'])

const matches = (list: string[] | undefined, v: string) => !list || list.includes('*') || list.includes(v)

export class Admission {
  private readonly services = new Map<string, WebhookHandler>()
  /** Opens a connection to a service port's backing pod (set from the connect layer). */
  dialService?: (namespace: string, name: string, port: number) => Promise<Duplex | undefined>

  constructor(private readonly sim: SimServer) {}

  registerService(namespace: string, name: string, handler: WebhookHandler): void {
    this.services.set(`${namespace}/${name}`, handler)
  }

  hasService(namespace: string, name: string): boolean {
    return this.services.has(`${namespace}/${name}`)
  }

  private webhooks(kind: 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations'): Webhook[] {
    return this.sim.store
      .list({group: 'admissionregistration.k8s.io', resource: kind})
      .flatMap((c) => (c.webhooks ?? []) as Webhook[])
  }

  private applies(w: Webhook, req: Request): boolean {
    const t = req.type
    const resource = req.subresource ? `${t.resource}/${req.subresource}` : t.resource
    const ruleOk = (w.rules ?? []).some(
      (r) =>
        matches(r.operations, req.operation) &&
        matches(r.apiGroups, t.group) &&
        matches(r.apiVersions, t.version) &&
        matches(r.resources, resource) &&
        (!r.scope || r.scope === '*' || r.scope === (t.namespaced ? 'Namespaced' : 'Cluster')),
    )
    if (!ruleOk) return false
    const obj = req.object
    if (
      w.objectSelector &&
      Object.keys(w.objectSelector).length &&
      !matchLabelSelector(w.objectSelector, obj.metadata.labels)
    )
      return false
    if (w.namespaceSelector && Object.keys(w.namespaceSelector).length) {
      const nsName = t.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace
      if (!nsName) return true
      const ns = this.sim.store.get({group: '', resource: 'namespaces'}, undefined, nsName)
      if (!matchLabelSelector(w.namespaceSelector, ns?.metadata.labels ?? {})) return false
    }
    return true
  }

  /** Runs mutating then validating webhooks on a write; returns the (possibly patched) object. */
  async review(req: Request): Promise<KObj> {
    if (ADMISSION_KINDS.has(req.type.kind)) return req.object
    let obj = req.object
    for (const w of this.webhooks('mutatingwebhookconfigurations')) {
      if (!this.applies(w, {...req, object: obj})) continue
      const resp = await this.call(w, {...req, object: obj})
      if (!resp) continue
      if (resp.patch) {
        const ops = JSON.parse(
          Buffer.from(resp.patch, 'base64').toString('utf8'),
        ) as fastJsonPatch.Operation[]
        obj = fastJsonPatch.applyPatch(structuredClone(obj), ops, false, false).newDocument
      }
    }
    for (const w of this.webhooks('validatingwebhookconfigurations')) {
      if (this.applies(w, {...req, object: obj})) await this.call(w, {...req, object: obj})
    }
    return obj
  }

  private async call(w: Webhook, req: Request): Promise<AdmissionResponse | undefined> {
    const t = req.type
    const uid = randomUUID()
    const gvk = {group: t.group, version: t.version, kind: t.kind}
    const gvr = {group: t.group, version: t.version, resource: t.resource}
    const review = {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid,
        kind: gvk,
        resource: gvr,
        requestKind: gvk,
        requestResource: gvr,
        ...(req.subresource ? {subResource: req.subresource} : {}),
        name: req.object.metadata.name,
        namespace: req.object.metadata.namespace,
        operation: req.operation,
        userInfo: {username: req.user, groups: ['system:authenticated']},
        object:
          req.operation === 'DELETE' ? null : {...req.object, apiVersion: apiVersionOf(t), kind: t.kind},
        oldObject: req.oldObject ?? null,
        dryRun: req.dryRun,
        options: {
          apiVersion: 'meta.k8s.io/v1',
          kind: `${req.operation[0]}${req.operation.slice(1).toLowerCase()}Options`,
        },
      },
    }
    let resp: AdmissionResponse
    try {
      resp = await withTimeout(this.send(w, review), (w.timeoutSeconds ?? 10) * 1000)
    } catch (e) {
      if (w.failurePolicy === 'Ignore') return undefined
      throw new ApiError(
        500,
        'InternalError',
        `Internal error occurred: failed calling webhook "${w.name}": ${(e as Error).message}`,
      )
    }
    if (!resp.allowed) {
      const code = resp.status?.code ?? 403
      const msg = resp.status?.message ?? ''
      throw new ApiError(
        code,
        resp.status?.reason ?? (code === 400 ? 'BadRequest' : 'Forbidden'),
        `admission webhook "${w.name}" denied the request: ${msg}`,
      )
    }
    return resp
  }

  private async send(
    w: Webhook,
    review: {apiVersion: string; kind: string; request: Record<string, unknown>},
  ): Promise<AdmissionResponse> {
    const svc = w.clientConfig?.service
    const body = JSON.stringify(review)
    let text: string
    if (svc) {
      const handler = this.services.get(`${svc.namespace}/${svc.name}`)
      if (handler) return handler(review)
      // No in-process handler: reach the service's pods like the apiserver does (HTTPS), through the
      // pod ports tests map with portForward().
      const socket = await this.dialService?.(svc.namespace, svc.name, svc.port ?? 443)
      if (!socket) throw new Error(`service "${svc.name}" not found`)
      const url = `https://${svc.name}.${svc.namespace}.svc:${svc.port ?? 443}${svc.path ?? '/'}`
      text = await post(url, body, () =>
        tls.connect({socket, servername: `${svc.name}.${svc.namespace}.svc`, rejectUnauthorized: false}),
      )
    } else {
      const url = w.clientConfig?.url
      if (!url) throw new Error('webhook has no clientConfig')
      text = await post(url, body)
    }
    const parsed = JSON.parse(text) as {response?: AdmissionResponse}
    if (!parsed.response) throw new Error('webhook response has no response field')
    return parsed.response
  }
}

/** POSTs JSON and resolves with the body of a 200 answer. */
function post(url: string, body: string, createConnection?: () => Duplex): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http
    const r = mod.request(
      url,
      {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)},
        rejectUnauthorized: false,
        ...(createConnection ? {createConnection} : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`the server responded with status ${res.statusCode}`)),
        )
      },
    )
    r.on('error', reject)
    r.end(body)
  })
}

function withTimeout<T>(p: Promise<T> | T, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`context deadline exceeded (timeout ${ms / 1000}s)`)), ms)
    Promise.resolve(p).then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}
