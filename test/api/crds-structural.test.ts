// How a meshctl schema becomes a CRD schema (src/lib/api/crds.ts), on small schemas of its own: keys sorted,
// meshctl's annotations dropped and its value checks turned into CEL rules, at every depth; the CRDs in
// group then kind order; the YAML file of them.
import {expect} from 'chai'
import {parse} from 'yaml'
import {crdsYaml, generateCrds, structuralSchema} from '../../src/lib/api/crds.js'
import type {JSONSchemaProps} from '../../src/lib/api/schema.js'

const S = (s: Record<string, unknown>) => s as JSONSchemaProps
const NO_STAR = {message: 'hostname cannot be wildcard', rule: 'self != "*"'}

describe('api: structural schemas for CRDs', () => {
  it('sorts keys and property names, and drops meshctl annotations', () => {
    const out = structuralSchema(
      S({
        type: 'object',
        'x-meshctl-deprecated': 'old',
        properties: {b: {type: 'string'}, a: {type: 'integer', 'x-meshctl-deprecated': 'x'}},
        description: 'd',
      }),
    )
    expect(JSON.stringify(out)).to.equal(
      '{"description":"d","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"type":"object"}',
    )
  })

  it('turns value checks into CEL rules, before the rules already there', () => {
    const own = {rule: 'size(self) < 5', message: 'short'}
    expect(structuralSchema(S({type: 'string', 'x-meshctl-checks': ['notStar']}))).to.deep.equal({
      type: 'string',
      'x-kubernetes-validations': [NO_STAR],
    })
    expect(
      structuralSchema(
        S({type: 'string', 'x-meshctl-checks': ['notStar'], 'x-kubernetes-validations': [own]}),
      ),
    ).to.deep.equal({type: 'string', 'x-kubernetes-validations': [NO_STAR, own]})
    expect(structuralSchema(S({type: 'string', 'x-kubernetes-validations': [own]}))).to.deep.equal({
      type: 'string',
      'x-kubernetes-validations': [own],
    })
    expect(structuralSchema(S({type: 'string', 'x-kubernetes-validations': []}))).to.deep.equal({
      type: 'string',
    })
  })

  it('goes into properties, items, map values, not, oneOf, anyOf and allOf', () => {
    const inner = S({'x-meshctl-checks': ['notStar'], type: 'string'})
    const want = {type: 'string', 'x-kubernetes-validations': [NO_STAR]}
    const out = structuralSchema(
      S({
        properties: {p: inner},
        items: inner,
        additionalProperties: inner,
        not: inner,
        oneOf: [inner],
        anyOf: [inner, inner],
        allOf: [inner],
        enum: ['a'],
      }),
    ) as Record<string, unknown>
    expect(out).to.deep.equal({
      additionalProperties: want,
      allOf: [want],
      anyOf: [want, want],
      enum: ['a'],
      items: want,
      not: want,
      oneOf: [want],
      properties: {p: want},
    })
  })
})

describe('api: generated CRDs', () => {
  it('are ordered by group, then kind', () => {
    const ids = generateCrds().map((c) => {
      const spec = c.spec as {group: string; names: {kind: string}}
      return [spec.group, spec.names.kind] as const
    })
    const sorted = [...ids].sort(([g1, k1], [g2, k2]) => (g1 === g2 ? (k1 < k2 ? -1 : 1) : g1 < g2 ? -1 : 1))
    expect(ids).to.deep.equal(sorted)
    expect(new Set(ids.map(([g]) => g)).size).to.be.greaterThan(2)
    expect(ids.filter(([g]) => g === 'networking.istio.io').map(([, k]) => k)).to.deep.equal([
      'DestinationRule',
      'EnvoyFilter',
      'Gateway',
      'ProxyConfig',
      'ServiceEntry',
      'Sidecar',
      'VirtualService',
      'WorkloadEntry',
      'WorkloadGroup',
    ])
  })

  it('are written as one YAML file, a header then one document per CRD', () => {
    const text = crdsYaml()
    expect(
      text.startsWith('# Generated from src/lib/api by npm run gen:crds. Do not edit.\napiVersion:'),
    ).to.equal(true)
    expect(text.endsWith('\n')).to.equal(true)
    expect(text.endsWith('\n\n')).to.equal(false)
    const docs = text.split('\n---\n')
    expect(docs).to.have.length(generateCrds().length)
    expect(docs.map((d) => (parse(d) as {metadata: {name: string}}).metadata.name)).to.deep.equal(
      generateCrds().map((c) => (c.metadata as {name: string}).name),
    )
  })
})
