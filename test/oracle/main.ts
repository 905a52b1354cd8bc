// `npm run test:oracle`: the differential suite against istioctl 1.30.3.
//   --grep TEXT   only cases whose name contains TEXT      --details N   difference lines per case (5)
//   --dump [DIR]  write istioctl's outputs (per profile, per corpus file) to DIR for others to diff against
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {basename, join} from 'node:path'
import {parseArgs} from 'node:util'
import {allCases, analyzeArgs, generateArgs, ISTIO_CORPUS, PROFILES, SETS, yamlFiles} from './cases.js'
import {ROOT, runCase, runTool, type Outcome} from './harness.js'
import {ISTIO_CACHE} from '../helpers/istio.js'
import {findIstioctl, ORACLE_VERSION} from './istioctl.js'
import {runClusterCases} from './cluster.js'
import {snapshotMeshctl} from './snapshot.js'
import {kubeInjectOutcomes} from './kube-inject.js'

const {values, positionals} = parseArgs({
  options: {
    grep: {type: 'string'},
    dump: {type: 'boolean'},
    jobs: {type: 'string', default: '2'},
    details: {type: 'string', default: '5'},
  },
  allowPositionals: true,
  strict: true,
})

const {istioctl, reason} = findIstioctl()
if (!istioctl) {
  console.log(`SKIP oracle: ${reason}`)
  process.exit(0)
}
if (istioctl.version !== ORACLE_VERSION)
  console.log(`note: ${istioctl.path} reports ${istioctl.version}, not ${ORACLE_VERSION}`)

if (values.dump) await dump(positionals[0])
else await check()

async function check(): Promise<void> {
  if (!existsSync(new URL('../../dist/commands', import.meta.url))) {
    console.error('meshctl is not built (dist/ missing): run `npm run build` first')
    process.exit(1)
  }
  const meshctl = snapshotMeshctl(ROOT)
  const cases = allCases().filter((c) => !values.grep || c.name.includes(values.grep))
  console.log(`oracle: ${istioctl!.path} (${istioctl!.version}), ${cases.length} cases`)
  const outcomes: Outcome[] = []
  // a small pool: each case runs both tools at once, so two cases keep a 2-core machine busy
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      for (const o of await runCase(cases[next++], istioctl!.path, meshctl.bin, Number(values.details))) {
        outcomes.push(o)
        const allowed = o.deviations.length > 0 ? `  (intended differences: ${o.deviations.join(', ')})` : ''
        console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name}${allowed}`)
        for (const d of o.details) console.log(`       ${d}`)
      }
    }
  }
  try {
    await Promise.all(Array.from({length: Math.max(1, Number(values.jobs))}, worker))
    outcomes.push(...(await kubeInjectOutcomes(istioctl!.path, meshctl.bin, values.grep)))
    // cluster mode: the same inputs seeded into the simulator, both tools reading it (issue 15)
    await runClusterCases(istioctl!.path, meshctl.bin, {
      grep: values.grep,
      limit: Number(values.details),
      onOutcome: (o) => {
        outcomes.push(o)
        const allowed = o.deviations.length > 0 ? `  (intended differences: ${o.deviations.join(', ')})` : ''
        console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name}${allowed}`)
        for (const d of o.details) console.log(`       ${d}`)
      },
    })
  } finally {
    meshctl.cleanup()
  }
  const failed = outcomes.filter((o) => !o.ok).length
  console.log(`${outcomes.length - failed} passed, ${failed} failed`)
  process.exitCode = failed > 0 ? 1 : 0
}

/** Writes istioctl's answers to files, so engineers can diff meshctl against them without the binary. */
async function dump(dir = join(ISTIO_CACHE, 'golden', ORACLE_VERSION)): Promise<void> {
  const index: string[] = []
  const save = async (rel: string, args: string[]) => {
    const r = await runTool(istioctl!.path, args)
    mkdirSync(join(dir, rel, '..'), {recursive: true})
    writeFileSync(join(dir, rel), r.stdout)
    index.push(`${rel}\texit ${r.code}\tistioctl ${args.join(' ')}`)
  }
  await save('version.json', ['version', '--remote=false', '-o', 'json'])
  for (const profile of PROFILES)
    await save(`manifest-generate/${profile}.yaml`, generateArgs([`profile=${profile}`]))
  for (const [sets] of SETS)
    await save(
      `manifest-generate/sets/${sets.join(',').replace(/[^\w.,=-]+/g, '_')}.yaml`,
      generateArgs(sets),
    )
  for (const file of yamlFiles(ISTIO_CORPUS.analyzers))
    await save(`analyze/${basename(file).replace(/\.ya?ml$/, '')}.json`, analyzeArgs(file))
  writeFileSync(join(dir, 'INDEX.tsv'), index.join('\n') + '\n')
  console.log(`istioctl ${istioctl!.version} outputs written to ${dir} (commands in INDEX.tsv)`)
}
