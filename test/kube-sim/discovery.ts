/** Discovery documents (aggregated v2/v2beta1 and legacy), /version and a minimal /openapi/v3, all from the Registry. */
import {createHash} from 'node:crypto'
import {apiVersionOf, RESOURCE_VERBS, type Registry, type ResourceType} from './registry.js'

export const SIM_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.5-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-05-15T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
}

const AGG = 'application/json;g=apidiscovery.k8s.io;v=%V;as=APIGroupDiscoveryList'

/**
 * Picks the discovery format from the Accept list, honouring its order: `v2`, `v2beta1`, or legacy JSON.
 */
export function negotiateDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | 'legacy' {
  for (const part of (accept ?? '').split(',')) {
    const params = Object.fromEntries(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    )
    if (params.as === 'APIGroupDiscoveryList' && params.g === 'apidiscovery.k8s.io') {
      if (params.v === 'v2' || params.v === 'v2beta1') return params.v
    }
    if (part.trim().startsWith('application/json') && !params.as) return 'legacy'
  }
  return 'legacy'
}

export const discoveryContentType = (v: 'v2' | 'v2beta1') => AGG.replace('%V', v)

function subresourceKind(t: ResourceType, sub: string): {group: string; version: string; kind: string} {
  if (sub === 'scale') return {group: 'autoscaling', version: 'v1', kind: 'Scale'}
  return {group: t.group, version: t.version, kind: t.kind}
}

const CONNECT: Record<string, string[]> = {Pod: ['exec', 'portforward', 'attach', 'log']}

/** Aggregated discovery list for `/api` (core only) or `/apis` (everything else). */
export function aggregated(reg: Registry, core: boolean, v: 'v2' | 'v2beta1'): unknown {
  const items = [...reg.groups()]
    .filter(([g]) => (g === '') === core)
    .map(([group, versions]) => ({
      metadata: {name: group},
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: reg.inGroupVersion(group, version).map((t) => ({
          resource: t.resource,
          responseKind: {group: t.group, version: t.version, kind: t.kind},
          scope: t.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: t.singular,
          verbs: t.verbs ?? RESOURCE_VERBS,
          ...(t.shortNames?.length ? {shortNames: t.shortNames} : {}),
          ...(t.categories?.length ? {categories: t.categories} : {}),
          subresources: [
            ...(t.subresources ?? []).map((s) => ({
              subresource: s,
              responseKind: subresourceKind(t, s),
              verbs: ['get', 'patch', 'update'],
            })),
            ...(CONNECT[t.kind] && !t.group
              ? CONNECT[t.kind]!.map((s) => ({
                  subresource: s,
                  responseKind: {group: '', version: '', kind: s === 'log' ? 'Pod' : `Pod${s}`},
                  verbs: s === 'log' ? ['get'] : ['create', 'get'],
                }))
              : []),
          ],
        })),
      })),
    }))
  return {kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items}
}

const ADDR = [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443'}]

export function legacyApi(): unknown {
  return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: ADDR}
}

function groupDoc(group: string, versions: string[]): unknown {
  const vs = versions.map((version) => ({groupVersion: `${group}/${version}`, version}))
  return {name: group, versions: vs, preferredVersion: vs[0]}
}

export function legacyApis(reg: Registry): unknown {
  const groups = [...reg.groups()].filter(([g]) => g !== '').map(([g, vs]) => groupDoc(g, vs))
  return {kind: 'APIGroupList', apiVersion: 'v1', groups}
}

export function legacyGroup(reg: Registry, group: string): unknown | undefined {
  const vs = reg.groups().get(group)
  return vs && {kind: 'APIGroup', apiVersion: 'v1', ...(groupDoc(group, vs) as object)}
}

/** `APIResourceList` for one group-version, main resources before their subresources. */
export function resourceList(reg: Registry, group: string, version: string): unknown | undefined {
  const types = reg.inGroupVersion(group, version)
  if (!types.length) return undefined
  const resources: unknown[] = []
  for (const t of types) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs ?? RESOURCE_VERBS,
      ...(t.shortNames?.length ? {shortNames: t.shortNames} : {}),
      ...(t.categories?.length ? {categories: t.categories} : {}),
    })
    for (const s of t.subresources ?? []) {
      const rk = subresourceKind(t, s)
      resources.push({
        name: `${t.resource}/${s}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(s === 'scale' ? {group: rk.group, version: rk.version} : {}),
        kind: rk.kind,
        verbs: ['get', 'patch', 'update'],
      })
    }
  }
  return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({group, version}), resources}
}

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`)

/** `/openapi/v3` root: one entry per served group-version. */
export function openapiRoot(reg: Registry): unknown {
  const paths: Record<string, unknown> = {}
  for (const [group, versions] of reg.groups()) {
    for (const version of versions) {
      const p = gvPath(group, version)
      paths[p] = {serverRelativeURL: `/openapi/v3/${p}?hash=${hash(reg, group, version)}`}
    }
  }
  return {paths}
}

function hash(reg: Registry, group: string, version: string): string {
  const ids = reg.inGroupVersion(group, version).map((t) => `${t.resource}:${t.kind}:${t.namespaced}`)
  return createHash('sha512').update(ids.join(',')).digest('hex').slice(0, 64).toUpperCase()
}

/**
 * Per group-version OpenAPI v3 stub: enough for kubectl's validation (the GVK extension and a
 * fieldValidation parameter). Strategic merge is deliberately left out of the patch content types, so
 * kubectl builds SMPs from its compiled-in types instead of these (schema-less) documents.
 */
export function openapiGroupVersion(reg: Registry, path: string): unknown | undefined {
  const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path)
  if (!m) return undefined
  const group = m[2] ?? ''
  const version = m[1] ?? m[3]!
  const types = reg.inGroupVersion(group, version)
  if (!types.length) return undefined
  const params = [{name: 'fieldValidation', in: 'query', schema: {type: 'string', uniqueItems: true}}]
  const body = {schema: {type: 'object'}}
  const paths: Record<string, unknown> = {}
  const schemas: Record<string, unknown> = {}
  for (const t of types) {
    const gvk = {group: t.group, version: t.version, kind: t.kind}
    const base = `/${gvPath(group, version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`
    const ref = `${group || 'core'}.${version}.${t.kind}`
    schemas[ref] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [gvk],
      'x-kubernetes-preserve-unknown-fields': true,
    }
    paths[base] = {
      post: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'post',
        parameters: params,
        requestBody: {content: {'application/json': body}},
      },
    }
    paths[`${base}/{name}`] = {
      put: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'put',
        parameters: params,
        requestBody: {content: {'application/json': body}},
      },
      patch: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'patch',
        parameters: params,
        requestBody: {
          content: {
            'application/json-patch+json': body,
            'application/merge-patch+json': body,
            'application/apply-patch+yaml': body,
          },
        },
      },
    }
  }
  return {
    openapi: '3.0.0',
    info: {title: 'Kubernetes', version: SIM_VERSION.gitVersion},
    paths,
    components: {schemas},
  }
}
