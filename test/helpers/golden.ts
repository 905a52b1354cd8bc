import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import {expect} from 'chai'

/**
 * Compares text with a committed golden file; UPDATE_GOLDEN=1 rewrites it (review the diff).
 * Missing goldens fail unless updating, so a golden is never created silently.
 */
export function expectGolden(actual: string, file: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), {recursive: true})
    writeFileSync(file, actual)
    return
  }
  if (!existsSync(file))
    throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 and review it`)
  expect(actual).to.equal(readFileSync(file, 'utf8'))
}
