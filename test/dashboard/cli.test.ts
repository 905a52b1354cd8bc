// The built CLI as a user runs it (bin/run.js in a child process) against kube-sim: the URL on stdout serves
// the page, Ctrl-C (SIGINT) exits 0 and closes the listener, and each bad input is one `error:` line, exit 1.
import type {Server} from 'node:http'
import {expect} from 'chai'
import {runCli} from '../helpers/cli.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {
  deployment,
  fakeUi,
  freePort,
  get,
  listening,
  portOf,
  routeTo,
  runningPods,
  startCli,
} from './helpers.js'

const NS = 'istio-system'

describe('meshctl dashboard (CLI, kube-sim)', function () {
  this.timeout(60_000)
  let sim: KubeSim
  let kiali: Server
  let kialiPort: number
  let env: NodeJS.ProcessEnv
  // No display and no BROWSER: the default opener has nothing to open.
  const headless = {DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '', WSL_DISTRO_NAME: ''}

  before(async () => {
    sim = await startKubeSim()
    env = {KUBECONFIG: sim.kubeconfigPath, ...headless}
    kiali = await fakeUi('Kiali')
    kialiPort = await freePort()
    await sim.seed([
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: NS}},
      deployment('kiali', NS, {app: 'kiali'}, kialiPort),
    ])
    routeTo(sim, {namespace: NS, selector: 'app=kiali', port: kialiPort}, kiali)
    await sim.waitFor(() => runningPods(sim, NS, 'kiali').length === 1)
  })
  after(async () => {
    await sim.stop()
    kiali.close()
  })

  it('prints the URL, serves the page through the port-forward, and exits 0 on SIGINT with the listener closed', async () => {
    const cli = await startCli(['dashboard', 'kiali', '--browser=false', '--ui-port', String(kialiPort)], env)
    expect(cli.url).to.equal(`http://localhost:${kialiPort}/kiali`)
    expect(await get(cli.url)).to.deep.equal({status: 200, body: '<title>Kiali</title> /kiali'})
    expect(cli.stderr()).to.contain('skipping opening a browser')
    expect(await cli.stop()).to.equal(0)
    expect(await listening(kialiPort)).to.equal(false)
  })

  it('lists the addons with no name', async () => {
    const r = await runCli(['dashboard', '-o', 'json'], {env})
    expect(r.code, r.stderr).to.equal(0)
    const rows = JSON.parse(r.stdout) as {name: string; status: string}[]
    expect(rows.map((x) => `${x.name}=${x.status}`)).to.deep.equal([
      // kiali's UI is on kialiPort in this cluster, not 20001, so the probe finds nothing there
      'kiali=unreachable',
      'prometheus=not installed',
      'grafana=not installed',
      'jaeger=not installed',
      'zipkin=not installed',
      'skywalking=not installed',
    ])
    const table = await runCli(['dashboard'], {env})
    expect(table.stdout.split('\n')[0]).to.match(/^NAME\s+STATUS\s+POD\s+DETAIL$/)
  })

  const errors: [string, string[], RegExp][] = [
    [
      'an unknown dashboard',
      ['dashboard', 'kiai'],
      /^error: unknown dashboard "kiai"; did you mean kiali\? \(dashboards: kiali, /,
    ],
    [
      'a dashboard with no pod',
      ['dashboard', 'grafana', '-n', 'apps'],
      /^error: no pods found with selector app\.kubernetes\.io\/name=grafana in namespaces istio-system, apps\nhint: grafana is not installed; add it with: meshctl install --set addonComponents\.grafana\.enabled=true /,
    ],
    [
      'a non-local --address without --allow-remote',
      ['dashboard', 'kiali', '--address', '0.0.0.0'],
      /^error: --address 0\.0\.0\.0 is not a loopback address: .*add --allow-remote to listen there anyway\n$/,
    ],
    [
      'no browser',
      ['dashboard', 'kiali', '--ui-port', 'PORT'],
      /^error: cannot open a browser \(no graphical display \(DISPLAY and WAYLAND_DISPLAY are not set\)\); open http:\/\/localhost:\d+\/kiali yourself, or pass --browser=false\n$/,
    ],
  ]
  for (const [what, args, stderr] of errors) {
    it(`fails with one line, exit 1, on ${what}`, async () => {
      const r = await runCli(
        args.map((a) => (a === 'PORT' ? String(kialiPort) : a)),
        {env},
      )
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stderr.replace(/^.*Kiali: forwarding.*\n/m, '')).to.match(stderr)
    })
  }

  it("installs the addon with the hint's own command, after which the dashboard finds it", async () => {
    const fresh = await startKubeSim()
    try {
      const freshEnv = {...env, KUBECONFIG: fresh.kubeconfigPath}
      const before = await runCli(['dashboard', 'prometheus', '--browser=false'], {env: freshEnv})
      expect(before.code).to.equal(1)
      const command = /^hint: prometheus is not installed; add it with: meshctl (.+?) \(/m.exec(
        before.stderr,
      )?.[1]
      expect(command, before.stderr).to.equal('install --set addonComponents.prometheus.enabled=true')
      const install = await runCli([...command!.split(' '), '-y'], {env: freshEnv})
      expect(install.code, install.stderr).to.equal(0)
      const list = await runCli(['dashboard', '-o', 'json'], {env: freshEnv})
      const prom = (JSON.parse(list.stdout) as {name: string; status: string; pod?: string}[]).find(
        (r) => r.name === 'prometheus',
      )
      // Installed and its pod found; nothing answers behind it in the simulator, so not "reachable".
      expect(prom?.status).to.equal('unreachable')
      expect(prom?.pod).to.match(/^prometheus-.*\.istio-system$/)
    } finally {
      await fresh.stop()
    }
  })

  it('fails with one line, exit 1, on a --port in use', async () => {
    const busy = await fakeUi('squatter')
    try {
      const r = await runCli(
        ['dashboard', 'kiali', '--browser=false', '-p', String(portOf(busy)), '--address', '127.0.0.1'],
        {env},
      )
      expect(r.code).to.equal(1)
      expect(r.stderr).to.equal(
        `error: port ${portOf(busy)} is in use on 127.0.0.1; choose another with --port (0: any free port)\n`,
      )
    } finally {
      busy.close()
    }
  })

  it('fails with one line, exit 1, on a pod that is not running', async () => {
    sim.scriptPods('zipkin-', {state: 'CrashLoopBackOff'})
    await sim.seed([deployment('zipkin', NS, {app: 'zipkin'}, 9411)])
    await sim.waitFor(() =>
      sim
        .list('v1', 'Pod', NS)
        .some((p) => p.metadata.name.startsWith('zipkin-') && p.status?.containerStatuses),
    )
    const r = await runCli(['dashboard', 'zipkin', '--browser=false'], {env})
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(
      /^error: pod zipkin-[a-z0-9-]+\.istio-system is not running \(CrashLoopBackOff\)\n$/,
    )
  })
})
