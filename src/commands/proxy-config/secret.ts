import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {SECTION} from '../../lib/proxy-config/dump.js'
import {MESSAGE, printProto} from '../../lib/proxy-config/proto-json.js'
import {secretSummary} from '../../lib/proxy-config/secret.js'

export default class Secret extends ProxyConfigCommand {
  static override summary = 'Retrieves secret configuration for the Envoy in the specified pod.'
  static override aliases = ['proxy-config:secrets', 'proxy-config:s', 'pc:secret', 'pc:secrets', 'pc:s']
  static override examples = [
    '<%= config.bin %> proxy-config secret <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config secret --file envoy-config.json',
  ]

  static override args = podArg
  static override flags = dumpFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Secret)
    const format = this.format(flags.output)
    const dump = await this.dump('secret', args, flags)
    this.out(
      format === 'short'
        ? secretSummary(dump)
        : await printProto(dump.section(SECTION.secrets), MESSAGE.secrets, format),
    )
  }
}
