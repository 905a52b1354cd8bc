/**
 * The settings of each case of Istio's injection golden set (pkg/kube/inject/testdata/inject), from
 * inject_test.go's TestInjection table (facts: flags, IstioOperator file, the mesh change, native sidecars
 * off); files not in the table run with the defaults, as there. Shared by the golden test and the oracle.
 */
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

/** Istio's golden set, read from ../shared at test time. */
export const ISTIO_INJECT_DIR = join(
  import.meta.dirname,
  '../../../shared/fixtures/istio-1.30/pkg/kube/inject/testdata/inject',
)

export type Mesh = Record<string, unknown> & {defaultConfig: Record<string, unknown>}

export interface Case {
  in: string
  want?: string
  sets?: string[]
  iop?: string
  mesh?: (m: Mesh) => void
  nativeOff?: boolean
  /** istiod-only cases (OpenShift), not kube-inject. */
  skipInjection?: boolean
  error?: string
}

const HOLD = ['values.global.proxy.holdApplicationUntilProxyStarts=true']
const STATUS = [
  'values.global.proxy.statusPort=123',
  'values.global.proxy.readinessInitialDelaySeconds=100',
  'values.global.proxy.readinessPeriodSeconds=200',
  'values.global.proxy.readinessFailureThreshold=300',
]
const MULTUS = ['components.cni.enabled=true', 'values.cni.provider=multus']
const tproxy = (m: Mesh) => (m.defaultConfig.interceptionMode = 'TPROXY')

