// StrykerJS: mutation testing of one src/lib module at a time (`npm run test:mutation -- analyze`).
// scripts/mutation.ts picks the module through MESHCTL_MUTATION_MODULE and prints the per-module score.
import {readFileSync} from 'node:fs'

// Per module: the files mutated and the tests that should kill the mutants.
const MODULES = JSON.parse(readFileSync(new URL('./scripts/mutation-modules.json', import.meta.url), 'utf8'))

const name = process.env.MESHCTL_MUTATION_MODULE ?? 'glob'
if (!MODULES[name])
  throw new Error(`unknown mutation module ${name}: one of ${Object.keys(MODULES).join(', ')}`)
// MESHCTL_MUTATION_SAMPLE=1 (`--sample`): the module's stated sample of files, with the tests aimed at them.
const sample = process.env.MESHCTL_MUTATION_SAMPLE === '1'
const mod = sample ? (MODULES[name].sample ?? MODULES[name]) : MODULES[name]
const id = sample ? `${name}-sample` : name

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  // `ignore`: spec files that run the built CLI (dist/, not in the sandbox): they cannot kill a mutant.
  mochaOptions: {config: '.mocharc.json', spec: mod.spec, ignore: mod.ignore ?? []},
  mutate: mod.mutate,
  // TypeScript is run by tsx (mocharc), which checks no types: no `// @ts-nocheck` is needed, and none may be
  // added (the generators' tests compare the *.gen.ts files with their output byte for byte).
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants, tables) can only be tested by rerunning every test of the module
  // in a fresh process, minutes each on this machine: they are left out, and counted as Ignored.
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 20000,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: {fileName: `reports/mutation/${id}.json`},
  ignorePatterns: ['dist', 'reports', 'bench/results', '.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Re-runs retest only the mutants whose code or covering tests changed (`-- --force` for a full run).
  // The file lives in reports/, which is gitignored: it is a local cache, not a result.
  incremental: true,
  incrementalFile: `reports/mutation/${id}.incremental.json`,
}
