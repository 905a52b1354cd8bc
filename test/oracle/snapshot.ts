// A private copy of the built CLI, so a run of the oracle or the benchmarks is not disturbed by someone
// rebuilding dist/ in the same checkout meanwhile (a half-written dist/ makes meshctl fail silently).
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** What a built meshctl needs at run time, relative to the package root. */
const PARTS = ['bin', 'dist', 'manifests', 'package.json', 'oclif.manifest.json']

/**
 * Copies the built CLI from `root` to a temporary folder (node_modules linked, not copied) and returns
 * its bin/run.js with a cleanup function. MESHCTL_SNAPSHOT=0 runs the checkout's own bin/run.js instead.
 */
export function snapshotMeshctl(root: string): {bin: string; cleanup: () => void} {
  if (process.env.MESHCTL_SNAPSHOT === '0') return {bin: join(root, 'bin/run.js'), cleanup: () => {}}
  const dir = mkdtempSync(join(tmpdir(), 'meshctl-snapshot-'))
  for (const part of PARTS)
    if (existsSync(join(root, part))) cpSync(join(root, part), join(dir, part), {recursive: true})
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  const bin = join(dir, 'bin/run.js')
  const cleanup = () => rmSync(dir, {recursive: true, force: true})
  try {
    execFileSync(process.execPath, [bin, '--version'], {stdio: 'ignore', timeout: 30_000})
  } catch {
    cleanup()
    throw new Error('the built meshctl does not run (dist/ missing or being rebuilt?): run `npm run build`')
  }
  return {bin, cleanup}
}
