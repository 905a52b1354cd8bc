import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {deepNestingLine, MAX_NESTING} from '../../src/lib/input/depth.js'
import {parseDocuments} from '../../src/lib/input/documents.js'
import {ROOT} from '../helpers/cli.js'

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory()
      ? yamlFiles(join(dir, e.name))
      : /\.(ya?ml|json)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  )
}

describe('input: nesting guard before the YAML parsers', () => {
  it('finds flow nesting past the limit, on its line', () => {
    expect(deepNestingLine('a: 1\nb: ' + '['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1))).to.equal(
      2,
    )
    expect(deepNestingLine('{"a":'.repeat(5000) + '1' + '}'.repeat(5000))).to.equal(1)
    expect(deepNestingLine('a: ' + '['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING))).to.equal(undefined)
  })

  it('finds block nesting past the limit', () => {
    let block = ''
    for (let i = 0; i <= MAX_NESTING + 1; i++) block += ' '.repeat(i) + 'a:\n'
    expect(deepNestingLine(block)).to.equal(MAX_NESTING + 2)
  })

  it('ignores brackets in quotes, comments, plain words, and starts over at ---', () => {
    const n = MAX_NESTING + 5
    expect(deepNestingLine(`a: "${'['.repeat(n)}"\nb: '${'{'.repeat(n)}'`)).to.equal(undefined)
    expect(deepNestingLine(`a: 1 # ${'['.repeat(n)}`)).to.equal(undefined)
    expect(deepNestingLine(`regex: ^${'[a-z]'.repeat(n)}$`)).to.equal(undefined)
    const half = '['.repeat(600)
    expect(deepNestingLine(`a: ${half}\n---\nb: ${half}`)).to.equal(undefined)
  })

  it('passes every YAML file of our manifests', () => {
    const files = yamlFiles(join(ROOT, 'manifests'))
    expect(files.length).to.be.greaterThan(20)
    for (const f of files) expect(deepNestingLine(readFileSync(f, 'utf8')), f).to.equal(undefined)
  })

  it('makes parseDocuments report a problem instead of recursing', () => {
    const r = parseDocuments('kind: x\nspec: ' + '['.repeat(100_000), 'deep.yaml')
    expect(r.problems).to.deep.equal([
      {source: 'deep.yaml', line: 2, message: `cannot parse YAML: nested deeper than ${MAX_NESTING} levels`},
    ])
  })
})

describe('input: nesting guard, token by token (limit 2)', () => {
  // [text, the line where nesting first passes 2 levels, or undefined]
  const cases: [string, string, number | undefined][] = [
    ['two levels pass', 'a: [[1]]', undefined],
    ['three levels stop', 'a: [[[1]]]', 1],
    ['closing brackets free levels', 'a: [[1]]\nb: [[2]]\nc: [[3], [4]]', undefined],
    ['closing braces free levels', 'a: {x: {y: 1}}\nb: {x: {y: 1}}', undefined],
    ['stray closers do not bank levels', ']]]\na: [[[1]]]', 2],
    ['a bracket opens a node at the start of a line', 'a: 1\n[[[1]]]', 2],
    ['after a colon', 'a:[[[1]]]', 1],
    ['after a tab', 'a:\t[[[1]]]', 1],
    ['after a comma', 'a: [1,[[1]]]', 1],
    ['after a dash', '-[[[1]]]', 1],
    ['after a brace', 'a: {{{}}}', 1],
    ['not inside a plain word', 'a: x[[[1]]]', undefined],
    ['flow nesting carries across lines', 'a: [\n[\n[\n]]]', 3],
    ['a document marker starts over', 'a: [[\n---\nb: [[', undefined],
    ['an indented --- is not a document marker', 'a: [\n [\n ---\n [', 4],
    ['indentation counts from the first line', '   a: 1', 1],
    ['indentation on a later line', 'a:\n b:\n   c: 1', 3],
    ['a double-quoted scalar is skipped', 'a: "x [[[ y"', undefined],
    ['a quoted scalar keeps counting lines', 'a: "x\n[[[\n"\nb: [[[1]]]', 4],
    ['an escaped double quote does not end it', 'a: "x\\" [[[ "', undefined],
    ['a doubled single quote does not end it', "a: 'it''s [[[ '", undefined],
    ['a backslash escapes nothing in single quotes', "a: 'x\\' [[[1]]]", 1],
    ['a double quote ends at the first unescaped double quote', 'a: "x"\' [[[1]]]', 1],
    ['a quote inside a word is not a scalar', 'a: it"s [[[1]]]', 1],
    ['a quote after [ is a scalar', '["a [[[ "]', undefined],
    ['a quote after { is a scalar', '{"a [[[ ": 1}', undefined],
    ['a comment is skipped to the end of its line', 'a: 1 # [[[\nb: [[[1]]]', 2],
    ['a comment after a tab', 'a: 1\t# [[[', undefined],
    ['a comment on a line of its own', '# [[[\na: 1', undefined],
    ['a # inside a word is no comment', 'a: b# [[[1]]]', 1],
  ]
  for (const [what, text, line] of cases)
    it(what, () => expect(deepNestingLine(text, 2), JSON.stringify(text)).to.equal(line))
})

describe('input: NUL bytes', () => {
  it('refuses a file with a NUL byte (binary, or UTF-16) on its line', () => {
    expect(parseDocuments('a: 1\nkind: Config\u0000Map\n', 'x.yaml').problems).to.deep.equal([
      {
        source: 'x.yaml',
        line: 2,
        message: 'cannot parse YAML: contains a NUL byte (a binary or UTF-16 file?)',
      },
    ])
    expect(
      parseDocuments(Buffer.from('kind: x\n', 'utf16le').toString('utf8'), 'u.yaml').problems[0]!.line,
    ).to.equal(1)
  })
})

describe('input: aliases', () => {
  it('refuses an alias with no anchor, on its line', () => {
    expect(parseDocuments('kind: x\na: *nope\n', 'x.yaml').problems).to.deep.equal([
      {source: 'x.yaml', line: 2, message: 'cannot parse YAML: unknown alias *nope'},
    ])
    expect(
      parseDocuments(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: &y "1", b: *y}\n',
        'x.yaml',
      ).problems,
    ).to.deep.equal([])
  })
})
