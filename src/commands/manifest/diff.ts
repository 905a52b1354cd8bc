import {Args} from '@oclif/core'
import {MeshCommand} from '../../lib/command/base-command.js'
import {ExitCode} from '../../lib/command/exit-codes.js'
import {outputFlag} from '../../lib/command/flags.js'
import {readTextFileSync} from '../../lib/input/read.js'
import {
  diffManifests,
  formatManifestDiff,
  manifestsDiffer,
  type ManifestDiff,
} from '../../lib/manifest/diff.js'
import {render} from '../../lib/output/printer.js'

export default class ManifestDiffCommand extends MeshCommand {
  static override summary = 'Compare two manifests object by object, ignoring document and key order.'
  static override description =
    'Exit codes, as diff(1) and kubectl diff: 0 when the manifests have the same objects, 1 when they differ ' +
    '(in every output format, so it can gate CI), 65 when a file cannot be read or parsed.'
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
    const read = (f: string) => ({name: f, text: readTextFileSync(f)})
    const d = diffManifests(read(args.a), read(args.b))
    this.out(flags.output === 'text' ? formatManifestDiff(d, args.a, args.b) : render(d, flags.output))
    if (manifestsDiffer(d)) this.exit(ExitCode.FAILURE)
    return d
  }
}
