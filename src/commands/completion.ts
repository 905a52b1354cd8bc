import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {Args} from '@oclif/core'
import {MeshCommand} from '../lib/command/base-command.js'

// Where @oclif/plugin-autocomplete writes each shell's completion function under the cache dir.
const FUNCTION_FILES = {
  bash: (bin: string) => join('functions', 'bash', `${bin}.bash`),
  zsh: (bin: string) => join('functions', 'zsh', `_${bin}`),
  powershell: (bin: string) => join('functions', 'powershell', `${bin}.ps1`),
} as const

export default class Completion extends MeshCommand {
  static override summary = 'Print a shell completion script (bash, zsh or powershell).'
  static override description = 'Completion is generated from the command list; it never contacts a cluster.'
  // One completion command, as istioctl; oclif's plugin command of the same purpose answers as this one.
  static override hiddenAliases = ['autocomplete']
  static override examples = [
    'source <(<%= config.bin %> completion bash)',
    '<%= config.bin %> completion zsh > "${fpath[1]}/_<%= config.bin %>"',
    '<%= config.bin %> completion powershell | Out-String | Invoke-Expression',
  ]

  static override args = {
    shell: Args.string({description: 'The shell.', options: Object.keys(FUNCTION_FILES), required: true}),
  }

  async run(): Promise<void> {
    const {args} = await this.parse(Completion)
    await this.config.runCommand('autocomplete:create')
    const file = FUNCTION_FILES[args.shell as keyof typeof FUNCTION_FILES](this.config.bin)
    this.out(await readFile(join(this.config.cacheDir, 'autocomplete', file), 'utf8'))
  }
}
