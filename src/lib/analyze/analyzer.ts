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
  /** The control plane revision analysed (`--revision`, default `default`). */
  readonly revision: string
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
  /** Not part of the default set (istioctl runs it elsewhere); runs only when named with --analyzer. */
  readonly optIn?: boolean
  analyze(ctx: AnalysisContext): void
}
