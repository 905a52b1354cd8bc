/** The profiles and `--set` cases the manifest oracle and golden tests cover. */
export const PROFILES = [
  'default',
  'demo',
  'minimal',
  'empty',
  'remote',
  'preview',
  'stable',
  'ambient',
  'openshift',
  'openshift-ambient',
] as const

/**
 * The profiles the render suites (golden, known-documents, oracle-render) cover. Under mutation testing
 * (MESHCTL_MUTATION_MODULE set; the suites run again for each mutant), only those that select different
 * components or platform values: preview and stable differ from default only in profile data, not in the code
 * paths they take, and openshift-ambient combines two that are kept.
 */
export const RENDER_PROFILES: readonly string[] =
  process.env.MESHCTL_MUTATION_MODULE === undefined
    ? PROFILES
    : ['default', 'demo', 'minimal', 'empty', 'remote', 'ambient', 'openshift']

/** `istioctl manifest generate` argument lists that must render the same as meshctl. */
export const SET_CASES: string[][] = [
  ['--set', 'profile=demo', '--set', 'values.pilot.autoscaleMin=2'],
  ['--set', 'values.global.proxy.resources.requests.cpu=50m'],
  ['--set', 'meshConfig.accessLogFile=/dev/stdout', '--set', 'meshConfig.enableTracing=true'],
  ['--set', 'revision=canary'],
  ['-r', 'canary'],
  [
    '--set',
    'components.egressGateways[0].name=istio-egressgateway',
    '--set',
    'components.egressGateways[0].enabled=true',
  ],
  [
    '--set',
    'values.sidecarInjectorWebhook.injectedAnnotations.container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/istio-proxy=runtime/default',
  ],
  ['--set', 'tag=1.30.3-distroless'],
  ['--set', 'values.global.proxy.includeIPRanges=10.0.0.0/8\\,172.16.0.0/12'],
  ['--set', 'compatibilityVersion=1.28'],
  ['--set', 'values.global.platform=gke'],
  ['--set', 'values.gateways.istio-egressgateway.enabled=true'],
  [
    '--set',
    'components.pilot.k8s.replicaCount=3',
    '--set',
    'components.pilot.k8s.env[0].name=FOO',
    '--set',
    'components.pilot.k8s.env[0].value=bar',
  ],
  ['--set', 'meshConfig.defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE=true'],
  ['--set', 'values.global.hub=quay.io/custom', '--set', 'hub=docker.io/ignored'],
  ['--set', 'unvalidatedValues.extra.thing=1'],
  [
    '--set',
    'components.ingressGateways[0].name=istio-ingressgateway',
    '--set',
    'components.ingressGateways[0].k8s.service.ports[0].port=8080',
    '--set',
    'components.ingressGateways[0].k8s.service.ports[0].targetPort=8080',
    '--set',
    'components.ingressGateways[0].k8s.service.ports[0].name=http',
  ],
]

/** `-f` cases (files under test/fixtures/manifest). */
const FIX = 'test/fixtures/manifest'
export const FILE_CASES: string[][] = [
  ['-f', `${FIX}/iop-k8s.yaml`],
  ['-f', `${FIX}/iop-k8s.yaml`, '-f', `${FIX}/iop-override.yaml`, '--set', 'values.pilot.traceSampling=9'],
]

/** Inputs both istioctl and meshctl refuse. */
export const ERROR_CASES: Array<{args: string[]}> = [
  {args: ['--set', 'values.pilot.autoscaleMn=2']},
  {args: ['--set', 'revision=Bad_Rev']},
  {args: ['--set', 'profile=nope']},
  {args: ['--set', 'hub=UPPER/case']},
  {args: ['--set', 'tag=bad:tag']},
  {args: ['--set', 'componentz.pilot.enabled=true']},
  {args: ['--set', 'values.pilot.autoscaleEnabled=maybe']},
]
