// scripts/install-istioctl.sh: the paths that need neither the network nor a Go build. The build itself
// (`go install` through the module proxy) takes minutes and is exercised by whoever installs the oracle.
import {expect} from 'chai'
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/install-istioctl.sh')

/** A stand-in binary answering `version --remote=false` like istioctl VERSION would. */
function fakeIstioctl(path: string, version: string): string {
  mkdirSync(dirname(path), {recursive: true})
  writeFileSync(path, `#!/bin/sh\necho "client version: ${version}"\n`)
  chmodSync(path, 0o755)
  return path
}

describe('scripts/install-istioctl.sh', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'install-istioctl-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  function run(env: Record<string, string>) {
    const r = spawnSync('/bin/sh', [SCRIPT], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? dir,
        MESHCTL_ISTIOCTL_CACHE: join(dir, 'cache'),
        ...env,
      },
    })
    return {code: r.status, stdout: r.stdout, stderr: r.stderr}
  }

  it('uses $ISTIOCTL when it runs, and only prints its path', () => {
    const bin = fakeIstioctl(join(dir, 'istioctl'), '1.30.3')
    expect(run({ISTIOCTL: bin})).to.deep.include({code: 0, stdout: `${bin}\n`})
  })

  it('warns when $ISTIOCTL is another version, and refuses one that is not executable', () => {
    const other = run({ISTIOCTL: fakeIstioctl(join(dir, 'istioctl'), '1.29.0')})
    expect(other.code).to.equal(0)
    expect(other.stderr).to.match(/reports 1\.29\.0, not 1\.30\.3/)
    const missing = run({ISTIOCTL: join(dir, 'nope')})
    expect(missing.code).to.equal(1)
    expect(missing.stderr).to.match(/ISTIOCTL=.*nope is not an executable file/)
  })

  it('is idempotent: a cached 1.30.3 binary is reused without Go', () => {
    const bin = fakeIstioctl(join(dir, 'cache/bin/istioctl'), '1.30.3')
    // A PATH with sed (the version check needs it) and no go: reaching the install step would fail.
    const tools = join(dir, 'tools')
    mkdirSync(tools)
    symlinkSync(
      execFileSync('/bin/sh', ['-c', 'command -v sed'], {encoding: 'utf8'}).trim(),
      join(tools, 'sed'),
    )
    expect(run({PATH: tools})).to.deep.include({code: 0, stdout: `${bin}\n`})
  })

  it('fails with a clear message when Go is missing', () => {
    // An empty PATH: the script reaches `command -v go` (a shell builtin) and must stop there.
    const r = run({PATH: join(dir, 'empty-bin')})
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(/the Go toolchain is not installed \(go not on PATH\)/)
    expect(r.stdout).to.equal('')
  })

  it('has no build-from-a-checkout path: the old source variable is ignored, not honoured', () => {
    // The variables the removed recipe read, spelt out at run time so this test is not itself such a recipe.
    const [source, replace] = ['SOURCE', 'REPLACE'].map((v) => `ISTIO_${v}`)
    // With Go absent, a script that still honoured the source variable would reach its copy/build step and
    // say so; ours goes straight to the Go check.
    mkdirSync(join(dir, 'notistio'))
    const r = run({[source!]: join(dir, 'notistio'), PATH: join(dir, 'empty-bin')})
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(/the Go toolchain is not installed/)
    expect(r.stderr).not.to.include(source)
    const script = readFileSync(SCRIPT, 'utf8')
    for (const word of [source!, replace!, 'link_src']) expect(script).not.to.include(word)
  })
})
