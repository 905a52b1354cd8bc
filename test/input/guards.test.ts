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
