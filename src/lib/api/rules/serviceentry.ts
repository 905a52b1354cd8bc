// ServiceEntry, WorkloadEntry and WorkloadGroup rules.
import {checkFqdn, checkIpOrCidr, checkWildcardDomain} from '../checks.js'
import type {ServiceEntrySpec, WorkloadEntrySpec, WorkloadGroupSpec} from '../networking.js'
import {
  SPEC,
  atMostOne,
  duplicates,
  error,
  exportTo,
  labelsSelector,
  type Ctx,
  type Path,
  warn,
} from './context.js'

/** A WorkloadEntry spec, or a ServiceEntry endpoint (`requireAddress`) or WorkloadGroup template. */
export function workloadEntry(c: Ctx, p: Path, we: WorkloadEntrySpec, requireAddress: boolean) {
  if (requireAddress && !we.address && !we.network)
    error(c, p, 'address is required (or network for a workload behind a gateway)')
  else if (requireAddress && !we.address) warn(c, p, `address is unset with network "${we.network}"`)
  if (we.address?.startsWith('unix://') && we.ports)
    error(c, [...p, 'ports'], 'unix endpoints must not have ports')
  if (we.address && !we.address.startsWith('unix://') && checkIpOrCidr(we.address) && checkFqdn(we.address))
    error(c, [...p, 'address'], `endpoint address "${we.address}" is not a valid IP address or host name`)
  labelsSelector(c, [...p, 'labels'], we.labels)
}

/** The rules of a ServiceEntry spec. */
export function serviceEntry(spec: ServiceEntrySpec, c: Ctx) {
  // a missing host list is reported by the schema, in istiod's words
  if (spec.workloadSelector && !Object.keys(spec.workloadSelector.labels ?? {}).length)
    warn(
      c,
      [...SPEC, 'workloadSelector'],
      'service entry: workload selector specified without labels, will be applied to all services in namespace',
    )
  const hosts = spec.hosts ?? []
  hosts.forEach((h, i) => {
    // "*" is reported by the schema (`invalid host *`), and checked no further
    if (h === '*') return
    // an IP address fails as a domain name (its last label is all-numeric), in those words
    error(c, [...SPEC, 'hosts', i], checkWildcardDomain(h))
  })
  ;(spec.addresses ?? []).forEach((a, i) => error(c, [...SPEC, 'addresses', i], checkIpOrCidr(a)))
  exportTo(c, [...SPEC, 'exportTo'], spec.exportTo)
  atMostOne(c, SPEC, spec, ['workloadSelector', 'endpoints'])
  const resolution = spec.resolution ?? 'NONE'
  if (resolution === 'NONE' && spec.endpoints)
    error(c, [...SPEC, 'endpoints'], 'no endpoints may be given for resolution NONE')
  if (resolution === 'DNS_ROUND_ROBIN' && (spec.endpoints?.length ?? 0) > 1)
    error(c, [...SPEC, 'endpoints'], 'there must be at most one endpoint for resolution DNS_ROUND_ROBIN')
  if ((spec.addresses ?? []).some((a) => a.includes('/')) && resolution !== 'NONE' && resolution !== 'STATIC')
    error(c, [...SPEC, 'addresses'], 'CIDR addresses are allowed only with resolution NONE or STATIC')
  if (resolution === 'NONE' && spec.workloadSelector)
    warn(c, [...SPEC, 'workloadSelector'], 'workloadSelector should not be set when resolution mode is NONE')
  if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && !spec.endpoints?.length) {
    // the first host that is not an FQDN, with why (istiod appends the FQDN check's error)
    const i = hosts.findIndex((h) => checkFqdn(h))
    if (i >= 0)
      error(
        c,
        [...SPEC, 'hosts', i],
        `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}, ${checkFqdn(hosts[i])}`,
      )
  }
  if (resolution !== 'DYNAMIC_DNS')
    hosts.forEach((h, i) => {
      if (h.includes('*') && h !== '*' && !h.startsWith('*.'))
        warn(c, [...SPEC, 'hosts', i], `partial wildcard "${h}" not allowed`)
    })
  // Without addresses, TCP needs an automatically allocated IP: not done for NONE, nor when opted out.
  const optedOut = c.labels['networking.istio.io/enable-autoallocate-ip']?.toLowerCase() === 'false'
  if (!spec.addresses?.length && (resolution === 'NONE' || optedOut))
    (spec.ports ?? []).forEach((port, i) => {
      if (!port.protocol || port.protocol === 'TCP')
        warn(
          c,
          [...SPEC, 'ports', i],
          'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
        )
    })
  const ports = spec.ports ?? []
  duplicates(c, [...SPEC, 'ports'], ports, (p) => p.number, 'port number')
  duplicates(c, [...SPEC, 'ports'], ports, (p) => p.name, 'port name')
  const portNames = new Set(ports.map((p) => p.name))
  ;(spec.endpoints ?? []).forEach((ep, i) => {
    const p = [...SPEC, 'endpoints', i]
    workloadEntry(c, p, ep, true)
    if (
      resolution === 'STATIC' &&
      ep.address &&
      !ep.address.startsWith('unix://') &&
      checkIpOrCidr(ep.address) !== undefined
    )
      error(
        c,
        [...p, 'address'],
        `endpoint address "${ep.address}" must be an IP address for resolution STATIC`,
      )
    for (const name of Object.keys(ep.ports ?? {}))
      if (!portNames.has(name))
        error(c, [...p, 'ports', name], `endpoint port ${name} is not defined by the service entry`)
  })
}

/** The rules of a WorkloadGroup spec. */
export function workloadGroup(spec: WorkloadGroupSpec, c: Ctx) {
  workloadEntry(c, [...SPEC, 'template'], spec.template, false)
  const get = spec.probe?.httpGet
  if (get?.scheme !== undefined && !['', 'HTTP', 'HTTPS'].includes(get.scheme))
    error(c, [...SPEC, 'probe', 'httpGet', 'scheme'], `scheme "${get.scheme}" must be HTTP or HTTPS`)
}
