import {readFileSync} from 'node:fs'
import {Args} from '@oclif/core'
import {MeshCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'
import {inputError} from '../../lib/errors.js'
import {diffManifests, formatManifestDiff, type ManifestDiff} from '../../lib/manifest/diff.js'
import {render} from '../../lib/output/printer.js'

export default class ManifestDiffCommand extends MeshCommand {
  static override summary = 'Compare two manifests object by object, ignoring document and key order.'
  static override examples = [
    '<%= config.bin %> manifest diff before.yaml after.yaml',
    '<%= config.bin %> manifest diff a.yaml b.yaml -o json',
  ]
  static override args = {
    a: Args.string({ignoreStdin: true, description: 'First manifest file.', required: true}),
    b: Args.string({ignoreStdin: true, description: 'Second manifest file.', required: true}),
  }
  static override flags = {output: outputFlag(['text', 'json', 'yaml'] as const)}

  async run(): Promise<ManifestDiff> {
    const {args, flags} = await this.parse(ManifestDiffCommand)
    const read = (f: string) => {
      try {
        return {name: f, text: readFileSync(f, 'utf8')}
      } catch (e) {
        throw inputError(
          `${f}: cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        )
      }
    }
    const d = diffManifests(read(args.a), read(args.b))
    this.out(flags.output === 'text' ? formatManifestDiff(d, args.a, args.b) : render(d, flags.output))
    return d
  }
}
