// go-types.ts: JSON checked against Go struct types as encoding/json decodes it. The table rows are istioctl
// 1.30.3's verdicts (test/manifest/k8s-types-cases.ts, checked by test/oracle/values-types.test.ts).
import {expect} from 'chai'
import {checkGoType, type GoTypeFinding, type GoTypes} from '../../src/lib/manifest/go-types.js'
import {GO_TYPES} from '../../src/lib/manifest/go-types.gen.js'
import {parseYamlDocuments, type Json} from '../../src/lib/manifest/goyaml.js'
import {makeTree} from '../../src/lib/manifest/values.js'
import {K8S_TYPE_CASES} from './k8s-types-cases.js'

const yamlValue = (text: string): Json => (parseYamlDocuments(`v: ${text}\n`)[0] as {v: Json}).v
const check = (types: GoTypes, type: string, v: Json, path = 'x') => {
  const out: GoTypeFinding[] = []
  checkGoType(types, type, v, path, out)
  return out.map((f) => `${f.path}|${f.message}`)
}

describe('manifest Go types: leaves as encoding/json decodes them', () => {
  it('accepts and refuses each value of the istioctl-checked k8s table', () => {
    for (const c of K8S_TYPE_CASES) {
      const k8s = makeTree(yamlValue(c.yaml), ...c.path.split('.'))
      const got = check(GO_TYPES, 'apis.KubernetesResources', k8s, 'k8s')
      const label = `${c.path}: ${c.yaml}`
      if (c.ok) expect(got, label).to.deep.equal([])
      else {
        expect(got, label).to.have.length(1)
        expect(got[0]!.startsWith(`k8s.${c.path}`), `${label}: ${got[0]}`).to.equal(true)
        expect(got[0]!.endsWith(`: ${c.want}`), `${label}: ${got[0]}`).to.equal(true)
      }
    }
  })

  it('takes anything for `any` and for leaves it does not know; a float only as a number', () => {
    const types: GoTypes = {T: {a: 'any', f: 'float', u: 'uint64', odd: 'complex128'}}
    expect(check(types, 'T', {a: [1, {b: 'c'}], f: 1.5, u: 2 ** 53, odd: 'x'})).to.deep.equal([])
    expect(check(types, 'T', {f: '1.5', u: -1})).to.deep.equal([
      'x.f|invalid value for x.f: expected a number, got string',
      'x.u|invalid value for x.u: -1 is out of range for uint64',
    ])
  })

  it('matches field names case-insensitively, as Go does, and suggests the closest for unknown ones', () => {
    expect(
      check(GO_TYPES, 'apis.KubernetesResources', {ReplicaCount: 2, NODESELECTOR: {a: 'b'}}),
    ).to.deep.equal([])
    expect(check(GO_TYPES, 'IstioOperator', {kindd: 'x', zzzzzzzz: 1}, '')).to.deep.equal([
      'kindd|unknown field kindd; did you mean kind?',
      'zzzzzzzz|unknown field zzzzzzzz',
    ])
    expect(check(GO_TYPES, 'apis.KubernetesResources', {replicaCountt: 2}, 'k8s')).to.deep.equal([
      'k8s.replicaCountt|unknown field k8s.replicaCountt; did you mean k8s.replicaCount?',
    ])
  })
})
