import {Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {parseDuration} from '../lib/command/duration.js'
import {outputFlag} from '../lib/command/flags.js'
import {clientVersion, formatVersionText, type VersionReport} from '../lib/version/info.js'

export default class Version extends KubeCommand {
  static override summary = 'Print the meshctl version, and the control plane and data plane versions.'
  static override examples = [
    '<%= config.bin %> version --remote=false',
    '<%= config.bin %> version --remote=false -o json',
    '<%= config.bin %> version --istio-namespace istio-system',
  ]

  static override flags = {
    remote: Flags.boolean({
      summary: 'Also ask the cluster for control plane and data plane versions.',
      default: true,
      allowNo: true,
    }),
    short: Flags.boolean({
      char: 's',
      summary: 'Short output (the only form; kept for istioctl compatibility).',
      default: true,
    }),
    output: outputFlag(['text', 'json', 'yaml'] as const),
  }

  async run(): Promise<VersionReport> {
    const {flags} = await this.parse(Version)
    const report: VersionReport = {clientVersion: clientVersion()}
    // As istioctl: the client version is printed even when the control plane cannot be asked; the error follows.
    let failure: unknown
    if (flags.remote) {
      try {
        const {remoteVersions} = await import('../lib/version/remote.js')
        const remote = await remoteVersions(
          await this.kube(flags),
          flags['istio-namespace'],
          flags.revision,
          {
            timeoutMs: parseDuration(flags['request-timeout'], 'request-timeout'),
          },
        )
        if (remote) {
          Object.assign(report, remote)
          const {skewWarning} = await import('../lib/version/info.js')
          const warning = skewWarning(
            report.clientVersion.version,
            remote.meshVersion.map((m) => m.Info.version),
          )
          if (warning) this.info(warning)
        } else this.info('Istio is not present in the cluster')
      } catch (err) {
        failure = err
      }
    }
    if (flags.output === 'text') this.out(formatVersionText(report))
    // the printer brings a YAML library, loaded only for -o json|yaml
    else this.out((await import('../lib/output/printer.js')).render(report, flags.output))
    if (failure) throw failure
    return report
  }
}
