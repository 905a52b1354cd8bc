import {Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {parseDuration} from '../lib/command/duration.js'
import {
  Installer,
  confirm,
  createProgress,
  installPrompt,
  prepareInstall,
  type ProgressMode,
} from '../lib/install/index.js'
import {clusterDiff, formatClusterDiff} from '../lib/install/cluster-diff.js'
import {formatVerify, verifyInstall} from '../lib/install/verify.js'
import {installedVersion, istiodDeployments, versionWarning} from '../lib/install/version-check.js'
import {istioOperatorFlags, readInputFiles} from '../lib/manifest/cli.js'
import {skewWarningFor} from '../lib/version/skew.js'
import {withInterruptNote} from '../lib/command/interrupt.js'

/** Flags of every command that installs (install, and manifest diff --cluster through the same inputs). */
export const installFlags = {
  ...istioOperatorFlags,
  'skip-confirmation': Flags.boolean({
    char: 'y',
    summary: 'Do not ask for confirmation (required without a terminal).',
  }),
  'readiness-timeout': Flags.string({
    summary: 'Maximum time to wait for the resources of each component to be ready.',
    default: '5m',
  }),
  'dry-run': Flags.boolean({
    summary: 'Send every write with dryRun=All: the API server checks it, nothing is persisted.',
  }),
  'show-diff': Flags.boolean({
    summary: 'Before applying, print what would be created, changed and pruned (as manifest diff --cluster).',
  }),
  verify: Flags.boolean({
    summary:
      'Verify the Istio control plane after installation: every rendered object present, every workload ready (as verify-install); exit 1 otherwise.',
  }),
  progress: Flags.option({
    summary: 'Progress on stderr: spinners (tty), lines (plain), or one JSON event per line (json).',
    options: ['auto', 'tty', 'plain', 'json'] as const,
    default: 'auto',
  })(),
}

export default class Install extends KubeCommand {
  static override summary = 'Applies an Istio manifest, installing or reconfiguring Istio on a cluster.'
  static override description =
    'Renders the installation exactly as `manifest generate` does (with the cluster’s settings), creates the ' +
    'namespace, server-side applies every component in dependency order (field manager istio-operator, so ' +
    'meshctl and istioctl can take over each other’s installs), waits until each is ready, creates the default ' +
    'revision tag and prunes what an earlier install created and this one no longer renders.'
  static override aliases = ['apply', 'manifest:apply', 'manifest:install', 'upgrade']
  static override examples = [
    '<%= config.bin %> install',
    '<%= config.bin %> install --set profile=demo -y',
    '<%= config.bin %> manifest apply --set meshConfig.enableTracing=true',
    '<%= config.bin %> install -r canary -y',
    '<%= config.bin %> install --set profile=demo --dry-run',
    '<%= config.bin %> install -y --progress json 2>events.jsonl',
    '<%= config.bin %> install --set profile=demo -y --verify',
  ]
  static override builtinKinds = true
  static override flags = installFlags

  async run(): Promise<void> {
    const {flags} = await this.parse(Install)
    const timeout = parseDuration(flags['readiness-timeout'], 'readiness-timeout')
    const files = await readInputFiles(flags.filename)
    const client = await this.kube(flags)
    const {plan, warnings} = await prepareInstall(client, {
      files,
      sets: flags.set ?? [],
      manifestsDir: flags.manifests,
      revision: flags.revision,
      force: flags.force,
    })
    for (const w of warnings) this.info(`❗ ${w}`)
    // one list of istiod Deployments serves both warnings
    const istiods = await istiodDeployments(client, plan.namespace)
    for (const line of versionWarning(installedVersion(istiods, plan.revision), plan.revision))
      this.info(line)
    const skew = skewWarningFor(istiods)
    if (skew) this.info(skew)
    if (flags['show-diff']) this.out(formatClusterDiff(await clusterDiff(client, plan)))
    if (!flags['dry-run'] && !(await confirm(installPrompt(plan.profile), flags['skip-confirmation']))) {
      this.info('Cancelled.')
      return this.exit(1)
    }
    const mode: ProgressMode =
      flags.progress === 'auto' ? (this.decorate(process.stderr) ? 'tty' : 'plain') : flags.progress
    const theme = this.theme(process.stderr)
    const progress = await createProgress(mode, process.stderr, theme)
    this.spinner = {start() {}, succeed() {}, fail() {}, stop: () => progress.stop()}
    const installer = new Installer(client, {
      dryRun: flags['dry-run'],
      readinessTimeoutMs: timeout,
      progress,
      manifestsDir: flags.manifests,
      report: (line) => this.out(line + '\n'),
    })
    await withInterruptNote(
      'interrupted: the installation is incomplete; run the same command again to finish it',
      () => progress.stop(),
      () => installer.install(plan),
    )
    if (plan.profile === 'ambient')
      this.info('The ambient profile has been installed successfully, enjoy Istio without sidecars!')
    // istioctl 1.30.3 accepts --verify and does nothing with it; meshctl runs verify-install's checks.
    if (flags.verify) {
      if (flags['dry-run']) return this.info('--verify: skipped in a dry run (nothing was installed)')
      const report = await verifyInstall(client, plan)
      const t = this.theme()
      this.out(formatVerify(report, {ok: t.green('✔'), bad: t.red('✘')}))
      if (!report.ok) this.exit(1)
    }
  }
}
