/**
 * `x precheck` (istioctl 1.30.3 istioctl/pkg/precheck): whether Istio can be installed or upgraded on the
 * cluster. Checks the Kubernetes version, the permissions install needs (one SelfSubjectAccessReview
 * each), the Gateway API CRD versions and alpha annotations on the running cluster; with --from-version,
 * behaviour changes since that version. Also lists the Istio control planes already installed.
 * @module
 */
import {alphaAnnotationsAnalyzer} from '../analyze/analyzers/annotations/alpha.js'
import {analyze} from '../analyze/analyze.js'
import {compareFindings, type Finding} from '../analyze/finding.js'
import {atLeast} from '../analyze/finding.js'
import type {Level} from '../analyze/message.js'
import {messageText, type MessageType} from '../analyze/message.js'
import {
  FutureUnsupportedGatewayAPIVersion,
  InsufficientPermissions,
  UnsupportedGatewayAPIVersion,
  UnsupportedKubernetesVersion,
  UpdateIncompatibility,
} from '../analyze/messages.gen.js'
import {usageError} from '../errors.js'
import type {AccessAttributes, KubeClient} from '../kube/client.js'
import {Kinds, type KubeObject} from '../kube/types.js'
import {imageVersion} from './version-check.js'

/** The oldest Kubernetes minor Istio 1.30 supports (k8sversion.MinK8SVersion). */
export const MIN_K8S_MINOR = 32

