import {Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {outputFlag} from '../lib/command/flags.js'

export default class Dashboard extends KubeCommand {
  static override aliases = ['dash', 'd']
  static override summary = 'Open Istio web UIs through a port-forward (istioctl dashboard).'
  static override description = `Dashboards: kiali, prometheus, grafana, jaeger, zipkin, skywalking (addons, found by label in the
Istio namespace, then -n); proxy|envoy [<type>/]<name>[.<namespace>] or -l (Envoy admin, 15000); controlz and
istiod-debug [<type>/]<name>[.<namespace>], -l or -r (istiod). Several at once: one listener and URL each.
Without a name: lists the addons, whether they are installed and whether they answer.
The URL is printed on stdout; the command serves until Ctrl-C (exit 0). When the pod goes away, the forward
moves to a new Ready pod (--no-reconnect: exit 1 instead).`

  static override examples = [
    '<%= config.bin %> dashboard',
    '<%= config.bin %> dashboard kiali',
    '<%= config.bin %> dashboard kiali grafana --browser=false',
    '<%= config.bin %> dashboard proxy productpage-123-456.default',
    '<%= config.bin %> dashboard envoy deployment/productpage-v1',
    '<%= config.bin %> dashboard controlz deployment/istiod.istio-system',
    '<%= config.bin %> dashboard istiod-debug -r canary',
  ]

  static override strict = false
  static override args = {}

  static override flags = {
    port: Flags.integer({
      char: 'p',
      summary: "Local port (0: the dashboard's own port when free, else any).",
      default: 0,
      min: 0,
      max: 65535,
    }),
    address: Flags.string({
      summary: 'Address to listen on: an IP address or localhost (127.0.0.1 and ::1).',
      default: 'localhost',
    }),
    'allow-remote': Flags.boolean({
      summary: 'Allow a non-loopback --address: anyone who reaches it gets the UI.',
    }),
    browser: Flags.boolean({
      summary: 'Open a browser (--browser=false: only print the URL).',
      default: true,
      allowNo: true,
    }),
    'ui-port': Flags.integer({
      summary: "The dashboard's pod port (default: the dashboard's own).",
      aliases: ['ctrlz_port'],
      min: 1,
      max: 65535,
    }),
    selector: Flags.string({
      char: 'l',
      summary: 'Label selector of the pod (proxy, controlz, istiod-debug).',
    }),
    reconnect: Flags.boolean({
      summary: 'Follow a replaced pod (--no-reconnect: exit 1 when the pod goes away).',
      default: true,
      allowNo: true,
    }),
    output: outputFlag(['table', 'json'] as const),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Dashboard)
    const {parseDashboardArgs, planDashboards, clusterDefaultRevision} =
      await import('../lib/dashboard/request.js')
    const {checkAddress, runDashboards} = await import('../lib/dashboard/run.js')
    const requested = parseDashboardArgs(argv as string[])
    checkAddress(flags.address, flags['allow-remote'])
    const kube = await this.kube(flags)
    if (requested.length === 0) {
      const [{listAddons, ADDON_COLUMNS}, {render}] = await Promise.all([
        import('../lib/dashboard/list.js'),
        import('../lib/output/printer.js'),
      ])
      const rows = await listAddons(kube, {
        istioNamespace: flags['istio-namespace'],
        namespace: flags.namespace || kube.namespace,
      })
      this.out(render(rows, flags.output, {columns: ADDON_COLUMNS}))
      return
    }
    const plans = await planDashboards(kube, requested, {
      selector: flags.selector,
      revision: flags.revision,
      namespace: flags.namespace,
      contextNamespace: kube.namespace,
      istioNamespace: flags['istio-namespace'],
      uiPort: flags['ui-port'],
      defaultRevision: () => clusterDefaultRevision(kube),
    })
    const stop = new AbortController()
    const onSignal = () => stop.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      await runDashboards(kube, plans, {
        localPort: flags.port,
        address: flags.address,
        reconnect: flags.reconnect,
        browser: flags.browser,
        out: (line) => this.out(line + '\n'),
        log: (line) => this.info(line),
        signal: stop.signal,
      })
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
