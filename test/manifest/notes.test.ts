// Chart NOTES.txt: rendered with the chart (a `fail` there stops the render), its `WARNING: ` lines reported.
// Our istiod NOTES.txt is our own; istioctl renders it too (`-d manifests`), so both are compared with
// istioctl 1.30.3 — which prints chart warnings in `install` only (`manifest generate` passes no logger):
// `install --dry-run` against kube-sim is the reference for the ❗ lines.
import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {defaultManifestsDir} from '../../src/lib/manifest/profiles.js'
import {renderChart} from '../../src/lib/template/index.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {ISTIO_MANIFESTS, ISTIOCTL, oracleUnavailable} from './oracle.js'
import {generate} from './render-helpers.js'

/** Deprecated values and where they moved (the facts istiod's NOTES.txt reports, sorted by path). */
const MOVED: Array<[string, string]> = [
  ['global.certificates', 'meshConfig.certificates'],
  ['global.enableTracing', 'meshConfig.enableTracing'],
  ['global.localityLbSetting', 'meshConfig.localityLbSetting'],
  [
    'global.meshExpansion.enabled',
    'Gateway and other Istio networking resources, such as in samples/multicluster/',
  ],
  ['global.mtls.auto', 'meshConfig.enableAutoMtls'],
  ['global.mtls.enabled', 'the PeerAuthentication resource'],
  ['global.outboundTrafficPolicy', 'meshConfig.outboundTrafficPolicy'],
  ['global.policyCheckFailOpen', 'meshConfig.policyCheckFailOpen'],
  ['global.proxy.accessLogFile', 'meshConfig.accessLogFile'],
  ['global.proxy.accessLogFormat', 'meshConfig.accessLogFormat'],
  ['global.proxy.concurrency', 'meshConfig.defaultConfig.concurrency'],
  ['global.proxy.envoyAccessLogService', 'meshConfig.defaultConfig.envoyAccessLogService'],
  ['global.proxy.envoyAccessLogService.enabled', 'meshConfig.enableEnvoyAccessLogService'],
  ['global.proxy.envoyMetricsService', 'meshConfig.defaultConfig.envoyMetricsService'],
  [
    'global.proxy.holdApplicationUntilProxyStarts',
    'meshConfig.defaultConfig.holdApplicationUntilProxyStarts',
  ],
  ['global.proxy.protocolDetectionTimeout', 'meshConfig.protocolDetectionTimeout'],
  ['global.tracer.datadog.address', 'meshConfig.defaultConfig.tracing.datadog.address'],
  ['global.tracer.lightstep.accessToken', 'meshConfig.defaultConfig.tracing.lightstep.accessToken'],
  ['global.tracer.lightstep.address', 'meshConfig.defaultConfig.tracing.lightstep.address'],
  ['global.tracer.zipkin.address', 'meshConfig.defaultConfig.tracing.zipkin.address'],
  ['istiocoredns.enabled', 'the in-proxy DNS capturing (ISTIO_META_DNS_CAPTURE)'],
  [
    'pilot.ingress',
    'meshConfig.ingressService, meshConfig.ingressControllerMode, and meshConfig.ingressClass',
  ],
]
/** `--set`s that set every deprecated value (schema-less, through unvalidatedValues). */
const ALL_MOVED = [
  ...MOVED.filter(([p]) => !MOVED.some(([q]) => q.startsWith(p + '.'))).map(
    ([p]) => `unvalidatedValues.${p}=x`,
  ),
]
/** The deprecated values the values schema still accepts (istioctl refuses the others as unknown fields). */
const STILL_ACCEPTED = [
  'values.global.tracer.zipkin.address=zipkin:9411',
  'values.global.tracer.lightstep.address=ls:443',
  'values.global.tracer.lightstep.accessToken=secret',
  'values.global.tracer.datadog.address=dd:8126',
  'values.global.proxy.holdApplicationUntilProxyStarts=true',
]

const warningOf = ([p, instead]: [string, string]) => `"${p}" is deprecated; use "${instead}" instead.`

async function warnings(sets: string[], manifestsDir?: string): Promise<string[]> {
  return (await generate({sets, manifestsDir})).warnings
}

async function failure(sets: string[], manifestsDir?: string): Promise<string> {
  try {
    await generate({sets, manifestsDir})
  } catch (e) {
    expect(e).to.be.instanceOf(MeshctlError)
    return (e as Error).message
  }
  return 'no error'
}

