import {Flags} from '@oclif/core'
import {ProxyConfigCommand, podArg} from '../../lib/proxy-config/command.js'
import {ALL_LOGGERS, injectorLogLevel, logLevelQueries} from '../../lib/proxy-config/log.js'
import {envoyAdmin, sidecarPod, type PodRef} from '../../lib/proxy-config/pod.js'
import {resolvePods} from '../../lib/proxy-config/workload.js'
import {Kinds, type KubeObject} from '../../lib/kube/types.js'
import {MeshctlError, usageError} from '../../lib/errors.js'

export default class Log extends ProxyConfigCommand {
  static override summary = 'Retrieves logging levels of the Envoy in the specified pod, and updates them.'
  static override aliases = ['proxy-config:o', 'pc:log', 'pc:o']
  static override examples = [
    '<%= config.bin %> proxy-config log <pod-name[.namespace]>',
    '<%= config.bin %> proxy-config log <pod-name[.namespace]> --level none',
    '<%= config.bin %> proxy-config log <pod-name[.namespace]> --level http:debug,redis:debug',
    '<%= config.bin %> proxy-config log <pod-name[.namespace]> -r',
  ]

  static override args = podArg
  static override flags = {
    output: Flags.string({
      char: 'o',
      summary: 'Not applicable (short only).',
      default: 'short',
      hidden: true,
    }),
    level: Flags.string({
      summary:
        'Comma-separated minimum per-logger level of messages to output, in the form of [<logger>:]<level>,[<logger>:]<level>,... or <level> to change all active loggers; level is one of [trace, debug, info, warning, error, critical, off].',
    }),
    reset: Flags.boolean({char: 'r', summary: 'Reset levels to default value (warning).'}),
    selector: Flags.string({char: 'l', summary: 'Label selector.'}),
    'proxy-admin-port': Flags.integer({summary: 'Envoy proxy admin port.', default: 15000}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Log)
    if (!flags.selector && !args.pod) throw usageError('log requires pod name or --selector')
    if (flags.reset && flags.level) throw usageError('--level cannot be combined with --reset')
    if (flags.output !== 'short') throw usageError('--output is not applicable for this command')
    const kube = await this.kube(flags)
    const port = flags['proxy-admin-port']
    let pods: PodRef[]
    if (flags.selector) {
      const ns = flags.namespace ?? kube.namespace
      const list = await kube.list(Kinds.Pod, {namespace: ns, labelSelector: flags.selector})
      if (list.length === 0) throw new MeshctlError(`no pods match ${flags.selector} in namespace ${ns}`)
      pods = list.map((p) => ({name: p.metadata.name!, namespace: ns}))
    } else pods = await resolvePods(kube, args.pod!, flags.namespace ?? kube.namespace)
    for (const ref of pods) await sidecarPod(kube, ref)

    let queries: string[] = []
    if (flags.reset) {
      const cm = await kube.get<KubeObject & {data?: Record<string, string>}>(
        Kinds.ConfigMap,
        'istio-sidecar-injector',
        flags['istio-namespace'],
      )
      queries = [`${ALL_LOGGERS}=${injectorLogLevel(cm?.data?.values)}`]
    } else if (flags.level) {
      const known = await envoyAdmin(kube, pods[0]!, port, 'logging', 'POST')
      queries = logLevelQueries(flags.level, known)
    }
    const failures: string[] = []
    for (const ref of pods) {
      try {
        let resp = ''
        if (queries.length === 0) resp = await envoyAdmin(kube, ref, port, 'logging', 'POST')
        for (const q of queries) resp = await envoyAdmin(kube, ref, port, `logging?${q}`, 'POST')
        this.out(`${ref.name}.${ref.namespace}:\n${resp}`)
      } catch (e) {
        failures.push(`error configuring log level for ${ref.name}.${ref.namespace}: ${(e as Error).message}`)
      }
    }
    if (failures.length > 0) throw new MeshctlError(failures.join('; '))
  }
}
