// istioctl 1.30.3's verdict on each row of test/manifest/{values,k8s}-types-cases.ts: `manifest generate -f` with
// the empty profile renders (ok) or fails to unmarshal the spec (refused). The unit test holds meshctl to the same
// table. Skips visibly without istioctl (scripts/install-istioctl.sh).
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {K8S_TYPE_CASES} from '../manifest/k8s-types-cases.js'
import {VALUE_TYPE_CASES, type ValueTypeCase} from '../manifest/values-types-cases.js'
import {findIstioctl} from './istioctl.js'

/** The IstioOperator file setting `dotted` (under spec) to the YAML text `yaml`. */
export function specFile(dotted: string, yaml: string): string {
  const keys = dotted.split('.')
  const lines = keys.map((k, i) => `${'  '.repeat(i + 1)}${k}:${i === keys.length - 1 ? ` ${yaml}` : ''}`)
  return [
    'apiVersion: install.istio.io/v1alpha1',
    'kind: IstioOperator',
    'spec:',
    '  profile: empty',
    ...lines,
    '',
  ].join('\n')
}

describe('oracle: values types against istioctl 1.30.3 (manifest generate)', function () {
  this.timeout(300_000)
  const {istioctl, reason} = findIstioctl()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-values-types-'))
  before(function () {
    if (!istioctl) {
      console.log(`      skipping: ${reason}`)
      this.skip()
    }
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  /** The rows istioctl does not judge as the table says. */
  const disagreements = (cases: ValueTypeCase[], under: string): string[] => {
    const wrong: string[] = []
    cases.forEach((c, i) => {
      const file = path.join(dir, `${under}-${i}.yaml`)
      writeFileSync(file, specFile(`${under}.${c.path}`, c.yaml))
      let err = ''
      try {
        execFileSync(istioctl!.path, ['manifest', 'generate', '-f', file], {
          stdio: ['ignore', 'ignore', 'pipe'],
        })
      } catch (e) {
        err = String((e as {stderr?: Buffer}).stderr ?? e)
      }
      if (err !== '' && !err.includes('could not unmarshal'))
        wrong.push(`${c.path}: ${c.yaml}: unexpected ${err}`)
      else if ((err === '') !== c.ok)
        wrong.push(`${c.path}: ${c.yaml}: istioctl ${err === '' ? 'accepts' : err}`)
    })
    return wrong
  }

  it('values: accepts and refuses each row as the table says', () => {
    expect(disagreements(VALUE_TYPE_CASES, 'values')).to.deep.equal([])
  })

  it('components.pilot.k8s: accepts and refuses each row as the table says', () => {
    expect(disagreements(K8S_TYPE_CASES, 'components.pilot.k8s')).to.deep.equal([])
  })
})
