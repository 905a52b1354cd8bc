import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {expect} from 'chai'
import {parseSimpleYaml} from '../../src/lib/manifest/goyaml.js'
import {goYamlParse} from '../../src/lib/template/yaml.js'
import {ISTIO_SRC} from '../helpers/istio.js'

/** YAML files under a directory (skipping .git and huge files). */
function yamlFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    const st = statSync(p, {throwIfNoEntry: false})
    if (!st || name === '.git') continue
    if (st.isDirectory()) out.push(...yamlFiles(p))
    else if (/\.ya?ml$/.test(name) && st.size < 1_000_000) out.push(p)
  }
  return out
}

/** The template engine's reader, or 'error'. */
function engine(text: string): unknown {
  try {
    return goYamlParse(text) ?? null
  } catch {
    return 'error'
  }
}

describe('manifest goyaml: plain chart YAML read with js-yaml, as the template engine reads it', () => {
  it('reads plain values and Chart.yaml files', () => {
    const text =
      'name: base\nversion: 1.30.3\nlist: [a, 1, yes]\nm: {}\nq: "x: y"\ns: |\n  two\n  lines\nn: ~\n'
    expect(parseSimpleYaml(text)).to.deep.equal(engine(text))
    expect(parseSimpleYaml('')).to.equal(null)
  })

  it('leaves to the engine what the two readers may read differently', () => {
    const cases = {
      'a tag': 'a: !!binary aGk=\n',
      'a non-specific tag': 'a: ! 12\n',
      'an alias': 'a: &x 1\nb: *x\n',
      'an explicit key': '? a\n: b\n',
      'a collection key': '[a, b]: c\n',
      'a collection in a flow collection': 'a: {{b}}\n',
      'a tab': 'a:\tb\n',
      'a CR': 'a: b\r\n',
      'a NEL': 'a: "b\u0085c"\n',
      'no final newline': 'a: |\n  b',
      'a float key': '1e6: a\n',
      'a big int key': '12345678901234567890: a\n',
      'an infinity': 'a: .inf\n',
      'invalid YAML': 'a: [\n',
    }
    for (const [what, text] of Object.entries(cases)) expect(parseSimpleYaml(text), what).to.equal(undefined)
  })

  it('gives the engine’s value or steps aside, on text where js-yaml alone would read differently', () => {
    // each of these js-yaml reads otherwise than the engine (or the engine refuses): the guards must catch them
    const differing = [
      'a: b\rc: d\n', // a lone CR
      '[a]: c\n', // collection keys
      '[a] : c\n',
      '{[a]:b}\n',
      '{a: 1}: b\n',
      'x:\n  [a]:\n',
      '[[a]: 1]\n',
      '? - a\n: b\n', // explicit keys that are collections
      '- ? - x\n  : y\n',
      'a: {{b}}\n', // a collection nested in a flow collection
      'a: { {b}}\n',
      'a: |\n  b', // no final newline
      '1e6: a\n', // keys that were numbers
      '-1e6: a\n',
      '0.00001: a\n',
      '.inf: a\n',
      '-.inf: a\n',
      '.nan: a\n',
      'a: 1\nb: {1e6: x}\n',
      '- {1e6: x}\n',
      'a: .inf\n', // numbers JSON cannot hold
      'a: [1, .inf]\n',
      'a: {b: [1, .nan]}\n',
    ]
    for (const text of differing) {
      const fast = parseSimpleYaml(text)
      if (fast !== undefined) expect(fast, JSON.stringify(text)).to.deep.equal(engine(text))
    }
    // and what is plain it reads itself
    for (const text of ['a: 1\n', 'a: [1, b]\n', 'k: "x: y"\n', '123456: six digits\n', 'l:\n- a\n- b\n'])
      expect(parseSimpleYaml(text), JSON.stringify(text)).to.deep.equal(engine(text))
  })

  it('gives what the engine gives for every YAML file it accepts in meshctl’s manifests and Istio’s source', function () {
    this.timeout(120000)
    const roots = [path.resolve('manifests'), ISTIO_SRC].filter((d) => statSync(d, {throwIfNoEntry: false}))
    let accepted = 0
    for (const file of roots.flatMap(yamlFiles)) {
      const text = readFileSync(file, 'utf8')
      const fast = parseSimpleYaml(text)
      if (fast === undefined) continue
      accepted++
      expect(fast, file).to.deep.equal(engine(text))
    }
    // meshctl's charts alone have a dozen values.yaml and Chart.yaml files
    expect(accepted).to.be.greaterThan(12)
  })
})
