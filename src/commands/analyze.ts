import {Flags} from '@oclif/core'
import {ANALYZE_FORMATS} from '../lib/analyze/formats.js'
import {LEVELS, parseLevel, type Level} from '../lib/analyze/message.js'
import {KubeCommand} from '../lib/command/base-command.js'
import {parseDuration} from '../lib/command/duration.js'
import {usageError} from '../lib/errors.js'
import type {KubeClient} from '../lib/kube/client.js'

/** A level flag: Error|Warning|Info in any case, as istioctl accepts. */
const levelFlag = (summary: string, def: Level) =>
  Flags.custom<Level>({
    summary,
    default: def,
    helpValue: LEVELS.join('|'),
    parse: async (input) => {
      const level = parseLevel(input)
      if (!level) throw usageError(`"${input}" is not a level: use one of ${LEVELS.join(', ')}`)
      return level
    },
  })()

export default class Analyze extends KubeCommand {
  static override summary = 'Analyze Istio configuration and report problems (istioctl analyze).'
  static override description = `Analyzes the live cluster, files, or both (files override cluster objects of the same identity).
Offline (--use-kube=false) without -n, findings in every namespace of the files are reported.
The cluster is analyzed when no files are given, with --use-kube, --kubeconfig or --context, and by default when a kubeconfig exists; if it cannot be read, analyze fails (exit 1) rather than report an empty analysis.
Exit codes: 79 when findings reach --failure-threshold (in every output format), 65 when an input cannot be read or parsed (or holds no YAML or JSON document), 64 when there is nothing to analyze, 1 when the cluster cannot be read, 0 otherwise.
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
    'failure-threshold': levelFlag('Findings at or above this level make the exit code 79.', 'Error'),
    'output-threshold': levelFlag('Print findings at or above this level.', 'Info'),
    output: Flags.option({
      char: 'o',
      summary: `Output format: ${ANALYZE_FORMATS.join('|')}.`,
      options: ANALYZE_FORMATS,
      default: 'log',
    })(),
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
        "Mesh networks file to use instead of the cluster's (the meshNetworks key of the istio ConfigMap).",
    }),
    'remote-contexts': Flags.string({
      summary:
        'Kubeconfig context of a remote cluster whose Services are compared with this one (repeatable); one that cannot be read is reported and skipped. Without it, remote clusters are read from the remote secrets (istio/multiCluster=true) in the Istio namespace.',
      multiple: true,
      default: [],
    }),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Analyze)
    const {runAnalyzeCommand} = await import('../lib/analyze/command.js')
    const {kubeconfigPaths} = await import('../lib/kube/config.js')
    let cluster: KubeClient | undefined
    const code = await runAnalyzeCommand(
      {
        paths: argv as string[],
        useKube: flags['use-kube'],
        clusterNamed: flags.kubeconfig !== undefined || flags.context !== undefined,
        kubeconfigExists: () => {
          try {
            return kubeconfigPaths({}).length > 0
          } catch {
            return false
          }
        },
        connect: async () => (cluster = await this.kube(flags)),
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        istioNamespace: flags['istio-namespace'],
        revision: flags.revision,
        meshConfigFile: flags.meshConfigFile,
        meshNetworksFile: flags.meshNetworksFile,
        connectRemotes: () => this.remotes(flags),
        timeoutMs: parseDuration(flags.timeout, 'timeout'),
        analyzerNames: flags.analyzer,
        suppress: flags.suppress,
        baselineFile: flags.baseline,
        writeBaselineFile: flags['write-baseline'],
        listAnalyzers: flags['list-analyzers'],
        format: flags.output,
        failureThreshold: flags['failure-threshold'],
        outputThreshold: flags['output-threshold'],
        color: flags.color ?? this.decorate(process.stdout),
        verbose: flags.verbose,
        debug: flags.debug,
        ignoreUnknown: flags['ignore-unknown'],
        version: this.config.version,
        stdinIsTTY: process.stdin.isTTY,
      },
      {out: (t) => this.out(t), info: (t) => this.info(t)},
    )
    // the cluster answered: is its control plane a version these analyzers are meant for?
    const skew =
      cluster &&
      (await (
        await import('../lib/version/skew.js')
      ).controlPlaneSkewWarning(cluster, flags['istio-namespace']))
    if (skew) this.info(skew)
    if (code !== 0) this.exit(code)
  }

  /** Clients for --remote-contexts, from the same kubeconfig; a context that cannot be loaded is one warning. */
  private async remotes(flags: {
    kubeconfig?: string
    'remote-contexts': string[]
    'request-timeout'?: string
  }) {
    // none named: analyze finds them from the cluster's remote secrets, as istioctl does
    if (flags['remote-contexts'].length === 0) return undefined
    const {createKubeClient} = await import('../lib/kube/client.js')
    const requestTimeoutMs = parseDuration(flags['request-timeout'] ?? '15s', 'request-timeout')
    const out = []
    for (const name of flags['remote-contexts'])
      try {
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
