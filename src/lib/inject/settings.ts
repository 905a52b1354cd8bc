/**
 * Injection settings from rendered charts: the istio-sidecar-injector and istio ConfigMaps that
 * `meshctl manifest generate` produces for a set of IstioOperator inputs.
 * @module
 */
import {generateManifest, type InputFile} from '../manifest/index.js'
import {configMapData, ConfigError, parseInjectorConfig, parseMeshConfig, parseValues} from './config.js'
import type {InjectSettings} from './inject.js'

export interface RenderedConfig {
  /** The ConfigMaps' texts, as `kubectl get cm -o jsonpath` would give them. */
  injectConfig: string
  values: string
  mesh: string
}

/** Renders the charts and returns the injector's config, values and the mesh config texts. */
export async function renderInjectionConfig(opts: {
  sets?: string[]
  files?: InputFile[]
  revision?: string
  hubTag?: {hub: string; tag: string} | null
}): Promise<RenderedConfig> {
  const {objects} = await generateManifest({
    sets: opts.sets ?? [],
    files: opts.files ?? [],
    revision: opts.revision,
    hubTag: opts.hubTag,
  })
  const all = objects.map((o) => o.object as unknown)
  const suffix = opts.revision ? `-${opts.revision}` : ''
  const injector = configMapData(all, `istio-sidecar-injector${suffix}`)
  const mesh = configMapData(all, `istio${suffix}`)
  if (!injector || !mesh)
    throw new ConfigError('the charts rendered no istio-sidecar-injector/istio ConfigMap', 'charts')
  return {injectConfig: injector.config ?? '', values: injector.values ?? '{}', mesh: mesh.mesh ?? ''}
}

/** Parsed settings from config texts. */
export function settingsFrom(
  texts: RenderedConfig,
  opts: {revision?: string; nativeSidecars: boolean; sources?: Partial<Record<keyof RenderedConfig, string>>},
): InjectSettings {
  const src = opts.sources ?? {}
  return {
    config: parseInjectorConfig(texts.injectConfig, src.injectConfig ?? 'injection config'),
    values: parseValues(texts.values, src.values ?? 'values'),
    mesh: parseMeshConfig(texts.mesh, src.mesh ?? 'mesh config'),
    revision: opts.revision ?? '',
    nativeSidecars: opts.nativeSidecars,
  }
}
