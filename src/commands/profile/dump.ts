import {Args, Flags} from '@oclif/core'
import {MeshCommand} from '../../lib/command/base-command.js'
import {usageError} from '../../lib/errors.js'
import {istioOperatorFlags, readInputFiles} from '../../lib/manifest/cli.js'
import {DUMP_FORMATS, dumpProfile, formatDump} from '../../lib/manifest/profile-dump.js'

export default class ProfileDump extends MeshCommand {
  static override summary =
    'Print the merged IstioOperator of a profile (with any -f files and --set values).'
  static override examples = [
    '<%= config.bin %> profile dump demo',
    '<%= config.bin %> profile dump --config-path components.pilot',
    '<%= config.bin %> profile dump -f my-iop.yaml -o flags',
  ]
  static override args = {
    profile: Args.string({
      ignoreStdin: true,
      description: 'Profile name (default: the inputs’ profile, else default).',
    }),
  }
  static override flags = {
    ...istioOperatorFlags,
    'config-path': Flags.string({
      char: 'p',
      summary: 'Print only the subtree at this path, e.g. components.pilot.',
    }),
    output: Flags.option({
      char: 'o',
      summary: 'Output format.',
      options: DUMP_FORMATS,
      default: 'yaml' as const,
    })(),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProfileDump)
    if (args.profile && (flags.filename ?? []).length > 0)
      throw usageError('cannot specify both a profile name and a filename')
    const sets = [...(args.profile ? [`profile=${args.profile}`] : []), ...(flags.set ?? [])]
    const dump = dumpProfile(
      {
        files: await readInputFiles(flags.filename),
        sets,
        manifestsDir: flags.manifests,
        revision: flags.revision,
        force: flags.force,
      },
      flags['config-path'] ?? '',
    )
    this.out(formatDump(dump, flags.output))
  }
}
