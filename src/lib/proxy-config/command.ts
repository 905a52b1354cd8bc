import {Args, Flags} from '@oclif/core'
import {KubeCommand} from '../command/base-command.js'
import {usageError} from '../errors.js'
import type {ConfigDump} from './dump.js'
import {DUMP_PATHS, loadDump} from './source.js'

export const podArg = {
  // stdin is for --file -, never the pod name
  pod: Args.string({
    description: '[<type>/]<name>[.<namespace>] of the pod (or use --file)',
    ignoreStdin: true,
  }),
}

/** Flags every `proxy-config` subcommand has. */
export const dumpFlags = {
  output: Flags.string({char: 'o', summary: 'Output format: one of json|yaml|short.', default: 'short'}),
  file: Flags.string({char: 'f', summary: 'Envoy config dump file (- for stdin).'}),
  'proxy-admin-port': Flags.integer({summary: 'Envoy proxy admin port.', default: 15000}),
}

/** The filters `endpoint` (from /clusters) and `eds` (from the config dump) share. */
export const endpointFlags = {
  address: Flags.string({summary: 'Filter endpoints by address field.'}),
  port: Flags.integer({summary: 'Filter endpoints by Port field.', default: 0}),
  cluster: Flags.string({summary: 'Filter endpoints by cluster name field.'}),
  status: Flags.string({summary: 'Filter endpoints by status field.'}),
}

/** `proxy-config X`: read a config dump (pod or --file), then print it one way or another. */
export abstract class ProxyConfigCommand extends KubeCommand {
  protected async dump(
    what: keyof typeof DUMP_PATHS,
    args: {pod?: string},
    flags: {
      file?: string
      namespace?: string
      'proxy-admin-port': number
      kubeconfig?: string
      context?: string
    },
  ): Promise<ConfigDump> {
    const port = flags['proxy-admin-port']
    if (port < 1 || port > 65535) throw usageError(`--proxy-admin-port ${port} is not a port (1-65535)`)
    return loadDump(
      () => this.kube(flags),
      {pod: args.pod, file: flags.file, namespace: flags.namespace ?? '', adminPort: port},
      what,
    )
  }

  /** The -o value, checked: short, json or yaml. */
  protected format(output: string): 'short' | 'json' | 'yaml' {
    if (output === 'short' || output === 'json' || output === 'yaml') return output
    throw usageError(`output format "${output}" not supported`, ['use -o short, json or yaml'])
  }
}
