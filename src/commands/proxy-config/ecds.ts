import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {ecdsDump, ecdsSummary} from '../../lib/proxy-config/ecds.js'
import {MESSAGE, printProto} from '../../lib/proxy-config/proto-json.js'

export default class Ecds extends ProxyConfigCommand {
  static override summary = 'Retrieves typed extension configuration for the Envoy in the specified pod.'
  static override aliases = ['proxy-config:ec', 'pc:ecds', 'pc:ec']
  static override examples = [
    '<%= config.bin %> proxy-config ecds <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config ecds --file envoy-config.json',
  ]

  static override args = podArg
  static override flags = dumpFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Ecds)
    const format = this.format(flags.output)
    const dump = await this.dump('ecds', args, flags)
    this.out(format === 'short' ? ecdsSummary(dump) : await printProto(ecdsDump(dump), MESSAGE.ecds, format))
  }
}
