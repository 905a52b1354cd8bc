import {expect} from 'chai'
import {
  formatLocation,
  formatProblem,
  parseDocuments,
  parseDocumentsWithPositions,
} from '../../src/lib/input/documents.js'
import {lazyLineOf} from '../../src/lib/input/positions.js'

// The `yaml` path (parseDocumentsWithPositions) on its own: the problems it reports, with their lines,
// columns and code frames, and what it skips.

describe('input: locations and problems', () => {
  it('formats source:line:col, with <stdin> for -', () => {
    expect(formatLocation({source: '-', line: 3})).to.equal('<stdin>:3')
    expect(formatLocation({source: '-'})).to.equal('<stdin>')
    expect(formatLocation({source: 'a.yaml', line: 3, column: 4})).to.equal('a.yaml:3:4')
    expect(formatProblem({source: 'a.yaml', message: 'bad'})).to.equal('a.yaml: bad')
  })

  it('refuses a NUL byte on its line, with no objects', () => {
    expect(parseDocuments('\0a: 1\n', 'f')).to.deep.equal({
      objects: [],
      problems: [
        {source: 'f', line: 1, message: 'cannot parse YAML: contains a NUL byte (a binary or UTF-16 file?)'},
      ],
    })
    expect(parseDocuments('\n\0', 'f').problems[0].line).to.equal(2)
    expect(parseDocuments('a: 1\nb: 2\nc: \0\n', 'f').problems[0].line).to.equal(3)
  })

  it('gives a syntax error its line, column and a code frame', () => {
    const text = 'apiVersion: v1\nkind: A\nmetadata:\n  name: x\nspec: a: b\n'
    const [p] = parseDocumentsWithPositions(text, 'f').problems
    expect(p).to.deep.equal({
      source: 'f',
      line: 5,
      column: 7,
      message: 'cannot parse YAML: Nested mappings are not allowed in compact mappings',
      frame: '3 | metadata:\n4 |   name: x\n5 | spec: a: b\n  |       ^',
    })
  })

  it('frames an error on line 1, and on line 10 with a wider gutter', () => {
    expect(parseDocumentsWithPositions('a: b: c\n', 'f').problems[0].frame).to.equal('1 | a: b: c\n  |    ^')
    const ten = [...Array(9).keys()].map((i) => `a${i}: 1\n`).join('') + 'b: c: d\n'
    const [p] = parseDocumentsWithPositions(ten, 'f').problems
    expect(p.line).to.equal(10)
    expect(p.frame).to.equal(' 8 | a7: 1\n 9 | a8: 1\n10 | b: c: d\n   |    ^')
  })

  it('points an error at the end of the input at the last line with content, without a column', () => {
    const [p] = parseDocumentsWithPositions('a: 1\nb: [1, 2\n\n\n', 'f').problems
    expect(p.line).to.equal(2)
    expect(p).not.to.have.property('column')
    expect(p.frame).to.equal('1 | a: 1\n2 | b: [1, 2\n  | ^')
  })

  it('refuses an alias with no anchor, also at the very start of the input', () => {
    expect(parseDocumentsWithPositions('*x\n', 'f').problems).to.deep.equal([
      {source: 'f', line: 1, message: 'cannot parse YAML: unknown alias *x'},
    ])
  })

  it('skips empty documents; refuses an item that is not an object', () => {
    expect(parseDocumentsWithPositions('---\n---\n~\n', 'f')).to.deep.equal({objects: [], problems: []})
    const r = parseDocumentsWithPositions(
      'apiVersion: v1\nkind: List\nitems:\n- a\n- {apiVersion: v1, kind: A}\n',
      'f',
    )
    expect(r.problems).to.deep.equal([{source: 'f', line: 4, message: 'items[0] is not an object'}])
    expect(r.objects.map((o) => [o.listIndex, o.line])).to.deep.equal([[1, 5]])
  })

  it('reads the items of a List given as an alias of an anchored list', () => {
    const text = 'apiVersion: v1\nkind: List\nx: &l\n- {apiVersion: v1, kind: A}\n- 1\nitems: *l\n'
    const r = parseDocumentsWithPositions(text, 'f')
    expect(r.objects.map((o) => [o.object, o.listIndex, o.line])).to.deep.equal([
      [{apiVersion: 'v1', kind: 'A'}, 0, 4],
    ])
    expect(r.problems).to.deep.equal([{source: 'f', line: 5, message: 'items[1] is not an object'}])
  })

  it('keeps aliases shared, and refuses an alias bomb as go-yaml does (excessive aliasing)', () => {
    // 200 uses of one anchor: fine (go-yaml minds only once a document is big and mostly aliases)
    const many = `apiVersion: v1\nkind: A\nx: &v {a: 1}\nl: [${Array(200).fill('*v').join(', ')}]\n`
    const ok = parseDocumentsWithPositions(many, 'f')
    expect(ok.problems).to.deep.equal([])
    const l = (ok.objects[0]!.object as {l: unknown[]; x: unknown}).l
    expect(l).to.have.length(200)
    expect(l[199]).to.equal((ok.objects[0]!.object as {x: unknown}).x) // the anchor's one object
    const levels = 'abcdefg'.split('').map(
      (x, i) =>
        `${x}: &${x} [${Array(9)
          .fill(i ? `*${'abcdefg'[i - 1]}` : '1')
          .join(',')}]`,
    )
    const bomb = `apiVersion: v1\nkind: A\ndata:\n  ${levels.join('\n  ')}\n`
    expect(parseDocumentsWithPositions(bomb, 'f')).to.deep.equal({
      objects: [],
      problems: [{source: 'f', line: 1, message: 'cannot parse YAML: document contains excessive aliasing'}],
    })
  })

  it('finds no field under a list by a string index', () => {
    const [o] = parseDocumentsWithPositions('apiVersion: v1\nkind: A\nlist:\n- a\n- b\n', 'f').objects
    expect(o.lineOf(['list', 1])).to.equal(5)
    expect(o.lineOf(['list', '1'])).to.equal(3)
  })
})

describe('input: lazy field lines of one document in a stream', () => {
  it('parses only that document, counting lines from its start', () => {
    const text = 'a: 1\nb:\n  c: 2\n---\nd: 3\ne:\n  f: 4\n'
    const start = text.indexOf('---')
    const find = lazyLineOf(text, start, text.length, 4)
    expect(find(['e', 'f'])).to.equal(7)
    expect(find(['b'])).to.equal(5) // not in this document: the line of its root
  })
})
