/**
 * encoding/json output of corev1 types where the bytes end up visible (the proxyOverrides annotation):
 * struct fields in Go declaration order, empty `omitempty` fields dropped, `resources: {}` always present.
 * @module
 */
import {canonicalQuantity} from './quantity.js'

type JsonMap = {[k: string]: unknown}
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

const CONTAINER = [
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'ports',
  'envFrom',
  'env',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
]
const PROBE = [
  'exec',
  'httpGet',
  'tcpSocket',
  'grpc',
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
  'terminationGracePeriodSeconds',
]
const ORDERS: Record<string, string[]> = {
  container: CONTAINER,
  securityContext: [
    'capabilities',
    'privileged',
    'seLinuxOptions',
    'windowsOptions',
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'readOnlyRootFilesystem',
    'allowPrivilegeEscalation',
    'procMount',
    'seccompProfile',
    'appArmorProfile',
  ],
  capabilities: ['add', 'drop'],
  probe: PROBE,
  httpGet: ['path', 'port', 'host', 'scheme', 'httpHeaders'],
  tcpSocket: ['port', 'host'],
  grpc: ['port', 'service'],
  port: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  env: ['name', 'value', 'valueFrom'],
  valueFrom: ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'],
  fieldRef: ['apiVersion', 'fieldPath'],
  resourceFieldRef: ['containerName', 'resource', 'divisor'],
  resources: ['limits', 'requests', 'claims'],
  volumeMount: [
    'name',
    'readOnly',
    'recursiveReadOnly',
    'mountPath',
    'subPath',
    'mountPropagation',
    'subPathExpr',
  ],
  lifecycle: ['postStart', 'preStop', 'stopSignal'],
  handler: ['exec', 'httpGet', 'tcpSocket', 'sleep'],
}
const CHILD: Record<string, string> = {
  securityContext: 'securityContext',
  capabilities: 'capabilities',
  livenessProbe: 'probe',
  readinessProbe: 'probe',
  startupProbe: 'probe',
  httpGet: 'httpGet',
  tcpSocket: 'tcpSocket',
  grpc: 'grpc',
  ports: 'port',
  env: 'env',
  valueFrom: 'valueFrom',
  fieldRef: 'fieldRef',
  resourceFieldRef: 'resourceFieldRef',
  resources: 'resources',
  volumeMounts: 'volumeMount',
  lifecycle: 'lifecycle',
  postStart: 'handler',
  preStop: 'handler',
}

function ordered(v: unknown, type: string | undefined, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => ordered(x, type))
  if ((key === 'limits' || key === 'requests') && isMap(v)) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonicalQuantity(String(v[k]))]),
    )
  }
  if (!isMap(v)) return v
  const order = type ? ORDERS[type] : undefined
  const keys = order
    ? [
        ...order.filter((k) => k in v),
        ...Object.keys(v)
          .filter((k) => !order.includes(k))
          .sort(),
      ]
    : Object.keys(v).sort()
  const out: JsonMap = {}
  for (const k of keys) {
    const x = v[k]
    if (x === null || x === undefined) continue
    if (Array.isArray(x) && x.length === 0) continue
    out[k] = ordered(x, type === undefined ? undefined : CHILD[k], k)
  }
  return out
}

/** A corev1.Container as encoding/json writes it. */
export function containerGoJson(c: JsonMap): JsonMap {
  const out = ordered(c, 'container') as JsonMap
  if (!('resources' in out)) {
    const entries = Object.entries(out)
    const at = entries.findIndex(([k]) => CONTAINER.indexOf(k) > CONTAINER.indexOf('resources'))
    entries.splice(at < 0 ? entries.length : at, 0, ['resources', {}])
    return Object.fromEntries(entries)
  }
  return out
}
