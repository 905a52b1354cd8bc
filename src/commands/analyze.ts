import {readFile, writeFile} from 'node:fs/promises'
import {Flags} from '@oclif/core'
import {KubeCommand} from '../lib/command/base-command.js'
import {ExitCode} from '../lib/command/exit-codes.js'
import {parseDuration} from '../lib/command/duration.js'
import {inputError, usageError} from '../lib/errors.js'

const LEVEL_NAMES = ['Error', 'Warning', 'Info']

export default class Analyze extends KubeCommand {
  static override summary = 'Analyze Istio configuration and report problems (istioctl analyze).'
  static override description = `Analyzes the live cluster, files, or both (files override cluster objects of the same identity).
Offline (--use-kube=false) without -n, findings in every namespace of the files are reported.
Exit codes: 79 when findings reach --failure-threshold (in every output format), 65 when an input cannot be parsed, 0 otherwise.
Message codes (IST0xxx), levels and texts are istioctl's, so its docs and suppressions apply.`

  static override examples = [
    '<%= config.bin %> analyze',
    '<%= config.bin %> analyze -A',
    '<%= config.bin %> analyze --use-kube=false a.yaml my-app-config/',
    'kustomize build . | <%= config.bin %> analyze --use-kube=false -',
    '<%= config.bin %> analyze --use-kube=false -o sarif config/ > analyze.sarif',
    '<%= config.bin %> analyze -S "IST0103=Pod testing/*" -S "IST0107=Deployment default/foobar"',
    '<%= config.bin %> analyze --use-kube=false --write-baseline .meshctl-baseline.yaml config/',
    '<%= config.bin %> analyze --use-kube=false --baseline .meshctl-baseline.yaml config/',
    '<%= config.bin %> analyze --analyzer "virtualservice.*"',
  ]

  static override strict = false
  static override args = {}

