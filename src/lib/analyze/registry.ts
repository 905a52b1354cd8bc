import type {Analyzer} from './analyzer.js'
import {globRegExp} from './glob.js'

/**
 * Every analyzer, in istioctl's order where it has one. Explicit on purpose: adding an analyzer means
 * adding a line here, and a meta-test checks each file under analyzers/ is listed and tested.
 */
export const ANALYZERS: readonly Analyzer[] = []

/** Analyzer names sorted, with descriptions: the `--list-analyzers` text (istioctl's format). */
export function listAnalyzersText(analyzers: readonly Analyzer[] = ANALYZERS): string {
  return [...analyzers]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => `* ${a.name}:\n    ${a.description}\n`)
    .join('')
}

/**
 * The analyzers named (exact names or `*` globs like `virtualservice.*`); all when none are named.
 * Unknown names are returned in `unknown` (istioctl silently ran everything instead).
 */
export function selectAnalyzers(
  names: readonly string[],
  analyzers: readonly Analyzer[] = ANALYZERS,
): {selected: Analyzer[]; unknown: string[]} {
  if (names.length === 0) return {selected: [...analyzers], unknown: []}
  const unknown: string[] = []
  const chosen = new Set<Analyzer>()
  for (const n of names) {
    const re = globRegExp(n)
    const hits = analyzers.filter((a) => re.test(a.name))
    if (hits.length === 0) unknown.push(n)
    for (const a of hits) chosen.add(a)
  }
  return {selected: analyzers.filter((a) => chosen.has(a)), unknown}
}
