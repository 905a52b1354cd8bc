import {Flags} from '@oclif/core'
import {bootstrapDump, bootstrapSummary} from '../../lib/proxy-config/bootstrap.js'
import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {MESSAGE, printProto} from '../../lib/proxy-config/proto-json.js'

export default class Bootstrap extends ProxyConfigCommand {
  static override summary = 'Retrieves bootstrap configuration for the Envoy in the specified pod.'
  static override aliases = ['proxy-config:b', 'pc:bootstrap', 'pc:b']
  static override examples = [
    '<%= config.bin %> proxy-config bootstrap <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config bootstrap <pod-name[.namespace]> -o short',
    '<%= config.bin %> proxy-config bootstrap --file envoy-config.json',
  ]

  static override args = podArg
  // istioctl prints the bootstrap as JSON unless asked otherwise
  static override flags = {
    ...dumpFlags,
    output: Flags.string({char: 'o', summary: 'Output format: one of json|yaml|short.', default: 'json'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Bootstrap)
    const format = this.format(flags.output)
    const dump = await this.dump('bootstrap', args, flags)
    this.out(
      format === 'short'
        ? bootstrapSummary(dump)
        : await printProto(bootstrapDump(dump), MESSAGE.bootstrap, format),
    )
  }
}
