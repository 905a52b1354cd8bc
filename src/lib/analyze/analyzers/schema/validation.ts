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

/**
 * `schema.ValidationAnalyzer.<Kind>`: IST0106 for each schema or semantic error of an Istio object (from
 * the API model's validateObject), IST0133 for each warning; for VirtualServices also IST0130/IST0131.
 */
function validationAnalyzer(info: KindInfo): Analyzer {
  const kind = kindRef(info)
  return {
    name: `schema.ValidationAnalyzer.${info.kind}`,
    description: `Runs schema validation as an analyzer on '${info.kind}' resources`,
    inputs: [kind],
    analyze(ctx) {
      for (const r of ctx.store.list(kind)) {
        const {errors, warnings} = validateObject(r.object, {
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
