import {TabWriter} from '../text/tabwriter.js'
import {type ConfigDump, SECTION, msg, num, path} from './dump.js'

/** Istio and Envoy versions from the bootstrap node (what `proxy-config all` prints first). */
export function bootstrapSummary(dump: ConfigDump): string {
  const node = path(dump.section(SECTION.bootstrap), 'bootstrap', 'node')
  const md = msg(node, 'metadata') ?? {}
  const istioVersion = typeof md.ISTIO_VERSION === 'string' ? md.ISTIO_VERSION : ''
  let sha = typeof md.ISTIO_PROXY_SHA === 'string' ? md.ISTIO_PROXY_SHA : ''
  const parts = sha.split(':')
  if (parts.length > 1) sha = parts[1]!
  const build = msg(node, 'user_agent_build_version')
  const v = msg(build, 'version')
  const bmd = msg(build, 'metadata') ?? {}
  let envoy = `${num(v, 'major_number')}.${num(v, 'minor_number')}.${num(v, 'patch')}`
  if ('build.label' in bmd) envoy += `-${String(bmd['build.label'])}`
  if ('revision.status' in bmd) envoy += `/${String(bmd['revision.status'])}`
  if ('build.type' in bmd) envoy += `/${String(bmd['build.type'])}`
  if ('ssl.version' in bmd) envoy += `/${String(bmd['ssl.version'])}`
  const w = new TabWriter(0, 1)
  if (istioVersion) w.row('Istio Version:', istioVersion)
  if (sha) w.row('Istio Proxy Version:', sha)
  if (envoy) w.row('Envoy Version:', envoy)
  return w.flush()
}

/** The bootstrap section (envoy.admin.v3.BootstrapConfigDump) as istioctl prints it. */
export function bootstrapDump(dump: ConfigDump): Record<string, unknown> {
  const {'@type': _type, ...rest} = dump.section(SECTION.bootstrap)
  return rest
}
