// The kube-inject differential: every case of Istio's injection golden set (test/inject/istio-cases.ts)
// through `meshctl kube-inject` and `istioctl kube-inject` with the same three config files (rendered
// from OUR charts for the case's settings), compared as objects after the Go-round-trip normalisation
// of test/inject/normalise.ts. istioctl contacts a cluster even with all three files (and hangs without
// one), so it gets a kube-sim kubeconfig; meshctl never reads it.
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {isDeepStrictEqual} from 'node:util'
import {parseAllDocuments, stringify} from 'yaml'
import {renderInjectionConfig} from '../../src/lib/inject/index.js'
import {goYamlParse} from '../../src/lib/template/index.js'
import {allCases, ISTIO_INJECT_DIR, type Case, type Mesh} from '../inject/istio-cases.js'
import {normaliseGo} from '../inject/normalise.js'
import {startKubeSim} from '../kube-sim/index.js'
import type {Outcome} from './harness.js'

/** Runs a tool with extra environment; never throws on exit codes. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{stdout: string; stderr: string; code: number}>((resolve) => {
    execFile(
      file,
      args,
      {env: {...process.env, NO_COLOR: '1', ...env}, maxBuffer: 64 * 1024 * 1024, timeout: 120_000},
      (err, stdout, stderr) =>
        resolve({stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0}),
    )
  })
}

const objects = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined)
    .map((d) => normaliseGo(d))

/** One outcome per case: equal objects, or both tools failing on the same input. */
export async function kubeInjectOutcomes(
  istioctl: string,
  meshctlBin: string,
  grep?: string,
): Promise<Outcome[]> {
  const cases = allCases().filter((c) => !c.skipInjection && (!grep || `kube-inject ${c.in}`.includes(grep)))
  if (cases.length === 0) return []
  const dir = mkdtempSync(join(tmpdir(), 'meshctl-oracle-inject-'))
  const sim = await startKubeSim({controllers: false})
  const out: Outcome[] = []
  try {
    for (const [i, c] of cases.entries()) {
      const files = await configFiles(c, join(dir, String(i)))
      const input = join(ISTIO_INJECT_DIR, c.in)
      const args = ['kube-inject', '-f', input, ...files]
      const env = {ENABLE_NATIVE_SIDECARS: c.nativeOff ? 'false' : 'true', KUBECONFIG: sim.kubeconfigPath}
      const [ours, theirs] = await Promise.all([
        run(process.execPath, [meshctlBin, ...args, '--reinject'], {
          ...env,
          KUBECONFIG: '/nonexistent/kubeconfig',
        }),
        run(istioctl, args, env),
      ])
      const name = `kube-inject ${c.in} → ${c.want ?? c.in + '.injected'}${c.error ? ' (error)' : ''}`
      const details: string[] = []
      if ((ours.code === 0) !== (theirs.code === 0))
        details.push(
          `exit code: meshctl ${ours.code} istioctl ${theirs.code}`,
          ours.stderr.trim().split('\n').at(-1) ?? '',
        )
      else if (ours.code === 0) {
        const [a, b] = [objects(ours.stdout), objects(theirs.stdout)]
        if (!isDeepStrictEqual(a, b)) details.push(...firstDifference(a, b))
      }
      out.push({name, ok: details.length === 0, details, deviations: []})
      console.log(`${details.length ? 'FAIL' : 'ok  '} ${name}`)
      for (const d of details) console.log(`       ${d}`)
    }
  } finally {
    await sim.stop()
    rmSync(dir, {recursive: true, force: true})
  }
  return out
}

/** The three files for a case: our charts rendered with its settings, its mesh change applied. */
async function configFiles(c: Case, prefix: string): Promise<string[]> {
  const cfg = await renderInjectionConfig({
    sets: ['profile=empty', 'components.pilot.enabled=true', ...(c.sets ?? [])],
    files: c.iop ? [{name: c.iop, text: readFileSync(join(ISTIO_INJECT_DIR, c.iop), 'utf8')}] : [],
    hubTag: {hub: 'registry.istio.io/testing', tag: 'latest'},
  })
  let mesh = cfg.mesh
  if (c.mesh) {
    const m = (goYamlParse(mesh) ?? {}) as Mesh
    m.defaultConfig ??= {}
    if (c.mesh.toString().includes('extensionProviders')) m.extensionProviders ??= []
    c.mesh(m)
    mesh = stringify(m)
  }
  const files = {
    inject: `${prefix}-inject.yaml`,
    values: `${prefix}-values.json`,
    mesh: `${prefix}-mesh.yaml`,
  }
  writeFileSync(files.inject, cfg.injectConfig)
  writeFileSync(files.values, cfg.values)
  writeFileSync(files.mesh, mesh)
  return ['--injectConfigFile', files.inject, '--valuesFile', files.values, '--meshConfigFile', files.mesh]
}

function firstDifference(a: unknown[], b: unknown[]): string[] {
  const la = stringify(a, {sortMapEntries: true}).split('\n')
  const lb = stringify(b, {sortMapEntries: true}).split('\n')
  const i = la.findIndex((l, k) => l !== lb[k])
  return [
    `first difference at line ${i + 1}: meshctl ${JSON.stringify(la[i])} istioctl ${JSON.stringify(lb[i])}`,
  ]
}
