/** The root hook that keeps dist/ fresh for the CLI tests (test/helpers/fresh-build.ts). */
import {mkdirSync, mkdtempSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {staleReason} from '../helpers/fresh-build.js'

describe('fresh-build root hook', () => {
  it('rebuilds when dist/ is missing or older than a source, not otherwise', () => {
    const root = mkdtempSync(join(tmpdir(), 'meshctl-fresh-'))
    mkdirSync(join(root, 'src/lib'), {recursive: true})
    writeFileSync(join(root, 'src/lib/a.ts'), 'export {}\n')
    expect(staleReason(root)).to.equal('dist/ is not built')
    mkdirSync(join(root, 'dist'))
    writeFileSync(join(root, 'dist/run.js'), '')
    writeFileSync(join(root, 'oclif.manifest.json'), '{}')
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s))
    for (const p of ['src/lib/a.ts', 'src/lib', 'src']) utimesSync(join(root, p), t(1), t(1))
    for (const p of ['dist/run.js', 'oclif.manifest.json']) utimesSync(join(root, p), t(2), t(2))
    expect(staleReason(root)).to.equal(undefined)
    utimesSync(join(root, 'src/lib/a.ts'), t(3), t(3)) // an edit deep in src/
    expect(staleReason(root)).to.equal('src changed since the last build')
    utimesSync(join(root, 'dist/run.js'), t(4), t(4))
    expect(staleReason(root)).to.equal('src changed since the last build') // the manifest is older still
    utimesSync(join(root, 'oclif.manifest.json'), t(4), t(4))
    expect(staleReason(root)).to.equal(undefined)
  })
})
