/**
 * In-process controllers: namespace lifecycle, CRD establishment, garbage collection, Deployment →
 * ReplicaSet → Pods, DaemonSet/StatefulSet/Job, a fake kubelet (scriptable failures), Service IPs,
 * LoadBalancer ingress, Endpoints and EndpointSlices. They react to store events after a short delay and
 * write through the normal API path, so resourceVersions, watch events and managedFields stay consistent.
 */
import {createHash} from 'node:crypto'
import {isDeepStrictEqual} from 'node:util'
import {rand5, suffixOf, type Api} from './api.js'
import {apiVersionOf, type ResourceType} from './registry.js'
import {matchLabelSelector} from './selectors.js'
import type {KObj, OwnerRef} from './store.js'

export interface ControllerOptions {
  /** Delay between a change and the reconcile pass (ms, default 10). */
  delayMs?: number
  /** Give LoadBalancer services an ingress IP (default true); false leaves them pending. */
  loadBalancer?: boolean
  /** How long a terminating pod lingers before the kubelet removes it (ms, default 50). */
  podTerminationMs?: number
  disabled?: boolean
}

/** What the fake kubelet does with a pod. */
export type PodScript =
  | {state: 'Running'}
  | {state: 'NotReady'; message?: string}
  | {state: 'ImagePullBackOff'; message?: string}
  | {state: 'CrashLoopBackOff'; message?: string}
  | {state: 'Pending'}

export const NODE_NAME = 'sim-node'

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

/** Stable 10-char hash of a pod template (like pod-template-hash). */
export function templateHash(template: unknown): string {
  return suffixOf(
    createHash('sha256')
      .update(JSON.stringify(template ?? {}))
      .digest()
      .subarray(0, 10),
  )
}

const CONTROLLER_NAMES: Record<string, string> = {
  ReplicaSet: 'replicaset-controller',
  DaemonSet: 'daemonset-controller',
  StatefulSet: 'statefulset-controller',
  Job: 'job-controller',
}
const controllerName = (owner: KObj) => CONTROLLER_NAMES[owner.kind] ?? 'kube-controller-manager'

const controllerOf = (o: KObj) => (o.metadata.ownerReferences ?? []).find((r) => r.controller)

function ownerRef(owner: KObj): OwnerRef {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  }
}

const podReady = (p: KObj) =>
  (p.status?.conditions ?? []).some(
    (c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True',
  )
const alive = (o: KObj) => !o.metadata.deletionTimestamp

/** Keeps lastTransitionTime when a condition's status did not change. */
function conditions(
  old: {type: string; status: string; lastTransitionTime?: string}[] | undefined,
  next: {type: string; status: string; reason?: string; message?: string}[],
  withUpdate = false,
) {
  return next.map((c) => {
    const prev = old?.find((o) => o.type === c.type)
    const t = prev && prev.status === c.status ? prev.lastTransitionTime! : now()
    return {
      ...c,
      ...(withUpdate
        ? {
            lastUpdateTime:
              prev &&
              isDeepStrictEqual(
                {...prev, lastTransitionTime: undefined, lastUpdateTime: undefined},
                {...c, lastTransitionTime: undefined, lastUpdateTime: undefined},
              )
                ? ((prev as {lastUpdateTime?: string}).lastUpdateTime ?? t)
                : now(),
          }
        : {}),
      lastTransitionTime: t,
    }
  })
}

/** Container defaults the apiserver fills in: port protocol and image pull policy. */
function defaultContainers(spec: {containers?: unknown[]; initContainers?: unknown[]}): void {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])] as {
    image?: string
    imagePullPolicy?: string
    ports?: {protocol?: string}[]
  }[]) {
    for (const p of c.ports ?? []) p.protocol ??= 'TCP'
    c.imagePullPolicy ??=
      !c.image || /:latest$/.test(c.image) || !/:[^/]+$/.test(c.image) ? 'Always' : 'IfNotPresent'
  }
}

export class Controllers {
  private timer?: NodeJS.Timeout
  private running = false
  private again = false
  /** Owner uid → the error of its last failed pod creation (ReplicaFailure condition). */
  private readonly createFailures = new Map<string, string>()
  private stopped = false
  private readonly unsubscribe: () => void
  private readonly scripts: [string, PodScript][] = []
  private readonly terminating = new Set<string>()
  /** CRD name → the resourceVersion whose types are registered (and Established). */
  private crdsServed = new Map<string, string>()
  private ipCounter = 2
  private clusterIpCounter = 10
  private lbCounter = 1
  private readonly opts: Required<ControllerOptions>

  constructor(
    private readonly api: Api,
    opts: ControllerOptions = {},
  ) {
    this.opts = {delayMs: 10, loadBalancer: true, podTerminationMs: 50, disabled: false, ...opts}
    this.api.defaulters.push((t, obj, old) => this.defaults(t, obj, old))
    this.unsubscribe = opts.disabled
      ? () => {}
      : api.store.subscribe((ev) => {
          // Events are output only; they never need reconciling.
          if (ev.resource !== 'events') this.schedule()
        })
  }

  private type(apiVersion: string, kind: string): ResourceType {
    return this.api.registry.byKind(apiVersion, kind)!
  }

  scriptPods(prefix: string, script: PodScript): void {
    this.scripts.unshift([prefix, script])
    this.schedule()
  }

  stop(): void {
    this.stopped = true
    this.unsubscribe()
    if (this.timer) clearTimeout(this.timer)
  }

