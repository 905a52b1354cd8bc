// The differential cases, as data. Adding a case is one entry here; a capability adds its cases when
// it lands (nothing here for commands meshctl does not have yet).
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateResources} from '../../bench/gen-resources.js'
import {ROOT, type Case} from './harness.js'
import {ISTIO_SRC} from '../helpers/istio.js'
import {HUB_TAG} from './istioctl.js'
import type {ManifestView} from './normalise.js'

/** Istio's own configurations, read at test time from the checkout of the oracle's tag when present. */
export const ISTIO_CORPUS = {
  /** Inputs of Istio's analyzer tests: many findings, one topic per file. */
  analyzers: join(ISTIO_SRC, 'pkg/config/analysis/analyzers/testdata'),
  /** Valid, documented configurations. */
  bookinfo: join(ISTIO_SRC, 'samples/bookinfo/networking'),
}

/** Our own corpus: cases Istio's files do not cover (broken inputs, edge cases). */
export const OWN_CORPUS = new URL('./corpus/', import.meta.url).pathname

/** YAML files directly in a folder, sorted; none when the folder is absent. */
export function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f))
}

/** The installation profiles of istioctl 1.30.3 (manifests/profiles at the tag). */
export const PROFILES = [
  'ambient',
  'default',
  'demo',
  'empty',
  'minimal',
  'openshift',
  'openshift-ambient',
  'preview',
  'remote',
  'stable',
]

const short = (file: string) => file.split('/').slice(-2).join('/')

/** `manifest generate --set …` with the image flags both tools need to agree on images. */
export function generateArgs(sets: string[]): string[] {
  return ['manifest', 'generate', ...sets.flatMap((s) => ['--set', s]), ...HUB_TAG]
}

/** `analyze` of one file offline, all namespaces, as JSON. */
export function analyzeArgs(file: string): string[] {
  return ['analyze', '--use-kube=false', '-A', '-o', 'json', file]
}

/** Configuration files both validate and analyze are run on. */
function corpusFiles(): string[] {
  return [...yamlFiles(ISTIO_CORPUS.analyzers), ...yamlFiles(ISTIO_CORPUS.bookinfo), ...yamlFiles(OWN_CORPUS)]
}

/** `meshctl version` prints the istioctl release it is compatible with, as istioctl prints its own. */
const versionCases: Case[] = [
  {
    name: 'version --remote=false -o json',
    args: ['version', '--remote=false', '-o', 'json'],
    compare: {kind: 'json', fields: ['clientVersion.version', 'clientVersion.tag']},
  },
]

/** `analyze` offline, file by file: same findings (level, code, resource) and the same exit code. */
function analyzeCases(): Case[] {
  const files = [
    ...yamlFiles(ISTIO_CORPUS.analyzers),
    ...yamlFiles(ISTIO_CORPUS.bookinfo),
    ...yamlFiles(OWN_CORPUS),
  ]
  return files.map((file) => ({
    name: `analyze ${short(file)}`,
    args: analyzeArgs(file),
    compare: {kind: 'analyze'},
  }))
}

/** analyze on the benchmark's generated input: 1,000 resources in ten namespaces, a few mistakes. */
function generatedCases(): Case[] {
  const dir = join(tmpdir(), 'meshctl-oracle')
  mkdirSync(dir, {recursive: true})
  const file = join(dir, 'generated-1000.yaml')
  writeFileSync(file, generateResources(1000))
  const analyze = ['analyze', '--use-kube=false', '-A', file]
  return [
    {
      name: 'analyze 1,000 generated resources -o json',
      args: [...analyze, '-o', 'json'],
      compare: {kind: 'analyze'},
    },
    // the log format is the one with exit code 79 on findings
    {name: 'analyze 1,000 generated resources', args: analyze, compare: {kind: 'analyze'}},
  ]
}

/** `validate -f` file by file: same verdict, same rejected resources. */
function validateCases(): Case[] {
  return corpusFiles().map((file) => ({
    name: `validate ${short(file)}`,
    args: ['validate', '-f', file],
    compare: {kind: 'validate'},
  }))
}

const PARTS: ManifestView[] = ['identities', 'images', 'env', 'ports', 'webhooks', 'meshConfig', 'objects']

