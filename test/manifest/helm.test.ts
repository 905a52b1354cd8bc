import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import type {MeshctlError} from '../../src/lib/errors.js'
import {renderChartObjects, splitDocuments} from '../../src/lib/manifest/helm.js'
import type {Tree} from '../../src/lib/manifest/values.js'

describe('manifest helm: splitting rendered text into documents (istio yml.SplitString)', () => {
  it('splits at every line that starts with ---, whatever follows on it, and drops empty documents', () => {
    expect(splitDocuments('---\na: 1\n---\n\n---\nb: 2\n')).to.deep.equal(['a: 1', 'b: 2'])
    expect(splitDocuments('a: 1\n--- # comment\nb: 2\n----\nc: |\n  ---\n')).to.deep.equal([
      'a: 1',
      'b: 2',
      'c: |\n  ---',
    ])
  })

  it('keeps --- that is not at the start of a line, and handles text without a final newline', () => {
    expect(splitDocuments('a: x---y\n b: ---')).to.deep.equal(['a: x---y\n b: ---'])
    expect(splitDocuments('a: 1\n---')).to.deep.equal(['a: 1'])
    expect(splitDocuments('---')).to.deep.equal([])
    expect(splitDocuments('')).to.deep.equal([])
  })

  it('splits only at \\n line ends (a --- after \\r stays in the document, then trimmed ends)', () => {
    expect(splitDocuments('a: 1\r---\r\nb: 2\r\n')).to.deep.equal(['a: 1\r---\r\nb: 2'])
    expect(splitDocuments('  a: 1  \n---\n\tb: 2\t\n')).to.deep.equal(['a: 1', 'b: 2'])
  })
})

describe('manifest renderChartObjects: one chart’s rendered files and crds/ in istioctl’s order', () => {
  const OPTS = {releaseName: 'istio', namespace: 'istio-system', kubeVersion: '1.32.0'}
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}`
  /** A chart directory named `name` (no Chart.yaml when undefined) with the given crds/ files. */
  function chartDir(name: string | undefined, crds: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-chart-objects-'))
    if (name !== undefined)
      writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`)
    for (const [f, text] of Object.entries(crds)) {
      mkdirSync(path.dirname(path.join(dir, 'crds', f)), {recursive: true})
      writeFileSync(path.join(dir, 'crds', f), text)
    }
    return dir
  }
  const files = new Map([
    ['c/templates/z.yaml', `${cm('z')}\n---\n# only a comment\n---\nkind: ""\n---\n- a list`],
    ['c/templates/NOTES.txt', 'WARNING: old setting\nnot a warning\n'],
    ['c/templates/a.yaml', cm('a')],
  ])
  const renderer = () => files
  const names = (objects: Tree[]) =>
    objects.map((o) => `${String(o.kind)}/${String((o.metadata as Tree).name)}`)
  const crds = {
    'b.yaml': cm('crd-b'),
    'sub/a.yaml': cm('crd-sub-a'),
    'a.yaml': `${cm('crd-a1')}\n---\n${cm('crd-a2')}`,
  }

  it('templates sorted by path, documents without a kind dropped, then crds/ sorted by path (subfolders too)', async () => {
    const out = await renderChartObjects(renderer, chartDir('c', crds), {}, OPTS)
    expect(names(out.objects)).to.deep.equal([
      'ConfigMap/a',
      'ConfigMap/z',
      'ConfigMap/crd-a1',
      'ConfigMap/crd-a2',
      'ConfigMap/crd-b',
      'ConfigMap/crd-sub-a',
    ])
    expect(out.warnings).to.deep.equal(['old setting'])
  })

  it('the base chart drops its crds/ when base.enableIstioConfigCRDs is false, and only then', async () => {
    const count = async (name: string | undefined, values: Tree) =>
      (await renderChartObjects(renderer, chartDir(name, crds), values, OPTS)).objects.length
    const off = {base: {enableIstioConfigCRDs: false}}
    expect(await count('base', off)).to.equal(2)
    expect(await count('base', {base: {enableIstioConfigCRDs: true}})).to.equal(6)
    expect(await count('base', {})).to.equal(6)
    expect(await count('other', off)).to.equal(6)
    expect(await count(undefined, off)).to.equal(6)
  })

  it('a chart directory that does not exist is bad input naming it', async () => {
    const missing = path.join(os.tmpdir(), 'meshctl-no-such-chart')
    const err = await renderChartObjects(renderer, missing, {}, OPTS).catch((e: unknown) => e)
    expect((err as MeshctlError).exitCode).to.equal(65)
    expect((err as Error).message).to.equal(`load chart: component does not exist: ${missing}`)
  })
})
