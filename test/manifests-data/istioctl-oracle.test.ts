// Differential tests against real istioctl 1.30.3: `manifest generate -d manifests` (our charts)
// must produce what `manifest generate` (Istio's own charts) does, and our injection templates
// must inject pods exactly as Istio's do. Skips, visibly, when the istioctl oracle is not built.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {parseAllDocuments} from 'yaml'
import {K8sObject, MANIFESTS} from './layout.js'
import {ISTIO_SRC, ISTIOCTL_PATH} from '../helpers/istio.js'

const ISTIOCTL = ISTIOCTL_PATH
const INJECT_INPUTS = join(ISTIO_SRC, 'pkg/kube/inject/testdata/inject')

function istioctl(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(ISTIOCTL, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 60_000,
    // No cluster: kube-inject must not wait for one.
    env: {...process.env, KUBECONFIG: '/nonexistent', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function generate(sets: string[], ours: boolean, files: string[] = []): K8sObject[] {
  const args = [
    'manifest',
    'generate',
    ...(ours ? ['-d', MANIFESTS] : []),
    ...files.flatMap((f) => ['-f', f]),
    ...sets.flatMap((s) => ['--set', s]),
  ]
  return parseAllDocuments(istioctl(args))
    .map((d) => d.toJS())
    .filter(Boolean)
}

const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`

/**
 * Removes the differences we make on purpose, each checked elsewhere or harmless:
 * - the injector's `config` holds our own templates (their output is compared by the kube-inject test);
 * - Istio's gateways always carry an affinity with empty node terms, ours only when one applies;
 * - Istio's gateway Services carry `annotations: null`, ztunnel's objects `annotations: {}`;
 * - the `values` ConfigMap's description is our wording;
 * - admission-policy CEL expressions are laid out differently (compared with whitespace squeezed).
 */
function normalize(o: K8sObject): K8sObject {
  const c = structuredClone(o)
  if (c.kind === 'ConfigMap' && c.metadata.name.startsWith('istio-sidecar-injector')) delete c.data.config
  if (c.kind === 'ConfigMap' && c.metadata.name.startsWith('values')) delete c.metadata.annotations
  if (c.kind === 'Deployment') {
    const aff = c.spec.template.spec.affinity
    if (
      aff &&
      JSON.stringify(aff) ===
        '{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":null,"requiredDuringSchedulingIgnoredDuringExecution":null}}'
    )
      delete c.spec.template.spec.affinity
  }
  const ann = c.metadata.annotations
  if (ann === null || (ann && typeof ann === 'object' && Object.keys(ann).length === 0))
    delete c.metadata.annotations
  if (c.kind === 'ValidatingAdmissionPolicy')
    for (const v of c.spec.validations) v.expression = v.expression.replace(/\s+/g, '').trim()
  return c
}

describe('manifests: istioctl 1.30.3 renders our manifests like its own', function () {
  this.timeout(120_000)
  before(function () {
    if (!existsSync(ISTIOCTL)) {
      console.warn(`    ⚠ skipped: istioctl oracle not built (${ISTIOCTL})`)
      this.skip()
    }
  })

  const cases: [string, string[]][] = [
    ['default', ['profile=default']],
    ['demo', ['profile=demo']],
    ['minimal', ['profile=minimal']],
    ['empty', ['profile=empty']],
    ['remote', ['profile=remote']],
    ['preview', ['profile=preview']],
    ['stable', ['profile=stable']],
    ['demo, canary revision', ['profile=demo', 'revision=canary']],
    ['ambient', ['profile=ambient']],
    ['CRDs not templated', ['values.base.enableCRDTemplates=false']],
    [
      'one CRD excluded, cluster-scoped objects only',
      ['values.base.excludedCRDs[0]=envoyfilters.networking.istio.io', 'values.global.resourceScope=cluster'],
    ],
    ['openshift', ['profile=openshift']],
    ['openshift-ambient', ['profile=openshift-ambient']],
    [
      'ambient, canary revision, compatibility 1.28',
      ['profile=ambient', 'revision=canary', 'compatibilityVersion=1.28'],
    ],
    [
      'network policies, revision tags, gateway classes, JWKS CA',
      [
        'profile=ambient',
        'components.ingressGateways[0].name=istio-ingressgateway',
        'values.global.networkPolicy.enabled=true',
        'values.revisionTags[0]=default',
        'values.revisionTags[1]=prod',
        'values.pilot.jwksResolverExtraRootCA=abc',
        'values.gatewayClasses.istio.service.spec.type=ClusterIP',
      ],
    ],
    [
      'remote cluster with an external istiod',
      [
        'profile=remote',
        'values.global.remotePilotAddress=10.0.0.1',
        'values.istiodRemote.injectionURL=https://x:15017/inject',
      ],
    ],
    ['CNI with multus on OpenShift', ['components.cni.enabled=true', 'values.global.platform=openshift']],
    [
      'CNI and ztunnel on GKE with options',
      [
        'components.cni.enabled=true',
        'components.ztunnel.enabled=true',
        'values.global.platform=gke',
        'values.cni.repair.repairPods=false',
        'values.cni.repair.deletePods=true',
        'values.cni.env.FOO=bar',
        'values.ztunnel.logAsJson=true',
        'values.ztunnel.peerCaCrl.enabled=true',
        'components.ztunnel.hub=my.registry/istio',
      ],
    ],
    [
      'default with custom values',
      [
        'values.global.proxy.resources.requests.cpu=200m',
        'values.pilot.replicaCount=3',
        'values.pilot.autoscaleEnabled=false',
        'values.gateways.istio-ingressgateway.type=NodePort',
        'meshConfig.accessLogFile=/dev/stderr',
        'values.global.logAsJson=true',
        'values.sidecarInjectorWebhook.enableNamespacesByDefault=true',
      ],
    ],
  ]
  for (const [name, sets] of cases) {
    it(`${name}: same objects, in the same order, with the same content`, () => {
      const ours = generate(sets, true)
      const theirs = generate(sets, false)
      expect(ours.map(key)).to.deep.equal(theirs.map(key))
      for (let i = 0; i < ours.length; i++) {
        if (ours[i].kind === 'CustomResourceDefinition') continue // from our API model; see crds.test.ts
        expect(normalize(ours[i]), key(ours[i])).to.deep.equal(normalize(theirs[i]))
      }
    })
  }

  for (const set of [
    'values.global.pilotCertProvider=kubernetes',
    'unvalidatedValues.telemetry.v2.prometheus.configOverride.a=b',
    'unvalidatedValues.meshConfig.defaultConfig.tracing.stackdriver.debug=true',
  ]) {
    it(`refuses retired settings like istioctl: ${set}`, () => {
      const failure = (ours: boolean) => {
        try {
          generate([set], ours)
        } catch (e) {
          // The message without the template position, which differs.
          return String((e as {stderr?: string}).stderr)
            .replace(/ at \([^)]*\)/, '')
            .trim()
        }
        return 'no error'
      }
      const theirs = failure(false)
      expect(theirs).to.match(/is (not supported|removed)$/)
      expect(failure(true)).to.equal(theirs)
    })
  }

  it('several gateways with k8s overlays, gateway options and node affinity (-f)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-iop-'))
    const file = join(dir, 'gateways.yaml')
    writeFileSync(file, GATEWAYS_IOP)
    try {
      const ours = generate([], true, [file])
      const theirs = generate([], false, [file])
      expect(ours.map(key)).to.deep.equal(theirs.map(key))
      expect(ours.map(key)).to.include('Deployment/edge/edge-gw')
      for (let i = 0; i < ours.length; i++)
        if (ours[i].kind !== 'CustomResourceDefinition')
          expect(normalize(ours[i]), key(ours[i])).to.deep.equal(normalize(theirs[i]))
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  // A spread of Istio's own injection inputs: probes, ports, annotations, resources, kinds, templates.
  const ALL_INPUTS =
    /^(hello|hello-probes|cronjob|status_params|traffic-params|resource_annotations|user-volume|merge-probers|prometheus-scrape|kubevirtInterfaces|grpc-agent|grpc-simple|gateway)\.yaml$/
  injectionSuite('demo profile', ['profile=demo'], ALL_INPUTS)
  injectionSuite(
    'CNI, TPROXY, held application, JSON logs',
    [
      'components.cni.enabled=true',
      'meshConfig.defaultConfig.interceptionMode=TPROXY',
      'values.global.proxy.holdApplicationUntilProxyStarts=true',
      'values.global.logAsJson=true',
    ],
    /^(hello|traffic-params|status_params|user-volume)\.yaml$/,
  )
})

/** Injects Istio's test inputs with the injector config of our charts and of Istio's, for one install configuration. */
function injectionSuite(name: string, sets: string[], inputPattern: RegExp): void {
  describe(`sidecar injection with our templates matches Istio templates: ${name}`, () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'meshctl-inject-'))
      for (const [who, ours] of [
        ['ours', true],
        ['istio', false],
      ] as const) {
        const objs = generate(sets, ours)
        const injector = objs.find(
          (o) => o.kind === 'ConfigMap' && o.metadata.name === 'istio-sidecar-injector',
        )!
        const mesh = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'istio')!
        writeFileSync(join(dir, `${who}-config.yaml`), injector.data.config)
        writeFileSync(join(dir, `${who}-values.json`), injector.data.values)
        writeFileSync(join(dir, `${who}-mesh.yaml`), mesh.data.mesh)
      }
    })
    after(() => rmSync(dir, {recursive: true, force: true}))

    const inject = (who: string, input: string, native: boolean) =>
      istioctl(
        [
          'kube-inject',
          '-r',
          'default',
          '-f',
          input,
          '--injectConfigFile',
          join(dir, `${who}-config.yaml`),
        ].concat([
          '--valuesFile',
          join(dir, `${who}-values.json`),
          '--meshConfigFile',
          join(dir, `${who}-mesh.yaml`),
        ]),
        {ENABLE_NATIVE_SIDECARS: String(native)},
      )

    const inputs = existsSync(INJECT_INPUTS)
      ? readdirSync(INJECT_INPUTS).filter((f) => inputPattern.test(f))
      : []
    for (const native of [true, false]) {
      for (const f of inputs) {
        it(`${f} (${native ? 'native' : 'classic'} sidecar)`, () => {
          const input = join(INJECT_INPUTS, f)
          expect(inject('ours', input, native)).to.equal(inject('istio', input, native))
        })
      }
    }

    it('injects something (the comparison is not vacuous)', function () {
      if (!inputs.includes('hello.yaml')) this.skip()
      const out = inject('ours', join(INJECT_INPUTS, 'hello.yaml'), true)
      expect(out).to.contain('name: istio-proxy')
      expect(readFileSync(join(dir, 'ours-config.yaml'), 'utf8')).to.contain('injection template')
    })
  })
}

/** Two ingress gateways, one with istioctl's k8s overrides, plus gateway chart options. */
const GATEWAYS_IOP = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
    - name: edge-gw
      enabled: true
      namespace: edge
      label: {istio: edge}
      k8s:
        replicaCount: 2
        service:
          type: NodePort
          ports: [{port: 8080, targetPort: 8081, name: http}]
        hpaSpec: {minReplicas: 2, maxReplicas: 4}
        env: [{name: FOO, value: bar}]
  values:
    global:
      arch: {amd64: 2, arm64: 1}
      defaultNodeSelector: {disktype: ssd}
    gateways:
      istio-ingressgateway:
        runAsRoot: true
        serviceAnnotations: {a.b/c: d}
        secretVolumes: []
        configVolumes: [{name: cv, configMapName: my-cm, mountPath: /etc/cv}]
        ingressPorts: [{port: 9000, name: extra}]
        env: {ISTIO_META_NETWORK: net1}
        podAnnotations: {foo: bar}
        tolerations: [{key: k, operator: Exists}]
        loadBalancerIP: 1.2.3.4
        externalTrafficPolicy: Local
        ipFamilyPolicy: PreferDualStack
        ipFamilies: [IPv4, IPv6]
    meshConfig:
      defaultConfig:
        proxyMetadata: {FOO: bar}
`
