/**
 * Injection configuration as istiod and istioctl read it: the `config` and `values` keys of the
 * istio-sidecar-injector ConfigMap and the `mesh` key of the istio ConfigMap (or the same text in
 * files), parsed and checked. Problems are {@link ConfigError}s naming the source and line.
 * @module
 */
import {goYamlParse, parseTemplates, TemplateError, YamlError} from '../template/index.js'
import {injectionFuncs} from './funcs.js'
import type {InjectorConfig, LabelSelector} from './inject.js'
import {applyMeshConfig, type JsonMap} from './proto.js'

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

function parseYaml(text: string, source: string): unknown {
  try {
    return goYamlParse(text)
  } catch (e) {
    const line = e instanceof YamlError ? e.line : undefined
    throw new ConfigError((e as Error).message, source, line)
  }
}

/** Parses each template on its own (as istiod does); a syntax error names template:line:col. */
export function parseInjectionTemplates(raw: Record<string, string>, source: string) {
  const funcs = injectionFuncs()
  const templates = new Map<string, ReturnType<typeof parseTemplates>>()
  for (const [name, text] of Object.entries(raw)) {
    try {
      templates.set(name, parseTemplates([[name, String(text)]], {funcs}))
    } catch (e) {
      if (e instanceof TemplateError) throw new ConfigError(e.message, source)
      throw e
    }
  }
  return templates
}

/**
 * The injector config (`inject.UnmarshalConfig`). A file that is not a config with templates is taken
 * as a single `sidecar` template, as istioctl's --injectConfigFile does.
 */
export function parseInjectorConfig(text: string, source: string, allowBareTemplate = false): InjectorConfig {
  let doc: unknown
  try {
    doc = goYamlParse(text)
  } catch (e) {
    if (!allowBareTemplate)
      throw new ConfigError((e as Error).message, source, e instanceof YamlError ? e.line : undefined)
  }
  const raw = isMap(doc) && isMap(doc.templates) ? (doc.templates as Record<string, string>) : undefined
  if (!raw || Object.keys(raw).length === 0) {
    if (allowBareTemplate) return configWith({}, {sidecar: text}, source)
    if (doc !== null && doc !== undefined && !isMap(doc))
      throw new ConfigError('injection config is not a map', source)
  }
  return configWith(isMap(doc) ? doc : {}, raw ?? {}, source)
}

function configWith(doc: JsonMap, raw: Record<string, string>, source: string): InjectorConfig {
  const defaults = Array.isArray(doc.defaultTemplates) ? doc.defaultTemplates.map(String) : []
  return {
    policy: typeof doc.policy === 'string' ? doc.policy : '',
    defaultTemplates: defaults.length ? defaults : ['sidecar'],
    aliases: (isMap(doc.aliases) ? doc.aliases : {}) as Record<string, string[]>,
    neverInjectSelector: (Array.isArray(doc.neverInjectSelector)
      ? doc.neverInjectSelector
      : []) as LabelSelector[],
    alwaysInjectSelector: (Array.isArray(doc.alwaysInjectSelector)
      ? doc.alwaysInjectSelector
      : []) as LabelSelector[],
    injectedAnnotations: (isMap(doc.injectedAnnotations) ? doc.injectedAnnotations : {}) as Record<
      string,
      string
    >,
    templates: parseInjectionTemplates(raw, source),
  }
}

/** The injector values (JSON or YAML). */
export function parseValues(text: string, source: string): JsonMap {
  const v = parseYaml(text, source)
  if (v === null || v === undefined) return {}
  if (!isMap(v)) throw new ConfigError('values are not a map', source)
  return v
}

/** A mesh config document on istiod's defaults (mesh.ApplyMeshConfigDefaults). */
export function parseMeshConfig(text: string, source: string): JsonMap {
  const v = parseYaml(text, source)
  if (v !== null && v !== undefined && !isMap(v)) throw new ConfigError('mesh config is not a map', source)
  return applyMeshConfig(isMap(v) ? v : {})
}

/** The data of a ConfigMap object, or undefined. */
export function configMapData(objects: unknown[], name: string): Record<string, string> | undefined {
  for (const o of objects) {
    if (!isMap(o) || o.kind !== 'ConfigMap' || !isMap(o.metadata) || o.metadata.name !== name) continue
    return (isMap(o.data) ? o.data : {}) as Record<string, string>
  }
  return undefined
}
