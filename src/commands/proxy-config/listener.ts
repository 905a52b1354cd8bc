import {Flags} from '@oclif/core'
import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {listenerDump, listenerSummary} from '../../lib/proxy-config/listener.js'
import {MESSAGE, printProtos} from '../../lib/proxy-config/proto-json.js'

export default class Listener extends ProxyConfigCommand {
  static override summary = 'Retrieves listener configuration for the Envoy in the specified pod.'
  static override aliases = [
    'proxy-config:listeners',
    'proxy-config:l',
    'pc:listener',
    'pc:listeners',
    'pc:l',
  ]
  static override examples = [
    '<%= config.bin %> proxy-config listeners <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config listeners <pod-name[.namespace]> --type HTTP --address 0.0.0.0 --port 15021',
    '<%= config.bin %> proxy-config listeners --file envoy-config.json',
  ]

  static override args = podArg
  static override flags = {
    ...dumpFlags,
    address: Flags.string({summary: 'Filter listeners by address field.'}),
    type: Flags.string({summary: 'Filter listeners by type field.'}),
    port: Flags.integer({summary: 'Filter listeners by Port field.', default: 0}),
    verbose: Flags.boolean({summary: 'Output more information.', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Listener)
    const format = this.format(flags.output)
    const dump = await this.dump('listener', args, flags)
    const filter = {address: flags.address, type: flags.type, port: flags.port, verbose: flags.verbose}
    this.out(
      format === 'short'
        ? listenerSummary(dump, filter)
        : await printProtos(listenerDump(dump, filter), MESSAGE.listener, format),
    )
  }
}
