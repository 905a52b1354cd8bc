import {
  ISTIO_KINDS,
  validateObject,
  type FieldPath,
  type KindInfo,
  type ValidateOptions,
  type ValidationResult,
} from '../../../api/index.js'
import type {Analyzer} from '../../analyzer.js'
import {newSchemaValidationError, newSchemaWarning} from '../../messages.gen.js'
import type {KindRef} from '../../resource.js'
import {unreachableRules} from '../virtualservice/unreachable-rules.js'

function kindRef(k: KindInfo): KindRef {
  return {
    group: k.group,
    version: k.versions.includes('v1') ? 'v1' : k.versions[0],
    kind: k.kind,
    namespaced: k.scope === 'Namespaced',
  }
}

/**
 * Warnings analyze reports as IST0133. Unreachable-rule warnings get their own codes (IST0130/IST0131,
 * below), and deprecated fields are the deprecation analyzer's (IST0002); istioctl reports neither here.
 */
const reported = (w: {message: string}) =>
  !/^virtualService rule .* not used/.test(w.message) && !/^deprecated field/.test(w.message)

const UNKNOWN_FIELD = /^unknown field "/

/**
 * A copy of a value without the field at a path (copied only along the path). The path is an unknown
 * field's, so it is never empty and leads through objects and lists that are there.
 */
function withoutField(value: unknown, path: FieldPath): unknown {
  const [head, ...rest] = path
  const copy = (Array.isArray(value) ? [...value] : {...(value as object)}) as Record<
    string | number,
    unknown
  >
  if (rest.length > 0) copy[head] = withoutField(copy[head], rest)
  else delete copy[head]
  return copy
}

/**
 * Validation as istioctl analyze does it. It reads files with a proto parser that drops unknown fields
 * (protomarshal.ApplyJSON retries allowing them), so it never reports them and validates what is left;
 * `validate` parses strictly and does report them. Objects without unknown fields are validated once.
 */
function validateAsRead(obj: Record<string, unknown>, opts: ValidateOptions): ValidationResult {
  const result = validateObject(obj, opts)
  const unknown = result.errors.filter((e) => UNKNOWN_FIELD.test(e.message))
  if (unknown.length === 0) return result
  const known = unknown.reduce<unknown>((o, e) => withoutField(o, e.path), obj)
  return validateObject(known as Record<string, unknown>, opts)
}

/**
 * `schema.ValidationAnalyzer.<Kind>`: IST0106 for each schema or semantic error of an Istio object (from
 * the API model's validateObject, unknown fields left out as istioctl does), IST0133 for each warning; for
 * VirtualServices also IST0130/IST0131.
 */
function validationAnalyzer(info: KindInfo): Analyzer {
  const kind = kindRef(info)
  return {
    name: `schema.ValidationAnalyzer.${info.kind}`,
    description: `Runs schema validation as an analyzer on '${info.kind}' resources`,
    inputs: [kind],
    analyze(ctx) {
      for (const r of ctx.store.list(kind)) {
        const {errors, warnings} = validateAsRead(r.object, {
          namespace: r.namespace,
          istioNamespace: ctx.istioNamespace,
        })
        // as istioctl prints them: the bare message at the resource's line (validate names the field)
        for (const e of errors) ctx.report(newSchemaValidationError(r, e.message))
        for (const w of warnings.filter(reported)) ctx.report(newSchemaWarning(r, w.message))
        if (info.kind === 'VirtualService')
          for (const u of unreachableRules(r)) ctx.report(u.message, u.field)
      }
    },
  }
}

/** One validation analyzer per Istio config kind (not IstioOperator, which is install input). */
export const schemaValidationAnalyzers: readonly Analyzer[] = ISTIO_KINDS.filter(
  (k) => k.group !== 'install.istio.io',
).map(validationAnalyzer)
