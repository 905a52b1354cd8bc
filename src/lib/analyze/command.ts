/**
 * What `meshctl analyze` does between parsing flags and exiting: choose the inputs, run the analysis,
 * print findings and a summary that claims only what was analyzed, and decide the exit code.
 */
import {writeFile} from 'node:fs/promises'
import {ExitCode, type ExitCodeValue} from '../command/exit-codes.js'
import {MeshctlError, inputError, usageError} from '../errors.js'
import {formatProblem, readTextFile, type InputProblem} from '../input/index.js'
import type {KubeClient} from '../kube/client.js'
import {analyze, type AnalyzeResult} from './analyze.js'
import {atLeast} from './finding.js'
import type {Level} from './message.js'
import type {AnalyzeFormat} from './formats.js'
import {renderFindings} from './output.js'
import {ANALYZERS, listAnalyzersText, selectAnalyzers} from './registry.js'
import {failsThreshold} from './runner.js'
import {parseBaseline, renderBaseline, SuppressionSyntaxError} from './suppress.js'

/** Where the command writes: data to stdout, logs to stderr. */
export interface AnalyzeIO {
  out(text: string): void
  info(text: string): void
}

/** The parsed flags and arguments of `meshctl analyze`. */
export interface AnalyzeCommandOptions {
  paths: readonly string[]
  /** `--use-kube` / `--use-kube=false`; undefined when not given. */
  useKube?: boolean
  /** `--kubeconfig` or `--context` was given: the user named a cluster. */
  clusterNamed: boolean
  /** Whether a kubeconfig exists to use by default. */
  kubeconfigExists: () => boolean
  /** Creates the cluster client (reads the kubeconfig). */
  connect: () => Promise<KubeClient>
  namespace?: string
  allNamespaces: boolean
  istioNamespace: string
  revision: string
  meshConfigFile?: string
  meshNetworksFile?: string
  /** `--remote-contexts`: clients for them; a context that cannot be loaded is left out with a warning. */
  connectRemotes?: () => Promise<{name: string; client: KubeClient}[] | undefined>
  /** `--timeout`, milliseconds (0: none). */
  timeoutMs?: number
  analyzerNames: readonly string[]
  suppress: readonly string[]
  baselineFile?: string
  writeBaselineFile?: string
  listAnalyzers: boolean
  format: AnalyzeFormat
  failureThreshold: Level
  outputThreshold: Level
  color: boolean
  verbose: boolean
  /** --debug: also print the code frame of YAML syntax errors. */
  debug?: boolean
  ignoreUnknown: boolean
  version: string
  readStdin?: () => Promise<string>
  stdinIsTTY?: boolean
}

/**
 * Whether the live cluster is an input. It is when asked for (`--use-kube`, `--kubeconfig`, `--context`),
 * when there are no files (the cluster is then the only input), or by default when a kubeconfig exists.
 * Once it is an input, failing to read it is an error, never an empty analysis.
 */
export function clusterIsInput(o: {
  useKube?: boolean
  clusterNamed: boolean
  paths: readonly string[]
  kubeconfigExists: () => boolean
}): boolean {
  if (o.useKube !== undefined) return o.useKube
  return o.clusterNamed || o.paths.length === 0 || o.kubeconfigExists()
}

