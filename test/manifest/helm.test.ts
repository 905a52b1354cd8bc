import {expect} from 'chai'
import {splitDocuments} from '../../src/lib/manifest/helm.js'

describe('manifest helm: splitting rendered text into documents (istio yml.SplitString)', () => {
  it('splits at every line that starts with ---, whatever follows on it, and drops empty documents', () => {
    expect(splitDocuments('---\na: 1\n---\n\n---\nb: 2\n')).to.deep.equal(['a: 1', 'b: 2'])
    expect(splitDocuments('a: 1\n--- # comment\nb: 2\n----\nc: |\n  ---\n')).to.deep.equal([
      'a: 1',
      'b: 2',
      'c: |\n  ---',
    ])
  })

  it('keeps --- that is not at the start of a line, and handles text without a final newline', () => {
    expect(splitDocuments('a: x---y\n b: ---')).to.deep.equal(['a: x---y\n b: ---'])
    expect(splitDocuments('a: 1\n---')).to.deep.equal(['a: 1'])
    expect(splitDocuments('---')).to.deep.equal([])
    expect(splitDocuments('')).to.deep.equal([])
  })

  it('splits only at \\n line ends (a --- after \\r stays in the document, then trimmed ends)', () => {
    expect(splitDocuments('a: 1\r---\r\nb: 2\r\n')).to.deep.equal(['a: 1\r---\r\nb: 2'])
    expect(splitDocuments('  a: 1  \n---\n\tb: 2\t\n')).to.deep.equal(['a: 1', 'b: 2'])
  })
})
