// Compiling meshctl's schemas with ajv: the schemas as ajv runs them and the ajv instance that compiles them.
// The CLI does not load this module: its validators are generated at build time (precompile.ts).
import {Ajv, Name, _, type ValidateFunction} from 'ajv'
import type {KindInfo} from './kinds.js'
import {STATUS_SCHEMA} from './kinds.js'
import type {JSONSchemaProps} from './schema.js'
import {FORMATS, KEYWORDS, deprecations} from './schema-keywords.js'

/**
 * The ajv instance that compiles meshctl's schemas. With `source`, it keeps each validator's code so that
 * precompile.ts can write it out as a module: formats and keywords are then referred to as `formats.NAME`
 * and `keywords.NAME`, the names under which that module imports them from schema-keywords.ts.
 */
export function createAjv(source = false): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    inlineRefs: false, // shared definitions stay one compiled function each
    // ajv's optimising pass over generated code costs more than it saves: each validator runs a few
    // thousand times per command at most, and compiling is a third of `analyze` on a big input
    code: source ? {optimize: false, source: true, esm: true, formats: _`formats`} : {optimize: false},
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  })
  for (const k of [
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-int-or-string',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    // CEL rules: not run by ajv; semantic.ts and checks.ts enforce the ones that matter
    'x-kubernetes-validations',
  ])
    ajv.addKeyword(k)
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format)
  // ajv looks a keyword's function up in its scope by identity: named there first, it is written as that code
  if (source)
    for (const name of Object.keys(KEYWORDS) as Array<keyof typeof KEYWORDS>)
      ajv.scope.value('keyword', {ref: KEYWORDS[name], code: _`keywords.${new Name(name)}`})
  ajv.addKeyword({keyword: 'x-meshctl-checks', errors: true, validate: KEYWORDS.checks})
  ajv.addKeyword({keyword: 'x-meshctl-deprecated', validate: KEYWORDS.deprecated})
  return ajv
}

/**
 * The schema ajv runs: objects closed to unknown fields unless they preserve them. An object schema used in
 * several places (a shared message such as TrafficPolicy or StringMatch) becomes one definition, so ajv
 * compiles it once.
 */
function closed(root: JSONSchemaProps): JSONSchemaProps {
  const uses = new Map<JSONSchemaProps, number>()
  const children = (s: JSONSchemaProps) =>
    [...Object.values(s.properties ?? {}), s.items, s.additionalProperties].filter(
      (c): c is JSONSchemaProps => !!c,
    )
  const count = (s: JSONSchemaProps): void => {
    uses.set(s, (uses.get(s) ?? 0) + 1)
    if (uses.get(s) === 1) children(s).forEach(count)
  }
  count(root)
  const definitions: Record<string, JSONSchemaProps> = {}
  const names = new Map<JSONSchemaProps, string>()
  const convert = (s: JSONSchemaProps): JSONSchemaProps => {
    if (s === root || !s.properties || (uses.get(s) ?? 0) < 2) return close(s)
    let name = names.get(s)
    if (!name) {
      name = `m${names.size}`
      names.set(s, name)
      definitions[name] = close(s)
    }
    return {$ref: `#/definitions/${name}`} as JSONSchemaProps
  }
  const close = (s: JSONSchemaProps): JSONSchemaProps => {
    const out: JSONSchemaProps = {...s}
    if (s.properties) {
      out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, convert(v)]))
      if (!s['x-kubernetes-preserve-unknown-fields'] && !s.additionalProperties)
        (out as Record<string, unknown>).additionalProperties = false
    }
    if (s.items) out.items = convert(s.items)
    if (s.additionalProperties) out.additionalProperties = convert(s.additionalProperties)
    return out
  }
  const out = convert(root)
  return names.size ? ({...out, definitions} as JSONSchemaProps) : out
}

const metadataSchema: JSONSchemaProps = {
  type: 'object',
  properties: {
    name: {type: 'string'},
    namespace: {type: 'string'},
    labels: {type: 'object', additionalProperties: {type: 'string'}},
    annotations: {type: 'object', additionalProperties: {type: 'string'}},
  },
  'x-kubernetes-preserve-unknown-fields': true,
}

/**
 * The schema a kind's validator is compiled from, that of a whole object: apiVersion, kind, metadata, spec,
 * status, nothing else.
 */
export function validatorSchema(k: KindInfo): JSONSchemaProps {
  return closed({
    type: 'object',
    properties: {
      apiVersion: {type: 'string'},
      kind: {type: 'string'},
      metadata: metadataSchema,
      spec: k.spec,
      status: STATUS_SCHEMA,
    },
    ...(k.specRequired ? {required: ['spec']} : {}),
  })
}

let ajv: Ajv | undefined

/**
 * Compiles any structural schema (ours or a CRD's openAPIV3Schema) the way validation runs it: objects closed
 * to unknown fields, CEL rules ignored. For cross-checks against other schema sets.
 */
export function compileStructural(schema: JSONSchemaProps): (data: unknown) => boolean {
  ajv ??= createAjv()
  const fn = ajv.compile(closed(schema))
  return (data) => {
    deprecations.length = 0
    return fn(data) as boolean
  }
}

/** Compiles the ajv validator of a whole object of the kind. */
export function compileKind(k: KindInfo): ValidateFunction {
  ajv ??= createAjv()
  return ajv.compile(validatorSchema(k))
}
