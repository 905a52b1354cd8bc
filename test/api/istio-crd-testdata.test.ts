// Istio's own CRD validation cases (pkg/config/validation/testdata/crds in the Istio checkout, read in place):
// what the API server must accept and reject. Skipped, visibly, when the checkout is absent.
import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {formatPath, kindInfo, objectSchema, validateObject} from '../../src/lib/api/index.js'
import {compileStructural} from '../../src/lib/api/validate.js'
import {parseDocuments} from '../../src/lib/input/index.js'
import {istioCrds} from './schema-diff.js'
import {ISTIO_SRC} from '../helpers/istio.js'

const DIR = join(ISTIO_SRC, 'pkg/config/validation/testdata/crds')

/** Valid cases our YAML reader sees differently: YAML 1.2 reads `[1.2.3.4, 001:db8::]` as holding a map. */
const YAML_1_2_DIFFERENCES = new Set(['serviceentry-valid.yaml full'])

describe('api: Istio 1.30 CRD validation cases', function () {
  before(function () {
    if (!existsSync(DIR)) {
      console.log(`      SKIP: ${DIR} is absent (the Istio 1.30.3 checkout)`)
      this.skip()
    }
  })

  const cases = () =>
    readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .flatMap((f) => parseDocuments(readFileSync(join(DIR, f), 'utf8'), f).objects)
      .map((o) => ({o, id: `${o.source} ${(o.object.metadata as {name?: string})?.name}`}))

  it('accepts every valid case', () => {
    const rejected = cases()
      .filter(({o, id}) => o.source.includes('-valid') && !YAML_1_2_DIFFERENCES.has(id))
      .flatMap(({o, id}) =>
        validateObject(o.object).errors.map((e) => `${id}: ${formatPath(e.path)}: ${e.message}`),
      )
    expect(rejected).to.deep.equal([])
  })

  it('rejects every invalid case', () => {
    const all = cases().filter(({o}) => o.source.includes('-invalid'))
    const accepted = all.filter(({o}) => validateObject(o.object).errors.length === 0).map(({id}) => id)
    expect(accepted).to.deep.equal([])
    expect(all.length).to.be.greaterThan(50)
  })

  it("gets the same structural verdict from our schemas and Istio's on every case", () => {
    const crds = istioCrds()
    const compiled = new Map<string, [(d: unknown) => boolean, (d: unknown) => boolean]>()
    const validators = (group: string, kind: string, version: string) => {
      const key = `${kind}/${version}`
      if (!compiled.has(key)) {
        const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === kind)!
        const schema = crd.spec.versions.find((v: any) => v.name === version).schema.openAPIV3Schema
        compiled.set(key, [
          compileStructural(objectSchema(kindInfo(`${group}/${version}`, kind)!)),
          compileStructural(schema),
        ])
      }
      return compiled.get(key)!
    }
    const differ = cases().flatMap(({o, id}) => {
      const k = kindInfo(o.object.apiVersion as string, o.object.kind as string)!
      const [ours, theirs] = validators(k.group, k.kind, (o.object.apiVersion as string).split('/')[1])
      const data = {spec: o.object.spec}
      return ours(data) === theirs(data) ? [] : [`${id}: ours ${ours(data)}, Istio's ${theirs(data)}`]
    })
    expect(differ).to.deep.equal([])
  })
})
