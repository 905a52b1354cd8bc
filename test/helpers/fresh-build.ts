// A mocha root hook: CLI tests run the bundle in dist/, so before any test runs, rebuild it when a source
// it is built from is newer than the bundle (or the bundle is missing). `npx mocha some.test.ts` can then
// never pass on stale code; when dist/ is fresh this costs one walk of the source tree's mtimes.
import {execFileSync} from 'node:child_process'
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {ROOT} from './cli.js'

/** What dist/ and oclif.manifest.json are built from. */
const INPUTS = ['src', 'scripts/build.ts', 'package.json', 'manifests/profiles']

function newestMtime(path: string): number {
  const st = statSync(path, {throwIfNoEntry: false})
  if (!st) return 0
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)))
  return newest
}

/** Why dist/ must be rebuilt, or undefined when it is at least as new as its sources. */
export function staleReason(root = ROOT): string | undefined {
  const built = Math.min(
    statSync(join(root, 'dist/run.js'), {throwIfNoEntry: false})?.mtimeMs ?? 0,
    statSync(join(root, 'oclif.manifest.json'), {throwIfNoEntry: false})?.mtimeMs ?? 0,
  )
  if (built === 0) return 'dist/ is not built'
  const changed = INPUTS.find((p) => newestMtime(join(root, p)) > built)
  return changed ? `${changed} changed since the last build` : undefined
}

export const mochaHooks = {
  beforeAll(this: Mocha.Context) {
    const why = staleReason()
    if (!why) return
    this.timeout(180_000)
    process.stderr.write(`      (rebuilding dist/ for the CLI tests: ${why})\n`)
    execFileSync('npm', ['run', '--silent', 'build'], {cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit']})
  },
}
