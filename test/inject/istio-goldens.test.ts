/**
 * Istio's own injection golden set (pkg/kube/inject/testdata/inject at 1.30.3, read from ../shared at test
 * time): each input injected with the injector and mesh config that OUR charts render for the case's
 * settings, compared with Istio's expected output as objects.
 *
 * Settings per case are those of inject_test.go's TestInjection table (facts: flags, IstioOperator file,
 * the mesh change, native sidecars off); files not in the table run with the defaults, as there.
 * The charts render with hub registry.istio.io/testing and tag latest, what Istio's test charts use.
 *
 * Normalised before comparing (see normalise()): key order; the zero values encoding/json writes for Go
 * structs that meshctl leaves out (`creationTimestamp: null`, `status: {}`, `strategy: {}`,
 * `resources: {}` and other empty non-pointer structs); resource quantities in canonical form.
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {createTwoFilesPatch} from 'diff'
import {parseAllDocuments, stringify} from 'yaml'
import {goYamlParseAll} from '../../src/lib/template/index.js'
import {
  InjectionError,
  injectObject,
  renderInjectionConfig,
  settingsFrom,
  type InjectSettings,
} from '../../src/lib/inject/index.js'
import {normaliseGo} from './normalise.js'

const DIR = join(import.meta.dirname, '../../../shared/fixtures/istio-1.30/pkg/kube/inject/testdata/inject')
type Mesh = Record<string, unknown> & {defaultConfig: Record<string, unknown>}

interface Case {
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

/**
 * Cases where meshctl's result differs from Istio's golden, and why. Each must still differ (a fixed
 * case left here fails), so the table stays true.
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {}

function allCases(): Case[] {
  const want = (c: Case) => c.want ?? c.in + '.injected'
  const tested = new Set(CASES.filter((c) => !c.error).map(want))
  const extra = readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.iop.yaml') && !tested.has(f + '.injected'))
    .filter((f) => !CASES.some((c) => c.in === f && c.error))
    .map((f) => ({in: f}))
  return [...CASES, ...extra]
}

const cache = new Map<string, Promise<InjectSettings>>()
function settingsFor(c: Case): Promise<InjectSettings> {
  const key = JSON.stringify([c.sets ?? [], c.iop ?? '', c.nativeOff ?? false])
  let p = cache.get(key)
  if (!p) {
    p = renderInjectionConfig({
      sets: ['profile=empty', 'components.pilot.enabled=true', ...(c.sets ?? [])],
      files: c.iop ? [{name: c.iop, text: readFileSync(join(DIR, c.iop), 'utf8')}] : [],
      hubTag: {hub: 'registry.istio.io/testing', tag: 'latest'},
    }).then((texts) => settingsFrom(texts, {nativeSidecars: !c.nativeOff}))
    cache.set(key, p)
  }
  return p
}

/** Injects each document of a file as `istioctl kube-inject` does (re-injecting injected inputs). */
export async function injectFile(c: Case): Promise<unknown[]> {
  const base = await settingsFor(c)
  const settings = c.mesh ? {...base, mesh: structuredClone(base.mesh)} : base
  if (c.mesh) c.mesh(settings.mesh as Mesh)
  const text = readFileSync(join(DIR, c.in), 'utf8')
  const out: unknown[] = []
  for (const d of parseAllDocuments(text)) {
    const obj = d.toJS() as unknown
    if (obj === null || obj === undefined) continue
    if (typeof obj === 'object' && !Array.isArray(obj))
      injectObject(settings, obj as Record<string, unknown>, {reinject: true, warn: () => {}})
    out.push(obj)
  }
  return out
}

/** A readable diff of two normalised object lists (sorted keys), for the failure message. */
function diffOf(got: unknown[], want: unknown[], name: string): string {
  const y = (v: unknown[]) => v.map((d) => stringify(d, {sortMapEntries: true})).join('---\n')
  const patch = createTwoFilesPatch(name, 'meshctl', y(want), y(got), '', '', {context: 2})
  return patch.split('\n').slice(4, 80).join('\n')
}

const fixturesPresent = existsSync(DIR)

describe('kube-inject: Istio 1.30.3 injection golden set', function () {
  before(function () {
    if (!fixturesPresent) {
      console.log(`      skipped: Istio's golden set is not at ${DIR}`)
      this.skip()
    }
  })

  const cases = fixturesPresent ? allCases() : []
  let matched = 0
  after(() => {
    if (fixturesPresent) console.log(`      ${matched}/${cases.length} cases match Istio's golden outputs`)
  })

  for (const [i, c] of cases.entries()) {
    const wantFile = c.want ?? c.in + '.injected'
    const title = `[${String(i).padStart(2, '0')}] ${c.error ? c.in : wantFile}`
    it(title, async function () {
      if (c.skipInjection) {
        console.log(
          `      skipped: ${wantFile} is an istiod-webhook-only case (OpenShift) in Istio's own test`,
        )
        this.skip()
      }
      if (c.error) {
        let err: unknown
        try {
          await injectFile(c)
        } catch (e) {
          err = e
        }
        expect(err, 'an injection error').to.be.instanceOf(InjectionError)
        expect((err as Error).message.toLowerCase()).to.contain(c.error)
        matched++
        return
      }
      const got = (await injectFile(c)).map((d) => normaliseGo(d))
      const want = goYamlParseAll(readFileSync(join(DIR, wantFile), 'utf8'))
        .filter((d) => d !== null)
        .map((d) => normaliseGo(d))
      const reason = KNOWN_DIFFERENCES[wantFile]
      if (reason) {
        expect(got, `listed as a known difference (${reason}) but now matches`).to.not.deep.equal(want)
        return
      }
      expect(got, diffOf(got, want, wantFile)).to.deep.equal(want)
      matched++
    })
  }
})
