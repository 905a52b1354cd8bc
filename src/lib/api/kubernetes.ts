// The Kubernetes objects `validate` looks into, as istioctl does: Service port naming and Deployment labels.
import type {FieldError, ValidateOptions, ValidationResult} from './validate.js'

/** Protocols Istio recognises in port names (`http-web`) and appProtocol. */
export const ISTIO_PROTOCOLS = [
  'tcp',
  'udp',
  'grpc',
  'grpc-web',
  'http',
  'http_proxy',
  'http2',
  'https',
  'tls',
  'mongo',
  'redis',
  'mysql',
] as const

const isProtocol = (s: string): boolean => (ISTIO_PROTOCOLS as readonly string[]).includes(s.toLowerCase())
const DOCS = 'https://istio.io/v1.30/docs/ops/'
const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

/**
 * Services outside the Istio namespace: each TCP port needs a name with a protocol prefix (`http-web`) or an
 * appProtocol Istio knows (errors). Deployments: pod template labels should name the canonical service and
 * revision (advice, as istioctl prints it: infos).
 */
export function validateKubernetesObject(
  obj: Record<string, unknown>,
  opts: ValidateOptions,
): ValidationResult {
  const errors: FieldError[] = []
  const warnings: FieldError[] = []
  const infos: FieldError[] = []
  const meta = asRecord(obj.metadata)
  const istioNamespace = opts.istioNamespace || 'istio-system'
  if (meta.namespace === istioNamespace) return {errors, warnings, infos}
  const spec = asRecord(obj.spec)

  if (obj.kind === 'Service' && Array.isArray(spec.ports)) {
    spec.ports.forEach((raw, i) => {
      const port = asRecord(raw)
      if (typeof port.protocol === 'string' && port.protocol.toUpperCase() === 'UDP') return
      const path = ['spec', 'ports', i]
      if (typeof port.appProtocol === 'string') {
        if (!isProtocol(port.appProtocol))
          errors.push({
            path: [...path, 'appProtocol'],
            message: `appProtocol "${port.appProtocol}" does not follow Istio protocol selection, see ${DOCS}configuration/traffic-management/protocol-selection/`,
          })
      } else if (typeof port.name !== 'string') {
        errors.push({path, message: `unnamed port is not recommended, see ${DOCS}deployment/requirements/`})
      } else if (!isProtocol(port.name.split('-')[0])) {
        errors.push({
          path: [...path, 'name'],
          message: `port name "${port.name}" does not follow the Istio naming convention <protocol>[-<suffix>], see ${DOCS}deployment/requirements/`,
        })
      }
    })
  }

  if (obj.kind === 'Deployment') {
    const labels = asRecord(asRecord(asRecord(spec.template).metadata).labels)
    const has = (keys: string[]) => keys.some((k) => k in labels)
    const missing = [
      has(['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app']) ? '' : '"app"',
      has(['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version']) ? '' : '"version"',
    ].filter(Boolean)
    if (missing.length)
      infos.push({
        path: ['spec', 'template', 'metadata', 'labels'],
        message: `missing ${missing.join(' and ')} labels: the workload may not provide Istio metrics and telemetry labels, see ${DOCS}deployment/requirements/`,
      })
  }
  return {errors, warnings, infos}
}