  /** The objects every cluster starts with. */
  bootstrap(): void {
    const ns = this.type('v1', 'Namespace')
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.putNew(ns, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {name},
        spec: {finalizers: ['kubernetes']},
        status: {phase: 'Active'},
      })
    }
    this.putNew(this.type('v1', 'Node'), {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: NODE_NAME,
        labels: {
          'kubernetes.io/hostname': NODE_NAME,
          'kubernetes.io/os': 'linux',
          'node-role.kubernetes.io/control-plane': '',
        },
      },
      spec: {podCIDR: '10.244.0.0/16'},
      status: {
        addresses: [
          {type: 'InternalIP', address: '172.18.0.2'},
          {type: 'Hostname', address: NODE_NAME},
        ],
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: now(),
            lastTransitionTime: now(),
          },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.5-sim',
          containerRuntimeVersion: 'sim://1.0',
          architecture: 'amd64',
          operatingSystem: 'linux',
          osImage: 'kube-sim',
          kernelVersion: '6.0.0',
          kubeProxyVersion: 'v1.32.5-sim',
          machineID: 'sim',
          systemUUID: 'sim',
          bootID: 'sim',
        },
        capacity: {cpu: '8', memory: '16Gi', pods: '110'},
        allocatable: {cpu: '8', memory: '16Gi', pods: '110'},
      },
    })
    this.putNew(this.type('v1', 'Service'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: {component: 'apiserver', provider: 'kubernetes'},
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        ports: [{name: 'https', port: 443, protocol: 'TCP', targetPort: 6443}],
      },
    })
    this.putNew(this.type('v1', 'ServiceAccount'), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {name: 'default', namespace: 'default'},
    })
  }

  private putNew(t: ResourceType, obj: KObj): void {
    for (const d of this.api.defaulters) d(t, obj, undefined)
    obj.metadata.uid = createHash('sha256')
      .update(`${t.resource}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5')
    obj.metadata.creationTimestamp = now()
    this.api.store.put(t, obj)
  }

  /** API-server defaulting (runs on every create/update, even with controllers disabled). */
  private defaults(t: ResourceType, obj: KObj, old: KObj | undefined): void {
    if (t.group === '' && t.kind === 'Namespace') {
      obj.metadata.labels = {...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name}
      if (!old) {
        obj.spec = {finalizers: ['kubernetes'], ...obj.spec}
        obj.status = {phase: 'Active', ...obj.status}
      }
    }
    if (t.group === '' && t.kind === 'Service') {
      const spec = (obj.spec ??= {})
      spec.type ??= 'ClusterIP'
      if (old?.spec?.clusterIP && !spec.clusterIP) spec.clusterIP = old.spec.clusterIP
      if (!spec.clusterIP && spec.type !== 'ExternalName') spec.clusterIP = this.nextClusterIp()
      if (spec.clusterIP) spec.clusterIPs ??= [spec.clusterIP]
      spec.sessionAffinity ??= 'None'
      for (const p of spec.ports ?? []) {
        p.protocol ??= 'TCP'
        p.targetPort ??= p.port
        if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && !p.nodePort)
          p.nodePort = 30000 + ((p.port * 7 + this.lbCounter++) % 2767)
      }
    }
    if (t.group === '' && t.kind === 'Pod') {
      const spec = (obj.spec ??= {})
      spec.restartPolicy ??= 'Always'
      spec.dnsPolicy ??= 'ClusterFirst'
      spec.schedulerName ??= 'default-scheduler'
      spec.serviceAccountName ??= 'default'
      spec.terminationGracePeriodSeconds ??= 30
      defaultContainers(spec)
      if (!old) obj.status = {phase: 'Pending', qosClass: 'BestEffort', ...obj.status}
    }
    const podSpec =
      t.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template?.spec : obj.spec?.template?.spec
    if (['apps', 'batch'].includes(t.group) && podSpec) defaultContainers(podSpec)
    if (t.group === 'apps' && ['Deployment', 'ReplicaSet', 'StatefulSet'].includes(t.kind)) {
      obj.spec ??= {}
      obj.spec.replicas ??= 1
      if (t.kind === 'Deployment') {
        obj.spec.strategy ??= {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}}
        obj.spec.revisionHistoryLimit ??= 10
        obj.spec.progressDeadlineSeconds ??= 600
      }
    }
    if (t.group === 'apiextensions.k8s.io' && !old) {
      obj.metadata.finalizers = [
        ...new Set([...(obj.metadata.finalizers ?? []), 'customresourcecleanup.apiextensions.k8s.io']),
      ]
    }
  }

  private nextClusterIp(): string {
    const n = this.clusterIpCounter++
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 2}`
  }

  private schedule(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    if (!this.timer) this.timer = setTimeout(() => void this.run(), this.opts.delayMs)
  }

  private async run(): Promise<void> {
    this.timer = undefined
    this.running = true
    this.again = false
    try {
      await this.reconcile()
    } catch (e) {
      // A failed pass is retried on the next change; never take the server down.
      if (process.env.KUBE_SIM_DEBUG) console.error('kube-sim controller:', e)
    } finally {
      this.running = false
      if (this.again && !this.stopped) this.schedule()
    }
  }

  /** Writes through the API; a conflict or a vanished object just triggers another pass. */
  private async save(obj: KObj, manager: string, subresource?: 'status' | 'finalize'): Promise<void> {
    const t = this.type(obj.apiVersion, obj.kind)
    try {
      await this.api.update(t, obj.metadata.namespace, obj.metadata.name, obj, {
        fieldManager: manager,
        subresource,
      })
    } catch {
      this.again = true
    }
  }

  /** Creates obj; on failure schedules another pass and returns the error's message. */
  private async create(obj: KObj, manager: string): Promise<string | undefined> {
    const t = this.type(obj.apiVersion, obj.kind)
    try {
      await this.api.create(t, obj.metadata.namespace, obj, {fieldManager: manager})
      return undefined
    } catch (e) {
      this.again = true
      return (e as Error).message
    }
  }

  private async remove(obj: KObj, policy: 'Background' | 'Foreground' = 'Background'): Promise<void> {
    const t = this.api.registry.byKind(obj.apiVersion, obj.kind)
    if (!t) return
    try {
      await this.api.delete(t, obj.metadata.namespace, obj.metadata.name, {propagationPolicy: policy})
    } catch {
      this.again = true
    }
  }

  private list(apiVersion: string, kind: string, ns?: string): KObj[] {
    const t = this.api.registry.byKind(apiVersion, kind)
    return t ? this.api.store.list(t, ns).map((o) => this.api.present(t, o)) : []
  }

  private async reconcile(): Promise<void> {
    await this.crds()
    await this.namespaces()
    await this.gc()
    await this.deployments()
    await this.replicaSets()
    await this.daemonSets()
    await this.statefulSets()
    await this.jobs()
    await this.kubelet()
    await this.services()
  }

  private async crds(): Promise<void> {
    const reg = this.api.registry
    const wanted = new Set<string>()
    // Every CRD Established and unchanged since the last pass: their types are registered already. Copying
    // and re-registering every CRD on every pass cost more than the rest of the pass.
    const live = new Map<string, string>()
    for (const {group, resource, object} of this.api.store.entries())
      if (group === 'apiextensions.k8s.io' && resource === 'customresourcedefinitions')
        live.set(object.metadata.name, object.metadata.resourceVersion!)
    if (isDeepStrictEqual(live, this.crdsServed)) return
    const registered = new Map<string, string>()
    for (const crd of this.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')) {
      const spec = crd.spec ?? {}
      const names = spec.names ?? {}
      if (crd.metadata.deletionTimestamp) {
        for (const v of spec.versions ?? []) {
          const t = reg.find(spec.group, v.name, names.plural)
          if (t)
            for (const o of this.api.store.list(t))
              this.api.forceRemove(t, o.metadata.namespace, o.metadata.name)
        }
        reg.remove(spec.group, names.plural)
        crd.metadata.finalizers = (crd.metadata.finalizers ?? []).filter(
          (f: string) => f !== 'customresourcecleanup.apiextensions.k8s.io',
        )
        await this.save(crd, 'apiextensions-controller')
        continue
      }
      wanted.add(`${spec.group}/${names.plural}`)
      const served = (spec.versions ?? []).filter((v: {served?: boolean}) => v.served !== false)
      // Storage version first: it is the preferred version in discovery.
      served.sort(
        (a: {storage?: boolean}, b: {storage?: boolean}) => Number(!!b.storage) - Number(!!a.storage),
      )
      for (const v of served) {
        const scale = v.subresources?.scale
        reg.add({
          group: spec.group,
          version: v.name,
          resource: names.plural,
          kind: names.kind,
          singular: names.singular ?? names.kind.toLowerCase(),
          namespaced: spec.scope !== 'Cluster',
          shortNames: names.shortNames,
          categories: names.categories,
          custom: true,
          subresources: [
            ...(v.subresources?.status ? ['status' as const] : []),
            ...(scale ? ['scale' as const] : []),
          ],
          scalePaths: scale
            ? {
                spec: scale.specReplicasPath,
                status: scale.statusReplicasPath,
                selector: scale.labelSelectorPath,
              }
            : undefined,
          printerColumns: v.additionalPrinterColumns,
          schema: v.schema?.openAPIV3Schema,
        })
      }
      const established = (crd.status?.conditions ?? []).some(
        (c: {type: string; status: string}) => c.type === 'Established' && c.status === 'True',
      )
      if (established) registered.set(crd.metadata.name, crd.metadata.resourceVersion!)
      else {
        crd.status = {
          conditions: conditions(crd.status?.conditions, [
            {type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found'},
            {
              type: 'Established',
              status: 'True',
              reason: 'InitialNamesAccepted',
              message: 'the initial names have been accepted',
            },
          ]),
          acceptedNames: {
            ...names,
            singular: names.singular ?? names.kind?.toLowerCase(),
            listKind: names.listKind ?? `${names.kind}List`,
          },
          storedVersions: (spec.versions ?? [])
            .filter((v: {storage?: boolean}) => v.storage)
            .map((v: {name: string}) => v.name),
        }
        await this.save(crd, 'apiextensions-controller', 'status')
      }
    }
    for (const t of [...reg.all()])
      if (t.custom && !wanted.has(`${t.group}/${t.resource}`)) reg.remove(t.group, t.resource)
    this.crdsServed = registered
  }

  private async namespaces(): Promise<void> {
    for (const ns of this.list('v1', 'Namespace')) {
      if (!ns.metadata.deletionTimestamp) continue
      const name = ns.metadata.name
      let left = 0
      for (const t of this.api.registry.all().filter((x) => x.namespaced)) {
        const objs = this.api.store.list(t, name)
        left += objs.length
        for (const o of objs) if (!o.metadata.deletionTimestamp) await this.remove(this.api.present(t, o))
      }
      if (left) {
        this.again = true
        continue
      }
      // Empty: drop the "kubernetes" spec finalizer; the namespace goes once no finalizer of any kind is left.
      const specFinalizers = ((ns.spec?.finalizers ?? []) as string[]).filter((f) => f !== 'kubernetes')
      if (specFinalizers.length !== (ns.spec?.finalizers ?? []).length) {
        await this.save(
          {...ns, spec: {...ns.spec, finalizers: specFinalizers}},
          'namespace-controller',
          'finalize',
        )
      }
      if (!specFinalizers.length && !(ns.metadata.finalizers ?? []).length) {
        this.api.forceRemove(this.type('v1', 'Namespace'), undefined, name)
      }
    }
  }

  /** Garbage collection by ownerReferences, with Foreground and Orphan finalizers on owners. */
  private async gc(): Promise<void> {
    // Store objects are replaced, never changed in place, so this pass reads them as they are and copies
    // only what it writes: copying the whole store (CRDs included) on every pass was most of its cost.
    const all = [...this.api.store.entries()]
    const types = new Map<string, ResourceType>()
    for (const x of this.api.registry.all())
      if (!types.has(`${x.group}|${x.resource}`)) types.set(`${x.group}|${x.resource}`, x)
    const uids = new Set(all.map((e) => e.object.metadata.uid))
    const dependents = new Map<string, {t: ResourceType; object: KObj}[]>()
    for (const {group, resource, object} of all) {
      const t = types.get(`${group}|${resource}`)
      if (!t) continue
      for (const r of object.metadata.ownerReferences ?? [])
        dependents.set(r.uid, [...(dependents.get(r.uid) ?? []), {t, object}])
    }
    for (const {group, resource, object} of all) {
      const refs = object.metadata.ownerReferences ?? []
      const t = types.get(`${group}|${resource}`)
      if (!t) continue
      if (refs.length && refs.every((r) => !uids.has(r.uid)) && alive(object))
        await this.remove(this.api.present(t, structuredClone(object)))
      const fin = object.metadata.finalizers ?? []
      if (!object.metadata.deletionTimestamp) continue
      const deps = (dependents.get(object.metadata.uid!) ?? []).map((d) =>
        this.api.present(d.t, structuredClone(d.object)),
      )
      if (fin.includes('orphan')) {
        for (const d of deps) {
          d.metadata.ownerReferences = (d.metadata.ownerReferences ?? []).filter(
            (r) => r.uid !== object.metadata.uid,
          )
          if (!d.metadata.ownerReferences.length) delete d.metadata.ownerReferences
          await this.save(d, 'garbage-collector')
        }
        await this.dropFinalizer(t, object, 'orphan')
      } else if (fin.includes('foregroundDeletion')) {
        for (const d of deps) if (alive(d)) await this.remove(d, 'Foreground')
        if (!deps.length) await this.dropFinalizer(t, object, 'foregroundDeletion')
        else this.again = true
      }
    }
  }

  private async dropFinalizer(t: ResourceType, object: KObj, f: string): Promise<void> {
    const o = this.api.present(t, structuredClone(object))
    o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((x) => x !== f)
    await this.save(o, 'garbage-collector')
  }

  private owned(apiVersion: string, kind: string, owner: KObj): KObj[] {
    return this.list(apiVersion, kind, owner.metadata.namespace).filter(
      (o) => controllerOf(o)?.uid === owner.metadata.uid,
    )
  }

  private async deployments(): Promise<void> {
    for (const d of this.list('apps/v1', 'Deployment')) {
      if (!alive(d)) continue
      const hash = templateHash(d.spec?.template)
      const rsName = `${d.metadata.name}-${hash}`
      const rss = this.owned('apps/v1', 'ReplicaSet', d)
      const replicas = d.spec?.replicas ?? 1
      let current = rss.find((r) => r.metadata.name === rsName)
      const revision = (r: KObj) => Number(r.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)
      if (!current) {
        const template = structuredClone(d.spec?.template ?? {})
        template.metadata = {
          ...template.metadata,
          labels: {...template.metadata?.labels, 'pod-template-hash': hash},
        }
        current = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rsName,
            namespace: d.metadata.namespace,
            labels: {...d.spec?.template?.metadata?.labels, 'pod-template-hash': hash},
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(replicas),
              'deployment.kubernetes.io/max-replicas': String(replicas + 1),
              'deployment.kubernetes.io/revision': String(Math.max(0, ...rss.map(revision)) + 1),
            },
            ownerReferences: [ownerRef(d)],
          },
          spec: {
            replicas,
            minReadySeconds: d.spec?.minReadySeconds ?? 0,
            selector: {
              ...d.spec?.selector,
              matchLabels: {...d.spec?.selector?.matchLabels, 'pod-template-hash': hash},
            },
            template,
          },
        }
        await this.create(current, 'kube-controller-manager')
        await this.record(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${rsName} from 0 to ${replicas}`,
          'deployment-controller',
        )
        continue
      }
      if (current.spec.replicas !== replicas) {
        const dir = replicas > current.spec.replicas ? 'up' : 'down'
        await this.record(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled ${dir} replica set ${rsName} from ${current.spec.replicas} to ${replicas}`,
          'deployment-controller',
        )
        current.spec.replicas = replicas
        current.metadata.annotations = {
          ...current.metadata.annotations,
          'deployment.kubernetes.io/desired-replicas': String(replicas),
        }
        await this.save(current, 'kube-controller-manager')
      }
      for (const old of rss) {
        if (old !== current && old.spec?.replicas !== 0) {
          await this.record(
            d,
            'Normal',
            'ScalingReplicaSet',
            `Scaled down replica set ${old.metadata.name} from ${old.spec?.replicas ?? 1} to 0`,
            'deployment-controller',
          )
          old.spec.replicas = 0
          await this.save(old, 'kube-controller-manager')
        }
      }
      const sum = (f: string) => rss.reduce((n, r) => n + (r.status?.[f] ?? 0), 0)
      const updated = current.status?.replicas ?? 0
      const available = sum('availableReplicas')
      const total = sum('replicas')
      const newAvailable =
        (current.status?.availableReplicas ?? 0) >= replicas &&
        (current.status?.observedGeneration ?? 0) >= (current.metadata.generation ?? 1)
      const status = {
        observedGeneration: d.metadata.generation,
        replicas: total,
        updatedReplicas: updated,
        readyReplicas: sum('readyReplicas'),
        availableReplicas: available,
        ...(total - available > 0 ? {unavailableReplicas: total - available} : {}),
        conditions: conditions(
          d.status?.conditions,
          [
            available >= replicas
              ? {
                  type: 'Available',
                  status: 'True',
                  reason: 'MinimumReplicasAvailable',
                  message: 'Deployment has minimum availability.',
                }
              : {
                  type: 'Available',
                  status: 'False',
                  reason: 'MinimumReplicasUnavailable',
                  message: 'Deployment does not have minimum availability.',
                },
            newAvailable && total === updated
              ? {
                  type: 'Progressing',
                  status: 'True',
                  reason: 'NewReplicaSetAvailable',
                  message: `ReplicaSet "${rsName}" has successfully progressed.`,
                }
              : {
                  type: 'Progressing',
                  status: 'True',
                  reason: 'ReplicaSetUpdated',
                  message: `ReplicaSet "${rsName}" is progressing.`,
                },
            // The deployment controller surfaces its ReplicaSets' pod-creation failures.
            ...rss
              .flatMap((r) => (r.status?.conditions ?? []) as {type: string; status: string}[])
              .filter((c) => c.type === 'ReplicaFailure' && c.status === 'True')
              .slice(0, 1)
              .map(
                ({
                  type,
                  status,
                  reason,
                  message,
                }: {
                  type: string
                  status: string
                  reason?: string
                  message?: string
                }) => ({
                  type,
                  status,
                  reason,
                  message,
                }),
              ),
          ],
          true,
        ),
      }
      for (const k of ['readyReplicas', 'availableReplicas', 'updatedReplicas', 'replicas'] as const)
        if (!status[k]) delete status[k]
      // The revision of the current ReplicaSet, on the Deployment too (set through the status subresource).
      const rev = String(revision(current))
      const moved = d.metadata.annotations?.['deployment.kubernetes.io/revision'] !== rev
      if (moved)
        d.metadata.annotations = {...d.metadata.annotations, 'deployment.kubernetes.io/revision': rev}
      await this.setStatus(d, status, moved)
    }
  }

  /** Writes status when it differs (ignoring timestamps that would otherwise churn). */
  private async setStatus(obj: KObj, status: Record<string, unknown>, force = false): Promise<void> {
    const strip = (s: unknown) =>
      JSON.parse(
        JSON.stringify(s ?? {}, (k, v) =>
          k === 'lastUpdateTime' || k === 'lastTransitionTime' ? undefined : v,
        ),
      )
    if (!force && isDeepStrictEqual(strip(obj.status), strip(status))) return
    obj.status = status
    await this.save(obj, 'kube-controller-manager', 'status')
  }

  /** Records a core/v1 Event about obj, bumping count and lastTimestamp on repeats (as the event recorder does). */
  private async record(
    obj: KObj,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
  ): Promise<void> {
    const ns = obj.metadata.namespace ?? 'default'
    const existing = this.list('v1', 'Event', ns).find(
      (e) => e.involvedObject?.uid === obj.metadata.uid && e.reason === reason && e.message === message,
    )
    if (existing) {
      existing.count = (existing.count ?? 1) + 1
      existing.lastTimestamp = now()
      await this.save(existing, component)
      return
    }
    const ts = now()
    await this.create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${obj.metadata.name}.${templateHash([obj.metadata.uid, reason, message, ts])}`,
          namespace: ns,
        },
        involvedObject: {
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          uid: obj.metadata.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: obj.metadata.resourceVersion,
        },
        reason,
        message,
        source: {component, ...(component === 'kubelet' ? {host: NODE_NAME} : {})},
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: component === 'kubelet' ? NODE_NAME : '',
      },
      component,
    )
  }

  /** Creates or deletes pods to match a count; returns the live pods. */
  private async ensurePods(
    owner: KObj,
    count: number,
    names?: (i: number) => string,
    extraLabels: Record<string, string> = {},
  ): Promise<KObj[]> {
    const pods = this.owned('v1', 'Pod', owner).filter(alive)
    const template = owner.spec?.template ?? {}
    if (names) {
      for (let i = 0; i < count; i++) {
        if (
          !pods.some((p) => p.metadata.name === names(i)) &&
          !this.list('v1', 'Pod', owner.metadata.namespace).some((p) => p.metadata.name === names(i))
        ) {
          const failed = await this.create(
            this.podFrom(owner, template, names(i), extraLabels),
            'kube-controller-manager',
          )
          if (failed) {
            await this.record(
              owner,
              'Warning',
              'FailedCreate',
              `create Pod ${names(i)} in ${owner.kind} ${owner.metadata.name} failed error: ${failed}`,
              controllerName(owner),
            )
            break
          }
          await this.record(
            owner,
            'Normal',
            'SuccessfulCreate',
            `create Pod ${names(i)} in ${owner.kind} ${owner.metadata.name} successful`,
            controllerName(owner),
          )
        }
      }
      for (const p of pods)
        if (!Array.from({length: count}, (_, i) => names(i)).includes(p.metadata.name)) await this.remove(p)
      return pods
    }
    this.createFailures.delete(owner.metadata.uid!)
    for (let i = pods.length; i < count; i++) {
      const name = `${owner.metadata.name}-${rand5()}`
      const pod = this.podFrom(owner, template, name, extraLabels)
      pod.metadata.generateName = `${owner.metadata.name}-` // as ReplicaSet and Job controllers name pods
      const failed = await this.create(pod, 'kube-controller-manager')
      if (failed) {
        // As the ReplicaSet controller: a Warning event, remembered for the ReplicaFailure condition; stop here.
        this.createFailures.set(owner.metadata.uid!, failed)
        await this.record(
          owner,
          'Warning',
          'FailedCreate',
          `Error creating: ${failed}`,
          controllerName(owner),
        )
        break
      }
      await this.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, controllerName(owner))
    }
    const extra = pods.slice(count).length
      ? [...pods]
          .sort((a, b) =>
            (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
          )
          .slice(0, pods.length - count)
      : []
    for (const p of extra) {
      await this.remove(p)
      await this.record(
        owner,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${p.metadata.name}`,
        controllerName(owner),
      )
    }
    return pods.filter((p) => !extra.includes(p))
  }

  private podFrom(owner: KObj, template: KObj, name: string, extraLabels: Record<string, string>): KObj {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: owner.metadata.namespace,
        labels: {...template.metadata?.labels, ...extraLabels},
        annotations: template.metadata?.annotations,
        ownerReferences: [ownerRef(owner)],
      },
      spec: structuredClone(template.spec ?? {containers: []}),
    }
  }

  private async replicaSets(): Promise<void> {
    for (const rs of this.list('apps/v1', 'ReplicaSet')) {
      if (!alive(rs)) continue
      const pods = await this.ensurePods(rs, rs.spec?.replicas ?? 1)
      const ready = pods.filter(podReady).length
      const failed = this.createFailures.get(rs.metadata.uid!)
      const previous = (rs.status?.conditions ?? []).find((c: {type: string}) => c.type === 'ReplicaFailure')
      await this.setStatus(rs, {
        replicas: pods.length,
        fullyLabeledReplicas: pods.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation,
        ...(failed
          ? {
              conditions: [
                {
                  type: 'ReplicaFailure',
                  status: 'True',
                  reason: 'FailedCreate',
                  message: failed,
                  lastTransitionTime: previous?.lastTransitionTime ?? now(),
                },
              ],
            }
          : {}),
      })
    }
  }

  private async daemonSets(): Promise<void> {
    for (const ds of this.list('apps/v1', 'DaemonSet')) {
      if (!alive(ds)) continue
      const hash = templateHash(ds.spec?.template)
      const pods = this.owned('v1', 'Pod', ds).filter(alive)
      for (const p of pods) if (p.metadata.labels?.['controller-revision-hash'] !== hash) await this.remove(p)
      const live = await this.ensurePods(ds, 1, undefined, {'controller-revision-hash': hash})
      const current = live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash)
      const ready = current.filter(podReady).length
      await this.setStatus(ds, {
        currentNumberScheduled: current.length,
        desiredNumberScheduled: 1,
        numberMisscheduled: 0,
        numberReady: ready,
        numberAvailable: ready,
        ...(ready < 1 ? {numberUnavailable: 1 - ready} : {}),
        updatedNumberScheduled: current.length,
        observedGeneration: ds.metadata.generation,
      })
    }
  }

  private async statefulSets(): Promise<void> {
    for (const sts of this.list('apps/v1', 'StatefulSet')) {
      if (!alive(sts)) continue
      const hash = `${sts.metadata.name}-${templateHash(sts.spec?.template)}`
      const replicas = sts.spec?.replicas ?? 1
      const pods = await this.ensurePods(sts, replicas, (i) => `${sts.metadata.name}-${i}`, {
        'controller-revision-hash': hash,
        'apps.kubernetes.io/pod-index': '',
      })
      for (const p of pods) if (p.metadata.labels?.['controller-revision-hash'] !== hash) await this.remove(p)
      const current = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash)
      const ready = current.filter(podReady).length
      await this.setStatus(sts, {
        observedGeneration: sts.metadata.generation,
        replicas: pods.length,
        readyReplicas: ready,
        currentReplicas: current.length,
        updatedReplicas: current.length,
        availableReplicas: ready,
        currentRevision: hash,
        updateRevision: hash,
        collisionCount: 0,
      })
    }
  }

  private async jobs(): Promise<void> {
    for (const job of this.list('batch/v1', 'Job')) {
      if (!alive(job)) continue
      const completions = job.spec?.completions ?? 1
      const pods = this.owned('v1', 'Pod', job)
      const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length
      const active = pods.filter(
        (p) => alive(p) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
      ).length
      const want = Math.min(job.spec?.parallelism ?? 1, completions - succeeded) - active
      for (let i = 0; i < want; i++) {
        await this.create(
          this.podFrom(job, job.spec?.template ?? {}, `${job.metadata.name}-${rand5()}`, {
            'batch.kubernetes.io/job-name': job.metadata.name,
            'job-name': job.metadata.name,
            'batch.kubernetes.io/controller-uid': job.metadata.uid!,
          }),
          'kube-controller-manager',
        )
      }
      const complete = succeeded >= completions
      await this.setStatus(job, {
        startTime: job.status?.startTime ?? now(),
        ...(active ? {active} : {}),
        ...(succeeded ? {succeeded} : {}),
        ready: 0,
        ...(complete
          ? {
              completionTime: job.status?.completionTime ?? now(),
              conditions: conditions(job.status?.conditions, [
                {
                  type: 'SuccessCriteriaMet',
                  status: 'True',
                  reason: 'CompletionsReached',
                  message: 'Reached expected number of succeeded pods',
                },
                {
                  type: 'Complete',
                  status: 'True',
                  reason: 'CompletionsReached',
                  message: 'Reached expected number of succeeded pods',
                },
              ]),
            }
          : {}),
        uncountedTerminatedPods: {},
      })
    }
  }

  private script(pod: KObj): PodScript {
    return this.scripts.find(([prefix]) => pod.metadata.name.startsWith(prefix))?.[1] ?? {state: 'Running'}
  }

  private nextPodIp(): string {
    const n = this.ipCounter++
    return `10.244.${Math.floor(n / 250)}.${(n % 250) + 2}`
  }

  /** The fake kubelet: schedule, run (or fail as scripted), complete job pods, finish graceful deletes. */
  private async kubelet(): Promise<void> {
    for (const pod of this.list('v1', 'Pod')) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`
      if (pod.metadata.deletionTimestamp) {
        if (!this.terminating.has(key) && !(pod.metadata.finalizers ?? []).length) {
          this.terminating.add(key)
          const uid = pod.metadata.uid
          setTimeout(() => {
            this.terminating.delete(key)
            const cur = this.api.store.get(
              {group: '', resource: 'pods'},
              pod.metadata.namespace,
              pod.metadata.name,
            )
            if (!this.stopped && cur?.metadata.uid === uid)
              this.api.forceRemove({group: '', resource: 'pods'}, pod.metadata.namespace, pod.metadata.name)
          }, this.opts.podTerminationMs)
        }
        continue
      }
      if (!pod.spec?.nodeName) {
        pod.spec.nodeName = NODE_NAME
        await this.save(pod, 'kube-scheduler')
        await this.record(
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${key} to ${NODE_NAME}`,
          'default-scheduler',
        )
        continue
      }
      const status = this.podStatus(pod)
      if (!status) continue
      const first = !pod.status?.containerStatuses
      await this.setStatus(pod, status)
      if (first) await this.containerEvents(pod)
    }
  }

  /** The kubelet's events when containers first start (or fail to). */
  private async containerEvents(pod: KObj): Promise<void> {
    const state = this.script(pod).state
    for (const c of (pod.spec?.containers ?? []) as {name: string; image?: string}[]) {
      if (state === 'ImagePullBackOff') {
        await this.record(pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": not found`, 'kubelet')
        await this.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, 'kubelet')
        continue
      }
      await this.record(
        pod,
        'Normal',
        'Pulled',
        `Container image "${c.image}" already present on machine`,
        'kubelet',
      )
      await this.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, 'kubelet')
      await this.record(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet')
      if (state === 'CrashLoopBackOff') {
        await this.record(
          pod,
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}`,
          'kubelet',
        )
      }
    }
  }

  private podStatus(pod: KObj): Record<string, unknown> | undefined {
    const script = this.script(pod)
    const old = pod.status ?? {}
    if (script.state === 'Pending')
      return {
        ...old,
        phase: 'Pending',
        conditions: conditions(old.conditions, [{type: 'PodScheduled', status: 'True'}]),
      }
    const startedAt = old.startTime ?? now()
    const isJob = controllerOf(pod)?.kind === 'Job'
    const containers = (pod.spec.containers ?? []) as {name: string; image?: string}[]
    const ready = script.state === 'Running' && !isJob
    const state = (c: {name: string}) => {
      if (isJob) return {terminated: {exitCode: 0, reason: 'Completed', startedAt, finishedAt: startedAt}}
      if (script.state === 'ImagePullBackOff')
        return {
          waiting: {
            reason: 'ImagePullBackOff',
            message:
              script.message ??
              `Back-off pulling image "${containers.find((x) => x.name === c.name)?.image}"`,
          },
        }
      if (script.state === 'CrashLoopBackOff')
        return {
          waiting: {
            reason: 'CrashLoopBackOff',
            message:
              script.message ?? `back-off 10s restarting failed container=${c.name} pod=${pod.metadata.name}`,
          },
        }
      return {running: {startedAt}}
    }
    const prevStatuses = (old.containerStatuses ?? []) as {
      name: string
      containerID?: string
      restartCount?: number
    }[]
    const containerStatuses = containers.map((c) => {
      const prev = prevStatuses.find((p) => p.name === c.name)
      const running = script.state === 'Running' || script.state === 'NotReady'
      return {
        name: c.name,
        image: c.image ?? '',
        imageID: script.state === 'ImagePullBackOff' ? '' : `sim://${c.image ?? ''}`,
        ...(script.state === 'ImagePullBackOff'
          ? {}
          : {
              containerID: prev?.containerID ?? `sim://${templateHash([pod.metadata.uid, c.name]).repeat(4)}`,
            }),
        ready: ready,
        started: running && !isJob,
        restartCount: script.state === 'CrashLoopBackOff' ? Math.max(3, prev?.restartCount ?? 0) : 0,
        state: state(c),
      }
    })
    const cond = (type: string, ok: boolean, reason?: string, message?: string) => ({
      type,
      status: ok ? 'True' : 'False',
      ...(ok ? {} : {reason: reason ?? 'ContainersNotReady', ...(message ? {message} : {})}),
    })
    const notReadyMsg =
      script.state !== 'Running' && 'message' in script && script.message
        ? script.message
        : `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`
    const podIP = old.podIP ?? this.nextPodIp()
    return {
      phase: isJob ? 'Succeeded' : 'Running',
      conditions: conditions(old.conditions, [
        cond('PodReadyToStartContainers', true),
        cond('Initialized', true),
        cond('Ready', ready, isJob ? 'PodCompleted' : undefined, isJob ? undefined : notReadyMsg),
        cond('ContainersReady', ready, isJob ? 'PodCompleted' : undefined, isJob ? undefined : notReadyMsg),
        cond('PodScheduled', true),
      ]),
      hostIP: '172.18.0.2',
      hostIPs: [{ip: '172.18.0.2'}],
      podIP,
      podIPs: [{ip: podIP}],
      startTime: startedAt,
      containerStatuses,
      qosClass: old.qosClass ?? 'BestEffort',
    }
  }

  private async services(): Promise<void> {
    const services = this.list('v1', 'Service')
    for (const ep of this.list('v1', 'Endpoints')) {
      const managed = ep.metadata.labels?.['endpoints.kubernetes.io/managed-by'] === 'endpoint-controller'
      if (
        managed &&
        !services.some(
          (s) => s.metadata.namespace === ep.metadata.namespace && s.metadata.name === ep.metadata.name,
        )
      )
        await this.remove(ep)
    }
    for (const svc of services) {
      if (!alive(svc)) continue
      if (
        svc.spec?.type === 'LoadBalancer' &&
        this.opts.loadBalancer &&
        !svc.status?.loadBalancer?.ingress?.length
      ) {
        svc.status = {
          ...svc.status,
          loadBalancer: {ingress: [{ip: `172.18.255.${(this.lbCounter++ % 250) + 1}`, ipMode: 'VIP'}]},
        }
        await this.save(svc, 'service-controller', 'status')
      }
      const selector = svc.spec?.selector as Record<string, string> | undefined
      if (!selector || !Object.keys(selector).length) continue
      const ns = svc.metadata.namespace
      const pods = this.list('v1', 'Pod', ns).filter(
        (p) => matchLabelSelector({matchLabels: selector}, p.metadata.labels) && p.status?.podIP && alive(p),
      )
      const portOf = (p: {targetPort?: number | string; port: number}, pod?: KObj): number => {
        if (typeof p.targetPort === 'number') return p.targetPort
        if (typeof p.targetPort === 'string' && /^\d+$/.test(p.targetPort)) return Number(p.targetPort)
        for (const c of pod?.spec?.containers ?? [])
          for (const cp of c.ports ?? []) if (cp.name === p.targetPort) return cp.containerPort
        return p.port
      }
      const svcPorts = (svc.spec.ports ?? []) as {
        name?: string
        port: number
        targetPort?: number | string
        protocol?: string
        appProtocol?: string
      }[]
      const ports = svcPorts.map((p) => ({
        ...(p.name ? {name: p.name} : {}),
        port: portOf(p, pods[0]),
        protocol: p.protocol ?? 'TCP',
        ...(p.appProtocol ? {appProtocol: p.appProtocol} : {}),
      }))
      const addr = (p: KObj) => ({
        ip: p.status.podIP,
        nodeName: p.spec.nodeName,
        targetRef: {kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid},
      })
      const ready = pods.filter(podReady).map(addr)
      const notReady = pods.filter((p) => !podReady(p)).map(addr)
      const subsets = pods.length
        ? [
            {
              ...(ready.length ? {addresses: ready} : {}),
              ...(notReady.length ? {notReadyAddresses: notReady} : {}),
              ports,
            },
          ]
        : undefined
      const ep = this.list('v1', 'Endpoints', ns).find((e) => e.metadata.name === svc.metadata.name)
      const labels = {...svc.metadata.labels, 'endpoints.kubernetes.io/managed-by': 'endpoint-controller'}
      if (!ep) {
        await this.create(
          {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: {name: svc.metadata.name, namespace: ns, labels},
            ...(subsets ? {subsets} : {}),
          },
          'endpoint-controller',
        )
      } else if (!isDeepStrictEqual(ep.subsets, subsets)) {
        if (subsets) ep.subsets = subsets
        else delete ep.subsets
        await this.save(ep, 'endpoint-controller')
      }
      const sliceLabels = {
        ...svc.metadata.labels,
        'kubernetes.io/service-name': svc.metadata.name,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      }
      const endpoints = pods.map((p) => ({
        addresses: [p.status.podIP],
        conditions: {ready: podReady(p), serving: podReady(p), terminating: false},
        nodeName: p.spec.nodeName,
        targetRef: addr(p).targetRef,
      }))
      const slice = this.list('discovery.k8s.io/v1', 'EndpointSlice', ns).find(
        (s) =>
          s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name &&
          controllerOf(s)?.uid === svc.metadata.uid,
      )
      const body = {addressType: 'IPv4', endpoints, ports}
      if (!slice) {
        await this.create(
          {
            apiVersion: apiVersionOf({group: 'discovery.k8s.io', version: 'v1'}),
            kind: 'EndpointSlice',
            metadata: {
              name: `${svc.metadata.name}-${rand5()}`,
              namespace: ns,
              labels: sliceLabels,
              ownerReferences: [ownerRef(svc)],
            },
            ...body,
          },
          'endpointslice-controller.k8s.io',
        )
      } else if (
        !isDeepStrictEqual(
          {addressType: slice.addressType, endpoints: slice.endpoints, ports: slice.ports},
          body,
        )
      ) {
        await this.save({...slice, ...body}, 'endpointslice-controller.k8s.io')
      }
    }
  }
}
