import {Flags} from '@oclif/core'
import {ProxyConfigCommand, dumpFlags, podArg} from '../../lib/proxy-config/command.js'
import {printRaw} from '../../lib/proxy-config/output.js'
import {dumpText} from '../../lib/proxy-config/source.js'
import {ConfigDump} from '../../lib/proxy-config/dump.js'
import {fullSummary} from '../../lib/proxy-config/summary.js'
import {usageError} from '../../lib/errors.js'

export default class All extends ProxyConfigCommand {
  static override summary = 'Retrieves all configuration for the Envoy in the specified pod.'
  static override aliases = ['proxy-config:a', 'pc:all', 'pc:a']
  static override examples = [
    '<%= config.bin %> proxy-config all <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config all <pod-name[.namespace]> -o json',
    '<%= config.bin %> proxy-config all --file envoy-config.json',
  ]

  static override args = podArg
  static override flags = {
    ...dumpFlags,
    'with-headers': Flags.boolean({summary: 'Print summary with headers.'}),
    verbose: Flags.boolean({summary: 'Output more information.', default: true, allowNo: true}),
    fqdn: Flags.string({summary: 'Filter clusters by substring of Service FQDN field.'}),
    direction: Flags.string({summary: 'Filter clusters by Direction field.'}),
    subset: Flags.string({summary: 'Filter clusters by substring of Subset field.'}),
    port: Flags.integer({summary: 'Filter clusters and listeners by Port field.', default: 0}),
    address: Flags.string({summary: 'Filter listeners by address field.'}),
    type: Flags.string({summary: 'Filter listeners by type field.'}),
    name: Flags.string({summary: 'Filter routes by route name field.'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(All)
    const format = this.format(flags.output)
    const port = flags['proxy-admin-port']
    if (port < 1 || port > 65535) throw usageError(`--proxy-admin-port ${port} is not a port (1-65535)`)
    const src = {pod: args.pod, file: flags.file, namespace: flags.namespace ?? '', adminPort: port}
    const {text, where} = await dumpText(() => this.kube(flags), src, 'all')
    if (format !== 'short') {
      ConfigDump.parse(text, where)
      this.out(printRaw(text, format))
      return
    }
    const dump = ConfigDump.parse(text, where)
    try {
      this.out(
        fullSummary(dump, {
          cluster: {fqdn: flags.fqdn, port: flags.port, subset: flags.subset, direction: flags.direction},
          listener: {address: flags.address, port: flags.port, type: flags.type, verbose: flags.verbose},
          route: {name: flags.name, verbose: flags.verbose},
          endpoint: {address: flags.address, port: flags.port},
          withHeaders: flags['with-headers'],
        }),
      )
    } catch (e) {
      // what istioctl printed before the failing part is printed too
      const partial = (e as {partialOutput?: string}).partialOutput
      if (partial) this.out(partial)
      throw e
    }
  }
}
