/**
 * App probe rewriting (pkg/kube/inject app_probe.go): the kubelet's HTTP, TCP and gRPC probes of app
 * containers go to the agent's status port, which forwards them (ISTIO_KUBE_APP_PROBERS lists where).
 * @module
 */
import type {Pod} from './inject.js'
import {jsonClone} from '../json.js'

type JsonMap = {[k: string]: unknown}
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)
const PROXY = 'istio-proxy'

/** The annotation wins over the values setting when it parses as a Go bool. */
export function shouldRewriteProbes(annotations: Record<string, string>, specSetting: boolean): boolean {
  const v = annotations['sidecar.istio.io/rewriteAppHTTPProbers']
  if (v !== undefined) {
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  }
  return specSetting
}

function urls(name: string) {
  return {
    readinessProbe: `/app-health/${name}/readyz`,
    livenessProbe: `/app-health/${name}/livez`,
    startupProbe: `/app-health/${name}/startupz`,
    preStop: `/app-lifecycle/${name}/prestopz`,
    postStart: `/app-lifecycle/${name}/poststartz`,
  }
}

const allContainers = (pod: Pod): JsonMap[] => [
  ...((Array.isArray(pod.spec.initContainers) ? pod.spec.initContainers : []) as JsonMap[]),
  ...((Array.isArray(pod.spec.containers) ? pod.spec.containers : []) as JsonMap[]),
]

/** encoding/json order of the action structs. */
function ordered(v: JsonMap, keys: string[]): JsonMap {
  const out: JsonMap = {}
  for (const k of keys) if (v[k] !== undefined && v[k] !== null && v[k] !== '') out[k] = v[k]
  return out
}
const httpGetJson = (h: JsonMap) => {
  const o = ordered(h, ['path', 'port', 'host', 'scheme', 'httpHeaders'])
  if (o.port === undefined) o.port = 0
  return ordered(o, ['path', 'port', 'host', 'scheme', 'httpHeaders'])
}
const tcpJson = (t: JsonMap) => ({port: t.port ?? 0, ...ordered(t, ['host'])})
const grpcJson = (g: JsonMap) => ({port: g.port ?? 0, service: g.service ?? null})

/** DumpAppProbers: the JSON of every app probe the agent takes over, named ports resolved; "" for none. */
export function dumpAppProbers(pod: Pod, targetPort: number): string {
  const out: Record<string, JsonMap> = {}
  for (const c of allContainers(pod)) {
    if (c.name === PROXY) continue
    const ports = new Map<string, unknown>()
    for (const p of (Array.isArray(c.ports) ? c.ports : []) as JsonMap[])
      if (p.name) ports.set(String(p.name), p.containerPort)
    const u = urls(String(c.name))
    const add = (url: string, probe: unknown, withTimeout: boolean) => {
      if (!isMap(probe)) return
      let prober: JsonMap
      if (isMap(probe.httpGet) || isMap(probe.tcpSocket)) {
        const key = isMap(probe.httpGet) ? 'httpGet' : 'tcpSocket'
        const action = {...(probe[key] as JsonMap)}
        if (typeof action.port === 'string') {
          if (!ports.has(action.port)) return
          action.port = ports.get(action.port)
        } else if (action.port === targetPort) return
        prober = {[key]: key === 'httpGet' ? httpGetJson(action) : tcpJson(action)}
      } else if (withTimeout && isMap(probe.grpc)) {
        prober = {grpc: grpcJson(probe.grpc)}
      } else return
      if (withTimeout && typeof probe.timeoutSeconds === 'number' && probe.timeoutSeconds !== 0)
        prober.timeoutSeconds = probe.timeoutSeconds
      out[url] = prober
    }
    add(u.readinessProbe, c.readinessProbe, true)
    add(u.livenessProbe, c.livenessProbe, true)
    add(u.startupProbe, c.startupProbe, true)
    if (isMap(c.lifecycle)) {
      add(u.preStop, c.lifecycle.preStop, false)
      add(u.postStart, c.lifecycle.postStart, false)
    }
  }
  const keys = Object.keys(out).sort()
  if (keys.length === 0) return ''
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, out[k]])))
}

function rewriteHttpGet(action: JsonMap, url: string, port: number): void {
  action.port = port
  action.path = url
  if (action.scheme === 'HTTPS') action.scheme = 'HTTP'
}

function convert(probe: unknown, url: string, port: number, grpc: boolean): JsonMap | undefined {
  if (!isMap(probe)) return undefined
  const p = jsonClone(probe)
  if (isMap(p.httpGet)) rewriteHttpGet(p.httpGet, url, port)
  else if (isMap(p.tcpSocket) || (grpc && isMap(p.grpc))) {
    delete p.tcpSocket
    delete p.grpc
    const h: JsonMap = {}
    rewriteHttpGet(h, url, port)
    p.httpGet = {path: h.path, port: h.port}
  } else return undefined
  return p
}

/** patchRewriteProbe: app probes and lifecycle hooks point at the agent's status port. */
export function rewriteProbes(pod: Pod, defaultPort: number): void {
  let port = defaultPort
  const ann = (isMap(pod.metadata.annotations) ? pod.metadata.annotations : {}) as Record<string, string>
  const v = ann['status.sidecar.istio.io/port']
  if (v !== undefined) port = /^[+-]?\d+$/.test(v) ? Number(v) : 0
  for (const c of allContainers(pod)) {
    if (c.name === PROXY) continue
    const u = urls(String(c.name))
    for (const k of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
      const p = convert(c[k], u[k], port, true)
      if (p) c[k] = p
    }
    if (isMap(c.lifecycle)) {
      for (const k of ['preStop', 'postStart'] as const) {
        const p = convert(c.lifecycle[k], u[k], port, false)
        if (p) c.lifecycle[k] = p
      }
    }
  }
}
