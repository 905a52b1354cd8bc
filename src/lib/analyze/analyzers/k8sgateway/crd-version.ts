import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newGatewayAPICRDVersionBelowMinimum} from '../../messages.gen.js'
import {annotationsOf} from '../../resource.js'

/** The oldest Gateway API bundle version Istio 1.30 processes each CRD at (older ones are ignored). */
const MINIMUM_VERSIONS: Readonly<Record<string, readonly [number, number, number]>> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
}

const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version'

// Lenient semver as the Gateway API tooling reads it: optional `v`, minor and patch optional.
const SEMVER =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/

/** A bundle version's numbers and its canonical text (`1.4.0-rc.1`), or undefined when it is not semver. */
export function parseBundleVersion(
  text: string,
): {numbers: [number, number, number]; canonical: string} | undefined {
  const m = SEMVER.exec(text)
  if (!m) return undefined
  const pre = m[4]
  // numeric pre-release identifiers may not have leading zeros
  if (pre?.split('.').some((p) => /^0\d+$/.test(p))) return undefined
  const numbers: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)]
  const canonical = numbers.join('.') + (pre ? `-${pre}` : '') + (m[5] ? `+${m[5]}` : '')
  return {numbers, canonical}
}

const below = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i]
  return false
}

/**
 * IST0176 when a Gateway API CRD's bundle version is older than the minimum Istio requires; a release
 * candidate of the minimum counts as the minimum. CRDs without a (valid) bundle version are not judged.
 */
export const crdVersionAnalyzer: Analyzer = {
  name: 'k8sgateway.CRDVersionAnalyzer',
  description: 'Checks Gateway API CRDs are at the minimum version required by this Istio version',
  inputs: [K.CustomResourceDefinition],
  analyze(ctx) {
    for (const crd of ctx.store.list(K.CustomResourceDefinition)) {
      const minimum = MINIMUM_VERSIONS[crd.name]
      const annotation = annotationsOf(crd)[BUNDLE_VERSION]
      if (!minimum || annotation === undefined) continue
      const installed = parseBundleVersion(String(annotation))
      if (installed && below(installed.numbers, minimum))
        ctx.report(newGatewayAPICRDVersionBelowMinimum(crd, crd.name, installed.canonical, minimum.join('.')))
    }
  },
}
