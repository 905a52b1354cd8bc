import {expect} from 'chai'
import {makeTheme, shouldDecorate} from '../../../../src/lib/ui/theme.js'
import {createSpinner} from '../../../../src/lib/ui/spinner.js'

describe('ui/theme: colour and spinners only for a person at a terminal', () => {
  const tty = {isTTY: true, env: {TERM: 'xterm-256color'}}
  it('decorates a TTY with a normal terminal', () => expect(shouldDecorate(tty)).to.equal(true))
  const off: [string, Parameters<typeof shouldDecorate>[0]][] = [
    ['not a TTY', {...tty, isTTY: false}],
    ['NO_COLOR set', {...tty, env: {...tty.env, NO_COLOR: '1'}}],
    ['--no-color', {...tty, noColorFlag: true}],
    ['CI set', {...tty, env: {...tty.env, CI: 'true'}}],
    ['machine output (-o json|yaml)', {...tty, machineOutput: true}],
    ['TERM=dumb', {...tty, env: {TERM: 'dumb'}}],
  ]
  for (const [name, input] of off)
    it(`does not decorate when ${name}`, () => expect(shouldDecorate(input)).to.equal(false))
  it('keeps CI=false decorating', () =>
    expect(shouldDecorate({...tty, env: {...tty.env, CI: 'false'}})).to.equal(true))

  it('produces plain text when decoration is off and ANSI when on', () => {
    expect(makeTheme(false).red('x')).to.equal('x')
    expect(makeTheme(true).red('x')).to.equal('\u001B[31mx\u001B[39m')
  })

  it('writes nothing from a spinner when decoration is off', async () => {
    let written = ''
    const stream = {write: (s: string) => (written += s), isTTY: false} as unknown as NodeJS.WriteStream
    const s = await createSpinner(false, stream)
    s.start('working')
    s.succeed('done')
    expect(written).to.equal('')
  })
})