describe('chart NOTES.txt', function () {
  this.timeout(120_000)

  it('the engine renders NOTES.txt only when asked (Helm’s engine does; helm template drops it)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-notes-'))
    mkdirSync(path.join(dir, 'templates'))
    writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n')
    writeFileSync(path.join(dir, 'templates/NOTES.txt'), 'WARNING: {{ .Release.Name }} is old\n')
    expect([...renderChart(dir, {}, {releaseName: 'r'}).keys()]).to.deep.equal([])
    expect(Object.fromEntries(renderChart(dir, {}, {releaseName: 'r', notes: true}))).to.deep.equal({
      'c/templates/NOTES.txt': 'WARNING: r is old\n',
    })
  })

  it('our istiod chart warns about every deprecated value, in path order', async () => {
    expect(await warnings(ALL_MOVED)).to.deep.equal(MOVED.map(warningOf))
    expect(await warnings([])).to.deep.equal([])
  })

  it('values the schema still accepts warn; false and 0 count as set, an empty string does not', async () => {
    expect(await warnings(STILL_ACCEPTED)).to.deep.equal(
      MOVED.filter(([p]) => STILL_ACCEPTED.some((s) => s.startsWith(`values.${p}=`))).map(warningOf),
    )
    const hold = warningOf(MOVED.find(([p]) => p === 'global.proxy.holdApplicationUntilProxyStarts')!)
    expect(await warnings(['values.global.proxy.holdApplicationUntilProxyStarts=false'])).to.deep.equal([
      hold,
    ])
    expect(await warnings(['unvalidatedValues.global.proxy.concurrency=0'])).to.have.length(1)
    expect(await warnings(['values.global.tracer.zipkin.address='])).to.deep.equal([])
  })

  it('removed settings stop the render at the first one, naming it', async () => {
    expect(await failure(['values.global.tracer.stackdriver.debug=true'])).to.match(
      /^render chart .*istio-discovery: execution error at \(istiod\/templates\/NOTES.txt:\d+:\d+\): global.tracer.stackdriver.debug is removed$/,
    )
    expect(
      await failure([
        'unvalidatedValues.telemetry.v2.stackdriver.disableOutbound=true',
        'unvalidatedValues.telemetry.v2.prometheus.configOverride.a=b',
      ]),
    ).to.match(/: telemetry.v2.prometheus.configOverride is removed$/)
    // Not among the checked ones (as in Istio's chart).
    expect(await failure(['unvalidatedValues.telemetry.v2.stackdriver.configOverride.a=b'])).to.equal(
      'no error',
    )
    expect(await failure(['values.global.pilotCertProvider=kubernetes'])).to.match(
      /: pilotCertProvider=kubernetes is not supported$/,
    )
  })

  describe('against istioctl 1.30.3', () => {
    let sim: KubeSim
    before(async function () {
      const why = oracleUnavailable()
      if (why) {
        console.warn(`    ⚠ skipped: ${why}`)
        this.skip()
      }
      sim = await startKubeSim()
    })
    after(() => sim?.stop())

    const istioctl = (args: string[]) =>
      new Promise<{out: string; code: number}>((resolve) =>
        execFile(
          ISTIOCTL,
          args,
          {env: {...process.env, KUBECONFIG: sim.kubeconfigPath}, maxBuffer: 256 << 20},
          (err, stdout, stderr) => resolve({out: stdout + stderr, code: err ? Number(err.code ?? 1) : 0}),
        ),
      )
    const installWarnings = async (sets: string[], dir: string) => {
      const r = await istioctl([
        'install',
        '--dry-run',
        '-y',
        '-d',
        dir,
        ...sets.flatMap((s) => ['--set', s]),
      ])
      expect(r.code, r.out).to.equal(0)
      return r.out
        .split('\n')
        .filter((l) => l.startsWith('❗ '))
        .map((l) => l.slice(2))
    }

    for (const [name, dir] of [
      ['Istio’s charts', ISTIO_MANIFESTS],
      ['our charts', defaultManifestsDir()],
    ] as const) {
      for (const sets of [ALL_MOVED, STILL_ACCEPTED]) {
        it(`${name}: the warnings istioctl install prints (${sets.length} settings)`, async () => {
          const theirs = await installWarnings(sets, dir)
          expect(theirs).to.not.be.empty
          expect(await warnings(sets, dir)).to.deep.equal(theirs)
        })
      }
      for (const set of [
        'unvalidatedValues.telemetry.v2.stackdriver.configOverride.a=b',
        'unvalidatedValues.telemetry.v2.prometheus.configOverride.a=b',
        'values.global.tracer.stackdriver.maxNumberOfAnnotations=1',
      ]) {
        it(`${name}: ${set} fails (or not) as with istioctl`, async () => {
          const theirs = await istioctl(['manifest', 'generate', '-d', dir, '--set', set])
          const ours = await failure([set], dir)
          if (theirs.code === 0) expect(ours).to.equal('no error')
          else expect(ours.replace(/^.*\): /, '')).to.equal(theirs.out.trim().replace(/^.*\): /, ''))
        })
      }
    }
  })
})
