import {createRequire} from 'node:module'

/** The Istio release meshctl installs and emulates. */
export const ISTIO_VERSION = '1.30.3'

/** What `meshctl version` reports about itself (the shape of istioctl's clientVersion, plus meshctl's own). */
export interface ClientVersion {
  version: string
  tag: string
  status: string
  meshctlVersion: string
  nodeVersion: string
  platform: string
}

/** One control plane instance's version. */
export interface MeshVersion {
  Component: string
  Revision: string
  /** istio's BuildInfo: version, git revision, golang_version, status (Clean/Modified), tag. */
  Info: BuildInfo
}

export interface BuildInfo {
  version: string
  revision?: string
  golang_version?: string
  status?: string
  tag?: string
}

/**
 * What istiod's GET /version says, as istioctl reads it: a JSON Version document, or the text
 * `VERSION-GITREVISION-STATUS` (the version may itself hold dashes; a `-dirty` revision keeps its suffix).
 */
export function parseIstiodVersion(text: string): BuildInfo {
  const t = text.trim()
  try {
    const v = JSON.parse(t) as {clientVersion?: BuildInfo}
    if (v?.clientVersion?.version) return v.clientVersion
  } catch {
    // the text form
  }
  const parts = t.split('-')
  const n = parts.length
  if (n < 3) return {version: t}
  let version = parts.slice(0, n - 2).join('-')
  let revision = parts[n - 2]!
  if (revision === 'dirty') {
    revision = `${parts[n - 3]}-dirty`
    version = parts.slice(0, n - 3).join('-')
  }
  return {version, revision, golang_version: '', status: parts[n - 1]!, tag: version}
}

/**
 * One line when the control plane is more than one minor version away from this client (istioctl
 * supports n-1..n+1), else undefined.
 */
export function skewWarning(client: string, controlPlane: readonly string[]): string | undefined {
  const minor = (v: string) => {
    const m = /^(\d+)\.(\d+)/.exec(v)
    return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined
  }
  const c = minor(client)
  if (c === undefined) return undefined
  const far = [...new Set(controlPlane)].filter((v) => {
    const m = minor(v)
    return m !== undefined && Math.abs(m - c) > 1
  })
  if (far.length === 0) return undefined
  return `warning: control plane version ${far.join(', ')} is more than one minor version away from meshctl's Istio ${client}; use a matching meshctl`
}

/** Proxies seen by istiod, by version. */
export interface ProxyVersion {
  ID: string
  IstioVersion: string
}

export interface VersionReport {
  clientVersion: ClientVersion
  meshVersion?: MeshVersion[]
  dataPlaneVersion?: ProxyVersion[]
}

/** The client part of `meshctl version`. */
export function clientVersion(): ClientVersion {
  const pkg = createRequire(import.meta.url)('../../../package.json') as {version: string}
  return {
    version: ISTIO_VERSION,
    tag: ISTIO_VERSION,
    status: 'Clean',
    meshctlVersion: pkg.version,
    nodeVersion: process.version,
    platform: `${process.platform}/${process.arch}`,
  }
}

/** Formats the report as istioctl's short text: client, control plane and data plane lines. */
export function formatVersionText(report: VersionReport): string {
  const lines = [
    `client version: ${report.clientVersion.version} (meshctl ${report.clientVersion.meshctlVersion})`,
  ]
  if (report.meshVersion) {
    const versions = [...new Set(report.meshVersion.map((m) => m.Info.version))]
    if (versions.length === 1) lines.push(`control plane version: ${versions[0]}`)
    else for (const m of report.meshVersion) lines.push(`${m.Component} version: ${m.Info.version}`)
  }
  if (report.dataPlaneVersion) {
    const counts = new Map<string, number>()
    for (const p of report.dataPlaneVersion) counts.set(p.IstioVersion, (counts.get(p.IstioVersion) ?? 0) + 1)
    // versions in string order, as istioctl sorts them
    const parts = [...counts]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([v, n]) => `${v} (${n} proxies)`)
    lines.push(`data plane version: ${parts.length ? parts.join(', ') : 'none'}`)
  }
  return lines.join('\n') + '\n'
}
