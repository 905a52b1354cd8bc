/**
 * The fast reader (src/lib/yaml/fast-document.ts) builds yaml's document model from js-yaml's reading.
 * Whatever it builds must be the Document yaml's own parser would build: same text when printed, same
 * value, same ranges. Checked against yaml itself on real files (Istio's test sets, our fixtures), on
 * generated edits of them (broken ones included: the reader must then refuse, never accept what yaml
 * rejects), and on what it must refuse.
 */
import {readFileSync} from 'node:fs'
import {expect} from 'chai'
import {yamlCorpus} from '../helpers/yaml-corpus.js'
import fc from 'fast-check'
import {Composer, parseAllDocuments, Parser, type Document} from 'yaml'
import {fastDocument, lineNumbers, streamDocuments} from '../../src/lib/yaml/fast-document.js'

/** What must agree between yaml's document and the fast one. */
function same(a: Document, b: Document, what: string): void {
  for (const indentSeq of [true, false]) {
    const opts = {indentSeq, lineWidth: 0}
    expect(b.toString(opts), `${what}: text (indentSeq ${indentSeq})`).to.equal(a.toString(opts))
  }
  expect(b.toJS({maxAliasCount: -1}), `${what}: value`).to.deep.equal(a.toJS({maxAliasCount: -1}))
  expect(b.range, `${what}: range`).to.deep.equal(a.range)
  expect(b.contents?.range?.[0], `${what}: contents start`).to.equal(a.contents?.range?.[0])
}

/** yaml's documents of a stream (each with no errors), the reference. */
const yamlDocs = (text: string) => parseAllDocuments(text, {uniqueKeys: false}) as Document.Parsed[]

/** Checks every document of `text` the fast reader accepts; returns how many it accepted. */
function checkFile(text: string, name: string): {fast: number; all: number} {
  let fast = 0
  const docs = yamlDocs(text)
  for (const d of docs) {
    const f = fastDocument(text, d.range[0], d.range[2])
    if (!f) continue
    fast++
    expect(d.errors, `${name}: accepted a document yaml rejects`).to.deep.equal([])
    same(d, f, name)
  }
  return {fast, all: docs.length}
}