  static override flags = {
    'list-analyzers': Flags.boolean({char: 'L', summary: 'List the analyzers and exit.'}),
    'use-kube': Flags.boolean({
      char: 'k',
      summary:
        'Analyze the live cluster too (default: true when a kubeconfig exists). --use-kube=false: files only.',
      allowNo: true,
    }),
    color: Flags.boolean({
      summary: 'Colour the level word of -o log (default: when stdout is a terminal).',
      allowNo: true,
    }),
    verbose: Flags.boolean({char: 'v', summary: 'Print which resources and analyzers were used, on stderr.'}),
    'failure-threshold': Flags.string({
      summary: 'Findings at or above this level make the exit code 79: Error|Warning|Info.',
      default: 'Error',
    }),
    'output-threshold': Flags.string({
      summary: 'Print findings at or above this level: Error|Warning|Info.',
      default: 'Info',
    }),
    output: Flags.string({
      char: 'o',
      summary: 'Output format: log|json|yaml|sarif|junit|github.',
      default: 'log',
    }),
    meshConfigFile: Flags.string({
      summary: 'Mesh config file to use instead of the cluster one or the defaults.',
    }),
    'all-namespaces': Flags.boolean({char: 'A', summary: 'Analyze all namespaces.'}),
    suppress: Flags.string({
      char: 'S',
      summary: 'Suppress a code on a resource: "CODE=Kind namespace/name" (`*` wildcards; repeatable).',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    baseline: Flags.string({summary: 'Do not report findings listed in this baseline file.'}),
    'write-baseline': Flags.string({summary: 'Write all current findings to this baseline file and exit 0.'}),
    analyzer: Flags.string({
      summary: 'Run only this analyzer (repeatable; `*` wildcards).',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    recursive: Flags.boolean({
      char: 'R',
      summary: 'Walk directories recursively (always on, as in istioctl; accepted for compatibility).',
    }),
    'ignore-unknown': Flags.boolean({
      summary: 'Do not fail (exit 65) on input documents that cannot be parsed.',
    }),
    timeout: Flags.string({
      summary: 'How long reading the cluster(s) may take before analysis fails (0: no limit).',
      default: '30s',
    }),
    meshNetworksFile: Flags.string({
      summary:
        "Mesh networks file to analyze with, instead of the cluster's (the meshNetworks key of the istio ConfigMap).",
    }),
    'remote-contexts': Flags.string({
      summary:
        'Kubeconfig context of a remote cluster whose Services are compared with this one (repeatable); one that cannot be read is reported and skipped.',
      multiple: true,
      default: [],
    }),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Analyze)
    const [{ANALYZERS, listAnalyzersText, selectAnalyzers}, {ANALYZE_FORMATS, renderFindings}, {parseLevel}] =
      await Promise.all([
        import('../lib/analyze/registry.js'),
        import('../lib/analyze/output.js'),
        import('../lib/analyze/message.js'),
      ])
    const format = flags.output.toLowerCase() as (typeof ANALYZE_FORMATS)[number]
    if (!ANALYZE_FORMATS.includes(format))
      throw usageError(
        `${flags.output} not a valid option for format (-o): use one of ${ANALYZE_FORMATS.join(', ')}`,
      )
    const level = (flag: 'failure-threshold' | 'output-threshold') => {
      const l = parseLevel(flags[flag])
      if (!l) throw usageError(`--${flag} ${flags[flag]}: use one of ${LEVEL_NAMES.join(', ')}`)
      return l
    }
    const failureThreshold = level('failure-threshold')
    const outputThreshold = level('output-threshold')

    if (flags['list-analyzers']) {
      this.out(listAnalyzersText(ANALYZERS))
      return
    }
    const {selected, unknown} = selectAnalyzers(flags.analyzer, ANALYZERS)
    if (unknown.length > 0)
      throw usageError(`unknown analyzer ${unknown.map((u) => `"${u}"`).join(', ')}`, [
        'list them with --list-analyzers',
      ])

    const {analyze} = await import('../lib/analyze/analyze.js')
    const {parseBaseline, renderBaseline, SuppressionSyntaxError} = await import('../lib/analyze/suppress.js')
    const {atLeast} = await import('../lib/analyze/finding.js')
    const {formatProblem} = await import('../lib/input/index.js')

    let baseline
    if (flags.baseline) {
      try {
        baseline = parseBaseline(await readFile(flags.baseline, 'utf8'))
      } catch (err) {
        const e = err as NodeJS.ErrnoException
        throw inputError(
          `${flags.baseline}: ${e.code === 'ENOENT' ? 'no such file' : e.message} (--baseline)`,
        )
      }
    }

    const useKube = flags['use-kube'] ?? (flags.kubeconfig !== undefined || (await this.hasKubeconfig()))
    const kube = useKube ? await this.kube(flags) : undefined
    const namespace = flags.namespace || kube?.namespace || 'default'
    // Offline without -n, report every namespace in the files: istioctl silently reported only "default"
    // (istio/istio#18236), so a CI run on a repository found nothing.
    const allNamespaces = flags['all-namespaces'] || (!kube && !flags.namespace)
    if (kube && !allNamespaces) {
      const ns = await kube.get({apiVersion: 'v1', kind: 'Namespace'}, namespace)
      if (!ns) {
        // istioctl prints this and exits 0 (istio/istio#30805 asked for better): we fail as a usage error.
        throw usageError(`namespace "${namespace}" not found`)
      }
    }
    const paths = argv as string[]
    if (paths.includes('-') && process.stdin.isTTY && format === 'log') this.info('Reading from stdin:')

    let result
    try {
      result = await analyze({
        paths,
        recursive: true,
        kube,
        namespace,
        // As istioctl: with an explicit -A (and no -n), file objects without a namespace keep none.
        fileNamespace: flags['all-namespaces'] && !flags.namespace ? '' : namespace,
        allNamespaces,
        istioNamespace: flags['istio-namespace'],
        revision: flags.revision || 'default',
        meshConfigFile: flags.meshConfigFile,
        meshNetworksFile: flags.meshNetworksFile,
        remotes: kube ? await this.remotes(flags) : undefined,
        timeoutMs: parseDuration(flags.timeout, 'timeout'),
        analyzers: selected,
        suppress: flags.suppress,
        baseline,
      })
    } catch (err) {
      if (err instanceof SuppressionSyntaxError) throw usageError(`${err.message} (--suppress)`)
      throw err
    }
    for (const w of result.warnings) this.info(w)
    for (const p of result.problems) this.info(`error: ${formatProblem(p)}`)

    const target = allNamespaces ? 'all namespaces' : `namespace: ${namespace}`
    if (flags.verbose) {
      this.info(`Analyzed resources in ${target}`)
      if (result.skipped.length > 0)
        this.info(['Skipped analyzers:', ...result.skipped.map((a) => `\t ${a}`)].join('\n'))
      if (result.executed.length > 0)
        this.info(['Executed analyzers:', ...result.executed.map((a) => `\t ${a}`)].join('\n'))
    }

    let findings = result.findings
    if (flags['write-baseline']) {
      await writeFile(flags['write-baseline'], renderBaseline(result.unbaselined))
      this.info(`Wrote ${result.unbaselined.length} finding(s) to baseline ${flags['write-baseline']}`)
      findings = []
    }

    const shown = findings.filter((f) => atLeast(f, outputThreshold))
    const color = format === 'log' && (flags.color ?? this.decorate(process.stdout))
    this.out(renderFindings(shown, format, {color, failureThreshold, version: this.config.version}))

    if (shown.length === 0) {
      const what = result.sources.length > 0 ? result.sources.join(', ') : target
      this.info(
        result.problems.length === 0
          ? `\u2714 No validation issues found when analyzing ${what}.`
          : `No validation issues found when analyzing ${what} (but ${new Set(result.problems.map((p) => p.source)).size} file(s) could not be parsed).`,
      )
    }
    if (findings.some((f) => atLeast(f, failureThreshold))) {
      this.info(
        `Analyzers found issues when analyzing ${target}.\nSee https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.`,
      )
      this.exit(ExitCode.ANALYSIS_FINDINGS)
    }
    if (result.problems.length > 0 && !flags['ignore-unknown']) {
      this.info("Some files couldn't be parsed.")
      this.exit(ExitCode.BAD_INPUT)
    }
  }

  /** Whether a kubeconfig is there to use (decides the --use-kube default). */
  private async hasKubeconfig(): Promise<boolean> {
    const {kubeconfigPaths} = await import('../lib/kube/config.js')
    try {
      return kubeconfigPaths({}).length > 0
    } catch {
      return false
    }
  }

  /** Clients for --remote-contexts, from the same kubeconfig; a context that cannot be loaded is one warning. */
  private async remotes(flags: {
    kubeconfig?: string
    'remote-contexts': string[]
    'request-timeout'?: string
  }) {
    const {createKubeClient} = await import('../lib/kube/client.js')
    const out = []
    for (const name of flags['remote-contexts'])
      try {
        const requestTimeoutMs = parseDuration(flags['request-timeout'] ?? '15s', 'request-timeout')
        out.push({
          name,
          client: await createKubeClient({kubeconfig: flags.kubeconfig, context: name, requestTimeoutMs}),
        })
      } catch (err) {
        this.info(
          `Warning: remote cluster ${name} cannot be read (${(err as Error).message}); analysed without it`,
        )
      }
    return out
  }
}
