import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {expect} from 'chai'
import {
  formatNumber,
  goYamlKeyLess,
  goYamlSortKeys,
  marshalYaml,
  parseYamlDocuments,
  resolvePlain,
  YamlError,
  yamlInputError,
  type Json,
} from '../../src/lib/manifest/goyaml.js'
import {MeshctlError} from '../../src/lib/errors.js'
import {requireGoOracle} from '../helpers/go-oracles.js'
import {ISTIO_SRC} from '../helpers/istio.js'

const ISTIO = ISTIO_SRC

function viaGo(bin: string, docs: Json[]): string[] {
  return execFileSync(bin, [], {input: JSON.stringify(docs), maxBuffer: 256 << 20})
    .toString('utf8')
    .split('\0')
    .slice(0, -1)
}

const TRICKY: Json[] = [
  {
    y: 'yes',
    n: 'no',
    on: 'on',
    e: '',
    t: 'true',
    i: '123',
    o: '0123',
    f: '1.5',
    x: '0x1F',
    ts: '2024-01-02',
    b60: '1:20',
    neg: '-',
    colon: 'a: b',
    hash: 'a #b',
    lead: ' x',
    trail: 'x ',
    tab: 'a\tb',
    quote: "it's",
    dq: 'say "hi"',
    star: '*x',
    amp: '&x',
    bang: '!x',
    pct: '%x',
    at: '@x',
    tick: '`x',
    brace: '{x}',
    dash: '- x',
    q: '? x',
    dots: '...',
    url: 'https://example.com/a?b=c#d',
    uni: 'héllo wörld ✓',
    emoji: 'smile 😀',
    nul: 'a\u0000b',
  },
  {
    ml: 'line1\nline2\n',
    ml2: 'line1\nline2',
    ml3: 'a\n\n',
    ml4: '\nstarts with newline',
    ml5: '  indented\nsecond\n',
    ml6: 'trailing space \nnext',
    ml7: 'tab\tinside\nnext\n',
    long: 'word '.repeat(40).trim(),
    longq: ('yes ' + 'word '.repeat(30)).trim() + ' #comment',
    longdq: 'x\t' + 'abc '.repeat(40),
    nested: {list: [[1, 2], [], {}, {a: [{b: 'c'}]}], deep: {k: {l: {m: 'v'}}}},
    nums: [0, -1, 0.5, 1e21, 1.5e-7, 123456789012, 1234567.5, 100.25],
    keys: {'10': 1, '9': 2, a1: 1, a10: 2, a2: 3, B: 1, b: 2, _x: 1, '-y': 2, 'x.y': 1, 'x/y': 2, '': 3},
    nul: null,
    bools: [true, false],
  },
]

const PARSE_CASES = [
  'a: yes\nb: on\nc: 0x10\nd: 010\ne: 1_000\nf: 1.50\ng: .5\nh: 2024-01-02\ni: ~\nj: "quoted"\nk: \'single\'\nl: 1e3\nm: +12\nn: -0b101\n',
  'list:\n- |\n  literal\n  text\n- >\n  folded\n  text\n- plain multi\n  line\nk: !!str 123\n',
  'anchors:\n  base: &b {x: 1, y: 2}\n  merged:\n    <<: *b\n    y: 3\n',
  '80: port\ntrue: t\n1.5: f\n',
  'empty:\nnested: {a: [1, {b: null}], c: []}\n',
  'a: |\n  x\n  y',
  'a: >\n  x\n  y',
  'l:\n- b\n- |+\n  last',
  'k: &x |\n  anchored',
  'a: |\n  x\nb: plain',
  // block scalars at the end of the text without a final line break, behind every kind of header
  'a#b: |\n  x',
  '- |\n  x',
  'a: &anchor  !!str |\n  v',
  'a: !t |\n  v',
  'a: |-\n  xy',
  'a: |2\n   x',
  'a: | # comment\n  x',
  'a:\n  b:\n    c: >\n      x\n      y',
  'a: |\n  x\nb: |\n  y',
  '  a: |\n    x',
  // no block scalar at the end, though a line looks like a header
  'a: "first\n  b: |\n    x\\n"',
  'a: 1\na: 2\n',
  // tags go-yaml reads as if absent (a scalar stays a string), and !!binary
  'a: !t\nb: !t 12\nc: !t [1, yes]\nd: !t {b: 1}\ne: !t ~\nf: !<tag:x> 5\ng: !!xyz true\n',
  'a: !!set {x}\nb: !!omap [a: 1]\nc: !!str [1]\nd: !!timestamp 2001-01-01\ne: ! 12\nf: !!null ""\n',
  'a: !!binary aGk=\nb: !!binary |\n  aGVs\n  bG8=\n',
]

