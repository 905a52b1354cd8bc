import {Errors} from '@oclif/core'
import {expect} from 'chai'
import {classifyError, formatErrorReport} from '../../../../src/lib/command/classify.js'
import {ExitCode} from '../../../../src/lib/command/exit-codes.js'
import {MeshctlError, inputError, usageError} from '../../../../src/lib/errors.js'

describe('command/classify: errors to exit codes', () => {
  const table: [string, unknown, number, string][] = [
    ['MeshctlError keeps its code', new MeshctlError('boom', {exitCode: 79}), 79, 'boom'],
    [
      'usage errors exit 64',
      usageError('bad flag value for --set'),
      ExitCode.USAGE,
      'bad flag value for --set',
    ],
    [
      'input errors exit 65',
      inputError('a.yaml:3: not an object'),
      ExitCode.BAD_INPUT,
      'a.yaml:3: not an object',
    ],
    [
      'unknown commands exit 64',
      new Errors.CLIError('command nosuch not found'),
      ExitCode.USAGE,
      'command nosuch not found',
    ],
    ['any other error exits 1 with its first line', new Error('first\nsecond'), ExitCode.FAILURE, 'first'],
    ['non-errors are stringified', 'plain string', ExitCode.FAILURE, 'plain string'],
    [
      "an unhandled file error names the path, without Node's wording (65)",
      Object.assign(new Error("ENOENT: no such file or directory, open 'out/b.yaml'"), {
        code: 'ENOENT',
        syscall: 'open',
        path: 'out/b.yaml',
      }),
      ExitCode.BAD_INPUT,
      'out/b.yaml: no such file or directory',
    ],
  ]
  for (const [name, err, code, message] of table) {
    it(name, () => {
      const r = classifyError(err)
      expect(r.exitCode).to.equal(code)
      expect(r.message).to.equal(message)
    })
  }

  it('maps oclif parse errors (they carry a parse field) to 64 on one line', () => {
    const err = Object.assign(new Errors.CLIError('Nonexistent flag: --bogus\nSee more help with --help'), {
      parse: {},
    })
    const r = classifyError(err)
    expect(r.exitCode).to.equal(ExitCode.USAGE)
    expect(r.message).to.equal('Nonexistent flag: --bogus')
  })

  it('formats one error line plus hint lines', () => {
    expect(formatErrorReport({message: 'm', hints: ['h1'], exitCode: 1})).to.equal('error: m\nhint: h1\n')
  })
})
