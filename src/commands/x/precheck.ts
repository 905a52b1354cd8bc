import {Flags} from '@oclif/core'
import {findingLine} from '../../lib/analyze/finding.js'
import {LEVELS, parseLevel, type Level} from '../../lib/analyze/message.js'
import {KubeCommand} from '../../lib/command/base-command.js'
import {MeshctlError, usageError} from '../../lib/errors.js'
import {marshalYaml} from '../../lib/manifest/goyaml.js'
import {
  ISSUES_FOUND,
  NO_ISSUES,
  precheck,
  precheckFails,
  precheckMap,
  shownFindings,
} from '../../lib/install/precheck.js'

const COLOR: Record<Level, string> = {Error: '\x1b[1;31m', Warning: '\x1b[33m', Info: ''}

export default class Precheck extends KubeCommand {
  static override summary = 'Check whether Istio can safely be installed or upgraded.'
  static override description =
    'Inspects the cluster as istioctl x precheck does: the Kubernetes version (1.32 or newer), the permissions ' +
    'install needs (a SelfSubjectAccessReview each), Gateway API CRD versions and alpha annotations; with ' +
    '--from-version, behaviour changes since that version. Findings go to stdout; the Istio control planes ' +
    'already installed, and the all-clear, go to stderr. -n limits the annotation analysis to one namespace ' +
    '(default: all, as istioctl). Exit 1 when a finding is at Warning or worse.'
  static override aliases = ['experimental:precheck']
  static override examples = [
    '<%= config.bin %> x precheck',
    '<%= config.bin %> x precheck --namespace default',
    '<%= config.bin %> x precheck --from-version 1.10',
    '<%= config.bin %> x precheck -o json',
  ]
  static override builtinKinds = true
  static override flags = {
    'skip-controlplane': Flags.boolean({summary: 'Skip checking the control plane.'}),
    'output-threshold': Flags.custom<Level>({
      summary: 'The severity level of precheck at which to display messages.',
      default: 'Warning',
      helpValue: LEVELS.join('|'),
      parse: async (input) => {
        const level = parseLevel(input)
        if (!level)
          throw usageError(`--output-threshold: "${input}" is not a level: use one of ${LEVELS.join(', ')}`)
        return level
      },
    })(),
    output: Flags.option({
      char: 'o',
      summary: 'Output format: log|json|yaml.',
      options: ['log', 'json', 'yaml'] as const,
      default: 'log',
    })(),
    'from-version': Flags.string({char: 'f', summary: 'Check changes since the provided version (1.N).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Precheck)
    const client = await this.kube(flags)
    const {findings, installed} = await precheck(client, {
      istioNamespace: flags['istio-namespace'],
      namespace: flags.namespace,
      skipControlPlane: flags['skip-controlplane'],
      fromVersion: flags['from-version'],
    })
    for (const cp of installed)
      this.info(
        `Istio ${cp.version ?? '(unknown version)'} is installed: revision "${cp.revision}" in namespace ${cp.namespace}`,
      )
    const shown = shownFindings(findings, flags['output-threshold'])
    if (shown.length > 0) {
      const color = flags.output === 'log' && this.decorate(process.stdout)
      const text =
        flags.output === 'json'
          ? JSON.stringify(shown.map(precheckMap), null, '\t')
          : flags.output === 'yaml'
            ? marshalYaml(shown.map(precheckMap))
            : shown
                .map((f) =>
                  color
                    ? findingLine(f).replace(f.level, `${COLOR[f.level]}${f.level}\x1b[0m`)
                    : findingLine(f),
                )
                .join('\n')
      this.out(text + '\n')
    } else if (!precheckFails(findings)) {
      // istioctl prints the all-clear even when findings at Warning or worse were only hidden; we do not.
      this.info(this.theme(process.stderr).green('✔') + NO_ISSUES)
    }
    if (precheckFails(findings)) throw new MeshctlError(ISSUES_FOUND)
  }
}
