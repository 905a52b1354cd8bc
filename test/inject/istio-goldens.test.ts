/**
 * Istio's own injection golden set (pkg/kube/inject/testdata/inject at 1.30.3, read from ../shared at test
 * time): each input injected with the injector and mesh config that OUR charts render for the case's
 * settings, compared with Istio's expected output as objects.
 *
 * Settings per case are those of inject_test.go's TestInjection table (facts: flags, IstioOperator file,
 * the mesh change, native sidecars off); files not in the table run with the defaults, as there.
 * The charts render with hub registry.istio.io/testing and tag latest, what Istio's test charts use.
 *
 * Normalised before comparing (see normalise()): key order; the zero values encoding/json writes for Go
 * structs that meshctl leaves out (`creationTimestamp: null`, `status: {}`, `strategy: {}`,
 * `resources: {}` and other empty non-pointer structs); resource quantities in canonical form.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {createTwoFilesPatch} from 'diff'
import {parseAllDocuments, stringify} from 'yaml'
import {goYamlParseAll} from '../../src/lib/template/index.js'
import {
  InjectionError,
  injectObject,
  renderInjectionConfig,
  settingsFrom,
  type InjectSettings,
} from '../../src/lib/inject/index.js'
import {normaliseGo} from './normalise.js'

import {allCases, ISTIO_INJECT_DIR as DIR, type Case, type Mesh} from './istio-cases.js'
/**
 * Cases where meshctl's result differs from Istio's golden, and why. Each must still differ (a fixed
 * case left here fails), so the table stays true.
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {}

const cache = new Map<string, Promise<InjectSettings>>()
function settingsFor(c: Case): Promise<InjectSettings> {
  const key = JSON.stringify([c.sets ?? [], c.iop ?? '', c.nativeOff ?? false])
  let p = cache.get(key)
  if (!p) {
    p = renderInjectionConfig({
      sets: ['profile=empty', 'components.pilot.enabled=true', ...(c.sets ?? [])],
      files: c.iop ? [{name: c.iop, text: readFileSync(join(DIR, c.iop), 'utf8')}] : [],
      hubTag: {hub: 'registry.istio.io/testing', tag: 'latest'},
    }).then((texts) => settingsFrom(texts, {nativeSidecars: !c.nativeOff}))
    cache.set(key, p)
  }
  return p
}

/** Injects each document of a file as `istioctl kube-inject` does (re-injecting injected inputs). */
export async function injectFile(c: Case): Promise<unknown[]> {
  const base = await settingsFor(c)
  const settings = c.mesh ? {...base, mesh: structuredClone(base.mesh)} : base
  if (c.mesh) c.mesh(settings.mesh as Mesh)
  const text = readFileSync(join(DIR, c.in), 'utf8')
  const out: unknown[] = []
  for (const d of parseAllDocuments(text)) {
    const obj = d.toJS() as unknown
    if (obj === null || obj === undefined) continue
    if (typeof obj === 'object' && !Array.isArray(obj))
      injectObject(settings, obj as Record<string, unknown>, {reinject: true, warn: () => {}})
    out.push(obj)
  }
  return out
}

/** A readable diff of two normalised object lists (sorted keys), for the failure message. */
function diffOf(got: unknown[], want: unknown[], name: string): string {
  const y = (v: unknown[]) => v.map((d) => stringify(d, {sortMapEntries: true})).join('---\n')
  const patch = createTwoFilesPatch(name, 'meshctl', y(want), y(got), '', '', {context: 2})
  return patch.split('\n').slice(4, 80).join('\n')
}

const fixturesPresent = existsSync(DIR)

describe('kube-inject: Istio 1.30.3 injection golden set', function () {
  before(function () {
    if (!fixturesPresent) {
      console.log(`      skipped: Istio's golden set is not at ${DIR}`)
      this.skip()
    }
  })

  const cases = fixturesPresent ? allCases() : []
  let matched = 0
  after(() => {
    if (fixturesPresent) console.log(`      ${matched}/${cases.length} cases match Istio's golden outputs`)
  })

  for (const [i, c] of cases.entries()) {
    const wantFile = c.want ?? c.in + '.injected'
    const title = `[${String(i).padStart(2, '0')}] ${c.error ? c.in : wantFile}`
    it(title, async function () {
      if (c.skipInjection) {
        console.log(
          `      skipped: ${wantFile} is an istiod-webhook-only case (OpenShift) in Istio's own test`,
        )
        this.skip()
      }
      if (c.error) {
        let err: unknown
        try {
          await injectFile(c)
        } catch (e) {
          err = e
        }
        expect(err, 'an injection error').to.be.instanceOf(InjectionError)
        expect((err as Error).message.toLowerCase()).to.contain(c.error)
        matched++
        return
      }
      const got = (await injectFile(c)).map((d) => normaliseGo(d))
      const want = goYamlParseAll(readFileSync(join(DIR, wantFile), 'utf8'))
        .filter((d) => d !== null)
        .map((d) => normaliseGo(d))
      const reason = KNOWN_DIFFERENCES[wantFile]
      if (reason) {
        expect(got, `listed as a known difference (${reason}) but now matches`).to.not.deep.equal(want)
        return
      }
      expect(got, diffOf(got, want, wantFile)).to.deep.equal(want)
      matched++
    })
  }
})
