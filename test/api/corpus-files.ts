// The validation corpus of test/fixtures/validate: valid/ and invalid/ objects, read with their lines.
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseDocuments, type InputObject} from '../../src/lib/input/index.js'
import {ROOT} from '../helpers/cli.js'

export const CORPUS = join(ROOT, 'test', 'fixtures', 'validate')

/** Every object of the YAML files in a corpus directory. */
export function corpus(dir: string): InputObject[] {
  const full = join(CORPUS, dir)
  return readdirSync(full)
    .sort()
    .flatMap((f) => parseDocuments(readFileSync(join(full, f), 'utf8'), join(dir, f)).objects)
}
