import type {FieldPath} from '../input/index.js'
import type {MeshConfig} from './mesh.js'
import type {Message} from './message.js'
import type {KindRef} from './resource.js'
import type {ResourceStore} from './store.js'

/** What an analyzer sees: the resources, mesh config and install facts, and a way to report findings. */
export interface AnalysisContext {
  readonly store: ResourceStore
  readonly mesh: MeshConfig
  /** The control plane namespace (`-i`, default istio-system). */
  readonly istioNamespace: string
  /**
   * Whether the sources can say what exists of a kind: a cluster that serves it, or files that contain it.
   * Offline, files without any Service mean "Services unknown", not "no Services" (istioctl skips then too).
   */
  available(kind: KindRef): boolean
  /** Reports a finding; `field` points at the offending field of the message's resource, for its line. */
  report(message: Message, field?: FieldPath): void
}

/** One check over the configuration. Analyzers are pure: they read the context and report. */
export interface Analyzer {
  /** istioctl's name (`virtualservice.DestinationHostAnalyzer`), so `--analyzer` works the same. */
  readonly name: string
  readonly description: string
  /**
   * The kinds the analyzer reads. It runs only when at least one of them has objects, and the cluster
   * path LISTs only the kinds the selected analyzers name here.
   */
  readonly inputs: readonly KindRef[]
  /**
   * Kinds whose absence would make findings wrong (a missing Service list would make every host "not
   * found"): the analyzer is skipped unless all are available. Default: all of `inputs`, as istioctl does.
   */
  readonly requires?: readonly KindRef[]
  /** Not part of the default set (istioctl runs it elsewhere); runs only when named with --analyzer. */
  readonly optIn?: boolean
  analyze(ctx: AnalysisContext): void
}
