// `npm run test:mutation [-- [--force] MODULE…]`: runs StrykerJS on each module in turn (default: kube analyze manifest
// input api template) and prints one score line per module. Slow: run it on one module while you work on it.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync} from 'node:fs'
import {resolve} from 'node:path'

const MODULES = JSON.parse(
  readFileSync(new URL('./mutation-modules.json', import.meta.url), 'utf8'),
) as Record<string, {mutate: string[]; spec: string[]; sample?: {mutate: string[]; spec: string[]}}>

const DEFAULT = [
  'kube',
  'analyze',
  'manifest',
  'manifest-pipeline',
  'manifest-render',
  'input',
  'api',
  'template',
]
// `--force`: retest every mutant, not only those the incremental cache does not cover.
const force = process.argv.includes('--force')
// `--sample`: each module's stated sample (mutation-modules.json), for a machine too busy for whole modules.
const sample = process.argv.includes('--sample')
// `--concurrency=N`: test runner processes (default 1, stryker.config.mjs); 2 only on an otherwise idle machine.
const concurrency = process.argv.find((a) => a.startsWith('--concurrency='))
// `--timeout-ms=N`: Stryker's timeoutMS (default 20000, stryker.config.mjs), added to 1.5 × the covering tests'
// time. Each timed-out mutant costs that wait plus a new test process: lower it for modules whose mutants
// often loop forever (template's parser), when the machine's load is steady.
const timeoutMs = process.argv.find((a) => a.startsWith('--timeout-ms='))
const args = process.argv
  .slice(2)
  .filter(
    (a) =>
      a !== '--force' &&
      a !== '--sample' &&
      !a.startsWith('--concurrency=') &&
      !a.startsWith('--timeout-ms='),
  )
const names = args.length > 0 ? args : DEFAULT
for (const n of names)
  if (!(n in MODULES)) throw new Error(`unknown module ${n}: ${Object.keys(MODULES).join(', ')}`)

// Stryker runs the tests in .stryker-tmp/sandbox-*/, where the fixtures' `../shared` would point into
// .stryker-tmp: link it to the shared folder next to this repository, as in a normal run.
const shared = resolve('../shared')
const link = resolve('.stryker-tmp/shared')
if (existsSync(shared) && !existsSync(link)) {
  mkdirSync('.stryker-tmp', {recursive: true})
  symlinkSync(realpathSync(shared), link)
}

interface Report {
  files: Record<string, {mutants: {status: string}[]}>
}
const rows: string[] = []
for (const name of names) {
  const started = Date.now()
  const extra = [
    ...(force ? ['--force'] : []),
    ...(concurrency ? ['--concurrency', concurrency.split('=')[1]!] : []),
    ...(timeoutMs ? ['--timeoutMS', timeoutMs.split('=')[1]!] : []),
  ]
  execFileSync('npx', ['stryker', 'run', ...extra], {
    stdio: 'inherit',
    // Stryker runs mocha in-process, where .mocharc's node-option does not apply: load tsx for the TS tests.
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim(),
      MESHCTL_MUTATION_MODULE: name,
      MESHCTL_MUTATION_SAMPLE: sample ? '1' : '0',
      MESHCTL_SKIP_FRESH_BUILD: '1',
    },
  })
  const report = JSON.parse(
    readFileSync(`reports/mutation/${name}${sample ? '-sample' : ''}.json`, 'utf8'),
  ) as Report
  const count = (s: string[]) =>
    Object.values(report.files).reduce((n, f) => n + f.mutants.filter((m) => s.includes(m.status)).length, 0)
  const killed = count(['Killed', 'Timeout'])
  const survived = count(['Survived', 'NoCoverage'])
  const score = killed + survived === 0 ? 100 : (100 * killed) / (killed + survived)
  const minutes = ((Date.now() - started) / 60_000).toFixed(1)
  rows.push(
    `${name.padEnd(12)} ${score.toFixed(1).padStart(5)} %  killed ${killed}, survived ${survived}  (${minutes} min)`,
  )
}
console.log(['', 'mutation score per module:', ...rows].join('\n'))