const CASES: Case[] = [
  {
    in: 'hello.yaml',
    want: 'hello.yaml.cni.injected',
    sets: ['components.cni.enabled=true', 'values.cni.provider=default', 'values.global.network=network1'],
  },
  {
    in: 'hello.yaml',
    want: 'hello.yaml.proxyImageName.injected',
    sets: ['values.global.proxy.image=proxyTest'],
  },
  {in: 'hello.yaml', want: 'hello-tproxy.yaml.injected', mesh: tproxy},
  {in: 'hello.yaml', want: 'hello-always.yaml.injected', sets: ['values.global.imagePullPolicy=Always']},
  {in: 'hello.yaml', want: 'hello-never.yaml.injected', sets: ['values.global.imagePullPolicy=Never']},
  {in: 'hello.yaml', want: 'hello-old-version.yaml.injected', nativeOff: true},
  {in: 'format-duration.yaml', mesh: (m) => (m.defaultConfig.drainDuration = '23s')},
  {
    in: 'traffic-params.yaml',
    sets: [
      'values.global.proxy.includeIPRanges=127.0.0.1/24,10.96.0.1/24',
      'values.global.proxy.excludeIPRanges=10.96.0.2/24,10.96.0.3/24',
      'values.global.proxy.excludeInboundPorts=4,5,6',
      'values.global.proxy.statusPort=0',
    ],
  },
  {in: 'status_params.yaml', sets: STATUS},
  {in: 'kubevirtInterfaces.yaml', sets: STATUS},
  {in: 'reroute-virtual-interfaces.yaml', sets: STATUS},
  {
    in: 'hello.yaml',
    want: 'hello-image-secrets-in-values.yaml.injected',
    iop: 'hello-image-secrets-in-values.iop.yaml',
  },
  {
    in: 'hello-image-pull-secret.yaml',
    want: 'hello-multiple-image-secrets.yaml.injected',
    iop: 'hello-image-secrets-in-values.iop.yaml',
  },
  {
    in: 'hello.yaml',
    want: 'hello-template-in-values.yaml.injected',
    iop: 'hello-template-in-values.iop.yaml',
  },
  {
    in: 'hello.yaml',
    want: 'hello-mount-mtls-certs.yaml.injected',
    sets: ['values.global.mountMtlsCerts=true'],
  },
  {in: 'hello.yaml', want: 'hello-cncf-networks.yaml.injected', sets: MULTUS},
  {in: 'hello-existing-cncf-networks.yaml', sets: MULTUS},
  {in: 'hello-existing-cncf-networks-json.yaml', sets: MULTUS},
  {in: 'hello.yaml', want: 'hello.proxyHoldsApplication.yaml.injected', sets: HOLD},
  {in: 'hello-probes.yaml', want: 'hello-probes.proxyHoldsApplication.yaml.injected', sets: HOLD},
  {in: 'hello-probes-proxyHoldApplication-ProxyConfig.yaml'},
  {in: 'hello-probes-noProxyHoldApplication-ProxyConfig.yaml', sets: HOLD},
  {in: 'hello-service.yaml'},
  {in: 'cronjob.yaml'},
  {in: 'cronjob.yaml', want: 'cronjob-old-version.yaml.injected', nativeOff: true},
  {in: 'daemonset.yaml', want: 'daemonset-old-version.yaml.injected', nativeOff: true},
  {in: 'job.yaml', want: 'job-old-version.yaml.injected', nativeOff: true},
  {in: 'pod.yaml', want: 'pod-old-version.yaml.injected', nativeOff: true},
  {in: 'replicaset.yaml', want: 'replicaset-old-version.yaml.injected', nativeOff: true},
  {in: 'statefulset.yaml', want: 'statefulset-old-version.yaml.injected', nativeOff: true},
  {in: 'traffic-annotations-bad-includeipranges.yaml', error: 'includeipranges'},
  {in: 'traffic-annotations-bad-excludeipranges.yaml', error: 'excludeipranges'},
  {in: 'traffic-annotations-bad-includeinboundports.yaml', error: 'includeinboundports'},
  {in: 'traffic-annotations-bad-excludeinboundports.yaml', error: 'excludeinboundports'},
  {in: 'traffic-annotations-bad-excludeoutboundports.yaml', error: 'excludeoutboundports'},
  {
    in: 'traffic-annotations.yaml',
    mesh: (m) => {
      const md = (m.defaultConfig.proxyMetadata ??= {}) as Record<string, string>
      md.ISTIO_META_TLS_CLIENT_KEY = '/etc/identity/client/keys/client-key.pem'
    },
  },
  {in: 'proxy-override.yaml'},
  {in: 'explicit-security-context.yaml'},
  {in: 'only-proxy-container.yaml'},
  {in: 'proxy-override-args.yaml'},
  {in: 'proxy-override-runas.yaml'},
  {
    in: 'proxy-override-runas.yaml',
    want: 'proxy-override-runas.yaml.cni.injected',
    sets: ['components.cni.enabled=true'],
  },
  {in: 'proxy-override-runas.yaml', want: 'proxy-override-runas.yaml.tproxy.injected', mesh: tproxy},
  {in: 'proxy-override-args.yaml', want: 'proxy-override-args-native.yaml.injected'},
  {in: 'gateway.yaml'},
  {in: 'native-sidecar.yaml'},
  {in: 'native-sidecar.yaml', want: 'native-sidecar-old-version.yaml.injected', nativeOff: true},
  {in: 'native-sidecar-opt-in.yaml'},
  {in: 'native-sidecar-opt-in.yaml', nativeOff: true},
  {in: 'native-sidecar-opt-out.yaml'},
  {in: 'native-sidecar-opt-out.yaml', nativeOff: true},
  {in: 'custom-template.yaml', iop: 'custom-template.iop.yaml'},
  {in: 'tcp-probes.yaml'},
  {in: 'hello-host-network-with-ns.yaml'},
  {in: 'merge-probers.yaml', sets: HOLD},
  {in: 'hello-tracing-disabled.yaml', mesh: (m) => (m.defaultConfig.tracing = {})},
  {in: 'truncate-canonical-name-pod.yaml'},
  {in: 'truncate-canonical-name-custom-controller-pod.yaml'},
  {in: 'hello-openshift.yaml', sets: ['components.cni.enabled=true'], skipInjection: true},
  {in: 'hello-openshift-custom-injection.yaml', sets: ['components.cni.enabled=true'], skipInjection: true},
  {in: 'hello-openshift-tproxy.yaml', sets: ['components.cni.enabled=true'], skipInjection: true},
  {in: 'hello-probes-localhost.yaml', mesh: (m) => (m.inboundTrafficPolicy = {mode: 'LOCALHOST'})},
  {in: 'proxy-resources-null.yaml', iop: 'proxy-resources-null.iop.yaml'},
  {in: 'proxy-resources-null-no-init.yaml', iop: 'proxy-resources-null.iop.yaml'},
  {in: 'proxy-resources-zero.yaml', iop: 'proxy-resources-zero.iop.yaml'},
  {in: 'proxy-resources-memory-null.yaml', iop: 'proxy-resources-memory-null.iop.yaml'},
  {in: 'proxy-resources-mixed-null.yaml', iop: 'proxy-resources-mixed-null.iop.yaml'},
  {in: 'sidecar-spire.yaml', iop: 'spire-template.iop.yaml'},
  {in: 'gateway-spire.yaml', iop: 'spire-template.iop.yaml'},
  {
    in: 'hello-otel-semconv.yaml',
    mesh: (m) => {
      ;(m.extensionProviders as unknown[]).push({
        name: 'otel',
        opentelemetry: {
          service: 'otel-collector.observability.svc.cluster.local',
          port: 4317,
          serviceAttributeEnrichment: 'OTEL_SEMANTIC_CONVENTIONS',
        },
      })
    },
  },
]

export function allCases(): Case[] {
  const want = (c: Case) => c.want ?? c.in + '.injected'
  const tested = new Set(CASES.filter((c) => !c.error).map(want))
  const extra = readdirSync(ISTIO_INJECT_DIR)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.iop.yaml') && !tested.has(f + '.injected'))
    .filter((f) => !CASES.some((c) => c.in === f && c.error))
    .map((f) => ({in: f}))
  return [...CASES, ...extra]
}
