import type {Analyzer} from '../../analyzer.js'
import {newAlphaAnnotation} from '../../messages.gen.js'
import {annotationsOf, specOf} from '../../resource.js'
import {ANNOTATIONS_BY_NAME} from './catalog.js'
import {ALWAYS_IGNORED, ANNOTATED_KINDS, isIstioAnnotation} from './k8s.js'

/** Annotations the CNI plugin sets by itself, not reported on pods that run without istio-init. */
const CNI_DEFAULTS = new Set([
  'sidecar.istio.io/interceptionMode',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
])

/**
 * IST0136 for annotations of alpha-phase features. istioctl runs this only in `x precheck`, so it is
 * opt-in here: `--analyzer annotations.AlphaAnalyzer`.
 */
export const alphaAnnotationsAnalyzer: Analyzer = {
  name: 'annotations.AlphaAnalyzer',
  description: 'Checks for alpha Istio annotations in Kubernetes resources',
  inputs: ANNOTATED_KINDS,
  requires: [],
  optIn: true,
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS)
      for (const r of ctx.store.list(kind)) {
        const cni =
          kind.kind === 'Pod' &&
          !(specOf<{initContainers?: {name?: string}[]}>(r).initContainers ?? []).some(
            (c) => c.name === 'istio-init',
          )
        for (const ann of Object.keys(annotationsOf(r))) {
          if (!isIstioAnnotation(ann) || ALWAYS_IGNORED.has(ann)) continue
          if (ANNOTATIONS_BY_NAME.get(ann)?.status !== 'Alpha') continue
          if (cni && CNI_DEFAULTS.has(ann)) continue
          ctx.report(newAlphaAnnotation(r, ann), ['metadata', 'annotations', ann])
        }
      }
  },
}
