/**
 * printDocument (src/lib/yaml/print.ts) must print exactly what yaml's `toString({indentSeq, lineWidth: 0})`
 * prints, or refuse. Checked on every document of Istio's test sets and our fixtures (read by yaml and by
 * the fast reader), on generated values in every mix of block and flow style, and on what it must refuse.
 */
import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {yamlCorpus} from '../helpers/yaml-corpus.js'
import fc from 'fast-check'
import {Document, parseDocument, visit, type YAMLMap} from 'yaml'
import {printDocument} from '../../src/lib/yaml/print.js'
import {streamDocuments} from '../../src/lib/yaml/fast-document.js'

/** Compares with yaml for both sequence indentations; whether it printed. */
function check(doc: Document, what: string): boolean {
  let printed = false
  for (const indentSeq of [true, false]) {
    const got = printDocument(doc, indentSeq)
    if (got === undefined) continue
    printed = true
    expect(got, `${what} (indentSeq ${indentSeq})`).to.equal(doc.toString({indentSeq, lineWidth: 0}))
  }
  return printed
}

describe('yaml: printDocument prints what yaml prints', function () {
  this.timeout(120_000)

  it('every document of Istio’s test sets and our fixtures, read by yaml and by the fast reader', () => {
    let printed = 0
    let all = 0
    for (const f of yamlCorpus()) {
      const text = readFileSync(f, 'utf8')
      for (const fast of [false, true])
        for (const {doc} of streamDocuments(text, fast)) {
          if (doc.errors.length > 0) continue
          all++
          if (check(doc, f)) printed++
        }
    }
    // the others have comments, anchors, multi-line strings…
    expect(all).to.be.greaterThan(1000)
    expect(printed / all).to.be.greaterThan(0.4)
  })

  it('generated values, each collection block or flow at random, keys and strings awkward', () => {
    const text = fc.oneof(
      fc.string({maxLength: 8}),
      fc.constantFrom(
        '',
        'true',
        'null',
        '~',
        '0x1F',
        '1e3',
        '- a',
        'a: b',
        'a,b',
        '[x]',
        '{x}',
        '#x',
        "it's",
        'x:',
        ':x',
        '$(A).b',
      ),
    )
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        {depthSize: 'small'},
        text,
        fc.integer(),
        fc.double({noNaN: false}),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), {maxLength: 4}),
        fc.dictionary(text, tie('v'), {maxKeys: 4}),
      ),
    })).v
    let printed = 0
    fc.assert(
      fc.property(
        fc.dictionary(text, value, {minKeys: 1, maxKeys: 5}),
        fc.infiniteStream(fc.boolean()),
        (v, flows) => {
          const doc = new Document(v)
          visit(doc, {
            Map: (_k, n) => void (n.flow = flows.next().value),
            Seq: (_k, n) => void (n.flow = flows.next().value),
          })
          if (check(doc, JSON.stringify(v))) printed++
          // and the same text read back by yaml (scalars then carry their source styles)
          const again = parseDocument(doc.toString({lineWidth: 0}), {uniqueKeys: false})
          if (again.errors.length === 0) check(again, JSON.stringify(v))
        },
      ),
      {numRuns: 1500},
    )
    expect(printed).to.be.greaterThan(300)
  })

  const REFUSED: Record<string, string> = {
    'a comment': 'a: 1 # one\n',
    'a blank line before a key': 'a: 1\n\nb: 2\n',
    'an anchor': 'a: &x 1\nb: *x\n',
    'a tag': 'a: !!str 1\n',
    'a block scalar': 'a: |\n  text\n',
    'a multi-line string': 'a: "one\\ntwo"\n',
    'a %YAML directive': '%YAML 1.2\n---\na: 1\n',
    'a document-end marker': 'a: 1\n...\n',
    'a scalar document': 'just text\n',
    'a collection as a key': '? [a]\n: 1\n',
  }
  for (const [what, text] of Object.entries(REFUSED))
    it(`refuses ${what}`, () => {
      const doc = parseDocument(text, {uniqueKeys: false})
      expect(printDocument(doc, true)).to.equal(undefined)
    })

  it('refuses a key yaml makes explicit (over 1024 characters), plain or quoted', () => {
    for (const k of ['k'.repeat(1025), 'k '.repeat(600)]) {
      const doc = new Document({[k]: 1})
      expect(doc.toString()).to.match(/^\? /)
      expect(printDocument(doc, true)).to.equal(undefined)
    }
  })

  it('puts the text `expand` gives in place of a scalar, told where the key or dash stands; null refuses', () => {
    const doc = parseDocument('a:\n  b: X\n  c:\n    - X\n    - Y\n')
    const seen: unknown[] = []
    const expand = (s: string, item: boolean, col: number) => {
      seen.push([s, item, col])
      return s === 'X' ? `<${item ? 'item' : 'value'} at ${col}>` : undefined
    }
    expect(printDocument(doc, true, expand)).to.equal(
      'a:\n  b:<value at 2>\n  c:\n    - <item at 4>\n    - Y\n',
    )
    expect(seen).to.deep.equal([
      ['X', false, 2],
      ['X', true, 4],
      ['Y', true, 4],
    ])
    expect(printDocument(doc, false, expand)).to.equal('a:\n  b:<value at 2>\n  c:\n  - <item at 2>\n  - Y\n')
    expect(printDocument(doc, true, (s) => (s === 'Y' ? null : undefined))).to.equal(undefined)
  })

  it('refuses an empty collection marked as block (yaml puts it on the next line)', () => {
    const doc = parseDocument('a: x\n')
    const empty = doc.createNode({})
    empty.flow = false
    ;(doc.contents as YAMLMap).items.push(doc.createPair('b', empty))
    expect(printDocument(doc, true)).to.equal(undefined)
    empty.flow = undefined
    expect(printDocument(doc, true)).to.equal('a: x\nb: {}\n')
  })
})
