// startForwardListener (src/lib/kube/port-forward.ts) against kube-sim: a target looked up per connection,
// both loopbacks for `localhost`, and a failed tunnel reported and closed instead of left hanging.
import {connect, createServer} from 'node:net'
import type {Server} from 'node:http'
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../../../kube-sim/index.js'
import {loadKubeConfig} from '../../../../src/lib/kube/config.js'
import {
  startForwardListener,
  TUNNEL_ATTEMPTS,
  type ForwardTarget,
} from '../../../../src/lib/kube/port-forward.js'
import {fakeUi, get} from '../../../dashboard/helpers.js'

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'default', labels: {app: name}},
  spec: {containers: [{name: 'c', image: 'x'}]},
})

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, host)
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })

describe('startForwardListener (kube-sim)', function () {
  this.timeout(20_000)
  let sim: KubeSim
  let a: Server
  let b: Server

  before(async () => {
    sim = await startKubeSim()
    a = await fakeUi('a')
    b = await fakeUi('b')
    await sim.seed([pod('a'), pod('b')])
    await sim.waitFor(() =>
      ['a', 'b'].every((n) => sim.get('v1', 'Pod', n, 'default')?.status?.phase === 'Running'),
    )
    sim.portForward(
      {namespace: 'default', pod: 'a', port: 80},
      {host: '127.0.0.1', port: (a.address() as {port: number}).port},
    )
    sim.portForward(
      {namespace: 'default', pod: 'b', port: 80},
      {host: '127.0.0.1', port: (b.address() as {port: number}).port},
    )
  })
  after(async () => {
    await sim.stop()
    a.close()
    b.close()
  })

  it('asks for the target on every connection, so it can move to another pod', async () => {
    const kc = await loadKubeConfig({kubeconfig: sim.kubeconfigPath})
    let target: ForwardTarget = {namespace: 'default', pod: 'a', port: 80}
    const h = await startForwardListener(kc, () => target)
    try {
      expect((await get(h.url)).body).to.equal('<title>a</title> /')
      target = {namespace: 'default', pod: 'b', port: 80}
      expect((await get(h.url)).body).to.equal('<title>b</title> /')
    } finally {
      await h.close()
    }
    expect(await accepts('127.0.0.1', h.port)).to.equal(false)
  })

  it('opens a tunnel again when the upgrade is refused or dropped, a bounded number of times', async () => {
    const kc = await loadKubeConfig({kubeconfig: sim.kubeconfigPath})
    const h = await startForwardListener(kc, () => ({namespace: 'default', pod: 'a', port: 80}))
    const upgrades = () => sim.requestLog.filter((r) => r.path.endsWith('/pods/a/portforward')).length
    try {
      // one 503, one drop: the third attempt gets through, and the client never noticed
      const offs = [
        sim.fault({path: /\/portforward$/, status: 503, times: 1}),
        sim.fault({path: /\/portforward$/, drop: true, times: 1}),
      ]
      let before = upgrades()
      expect((await get(h.url)).body).to.equal('<title>a</title> /')
      expect(upgrades() - before).to.equal(3)
      offs.forEach((off) => off())
      // always failing: TUNNEL_ATTEMPTS tries, then the connection closes and the handle says why
      const off = sim.fault({path: /\/portforward$/, status: 500})
      before = upgrades()
      const failed = await get(h.url).then(
        () => false,
        () => true,
      )
      off()
      expect(failed).to.equal(true)
      expect(upgrades() - before).to.equal(TUNNEL_ATTEMPTS)
      expect(h.tunnelError?.()?.message).to.match(/500/)
    } finally {
      await h.close()
    }
  })

  it('listens on 127.0.0.1 and, where the host has it, ::1 for localhost', async () => {
    const kc = await loadKubeConfig({kubeconfig: sim.kubeconfigPath})
    const h = await startForwardListener(kc, () => ({namespace: 'default', pod: 'a', port: 80}), {
      address: 'localhost',
    })
    try {
      expect(h.url).to.equal(`http://localhost:${h.port}`)
      expect(await accepts('127.0.0.1', h.port)).to.equal(true)
      const probe = await new Promise<boolean>((resolve) => {
        const s = createServer()
        s.once('error', () => resolve(false))
        s.listen(0, '::1', () => s.close(() => resolve(true)))
      })
      if (!probe) {
        console.log('      no ::1 on this host: only 127.0.0.1 checked')
        return
      }
      expect(await accepts('::1', h.port)).to.equal(true)
    } finally {
      await h.close()
    }
  })

  it('counts a port taken on ::1 as in use for localhost, so nobody else answers the URL', async function () {
    const kc = await loadKubeConfig({kubeconfig: sim.kubeconfigPath})
    const squatter = createServer()
    const port = await new Promise<number | undefined>((resolve) => {
      squatter.once('error', () => resolve(undefined))
      squatter.listen(0, '::1', () => resolve((squatter.address() as {port: number}).port))
    })
    if (port === undefined) {
      console.log('      no ::1 on this host: nothing to check')
      this.skip()
    }
    try {
      const err = await startForwardListener(kc, () => ({namespace: 'default', pod: 'a', port: 80}), {
        address: 'localhost',
        localPort: port,
      }).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      )
      expect(err?.code).to.equal('EADDRINUSE')
      expect(await accepts('127.0.0.1', port!), '127.0.0.1 released again').to.equal(false)
    } finally {
      squatter.close()
    }
  })

  it('reports a tunnel the pod side refuses and closes the connection', async () => {
    const kc = await loadKubeConfig({kubeconfig: sim.kubeconfigPath})
    const errors: string[] = []
    const h = await startForwardListener(kc, () => ({namespace: 'default', pod: 'a', port: 81}), {
      onTunnelError: (err, t) => errors.push(`${t.pod}:${t.port} ${err.message}`),
    })
    try {
      const err = await get(h.url).then(
        () => undefined,
        (e: Error) => e,
      )
      expect(err, 'the request fails instead of hanging').to.be.instanceOf(Error)
      expect(errors).to.have.length(1)
      expect(errors[0]).to.match(/^a:81 error forwarding port 81 to pod .*connection refused$/)
    } finally {
      await h.close()
    }
  })
})
