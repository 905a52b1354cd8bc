import type {MeshConfig} from '../../mesh.js'
import {specOf, type Resource} from '../../resource.js'

/** The parts of a Telemetry the telemetry analyzers read. */
export interface TelemetrySpec {
  selector?: {matchLabels?: Record<string, string>} | null
  accessLogging?: {providers?: {name?: string}[]; disabled?: boolean | null}[]
  tracing?: {providers?: {name?: string}[]}[]
}

export const telemetrySpec = (r: Resource): TelemetrySpec => specOf<TelemetrySpec>(r)

/** Names of the resources, sorted (the list the conflict messages print). */
export const sortedNames = (list: readonly Resource[]): string[] => list.map((r) => r.name).sort()

/** One `extensionProviders` entry of the mesh config: a name and one provider-type key. */
export type ExtensionProvider = {name?: string} & Record<string, unknown>

/** The mesh config's extension providers (those of the mesh config file or ConfigMap). */
export const extensionProviders = (mesh: MeshConfig): ExtensionProvider[] =>
  Array.isArray(mesh.extensionProviders) ? (mesh.extensionProviders as ExtensionProvider[]) : []
