import {ProxyConfigCommand, dumpFlags, endpointFlags, podArg} from '../../lib/proxy-config/command.js'
import {endpointSummary, sortedEndpoints} from '../../lib/proxy-config/endpoint.js'
import {MESSAGE, printProtos} from '../../lib/proxy-config/proto-json.js'

export default class Eds extends ProxyConfigCommand {
  static override summary =
    'Retrieves endpoint configuration (EDS, from the config dump) for the Envoy in the specified pod.'
  // istioctl hides it: `endpoint` (from /clusters) is the one to use
  static override hidden = true
  static override aliases = ['pc:eds']
  static override examples = [
    '<%= config.bin %> proxy-config eds <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config eds --file envoy-config.json  # curl localhost:15000/config_dump?include_eds=true',
  ]

  static override args = podArg
  static override flags = {
    ...dumpFlags,
    ...endpointFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Eds)
    const format = this.format(flags.output)
    const dump = await this.dump('endpoint', args, flags)
    const filter = {address: flags.address, port: flags.port, cluster: flags.cluster, status: flags.status}
    this.out(
      format === 'short'
        ? endpointSummary(dump, filter)
        : await printProtos(sortedEndpoints(dump, filter), MESSAGE.endpoint, format),
    )
  }
}
