/** Regenerates test/template/expected.json from the Go oracle: `npx tsx test/template/update-expected.ts`. */
import {writeFileSync} from 'node:fs'
import {chartCases, tmplCases} from './cases/index.js'
import {EXPECTED_FILE} from './expectations.js'
import {oracleBinary, runOracle} from './oracle.js'

const bin = oracleBinary()
if (!bin) throw new Error('Go is required to regenerate the expectations')
const results = runOracle(bin, tmplCases, chartCases)
const sorted = Object.fromEntries(
  Object.keys(results)
    .sort()
    .map((k) => [k, results[k]]),
)
writeFileSync(EXPECTED_FILE, JSON.stringify(sorted, null, 1) + '\n')
console.log(`wrote ${Object.keys(sorted).length} expectations to ${EXPECTED_FILE}`)
