import {KubeCommand} from '../lib/command/base-command.js'
import {outputFlag} from '../lib/command/flags.js'
import {prepareInstall} from '../lib/install/index.js'
import {formatVerify, verifyInstall} from '../lib/install/verify.js'
import {istioOperatorFlags, readInputFiles} from '../lib/manifest/cli.js'

export default class VerifyInstall extends KubeCommand {
  static override summary = 'Verifies that an Istio installation is complete and ready.'
  static override description =
    'Renders the installation from the same inputs as install (-f, --set, -r) and checks that every object ' +
    'exists in the cluster and every workload is ready, one ✔/✘ line per component with the reason. Exits 1 ' +
    'when anything is missing or not ready.'
  static override examples = [
    '<%= config.bin %> verify-install',
    '<%= config.bin %> verify-install --set profile=demo',
    '<%= config.bin %> verify-install -r canary -o json',
  ]
  static override builtinKinds = true
  static override flags = {...istioOperatorFlags, output: outputFlag(['text', 'json'] as const)}

  async run(): Promise<void> {
    const {flags} = await this.parse(VerifyInstall)
    const client = await this.kube(flags)
    const {plan} = await prepareInstall(client, {
      files: await readInputFiles(flags.filename),
      sets: flags.set ?? [],
      manifestsDir: flags.manifests,
      revision: flags.revision,
      force: flags.force,
    })
    const report = await verifyInstall(client, plan)
    if (flags.output === 'json') this.out(JSON.stringify(report, null, 2) + '\n')
    else {
      const t = this.theme()
      this.out(formatVerify(report, {ok: t.green('✔'), bad: t.red('✘')}))
    }
    if (!report.ok) this.exit(1)
  }
}
