import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'chai'
import {BIN, ROOT, runCli} from '../../helpers/cli.js'

const SPY = fileURLToPath(new URL('../../helpers/fs-spy.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'meshctl-cli-'))
// A valid kubeconfig whose server refuses connections (port 1 on loopback).
const kubeconfig = join(dir, 'sentinel-kubeconfig.yaml')
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
current-context: dead
clusters:
- name: dead
  cluster:
    server: https://127.0.0.1:1
users:
- name: u
  user:
    token: secret-token-never-printed
contexts:
- name: dead
  context: {cluster: dead, user: u}
`,
)
const spyEnv = {KUBECONFIG: kubeconfig, MESHCTL_FS_SPY: 'sentinel-kubeconfig'}

describe('CLI contract (built bin/run.js)', function () {
  this.timeout(60_000)

  it('--help lists the commands and exits 0', async () => {
    const r = await runCli(['--help'])
    expect(r.code).to.equal(0)
    expect(r.stdout).to.contain('version')
    expect(r.stdout).to.contain('completion')
  })

  it('an unknown flag exits 64 with a one-line error on stderr and nothing on stdout', async () => {
    const r = await runCli(['version', '--remote=false', '--bogus'])
    expect(r.code).to.equal(64)
    expect(r.stdout).to.equal('')
    expect(r.stderr.split('\n')[0]).to.equal('error: Nonexistent flag: --bogus')
    expect(r.stderr).not.to.match(/\bat .*\.js:\d+/)
  })

  it('an unknown command exits 64', async () => {
    const r = await runCli(['nosuch'])
    expect(r.code).to.equal(64)
    expect(r.stderr).to.match(/^error: unknown command "nosuch" for "meshctl"\n/)
  })

  it('prints a stack trace only with --debug', async () => {
    const plain = await runCli(['nosuch'])
    expect(plain.stderr).not.to.match(/\n\s+at /)
    const debug = await runCli(['nosuch', '--debug'])
    expect(debug.code).to.equal(64)
    expect(debug.stderr).to.match(/\n\s+at /)
  })

  it('a bad flag value exits 64', async () => {
    const r = await runCli(['version', '--remote=false', '-o', 'xml'])
    expect(r.code).to.equal(64)
    expect(r.stderr).to.match(/^error: Expected --output=xml to be one of: text, json, yaml/)
  })

  it('version --remote=false -o json prints valid JSON with the client version', async () => {
    const r = await runCli(['version', '--remote=false', '-o', 'json'])
    expect(r.code).to.equal(0)
    const data = JSON.parse(r.stdout)
    expect(data.clientVersion.version).to.equal('1.30.3')
    expect(Object.keys(data)).to.deep.equal(['clientVersion'])
  })

  it('version --remote=false -o yaml and text', async () => {
    const yaml = await runCli(['version', '--remote=false', '-o', 'yaml'])
    expect(yaml.stdout).to.match(/^clientVersion:\n {2}version: 1\.30\.3\n/)
    const text = await runCli(['version', '--remote=false'])
    expect(text.stdout).to.match(/^client version: 1\.30\.3 \(meshctl \d+\.\d+\.\d+\)\n$/)
  })

  it('the spy sees kubeconfig reads (control): version with --remote reads it and reports the dead server', async () => {
    const r = await runCli(['version'], {env: spyEnv, nodeArgs: ['--import', SPY]})
    expect(r.stderr).to.contain('FS-SPY')
    expect(r.code).to.equal(1)
    expect(r.stderr).to.contain('error: cannot reach the cluster at https://127.0.0.1:1: connection refused')
    expect(r.stderr + r.stdout).not.to.contain('secret-token-never-printed')
  })

  for (const args of [
    ['--help'],
    ['--version'],
    ['version', '--help'],
    ['help', 'version'],
    ['version', '--remote=false'],
    ['completion', 'bash'],
  ]) {
    it(`${args.join(' ')} never reads the kubeconfig`, async () => {
      const r = await runCli(args, {env: spyEnv, nodeArgs: ['--import', SPY]})
      expect(r.code).to.equal(0)
      expect(r.stderr).not.to.contain('FS-SPY')
    })
  }

  it('completion prints a script for bash, zsh and powershell', async () => {
    const env = {XDG_CACHE_HOME: join(dir, 'cache')}
    const bash = await runCli(['completion', 'bash'], {env})
    expect(bash.stdout).to.contain('complete -F _meshctl_autocomplete meshctl')
    const zsh = await runCli(['completion', 'zsh'], {env})
    expect(zsh.stdout).to.contain('#compdef meshctl')
    const pwsh = await runCli(['completion', 'powershell'], {env})
    expect(pwsh.stdout).to.contain('Register-ArgumentCompleter')
  })

  // On a real terminal (util-linux `script` gives the CLI a pseudo-TTY) analyze colours its levels; every
  // opt-out must remove the escapes. The first row is the control that proves colour is produced at all.
  const findings = join(ROOT, 'test/fixtures/analyze/corpus/destinationrule-tls.yaml')
  const ESC = String.fromCharCode(27)
  const ttyCases: [string, string[], NodeJS.ProcessEnv, boolean][] = [
    ['colours a terminal', [], {}, true],
    ['NO_COLOR=1', [], {NO_COLOR: '1'}, false],
    ['--no-color', ['--no-color'], {}, false],
    ['CI=true', [], {CI: 'true'}, false],
  ]
  for (const [name, extra, env, coloured] of ttyCases) {
    it(`analyze -o log on a TTY: ${name}`, async function () {
      if (!existsSync('/usr/bin/script')) {
        console.log('      (skipped: util-linux script is not installed; no pseudo-TTY)')
        this.skip()
      }
      const cmd = [BIN, 'analyze', '--use-kube=false', ...extra, findings].map((a) => `'${a}'`).join(' ')
      const base: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm-256color'}
      delete base.CI
      delete base.NO_COLOR
      const out = await new Promise<string>((resolve) =>
        execFile(
          '/usr/bin/script',
          ['-qec', `${process.execPath} ${cmd}`, '/dev/null'],
          {env: {...base, ...env}},
          (_e, stdout) => resolve(stdout),
        ),
      )
      expect(out).to.contain('IST0128')
      expect(out.includes(ESC)).to.equal(coloured)
    })
  }

  it('oclif.manifest.json is fresh: it lists exactly the built commands', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>
    }
    const commandsDir = join(ROOT, 'src', 'commands')
    const ids = (readdirSync(commandsDir, {recursive: true}) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) =>
        relative('.', f)
          .replace(/\.ts$/, '')
          .replace(/\/index$/, '')
          .split('/')
          .join(':'),
      )
    expect(Object.keys(manifest.commands).sort()).to.deep.equal(ids.sort())
  })
})
