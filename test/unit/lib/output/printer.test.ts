import {expect} from 'chai'
import {parse} from 'yaml'
import {render, toJson, toYaml} from '../../../../src/lib/output/printer.js'
import {formatTable} from '../../../../src/lib/output/table.js'

interface Row {
  name: string
  namespace: string
  ready: number
}

const rows: Row[] = [
  {name: 'istiod-7d4f9', namespace: 'istio-system', ready: 1},
  {name: 'productpage-v1-abc', namespace: 'default', ready: 2},
]
const columns = [
  {header: 'NAME', get: (r: Row) => r.name},
  {header: 'NAMESPACE', get: (r: Row) => r.namespace},
  {header: 'READY', get: (r: Row) => r.ready},
]

describe('output/printer', () => {
  it('aligns table columns with the padding after the widest cell and no trailing spaces', () => {
    const text = formatTable(rows, columns, 3)
    expect(text).to.equal(
      [
        'NAME                 NAMESPACE      READY',
        'istiod-7d4f9         istio-system   1',
        'productpage-v1-abc   default        2',
        '',
      ].join('\n'),
    )
    for (const line of text.split('\n')) expect(line).to.equal(line.trimEnd())
  })

  it('renders empty cells for undefined and null values', () => {
    const text = formatTable([{a: undefined, b: null}], [
      {header: 'A', get: (r: {a?: string}) => r.a},
      {header: 'B', get: (r: {b: null}) => r.b},
    ] as never)
    expect(text).to.equal('A   B\n\n')
  })

  it('prints JSON that parses back to the same data, with a final newline', () => {
    const out = render(rows, 'json', {columns})
    expect(out.endsWith('}\n]\n')).to.equal(true)
    expect(JSON.parse(out)).to.deep.equal(rows)
  })

  it('prints one YAML document that parses back to the same data', () => {
    const out = render(rows, 'yaml', {columns})
    expect(out).not.to.match(/^---/)
    expect(parse(out)).to.deep.equal(rows)
  })

  it('does not wrap long YAML strings', () => {
    const long = 'x'.repeat(300)
    expect(toYaml({long}).trim()).to.equal(`long: ${long}`)
  })

  it('uses a custom renderer for non-list table output', () => {
    expect(render({a: 1}, 'table', (d) => `a=${d.a}\n`)).to.equal('a=1\n')
  })

  it('refuses table output when a command has no table form', () => {
    expect(() => render({a: 1}, 'table')).to.throw(/no table output/)
  })

  it('toJson uses two-space indentation', () => {
    expect(toJson({a: {b: 1}})).to.equal('{\n  "a": {\n    "b": 1\n  }\n}\n')
  })
})
