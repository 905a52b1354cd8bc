import {Flags} from '@oclif/core'
import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {MESSAGE, printProtos} from '../../lib/proxy-config/proto-json.js'
import {routeDump, routeSummary} from '../../lib/proxy-config/route.js'

export default class Route extends ProxyConfigCommand {
  static override summary = 'Retrieves route configuration for the Envoy in the specified pod.'
  static override aliases = ['proxy-config:routes', 'proxy-config:r', 'pc:route', 'pc:routes', 'pc:r']
  static override examples = [
    '<%= config.bin %> proxy-config routes <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config route <pod-name[.namespace]> --name 9080 -o json',
    '<%= config.bin %> proxy-config routes --file envoy-config.json',
  ]

  static override args = podArg
  static override flags = {
    ...dumpFlags,
    name: Flags.string({summary: 'Filter routes by route name field.'}),
    verbose: Flags.boolean({summary: 'Output more information.', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Route)
    const format = this.format(flags.output)
    const dump = await this.dump('route', args, flags)
    const filter = {name: flags.name, verbose: flags.verbose}
    this.out(
      format === 'short'
        ? routeSummary(dump, filter)
        : await printProtos(routeDump(dump, filter), MESSAGE.route, format),
    )
  }
}
