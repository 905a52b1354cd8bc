/**
 * Value checks for the injection annotations istiod validates, returning Go-style error text (the text
 * IST0125 shows) or undefined when the value is fine.
 */

const goSyntax = (fn: string, v: string) => `strconv.${fn}: parsing ${JSON.stringify(v)}: invalid syntax`

function parseUint(v: string, bits: number, fn = 'ParseUint'): string | undefined {
  if (!/^\d+$/.test(v)) return goSyntax(fn, v)
  if (BigInt(v) >= 1n << BigInt(bits))
    return `strconv.${fn}: parsing ${JSON.stringify(v)}: value out of range`
  return undefined
}

function parsePort(p: string): string | undefined {
  const e = parseUint(p.trim(), 16)
  return e ? `failed parsing port '${p}': ${e}` : undefined
}

function portList(param: string, ports: string): string | undefined {
  const s = ports.trim()
  if (s === '') return undefined
  for (const p of s.split(',')) {
    const e = parsePort(p)
    if (e) return `${param} invalid: failed parsing port '${p}': ${e}`
  }
  return undefined
}

function cidr(text: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text)
  if (!m) return false
  const [, ip, bits] = m
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o) && Number(bits) <= 32
  return ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && Number(bits) <= 128
}

function cidrList(name: string, list: string): string | undefined {
  if (list === '') return undefined
  for (const c of list.split(','))
    if (!cidr(c))
      return `${name} invalid: failed parsing cidr '${c}': netip.ParsePrefix(${JSON.stringify(c)}): invalid prefix`
  return undefined
}

const interfaces = (v: string) =>
  v.split(',').every((i) => i.trim() === '' || /^[^\s/:]{1,15}$/.test(i.trim()))
    ? undefined
    : `invalid interface name in ${JSON.stringify(v)}`

const quantity = (v: string) =>
  /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/.test(v)
    ? undefined
    : "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'])

/** Validators by annotation name. */
export const ANNOTATION_VALIDATORS: Readonly<Record<string, (v: string) => string | undefined>> = {
  'sidecar.istio.io/interceptionMode': (v) =>
    ['REDIRECT', 'TPROXY', 'NONE'].includes(v)
      ? undefined
      : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`,
  'status.sidecar.istio.io/port': (v) => {
    const e = parsePort(v)
    return e ? `excludeInboundPorts invalid: ${e}` : undefined
  },
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => parseUint(v, 32),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) =>
    v === '*' ? undefined : cidrList('includeIPRanges', v),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => cidrList('excludeIPRanges', v),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) =>
    v === '*' ? undefined : portList('includeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => portList('excludeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => portList('excludeOutboundPorts', v),
  'traffic.sidecar.istio.io/excludeInterfaces': interfaces,
  'traffic.sidecar.istio.io/kubevirtInterfaces': interfaces,
  'istio.io/reroute-virtual-interfaces': interfaces,
  'prometheus.istio.io/merge-metrics': (v) => (BOOLS.has(v) ? undefined : goSyntax('ParseBool', v)),
  'sidecar.istio.io/proxyCPU': quantity,
  'sidecar.istio.io/proxyMemory': quantity,
  'sidecar.istio.io/proxyCPULimit': quantity,
  'sidecar.istio.io/proxyMemoryLimit': quantity,
}

/** proxy.istio.io/config must at least be a YAML map of ProxyConfig fields. */
export function validateProxyConfig(v: string, parse: (text: string) => unknown): string | undefined {
  try {
    const doc = parse(v)
    if (doc === null || doc === undefined || (typeof doc === 'object' && !Array.isArray(doc)))
      return undefined
    return 'failed to convert to apply proxy config: not a map'
  } catch (err) {
    return `failed to convert to apply proxy config: ${(err as Error).message.split('\n')[0]}`
  }
}
