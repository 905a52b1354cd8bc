import {expect} from 'chai'
import {wireContinue} from '../../../../src/lib/kube/object-api.js'

describe('kube/object-api: the continue token of a list as sent on the wire', () => {
  it('reads a non-empty string metadata.continue, and nothing else', () => {
    expect(wireContinue('{"metadata":{"continue":"abc"},"items":[]}')).to.equal('abc')
    for (const text of [
      '{"metadata":{"continue":""}}',
      '{"metadata":{"continue":5}}',
      '{"metadata":{}}',
      '{"metadata":null}',
      '{}',
      'null',
      'not json "continue"',
    ])
      expect(wireContinue(text), text).to.equal(undefined)
  })
})
