import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newConflictingMeshGatewayVirtualServiceHosts} from '../../messages.gen.js'
import {specOf, type Resource, fullName} from '../../resource.js'
import {pushTo} from '../../store.js'
import {EXPORT_ALL, EXPORT_LOCAL, MESH_GATEWAY, toFqdn} from '../util.js'
import type {VirtualServiceSpec} from './routes.js'

const reverse = (s: string) => [...s].reverse().join('')

/**
 * The hosts VirtualServices export to every namespace, indexed so that those matching a host
 * (`hostsMatch`: equal, or a wildcard covering the other) are found without scanning them all: plain hosts
 * by name, wildcards by their suffix (a host looks up each of its own suffixes), and every host by its
 * reversed text, sorted, so the hosts ending with a wildcard's suffix are one range.
 */
class ExportedHosts {
  private readonly plain = new Map<string, Resource[]>()
  private readonly wildcards = new Map<string, Resource[][]>()
  private readonly reversed: {rev: string; vss: Resource[]}[] = []
  private sorted = true

  /** Records `host`'s VirtualServices (the same array, which may still grow). */
  add(host: string, vss: Resource[]): void {
    const wildcard = host.startsWith('*')
    const core = wildcard ? host.slice(1) : host
    if (wildcard) pushTo(this.wildcards, core, vss)
    else this.plain.set(host, vss)
    this.reversed.push({rev: reverse(core), vss})
    this.sorted = false
  }

  /** The VirtualServices of every exported host that matches `host`, each once. */
  matching(host: string): Set<Resource> {
    const out = new Set<Resource>()
    const take = (vss: readonly Resource[] | undefined) => {
      for (const v of vss ?? []) out.add(v)
    }
    const wildcard = host.startsWith('*')
    const core = wildcard ? host.slice(1) : host
    // wildcards whose suffix ends this host (a wildcard host: ends its own suffix), `*` among them
    for (let i = 0; i <= core.length; i++)
      for (const vss of this.wildcards.get(core.slice(i)) ?? []) take(vss)
    if (!wildcard) {
      take(this.plain.get(host))
      return out
    }
    // a wildcard host also matches every exported host, plain or wildcard, ending with its suffix
    if (!this.sorted) {
      this.reversed.sort((a, b) => (a.rev < b.rev ? -1 : a.rev > b.rev ? 1 : 0))
      this.sorted = true
    }
    const prefix = reverse(core)
    let lo = 0
    let hi = this.reversed.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.reversed[mid].rev < prefix) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < this.reversed.length && this.reversed[i].rev.startsWith(prefix); i++)
      take(this.reversed[i].vss)
    return out
  }
}

/** IST0109 when VirtualServices bound to the mesh gateway, visible in the same namespaces, share a host. */
export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description: 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  inputs: [K.VirtualService],
  analyze(ctx) {
    // `scope/fqdn` -> VirtualServices, for those bound to the mesh gateway.
    const byScopedHost = new Map<string, Resource[]>()
    const exported = new ExportedHosts()
    for (const vs of ctx.store.list(K.VirtualService)) {
      const spec = specOf<VirtualServiceSpec>(vs)
      const gateways = spec.gateways ?? []
      if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) continue
      const exportTo = spec.exportTo ?? []
      const scopes =
        exportTo.length === 0 || exportTo.includes(EXPORT_ALL)
          ? [EXPORT_ALL]
          : [...new Set(exportTo.map((e) => (e === EXPORT_LOCAL ? vs.namespace : e)))]
      for (const scope of scopes)
        for (const h of spec.hosts ?? []) {
          const host = toFqdn(vs.namespace, h)
          const key = `${scope}/${host}`
          const list = byScopedHost.get(key)
          if (list) list.push(vs)
          else {
            const fresh = [vs]
            byScopedHost.set(key, fresh)
            if (scope === EXPORT_ALL) exported.add(host, fresh)
          }
        }
    }

    const reported = new Set<Resource>()
    for (const [scopedHost, own] of byScopedHost) {
      const slash = scopedHost.indexOf('/')
      const scope = scopedHost.slice(0, slash)
      const host = scopedHost.slice(slash + 1)
      // VirtualServices exported everywhere with a matching host conflict in a namespace's scope too.
      const vss = scope === EXPORT_ALL ? own : [...own, ...exported.matching(host)]
      if (vss.length < 2) continue
      const names = vss
        .map((v) => fullName(v))
        .sort()
        .join(',')
      for (const vs of vss) {
        if (reported.has(vs)) continue
        reported.add(vs)
        ctx.report(newConflictingMeshGatewayVirtualServiceHosts(vs, names, scopedHost), ['metadata', 'name'])
      }
    }
  },
}
