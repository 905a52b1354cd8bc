// "Did you mean …?" suggestions for unknown fields, paths and names, shared by every validator.
import {distance} from 'fastest-levenshtein'

/**
 * The closest of `candidates` to `name` (case-insensitive edit distance), when it is close enough to be
 * a likely typo: at most 2 edits, or a third of the name's length for longer names.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  const lower = name.toLowerCase()
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined
}

/** How a JSON value is named in a type error: null, list, object, string, number or boolean. */
export const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v
