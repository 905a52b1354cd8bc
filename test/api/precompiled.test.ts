// The validators `npm run build` generates (src/lib/api/precompile.ts, ajv standalone code) against the ones
// validate.ts compiles from src: the same ajv errors, in the same order, and the same deprecations, on the
// validation corpus and Istio's CRD validation cases.
import {expect} from 'chai'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {ValidateFunction} from 'ajv'
import {ISTIO_KINDS, kindInfo, type KindInfo} from '../../src/lib/api/kinds.js'
import {precompiledModule} from '../../src/lib/api/precompile.js'
import {deprecations, type Deprecation} from '../../src/lib/api/schema-keywords.js'
import {compileKind} from '../../src/lib/api/compile.js'
import {parseDocuments} from '../../src/lib/input/index.js'
import {ISTIO_SRC} from '../helpers/istio.js'
import {CORPUS} from './corpus-files.js'

/** The objects of every YAML or JSON file under a directory. */
const read = (dir: string): Array<Record<string, unknown>> =>
  (readdirSync(dir, {recursive: true}) as string[])
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .flatMap((f) => parseDocuments(readFileSync(join(dir, f), 'utf8'), f).objects.map((o) => o.object))

/**
 * What a validator makes of an object: its verdict, its errors and the deprecated fields it met (in `sink`,
 * the deprecations of the schema-keywords module instance it was built with).
 */
function run(fn: ValidateFunction, data: unknown, sink: Deprecation[]) {
  sink.length = 0
  const valid = fn(data)
  const out = {valid, errors: structuredClone(fn.errors ?? []), deprecations: [...sink]}
  sink.length = 0
  return out
}

describe('api: precompiled validators', function () {
  this.timeout(60_000)
  let precompiled: (k: KindInfo) => ValidateFunction | undefined
  // The generated module imports schema-keywords.ts as an ES module; this test's own import of it may be
  // another instance (tsx can load test code as CommonJS): the bundle has one.
  let precompiledDeprecations: Deprecation[]
  let dir: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshctl-precompiled-'))
    const file = join(dir, 'precompiled.mjs')
    writeFileSync(file, precompiledModule())
    precompiled = ((await import(pathToFileURL(file).href)) as {kindValidator: typeof precompiled})
      .kindValidator
    const keywords = new URL('../../src/lib/api/schema-keywords.js', import.meta.url).pathname
    precompiledDeprecations = ((await import(keywords)) as {deprecations: Deprecation[]}).deprecations
  })
  after(() => rmSync(dir, {recursive: true, force: true}))

  it('has one validator per Istio kind', () => {
    const fns = ISTIO_KINDS.map(precompiled)
    expect(fns.every((f) => typeof f === 'function')).to.equal(true)
    expect(new Set(fns).size).to.equal(ISTIO_KINDS.length)
  })

  it('finds what the validators compiled at run time find, in the same order', () => {
    const istioCases = join(ISTIO_SRC, 'pkg/config/validation/testdata/crds')
    if (!existsSync(istioCases))
      console.log(`      (without ${istioCases}: the Istio 1.30.3 checkout is absent)`)
    const objects = [...read(CORPUS), ...(existsSync(istioCases) ? read(istioCases) : [])]
    // and a few that trip each of meshctl's own keywords and formats
    objects.push(
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        spec: {
          host: 'a',
          trafficPolicy: {tls: {mode: 'SIMPLE', caCrl: 1}},
          workloadSelector: {matchLabels: {a: '*'}},
        },
      },
      {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', spec: {servers: [{port: {number: 2 ** 40}}]}},
      {apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', spec: {action: 'NOPE', rules: 'x'}},
      {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: {values: {global: {hub: 1}}}},
    )
    const kinds = new Map<string, ValidateFunction>()
    let compared = 0
    let withErrors = 0
    let withDeprecations = 0
    const differ = objects.flatMap((o, i) => {
      const k = kindInfo(String(o.apiVersion), String(o.kind))
      if (!k) return []
      if (!kinds.has(k.kind)) kinds.set(k.kind, compileKind(k))
      const want = run(kinds.get(k.kind)!, o, deprecations)
      const got = run(precompiled(k)!, o, precompiledDeprecations)
      compared++
      if (want.errors.length) withErrors++
      if (want.deprecations.length) withDeprecations++
      try {
        expect(got).to.deep.equal(want)
        return []
      } catch (e) {
        return [`object ${i} (${k.kind}): ${(e as Error).message}`]
      }
    })
    expect(differ).to.deep.equal([])
    // the corpus exercises errors and deprecations, not only valid objects
    expect(compared).to.be.greaterThan(30)
    expect(withErrors).to.be.greaterThan(5)
    expect(withDeprecations).to.be.greaterThan(0)
  })
})
