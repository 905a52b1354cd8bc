import {formatPath, ISTIO_KINDS, validateObject, type KindInfo} from '../../../api/index.js'
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

type Schema = KindInfo['spec']

/**
 * A value without the fields its schema does not know; the value itself when it has none. istioctl analyze
 * reads files with a proto parser that drops unknown fields (protomarshal.ApplyJSON retries allowing them),
 * so it never reports them and validates what is left; `validate` parses strictly and does report them.
 */
function knownFields(value: unknown, schema: Schema): unknown {
  if (Array.isArray(value)) {
    const items = schema.items
    if (!items) return value
    const out = value.map((v) => knownFields(v, items))
    return out.some((v, i) => v !== value[i]) ? out : value
  }
  if (!value || typeof value !== 'object') return value
  const closed = !!schema.properties && !schema['x-kubernetes-preserve-unknown-fields']
  let changed = false
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    const child = schema.properties?.[key] ?? schema.additionalProperties
    if (!child && closed) {
      changed = true
      continue
    }
    out[key] = child ? knownFields(v, child) : v
    if (out[key] !== v) changed = true
  }
  return changed ? out : value
}

/** An object as istioctl analyze reads it: the top-level fields of a resource, its spec's known fields. */
function asRead(obj: Record<string, unknown>, info: KindInfo): Record<string, unknown> {
  return knownFields(obj, {
    type: 'object',
    properties: {apiVersion: {}, kind: {}, metadata: {}, spec: info.spec, status: {}},
  }) as Record<string, unknown>
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
        const {errors, warnings} = validateObject(asRead(r.object, info), {
          namespace: r.namespace,
          istioNamespace: ctx.istioNamespace,
        })
        for (const e of errors)
          ctx.report(newSchemaValidationError(r, `${formatPath(e.path)}: ${e.message}`), e.path)
        for (const w of warnings.filter(reported))
          ctx.report(newSchemaWarning(r, `${formatPath(w.path)}: ${w.message}`), w.path)
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
