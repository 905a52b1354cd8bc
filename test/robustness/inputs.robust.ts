// Bad input, measured: every case of inputs.ts runs the built CLI once (two at a time), then each is
// checked for its exit code and first error line, no stack trace, no hang, memory under 1 GB and no
// partial output file. `npm run test:robustness`; ROBUST_REPORT=1 prints what each case did.
import {expect} from 'chai'
import {INPUT_CASES, type InputCase} from './inputs.js'
import {pool, runInFolder, STACK_TRACE, type RunResult} from './run.js'

const MAX_RSS_KB = 1024 * 1024

describe('robustness: malformed input to every command that reads files, stdin or flags', function () {
  this.timeout(30 * 60_000)
  const results = new Map<string, RunResult>()

  before(async function () {
    const ids = new Set<string>()
    for (const c of INPUT_CASES) {
      expect(ids.has(c.id), `duplicate case id ${c.id}`).to.equal(false)
      ids.add(c.id)
    }
    const started = Date.now()
    const runs = await pool(INPUT_CASES, 2, (c) => runInFolder(c))
    INPUT_CASES.forEach((c, i) => results.set(c.id, runs[i]!))
    const peak = Math.max(...runs.map((r) => r.maxRssKb ?? 0))
    console.log(
      `      ${INPUT_CASES.length} inputs in ${Math.round((Date.now() - started) / 1000)} s, peak memory ${Math.round(peak / 1024)} MiB`,
    )
    if (process.env.ROBUST_REPORT)
      INPUT_CASES.forEach((c, i) =>
        console.log(
          `${c.id}\t${runs[i]!.code}\t${runs[i]!.stderr.split('\n')[0]}\t${runs[i]!.maxRssKb}KB ${runs[i]!.ms}ms`,
        ),
      )
  })

  it('has at least 150 inputs across the commands', () => {
    expect(INPUT_CASES.length).to.be.at.least(150)
    const commands = new Set(INPUT_CASES.map((c) => c.args.filter((a) => !a.startsWith('-')).slice(0, 1)[0]))
    for (const cmd of ['validate', 'analyze', 'manifest', 'profile', 'version', 'completion'])
      expect(commands, cmd).to.include(cmd)
  })

  for (const c of INPUT_CASES) {
    it(c.id, () => check(c, results.get(c.id)!))
  }
})

function check(c: InputCase, r: RunResult): void {
  const what = `meshctl ${c.args.join(' ')}\n--- stderr:\n${r.stderr.slice(0, 2000)}`
  expect(r.timedOut, `hung (killed after ${r.ms} ms): ${what}`).to.equal(false)
  expect(r.stderr, `stack trace: ${what}`).to.not.match(STACK_TRACE)
  expect(r.stderr, `Node crash: ${what}`).to.not.match(/FATAL ERROR|Segmentation fault|Aborted/)
  if (r.maxRssKb !== undefined) expect(r.maxRssKb, `peak memory (KiB): ${what}`).to.be.below(MAX_RSS_KB)
  const first = r.stderr.split('\n')[0]!
  if (typeof c.first === 'string') expect(first, what).to.equal(c.first)
  else expect(first, what).to.match(c.first)
  expect(r.code, `exit code: ${what}`).to.equal(c.code)
  if (r.code !== 0) {
    for (const p of c.absent ?? [])
      expect(
        r.created.filter((f) => f === p || f.startsWith(p.replace(/\/?$/, '/'))),
        `partial output ${p}: ${what}`,
      ).to.deep.equal([])
  }
}
