import {parse} from 'yaml'
import type {AnalysisContext, Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {
  newDeprecatedAnnotation,
  newInvalidAnnotation,
  newMisplacedAnnotation,
  newUnknownAnnotation,
} from '../../messages.gen.js'
import {annotationsOf, labelsOf, type Resource} from '../../resource.js'
import {ANNOTATIONS_BY_NAME} from './catalog.js'
import {ANNOTATION_VALIDATORS, validateProxyConfig} from './validate.js'

/** The kinds whose annotations are checked. */
export const ANNOTATED_KINDS = [K.Namespace, K.Service, K.Pod, K.Deployment]

/** Annotations Istio itself writes, never reported. */
export const ALWAYS_IGNORED = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
])

/** Whether an annotation is in an Istio domain (`*istio.io/…`, or kubernetes.io/ingress.class). */
export function isIstioAnnotation(name: string): boolean {
  return name === 'kubernetes.io/ingress.class' || name.split('/')[0].endsWith('istio.io')
}

const DEPRECATION_EXTRA: Record<string, string> = {
  'sidecar.istio.io/inject': ' in favor of the "sidecar.istio.io/inject" label',
}

function check(ctx: AnalysisContext, r: Resource): void {
  for (const [ann, value] of Object.entries(annotationsOf(r))) {
    if (!isIstioAnnotation(ann) || ALWAYS_IGNORED.has(ann)) continue
    const path = ['metadata', 'annotations', ann]
    const def = ANNOTATIONS_BY_NAME.get(ann)
    if (!def) {
      ctx.report(newUnknownAnnotation(r, ann), path)
      continue
    }
    // The deprecated inject annotation is fine next to the label that replaces it.
    if (def.deprecated && !(ann === 'sidecar.istio.io/inject' && ann in labelsOf(r)))
      ctx.report(newDeprecatedAnnotation(r, ann, DEPRECATION_EXTRA[ann] ?? ''), path)
    if (def.resources.includes('Any')) continue
    if (!def.resources.includes(r.kind.kind)) {
      ctx.report(newMisplacedAnnotation(r, ann, def.resources.join(', ')), path)
      continue
    }
    const problem =
      ann === 'proxy.istio.io/config'
        ? validateProxyConfig(value, parse)
        : ANNOTATION_VALIDATORS[ann]?.(String(value))
    if (problem) ctx.report(newInvalidAnnotation(r, ann, problem), path)
  }
}

/**
 * IST0108 unknown, IST0135 deprecated, IST0107 misplaced and IST0125 invalid Istio annotations. It requires
 * all its inputs, as istioctl does: offline, files without Namespaces, Services and Pods (kinds istioctl
 * never reads from files) skip it, so a Deployment's annotations alone are not checked, as in istioctl.
 */
export const k8sAnnotationsAnalyzer: Analyzer = {
  name: 'annotations.K8sAnalyzer',
  description: 'Checks for misplaced and invalid Istio annotations in Kubernetes resources',
  inputs: ANNOTATED_KINDS,
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS) for (const r of ctx.store.list(kind)) check(ctx, r)
  },
}
