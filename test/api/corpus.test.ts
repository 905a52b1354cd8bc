// The corpus check: our schemas and Istio's accept and reject the same objects.
import {expect} from 'chai'
import {kindInfo, objectSchema, validateObject} from '../../src/lib/api/index.js'
import {compileStructural} from '../../src/lib/api/validate.js'
import {corpus} from './corpus-files.js'
import {istioCrds} from './schema-diff.js'

type Json = unknown
/** Variants of an object, one change each: an unknown field, a wrong type, a bad enum value, a removed field. */
function* mutations(value: Json, path: string[] = []): Generator<[string, (root: Json) => Json]> {
  const at = (root: Json, change: (parent: any, key: string) => void) => {
    const copy = structuredClone(root) as any
    let node = copy
    for (const seg of path.slice(0, -1)) node = node[seg]
    change(node, path[path.length - 1])
    return copy
  }
  if (path.length > 0) {
    const wrong =
      typeof value === 'string'
        ? 12345
        : typeof value === 'number'
          ? 'NaN-string'
          : typeof value === 'boolean'
            ? 'yes'
            : Array.isArray(value)
              ? {a: 1}
              : 'a string'
    yield [`${path.join('.')}: wrong type`, (r) => at(r, (p, k) => (p[k] = wrong))]
    yield [
      `${path.join('.')}: removed`,
      (r) => at(r, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])),
    ]
    if (typeof value === 'string' && /^[A-Z][A-Z_0-9]+$/.test(value))
      yield [`${path.join('.')}: unknown enum`, (r) => at(r, (p, k) => (p[k] = 'NOT_A_VALUE'))]
    if (typeof value === 'number') yield [`${path.join('.')}: negative`, (r) => at(r, (p, k) => (p[k] = -1))]
  }
  if (value && typeof value === 'object') {
    if (!Array.isArray(value) && path.length > 0)
      yield [`${path.join('.')}: unknown field`, (r) => at(r, (p, k) => (p[k] = {...p[k], zzUnknown: 1}))]
    for (const [k, v] of Object.entries(value)) yield* mutations(v, [...path, k])
  }
}

describe("api: corpus accepted and rejected alike by our schemas and Istio's", () => {
  const crds = istioCrds()
  const istioSchema = (group: string, version: string, kind: string) => {
    const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === kind)
    return crd?.spec.versions.find((v: any) => v.name === version)?.schema.openAPIV3Schema
  }

  it('agrees on every valid object and on every one-change variant of them', () => {
    let checked = 0
    let rejected = 0
    const disagreements: string[] = []
    for (const o of corpus('valid')) {
      const k = kindInfo(o.object.apiVersion as string, o.object.kind as string)
      if (!k?.installed) continue
      const version = (o.object.apiVersion as string).split('/')[1]
      const theirs = compileStructural(istioSchema(k.group, version, k.kind))
      const ours = compileStructural(objectSchema(k))
      const data = {spec: o.object.spec}
      expect(ours(data), `${o.source}: ${k.kind} valid for us`).to.equal(true)
      expect(theirs(data), `${o.source}: ${k.kind} valid for Istio`).to.equal(true)
      for (const [what, mutate] of mutations(data)) {
        const variant = mutate(data)
        const [a, b] = [ours(variant), theirs(variant)]
        checked++
        if (!a) rejected++
        if (a !== b) disagreements.push(`${o.source} ${k.kind}/${version} ${what}: ours ${a}, Istio's ${b}`)
      }
    }
    expect(disagreements).to.deep.equal([])
    expect(checked).to.be.greaterThan(1500)
    expect(rejected).to.be.greaterThan(checked / 3)
  })

  it('finds no problem in the valid corpus with the full validator (but the warning every EnvoyFilter gets)', () => {
    const problems = corpus('valid').flatMap((o) => {
      const r = validateObject(o.object)
      return [...r.errors, ...r.warnings].map((e) => `${o.source}:${o.lineOf(e.path)}: ${e.message}`)
    })
    expect(problems).to.deep.equal([
      'valid/networking.yaml:417: EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.',
    ])
  })
})
