import {expect} from 'chai'
import {marshalYaml, parseYamlDocuments} from '../../src/lib/manifest/goyaml.js'
import {
  forgetKnownDocuments,
  knownDocument,
  knownText,
  MAX_KNOWN_DOCUMENTS,
  rememberDocument,
  trustGoYamlDocuments,
} from '../../src/lib/manifest/known-documents.js'
import {goYamlMarshal} from '../../src/lib/template/yaml.js'
import {RENDER_PROFILES} from './cases.js'
import {generateManifest} from '../../src/lib/manifest/generate.js'

/** What the renderer's toYaml returns for a value (trailing newline removed, as Helm does). */
const toYaml = (v: unknown): string => goYamlMarshal(v).replace(/\n$/, '')

describe('manifest known documents (toYaml output taken without a parse and emit)', () => {
  // what earlier tests (or, under mutation, earlier runs of this test) remembered must not answer for this one
  beforeEach(forgetKnownDocuments)

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
      'a NaN in a list': {kind: 'ConfigMap', data: {l: [1, NaN]}},
      'a NEL in a key': {kind: 'ConfigMap', data: {'a\u0085b': 'x'}},
      'a __proto__ key, which a copy would turn into a prototype': JSON.parse(
        '{"kind": "ConfigMap", "data": {"__proto__": {"a": "b"}}}',
      ) as unknown,
      'an empty kind': {kind: '', data: {}},
      'a kind that is not a string': {kind: 1, data: {}},
    }
    for (const [what, v] of Object.entries(cases)) {
      const text = `# ${what}\n` + JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? 1 : x))
      rememberDocument(text, v)
      expect(knownDocument(text), what).to.equal(undefined)
    }
  })

  it('keeps nothing for an empty text or a value that is not an object, and keeps the first value of a text', () => {
    for (const v of [null, 'kind: K', 1, true]) expect(() => rememberDocument('null', v)).to.not.throw()
    expect(knownDocument('null')).to.equal(undefined)
    rememberDocument('', {kind: 'K'})
    expect(knownDocument('')).to.equal(undefined)
    const v = {kind: 'K', metadata: {name: 'first'}, data: {'': 'an empty key is a key'}}
    rememberDocument('first', v)
    const known = knownDocument('first')
    expect(known).to.deep.equal(v)
    rememberDocument('first', {...v})
    expect(knownDocument('first')).to.equal(known)
  })

  it('keeps booleans, nulls and lists as they were written', () => {
    const v = {kind: 'K', metadata: {name: 'scalars'}, on: true, off: false, n: null, l: [[], ['a', 1.5]]}
    const text = toYaml(v)
    rememberDocument(text, v)
    expect(knownDocument(text)).to.deep.equal(v)
  })

  it(`starts over once it holds ${MAX_KNOWN_DOCUMENTS} documents`, () => {
    const doc = (i: number) => ({kind: 'K', metadata: {name: `d${i}`}})
    for (let i = 0; i < MAX_KNOWN_DOCUMENTS; i++) rememberDocument(`d${i}`, doc(i))
    expect(knownDocument('d0')).to.deep.equal(doc(0))
    expect(knownDocument(`d${MAX_KNOWN_DOCUMENTS - 1}`)).to.deep.equal(doc(MAX_KNOWN_DOCUMENTS - 1))
    rememberDocument('one more', doc(-1))
    expect(knownDocument('d0')).to.equal(undefined)
    expect(knownDocument(`d${MAX_KNOWN_DOCUMENTS - 1}`)).to.equal(undefined)
    expect(knownDocument('one more')).to.deep.equal(doc(-1))
  })

  describe('documents spliced from a trusted file (the base chart copying CRDs as text)', () => {
    const crd = (labels: Record<string, string>, plural = 'widgets') => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {annotations: {'helm.sh/resource-policy': 'keep'}, labels, name: `${plural}.example.com`},
      spec: {group: 'example.com', names: {plural}, versions: [{name: 'v1', served: true, storage: true}]},
    })
    beforeEach(() =>
      trustGoYamlDocuments(
        `# a comment\n${toYaml(crd({app: 'x'}))}\n---\n${toYaml(crd({app: 'x'}, 'gadgets'))}\n`,
      ),
    )

    it('takes a document whose head is in go-yaml form and whose spec is trusted text, with the same value and text', () => {
      const text = toYaml(crd({'app.kubernetes.io/part-of': 'istio', 'helm.sh/chart': 'base-1'}))
      const known = knownDocument(text)!
      expect(known).to.deep.equal(parseYamlDocuments(text)[0])
      expect(knownText(known)).to.equal(marshalYaml(parseYamlDocuments(text)[0]!))
      expect(Object.isFrozen(known)).to.equal(true)
      expect(Reflect.set(known.spec as object, 'group', 'y')).to.equal(false)
      expect(structuredClone(known)).to.deep.equal(known)
      expect(knownDocument(toYaml(crd({}, 'gadgets')))).to.deep.equal(crd({}, 'gadgets'))
    })

    it('parses, as usual, documents whose spec is not trusted or whose head is not what go-yaml writes', () => {
      const text = toYaml(crd({a: 'b'}))
      const cases = {
        'a changed spec': text.replace('group: example.com', 'group: example.org'),
        'a spec with more after it': `${text}\nstatus: {}`,
        'a head with keys out of order': text.replace(
          /^apiVersion: (.*)\nkind: (.*)\n/,
          'kind: $2\napiVersion: $1\n',
        ),
        'a head quoted differently': text.replace('name: widgets.example.com', "name: 'widgets.example.com'"),
        'a head with a comment': `# hi\n${text}`,
        'a head key after spec': text.replace('metadata:', 'zmetadata:'),
        'no kind': text.replace('kind: CustomResourceDefinition\n', ''),
        'an empty kind': text.replace('kind: CustomResourceDefinition\n', 'kind: ""\n'),
      }
      for (const [what, t] of Object.entries(cases)) {
        expect(t, what).to.not.equal(text)
        expect(knownDocument(t), what).to.equal(undefined)
      }
    })

    it('reads the trusted text once, however often it is trusted again', () => {
      const text = toYaml(crd({b: 'c'}))
      const spec = knownDocument(text)!.spec
      trustGoYamlDocuments(`${toYaml(crd({app: 'x'}))}\n`)
      expect(knownDocument(text)!.spec).to.equal(spec)
    })

    it('trusts no document with a top-level line that is not a plain key, nor one without a spec', () => {
      const odd = {...crd({}, 'odds'), 'x-status': {a: 1}}
      const bare = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'bare'}, zdata: {a: 'b'}}
      expect(() => trustGoYamlDocuments(`${toYaml(odd)}\n---\n${toYaml(bare)}\n`)).to.not.throw()
      expect(knownDocument(toYaml(odd))).to.equal(undefined)
      expect(knownDocument(toYaml(bare))).to.equal(undefined)
    })
  })

  describe('every known document the charts write reads back to the same value and text', function () {
    this.timeout(120000)
    for (const p of RENDER_PROFILES) {
      it(`profile ${p}`, async () => {
        // a real render, never render-helpers' memoised one: the documents are known only to the render that wrote them
        const r = await generateManifest({sets: [`profile=${p}`]})
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
        // the base chart's CRDs are known too, spliced from its trusted file (profiles without Base render none)
        const crds = r.objects.filter((o) => o.object.kind === 'CustomResourceDefinition').length
        expect(known).to.be.at.least(crds)
      })
    }
  })
})