/** `--set` combinations on the default profile, each with the views it is about. */
export const SETS: [string[], ManifestView[]][] = [
  [['revision=canary'], ['identities', 'webhooks', 'env']],
  [['values.global.hub=example.io/mesh', 'values.global.tag=9.9.9'], ['images']],
  [['values.global.proxy.image=custom-proxy', 'values.pilot.image=custom-pilot'], ['images']],
  [['components.cni.enabled=true'], ['identities', 'images', 'env']],
  [
    ['components.egressGateways[0].name=istio-egressgateway', 'components.egressGateways[0].enabled=true'],
    ['identities', 'ports'],
  ],
  [['components.ingressGateways[0].enabled=false'], ['identities']],
  [
    ['values.pilot.autoscaleEnabled=false', 'values.pilot.replicaCount=3'],
    ['identities', 'objects'],
  ],
  [['values.pilot.env.PILOT_ENABLE_ALPHA_GATEWAY_API=true', 'values.pilot.traceSampling=10'], ['env']],
  [['values.gateways.istio-ingressgateway.type=NodePort'], ['ports']],
  [['values.global.istioNamespace=istio-control'], ['identities', 'env', 'webhooks']],
  [['values.sidecarInjectorWebhook.enableNamespacesByDefault=true'], ['webhooks']],
  [['values.istiodRemote.injectionURL=https://istiod.example:15017/inject', 'profile=remote'], ['webhooks']],
  [['meshConfig.accessLogFile=/dev/stdout', 'meshConfig.enableTracing=true'], ['meshConfig']],
  [
    [
      'meshConfig.defaultConfig.holdApplicationUntilProxyStarts=true',
      'meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY',
    ],
    ['meshConfig'],
  ],
  [
    ['values.global.proxy.clusterDomain=example.local', 'values.global.meshID=mesh1'],
    ['meshConfig', 'env'],
  ],
]

/** `manifest generate`: every profile, `--set` combinations, Istio's charts, and our charts read by istioctl. */
function manifestCases(): Case[] {
  const cases: Case[] = PROFILES.map((p) => ({
    name: `manifest generate profile=${p}`,
    args: generateArgs([`profile=${p}`]),
    compare: {kind: 'manifest', views: PARTS},
  }))
  for (const [sets, views] of SETS)
    cases.push({
      name: `manifest generate ${sets.join(' ')}`,
      args: generateArgs(sets),
      compare: {kind: 'manifest', views},
    })
  // IstioOperator files (-f), overlays included
  for (const file of yamlFiles(join(OWN_CORPUS, 'iop')))
    cases.push({
      name: `manifest generate -f ${short(file)}`,
      args: ['manifest', 'generate', '-f', file, ...HUB_TAG],
      compare: {kind: 'manifest', views: ['identities', 'env', 'ports', 'meshConfig', 'objects']},
    })
  const istioManifests = join(ISTIO_SRC, 'manifests')
  for (const p of ['default', 'demo', 'ambient']) {
    // both tools render Istio's own charts: our template engine against Helm, value for value
    if (existsSync(istioManifests))
      cases.push({
        name: `manifest generate -d <istio>/manifests profile=${p}`,
        args: ['manifest', 'generate', '-d', istioManifests, ...generateArgs([`profile=${p}`]).slice(2)],
        compare: {kind: 'manifest', views: ['identities', 'objects']},
      })
    // istioctl renders our charts: they must be valid Helm and mean what meshctl makes of them
    cases.push({
      name: `manifest generate -d manifests/ profile=${p} (istioctl reads our charts)`,
      args: generateArgs([`profile=${p}`]),
      istioctlArgs: [
        'manifest',
        'generate',
        '-d',
        join(ROOT, 'manifests'),
        ...generateArgs([`profile=${p}`]).slice(2),
      ],
      compare: {kind: 'manifest', views: ['identities', 'objects']},
    })
  }
  return cases
}

/** The Envoy config dumps proxy-config reads offline (issue 19). */
const ENVOY_DUMPS = join(ROOT, '../shared/fixtures/envoy')

/** `proxy-config COMMAND --file DUMP -o FORMAT` for every dump, command and format: stdout identical. */
function proxyConfigCases(): Case[] {
  if (!existsSync(ENVOY_DUMPS)) return []
  const dumps = readdirSync(ENVOY_DUMPS)
    .filter((f) => f.endsWith('config_dump.json'))
    .sort()
  return dumps.flatMap((d) =>
    ['cluster', 'listener', 'route', 'endpoint', 'bootstrap', 'secret', 'ecds'].flatMap((command) =>
      ['short', 'json', 'yaml'].map((format) => ({
        name: `proxy-config ${command} --file ${d} -o ${format}`,
        args: ['proxy-config', command, '--file', join(ENVOY_DUMPS, d), '-o', format],
        compare: {kind: 'exact'} as const,
      })),
    ),
  )
}

/** Every case, in run order. */
export function allCases(): Case[] {
  return [
    ...versionCases,
    ...manifestCases(),
    ...validateCases(),
    ...analyzeCases(),
    ...generatedCases(),
    ...proxyConfigCases(),
  ]
}