describe('yaml: the fast reader builds the Document yaml builds', function () {
  this.timeout(120_000)

  it('for every document of Istio’s test sets and our fixtures it accepts (most of them)', () => {
    let fast = 0
    let all = 0
    const files = yamlCorpus()
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      if (/^(?:%|\.\.\.)/m.test(text)) continue // streamDocuments leaves these to yaml
      const r = checkFile(text, f)
      fast += r.fast
      all += r.all
    }
    expect(files.length).to.be.greaterThan(200)
    // the rest have comments, anchors, blank lines…
    expect(fast / all).to.be.greaterThan(0.4)
  })

  const SEEDS = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-1\n  labels: {app: app-1}\nspec:\n  replicas: 2\n  template:\n    metadata:\n      annotations:\n        prometheus.io/scrape: "true"\n    spec:\n      containers:\n      - name: app\n        ports:\n        - {containerPort: 8080, name: http}\n        readinessProbe:\n          httpGet: {path: /ready, port: http}\n',
    "a: [1, 2, {b: c}]\nd: {e: [f, g], h: \"x y\", i: 'j'}\nk:\n- - 1\n  - 2\n- l: m\n  n: o\np:\nq: ~\nr: 0x1F\ns: 1.50\nt: 1e3\nu: .inf\nv: True\nw: \"\\u00e9\\n\"\nx: 'it''s'\ny: '-'\nz: 012\n",
    '"a": b\n\'c d\': [ ]\ne: {}\nf: [[], {}, [a, [b]], {x: {y: z}}]\ng: +1\nh: -.5\ni: 0o17\nj: NULL\nk: null\nl: 1_000\nm: "a: b, c"\nn: \'[x]\'\no: x:y\np: a,b\nq: é ü\nr:\n  - a: 1\n    b:\n    - c\n  - ""\n',
    '- a\n- b: c\n  d: e\n- [f, g]\n- {h: i}\n- - j\n  - k\n- "l"\n',
    'plain text\n',
    '---\nx: 1\n',
  ]
  const PIECES = [
    ':',
    '-',
    '{',
    '}',
    '[',
    ']',
    ',',
    "'",
    '"',
    ' ',
    '\n',
    'a',
    '1',
    '  ',
    '- ',
    ': ',
    '\\',
    '.',
  ]
  const PIECES_ODD = [
    '\uFEFF',
    '\u0001',
    '\u2028',
    '\u0085',
    '\u00a0',
    '\u007f',
    '?',
    '#',
    '\t',
    '\r',
    '&',
    '*',
    '!',
    '|',
    '>',
    '%',
    '---',
    '~',
    '0',
    'é',
  ]
  const edited = fc
    .tuple(
      fc.constantFrom(...SEEDS),
      fc.array(
        fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom(...PIECES, ...PIECES_ODD), fc.nat({max: 3})),
        {minLength: 1, maxLength: 3},
      ),
    )
    .map(([seed, edits]) => {
      let t = seed
      for (const [at, insert, piece, len] of edits) {
        const i = at % (t.length + 1)
        t = insert ? t.slice(0, i) + piece + t.slice(i) : t.slice(0, i) + t.slice(i + 1 + len)
      }
      return t
    })

  it('for edited documents, broken ones included: what it accepts, yaml reads the same way and without error', () => {
    let accepted = 0
    fc.assert(
      fc.property(edited, (text) => {
        const f = fastDocument(text, 0, text.length)
        if (!f) return
        accepted++
        const docs = yamlDocs(text)
        expect(docs, JSON.stringify(text)).to.have.length(1)
        expect(docs[0]!.errors, JSON.stringify(text)).to.deep.equal([])
        expect(docs[0]!.warnings, JSON.stringify(text)).to.deep.equal([])
        same(docs[0]!, f, JSON.stringify(text))
      }),
      {numRuns: 3000},
    )
    // the property must not hold only because everything is refused
    expect(accepted).to.be.greaterThan(500)
  })

  it('accepts each seed as it is', () => {
    for (const seed of SEEDS) expect(fastDocument(seed, 0, seed.length), seed).to.not.equal(undefined)
  })

  // each is otherwise acceptable: the one thing named makes yaml's model differ from js-yaml's reading
  const REFUSED: Record<string, string> = {
    'a comment': 'a: 1 # one\n',
    'a comment line': '# head\na: 1\n',
    'a blank line': 'a: 1\n\nb: 2\n',
    'a blank line after the marker': '---\n\na: 1\n',
    'an anchor and alias': 'a: &x 1\nb: *x\n',
    'a tag': 'a: !!str 1\n',
    'a merge key': 'a: {b: 1}\n<<: {c: 2}\n',
    'an explicit key': '? a\n: 1\n',
    'a block scalar': 'a: |\n  text\n',
    'a folded scalar': 'a: >\n  text\n',
    'a tab': 'a:\t1\n',
    'CRLF line ends': 'a: 1\r\nb: 2\r\n',
    'a byte order mark': '\uFEFFa: 1\nb: [x]\n',
    'a multi-line plain scalar': 'a: one\n  two\n',
    'a multi-line quoted scalar': 'a: "one\n  two"\n',
    'a multi-line flow map': 'a: {b: 1,\n  c: 2}\n',
    'a multi-line flow sequence': 'a: [1,\n  2]\n',
    'a duplicate key': 'a: 1\na: 2\n',
    'a key longer than 1024 characters': `${'k'.repeat(1025)}: 1\n`,
    'keys in an order JavaScript objects do not keep': 'b: 1\n1: 2\n',
    'content on the marker line': '--- {a: 1}\n',
    'only whitespace': '  \n',
    'two documents': 'a: 1\n---\nb: 2\n',
    'a document-end marker': 'a: 1\n...\n',
    'broken YAML': 'a: [1, 2\n',
    'an empty value at the end (yaml’s range stops before the line break)': 'a: 1\nb:\n',
    'an empty item at the end': '- a\n-\n',
    'an empty item (js-yaml reports no node for it)': '- a\n-\n- b\n',
  }
  for (const [what, text] of Object.entries(REFUSED))
    it(`refuses ${what}`, () => {
      expect(fastDocument(text, 0, text.length)).to.equal(undefined)
    })

  it('refuses a document after a comment line (yaml gives it that comment), not one after a blank line', () => {
    const text = 'a: 1\n# about b\n---\nb: 2\n'
    expect(fastDocument(text, text.indexOf('---'), text.length)).to.equal(undefined)
    const blank = 'a: 1\n\n \n---\nb: 2\n'
    const f = fastDocument(blank, blank.indexOf('---'), blank.length)
    expect(f?.toJS()).to.deep.equal({b: 2})
  })
})

