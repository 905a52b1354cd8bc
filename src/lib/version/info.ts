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
  Info: {version: string}
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
    const parts = [...counts].map(([v, n]) => `${v} (${n} proxies)`)
    lines.push(`data plane version: ${parts.length ? parts.join(', ') : 'none'}`)
  }
  return lines.join('\n') + '\n'
}
