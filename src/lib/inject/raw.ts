/**
 * Injection settings from their configuration texts: what the main thread resolved (files, ConfigMaps,
 * the default profile) is parsed again here by worker threads, which cannot be handed parsed templates.
 * @module
 */
import {inputError} from '../errors.js'
import {ConfigError, parseInjectorConfig, parseMeshConfig, parseValues} from './config.js'
import type {InjectSettings} from './inject.js'
import type {ProxyConfigResource} from './proxyconfig.js'

/** The configuration texts the settings were parsed from: a worker thread parses them again. */
export interface RawSettings {
  injectConfig: {text: string; source: string; file: boolean}
  values: {text: string; source: string}
  mesh: {text: string; source: string}
  revision: string
  nativeSidecars: boolean
  proxyConfigs?: ProxyConfigResource[]
}

/** Parses configuration texts into settings; a ConfigError becomes bad input naming source:line. */
export function settingsFromRaw(raw: RawSettings): InjectSettings {
  try {
    return {
      config: parseInjectorConfig(raw.injectConfig.text, raw.injectConfig.source, raw.injectConfig.file),
      values: parseValues(raw.values.text, raw.values.source),
      mesh: parseMeshConfig(raw.mesh.text, raw.mesh.source),
      revision: raw.revision,
      nativeSidecars: raw.nativeSidecars,
      ...(raw.proxyConfigs?.length ? {proxyConfigs: raw.proxyConfigs} : {}),
    }
  } catch (e) {
    if (e instanceof ConfigError) throw inputError(`${e.source}${e.line ? `:${e.line}` : ''}: ${e.message}`)
    throw e
  }
}
