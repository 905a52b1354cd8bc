/**
 * Istio's resource annotations (istio.io/api 1.30): name, maturity, whether deprecated, and the kinds
 * they apply to. Facts from the published annotation reference; used by the annotation analyzers.
 */
export interface AnnotationInfo {
  readonly name: string
  readonly status: 'Alpha' | 'Beta' | 'Stable'
  readonly deprecated: boolean
  readonly resources: readonly string[]
}

const a = (
  name: string,
  status: AnnotationInfo['status'],
  deprecated: boolean,
  ...resources: string[]
): AnnotationInfo => ({
  name,
  status,
  deprecated,
  resources,
})

export const ANNOTATIONS: readonly AnnotationInfo[] = [
  a('alpha.istio.io/canonical-serviceaccounts', 'Alpha', true, 'Service'),
  a('alpha.istio.io/kubernetes-serviceaccounts', 'Alpha', true, 'Service'),
  a('ambient.istio.io/bypass-inbound-capture', 'Alpha', false, 'Pod'),
  a('ambient.istio.io/dns-capture', 'Alpha', false, 'Pod'),
  a('ambient.istio.io/redirection', 'Beta', false, 'Pod'),
  a('ambient.istio.io/waypoint-inbound-binding', 'Alpha', false, 'GatewayClass', 'Gateway'),
  a('galley.istio.io/analyze-suppress', 'Alpha', false, 'Any'),
  a('gateway.istio.io/controller-version', 'Alpha', false, 'Any'),
  a('gateway.istio.io/name-override', 'Alpha', false, 'Gateway'),
  a('gateway.istio.io/service-account', 'Alpha', false, 'Gateway'),
  a('inject.istio.io/templates', 'Alpha', false, 'Pod'),
  a('istio.io/autoRegistrationGroup', 'Alpha', false, 'WorkloadEntry'),
  a('istio.io/connectedAt', 'Alpha', false, 'WorkloadEntry'),
  a('istio.io/disconnectedAt', 'Alpha', false, 'WorkloadEntry'),
  a('istio.io/dry-run', 'Alpha', false, 'AuthorizationPolicy'),
  a('istio.io/reroute-virtual-interfaces', 'Alpha', false, 'Pod'),
  a('istio.io/rev', 'Alpha', false, 'Pod'),
  a('istio.io/workloadController', 'Alpha', false, 'WorkloadEntry'),
  a('kubernetes.io/ingress.class', 'Stable', false, 'Ingress'),
  a('networking.istio.io/exportTo', 'Alpha', false, 'Service'),
  a('networking.istio.io/service-type', 'Alpha', false, 'Gateway'),
  a('networking.istio.io/traffic-distribution', 'Alpha', false, 'Namespace', 'Service', 'ServiceEntry'),
  a('prometheus.istio.io/merge-metrics', 'Alpha', false, 'Pod'),
  a('proxy.istio.io/config', 'Beta', false, 'Pod'),
  a('proxy.istio.io/overrides', 'Alpha', false, 'Pod'),
  a('readiness.status.sidecar.istio.io/applicationPorts', 'Alpha', false, 'Pod'),
  a('readiness.status.sidecar.istio.io/failureThreshold', 'Alpha', false, 'Pod'),
  a('readiness.status.sidecar.istio.io/initialDelaySeconds', 'Alpha', false, 'Pod'),
  a('readiness.status.sidecar.istio.io/periodSeconds', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/agentLogLevel', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/bootstrapOverride', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/componentLogLevel', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/discoveryAddress', 'Alpha', true, 'Pod'),
  a('sidecar.istio.io/extraStatTags', 'Alpha', true, 'Pod'),
  a('sidecar.istio.io/inject', 'Beta', true, 'Pod'),
  a('sidecar.istio.io/interceptionMode', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/logLevel', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/nativeSidecar', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/proxyCPU', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/proxyCPULimit', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/proxyImage', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/proxyImageType', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/proxyMemory', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/proxyMemoryLimit', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/rewriteAppHTTPProbers', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/statsCompression', 'Alpha', true, 'Pod'),
  a('sidecar.istio.io/statsEvictionInterval', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/statsFlushInterval', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/statsHistogramBins', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/statsHistogramBuckets', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/statsInclusionPrefixes', 'Alpha', true, 'Pod'),
  a('sidecar.istio.io/statsInclusionRegexps', 'Alpha', true, 'Pod'),
  a('sidecar.istio.io/statsInclusionSuffixes', 'Alpha', true, 'Pod'),
  a('sidecar.istio.io/status', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/userVolume', 'Alpha', false, 'Pod'),
  a('sidecar.istio.io/userVolumeMount', 'Alpha', false, 'Pod'),
  a('status.sidecar.istio.io/port', 'Alpha', false, 'Pod'),
  a('topology.istio.io/controlPlaneClusters', 'Alpha', false, 'Namespace'),
  a('traffic.istio.io/nodeSelector', 'Stable', false, 'Service'),
  a('traffic.sidecar.istio.io/excludeInboundPorts', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/excludeInterfaces', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/excludeOutboundIPRanges', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/excludeOutboundPorts', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/includeInboundPorts', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/includeOutboundIPRanges', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/includeOutboundPorts', 'Alpha', false, 'Pod'),
  a('traffic.sidecar.istio.io/kubevirtInterfaces', 'Alpha', true, 'Pod'),
]

/** Annotations by name. */
export const ANNOTATIONS_BY_NAME: ReadonlyMap<string, AnnotationInfo> = new Map(
  ANNOTATIONS.map((x) => [x.name, x]),
)
