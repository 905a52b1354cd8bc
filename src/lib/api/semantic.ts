// Semantic rules beyond the schema: what istiod's validating webhook (and the CRDs' CEL rules) reject.
// They run only on objects that passed the schema, so field types can be trusted. One file per kind in rules/.
import type {WorkloadEntrySpec} from './networking.js'
import type {ValidationResult} from './validate.js'
import {SPEC, error, type Ctx} from './rules/context.js'
import {virtualService} from './rules/virtualservice.js'
import {destinationRule} from './rules/destinationrule.js'
import {gateway} from './rules/gateway.js'
import {serviceEntry, workloadEntry, workloadGroup} from './rules/serviceentry.js'
import {sidecar} from './rules/sidecar.js'
import {envoyFilter} from './rules/envoyfilter.js'
import {
  authorizationPolicy,
  peerAuthentication,
  requestAuthentication,
  telemetry,
  trafficExtension,
  wasmPlugin,
} from './rules/policies.js'
import {istioOperator} from './rules/istiooperator.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RULES: Record<string, (spec: any, c: Ctx) => void> = {
  VirtualService: virtualService,
  DestinationRule: destinationRule,
  Gateway: gateway,
  ServiceEntry: serviceEntry,
  Sidecar: sidecar,
  WorkloadEntry: (spec: WorkloadEntrySpec, c) => workloadEntry(c, SPEC, spec, true),
  WorkloadGroup: workloadGroup,
  EnvoyFilter: envoyFilter,
  ProxyConfig: () => undefined,
  AuthorizationPolicy: authorizationPolicy,
  PeerAuthentication: peerAuthentication,
  RequestAuthentication: requestAuthentication,
  Telemetry: telemetry,
  WasmPlugin: wasmPlugin,
  TrafficExtension: trafficExtension,
  IstioOperator: istioOperator,
}

/**
 * The semantic rules of one kind, on an object of its schema's shape; never throws. `namespace` is where the
 * object lives (its own, or the default), which some rules (exportTo) depend on. `complete: false` says the
 * object misses required fields (already reported): the rules still run, as istiod's do, and a rule that
 * trips over a missing field stops quietly, keeping what was found before it.
 */
export function semanticRules(
  kind: string,
  obj: Record<string, unknown>,
  opts: {namespace: string; complete?: boolean},
): ValidationResult {
  const meta = (obj.metadata ?? {}) as {name?: string; namespace?: string; labels?: Record<string, string>}
  const c: Ctx = {
    namespace: meta.namespace || opts.namespace,
    labels: meta.labels ?? {},
    errors: [],
    warnings: [],
  }
  // The API server's rule for custom resource names: any path segment.
  // IstioOperator is an input file, not a cluster object: it may go without a name.
  if (!meta.name) {
    if (kind !== 'IstioOperator') error(c, ['metadata', 'name'], 'name is required')
  } else if (meta.name === '.' || meta.name === '..' || /[/%]/.test(meta.name))
    error(
      c,
      ['metadata', 'name'],
      `invalid name "${meta.name}": may not be "." or ".." nor contain "/" or "%"`,
    )
  try {
    RULES[kind]?.(obj.spec ?? {}, c)
  } catch (err) {
    // a rule that fails on odd data becomes one error on the object
    if (opts.complete !== false) error(c, [], `cannot check the rules of ${kind}: ${(err as Error).message}`)
  }
  return {errors: c.errors, warnings: c.warnings}
}
