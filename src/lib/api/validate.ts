// Schema validation of Istio objects (ajv over the generated schemas), then the semantic rules.
import type {ErrorObject, ValidateFunction} from 'ajv'
import {ISTIO_KINDS, isIstioGroup, kindInfo, type KindInfo} from './kinds.js'
import {kindValidator} from './precompiled.js'
import type {JSONSchemaProps} from './schema.js'
import {deprecations} from './schema-keywords.js'
import {semanticRules} from './semantic.js'
import {requiredMessage} from './required.js'
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

export {compileStructural} from './compile.js'

const compiled = new Map<KindInfo, ValidateFunction>()
function validatorFor(k: KindInfo): ValidateFunction {
  let fn = compiled.get(k)
  if (!fn) compiled.set(k, (fn = kindValidator(k)))
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

function toFieldError(e: ErrorObject, root: unknown, kind: string): FieldError | undefined {
  // Errors inside oneOf/anyOf branches are explained by the oneOf/anyOf error itself.
  if (/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)) return undefined
  const path = pointerToPath(e.instancePath, root)
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required': {
      const at = [...path, p.missingProperty as string]
      const message = requiredMessage(kind, at)
      return message === null ? undefined : {path: at, message: message ?? 'required field is missing'}
    }
    case 'minItems':
    case 'minLength': {
      // an empty list or string where one is required: istiod checks it as it checks the field missing
      const message = p.limit === 1 ? requiredMessage(kind, path) : undefined
      return message === null ? undefined : {path, message: message ?? e.message ?? e.keyword}
    }
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
  const errors = dedupe(raw.map((e) => toFieldError(e, obj, k.kind)).filter((e): e is FieldError => !!e))
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
  // istiod validates a config without spec as one with an empty spec, and reports what that lacks
  // (`service entry must have at least one host`), not the spec
  if (obj.spec === undefined && k.kind !== 'IstioOperator') obj.spec = {}
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
