import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {generateResources} from '../../bench/gen-resources.js'
import {parseDocuments, parseDocumentsWithPositions, type FieldPath} from '../../src/lib/input/documents.js'
import {parseFast} from '../../src/lib/input/fast.js'
import {blockLocator} from '../../src/lib/input/locate.js'
import {ISTIO_SRC} from '../helpers/istio.js'

// The fast path (js-yaml, lines from the text) must give what the `yaml` path gives, object for object and
// line for line, or step aside (undefined) so the `yaml` path runs.

/** Every path into a value, plus a missing key of each map and one index past each list. */
function paths(v: unknown, pre: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [pre]
  if (Array.isArray(v)) {
    v.forEach((x, i) => out.push(...paths(x, [...pre, i])))
    out.push([...pre, v.length])
  } else if (v !== null && typeof v === 'object') {
    out.push([...pre, 'notThere'], [...pre, 0])
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...pre, k]))
  }
  return out
}

/** Asserts that parseDocuments equals the `yaml` path on `text`; returns whether the fast path answered. */
function expectSameAsExact(text: string, source = 'f.yaml'): boolean {
  const fast = parseFast(text, source)
  const exact = parseDocumentsWithPositions(text, source)
  const got = parseDocuments(text, source)
  const plain = (r: typeof got) => ({
    problems: r.problems,
    objects: r.objects.map(({object, docIndex, listIndex, line}) => ({object, docIndex, listIndex, line})),
  })
  expect(plain(got), source).to.deep.equal(plain(exact))
  got.objects.forEach((o, i) => {
    for (const p of paths(o.object))
      expect(o.lineOf(p), `${source} doc ${o.docIndex} ${JSON.stringify(p)}`).to.equal(
        exact.objects[i].lineOf(p),
      )
  })
  return fast !== undefined
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e)
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.(ya?ml|json)$/.test(e) ? [p] : []
  })
}

// Under mutation testing (scripts/mutation.ts) each surviving mutant reruns these corpus tests: they then read
// every 8th file and a quarter of the random edits, which still covers each fast-path branch.
const MUTATING = process.env.MESHCTL_MUTATION_MODULE !== undefined
const sample = <T>(xs: T[]): T[] => (MUTATING ? xs.filter((_, i) => i % 8 === 0) : xs)

