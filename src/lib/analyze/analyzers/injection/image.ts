import type {Analyzer} from '../../analyzer.js'
import {K} from '../../kinds.js'
import {newPodsIstioProxyImageMismatchInNamespace} from '../../messages.gen.js'
import {annotationsOf, labelsOf, specOf, type Resource} from '../../resource.js'
import {pushTo} from '../../store.js'
import {parse} from 'yaml'
import {injectorConfigMapName} from './injection.js'
import {selectorMatches} from '../util.js'

interface Container {
  name?: string
  image?: string
}
interface ImageHolder {
  image?: {imageType?: string}
}

/** The proxy image an injector ConfigMap injects: `global.proxy.image` if it has a `/`, else hub/image:tag. */
export function injectorProxyImage(cm: Resource): string {
  try {
    const values = JSON.parse((cm.object.data as Record<string, string> | undefined)?.values ?? '') as {
      global?: {hub?: string; tag?: string | number; proxy?: {image?: string}}
    }
    const g = values.global ?? {}
    const image = g.proxy?.image ?? ''
    return image.includes('/') ? image : `${g.hub ?? ''}/${image}:${g.tag ?? ''}`
  } catch {
    return ''
  }
}

/**
 * The image variant (`distroless`…) a pod's proxy gets: mesh defaultConfig, then the root namespace's
 * ProxyConfig, the pod namespace's selector-less one, matching workload ones, then the pod's
 * `proxy.istio.io/config` annotation; `default` means none.
 */
function imageTypeResolver(ctx: Parameters<Analyzer['analyze']>[0]): (pod: Resource) => string {
  const typeOf = (h: ImageHolder | undefined) => h?.image?.imageType ?? ''
  let root = ''
  const byNamespace = new Map<string, string>()
  const workloads = new Map<string, {labels?: Record<string, string>; type: string}[]>()
  for (const pc of ctx.store.list(K.ProxyConfig)) {
    const spec = specOf<ImageHolder & {selector?: {matchLabels?: Record<string, string>}}>(pc)
    if (pc.namespace === ctx.mesh.rootNamespace) root = typeOf(spec)
    else if (!spec.selector) byNamespace.set(pc.namespace, typeOf(spec))
    else pushTo(workloads, pc.namespace, {labels: spec.selector.matchLabels, type: typeOf(spec)})
  }
  const meshDefault = typeOf(ctx.mesh.defaultConfig as ImageHolder | undefined)
  return (pod) => {
    let variant = meshDefault
    if (root) variant = root
    variant = byNamespace.get(pod.namespace) || variant
    for (const w of workloads.get(pod.namespace) ?? [])
      if (selectorMatches(w.labels, labelsOf(pod)) && w.type) variant = w.type
    const anno = annotationsOf(pod)['proxy.istio.io/config']
    if (anno !== undefined)
      try {
        variant = typeOf(parse(anno) as ImageHolder) || variant
      } catch {
        // an unparsable annotation leaves the variant as it was, as in istioctl
      }
    return variant === 'default' ? '' : variant
  }
}

/**
 * IST0158 on a namespace whose injected pods run a proxy image other than the one their injector
 * ConfigMap (by the namespace's revision) would inject now, with or without the image variant suffix.
 */
export const imageAnalyzer: Analyzer = {
  name: 'injection.ImageAnalyzer',
  description: 'Checks the image of auto-injection configured with the running proxies on pods',
  inputs: [K.Namespace, K.Pod, K.ConfigMap, K.MeshConfig, K.ProxyConfig],
  requires: [K.Namespace, K.Pod, K.ConfigMap],
  analyze(ctx) {
    const images = new Map<string, string>()
    for (const cm of ctx.store.list(K.ConfigMap))
      if (cm.name.startsWith('istio-sidecar-injector')) images.set(cm.name, injectorProxyImage(cm))
    if (images.size === 0) return

    const injected = new Map<string, string>()
    for (const ns of ctx.store.list(K.Namespace)) {
      const labels = labelsOf(ns)
      if ('istio.io/rev' in labels) injected.set(ns.name, labels['istio.io/rev'])
      else if (labels['istio-injection'] === 'enabled') injected.set(ns.name, 'default')
    }
    const imageType = imageTypeResolver(ctx)
    const mismatched = new Map<string, string[]>()
    for (const pod of ctx.store.list(K.Pod)) {
      const rev = injected.get(pod.namespace)
      if (rev === undefined || annotationsOf(pod)['sidecar.istio.io/proxyImage']) continue
      const expected = images.get(injectorConfigMapName(rev))
      if (expected === undefined) continue
      const spec = specOf<{containers?: Container[]; initContainers?: Container[]}>(pod)
      const variant = imageType(pod)
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
        if (c.name === 'istio-proxy' && c.image !== expected && c.image !== `${expected}-${variant}`)
          pushTo(mismatched, pod.namespace, pod.name)
    }
    for (const [ns, pods] of mismatched)
      ctx.report(newPodsIstioProxyImageMismatchInNamespace(ctx.store.get(K.Namespace, '', ns), pods.sort()))
  },
}
