// The benchmark harness (bench/lib/measure.ts) is tested here, with the oracle it serves.
import {expect} from 'chai'
import {measure, median} from '../../bench/lib/measure.js'

describe('bench measure', () => {
  it('takes medians of odd and even samples', () => {
    expect(median([5, 1, 3])).to.equal(3)
    expect(median([4, 1, 3, 2])).to.equal(2.5)
  })

  it('times alternated runs after warm-up and reports failing runs instead of hiding them', async () => {
    const node = process.execPath
    const [ok, failing] = await measure(
      [
        {label: 'ok', file: node, args: ['-e', '0']},
        {label: 'failing', file: node, args: ['-e', 'process.exit(3)']},
      ],
      {runs: 3, warmup: 1},
    )
    expect(ok).to.include({label: 'ok', runs: 3, exitCode: 0, failedRuns: 0})
    expect(ok.medianMs).to.be.greaterThan(0)
    expect(failing).to.include({exitCode: 3, failedRuns: 3})
    const [tolerated] = await measure([{label: 'f', file: node, args: ['-e', 'process.exit(79)']}], {
      runs: 1,
      warmup: 0,
      okCodes: [0, 79],
    })
    expect(tolerated).to.include({exitCode: 79, failedRuns: 0})
  })

  it('measures peak memory through GNU time', async () => {
    const [m] = await measure(
      [{label: 'alloc', file: process.execPath, args: ['-e', 'Buffer.alloc(64 << 20, 1)']}],
      {
        runs: 1,
        warmup: 0,
        memory: true,
      },
    )
    expect(m.peakMiB).to.be.greaterThan(64)
    expect(m.cpuMs).to.be.a('number').and.be.greaterThan(0)
  })
})