describe('input: the fast path reads what the yaml path reads', () => {
  it('on the analyze benchmark corpus, taking the fast path', () => {
    expect(expectSameAsExact(generateResources(100), 'bench.yaml')).to.equal(true)
  })

  it("on the repository's fixtures and the shared Istio fixtures", () => {
    const files = sample([...yamlFiles('test/fixtures'), ...yamlFiles('../shared/fixtures')])
    expect(files.length).to.be.greaterThan(10)
    const fast = files.filter((f) => expectSameAsExact(readFileSync(f, 'utf8'), f))
    expect(fast.length).to.be.greaterThan(files.length / 2)
  })

  it("on Istio's test data", function () {
    const dirs = ['pkg/config/analysis/analyzers/testdata', 'tests/testdata/config', 'pkg/config/validation']
    const files = sample(dirs.flatMap((d) => yamlFiles(join(ISTIO_SRC, d))))
    if (files.length === 0) {
      console.log(`      (skipped: no Istio source at ${ISTIO_SRC})`)
      this.skip()
    }
    const fast = files.filter((f) => expectSameAsExact(readFileSync(f, 'utf8'), f))
    expect(fast.length).to.be.greaterThan(files.length / 2)
  })

  it('on fixtures broken at random places (a fixed seed), answering alike or stepping aside', () => {
    // each edit is a piece of YAML syntax inserted, a few characters deleted, or a line re-indented
    const pieces = [' ', '\n', '"', "'", '[', ']', '{', '}', ',', ': ', '- ', '#', ' #', '|', '>', '\t', '\\']
    pieces.push(
      '---\n',
      '\n  ',
      '~',
      'null',
      '{{',
      '\uFEFF',
      '\r',
      '? ',
      '&a ',
      '*a',
      '!t ',
      "''",
      '...\n',
      '0x1',
    )
    let seed = 7
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n
    const files = yamlFiles('test/fixtures/analyze').filter((f) => statSync(f).size < 20_000)
    let fast = 0
    const rounds = MUTATING ? 100 : 400
    for (let k = 0; k < rounds; k++) {
      let text = readFileSync(files[rnd(files.length)], 'utf8')
      for (let edits = 1 + rnd(3); edits > 0; edits--) {
        const at = rnd(text.length)
        const op = rnd(3)
        if (op === 0) text = text.slice(0, at) + text.slice(at + 1 + rnd(3))
        else if (op === 1) text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at)
        else text = text.slice(0, at) + text.slice(at).replace(/\n/, rnd(2) ? '\n ' : '\n\n')
      }
      if (expectSameAsExact(text, `edit ${k}`)) fast++
    }
    expect(fast).to.be.greaterThan(rounds / 4) // the fast path still reads many of them
  })

  it('reads YAML 1.2 core scalars as `yaml` does (not js-yaml defaults)', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  under: 1_000',
      '  bin: 0b101',
      '  oct: 0o17',
      '  octish: 017',
      '  hex: 0x1F',
      '  neghex: -0x1F',
      '  inf: -.Inf',
      '  nan: .NaN',
      '  exp: 1e3',
      '  float: 2.50',
      '  date: 2020-01-01',
      '  tilde: ~',
      '  nul: Null',
      '  yes: yes',
      '  bool: True',
      '  merge: {<<: {a: 1}}',
      '  quoted: "tab\\tx"',
      "  single: 'it''s'",
      '  80: http',
      '  folded: >',
      '    a',
      '    b',
      '',
    ].join('\n')
    expect(expectSameAsExact(text)).to.equal(true)
    const [o] = parseDocuments(text, 'f.yaml').objects
    expect((o.object.data as Record<string, unknown>).under).to.equal('1_000')
  })

  it('reads JSON files, however laid out, and flow collections indented past their key', () => {
    const json = JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', data: {a: [1, 2]}}, null, 2)
    expect(expectSameAsExact(json, 'f.json')).to.equal(true)
    expect(expectSameAsExact(`{"apiVersion": "v1",\n"kind": "A"}\n`, 'g.json')).to.equal(true)
    expect(expectSameAsExact('apiVersion: v1\nkind: A\ndata:\n  a: [1,\n    2]\n')).to.equal(true)
  })

  it('keeps lines with a BOM, CRLF line ends, comments, empty documents and `--- # comment`', () => {
    const doc = (n: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${n}\n`
    for (const text of [
      `\uFEFF${doc(1)}`,
      `\uFEFF---\n${doc(1)}---\n${doc(2)}`,
      `# head\n\n${doc(1)}---\n---\n# only a comment\n--- # marked\n\n${doc(2)}...\n`.replace('...\n', ''),
      doc(1).replace(/\n/g, '\r\n') + '---\r\n' + doc(2).replace(/\n/g, '\r\n'),
      `---\n${doc(1)}---\n`,
    ])
      expect(expectSameAsExact(text), JSON.stringify(text)).to.equal(true)
  })

  it('leaves to the yaml path what the two parsers could read differently, with the same results', () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\n'
    for (const text of [
      `${head}data: &d {a: b}\nother: *d\n`,
      `${head}data: !!map {a: b}\n`,
      `${head}data:\n  ? a\n  : b\n`,
      `${head}data: {[a]: b}\n`,
      `${head}data:\n  null: x\n`,
      `${head}data:\n  ~: x\n`,
      `%YAML 1.2\n---\n${head}`,
      `${head}...\n${head}`,
      `--- {apiVersion: v1, kind: A}\n`,
      `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A}\n`,
      `${head}data: [1, 2\n`,
      `${head}data: {a: 1, a: 2}\n`,
      `${head}---\n- a\n`,
      `${head}spec:\n  url: {{ .URL }}\n`,
      // js-yaml reads these, `yaml` rejects them: the fast path must not answer
      `${head}a: "foo\nbar"\n`,
      `${head}a: 'multi\nline'\n`,
      `${head}data:\n  a: [1,\n  2]\n`,
      `${head}a: "x"#c\n`,
      `${head}data: [1]#c\n`,
      `${head}${'k'.repeat(1100)}: 1\n`,
      `${head}data: {{a: 1}}\n`,
      `${head}data: {a, null}\n`,
      `${head}metadata:\n\r name: x\n`,
      `${head}data: ["a"\r]\n`,
    ])
      expect(expectSameAsExact(text), text).to.equal(false)
  })

  it('finds field lines in every block layout, falling back to a parse where the text is not plain', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  "quoted key": 1',
      "  'single': 2",
      '  labels: {app: a, "v": "1"}',
      'spec:',
      '  list:',
      '  - a',
      '  -',
      '    b: 1',
      '  - - nested',
      '    - more',
      '  - name: x # comment',
      '    # comment',
      '    ports: [{port: 1}, {port: 2}]',
      '  script: |',
      '    key: not a key',
      '    - not an item',
      '  next:',
      '    [{a: 1}]',
      '  multi: [1,',
      '    2]',
      '  plain: a',
      '    continued',
      '  "esc\\"aped": 3',
      '  url: http://a:80/b',
      '  after: end',
      '',
    ].join('\n')
    expect(expectSameAsExact(text)).to.equal(true)
    // read from the text where it is plain, left to the parse where it is not
    const [o] = parseDocuments(text, 'f.yaml').objects
    const locate = blockLocator(text.split('\n'), 1, 1, o.object)
    expect(locate(['spec', 'list', 1, 'b'])).to.equal(11)
    expect(locate(['spec', 'list', 3, 'ports', 1, 'port'])).to.equal(16)
    expect(locate(['spec', 'next', 0, 'a'])).to.equal(21)
    expect(locate(['spec', 'plain'])).to.equal(24)
    expect(locate(['spec', 'multi', 1])).to.equal(undefined)
    expect(locate(['spec', 'esc"aped'])).to.equal(undefined) // and every key after it
    expect(locate(['spec', 'after'])).to.equal(undefined)
  })
})

