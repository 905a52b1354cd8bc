// Schema validation of Istio objects (ajv over the generated schemas), then the semantic rules.
import {Ajv, Name, _, type ErrorObject, type ValidateFunction} from 'ajv'
import {ISTIO_KINDS, STATUS_SCHEMA, isIstioGroup, kindInfo, type KindInfo} from './kinds.js'
import type {JSONSchemaProps} from './schema.js'
import {FORMATS, KEYWORDS, deprecations} from './schema-keywords.js'
import {PRECOMPILED} from './precompiled.js'
import {semanticRules} from './semantic.js'
import {validateKubernetesObject} from './kubernetes.js'

/** A path into an object: keys and list indexes. */
export type FieldPath = Array<string | number>

/** One problem with one field. */
export interface FieldError {
  path: FieldPath
  message: string
}

/** What validation found: errors make an object invalid; warnings (deprecations, likely mistakes) do not. */
export interface ValidationResult {
  errors: FieldError[]
  warnings: FieldError[]
  /** Advice that is not a problem (istioctl prints it too, e.g. Deployment labels). */
  infos?: FieldError[]
}

export interface ValidateOptions {
  /** Namespace assumed for objects without one (default `default`). */
  namespace?: string
  /** The Istio control-plane namespace (Service/Deployment checks skip it). Default `istio-system`. */
  istioNamespace?: string
}

/** Formats a field path as `spec.http[0].route[1].weight`. */
export function formatPath(path: FieldPath): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg
    else out += `[${JSON.stringify(seg)}]`
  }
  return out
}

// ---- ajv setup

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

/** The ajv schema of a whole object of a kind: apiVersion, kind, metadata, spec, status, nothing else. */
export function fullSchema(k: KindInfo): JSONSchemaProps {
  return closed({
    type: 'object',
    properties: {
      apiVersion: {type: 'string'},
      kind: {type: 'string'},
      metadata: metadataSchema,
      spec: k.spec,
      status: STATUS_SCHEMA,
    },
    required: k.specRequired ? ['spec'] : undefined,
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

/** The key of a kind's validator among the precompiled ones. */
export const validatorKey = (k: KindInfo): string => `${k.group}/${k.kind}`

/** The schema a kind's validator is compiled from. */
export function validatorSchema(k: KindInfo): JSONSchemaProps {
  const schema = fullSchema(k)
  if (!schema.required) delete schema.required
  return schema
}

const compiled = new Map<KindInfo, ValidateFunction>()
/** The kind's validator: generated at build time in the bundle (see precompile.ts), compiled here from src. */
function validatorFor(k: KindInfo): ValidateFunction {
  let fn = compiled.get(k)
  if (!fn) {
    fn = PRECOMPILED?.[validatorKey(k)] ?? (ajv ??= createAjv()).compile(validatorSchema(k))
    compiled.set(k, fn)
  }
  return fn
}

// ---- ajv errors to field errors

/** Turns a JSON pointer into a path, using the data to tell list indexes from map keys like "8080". */
function pointerToPath(pointer: string, root: unknown): FieldPath {
  if (!pointer) return []
  const path: FieldPath = []
  let node = root
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node)) {
      path.push(Number(seg))
      node = node[Number(seg)]
    } else {
      path.push(seg)
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined
    }
  }
  return path
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v

function toFieldError(e: ErrorObject, root: unknown): FieldError | undefined {
  // Errors inside oneOf/anyOf branches are explained by the oneOf/anyOf error itself.
  if (/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)) return undefined
  const path = pointerToPath(e.instancePath, root)
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return {path: [...path, p.missingProperty as string], message: 'required field is missing'}
    case 'additionalProperties':
      return {
        path: [...path, p.additionalProperty as string],
        message: `unknown field "${p.additionalProperty as string}"`,
      }
    case 'type':
      return {path, message: `must be ${String(p.type).replace(',null', '')}, not ${typeName(e.data)}`}
    case 'enum':
      return {
        path,
        message: `unknown value ${JSON.stringify(e.data)}, must be one of ${(p.allowedValues as string[]).join(', ')}`,
      }
    case 'oneOf': {
      const groups = (e.parentSchema?.oneOf as JSONSchemaProps[]).slice(1).map((b) => b.required![0])
      const set = groups.filter((f) => e.data && typeof e.data === 'object' && f in (e.data as object))
      return {path, message: `only one of ${groups.join(', ')} may be set (found ${set.join(', ')})`}
    }
    case 'anyOf':
      return {path, message: `must be an integer or a string, not ${typeName(e.data)}`}
    case 'format':
      return {path, message: `must be a valid ${p.format as string}`}
    default:
      return {path, message: e.message ?? e.keyword}
  }
}

