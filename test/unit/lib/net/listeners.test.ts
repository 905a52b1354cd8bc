// Listeners bind loopback unless the user asks otherwise: every listen() in src/ names its host, the
// port-forward listener defaults to 127.0.0.1, and dashboard's --address defaults to localhost and refuses
// other addresses without --allow-remote.
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {KubeConfig} from '@kubernetes/client-node'
import {startPortForward} from '../../../../src/lib/kube/port-forward.js'
import {ROOT, runCli} from '../../../helpers/cli.js'

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

describe('network exposure: listeners bind loopback unless --address says otherwise', () => {
  it('every listen() in src/ passes a host (none falls back to all interfaces)', () => {
    const calls: string[] = []
    for (const file of sources(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\.listen\(([^)]*)\)?/g)) {
        calls.push(`${file}: ${m[0]}`)
        const args = m[1]!.split(',').map((a) => a.trim())
        expect(args.length, `${file}: ${m[0]}`).to.be.at.least(2)
        expect(args[1], `${file}: ${m[0]} (second argument must be a host)`).to.not.match(/^(\(|function|$)/)
      }
    }
    expect(calls.length).to.be.at.least(1)
  })

  it('a port-forward listens on 127.0.0.1 by default', async () => {
    const kc = new KubeConfig()
    kc.loadFromOptions({
      clusters: [{name: 'c', server: 'https://127.0.0.1:9'}],
      users: [{name: 'u'}],
      contexts: [{name: 'x', cluster: 'c', user: 'u'}],
      currentContext: 'x',
    })
    const pf = await startPortForward(kc, 'ns', 'pod', 80)
    try {
      expect(pf.address).to.equal('127.0.0.1')
      expect(pf.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
    } finally {
      await pf.close()
    }
  })

  it('dashboard refuses a non-loopback --address without --allow-remote', async () => {
    const r = await runCli(['dashboard', 'kiali', '--address', '0.0.0.0', '--browser=false'])
    expect(r.code).to.not.equal(0)
    expect(r.stderr.split('\n')[0]).to.match(/^error: .*--allow-remote/)
  })
})