describe('manifest goyaml: sigs.k8s.io/yaml compatible YAML', () => {
  it('resolves plain scalars with YAML 1.1 rules (yes/on bools, 0x/octal ints, timestamps)', () => {
    expect(resolvePlain('yes')).to.deep.equal({tag: 'bool', value: true})
    expect(resolvePlain('Off')).to.deep.equal({tag: 'bool', value: false})
    expect(resolvePlain('0x1F')).to.deep.equal({tag: 'int', value: 31})
    expect(resolvePlain('0777')).to.deep.equal({tag: 'int', value: 511})
    expect(resolvePlain('1_000')).to.deep.equal({tag: 'int', value: 1000})
    expect(resolvePlain('08').tag).to.equal('float')
    expect(resolvePlain('2024-01-02').tag).to.equal('timestamp')
    expect(resolvePlain('1.30.3').tag).to.equal('str')
    expect(resolvePlain('~').tag).to.equal('null')
  })

  it('parses documents into JSON values, keeping timestamps and quoted scalars as strings', () => {
    expect(parseYamlDocuments('a: yes\nb: "yes"\nc: 2024-01-02\nd: 010\n---\n- on\n')).to.deep.equal([
      {a: true, b: 'yes', c: '2024-01-02', d: 8},
      [true],
    ])
  })

  it('gives every alias its own copy, as Go decodes it (a change to one leaves the others)', () => {
    const anchor = 'a: &x {k: [1]}\n'
    for (const alias of ['b: *x\n', 'b: [*x]\n', 'b:\n- *x\n', 'b: {"m":*x}\n', 'b: {<<: *x}\n']) {
      const d = parseYamlDocuments(anchor + alias)[0] as {a: {k: Json[]}; b: Json}
      const b = JSON.stringify(d.b)
      d.a.k.push(2)
      expect(JSON.stringify(d.b), alias).to.equal(b)
    }
  })

  it("refuses alias bombs with go-yaml's excessive-aliasing rule, and keeps ordinary anchors", () => {
    // a billion laughs: 9 levels of 9 aliases would copy 9^9 lists
    const levels = 'abcdefghi'.split('')
    const bomb = levels
      .map(
        (l, i) =>
          `${l}: &${l} [${Array(9)
            .fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`)
            .join(',')}]`,
      )
      .join('\n')
    expect(() => parseYamlDocuments(bomb)).to.throw(YamlError, 'document contains excessive aliasing')
    // many aliases of a small anchor in a document mostly not aliases: fine (ratio under go-yaml's limit)
    const ok = `base: &b {x: 1}\n` + Array.from({length: 300}, (_, i) => `k${i}: {v: ${i}, w: *b}`).join('\n')
    expect(Object.keys(parseYamlDocuments(ok)[0] as object)).to.have.length(301)
  })

  it('reports YAML errors on one line with the line number', () => {
    const err = (() => {
      try {
        parseYamlDocuments('a: 1\nb: [1, 2\nc: d\n')
      } catch (e) {
        return e as YamlError
      }
    })()
    expect(err).to.be.instanceOf(YamlError)
    expect(err!.message).to.not.include('\n')
    expect(err!.line).to.equal(3)
  })

  it('turns a syntax error into one input-error line naming file:line:col, the code frame only as detail', () => {
    let err: unknown
    try {
      parseYamlDocuments('a: 1\nb: [\n')
    } catch (e) {
      err = yamlInputError('f.yaml', e)
    }
    expect(err).to.be.instanceOf(MeshctlError)
    const m = err as MeshctlError
    expect(m.message).to.equal(
      'f.yaml:3:1: cannot parse YAML: unexpected end of the stream within a flow collection',
    )
    expect(m.exitCode).to.equal(65)
    expect(m.detail).to.equal(' 1 | a: 1\n 2 | b: [\n 3 | \n-----^')
    // without a column, a line or a frame the message says less and there is no detail
    const lineOnly = yamlInputError('g.yaml', new YamlError('bad', 4), 'cannot read') as MeshctlError
    expect([lineOnly.message, lineOnly.detail]).to.deep.equal(['g.yaml:4: cannot read: bad', undefined])
    expect((yamlInputError('h.yaml', new YamlError('bad')) as MeshctlError).message).to.equal(
      'h.yaml: cannot parse YAML: bad',
    )
    // anything else passes through
    const other = new TypeError('x')
    expect(yamlInputError('f.yaml', other)).to.equal(other)
    expect(new YamlError('m').name).to.equal('YamlError')
  })

  it('sorts keys like go-yaml (digit runs numerically, non-letters first)', () => {
    expect(goYamlSortKeys(['a10', 'a9', 'b', 'B', '_x', 'a'])).to.deep.equal([
      '_x',
      'B',
      'a',
      'a9',
      'a10',
      'b',
    ])
  })

  it('sorts keys without digits by code unit, the same order as the natural comparison', () => {
    let seed = 7
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const chars = 'aAbBzZ-._/ :@!~[]^`{}0'
    for (let round = 0; round < 500; round++) {
      const keys = Array.from({length: 1 + rnd(8)}, () =>
        Array.from({length: rnd(5)}, () => chars[rnd(round % 2 ? chars.length - 1 : chars.length)]).join(''),
      )
      const unique = [...new Set(keys)]
      for (const v3 of [false, true]) {
        const natural = [...unique].sort((a, b) =>
          goYamlKeyLess(a, b, v3) ? -1 : goYamlKeyLess(b, a, v3) ? 1 : 0,
        )
        expect(goYamlSortKeys([...unique], v3), unique.join('|')).to.deep.equal(natural)
      }
    }
  })

  it('formats numbers as Go does after a JSON round trip', () => {
    expect(formatNumber(100)).to.equal('100')
    expect(formatNumber(0.5)).to.equal('0.5')
    expect(formatNumber(1234567.5)).to.equal('1.2345675e+06')
    expect(formatNumber(1.5e-7)).to.equal('1.5e-07')
  })

  it('folds, quotes and blocks scalars as go-yaml does (checked against sigs.k8s.io/yaml when Go is present)', function () {
    const bin = requireGoOracle(this, 'goyaml')
    const want = viaGo(bin, TRICKY)
    TRICKY.forEach((d, i) => expect(marshalYaml(d), `document ${i}`).to.equal(want[i]))
  })

  it('quotes, folds and blocks random strings of YAML indicators as sigs.k8s.io/yaml does', function () {
    const bin = requireGoOracle(this, 'goyaml')
    // the emitter's shortcuts (plain ASCII, printable text analysed by string search) against go-yaml
    // indicator characters one by one (space-separated), then words that mean something to YAML
    const pieces = '- ? : # , [ ] { } & * ! | > \' " % @ ` . a b x Y 0 9 é ✓ \t true ~ --- ...'.split(' ')
    pieces.push(' ', ' ', '\n', '\n', 'word ', 'longer words here ')
    let seed = 1
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const str = (): string => {
      let s = ''
      for (let n = rnd(14); n > 0; n--) s += pieces[rnd(pieces.length)]
      return rnd(10) === 0 ? s.repeat(1 + rnd(12)) : s
    }
    const docs: Json[] = Array.from({length: 2000}, () => ({[str()]: str(), k: [str(), {[str()]: str()}]}))
    const want = viaGo(bin, docs)
    docs.forEach((d, i) => expect(marshalYaml(d), JSON.stringify(d)).to.equal(want[i]))
  })

  it('parses scalars, keys, anchors and block scalars as sigs.k8s.io/yaml.Unmarshal does', function () {
    const bin = requireGoOracle(this, 'goyaml')
    const want = JSON.parse(
      execFileSync(bin, ['unmarshal'], {input: PARSE_CASES.join('\0')}).toString(),
    ) as Json[]
    PARSE_CASES.forEach((c, i) => expect(parseYamlDocuments(c)[0], c).to.deep.equal(want[i]))
  })

  it('re-marshals every Istio 1.30.3 CRD exactly as sigs.k8s.io/yaml does', function () {
    const crds = path.join(ISTIO, 'manifests/charts/base/files/crd-all.gen.yaml')
    if (!existsSync(crds)) {
      console.log(`      SKIPPED: the Istio 1.30.3 checkout is not at ${ISTIO}`)
      this.skip()
    }
    const bin = requireGoOracle(this, 'goyaml')
    const docs = parseYamlDocuments(readFileSync(crds, 'utf8')).filter((d) => d !== null)
    const want = viaGo(bin, docs)
    docs.forEach((d, i) => expect(marshalYaml(d), `CRD ${i}`).to.equal(want[i]))
  })
})
