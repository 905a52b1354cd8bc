/**
 * kube-sim: an in-process Kubernetes API server simulator that real kubectl and @kubernetes/client-node accept.
 *
 *   const sim = await startKubeSim()            // plain HTTP; {tls: true} for HTTPS + auth contexts
 *   execFile('kubectl', ['get', 'ns'], {env: {...process.env, KUBECONFIG: sim.kubeconfigPath}})
 *   await sim.stop()
 */
import {parseAllDocuments} from 'yaml'
import {Controllers, type ControllerOptions, type PodScript} from './controllers.js'
import {Connect, type ExecHandler, type PortTarget} from './connect.js'
import type {FaultRule, RemoveFault} from './faults.js'
import type {ResourceType} from './registry.js'
import {
  listen,
  SimServer,
  type AccessAttributes,
  type KubeSimOptions,
  type RequestLogEntry,
} from './server.js'
import type {KObj, StoreEvent} from './store.js'
import {Admission, type WebhookHandler} from './admission.js'
import {serveIstioInjection} from './injector.js'

export type {
  AccessAttributes,
  KObj,
  RequestLogEntry,
  FaultRule,
  PodScript,
  PortTarget,
  ExecHandler,
  WebhookHandler,
}

export interface StartOptions extends KubeSimOptions {
  /** Controller timing and behaviour; `false` disables all controllers. */
  controllers?: ControllerOptions | false
  /** Answer istiod's sidecar injection webhook in process (injector.ts); `false` leaves it to a real istiod. */
  injector?: boolean
}

/** A running simulator. */
export interface KubeSim {
  url: string
  kubeconfigPath: string
  /** CA certificate (HTTPS mode). */
  caPem?: string
  /** Every HTTP request seen, in order. */
  requestLog: RequestLogEntry[]
  server: SimServer
  /**
   * Stops the controllers for good, leaving objects as they are: for large seeded states (benchmarks),
   * where whole-store reconcile passes would occupy the server. CRDs seeded before stay served.
   */
  stopControllers(): void
  stop(): Promise<void>
  /** Creates objects (namespaces and CRDs first; waits for CRDs to be established). */
  seed(objs: KObj[] | string): Promise<KObj[]>
  /** Reads an object by apiVersion/kind. */
  get(apiVersion: string, kind: string, name: string, namespace?: string): KObj | undefined
  list(apiVersion: string, kind: string, namespace?: string): KObj[]
  /** Resolves when pred holds for the store (checked after every change), or rejects after timeoutMs. */
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>
  /** Maps a pod port (pod name or label selector) to a handler or a local TCP address. */
  portForward(
    target: {namespace: string; pod?: string; selector?: string; port: number},
    to: PortTarget,
  ): void
  /** Handles exec in matching pods (default: `echo`, `true`, `false`, `cat`). */
  onExec(handler: ExecHandler): void
  /** Serves `GET …/pods/NAME/log` (kubectl logs); return undefined for empty logs. */
  onLogs(handler: NonNullable<SimServer['podLogs']>): void
  /** Scripts the fake kubelet for pods whose name starts with prefix (or all pods: ''). */
  scriptPods(prefix: string, script: PodScript): void
  /** Registers an in-process admission webhook for a `clientConfig.service` namespace/name. */
  webhookService(namespace: string, name: string, handler: WebhookHandler): void
  /** Decides access (false → 403, and the answer of SelfSubjectAccessReviews); default allows everything. */
  authorize(fn: SimServer['authorize']): void
  /** Adds a fault rule; returns a remover, whose `hits` says how many requests the rule hit. */
  fault(rule: FaultRule): RemoveFault
  /** Ends every open watch stream (cleanly, or with a connection reset when abrupt). */
  dropWatches(abrupt?: boolean): void
  /** Forgets event history so watches from an older resourceVersion get 410 Expired. */
  compactHistory(): void
}

/** Starts a simulator on 127.0.0.1 and writes its kubeconfig. */
export async function startKubeSim(opts: StartOptions = {}): Promise<KubeSim> {
  const server = new SimServer(!!opts.tls, {bookmarkIntervalMs: opts.bookmarkIntervalMs})
  const admission = new Admission(server)
  server.api.admission = (req) => admission.review(req)
  if (opts.injector !== false) serveIstioInjection(server, admission)
  const controllers = new Controllers(
    server.api,
    opts.controllers === false ? {disabled: true} : opts.controllers,
  )
  controllers.bootstrap()
  const connect = new Connect(server)
  admission.dialService = (ns, name, port) => connect.dialService(ns, name, port)
  server.onUpgrade = (req, socket, head, user) => connect.upgrade(req, socket, head, user)
  const net = await listen(server, opts)
  const typeOf = (apiVersion: string, kind: string): ResourceType => {
    const t = server.registry.byKind(apiVersion, kind)
    if (!t) throw new Error(`kube-sim: no resource type for ${apiVersion} ${kind}`)
    return t
  }
  const sim: KubeSim = {
    url: net.url,
    kubeconfigPath: net.kubeconfigPath,
    caPem: net.caPem,
    requestLog: server.requestLog,
    server,
    async stop() {
      controllers.stop()
      await net.close()
    },
    stopControllers() {
      controllers.stop()
    },
    async seed(input) {
      const objs =
        typeof input === 'string'
          ? parseAllDocuments(input)
              .map((d) => d.toJS() as KObj)
              .filter(Boolean)
          : input
      const rank = (o: KObj) => (o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2)
      const out: KObj[] = []
      for (const o of [...objs].sort((a, b) => rank(a) - rank(b))) {
        if (rank(o) === 2 && !server.registry.byKind(o.apiVersion, o.kind))
          await sim.waitFor(() => !!server.registry.byKind(o.apiVersion, o.kind), 5000)
        const t = typeOf(o.apiVersion, o.kind)
        const ns = t.namespaced ? (o.metadata.namespace ?? 'default') : undefined
        if (ns && !server.store.get({group: '', resource: 'namespaces'}, undefined, ns)) {
          await server.api.create(
            typeOf('v1', 'Namespace'),
            undefined,
            {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}},
            {fieldManager: 'kube-sim-seed'},
          )
        }
        out.push(await server.api.create(t, ns, structuredClone(o), {fieldManager: 'kube-sim-seed'}))
      }
      return out
    },
    get(apiVersion, kind, name, namespace) {
      const t = typeOf(apiVersion, kind)
      return server.store.get(t, t.namespaced ? (namespace ?? 'default') : undefined, name)
    },
    list(apiVersion, kind, namespace) {
      return server.store.list(typeOf(apiVersion, kind), namespace)
    },
    waitFor(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        if (pred()) return resolve()
        const unsubscribe = server.store.subscribe((_ev: StoreEvent) => {
          if (pred()) {
            clearTimeout(timer)
            unsubscribe()
            resolve()
          }
        })
        const timer = setTimeout(() => {
          unsubscribe()
          reject(new Error(`kube-sim: condition not met within ${timeoutMs}ms`))
        }, timeoutMs)
      })
    },
    portForward: (target, to) => connect.addForward(target, to),
    onExec: (handler) => connect.setExec(handler),
    onLogs: (handler) => {
      server.podLogs = handler
    },
    scriptPods: (prefix, script) => controllers.scriptPods(prefix, script),
    webhookService: (ns, name, handler) => admission.registerService(ns, name, handler),
    fault: (rule) => server.faults.add(rule),
    authorize: (fn) => {
      server.authorize = fn
    },
    dropWatches: (abrupt) => server.dropWatches(abrupt),
    compactHistory: () => server.store.compact(0),
  }
  return sim
}
