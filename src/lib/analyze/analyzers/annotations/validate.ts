/**
 * Value checks for the injection annotations istiod validates, returning Go-style error text (the text
 * IST0125 shows) or undefined when the value is fine.
 */
import {parseQuantityError, prefixError} from '../../../go-parse.js'

const q = (s: string) => JSON.stringify(s)
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

function cidrList(name: string, list: string): string | undefined {
  if (list === '') return undefined
  for (const c of list.split(',')) {
    const e = prefixError(c)
    if (e) return `${name} invalid: failed parsing cidr '${c}': ${e}`
  }
  return undefined
}

/** istio's ValidateInterfaceNames: comma-separated Linux interface names (an empty list is fine). */
function interfaces(v: string): string | undefined {
  if (v === '') return undefined
  for (const raw of v.split(',')) {
    const name = raw.trim()
    if (name === '') return 'empty interface name'
    if (name.length > 15) return `interface name ${q(name)} too long (max 15 chars)`
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(name))
      return `interface name ${q(name)} contains invalid characters`
  }
  return undefined
}

/** An annotation's quantity: istiod refuses control characters before parsing it. */
function quantity(v: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) return 'value contains control characters'
  return parseQuantityError(v)
}

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
    // an empty document (null) is no change
    if (typeof doc === 'object' && !Array.isArray(doc)) return undefined
    // istiod reads the YAML as JSON into a map: Go's encoding/json names the JSON type it found instead
    const type = Array.isArray(doc)
      ? 'array'
      : typeof doc === 'string'
        ? 'string'
        : typeof doc === 'boolean'
          ? 'bool'
          : 'number'
    return `failed to convert to apply proxy config: json: cannot unmarshal ${type} into Go value of type map[string]json.RawMessage`
  } catch (err) {
    return `failed to convert to apply proxy config: ${(err as Error).message.split('\n')[0]}`
  }
}
