import {expect} from 'chai'
import {chartCases, tmplCases} from './cases/index.js'
import {loadExpectations} from './expectations.js'
import type {OracleResult} from './oracle.js'
import {renderChartCase, renderTmplCase} from './render.js'

// Loaded once per process: Stryker reruns this suite in the same process for each mutant.
let loaded: ReturnType<typeof loadExpectations> | undefined

describe('template engine vs Go text/template + Sprig', function () {
  this.timeout(600_000)
  let expected: Record<string, OracleResult>
  before(function () {
    loaded ??= loadExpectations(tmplCases, chartCases)
    expected = loaded.results
    console.log(
      `      (expectations from ${loaded.source === 'oracle' ? 'the Go oracle' : 'committed expected.json'})`,
    )
  })

  it('has at least 300 oracle-checked cases', () => {
    expect(tmplCases.length + chartCases.length).to.be.at.least(300)
  })

  for (const c of tmplCases) {
    it(`${c.id}: ${JSON.stringify(c.templates.length === 1 ? c.templates[0][1] : c.templates).slice(0, 90)}`, () => {
      const want = expected[c.id]
      expect(want, `no expectation for ${c.id}`).to.not.equal(undefined)
      const got = renderTmplCase(c)
      if (want.err) expect(got.err ?? `(no error; output ${JSON.stringify(got.out)})`).to.equal(want.err)
      else expect(got).to.deep.equal({out: want.out})
    })
  }

  for (const c of chartCases) {
    it(`${c.id} (Helm engine)`, () => {
      const want = expected[c.id]
      expect(want, `no expectation for ${c.id}`).to.not.equal(undefined)
      const got = renderChartCase(c)
      if (want.err) expect(got.err ?? `(no error; output ${JSON.stringify(got.out)})`).to.equal(want.err)
      else expect(got).to.deep.equal({out: want.out})
    })
  }
})
