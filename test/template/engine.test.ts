import {expect} from 'chai'
import {TemplateError} from '../../src/lib/template/errors.js'
import {sprigFuncs} from '../../src/lib/template/sprig.js'
import {TemplateSet} from '../../src/lib/template/template.js'
import {chartCases, tmplCases} from './cases/index.js'
import {goData, loadExpectations} from './expectations.js'
import type {OracleResult, TmplCase} from './oracle.js'

function render(c: TmplCase): OracleResult {
  try {
    const set = new TemplateSet({funcs: c.nosprig ? {} : sprigFuncs(), missingKey: c.missingkey ?? 'default'})
    for (const [name, text] of c.templates) set.parse(name, text)
    return {out: set.execute(c.entry ?? c.templates[0][0], goData(c.data))}
  } catch (e) {
    if (e instanceof TemplateError) return {out: null, err: e.message}
    throw e
  }
}

describe('template engine vs Go text/template + Sprig', function () {
  this.timeout(600_000)
  let expected: Record<string, OracleResult>
  before(function () {
    const loaded = loadExpectations(tmplCases, chartCases)
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
      const got = render(c)
      if (want.err) expect(got.err ?? `(no error; output ${JSON.stringify(got.out)})`).to.equal(want.err)
      else expect(got).to.deep.equal({out: want.out})
    })
  }
})
