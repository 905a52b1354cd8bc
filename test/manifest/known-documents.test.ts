import {expect} from 'chai'
import {marshalYaml, parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import {knownDocument, knownText, rememberDocument} from '../../src/lib/manifest/known-documents.js'
import {goYamlMarshal} from '../../src/lib/template/yaml.js'
import {PROFILES} from './cases.js'
import {tryGenerate} from './render-helpers.js'

/** What the renderer's toYaml returns for a value (trailing newline removed, as Helm does). */
const toYaml = (v: unknown): string => goYamlMarshal(v).replace(/\n$/, '')

describe('manifest known documents (toYaml output taken without a parse and emit)', () => {
  it('gives back the value toYaml wrote, frozen, and its text as generate prints it', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {name: 'x.example.com', labels: {'app.kubernetes.io/part-of': 'istio'}},
      spec: {names: {plural: 'xs'}, versions: [{name: 'v1', served: true, storage: true, x: 1.5, n: null}]},
    }
    const text = toYaml(crd)
    rememberDocument(text, crd)
    const known = knownDocument(text)!
    expect(known).to.deep.equal(crd)
    expect(known).to.not.equal(crd)
    expect(knownText(known)).to.equal(marshalYaml(parseYamlDocuments(text)[0]!))
    // a change would make the remembered text wrong: frozen objects refuse it
    expect(Reflect.set(known.metadata as object, 'name', 'y')).to.equal(false)
    expect(Object.isFrozen((known.spec as {versions: object[]}).versions[0])).to.equal(true)
    expect(knownText(structuredClone(known))).to.equal(undefined)
  })

  it('keeps the value as it was written, whatever the template does with it afterwards', () => {
    const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a'}, data: {k: 'v'}}
    const text = toYaml(cm)
    rememberDocument(text, cm)
    cm.data.k = 'changed'
    expect(knownDocument(text)).to.deep.equal(parseYamlDocuments(text)[0])
  })

  it('keeps only whole objects whose YAML reads back exactly', () => {
    const cases: Record<string, unknown> = {
      'no kind': {apiVersion: 'v1', data: {a: 'b'}},
      'a bigint': {kind: 'ConfigMap', data: {n: 1n}},
      'a NaN': {kind: 'ConfigMap', data: {n: NaN}},
      'minus zero': {kind: 'ConfigMap', data: {n: -0}},
      'a NEL, which go-yaml folds': {kind: 'ConfigMap', data: {s: 'a\u0085b'}},
      'a class instance': {kind: 'ConfigMap', data: {d: new Date(0)}},
      'an undefined': {kind: 'ConfigMap', data: {u: undefined}},
    }
    for (const [what, v] of Object.entries(cases)) {
      const text = `# ${what}\n` + JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? 1 : x))
      rememberDocument(text, v)
      expect(knownDocument(text), what).to.equal(undefined)
    }
  })

  describe('every document the charts write with toYaml reads back to the same value and text', function () {
    this.timeout(120000)
    for (const p of PROFILES) {
      it(`profile ${p}`, async () => {
        const r = await tryGenerate({sets: [`profile=${p}`]})
        if (!r) return
        let known = 0
        for (const {object} of r.objects) {
          const text = knownText(object)
          if (text === undefined) continue
          known++
          // what generate would print without the shortcut: parse the rendered text, write it out again
          const parsed = parseYamlDocuments(text)[0]!
          expect(parsed, String(object.kind)).to.deep.equal(object)
          expect(marshalYaml(parsed)).to.equal(text)
        }
        // the base chart writes every CRD with toYaml (profiles without Base render none)
        const crds = r.objects.filter((o) => o.object.kind === 'CustomResourceDefinition').length
        expect(known).to.be.at.least(crds)
      })
    }
  })
})
