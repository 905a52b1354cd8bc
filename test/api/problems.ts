/**
 * Shared by the rule tables (rules-*.test.ts, required.test.ts): Istio objects to validate, and what the
 * validation model says of them.
 */
import {expect} from 'chai'
import {formatPath, validateObject} from '../../src/lib/api/index.js'

const API: Record<string, string> = {
  AuthorizationPolicy: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
  EnvoyFilter: 'networking.istio.io/v1alpha3',
  PeerAuthentication: 'security.istio.io/v1',
  Telemetry: 'telemetry.istio.io/v1',
  WasmPlugin: 'extensions.istio.io/v1alpha1',
  TrafficExtension: 'extensions.istio.io/v1alpha1',
}

/** An object `ns/x` of `kind` (networking.istio.io/v1 unless the kind belongs elsewhere) with this spec. */
export const obj = (kind: string, spec: unknown) => ({
  apiVersion: API[kind] ?? 'networking.istio.io/v1',
  kind,
  metadata: {name: 'x', namespace: 'ns'},
  spec,
})

/** Every error (E) and warning (W) of an object, as `E path: message`. */
export function problems(o: Record<string, unknown>): string[] {
  const v = validateObject(o)
  return [
    ...v.errors.map((e) => `E ${formatPath(e.path)}: ${e.message}`),
    ...v.warnings.map((e) => `W ${formatPath(e.path)}: ${e.message}`),
  ]
}

/** A test that the object has exactly these problems. */
export const check = (name: string, o: Record<string, unknown>, want: string[]) =>
  it(name, () => expect(problems(o)).to.deep.equal(want))