/** What install creates, as istioctl asks for it: `create` on each, namespaced ones in the Istio namespace. */
export const INSTALL_PERMISSIONS: readonly {group: string; resource: string; namespaced: boolean}[] = [
  {group: '', resource: 'namespaces', namespaced: false},
  {group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespaced: false},
  {group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', namespaced: false},
  {group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', namespaced: false},
  {group: 'rbac.authorization.k8s.io', resource: 'roles', namespaced: true},
  {group: '', resource: 'serviceaccounts', namespaced: true},
  {group: '', resource: 'services', namespaced: true},
  {group: 'apps', resource: 'deployments', namespaced: true},
  {group: '', resource: 'configmaps', namespaced: true},
  {group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', namespaced: false},
  {group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', namespaced: false},
]

const GATEWAY_GROUP = 'gateway.networking.k8s.io'
const STABLE_KINDS = new Set(['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute'])
const BETA_KINDS = new Set(['Gateway', 'GatewayClass', 'HTTPRoute', 'ReferenceGrant'])

/**
 * Where a finding came from; istioctl sorts by the origin's cluster name first: objects read directly
 * ('' ), then checks about the cluster itself ("Cluster"), then the analysed cluster ("Kubernetes").
 */
type Source = 'object' | 'cluster' | 'analysis'
const SOURCE_RANK: Record<Source, number> = {object: 0, cluster: 1, analysis: 2}

export interface PrecheckFinding extends Finding {
  readonly source: Source
}

export interface PrecheckOptions {
  istioNamespace: string
  /** Analyse one namespace; undefined: all of them (istioctl's default). */
  namespace?: string
  skipControlPlane?: boolean
  /** `--from-version 1.N`: report behaviour changes since that version. */
  fromVersion?: string
}

/** An Istio control plane already in the cluster. */
export interface InstalledControlPlane {
  namespace: string
  revision: string
  version?: string
}

export interface PrecheckResult {
  /** Sorted and de-duplicated as istioctl does. */
  findings: PrecheckFinding[]
  installed: InstalledControlPlane[]
}

function finding(type: MessageType, source: Source, origin: string, args: unknown[]): PrecheckFinding {
  return {
    code: type.code,
    name: type.name,
    level: type.level,
    message: messageText({type, args}),
    origin,
    source,
  }
}

/** The minor version of a gitVersion (`v1.32.5-sim` → 32), as hashicorp/go-version reads it. */
export function kubeMinor(gitVersion: string): number {
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(gitVersion.trim())
  if (!m) throw new Error(`could not parse Malformed version: ${gitVersion}`)
  return Number(m[2] ?? 0)
}

async function checkServerVersion(client: KubeClient): Promise<PrecheckFinding[]> {
  const v = await client.version().catch((e: unknown) => {
    throw new Error(`failed to get the Kubernetes version: ${(e as Error).message}`)
  })
  if (kubeMinor(v.gitVersion) >= MIN_K8S_MINOR) return []
  return [finding(UnsupportedKubernetesVersion, 'cluster', 'Cluster', [v.gitVersion, `1.${MIN_K8S_MINOR}`])]
}

async function checkInstallPermissions(
  client: KubeClient,
  istioNamespace: string,
): Promise<PrecheckFinding[]> {
  const answers = await Promise.all(
    INSTALL_PERMISSIONS.map(async (p) => {
      const attrs: AccessAttributes = {
        verb: 'create',
        group: p.group,
        version: 'v1',
        resource: p.resource,
        ...(p.namespaced ? {namespace: istioNamespace} : {}),
      }
      // A review that cannot be made is reported with its error, as istioctl does.
      const error = await client.canI(attrs).then(
        (a) => (a.allowed ? undefined : (a.reason ?? 'permission denied')),
        (e: unknown) => (e as Error).message,
      )
      return error === undefined
        ? []
        : [finding(InsufficientPermissions, 'cluster', 'Cluster', [p.resource, error])]
    }),
  )
  return answers.flat()
}

interface Crd extends KubeObject {
  spec?: {group?: string; names?: {kind?: string}; versions?: {name: string; served?: boolean}[]}
}

async function checkGatewayAPIs(client: KubeClient): Promise<PrecheckFinding[]> {
  const out: PrecheckFinding[] = []
  for (const crd of await client.list<Crd>(Kinds.CustomResourceDefinition)) {
    if (crd.spec?.group !== GATEWAY_GROUP) continue
    const versions = new Set((crd.spec.versions ?? []).filter((v) => v.served).map((v) => v.name))
    const has = versions.size > 0 ? [...versions].sort().join(',') : 'none'
    const kind = crd.spec.names?.kind ?? ''
    const origin = `CustomResourceDefinition ${crd.metadata.name}`
    if (BETA_KINDS.has(kind) && !versions.has('v1beta1'))
      out.push(finding(UnsupportedGatewayAPIVersion, 'object', origin, [has, 'v1beta1']))
    if (STABLE_KINDS.has(kind) && !versions.has('v1'))
      out.push(finding(FutureUnsupportedGatewayAPIVersion, 'object', origin, [has, 'v1']))
  }
  return out
}

async function checkAlphaAnnotations(client: KubeClient, opts: PrecheckOptions): Promise<PrecheckFinding[]> {
  const result = await analyze({
    paths: [],
    kube: client,
    namespace: opts.namespace ?? '',
    allNamespaces: opts.namespace === undefined,
    istioNamespace: opts.istioNamespace,
    analyzers: [alphaAnnotationsAnalyzer],
  })
  return result.findings.map((f) => ({...f, source: 'analysis' as const}))
}

/** Parses `--from-version`: `1.N`, as istioctl; bad input is a usage error naming the flag. */
export function parseFromVersion(version: string): number {
  const dot = version.indexOf('.')
  if (dot < 0) throw usageError(`--from-version: invalid version ${version}, expected format like '1.0'`)
  const major = version.slice(0, dot)
  const minor = version.slice(dot + 1)
  if (major !== '1') throw usageError(`--from-version: expected major version 1, got ${version}`)
  if (!/^\d+$/.test(minor)) throw usageError(`--from-version: minor version is not a number: ${minor}`)
  return Number(minor)
}

async function checkFromVersion(client: KubeClient, minor: number): Promise<PrecheckFinding[]> {
  if (minor > 21) return []
  // 1.22 dropped the default tracer that pointed at zipkin.istio-system: only users of that Service notice.
  // istioctl looks in istio-system whatever -i says.
  const zipkin = await client.get(Kinds.Service, 'zipkin', 'istio-system')
  if (!zipkin) return []
  return [
    finding(UpdateIncompatibility, 'object', 'Service istio-system/zipkin', [
      'meshConfig.defaultConfig.tracer',
      '1.21',
      "tracing is no longer by default enabled to send to 'zipkin.istio-system.svc'; " +
        'follow https://istio.io/latest/docs/tasks/observability/distributed-tracing/telemetry-api/',
      '1.21',
    ]),
  ]
}

/** The istiod Deployments of every namespace: revision and version (from the image tag). */
export async function installedControlPlanes(client: KubeClient): Promise<InstalledControlPlane[]> {
  const deps = await client.list(Kinds.Deployment, {labelSelector: 'app=istiod'})
  return deps
    .map((d) => {
      const containers =
        (d.spec as {template?: {spec?: {containers?: {name: string; image?: string}[]}}})?.template?.spec
          ?.containers ?? []
      const image = containers.find((c) => c.name === 'discovery')?.image
      return {
        namespace: d.metadata.namespace ?? '',
        revision: d.metadata.labels?.['istio.io/rev'] || 'default',
        ...(image && imageVersion(image) ? {version: imageVersion(image)} : {}),
      }
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.revision.localeCompare(b.revision))
}

/** istioctl's order: origin's cluster name, then level, code, resource and text; equal lines once. */
export function sortPrecheck(findings: readonly PrecheckFinding[]): PrecheckFinding[] {
  const sorted = [...findings].sort(
    (a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || compareFindings(a, b),
  )
  const line = (f: Finding) => `${f.level}|${f.code}|${f.origin}|${f.message}`
  return sorted.filter((f, i) => i === 0 || line(sorted[i - 1]!) !== line(f))
}

/** Runs the checks. Errors reading the cluster (other than a refused access review) are thrown. */
export async function precheck(client: KubeClient, opts: PrecheckOptions): Promise<PrecheckResult> {
  // Validate --from-version before anything reaches the cluster.
  const fromMinor = opts.fromVersion ? parseFromVersion(opts.fromVersion) : undefined
  const parts: Promise<PrecheckFinding[]>[] = []
  if (!opts.skipControlPlane) {
    parts.push(
      checkServerVersion(client),
      checkInstallPermissions(client, opts.istioNamespace),
      checkGatewayAPIs(client),
      checkAlphaAnnotations(client, opts),
    )
  }
  if (fromMinor !== undefined) parts.push(checkFromVersion(client, fromMinor))
  const [findings, installed] = await Promise.all([
    Promise.all(parts).then((x) => x.flat()),
    installedControlPlanes(client).catch(() => []),
  ])
  return {findings: sortPrecheck(findings), installed}
}

/** Whether istioctl fails the run: any finding at Warning or worse, whatever --output-threshold shows. */
export function precheckFails(findings: readonly Finding[]): boolean {
  return findings.some((f) => atLeast(f, 'Warning'))
}

/** The findings --output-threshold lets through. */
export function shownFindings<T extends Finding>(findings: readonly T[], threshold: Level): T[] {
  return findings.filter((f) => atLeast(f, threshold))
}

/** istioctl's message map for precheck's -o json/yaml: its documentation URL has no `?ref=`. */
export function precheckMap(f: Finding): Record<string, string> {
  return {
    code: f.code,
    documentationUrl: `https://istio.io/v1.30/docs/reference/config/analysis/${f.code.toLowerCase()}/`,
    level: f.level,
    message: f.message,
    ...(f.origin === undefined ? {} : {origin: f.origin}),
  }
}

/** The line istioctl prints when nothing at the threshold was found. */
export const NO_ISSUES =
  ' No issues found when checking the cluster. Istio is safe to install or upgrade!\n' +
  '  To get started, check out https://istio.io/latest/docs/setup/getting-started/.'

/** The error istioctl ends with when a finding is at Warning or worse. */
export const ISSUES_FOUND =
  'Issues found when checking the cluster. Istio may not be safe to install or upgrade.\n' +
  'See https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.'
