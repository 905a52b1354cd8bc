import {expect} from 'chai'
import fc from 'fast-check'
import {jsonClone} from '../../../src/lib/json.js'

describe('json: jsonClone', () => {
  it('copies any JSON value deeply: equal, and sharing no object or array with the original', () => {
    const shared = (a: unknown, b: unknown): boolean => {
      if (a === null || typeof a !== 'object') return false
      if (a === b) return true
      return Object.keys(a).some((k) => shared((a as never)[k], (b as never)[k]))
    }
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = jsonClone(v)
        expect(c).to.deep.equal(v)
        expect(shared(v, c)).to.equal(false)
      }),
      {numRuns: 300},
    )
  })

  it('keeps keys whose value is undefined, and a `__proto__` key as a key (not a prototype)', () => {
    const v = JSON.parse('{"a": {"__proto__": {"x": 1}}}') as {a: Record<string, unknown>}
    v.a.u = undefined
    const c = jsonClone(v)
    expect(Object.keys(c.a)).to.deep.equal(['__proto__', 'u'])
    expect(Object.getPrototypeOf(c.a)).to.equal(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(c.a, '__proto__')?.value).to.deep.equal({x: 1})
  })
})
