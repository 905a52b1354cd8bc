/**
 * Expected outputs: from the Go oracle when Go is installed, otherwise from the committed expected.json
 * (which `npx tsx test/template/update-expected.ts` regenerates from the oracle).
 */
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {type ChartCase, type OracleResult, type TmplCase, oracleBinary, runOracle} from './oracle.js'

export const EXPECTED_FILE = join(dirname(fileURLToPath(import.meta.url)), 'expected.json')

/** Loads expectations for the cases; `source` says where they came from. */
export function loadExpectations(
  tmpl: TmplCase[],
  charts: ChartCase[],
): {source: 'oracle' | 'committed'; results: Record<string, OracleResult>} {
  const bin = oracleBinary()
  if (bin) return {source: 'oracle', results: runOracle(bin, tmpl, charts)}
  const results = existsSync(EXPECTED_FILE)
    ? (JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as Record<string, OracleResult>)
    : {}
  return {source: 'committed', results}
}

/** Converts oracle data markers ({$int: "5"}) into engine values (bigint). */
export function goData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goData)
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
    if (keys.length === 1 && keys[0] === '$int' && typeof o.$int === 'string') return BigInt(o.$int)
    return Object.fromEntries(keys.map((k) => [k, goData(o[k])]))
  }
  return v
}
