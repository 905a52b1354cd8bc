import {Flags} from '@oclif/core'
import {clusterDump, clusterSummary} from '../../lib/proxy-config/cluster.js'
import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {MESSAGE, printProtos} from '../../lib/proxy-config/proto-json.js'

export default class Cluster extends ProxyConfigCommand {
  static override summary = 'Retrieves cluster configuration for the Envoy in the specified pod.'
  static override aliases = ['proxy-config:clusters', 'proxy-config:c', 'pc:cluster', 'pc:clusters', 'pc:c']
  static override examples = [
    '<%= config.bin %> proxy-config cluster <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config cluster <pod-name[.namespace]> --fqdn details.default.svc.cluster.local --port 9080 --direction inbound',
    '<%= config.bin %> proxy-config cluster --file envoy-config.json',
  ]

  static override args = podArg
  static override flags = {
    ...dumpFlags,
    fqdn: Flags.string({summary: 'Filter clusters by substring of Service FQDN field.'}),
    direction: Flags.string({summary: 'Filter clusters by Direction field.'}),
    subset: Flags.string({summary: 'Filter clusters by substring of Subset field.'}),
    port: Flags.integer({summary: 'Filter clusters by Port field.', default: 0}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Cluster)
    const format = this.format(flags.output)
    const dump = await this.dump('cluster', args, flags)
    const filter = {fqdn: flags.fqdn, direction: flags.direction, subset: flags.subset, port: flags.port}
    this.out(
      format === 'short'
        ? clusterSummary(dump, filter)
        : await printProtos(clusterDump(dump, filter), MESSAGE.cluster, format),
    )
  }
}
