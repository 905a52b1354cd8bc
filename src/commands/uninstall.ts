import {Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {usageError} from '../lib/errors.js'
import {confirm} from '../lib/install/confirm.js'
import {
  PURGE_IGNORES_WARNING,
  deleteTargets,
  findUninstallTargets,
  listRevisions,
  proxiesOnRevision,
  uninstallWarnings,
} from '../lib/install/uninstall.js'
import {readInputFiles} from '../lib/manifest/cli.js'
import {flagAliases} from '../lib/manifest/generate.js'
import {mergeInputs} from '../lib/manifest/merge.js'
import {defaultManifestsDir} from '../lib/manifest/profiles.js'
import {MeshctlError} from '../lib/errors.js'
import {withInterruptNote} from '../lib/command/interrupt.js'

export default class Uninstall extends KubeCommand {
  static override summary = 'Uninstall Istio from a cluster.'
  static override description =
    'Removes what install created for a revision (-r), an IstioOperator (-f/--set), or, with --purge, every ' +
    'Istio object of every version including the CRDs. Only objects carrying the operator’s component label ' +
    'are removed: your own objects and namespaces are never touched.'
  static override examples = [
    '<%= config.bin %> uninstall --revision canary',
    '<%= config.bin %> uninstall -f iop.yaml',
    '<%= config.bin %> uninstall --purge -y',
    '<%= config.bin %> uninstall --purge --dry-run -v',
  ]
  static override builtinKinds = true
  static override flags = {
    'skip-confirmation': Flags.boolean({char: 'y', summary: 'Do not ask for confirmation.'}),
    force: Flags.boolean({summary: 'Proceed even when validation fails.'}),
    purge: Flags.boolean({summary: 'Delete all Istio resources of every version, CRDs included.'}),
    revision: Flags.string({char: 'r', summary: 'The control plane revision to remove.', default: ''}),
    filename: Flags.string({char: 'f', summary: 'The IstioOperator file the installation was made from.'}),
    manifests: Flags.string({char: 'd', summary: 'Charts and profiles directory.'}),
    set: Flags.string({
      char: 's',
      summary: 'An IstioOperator value (e.g. --set revision=canary).',
      multiple: true,
    }),
    verbose: Flags.boolean({char: 'v', summary: 'List the resources to be removed.'}),
    'dry-run': Flags.boolean({summary: 'Send every delete with dryRun=All: nothing is removed.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Uninstall)
    const sets = flags.set ?? []
    const setRevision = sets.find((s) => s.startsWith('revision='))?.slice('revision='.length) ?? ''
    if (!flags.revision && !setRevision && !flags.filename && !flags.purge)
      throw usageError(
        'at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set',
      )
    const client = await this.kube(flags)
    const revision = flags.revision || setRevision
    if (revision && !(await listRevisions(client)).has(revision))
      throw new MeshctlError('could not find target revision', {
        hints: [
          'list revisions with: kubectl get mutatingwebhookconfigurations -l istio.io/rev --show-labels',
        ],
      })
    if (flags.purge && (revision || flags.filename)) this.info(PURGE_IGNORES_WARNING)
    const iop = mergeInputs({
      files: await readInputFiles(flags.filename ? [flags.filename] : []),
      sets: flagAliases(sets, flags.manifests, flags.revision),
      manifestsDir: defaultManifestsDir(),
    })
    const sel = {purge: flags.purge, revision, iop}
    const targets = await findUninstallTargets(client, sel)
    const proxies = revision ? await proxiesOnRevision(client, revision) : []
    const w = uninstallWarnings(targets, sel, proxies, flags.verbose)
    for (const line of w.message) this.info(line)
    if (w.nothing) return
    if (
      w.needConfirmation &&
      !flags['dry-run'] &&
      !(await confirm('Proceed? (y/N)', flags['skip-confirmation']))
    ) {
      this.info('Cancelled.')
      return this.exit(1)
    }
    const green = this.theme(process.stderr).green('✔')
    await withInterruptNote(
      'interrupted: some objects are not removed yet; run the same command again to finish',
      () => {},
      () =>
        deleteTargets(client, targets, {
          dryRun: flags['dry-run'],
          onRemoved: (name) =>
            this.info(flags['dry-run'] ? `  Would remove ${name} (dry run).` : `  Removed ${name}.`),
        }),
    )
    this.info(`${green} Uninstall complete`)
  }
}
