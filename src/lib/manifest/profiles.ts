/**
 * The profiles of a manifests directory: where it is, which profiles it has, and reading one (layered on
 * `default`). Printing and comparing merged profiles is profile-dump.ts.
 * @module
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {inputError} from '../errors.js'
import {closest} from '../suggest.js'
import {parseYaml} from './goyaml.js'
import {isTree, mergeFrom, type Tree} from './values.js'

/** meshctl's own manifests directory (charts + profiles), shipped with the package. */
export function defaultManifestsDir(): string {
  // src/lib/manifest/profiles.ts and dist/lib/manifest/profiles.js are both three levels below the root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'manifests')
}

/** The profile names in `<dir>/profiles` (sorted). */
export function listProfiles(manifestsDir: string): string[] {
  const dir = path.join(manifestsDir, 'profiles')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort()
}

/** Reads one profile file as an IstioOperator tree. */
export function readProfileFile(manifestsDir: string, profile: string): Tree {
  const file = path.join(manifestsDir, 'profiles', `${profile}.yaml`)
  if (!/^[A-Za-z0-9._-]+$/.test(profile) || !existsSync(file)) {
    const known = listProfiles(manifestsDir)
    const guess = closest(profile, known)
    throw inputError(
      `profile "${profile}" not found in ${path.join(manifestsDir, 'profiles')}` +
        (known.length ? `; available profiles: ${known.join(', ')}` : ''),
      guess ? [`did you mean "${guess}"?`] : [],
    )
  }
  let doc
  try {
    doc = parseYaml(readFileSync(file, 'utf8'))
  } catch (e) {
    throw inputError(`${file}: cannot parse profile: ${(e as Error).message}`)
  }
  if (!isTree(doc)) throw inputError(`${file}: profile is not an IstioOperator object`)
  return doc
}

/** A profile layered on `default` (istioctl readProfile): every profile starts from the default one. */
export function readProfile(manifestsDir: string, profile: string): Tree {
  const name = profile || 'default'
  const base = readProfileFile(manifestsDir, 'default')
  if (name === 'default') return base
  return mergeFrom(base, readProfileFile(manifestsDir, name))
}
