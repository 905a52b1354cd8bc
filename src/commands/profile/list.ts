import {Flags} from '@oclif/core'
import {MeshCommand} from '../../lib/command/base-command.js'
import {defaultManifestsDir, listProfiles} from '../../lib/manifest/profiles.js'
import {inputError} from '../../lib/errors.js'

export default class ProfileList extends MeshCommand {
  static override summary = 'List the installation profiles.'
  static override examples = [
    '<%= config.bin %> profile list',
    '<%= config.bin %> profile list -d path/to/istio/manifests',
  ]
  static override flags = {
    manifests: Flags.string({
      char: 'd',
      summary: 'Charts and profiles directory (default: meshctl’s own).',
      aliases: ['charts'],
    }),
  }

  async run(): Promise<string[]> {
    const {flags} = await this.parse(ProfileList)
    const dir = flags.manifests ?? defaultManifestsDir()
    const profiles = listProfiles(dir)
    if (profiles.length === 0) throw inputError(`no profiles found in ${dir}/profiles`)
    this.out(['Istio configuration profiles:', ...profiles.map((p) => `    ${p}`)].join('\n') + '\n')
    return profiles
  }
}
