/**
 * go-yaml's guard against alias bombs (decode.go allowedAliasRatio): once a document is big, it may not be
 * mostly aliases. Checked over a value whose aliases are shared objects, counting what decoding it as Go
 * does (a copy per alias) would produce, and stopping as soon as the rule trips, so a billion laughs is
 * refused in a few thousand steps instead of being walked.
 * @module
 */

/** The share of aliased nodes go-yaml allows after `decoded` nodes. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99
  if (decoded >= 4_000_000) return 0.1
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000)
}

/** Whether decoding `value` (aliases as shared objects) would break go-yaml's excessive-aliasing rule. */
export function excessiveAliasing(value: unknown): boolean {
  const seen = new Set<object>()
  let decoded = 0
  let aliased = 0
  const walk = (x: unknown, inAlias: boolean): boolean => {
    decoded++
    const alias = inAlias || (x !== null && typeof x === 'object' && seen.has(x))
    if (alias) aliased++
    if (aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded)) return true
    if (x === null || typeof x !== 'object') return false
    if (!alias) seen.add(x)
    for (const y of Array.isArray(x) ? x : Object.values(x)) if (walk(y, alias)) return true
    return false
  }
  return walk(value, false)
}
