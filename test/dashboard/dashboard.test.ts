// meshctl dashboard against kube-sim: real port-forwards through the simulated API server to local stand-ins
// for the UIs, driven through the library (the CLI process is tested in cli.test.ts).
import type {Server} from 'node:http'
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {createKubeClient, type KubeClient} from '../../src/lib/kube/client.js'
import {parseDashboardArgs, planDashboards, type LookupFlags} from '../../src/lib/dashboard/request.js'
import {runDashboards, type RunOptions} from '../../src/lib/dashboard/run.js'
import {DashboardSession} from '../../src/lib/dashboard/session.js'
import {listAddons, probeDashboard} from '../../src/lib/dashboard/list.js'
import {deployment, fakeUi, freePort, get, listening, portOf, routeTo, runningPods, until} from './helpers.js'

const NS = 'istio-system'

describe('dashboard (kube-sim)', function () {
  this.timeout(30_000)
  let sim: KubeSim
  let kube: KubeClient
  let kiali: Server
  let prom: Server
  let kialiPort: number
  const kialiPods: string[] = []

  const flags = (over: Partial<LookupFlags> = {}): LookupFlags => ({
    revision: '',
    contextNamespace: 'default',
    istioNamespace: NS,
    ...over,
  })

  /** Runs dashboards until `body` is done with them, then aborts (Ctrl-C) and waits for the end. */
  async function serve(
    args: string[],
    lookup: Partial<LookupFlags>,
    opts: Partial<RunOptions>,
    body: (urls: string[], logs: string[]) => Promise<void>,
  ): Promise<void> {
    const out: string[] = []
    const logs: string[] = []
    const stop = new AbortController()
    let ready!: () => void
    const started = new Promise<void>((r) => (ready = r))
    const run = runDashboards(kube, await planDashboards(kube, parseDashboardArgs(args), flags(lookup)), {
      localPort: 0,
      address: 'localhost',
      reconnect: true,
      browser: false,
      out: (l) => out.push(l),
      log: (l) => logs.push(l),
      signal: stop.signal,
      onReady: ready,
      pollMs: 50,
      backoffMs: [20, 100],
      ...opts,
    })
    await Promise.race([started, run])
    try {
      await body(out, logs)
    } finally {
      stop.abort()
      await run
    }
  }

  /** Adds (or removes) a test finalizer on a pod, retrying when a controller wrote it meanwhile. */
  async function holdPod(name: string, hold: boolean): Promise<void> {
    const fin = 'meshctl.test/hold'
    for (;;) {
      const pod = await kube.get({apiVersion: 'v1', kind: 'Pod'}, name, NS)
      if (!pod) return
      const others = ((pod.metadata.finalizers as string[] | undefined) ?? []).filter((f) => f !== fin)
      pod.metadata.finalizers = hold ? [...others, fin] : others
      try {
        await kube.replace(pod)
        return
      } catch (e) {
        if (!/conflict|modified/i.test((e as Error).message)) throw e
      }
    }
  }

  before(async () => {
    sim = await startKubeSim()
    kube = await createKubeClient({kubeconfig: sim.kubeconfigPath})
    kiali = await fakeUi('Kiali')
    prom = await fakeUi('Prometheus')
    // The pod port is a free port rather than 20001, so that "prefer the dashboard's port" is tested
    // without binding a fixed port: --ui-port moves the pod port and the preferred local port together.
    kialiPort = await freePort()
    await sim.seed([
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: NS}},
      deployment('kiali', NS, {app: 'kiali'}, kialiPort),
      deployment('prometheus', NS, {'app.kubernetes.io/name': 'prometheus'}, 9090),
    ])
    routeTo(sim, {namespace: NS, selector: 'app=kiali', port: kialiPort}, kiali, kialiPods)
    routeTo(sim, {namespace: NS, selector: 'app.kubernetes.io/name=prometheus', port: 9090}, prom)
    await sim.waitFor(
      () => runningPods(sim, NS, 'kiali').length === 1 && runningPods(sim, NS, 'prom').length === 1,
    )
  })
  after(async () => {
    await sim.stop()
    kiali.close()
    prom.close()
  })

  it('serves the page at the printed URL and opens the browser with that URL', async () => {
    const opened: string[] = []
    await serve(
      ['kiali'],
      {uiPort: kialiPort},
      {browser: true, opener: async (u) => void opened.push(u)},
      async (urls, logs) => {
        expect(urls).to.deep.equal([`http://localhost:${kialiPort}/kiali`])
        expect(opened).to.deep.equal(urls)
        const page = await get(urls[0]!)
        expect(page).to.deep.equal({status: 200, body: '<title>Kiali</title> /kiali'})
        expect(logs.join('\n')).to.match(
          /^Kiali: forwarding http:\/\/localhost:\d+\/kiali to pod kiali-\S+\.istio-system/,
        )
      },
    )
    expect(await listening(kialiPort), 'listener closed after Ctrl-C').to.equal(false)
  })

  it('falls back to a free port when the dashboard port is taken, and says it skips the browser', async () => {
    const busy = await fakeUi('squatter')
    try {
      await serve(['kiali'], {uiPort: kialiPort}, {}, async (urls, logs) => {
        // The squatter has the preferred port, so ours listens elsewhere on 127.0.0.1 only (::1 is free).
        const port = Number(new URL(urls[0]!).port)
        expect(port).to.not.equal(portOf(busy))
        expect((await get(urls[0]!)).body).to.equal('<title>Kiali</title> /kiali')
        expect(logs).to.include('skipping opening a browser')
      })
    } finally {
      busy.close()
    }
  })

  it('opens several dashboards at once, one URL each', async () => {
    await serve(['kiali', 'prometheus'], {uiPort: undefined}, {}, async (urls) => {
      expect(urls).to.have.length(2)
      expect(urls[0]).to.match(/\/kiali$/)
      // -p 0 prefers 20001/9090 when free; either way each URL serves its own UI.
      expect((await get(urls[1]!)).body).to.equal('<title>Prometheus</title> /')
    })
  })

  it('moves to the new Ready pod when the pod is deleted, keeping the URL', async () => {
    await serve(['kiali'], {uiPort: kialiPort}, {}, async (urls, logs) => {
      const before = runningPods(sim, NS, 'kiali')[0]!.metadata.name
      expect((await get(urls[0]!)).status).to.equal(200)
      expect(kialiPods.at(-1)).to.equal(before)
      // A finalizer holds the deleted pod in Terminating until the session has seen it: the simulated
      // kubelet drops a terminating pod after 50 ms, which a loaded machine can miss between two polls.
      await holdPod(before, true)
      try {
        await kube.delete({apiVersion: 'v1', kind: 'Pod'}, before, NS)
        await until(() => logs.some((l) => l.startsWith('kiali: forwarding to pod')), 20_000, 'reconnected')
      } finally {
        await holdPod(before, false)
      }
      const after = runningPods(sim, NS, 'kiali')[0]!.metadata.name
      expect(after).to.not.equal(before)
      expect(logs.join('\n')).to.contain(
        `kiali: pod ${before}.${NS} went away (terminating); looking for a new Ready pod`,
      )
      expect(logs).to.include(`kiali: forwarding to pod ${after}.${NS}`)
      expect((await get(urls[0]!)).body).to.equal('<title>Kiali</title> /kiali')
      expect(kialiPods.at(-1), 'the tunnel goes to the new pod').to.equal(after)
    })
  })

  it('--no-reconnect: fails when the pod goes away and closes the listener', async () => {
    const plans = await planDashboards(kube, parseDashboardArgs(['prometheus']), flags())
    const stop = new AbortController()
    let url = ''
    const run = runDashboards(kube, plans, {
      localPort: 0,
      address: '127.0.0.1',
      reconnect: false,
      browser: false,
      out: (l) => (url = l),
      log: () => undefined,
      signal: stop.signal,
      pollMs: 50,
    })
    await until(() => url !== '', 5000, 'URL printed')
    const pod = runningPods(sim, NS, 'prometheus')[0]!.metadata.name
    // Held in Terminating until the session failed, for the same reason as in the test above.
    await holdPod(pod, true)
    await kube.delete({apiVersion: 'v1', kind: 'Pod'}, pod, NS)
    const err = await run.then(
      () => undefined,
      (e: Error) => e,
    )
    await holdPod(pod, false)
    expect(err?.message).to.equal(
      `prometheus: pod ${pod}.${NS} went away (terminating); not reconnecting (--no-reconnect)`,
    )
    expect(await listening(Number(new URL(url).port))).to.equal(false)
    await sim.waitFor(() => runningPods(sim, NS, 'prometheus').length === 1)
  })

  it('fails with one line when the browser cannot be opened, and closes the listener', async () => {
    const plans = await planDashboards(kube, parseDashboardArgs(['kiali']), flags({uiPort: kialiPort}))
    let url = ''
    const err = await runDashboards(kube, plans, {
      localPort: 0,
      address: 'localhost',
      reconnect: true,
      browser: true,
      opener: () => Promise.reject(new Error('xdg-open: not found')),
      out: (l) => (url = l),
      log: () => undefined,
      signal: new AbortController().signal,
    }).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(err?.message).to.equal(
      `cannot open a browser (xdg-open: not found); open ${url} yourself, or pass --browser=false`,
    )
    expect(await listening(Number(new URL(url).port))).to.equal(false)
  })

  it('names the selector and namespaces searched when no pod matches, with how to install it', async () => {
    const err = await planDashboards(kube, parseDashboardArgs(['grafana']), flags({namespace: 'apps'}))
      .then((plans) => runDashboards(kube, plans, {} as RunOptions))
      .then(
        () => undefined,
        (e: Error & {hints?: string[]}) => e,
      )
    expect(err?.message).to.equal(
      'no pods found with selector app.kubernetes.io/name=grafana in namespaces istio-system, apps',
    )
    expect(err?.hints).to.deep.equal([
      'grafana is not installed; add it with: meshctl install --set addonComponents.grafana.enabled=true (and the flags Istio was installed with); the demo profile includes it (--set profile=demo)',
    ])
  })

  it('reports a pod that is not running', async () => {
    sim.scriptPods('jaeger-', {state: 'ImagePullBackOff'})
    await sim.seed([deployment('jaeger', NS, {app: 'jaeger'}, 16686)])
    await sim.waitFor(() =>
      sim
        .list('v1', 'Pod', NS)
        .some((p) => p.metadata.name.startsWith('jaeger-') && p.status?.containerStatuses),
    )
    const plans = await planDashboards(kube, parseDashboardArgs(['jaeger']), flags())
    const err = await runDashboards(kube, plans, {} as RunOptions).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(err?.message).to.match(/^pod jaeger-[a-z0-9-]+\.istio-system is not running \(ImagePullBackOff\)$/)
  })

  it('refuses a taken --port', async () => {
    const busy = await fakeUi('squatter')
    try {
      const plans = await planDashboards(kube, parseDashboardArgs(['kiali']), flags())
      const err = await DashboardSession.start(kube, plans[0]!.addon, plans[0]!.source, {
        localPort: portOf(busy),
        address: '127.0.0.1',
        reconnect: true,
      }).then(
        () => undefined,
        (e: Error) => e,
      )
      expect(err?.message).to.equal(
        `port ${portOf(busy)} is in use on 127.0.0.1; choose another with --port (0: any free port)`,
      )
    } finally {
      busy.close()
    }
  })

  it('finds a proxy by deployment/name.namespace, by pod name and by -l', async () => {
    const envoy = await fakeUi('Envoy')
    try {
      await sim.seed([
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop'}},
        deployment('productpage-v1', 'shop', {app: 'productpage'}, 15000),
      ])
      routeTo(sim, {namespace: 'shop', selector: 'app=productpage', port: 15000}, envoy)
      await sim.waitFor(() => runningPods(sim, 'shop', 'productpage').length === 1)
      const pod = runningPods(sim, 'shop', 'productpage')[0]!.metadata.name
      for (const [args, lookup] of [
        [['proxy', 'deployment/productpage-v1.shop'], {}],
        [['envoy', pod], {namespace: 'shop'}],
        [['proxy'], {selector: 'app=productpage', namespace: 'shop'}],
      ] as const) {
        const plans = await planDashboards(kube, parseDashboardArgs([...args]), flags(lookup))
        expect(plans[0]!.addon.name).to.equal('proxy')
        const found = await plans[0]!.source.find()
        expect(found.metadata.name, args.join(' ')).to.equal(pod)
      }
      const r = await probeAt(['proxy', `${pod}.shop`])
      expect(r).to.equal('<title>Envoy</title> /')
    } finally {
      envoy.close()
    }

    async function probeAt(args: string[]): Promise<string> {
      let body = ''
      await serve(args, {}, {}, async (urls) => {
        body = (await get(urls[0]!)).body
      })
      return body
    }
  })

  it('finds istiod for controlz by -r and for istiod-debug by the default revision, on its monitoring port', async () => {
    const istiod = await fakeUi('istiod')
    try {
      const monitoring = await freePort()
      await sim.seed([
        {
          ...deployment('istiod', NS, {app: 'istiod', 'istio.io/rev': 'default'}, 15014),
          spec: {
            replicas: 1,
            selector: {matchLabels: {app: 'istiod'}},
            template: {
              metadata: {
                labels: {app: 'istiod', 'istio.io/rev': 'default'},
                annotations: {'prometheus.io/port': String(monitoring)},
              },
              spec: {containers: [{name: 'discovery', image: 'istio/pilot:1.30.3'}]},
            },
          },
        },
      ])
      routeTo(sim, {namespace: NS, selector: 'app=istiod', port: monitoring}, istiod)
      await sim.waitFor(() => runningPods(sim, NS, 'istiod').length === 1)
      await serve(['istiod-debug'], {}, {}, async (urls) => {
        expect(urls[0]).to.match(/\/debug$/)
        expect((await get(urls[0]!)).body).to.equal('<title>istiod</title> /debug')
      })
      const plans = await planDashboards(kube, parseDashboardArgs(['controlz']), flags({revision: 'default'}))
      expect((await plans[0]!.source.find()).metadata.labels?.app).to.equal('istiod')
      expect(plans[0]!.source.describe).to.equal(
        'selector istio.io/rev=default,app=istiod in namespace istio-system',
      )
    } finally {
      istiod.close()
    }
  })

  it('lists the addons: reachable, not running, not installed', async () => {
    const rows = await listAddons(kube, {istioNamespace: NS, namespace: 'default'})
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]))
    expect(rows.map((r) => r.name)).to.deep.equal([
      'kiali',
      'prometheus',
      'grafana',
      'jaeger',
      'zipkin',
      'skywalking',
    ])
    // kiali's UI sits on kialiPort in this cluster, not 20001, so its probe of 20001 fails: unreachable.
    expect(byName.kiali!.status).to.equal('unreachable')
    expect(byName.kiali!.detail).to.match(
      /^GET http:\/\/127\.0\.0\.1:\d+\/kiali: error forwarding port 20001 .*connection refused$/,
    )
    expect(byName.prometheus).to.include({status: 'reachable', detail: 'HTTP 200'})
    expect(byName.jaeger!.status).to.equal('not running')
    expect(byName.grafana).to.deep.equal({name: 'grafana', status: 'not installed'})
  })

  it('probeDashboard (the demo entry) fetches the page once and stops', async () => {
    const r = await probeDashboard(kube, 'prometheus', {istioNamespace: NS})
    expect(r).to.include({status: 200, body: '<title>Prometheus</title> /'})
    expect(r.pod).to.match(/^prometheus-.*\.istio-system$/)
    expect(await listening(Number(new URL(r.url).port))).to.equal(false)
  })
})
