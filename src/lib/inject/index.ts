/**
 * Sidecar injection as istiod does it, on meshctl's template engine.
 *
 * ```ts
 * const settings = settingsFrom(await renderInjectionConfig({sets: ['profile=default']}), {nativeSidecars: true})
 * const out = injectStream(settings, text, 'app.yaml', {warn: console.error})
 * ```
 * @module
 */
export {ConfigError, parseInjectorConfig, parseMeshConfig, parseValues, configMapData} from './config.js'
export {
  InjectionError,
  injectPod,
  injectRequired,
  annotationProblems,
  type InjectSettings,
  type Pod,
} from './inject.js'
export {
  injectObject,
  isInjectableKind,
  deployMetaFromPod,
  type InjectOptions,
  type Outcome,
} from './workload.js'
export {renderInjectionConfig, settingsFrom, type RenderedConfig} from './settings.js'
