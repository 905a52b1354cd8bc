import {expect} from 'chai'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {formatProblem, loadInputs, parseDocuments} from '../../src/lib/input/index.js'

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
      weight: 50
`

describe('input: parseDocuments', () => {
  it('reads multi-document YAML with the line of each object and field', () => {
    const {objects, problems} = parseDocuments(
      `${VS}---\n# comment only\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n`,
      'f.yaml',
    )
    expect(problems).to.deep.equal([])
    expect(objects.map((o) => [o.object.kind, o.line, o.docIndex])).to.deep.equal([
      ['VirtualService', 1, 0],
      ['Service', 16, 2],
    ])
    const vs = objects[0]
    expect(vs.lineOf(['spec', 'hosts', 0])).to.equal(7)
    expect(vs.lineOf(['spec', 'http', 0, 'route', 0, 'weight'])).to.equal(12)
    expect(vs.lineOf(['spec', 'http', 0, 'route', 0, 'destination', 'host'])).to.equal(11)
  })

  it('points a missing field at its nearest present ancestor', () => {
    const [vs] = parseDocuments(VS, 'f.yaml').objects
    expect(vs.lineOf(['spec', 'http', 0, 'timeout'])).to.equal(9)
    expect(vs.lineOf(['spec', 'gateways', 3])).to.equal(5) // the line of spec:
  })

  it('expands Lists into their items, keeping lines', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n`
    const {objects, problems} = parseDocuments(text, 'l.yaml')
    expect(problems).to.deep.equal([])
    expect(objects.map((o) => [o.listIndex, o.line, o.lineOf(['metadata', 'name'])])).to.deep.equal([
      [0, 4, 6],
      [1, 7, 10],
    ])
  })

  it('reads JSON, with lines', () => {
    const json = JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', data: {a: 'b'}}, null, 2)
    const [o] = parseDocuments(json, 'c.json').objects
    expect(o.object).to.deep.equal({apiVersion: 'v1', kind: 'ConfigMap', data: {a: 'b'}})
    expect(o.lineOf(['data', 'a'])).to.equal(5)
  })

  it('reports broken YAML, non-objects and objects without kind as problems with lines', () => {
    const text = `apiVersion: v1\nkind: A\n---\nfoo: [1, 2\n---\n- a\n- b\n---\njust a string\n---\nmetadata: {name: x}\n---\na: 1\na: 2\n---\nkind: X\nspec:\n  url: {{ .URL }}\n`
    const {objects, problems} = parseDocuments(text, 'bad.yaml')
    expect(objects).to.have.length(1)
    expect(problems.map(formatProblem)).to.deep.equal([
      'bad.yaml:5:1: cannot parse YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'bad.yaml:6: document is a list, not an object',
      'bad.yaml:9: document is a string, not an object',
      'bad.yaml:11: object has no apiVersion or kind: not a Kubernetes object, not validated',
      'bad.yaml:14:1: cannot parse YAML: Map keys must be unique',
      'bad.yaml:18: cannot parse YAML: invalid map key (a map or list used as a key; an unrendered template?)',
    ])
  })
})

describe('input: loadInputs', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshctl-input-'))
    await writeFile(join(dir, 'b.yaml'), VS)
    await writeFile(
      join(dir, 'a.json'),
      '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}',
    )
    await writeFile(join(dir, 'notes.txt'), 'not yaml: [')
    await mkdir(join(dir, 'sub'))
    await writeFile(join(dir, 'sub', 'c.yml'), 'apiVersion: v1\nkind: Service\n')
  })
  after(() => rm(dir, {recursive: true, force: true}))

  it("reads a directory's YAML/JSON files in name order, sub-directories only when recursive", async () => {
    const flat = await loadInputs([dir])
    expect(flat.sources).to.deep.equal([join(dir, 'a.json'), join(dir, 'b.yaml')])
    expect(flat.objects.map((o) => o.object.kind)).to.deep.equal(['Namespace', 'VirtualService'])
    expect(flat.skipped).to.deep.equal([join(dir, 'notes.txt')])
    const deep = await loadInputs([dir], {recursive: true})
    expect(deep.sources).to.deep.equal([join(dir, 'a.json'), join(dir, 'b.yaml'), join(dir, 'sub', 'c.yml')])
  })

  it('reads stdin for "-" once, and reports missing files as problems', async () => {
    let reads = 0
    const readStdin = async () => {
      reads++
      return VS
    }
    const r = await loadInputs(['-', join(dir, 'missing.yaml'), '-'], {readStdin})
    expect(reads).to.equal(1)
    expect(r.sources).to.deep.equal(['-', join(dir, 'missing.yaml')])
    expect(r.objects[0].source).to.equal('-')
    expect(r.problems.map(formatProblem)).to.deep.equal([
      `${join(dir, 'missing.yaml')}: cannot read file: no such file or directory`,
    ])
  })

  it('reads a file named explicitly whatever its extension', async () => {
    const r = await loadInputs([join(dir, 'notes.txt')])
    expect(r.objects).to.have.length(0)
    expect(r.problems).to.have.length(1)
    expect(r.problems[0].message).to.match(/^cannot parse YAML/)
  })
})
