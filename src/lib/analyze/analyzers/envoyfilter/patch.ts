import type {EnvoyConfigObjectPatch, EnvoyFilterSpec} from '../../../api/index.js'
import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newEnvoyFilterUsesAddOperationIncorrectly,
  newEnvoyFilterUsesRelativeOperation,
  newEnvoyFilterUsesRelativeOperationWithProxyVersion,
  newEnvoyFilterUsesRemoveOperationIncorrectly,
  newEnvoyFilterUsesReplaceOperationIncorrectly,
} from '../../messages.gen.js'
import type {Message} from '../../message.js'
import {specOf} from '../../resource.js'
import {isObject} from '../../../json.js'

/** Targets where Envoy ignores ADD and REMOVE. */
const ROUTE_TARGETS = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE'])
/** The only targets REPLACE works on. */
const REPLACE_TARGETS = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST'])
/** Operations placed relative to other filters, so their outcome depends on the order filters apply in. */
const RELATIVE = new Set(['INSERT_BEFORE', 'INSERT_AFTER', 'REMOVE', 'REPLACE'])

/**
 * The filter a patch is about, to spot filters that other patches pin to a proxy version: the patch
 * value's `name`, else the name of the listener filter it matches. '' when neither is given (like
 * istioctl, such patches all count as one filter). istioctl keys a value's name by its typed form, so it
 * never equals a listener filter's plain name: the NUL prefix keeps that.
 */
function filterName(p: EnvoyConfigObjectPatch): string {
  const value = p.patch?.value
  if (!isObject(value)) return ''
  if (value.name !== undefined) return `\0${JSON.stringify(value.name)}`
  return p.match?.listener?.filterChain?.filter?.name ?? ''
}

/** What a patch's operation and target amount to: a misuse, a relative operation, or neither. */
function classify(p: EnvoyConfigObjectPatch): 'add' | 'remove' | 'replace' | 'relative' | undefined {
  const op = p.patch?.operation ?? ''
  const target = p.applyTo ?? ''
  if (op === 'ADD') return ROUTE_TARGETS.has(target) ? 'add' : undefined
  if (op === 'REMOVE' && ROUTE_TARGETS.has(target)) return 'remove'
  if (op === 'REPLACE' && !REPLACE_TARGETS.has(target)) return 'replace'
  return RELATIVE.has(op) ? 'relative' : undefined
}

const MISUSE = {
  add: newEnvoyFilterUsesAddOperationIncorrectly,
  remove: newEnvoyFilterUsesRemoveOperationIncorrectly,
  replace: newEnvoyFilterUsesReplaceOperationIncorrectly,
}

/**
 * IST0153/IST0154 when a patch ADDs or REMOVEs on a route configuration or HTTP route (Envoy ignores it),
 * IST0152 when it REPLACEs anything but a network filter, HTTP filter or virtual host. A relative operation
 * (INSERT_BEFORE/AFTER, REMOVE, REPLACE) in an EnvoyFilter without priority gets IST0151, or IST0155 when
 * an earlier patch (of this filter or of one analysed before it) pinned the same filter name to a
 * proxyVersion. Filters are visited in the store's order; istioctl's order is unspecified.
 */
export const envoyPatchAnalyzer: Analyzer = {
  name: 'envoyfilter.EnvoyPatchAnalyzer',
  // istioctl's text, trailing space included
  description: 'Checks an envoyFilters ',
  inputs: [K.EnvoyFilter],
  analyze(ctx) {
    const pinned = new Set<string>()
    for (const ef of ctx.store.list(K.EnvoyFilter)) {
      const spec = specOf<EnvoyFilterSpec>(ef)
      const patches = Array.isArray(spec.configPatches) ? spec.configPatches : []
      // istioctl prints each code once per filter: its messages all carry the filter's first line (the
      // patch.value line it looks up is a map, never in its map of scalar lines) and are de-duplicated
      const reported = new Set<string>()
      const report = (m: Message, _patch: number) => {
        if (reported.has(m.type.code)) return
        reported.add(m.type.code)
        ctx.report(m)
      }
      for (const [i, p] of patches.entries()) {
        // istioctl stops at the first patch without a patch section
        if (!isObject(p) || !isObject(p.patch)) break
        const name = filterName(p)
        const kind = classify(p)
        if (kind === 'relative') {
          // a priority orders the filter explicitly, so the relative operation is safe
          if (!spec.priority)
            report(
              pinned.has(name)
                ? newEnvoyFilterUsesRelativeOperationWithProxyVersion(ef)
                : newEnvoyFilterUsesRelativeOperation(ef),
              i,
            )
        } else if (kind) report(MISUSE[kind](ef), i)
        if (p.match?.proxy?.proxyVersion) pinned.add(name)
      }
    }
  },
}
