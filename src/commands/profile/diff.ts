import {Args, Flags} from '@oclif/core'
import {MeshCommand} from '../../lib/command/base-command.js'
import {diffProfiles} from '../../lib/manifest/profile-dump.js'

export default class ProfileDiff extends MeshCommand {
  static override summary = 'Show the differences between two profiles’ merged IstioOperators.'
  static override examples = ['<%= config.bin %> profile diff default demo']
  static override args = {
    a: Args.string({ignoreStdin: true, description: 'First profile.', required: true}),
    b: Args.string({ignoreStdin: true, description: 'Second profile.', required: true}),
  }
  static override flags = {
    manifests: Flags.string({
      char: 'd',
      summary: 'Charts and profiles directory (default: meshctl’s own).',
      aliases: ['charts'],
    }),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProfileDiff)
    const diff = diffProfiles(args.a, args.b, {manifestsDir: flags.manifests})
    this.out(diff === '' ? `Profiles ${args.a} and ${args.b} are identical.\n` : diff)
  }
}
