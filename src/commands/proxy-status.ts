import {Args, Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {outputFlag} from '../lib/command/flags.js'
import {usageError} from '../lib/errors.js'
import {controlPlaneFlags, controlPlaneOptions} from '../lib/xds/flags.js'

export default class ProxyStatus extends KubeCommand {
  static override summary = 'Retrieves the synchronization status of each Envoy in the mesh.'
  static override description = `Retrieves last sent and last acknowledged xDS sync from Istiod to each Envoy in the mesh.
With a pod, compares the pod's Envoy configuration (clusters, listeners, routes) with what istiod sends it.
istiod is reached over xDS (port 15012 through a port-forward, with a service account token); when that
fails, its /debug/syncz on the monitoring port is read instead, with a note on stderr.`

  static override aliases = ['ps']
  static override examples = [
    '<%= config.bin %> proxy-status',
    '<%= config.bin %> proxy-status --namespace foo',
    '<%= config.bin %> proxy-status -v 1',
    '<%= config.bin %> proxy-status istio-egressgateway-59585c5b9c-ndc59.istio-system',
    '<%= config.bin %> ps --xds-address istio.cloudprovider.example.com:15012',
    '<%= config.bin %> ps --xds-label istio.io/rev=default',
    '<%= config.bin %> proxy-status --output json',
  ]

  static override args = {
    pod: Args.string({
      description: '[<type>/]<name>[.<namespace>] of a pod to diff against istiod',
      ignoreStdin: true,
    }),
  }

  static override flags = {
    ...controlPlaneFlags,
    file: Flags.string({summary: 'Envoy config dump JSON file (- for stdin).'}),
    'proxy-admin-port': Flags.integer({summary: 'Envoy proxy admin port.', default: 15000}),
    output: outputFlag(['table', 'json', 'yaml'] as const),
    verbosity: Flags.integer({
      char: 'v',
      summary: 'Verbosity level for proxy status output. 0=default, 1=show all xDS types (max verbosity).',
      default: 0,
    }),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyStatus)
    const port = flags['proxy-admin-port']
    if (port < 1 || port > 65535) throw usageError(`--proxy-admin-port ${port} is not a port (1-65535)`)
    const cp = controlPlaneOptions(flags)
    // with --xds-address and --file nothing needs the cluster; otherwise it is read lazily
    const client =
      flags['xds-address'] && (!args.pod || flags.file)
        ? await this.kube(flags).catch(() => undefined)
        : await this.kube(flags)
    const run = await import('../lib/proxy-status/run.js')
    const log = (line: string) => this.info(line)
    if (args.pod) {
      this.out(
        await run.proxyStatusPod(
          client,
          cp,
          {
            pod: args.pod,
            namespace: flags.namespace ?? client?.namespace ?? 'default',
            file: flags.file,
            adminPort: port,
          },
          log,
        ),
      )
      return
    }
    this.out(
      await run.proxyStatusAll(
        client,
        cp,
        {namespace: flags.namespace, output: flags.output, verbosity: flags.verbosity},
        log,
      ),
    )
  }
}