describe('yaml: streamDocuments yields the documents of yaml’s Composer', () => {
  /** The reference: yaml over the whole stream. */
  const composed = (text: string) => [
    ...new Composer({uniqueKeys: false}).compose(new Parser().parse(text), true),
  ]

  function check(text: string): number {
    const want = composed(text)
    const got = [...streamDocuments(text)]
    const print = (d: Document) => (d.errors.length > 0 ? 'error' : d.toString())
    expect(
      got.map((g) => print(g.doc)),
      JSON.stringify(text),
    ).to.deep.equal(want.map(print))
    got.forEach(({doc, base}, i) => {
      const w = want[i]!
      expect(
        doc.range.map((r) => r + base),
        `range of document ${i}`,
      ).to.deep.equal(w.range)
      expect((doc.contents?.range?.[0] ?? 0) + base, `contents of document ${i}`).to.equal(
        w.contents?.range?.[0] ?? 0,
      )
      expect(doc.errors.map((e) => e.message)).to.deep.equal(w.errors.map((e) => e.message))
      expect(doc.errors.map((e) => e.pos[0] + base)).to.deep.equal(w.errors.map((e) => e.pos[0]))
    })
    return got.filter((g) => g.base === 0 && g.doc.errors.length === 0).length
  }

  const DOCS = [
    'a: 1\n',
    'b: {c: [1, 2]}\n',
    '# comment\nc: 3\n',
    'd: 4 # trailing\n',
    'e: 5\n# comment before the next marker\n',
    '\n\nf: 6\n\n',
    'g: [1, 2\n', // broken
    'h: &x 1\ni: *x\n',
    '',
    '- 1\n- 2\n',
  ]
  const streams = fc
    .array(fc.tuple(fc.constantFrom(...DOCS), fc.constantFrom('---\n', '--- \n', '---\n\n')), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.map(([doc, marker], i) => (i === 0 ? doc : marker + doc)).join(''))

  it('for streams mixing documents it reads fast and documents it leaves to yaml', () => {
    let fast = 0
    fc.assert(
      fc.property(streams, (text) => {
        fast += check(text)
      }),
      {numRuns: 400},
    )
    expect(fast).to.be.greaterThan(100)
  })

  it('with directives or document-end markers, all by yaml', () => {
    for (const text of ['%YAML 1.1\n---\na: yes\n---\nb: 1\n', 'a: 1\n...\n---\nb: 2\n']) {
      check(text)
      expect([...streamDocuments(text)].every((d) => d.doc.range[0] >= 0 && d.base === 0)).to.equal(true)
    }
  })

  it('reads every document with yaml when told to (fast: false)', () => {
    const text = 'a: 1\n---\nb: 2\n'
    const valueEnd = (d: Document.Parsed) =>
      (d.contents as unknown as {items: {value: {range: number[]}}[]}).items[0]!.value.range[2]
    // the one visible difference: yaml's scalars end after the line break, the fast reader's before it
    expect([...streamDocuments(text)].map((d) => valueEnd(d.doc))).to.deep.equal([4, 13])
    const docs = [...streamDocuments(text, false)]
    expect(docs.map((d) => valueEnd(d.doc))).to.deep.equal([5, 14])
    expect(docs.map((d) => d.doc.toJS())).to.deep.equal([{a: 1}, {b: 2}])
  })

  it('numbers lines from the first line given', () => {
    const at = lineNumbers('a\nb\n\nc', 10)
    expect([0, 1, 2, 3, 4, 5, 6].map(at)).to.deep.equal([10, 10, 11, 11, 12, 13, 13])
  })
})
