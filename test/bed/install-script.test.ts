// scripts/install-testbed.sh: the paths that need neither the network nor a Go build (a cold build takes
// 20+ minutes and is exercised by whoever installs the testbed, and by CI with its own limit).
import {expect} from 'chai'
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {bedVersions} from './bed.js'

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/install-testbed.sh')

describe('scripts/install-testbed.sh', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'install-testbed-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const run = (path: string) => {
    const r = spawnSync('/bin/sh', [SCRIPT], {
      encoding: 'utf8',
      env: {PATH: path, HOME: dir, MESHCTL_TESTBED_CACHE: join(dir, 'cache')},
    })
    return {code: r.status, stdout: r.stdout, stderr: r.stderr}
  }
  const v = bedVersions()
  const s = (x: string) => x.replace(/^v/, '')
  const installDir = () =>
    join(dir, 'cache', `k8s-${s(v.KUBERNETES_VERSION)}_etcd-${s(v.ETCD_VERSION)}_kwok-${s(v.KWOK_VERSION)}`)

  it('is idempotent: with every binary and the kwok stages in place it only prints the bin folder', () => {
    const bin = join(installDir(), 'bin')
    mkdirSync(bin, {recursive: true})
    for (const b of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']) {
      writeFileSync(join(bin, b), '#!/bin/sh\n')
      chmodSync(join(bin, b), 0o755)
    }
    writeFileSync(join(installDir(), 'kwok-stages.yaml'), 'kind: Stage\n')
    // No go on PATH: reaching a build step would fail.
    expect(run('/usr/bin:/bin')).to.deep.include({code: 0, stdout: `${bin}\n`})
  })

  it('fails with a clear message, and prints nothing, when Go is missing', () => {
    // A PATH with only dirname (the script finds the repository with it) and no go.
    const tools = join(dir, 'tools')
    mkdirSync(tools)
    symlinkSync(
      execFileSync('/bin/sh', ['-c', 'command -v dirname'], {encoding: 'utf8'}).trim(),
      join(tools, 'dirname'),
    )
    const r = run(tools)
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(/the Go toolchain is not installed \(go not on PATH\)/)
    expect(r.stdout).to.equal('')
  })
})
