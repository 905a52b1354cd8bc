import {expect} from 'chai'
import {checkValues} from '../../src/lib/manifest/values-schema.js'
import {VALUES_SCHEMA} from '../../src/lib/manifest/values-schema.gen.js'

describe('manifest values schema: unsigned integers', () => {
  const problems = (pilot: Record<string, unknown>) =>
    checkValues(VALUES_SCHEMA, {pilot} as never).map((p) => p.message)

  it('types uint32 fields of values_types.proto as unsigned', () => {
    expect(VALUES_SCHEMA.messages.PilotConfig?.autoscaleMin?.type).to.equal('uint32')
    expect(VALUES_SCHEMA.messages.PilotConfig?.autoscaleEnabled?.type).to.equal('bool')
  })

  it('refuses negative, fractional and out-of-range values as istioctl does, and accepts the rest', () => {
    for (const bad of [-1, '-1', 1.5, 4294967296])
      expect(problems({autoscaleMin: bad}), String(bad)).to.deep.equal([
        'invalid value for values.pilot.autoscaleMin: expected an unsigned integer, got ' +
          (typeof bad === 'string' ? 'string' : 'number'),
      ])
    for (const good of [0, 1, '1', 4294967295])
      expect(problems({autoscaleMin: good}), String(good)).to.deep.equal([])
  })
})
