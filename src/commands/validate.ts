import {Flags} from '@oclif/core'
import {MeshCommand} from '../lib/command/base-command.js'
import {inputError, usageError} from '../lib/errors.js'
import {
  failureSummary,
  formatFinding,
  formatVerdict,
  reportData,
  validateInputs,
  type ValidationReport,
} from '../lib/api/report.js'
import {istioNamespaceFlag, outputFlag} from '../lib/command/flags.js'
import {render} from '../lib/output/printer.js'
import {loadInputs} from '../lib/input/index.js'

export default class Validate extends MeshCommand {
  static override aliases = ['v']
  static override summary = 'Validate Istio and Kubernetes configuration files offline.'
  static override description = [
    "Checks each object as the Istio API server and istiod's webhook would: schema (unknown fields, types, enums), then semantic rules (hosts, ports, weights, durations, TLS settings, selectors...). Kubernetes Services and Deployments get istioctl's port-naming and label checks; other objects pass.",
    'Directories are read with their sub-directories (.yaml, .yml and .json files). A -f that yields no YAML or JSON document is an error. Objects without a namespace are taken to be in -n (default "default"); no cluster is contacted.',
    'Prints one line per problem on stderr, "error: FILE:LINE: Kind namespace/name: field.path: message" (or warning:, info:), then a verdict per valid file. With -o json|yaml the same findings go to stdout as data. Exits 0 when everything is valid, 65 when not.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> validate -f samples/bookinfo/networking/bookinfo-gateway.yaml',
    '<%= config.bin %> validate -f samples/bookinfo/networking',
    'kubectl get services -o yaml | <%= config.bin %> validate -f -',
    '<%= config.bin %> validate -f virtual-service.yaml -o json',
  ]

  static override flags = {
    filename: Flags.string({
      char: 'f',
      summary: 'File, directory or - (stdin) to validate; repeatable, or comma-separated.',
      multiple: true,
      delimiter: ',',
    }),
    recursive: Flags.boolean({
      char: 'R',
      summary: 'Walk sub-directories of directories (always on, as in istioctl; accepted for compatibility).',
    }),
    referential: Flags.boolean({
      char: 'x',
      summary:
        'Enable structural validation for policy and telemetry (always on; kept for istioctl compatibility).',
      default: true,
      allowNo: true,
      hidden: true,
    }),
    'fail-on-warning': Flags.boolean({summary: 'Exit 65 when there are warnings (deprecated fields...).'}),
    output: outputFlag(['text', 'json', 'yaml'] as const),
    namespace: Flags.string({
      char: 'n',
      summary: 'Namespace of objects that name none (default "default").',
      helpGroup: 'GLOBAL',
    }),
    'istio-namespace': istioNamespaceFlag,
  }

  async run(): Promise<ValidationReport> {
    const {flags} = await this.parse(Validate)
    if (!flags.filename?.length) throw usageError('no files given: use -f FILE, -f DIR or -f -')
    // Directories are walked to the bottom, as istioctl does; a -f yielding no document is a problem.
    const {sources, objects, problems} = await loadInputs(flags.filename, {recursive: true})
    const report = validateInputs(sources, objects, problems, {
      namespace: flags.namespace,
      istioNamespace: flags['istio-namespace'],
    })
    if (flags.output === 'text') {
      const debug = this.argv.includes('--debug')
      for (const f of report.findings) this.info(formatFinding(f) + (debug && f.frame ? `\n${f.frame}` : ''))
      if (report.sources.every((s) => s.errors === 0))
        for (const s of report.sources) this.info(formatVerdict(s))
    } else this.out(render(reportData(report), flags.output))
    const failure = failureSummary(report, flags['fail-on-warning'])
    if (failure) throw inputError(failure)
    return report
  }
}
