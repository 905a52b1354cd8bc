import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {execFile} from 'node:child_process'
import {expect} from 'chai'
import {analyze} from '../../src/lib/analyze/analyze.js'
import {selectAnalyzers} from '../../src/lib/analyze/registry.js'
import {ANALYZE_CORPUS} from '../oracle/cases/analyze.js'
import {ISTIOCTL_PATH} from '../helpers/istio.js'

const ISTIOCTL = ISTIOCTL_PATH

/** What each corpus file must produce (offline, all namespaces): `CODE Kind ns/name`, sorted. */
export const CORPUS_EXPECTED: Record<string, string[]> = {
  'clean.yaml': [],
  'destinationrule-tls.yaml': [
    'IST0128 DestinationRule shop/db-simple',
    'IST0129 DestinationRule shop/db-verified',
  ],
  'gateway-certificates.yaml': ['IST0138 Gateway edge/shop-a', 'IST0138 Gateway edge/shop-b'],
  'mesh-gateway-conflicts.yaml': [
    'IST0109 VirtualService shop/reviews-a',
    'IST0109 VirtualService shop/reviews-b',
  ],
  'sidecars-and-deprecation.yaml': [
    'IST0002 VirtualService shop/slow',
    'IST0111 Sidecar shop/default',
    'IST0111 Sidecar shop/default-2',
  ],
  'unreachable-rules.yaml': [
    'IST0130 VirtualService shop/api',
    'IST0130 VirtualService shop/api',
    'IST0131 VirtualService shop/api',
  ],
  // No Services in the file, so host lookups are not judged offline (as istioctl).
  'vs-destination-hosts.yaml': [],
  'vs-subsets-and-gateways.yaml': [
    'IST0101 VirtualService shop/catalog-canary',
    'IST0101 VirtualService shop/catalog-canary',
    'IST0132 VirtualService shop/catalog-canary',
    'IST0132 VirtualService shop/catalog-canary',
  ],
}

/** Findings istioctl does not report on purpose, by file (see test/oracle/cases/analyze.ts). */
export const CORPUS_DIVERGENCES: Record<string, {extra: string[]; why: string}> = {
  'sidecars-and-deprecation.yaml': {
    extra: ['IST0111 Sidecar shop/default', 'IST0111 Sidecar shop/default-2'],
    why: 'istioctl skips sidecar.SelectorAnalyzer offline (it needs Pods); selector-less Sidecars need no pods',
  },
}

const files = readdirSync(ANALYZE_CORPUS).filter((f) => f.endsWith('.yaml'))

async function ours(file: string): Promise<string[]> {
  const r = await analyze({
    paths: [join(ANALYZE_CORPUS, file)],
    namespace: 'default',
    fileNamespace: '',
    allNamespaces: true,
    istioNamespace: 'istio-system',
    analyzers: selectAnalyzers([]).selected,
  })
  return r.findings.map((f) => `${f.code} ${f.origin ?? ''}`.trim()).sort()
}

describe('analyze corpus (test/fixtures/analyze/corpus)', () => {
  it('every corpus file has expected findings', () => {
    expect(files.sort()).to.deep.equal(Object.keys(CORPUS_EXPECTED).sort())
  })
  for (const file of files)
    it(file, async () => {
      expect(await ours(file)).to.deep.equal(CORPUS_EXPECTED[file])
    })
})

describe('analyze corpus against istioctl 1.30.3 (differential)', function () {
  this.timeout(60000)
  if (!existsSync(ISTIOCTL)) {
    it(`skipped: ${ISTIOCTL} is not installed`, function () {
      this.skip()
    })
    return
  }
  for (const file of files)
    it(file, async () => {
      const stdout = await new Promise<string>((resolve) =>
        execFile(
          ISTIOCTL,
          ['analyze', '--use-kube=false', '-A', '-o', 'json', join(ANALYZE_CORPUS, file)],
          (_e, out) => resolve(out),
        ),
      )
      // istioctl prints `null` for no findings.
      const theirs = ((JSON.parse(stdout) ?? []) as {code: string; origin?: string}[])
        .map((f) => `${f.code} ${f.origin ?? ''}`.trim())
        .sort()
      const extra = CORPUS_DIVERGENCES[file]?.extra ?? []
      const mine = await ours(file)
      for (const e of extra) mine.splice(mine.indexOf(e), 1)
      expect(mine).to.deep.equal(theirs)
    })
})
