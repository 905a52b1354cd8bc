// How meshctl's schemas are compiled (src/lib/api/compile.ts, schema-keywords.ts, precompile.ts), checked on
// small schemas of its own: the ajv options, meshctl's keywords and formats, objects closed to unknown
// fields, shared definitions, and the module `npm run build` generates. Each test compiles afresh: a
// validator compiled once and cached would not show a change in the compiler.
import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {ErrorObject, ValidateFunction} from 'ajv'
import standalone from 'ajv/dist/standalone/index.js'
import {compileKind, compileStructural, createAjv, validatorSchema} from '../../src/lib/api/compile.js'
import {ISTIO_KINDS, kindInfo, type KindInfo} from '../../src/lib/api/kinds.js'
import {precompiledModule} from '../../src/lib/api/precompile.js'
import type {JSONSchemaProps} from '../../src/lib/api/schema.js'
import {FORMATS, KEYWORDS, deprecations} from '../../src/lib/api/schema-keywords.js'

const S = (s: Record<string, unknown>) => s as JSONSchemaProps
const brief = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message}`)

describe('api: createAjv', () => {
  it('reports every error, with the failing schema and data (allErrors, verbose)', () => {
    const fn = createAjv().compile({
      type: 'object',
      properties: {a: {type: 'string'}, b: {type: 'integer'}},
    })
    expect(fn({a: 1, b: 'x'})).to.equal(false)
    expect(brief(fn.errors)).to.deep.equal(['/a type: must be string', '/b type: must be integer'])
    expect(fn.errors![0]).to.include({data: 1})
    expect(fn.errors![0]!.parentSchema).to.deep.equal({type: 'string'})
  })

  it('refuses unknown keywords (strict), but not loose types, tuples or required lists', () => {
    const ajv = createAjv()
    expect(() => ajv.compile({type: 'object', 'x-unknown': 1})).to.throw(/unknown keyword/)
    expect(() => ajv.compile({properties: {a: {type: 'string'}}})).not.to.throw()
    expect(() => ajv.compile({type: 'array', items: [{type: 'string'}]})).not.to.throw()
    expect(() => ajv.compile({type: 'object', required: ['a']})).not.to.throw()
  })

  it("knows Kubernetes' schema keywords and ignores them", () => {
    const fn = createAjv().compile({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-validations': [{rule: 'false'}],
      properties: {
        p: {'x-kubernetes-int-or-string': true},
        l: {type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k']},
      },
    })
    expect(fn({p: 1, l: [{k: 1}, {k: 1}], other: 2})).to.equal(true)
  })

  it("runs meshctl's checks keyword, each failure an error naming its check", () => {
    const fn = createAjv().compile({type: 'string', 'x-meshctl-checks': ['notStar', 'regex']})
    expect(fn('a')).to.equal(true)
    expect(fn('*')).to.equal(false)
    expect(fn.errors!.map((e) => [e.keyword, e.message, e.params])).to.deep.equal([
      ['x-meshctl-checks', 'invalid host *', {check: 'notStar'}],
      ['x-meshctl-checks', 'invalid regex "*": Nothing to repeat', {check: 'regex'}],
    ])
  })

  it('records a deprecated field it meets, and accepts it', () => {
    const fn = createAjv().compile({
      type: 'object',
      properties: {old: {type: 'string', 'x-meshctl-deprecated': 'use new'}},
    })
    deprecations.length = 0
    const data = {old: 'x'}
    expect(fn(data)).to.equal(true)
    expect(deprecations).to.deep.equal([{pointer: '/old', root: data, note: 'use new'}])
    deprecations.length = 0
    expect(fn({})).to.equal(true)
    expect(deprecations).to.deep.equal([])
  })

  it('keeps the code of each validator only for precompiling, as an ES module naming formats and keywords', () => {
    const schema = {
      type: 'object',
      properties: {n: {type: 'integer', format: 'int32', 'x-meshctl-checks': ['port']}},
    }
    expect((createAjv().compile(schema) as {source?: unknown}).source).to.equal(undefined)
    const ajv = createAjv(true)
    const code = standalone.default(ajv, ajv.compile(schema))
    expect(code).to.match(/^"use strict";export const validate/)
    expect(code.match(/keywords\.\w+|formats\.\w+/g)).to.deep.equal(['keywords.checks', 'formats.int32'])
    expect(ajv.opts.code).to.include({source: true, esm: true, optimize: 0})
    expect(createAjv().opts.code).to.include({optimize: 0})
    expect(createAjv().opts).to.include({inlineRefs: false})
  })
})

describe('api: formats', () => {
  const valid = (format: string, v: unknown) =>
    compileStructural(S({type: typeof v === 'number' ? 'integer' : 'string', format}))(v)
  for (const [format, good, bad] of [
    ['int32', [0, 2 ** 31 - 1, -(2 ** 31)], [2 ** 31, -(2 ** 31) - 1]],
    [
      'byte',
      ['', 'YWJj', 'YWI=', 'YQ==', 'YWJjZA=='],
      ['YWJ', 'YQ=', 'Y===', '!!!!', 'YWJjZA', 'YWJjZA==x', 'xYWJjZA=='],
    ],
    [
      'date-time',
      [
        '2024-01-02T03:04:05Z',
        '2024-01-02 03:04:05.123+01:00',
        '2024-01-02t03:04:05z',
        '2024-01-02T03:04:05-07:30',
      ],
      [
        '2024-01-02',
        '24-01-02T03:04:05Z',
        'x2024-01-02T03:04:05Z',
        '2024-01-02T03:04:05Zx',
        '2024-1-02T03:04:05Z',
        '2024-01-2T03:04:05Z',
        '2024-01-02X03:04:05Z',
        '2024-01-02T3:04:05Z',
        '2024-01-02T03:4:05Z',
        '2024-01-02T03:04:5Z',
        '2024-01-02T03:04:05.Z',
        '2024-01-02T03:04:05',
        '2024-01-02T03:04:05+7:00',
        '2024-01-02T03:04:05+07:0',
        '2024-01-02T03:04:05*07:00',
        'abcd-ef-ghTij:kl:mnZ',
        '2024-01-02T03:04:05.xZ',
        '2024-01-02T03:04:05+ab:cd',
      ],
    ],
  ] as const) {
    it(`${format}: accepts ${good.map((v) => JSON.stringify(v)).join(', ')}`, () => {
      for (const v of good) expect(valid(format, v), JSON.stringify(v)).to.equal(true)
    })
    it(`${format}: refuses ${bad.map((v) => JSON.stringify(v)).join(', ')}`, () => {
      for (const v of bad) expect(valid(format, v), JSON.stringify(v)).to.equal(false)
    })
  }

  it('takes any number as a double', () => {
    const double = compileStructural(S({type: 'number', format: 'double'}))
    for (const v of [0, -1.5, 1e308]) expect(double(v)).to.equal(true)
    expect(Object.keys(FORMATS).sort()).to.deep.equal(['byte', 'date-time', 'double', 'int32'])
  })

  it('the keywords also run on their own, as the generated module calls them (no context: nothing recorded)', () => {
    expect(KEYWORDS.checks(['port'], 0)).to.equal(false)
    expect(KEYWORDS.checks(['port'], 80)).to.equal(true)
    deprecations.length = 0
    expect(KEYWORDS.deprecated('n', 1, {})).to.equal(true)
    expect(deprecations).to.deep.equal([])
  })
})

describe('api: objects closed to unknown fields', () => {
  it('refuses unknown fields of objects, nested ones, list items and map values', () => {
    const fn = compileStructural(
      S({
        type: 'object',
        properties: {
          inner: {type: 'object', properties: {a: {type: 'string'}}},
          list: {type: 'array', items: {type: 'object', properties: {b: {type: 'string'}}}},
          map: {type: 'object', additionalProperties: {type: 'object', properties: {c: {type: 'string'}}}},
          open: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: {d: {type: 'string'}},
          },
        },
      }),
    )
    expect(fn({inner: {a: 'x'}, list: [{b: 'x'}], map: {k: {c: 'x'}}, open: {d: 'x', e: 1}})).to.equal(true)
    for (const bad of [{zz: 1}, {inner: {zz: 1}}, {list: [{zz: 1}]}, {map: {k: {zz: 1}}}, {open: {d: 1}}])
      expect(fn(bad), JSON.stringify(bad)).to.equal(false)
  })

  it('leaves a schema without properties as it is', () => {
    expect(compileStructural(S({type: 'object'}))({a: 1})).to.equal(true)
    expect(compileStructural(S({type: 'string'}))(1)).to.equal(false)
  })

  const shared = S({type: 'object', properties: {s: {type: 'string'}}})
  const once = S({type: 'object', properties: {o: {type: 'string'}}})
  const kind = (spec: JSONSchemaProps, specRequired = false) =>
    ({...kindInfo('networking.istio.io/v1', 'Sidecar')!, spec, specRequired}) as KindInfo

  it('makes an object schema used twice one definition, and inlines those used once', () => {
    const spec = S({
      type: 'object',
      properties: {
        a: shared,
        b: {type: 'array', items: shared},
        c: once,
        d: {type: 'object', additionalProperties: shared},
      },
    })
    const out = validatorSchema(kind(spec)) as Record<string, unknown> & JSONSchemaProps
    const closedShared = {type: 'object', properties: {s: {type: 'string'}}, additionalProperties: false}
    expect(out.definitions).to.deep.equal({m0: closedShared})
    const p = out.properties!.spec!.properties!
    expect(p.a).to.deep.equal({$ref: '#/definitions/m0'})
    expect(p.b!.items).to.deep.equal({$ref: '#/definitions/m0'})
    expect(p.d!.additionalProperties).to.deep.equal({$ref: '#/definitions/m0'})
    expect(p.c).to.deep.equal({
      type: 'object',
      properties: {o: {type: 'string'}},
      additionalProperties: false,
    })
    expect(out.additionalProperties).to.equal(false)
    expect(out.properties!.spec!.additionalProperties).to.equal(false)
    // with the definitions, the validator refuses an unknown field in each use
    const fn = createAjv().compile(out)
    expect(fn({spec: {a: {s: 'x'}, b: [{s: 'y'}], d: {k: {s: 'z'}}}})).to.equal(true)
    for (const spec of [{a: {x: 1}}, {b: [{x: 1}]}, {d: {k: {x: 1}}}, {c: {x: 1}}])
      expect(fn({spec}), JSON.stringify(spec)).to.equal(false)
  })

  it('inlines a schema without properties however often it is used', () => {
    const str = S({type: 'string'})
    const out = validatorSchema(kind(S({type: 'object', properties: {a: str, b: str}}))) as {
      definitions?: unknown
      properties: {spec: JSONSchemaProps}
    }
    expect(out.definitions).to.equal(undefined)
    expect(out.properties.spec.properties).to.deep.equal({a: {type: 'string'}, b: {type: 'string'}})
  })

  it('numbers the definitions m0, m1... and shares none when no object is used twice', () => {
    const other = S({type: 'object', properties: {t: {type: 'string'}}})
    const spec = S({type: 'object', properties: {a: shared, b: shared, c: other, d: other}})
    const out = validatorSchema(kind(spec)) as {definitions?: Record<string, unknown>}
    expect(Object.keys(out.definitions!)).to.deep.equal(['m0', 'm1'])
    const alone = validatorSchema(kind(S({type: 'object', properties: {c: once}}))) as {definitions?: unknown}
    expect(alone.definitions).to.equal(undefined)
  })

  it('wraps the spec in a whole object: apiVersion, kind, metadata, spec, status, and requires spec if the kind does', () => {
    const spec = S({type: 'object', properties: {c: once}})
    const fn = createAjv().compile(validatorSchema(kind(spec, true)))
    const ok = {
      apiVersion: 'v',
      kind: 'k',
      metadata: {name: 'n', labels: {a: 'b'}, uid: 'u'},
      spec: {},
      status: {},
    }
    expect(fn(ok)).to.equal(true)
    expect(fn({})).to.equal(false)
    expect(brief(fn.errors)).to.deep.equal(["/ required: must have required property 'spec'"])
    for (const bad of [
      {spec: {}, apiVersion: 1},
      {spec: {}, kind: 1},
      {spec: {}, metadata: {labels: {a: 1}}},
      {spec: {}, x: 1},
    ])
      expect(fn(bad), JSON.stringify(bad)).to.equal(false)
    expect(createAjv().compile(validatorSchema(kind(spec)))({})).to.equal(true)
  })

  it('compiles a kind afresh on each call', () => {
    const k = kindInfo('networking.istio.io/v1', 'Gateway')!
    const fn = compileKind(k)
    expect(fn({spec: {servers: [{port: {number: 80, protocol: 'HTTP', name: 'h'}, hosts: ['*']}]}})).to.equal(
      true,
    )
    expect(fn({spec: {servers: 'x'}})).to.equal(false)
  })
})

describe('api: precompiled module', function () {
  this.timeout(60_000)
  it('generates a module whose validators, imported, give the errors and deprecations compileKind gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshctl-precompile-'))
    try {
      const text = precompiledModule()
      expect(text).not.to.match(/require\(/)
      expect(text).not.to.match(/^"use strict"/m)
      const file = join(dir, 'precompiled.mjs')
      writeFileSync(file, text)
      const mod = (await import(pathToFileURL(file).href)) as {
        kindValidator: (k: KindInfo) => ValidateFunction
      }
      const fns = ISTIO_KINDS.map((k) => mod.kindValidator(k))
      expect(fns.every((f) => typeof f === 'function')).to.equal(true)
      expect(new Set(fns).size).to.equal(ISTIO_KINDS.length)
      expect(mod.kindValidator({...ISTIO_KINDS[0]!, kind: 'Nope'})).to.equal(undefined)
      const keywords = new URL('../../src/lib/api/schema-keywords.js', import.meta.url).pathname
      const sink = ((await import(keywords)) as {deprecations: typeof deprecations}).deprecations
      const objects = [
        {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', spec: {servers: [{port: {number: 2 ** 40}}]}},
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          spec: {
            host: 'a',
            trafficPolicy: {tls: {mode: 'SIMPLE', caCrl: 1}},
            workloadSelector: {matchLabels: {a: '*'}},
          },
        },
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          spec: {hosts: ['a'], http: [{mirrorPercent: 5, route: [{destination: {host: 'b'}}]}]},
        },
        {apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', spec: {action: 'NOPE', rules: 'x'}},
      ]
      for (const o of objects) {
        const k = kindInfo(o.apiVersion, o.kind)!
        const run = (fn: ValidateFunction, sinkOf: typeof deprecations) => {
          sinkOf.length = 0
          const valid = fn(o)
          const out = {
            valid,
            errors: structuredClone(fn.errors ?? []),
            deprecations: sinkOf.map((d) => d.pointer),
          }
          sinkOf.length = 0
          return out
        }
        const want = run(compileKind(k), deprecations)
        expect(run(mod.kindValidator(k), sink), o.kind).to.deep.equal(want)
      }
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