describe('input: the fast path answers where it can', () => {
  it('finds field lines from the text for quoted, spaced and numeric keys, one-line flows and items', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  "spaced" : 1',
      "  'tabbed'\t: 2",
      '\t',
      '  plain key: 3',
      '  80: http',
      '  1.5: x',
      `  labels: {"a]": "1", b: 'x]', c: d"e}`,
      '  list: [a, "b, c", [d]] # note',
      'spec:',
      '  items:',
      '  -   name: a',
      '      port: 1',
      '  -',
      '',
      '    name: b',
      '  - - x',
      '    -  y',
      '  after: z',
      '',
    ].join('\n')
    expect(expectSameAsExact(text)).to.equal(true)
    const [exact] = parseDocumentsWithPositions(text, 'f.yaml').objects
    const locate = blockLocator(text.split('\n'), 1, 1, exact.object)
    const want: Array<[FieldPath, number]> = [
      [['metadata', 'spaced'], 4],
      [['metadata', 'tabbed'], 5],
      [['metadata', 'plain key'], 7],
      [['metadata', '80'], 8],
      [['metadata', '1.5'], 9],
      [['metadata', 'labels', 'b'], 10],
      [['metadata', 'list', 2], 11],
      [['spec', 'items', 0, 'port'], 15],
      [['spec', 'items', 1, 'name'], 18],
      [['spec', 'items', 2, 1], 20],
      [['spec', 'after'], 21],
      [['spec', 'items', 5], 13],
      [['nope'], 1],
    ]
    for (const [path, line] of want) {
      expect(locate(path), JSON.stringify(path)).to.equal(line)
      expect(exact.lineOf(path), JSON.stringify(path)).to.equal(line)
    }
  })

  it('splits streams at every kind of marker line, keeping document indexes and lines', () => {
    const doc = 'apiVersion: v1\nkind: A\n'
    const yamlBool = `apiVersion: v1\nkind: A\ndata:\n  t: TRUE\n  inf: .inf\n  pinf: +.INF\n  ninf: -.inf\n`
    for (const text of [
      `\n${doc}---\n${doc}`,
      `${doc}---`,
      `# head\n---\n${doc}`,
      '# only a comment',
      `${doc}---\n# c`,
      `${doc}---\n~\n---\n${doc}`,
      `${doc}---x: 1\n`,
      yamlBool,
    ])
      expect(expectSameAsExact(text), JSON.stringify(text)).to.equal(true)
    const [o] = parseDocuments(yamlBool, 'f.yaml').objects
    expect(o.object.data).to.deep.equal({t: true, inf: Infinity, pinf: Infinity, ninf: -Infinity})
    expect(parseDocuments(`# head\n---\n${doc}`, 'f').objects[0].docIndex).to.equal(0)
  })
})
