import {Command, type Interfaces} from '@oclif/core'
import {normalizeBooleanArgs} from './argv.js'
import {classifyError, formatErrorReport, isExitError} from './classify.js'
import {parseDuration} from './duration.js'
import {clusterFlags, commonFlags, kubeFlags} from './flags.js'
import type {KubeClient} from '../kube/client.js'
import {makeTheme, shouldDecorate} from '../ui/theme.js'
import type {Spinner} from '../ui/spinner.js'

export type MeshFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof MeshCommand)['baseFlags'] & T['flags']
>
export type KubeFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof KubeCommand)['baseFlags'] & T['flags']
>

/**
 * The base of every meshctl command: common flags, stdout-for-data printing, colour decisions and the
 * one place where errors become an `error: …` line and an exit code.
 */
export abstract class MeshCommand extends Command {
  static override baseFlags = commonFlags
  protected spinner?: Spinner

  override async init(): Promise<void> {
    await super.init()
    const flags = {...this.ctor.baseFlags, ...this.ctor.flags} as Record<
      string,
      {type: string; allowNo?: boolean}
    >
    this.argv = normalizeBooleanArgs(this.argv, flags)
  }

  /** Writes data to stdout as is (no newline added). */
  protected out(text: string): void {
    process.stdout.write(text)
  }

  /** Writes a log line to stderr. */
  protected info(text: string): void {
    process.stderr.write(text.endsWith('\n') ? text : text + '\n')
  }

  /** Whether to use colour and spinners on the given stream for this invocation. */
  protected decorate(stream: NodeJS.WriteStream = process.stderr, machineOutput = false): boolean {
    return shouldDecorate({
      isTTY: Boolean(stream.isTTY),
      env: process.env,
      noColorFlag: this.argv.includes('--no-color'),
      machineOutput,
    })
  }

  /** A chalk instance that is colourless unless decorate() says otherwise. */
  protected theme(stream: NodeJS.WriteStream = process.stdout, machineOutput = false) {
    return makeTheme(this.decorate(stream, machineOutput))
  }

  override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    this.spinner?.stop()
    if (isExitError(err)) throw err
    const report = classifyError(err)
    process.stderr.write(formatErrorReport(report))
    const detail = (err as {detail?: unknown}).detail
    if (this.argv.includes('--debug') && typeof detail === 'string')
      process.stderr.write(detail.trimEnd() + '\n')
    if (this.argv.includes('--debug') && err.stack) process.stderr.write(err.stack + '\n')
    return this.exit(report.exitCode)
  }
}

/**
 * A command that may reach a cluster but has no use for a namespace or revision (`manifest generate
 * --cluster-specific`): kubeconfig, context and request timeout only, and a client created on first use.
 */
export abstract class ClusterCommand extends MeshCommand {
  static override baseFlags = {...commonFlags, ...clusterFlags}
  /** Whether the client skips discovery requests for built-in kinds (kube/builtin-resources.ts). */
  static builtinKinds = false
  private client?: Promise<KubeClient>

  /** The kube client for the parsed flags, created lazily so --help and offline paths never read kubeconfig. */
  protected kube(flags: {
    kubeconfig?: string
    context?: string
    namespace?: string
    'request-timeout'?: string
  }): Promise<KubeClient> {
    this.client ??= import('../kube/client.js').then(({createKubeClient}) =>
      createKubeClient({
        kubeconfig: flags.kubeconfig,
        context: flags.context,
        namespace: flags.namespace,
        requestTimeoutMs: parseDuration(flags['request-timeout'] ?? '15s', 'request-timeout'),
        builtinKinds: (this.constructor as typeof ClusterCommand).builtinKinds,
      }),
    )
    return this.client
  }
}

/** A command that talks to a cluster: kube flags (namespace, Istio namespace, revision too). */
export abstract class KubeCommand extends ClusterCommand {
  static override baseFlags = {...commonFlags, ...kubeFlags}
}