const dedupe = (errs: FieldError[]): FieldError[] => {
  const seen = new Set<string>()
  return errs.filter((e) => {
    const key = formatPath(e.path) + '\0' + e.message
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Validates the whole object against the schema of its kind (unknown fields, types, enums, constraints). */
export function validateSchema(k: KindInfo, obj: Record<string, unknown>): ValidationResult {
  return schemaPass(k, obj).result
}

/** Keywords whose failure means the data is not of the declared shape (so typed code must not read it). */
const SHAPE_KEYWORDS = new Set(['type', 'anyOf'])

function schemaPass(
  k: KindInfo,
  obj: Record<string, unknown>,
): {result: ValidationResult; wellTyped: boolean; complete: boolean} {
  const fn = validatorFor(k)
  deprecations.length = 0
  fn(obj)
  const raw = fn.errors ?? []
  const errors = dedupe(raw.map((e) => toFieldError(e, obj)).filter((e): e is FieldError => !!e))
  const warnings = dedupe(
    deprecations.map((d) => ({
      path: pointerToPath(d.pointer, d.root),
      message: `deprecated field: ${d.note}`,
    })),
  )
  deprecations.length = 0
  // Unknown fields stop istiod before its rules run (the proto does not parse), so they stop ours too.
  const wellTyped = !raw.some((e) => SHAPE_KEYWORDS.has(e.keyword) || e.keyword === 'additionalProperties')
  // A missing required field does not stop istiod's rules (its proto parses; the rules check the field).
  const complete = !raw.some((e) => e.keyword === 'required')
  return {result: {errors, warnings}, wellTyped, complete}
}

/**
 * Validates one object the way istiod's webhook would (for Istio kinds: schema, then semantic rules) and
 * the way `istioctl validate` checks Kubernetes Services and Deployments. Objects of other kinds pass.
 * Never throws for bad data.
 */
export function validateObject(input: Record<string, unknown>, opts: ValidateOptions = {}): ValidationResult {
  const obj = dropNulls(input) as Record<string, unknown>
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : ''
  const kind = typeof obj.kind === 'string' ? obj.kind : ''
  if (!apiVersion || !kind) {
    const missing = ['apiVersion', 'kind'].filter((f) => !obj[f])
    return {errors: missing.map((f) => ({path: [f], message: 'required field is missing'})), warnings: []}
  }
  const k = kindInfo(apiVersion, kind)
  if (!k) {
    if (!isIstioGroup(apiVersion)) return validateKubernetesObject(obj, opts)
    const known = ISTIO_KINDS.find((x) => x.kind === kind && apiVersion.startsWith(x.group + '/'))
    const message = known
      ? `version not served: ${kind} is served as ${known.versions.map((v) => `${known.group}/${v}`).join(', ')}`
      : `unknown kind ${kind} in ${apiVersion}`
    return {errors: [{path: ['kind'], message}], warnings: []}
  }
  const {result, wellTyped, complete} = schemaPass(k, obj)
  // Semantic rules read typed fields: they run unless the object is not of the schema's shape.
  if (wellTyped) {
    const semantic = semanticRules(k.kind, obj, {namespace: opts.namespace ?? 'default', complete})
    result.errors.push(...semantic.errors)
    result.warnings.push(...semantic.warnings)
  }
  return {errors: dedupe(result.errors), warnings: dedupe(result.warnings)}
}

/**
 * The object without null map values: Kubernetes drops them from custom resources and istiod reads them as
 * unset, so `match: null` is the same as no match. Nulls inside lists stay (they are errors).
 */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls)
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === null ? [] : [[k, dropNulls(x)]])))
  return v
}
