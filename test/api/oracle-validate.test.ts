// Differential check against istioctl 1.30.3 (when its binary is present): the same verdict per corpus file.
import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {validateInputs} from '../../src/lib/api/report.js'
import {loadInputs} from '../../src/lib/input/index.js'
import {CORPUS} from './corpus-files.js'
import {ISTIOCTL_PATH} from '../helpers/istio.js'

const ISTIOCTL = ISTIOCTL_PATH

/** istioctl's verdict on one file: valid (exit 0) or not. */
async function istioctlValid(file: string): Promise<boolean> {
  try {
    await promisify(execFile)(ISTIOCTL, ['validate', '-f', file])
    return true
  } catch {
    return false
  }
}

describe('validate: same verdict as istioctl 1.30.3 on the corpus', function () {
  before(function () {
    if (!existsSync(ISTIOCTL)) {
      console.log(`      SKIP: ${ISTIOCTL} is absent (the istioctl oracle)`)
      this.skip()
    }
  })

  for (const dir of ['valid', 'invalid']) {
    it(`${dir} files`, async () => {
      const files = readdirSync(join(CORPUS, dir), {recursive: true, encoding: 'utf8'})
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .map((f) => join(CORPUS, dir, f))
      const differ: string[] = []
      for (const file of files) {
        const {sources, objects, problems} = await loadInputs([file])
        const ours = validateInputs(sources, objects, problems).sources[0].errors === 0
        const theirs = await istioctlValid(file)
        if (ours !== theirs) differ.push(`${file}: ours ${ours}, istioctl ${theirs}`)
        expect(ours, file).to.equal(dir === 'valid')
      }
      expect(differ).to.deep.equal([])
    })
  }
})
