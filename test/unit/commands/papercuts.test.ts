/** The newcomer papercuts of issue #18, each through the built CLI as a user meets it. */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import {ROOT, runCli} from '../../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'meshctl-papercuts-'))
const env = {KUBECONFIG: '/nonexistent'}
const cli = (args: string[], input?: string) => runCli(args, {env, input})

interface ManifestCommand {
  aliases?: string[]
  hidden?: boolean
  flags: Record<string, {char?: string}>
}
const manifest = () =>
  JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, ManifestCommand>
  }

describe('newcomer papercuts (issue #18)', function () {
  this.timeout(60_000)

  describe('a misspelt command gets "Did you mean this?" and never an oclif id', () => {
    const cases: [string[], string, string | undefined][] = [
      [['analyse'], 'analyse', 'analyze'],
      [['manifest', 'generat'], 'manifest generat', 'manifest generate'],
      [['manifst', 'generate'], 'manifst', 'manifest'],
      [['valdate', '-f', 'x.yaml'], 'valdate', 'validate'],
      [['frobnicate', 'now'], 'frobnicate', undefined],
    ]
    for (const [args, typed, guess] of cases) {
      it(args.join(' '), async () => {
        const r = await cli(args)
        expect(r.code).to.equal(64)
        expect(r.stdout).to.equal('')
        const lines = r.stderr.trimEnd().split('\n')
        expect(lines[0]).to.equal(`error: unknown command "${typed}" for "meshctl"`)
        if (guess) expect(lines[1]).to.equal(`hint: Did you mean this? ${guess}`)
        else expect(r.stderr).to.not.contain('Did you mean')
        expect(r.stderr).to.not.match(/\w:\w/) // no `manifest:generat`
      })
    }
  })

  it('--set profile=dmeo suggests the closest profile', async () => {
    const r = await cli(['manifest', 'generate', '--set', 'profile=dmeo'])
    expect(r.code).to.equal(65)
    expect(r.stderr).to.match(/^error: profile "dmeo" not found in .*; available profiles: .*demo/)
    expect(r.stderr).to.contain('hint: did you mean "demo"?')
    expect((await cli(['profile', 'dump', 'minmal'])).stderr).to.contain('hint: did you mean "minimal"?')
  })

  it('--set PATH without =VALUE says that =VALUE is missing', async () => {
    for (const args of [
      ['manifest', 'generate', '--set', 'profile'],
      ['manifest', 'generate', '--set', 'values.pilot.autoscaleMin'],
    ]) {
      const r = await cli(args)
      expect(r.code).to.equal(64)
      expect(r.stderr.split('\n')[0]).to.equal(
        `error: --set ${args[3]}: =VALUE is missing (write --set ${args[3]}=VALUE)`,
      )
      expect(r.stderr).to.not.contain('unsigned integer')
    }
  })

  it('a YAML syntax error in -f: one error line with file:line:col; the code frame only with --debug', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n name: b\n')
    for (const args of [
      ['validate', '-f', bad],
      ['manifest', 'generate', '-f', bad],
      ['analyze', '--use-kube=false', bad],
    ]) {
      const plain = await cli(args)
      expect(plain.code, args.join(' ')).to.equal(65)
      const errors = plain.stderr.split('\n').filter((l) => l.includes('cannot parse YAML'))
      expect(errors, args.join(' ')).to.have.length(1)
      expect(errors[0]).to.match(new RegExp(`^error: ${bad}:5:\\d+: cannot parse YAML: `))
      expect(plain.stderr, args.join(' ')).to.not.match(/^\s*\d+ \| /m)
      const debug = await cli([...args, '--debug'])
      expect(debug.stderr, args.join(' ')).to.match(/^\s*5 \| {2}?name: b$/m)
    }
  })

  it('read errors have one wording that names the path (and the flag)', async () => {
    const missing = join(dir, 'missing.yaml')
    const reason = `${missing}: cannot read file: no such file or directory`
    const cases: [string[], string][] = [
      [['validate', '-f', missing], `error: ${reason}`],
      [['analyze', missing], `error: ${reason}`],
      [['manifest', 'generate', '-f', missing], `error: ${reason}`],
      [['manifest', 'diff', missing, missing], `error: ${reason}`],
      [['analyze', '--baseline', missing, 'x.yaml'], `error: ${reason} (--baseline)`],
      [
        ['analyze', '--meshConfigFile', missing, join(ROOT, 'test/fixtures/analyze/corpus/clean.yaml')],
        `error: ${reason} (--meshConfigFile)`,
      ],
    ]
    for (const [args, line] of cases) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).to.equal(65)
      expect(r.stderr.split('\n'), args.join(' ')).to.include(line)
      expect(r.stderr).to.not.contain('ENOENT')
    }
  })

  it('each command offers only the flags it reads', () => {
    const {commands} = manifest()
    const has = (id: string, flag: string) => flag in commands[id]!.flags
    for (const flag of ['kubeconfig', 'context', 'request-timeout', 'revision'])
      expect(has('validate', flag), `validate --${flag}`).to.equal(false)
    for (const flag of ['namespace', 'istio-namespace'])
      expect(has('manifest:generate', flag), `manifest generate --${flag}`).to.equal(false)
    // what they do read stays
    expect(has('manifest:generate', 'kubeconfig') && has('manifest:generate', 'context')).to.equal(true)
    expect(has('validate', 'namespace') && has('validate', 'istio-namespace')).to.equal(true)
  })

  it('completion is the one completion command; autocomplete is a hidden alias of it', async () => {
    const help = await cli(['--help'])
    expect(help.stdout).to.match(/^ {2}completion /m)
    expect(help.stdout).to.not.match(/^ {2}autocomplete /m)
    const cache = {XDG_CACHE_HOME: join(dir, 'cache')}
    const viaAlias = await runCli(['autocomplete', 'bash'], {env: {...env, ...cache}})
    const direct = await runCli(['completion', 'bash'], {env: {...env, ...cache}})
    expect(viaAlias.code).to.equal(0)
    expect(viaAlias.stdout).to.equal(direct.stdout)
    expect(direct.stdout).to.contain('complete -F _meshctl_autocomplete meshctl')
  })

  it('dependencies: no unused test libraries; ws only for the simulator', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    const all = {...pkg.dependencies, ...pkg.devDependencies}
    for (const unused of ['sinon', '@types/sinon', '@oclif/test'])
      expect(all, unused).to.not.have.property(unused)
    expect(pkg.dependencies).to.not.have.property('ws')
    expect(pkg.devDependencies).to.have.property('ws')
  })

  it("root --help lists each command once: aliases appear on their command's own help", async () => {
    const r = await cli(['--help'])
    expect(r.code).to.equal(0)
    const listed = [...r.stdout.matchAll(/^ {2}([a-z-]+) {2}/gm)].map((m) => m[1])
    expect(listed).to.include.members(['install', 'dashboard', 'proxy-status', 'validate'])
    for (const alias of ['apply', 'upgrade', 'd', 'dash', 'ps', 'v']) expect(listed).to.not.include(alias)
    const install = await cli(['install', '--help'])
    expect(install.stdout).to.match(/ALIASES\n {2}\$ meshctl apply\n/)
  })

  it('the README "works today" table matches the command list', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const table = /<!-- works-today -->\n([\s\S]*?)<!-- \/works-today -->/.exec(readme)?.[1]
    expect(table, 'README has the works-today table').to.be.a('string')
    const rows = table!
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| istioctl'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map(([, , meshctl, status]) => ({
        commands: [...meshctl!.matchAll(/`meshctl ([a-z -]+)`/g)].map((m) =>
          m[1]!.trim().replaceAll(' ', ':'),
        ),
        status: status!,
      }))
    const {commands} = manifest()
    const visible = Object.entries(commands)
      .filter(([, c]) => !c.hidden)
      .map(([id]) => id)
    const claimed = rows.filter((r) => r.status === 'tested').flatMap((r) => r.commands)
    const pending = rows.filter((r) => r.status !== 'tested').flatMap((r) => r.commands)
    // Every command in --help is in the table as tested, and nothing is claimed that does not exist.
    expect([...claimed].sort()).to.deep.equal([...visible].sort())
    // A command marked "in progress" that has landed makes the table stale.
    for (const c of pending) expect(visible, `${c} has landed: mark it tested`).to.not.include(c)
    // The walkthrough does not use commands that do not exist.
    const walkthrough = /### The walkthrough on a real cluster\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? ''
    for (const [, cmd] of walkthrough.matchAll(/^meshctl ((?:[a-z-]+ ?)+)/gm)) {
      const words = cmd!.trim().split(' ')
      const ids = Object.entries(commands).flatMap(([id, c]) => [id, ...(c.aliases ?? [])])
      expect(
        ids.some((id) => words.slice(0, id.split(':').length).join(':') === id),
        `README walkthrough: meshctl ${cmd}`,
      ).to.equal(true)
    }
  })
})
