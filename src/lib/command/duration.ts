import {usageError} from '../errors.js'

const UNITS: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/** Parses a Go duration ("1.5s", "10ms", "1m30s", "0") into milliseconds; names the flag on error. */
export function parseDuration(text: string, flag: string): number {
  const s = text.trim()
  if (s === '0') return 0
  const re = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy
  let total = 0
  let matched = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNITS[m[2]]
    matched = re.lastIndex
  }
  if (matched === 0 || matched !== s.length) {
    throw usageError(`invalid duration "${text}" for --${flag}`, [
      'use a number with a unit, such as 30s, 1m or 500ms',
    ])
  }
  return total
}