/** Sources with an error-level problem (unreadable or unparsable), in order. */
export function unreadableSources(problems: readonly InputProblem[]): string[] {
  return [...new Set(problems.filter((p) => (p.level ?? 'error') === 'error').map((p) => p.source))]
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * The summary line on stderr. A success mark only when every input was read and nothing is shown;
 * otherwise it counts what was analyzed and what could not be read, and never says "no issues" about
 * nothing. Undefined when findings are shown and every input was read (the findings speak).
 */
export function summaryLine(
  result: Pick<AnalyzeResult, 'sources' | 'problems'>,
  o: {target: string; cluster: boolean; shown: number},
): string | undefined {
  const bad = unreadableSources(result.problems)
  if (bad.length === 0) {
    if (o.shown > 0) return undefined
    const what = result.sources.length > 0 && !o.cluster ? result.sources.join(', ') : o.target
    return `\u2714 No validation issues found when analyzing ${what}.`
  }
  const analyzed = result.sources.length - bad.length
  if (analyzed === 0 && !o.cluster)
    return `Nothing was analyzed: ${plural(bad.length, 'input')} could not be read.`
  const counts = `${o.cluster ? `the cluster (${o.target}) and ` : ''}${plural(analyzed, 'file')} analyzed, ${bad.length} could not be read`
  return o.shown > 0
    ? `${counts[0].toUpperCase()}${counts.slice(1)}.`
    : `No validation issues found: ${counts}.`
}

/** The exit code: 79 for findings at the failure threshold (they win, as in istioctl), 65 for unread input. */
export function analyzeExitCode(
  result: Pick<AnalyzeResult, 'findings' | 'problems'>,
  o: {failureThreshold: Level; ignoreUnknown: boolean},
): ExitCodeValue {
  if (failsThreshold(result.findings, o.failureThreshold)) return ExitCode.ANALYSIS_FINDINGS
  if (unreadableSources(result.problems).length > 0 && !o.ignoreUnknown) return ExitCode.BAD_INPUT
  return ExitCode.OK
}

/** Runs `meshctl analyze`; returns the exit code. Errors (bad flags, an unreadable cluster) are thrown. */
export async function runAnalyzeCommand(o: AnalyzeCommandOptions, io: AnalyzeIO): Promise<ExitCodeValue> {
  if (o.listAnalyzers) {
    io.out(listAnalyzersText(ANALYZERS))
    return ExitCode.OK
  }
  const {selected, unknown} = selectAnalyzers(o.analyzerNames, ANALYZERS)
  if (unknown.length > 0)
    throw usageError(`unknown analyzer ${unknown.map((u) => `"${u}"`).join(', ')}`, [
      'list them with --list-analyzers',
    ])

  const useCluster = clusterIsInput(o)
  if (!useCluster && o.paths.length === 0)
    throw usageError('nothing to analyze: no files given and --use-kube=false', [
      'give files, directories or - (stdin), or drop --use-kube=false to analyze the cluster',
    ])

  let baseline
  if (o.baselineFile) {
    const text = await readTextFile(o.baselineFile, '--baseline')
    try {
      baseline = parseBaseline(text)
    } catch (err) {
      throw inputError(`${o.baselineFile}: ${(err as Error).message} (--baseline)`)
    }
  }

  const kube = useCluster ? await connectCluster(o.connect) : undefined
  const namespace = o.namespace || kube?.namespace || 'default'
  // Offline without -n, report every namespace in the files: istioctl silently reported only "default"
  // (istio/istio#18236), so a CI run on a repository found nothing.
  const allNamespaces = o.allNamespaces || (!kube && !o.namespace)
  if (kube && !allNamespaces) {
    const ns = await kube.get({apiVersion: 'v1', kind: 'Namespace'}, namespace)
    // istioctl prints this and exits 0 (istio/istio#30805 asked for better): we fail as a usage error.
    if (!ns) throw usageError(`namespace "${namespace}" not found`)
  }
  if (o.paths.includes('-') && o.stdinIsTTY && o.format === 'log') io.info('Reading from stdin:')

  let result: AnalyzeResult
  try {
    result = await analyze({
      paths: o.paths,
      recursive: true,
      readStdin: o.readStdin,
      kube,
      namespace,
      // As istioctl: with an explicit -A (and no -n), file objects without a namespace keep none.
      fileNamespace: o.allNamespaces && !o.namespace ? '' : namespace,
      allNamespaces,
      istioNamespace: o.istioNamespace,
      // '' and 'default' both name the default revision's mesh ConfigMap (istio)
      revision: o.revision,
      meshConfigFile: o.meshConfigFile,
      meshNetworksFile: o.meshNetworksFile,
      remotes: kube && o.connectRemotes ? await o.connectRemotes() : undefined,
      timeoutMs: o.timeoutMs,
      analyzers: selected,
      suppress: o.suppress,
      baseline,
    })
  } catch (err) {
    if (err instanceof SuppressionSyntaxError) throw usageError(`${err.message} (--suppress)`)
    throw err
  }
  for (const w of result.warnings) io.info(w)
  for (const p of result.problems)
    io.info(
      `${p.level === 'warning' ? 'warning' : 'error'}: ${formatProblem(p)}${o.debug && p.frame ? `\n${p.frame}` : ''}`,
    )

  const target = allNamespaces ? 'all namespaces' : `namespace: ${namespace}`
  if (o.verbose) {
    io.info(`Analyzed resources in ${target}`)
    if (result.skipped.length > 0)
      io.info(['Skipped analyzers:', ...result.skipped.map((a) => `\t ${a}`)].join('\n'))
    if (result.executed.length > 0)
      io.info(['Executed analyzers:', ...result.executed.map((a) => `\t ${a}`)].join('\n'))
  }

  if (o.writeBaselineFile) {
    // a baseline from input that could not all be read would accept, later, what it never saw
    if (unreadableSources(result.problems).length > 0 && !o.ignoreUnknown)
      throw inputError(
        `not writing ${o.writeBaselineFile}: some input could not be parsed (--write-baseline)`,
      )
    await writeFile(o.writeBaselineFile, renderBaseline(result.unbaselined))
    io.info(`Wrote ${result.unbaselined.length} finding(s) to baseline ${o.writeBaselineFile}`)
    result = {...result, findings: []}
  }

  const shown = result.findings.filter((f) => atLeast(f, o.outputThreshold))
  const color = o.format === 'log' && o.color
  io.out(renderFindings(shown, o.format, {color, failureThreshold: o.failureThreshold, version: o.version}))
  const summary = summaryLine(result, {target, cluster: kube !== undefined, shown: shown.length})
  if (summary) io.info(summary)

  const code = analyzeExitCode(result, o)
  if (code === ExitCode.ANALYSIS_FINDINGS)
    io.info(
      `Analyzers found issues when analyzing ${target}.\nSee https://istio.io/v1.30/docs/reference/config/analysis for more information about causes and resolutions.`,
    )
  return code
}

/** Creates the cluster client; any failure says that the cluster, the chosen input, could not be read. */
async function connectCluster(connect: () => Promise<KubeClient>): Promise<KubeClient> {
  try {
    return await connect()
  } catch (err) {
    const e = err instanceof MeshctlError ? err : new MeshctlError((err as Error).message ?? String(err))
    throw new MeshctlError(`cannot analyze the cluster: ${e.message}`, {
      exitCode: ExitCode.FAILURE,
      hints: [...e.hints, 'to analyze files only: meshctl analyze --use-kube=false FILE...'],
      cause: err,
    })
  }
}
