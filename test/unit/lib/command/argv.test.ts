import {expect} from 'chai'
import {normalizeBooleanArgs} from '../../../../src/lib/command/argv.js'
import {parseDuration} from '../../../../src/lib/command/duration.js'

const flags = {
  remote: {type: 'boolean', allowNo: true},
  short: {type: 'boolean', aliases: ['s-alias']},
  output: {type: 'option'},
}

describe('command/argv: Go-style boolean values', () => {
  it('rewrites --flag=false to --no-flag and --flag=true to --flag', () => {
    expect(normalizeBooleanArgs(['--remote=false'], flags)).to.deep.equal(['--no-remote'])
    expect(normalizeBooleanArgs(['--remote=true', '-o', 'json'], flags)).to.deep.equal([
      '--remote',
      '-o',
      'json',
    ])
  })
  it('drops a false value for a flag without --no- form, and accepts aliases', () => {
    expect(normalizeBooleanArgs(['--short=false', '--s-alias=1'], flags)).to.deep.equal(['--short'])
  })
  it('leaves non-boolean flags, positional args and everything after -- alone', () => {
    expect(normalizeBooleanArgs(['--output=json', 'x', '--', '--remote=false'], flags)).to.deep.equal([
      '--output=json',
      'x',
      '--',
      '--remote=false',
    ])
  })
  it('rejects other values with a usage error naming the flag', () => {
    expect(() => normalizeBooleanArgs(['--remote=maybe'], flags)).to.throw(/--remote/)
  })
})

describe('command/duration', () => {
  const good: [string, number][] = [
    ['15s', 15000],
    ['1m30s', 90000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['0', 0],
  ]
  for (const [text, ms] of good)
    it(`parses ${text}`, () => expect(parseDuration(text, 'request-timeout')).to.equal(ms))
  for (const bad of ['15', 's', '1x', '1s junk', ''])
    it(`rejects "${bad}" naming the flag`, () =>
      expect(() => parseDuration(bad, 'request-timeout')).to.throw(/--request-timeout/))
})
