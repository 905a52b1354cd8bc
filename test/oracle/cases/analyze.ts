// analyze differential cases on meshctl's own analyze corpus (test/fixtures/analyze/corpus). To run them,
// add `...analyzeCorpusCases()` to the list in ../cases.ts.
//
// Known, deliberate differences (so compare with these in mind):
// - `-o json|yaml` exit codes: meshctl exits 79 on findings in every format; istioctl exits 0 (istio/istio#35054).
//   These cases use the log format, where both exit 79, so exit codes stay comparable.
// - Files with Services, Pods, Namespaces, Nodes or Secrets: istioctl ignores those kinds in files
//   (kuberesource.DefaultExcludedSchemas); meshctl analyses them. The corpus therefore uses ServiceEntries.
// - Offline, analyzers needing Pods/Services/Namespaces/Secrets/Nodes run when the files contain such
//   objects (istioctl always skips them offline). Selector-less Sidecars (IST0111) are reported even without
//   Pods: sidecars-and-deprecation.yaml differs by those two findings (CORPUS_DIVERGENCES in
//   test/analyze/corpus.test.ts).
// - Offline without -n: istioctl reports only namespace "default" (istio/istio#18236); meshctl reports all.
//   These cases pass -A, so both report all namespaces.
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import type {Case} from '../harness.js'

/** meshctl's analyze corpus: one topic per file, findings listed in test/analyze/corpus.test.ts. */
export const ANALYZE_CORPUS = new URL('../../fixtures/analyze/corpus/', import.meta.url).pathname

/** Differential analyze cases: each corpus file, the whole folder, suppression and thresholds. */
export function analyzeCorpusCases(): Case[] {
  const files = readdirSync(ANALYZE_CORPUS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
  const base = ['analyze', '--use-kube=false', '-A']
  return [
    ...files.map((f) => ({
      name: `analyze corpus/${f}`,
      args: [...base, join(ANALYZE_CORPUS, f)],
      compare: {kind: 'analyze'} as const,
    })),
    {name: 'analyze corpus/ (all files)', args: [...base, ANALYZE_CORPUS], compare: {kind: 'analyze'}},
    {
      name: 'analyze corpus/ -S IST0101 on VirtualServices in shop',
      args: [...base, '-S', 'IST0101=VirtualService shop/*', ANALYZE_CORPUS],
      compare: {kind: 'analyze'},
    },
    {
      name: 'analyze corpus/ --failure-threshold Warning --output-threshold Error',
      args: [
        ...base,
        '--failure-threshold',
        'Warning',
        '--output-threshold',
        'Error',
        join(ANALYZE_CORPUS, 'destinationrule-tls.yaml'),
      ],
      compare: {kind: 'analyze'},
    },
  ]
}
