import {Args, Flags} from '@oclif/core'
import {MeshCommand} from '../../lib/command/base-command.js'
import {ExitCode} from '../../lib/command/exit-codes.js'
import {kubeFlags, outputFlag} from '../../lib/command/flags.js'
import {usageError} from '../../lib/errors.js'
import {parseDuration} from '../../lib/command/duration.js'
import {readTextFileSync} from '../../lib/input/read.js'
import {clusterDiff, formatClusterDiff} from '../../lib/install/cluster-diff.js'
import {prepareInstall} from '../../lib/install/index.js'
import {istioOperatorFlags, readInputFiles} from '../../lib/manifest/cli.js'
import {diffManifests, formatManifestDiff, manifestsDiffer} from '../../lib/manifest/diff.js'
import {render} from '../../lib/output/printer.js'

export default class ManifestDiffCommand extends MeshCommand {
  static override summary = 'Compare two manifests object by object, ignoring document and key order.'
  static override description =
    'Exit codes, as diff(1) and kubectl diff: 0 when the manifests have the same objects, 1 when they differ ' +
    '(in every output format, so it can gate CI), 65 when a file cannot be read or parsed. With --cluster, ' +
    '1 when install would create, change or prune anything.'
  static override examples = [
    '<%= config.bin %> manifest diff before.yaml after.yaml',
    '<%= config.bin %> manifest diff a.yaml b.yaml -o json',
  ]
  static override args = {
    a: Args.string({ignoreStdin: true, description: 'First manifest file.'}),
    b: Args.string({ignoreStdin: true, description: 'Second manifest file.'}),
  }
  static override flags = {
    output: outputFlag(['text', 'json', 'yaml'] as const),
    cluster: Flags.boolean({
      summary:
        'Compare what install would apply (from -f/--set/-r) with the live cluster: created, changed and pruned objects.',
    }),
    ...istioOperatorFlags,
    ...kubeFlags,
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(ManifestDiffCommand)
    if (flags.cluster) {
      if (args.a)
        throw usageError('manifest diff --cluster takes no files: pass the install inputs with -f/--set')
      const {createKubeClient} = await import('../../lib/kube/client.js')
      const client = await createKubeClient({
        kubeconfig: flags.kubeconfig,
        context: flags.context,
        requestTimeoutMs: parseDuration(flags['request-timeout'], 'request-timeout'),
        builtinKinds: true,
      })
      const {plan} = await prepareInstall(client, {
        files: await readInputFiles(flags.filename),
        sets: flags.set ?? [],
        manifestsDir: flags.manifests,
        revision: flags.revision,
        force: flags.force,
      })
      const changes = await clusterDiff(client, plan)
      this.out(flags.output === 'text' ? formatClusterDiff(changes) : render(changes, flags.output))
      // as for two files: exit 1 when install would change anything, so it can gate CI
      if (changes.length > 0) this.exit(ExitCode.FAILURE)
      return changes
    }
    if (!args.a || !args.b) throw usageError('manifest diff needs two files (or --cluster)')
    const read = (f: string) => ({name: f, text: readTextFileSync(f)})
    const d = diffManifests(read(args.a), read(args.b))
    this.out(flags.output === 'text' ? formatManifestDiff(d, args.a, args.b) : render(d, flags.output))
    if (manifestsDiffer(d)) this.exit(ExitCode.FAILURE)
    return d
  }
}
