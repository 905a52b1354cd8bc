import {expect} from 'chai'
import {
  formatManifest,
  formatPerComponent,
  orderObjects,
  type RenderedObject,
} from '../../src/lib/manifest/output.js'

const obj = (
  component: string,
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): RenderedObject => ({
  component,
  object: {apiVersion, kind, metadata: namespace ? {name, namespace} : {name}},
})

describe('manifest output: ordering and documents', () => {
  it('orders CRDs, Namespaces, cluster-scoped objects, then namespaced objects by component and kind rank', () => {
    const input = [
      obj('Pilot', 'v1', 'Service', 'istiod', 'istio-system'),
      obj('IngressGateways', 'apps/v1', 'Deployment', 'istio-ingressgateway', 'istio-system'),
      obj('Pilot', 'apps/v1', 'Deployment', 'istiod', 'istio-system'),
      obj(
        'Pilot',
        'admissionregistration.k8s.io/v1',
        'MutatingWebhookConfiguration',
        'istio-sidecar-injector',
      ),
      obj('Base', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'b.istio.io'),
      obj('Base', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'a.istio.io'),
      obj('Pilot', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'istiod'),
      obj('addon-kiali', 'v1', 'Namespace', 'istio-system'),
      obj('Pilot', 'v1', 'ConfigMap', 'istio', 'istio-system'),
      obj('Pilot', 'v1', 'ServiceAccount', 'istiod', 'istio-system'),
      obj('Base', 'v1', 'ServiceAccount', 'istio-reader-service-account', 'istio-system'),
    ]
    const order = orderObjects(input, ['Base', 'Pilot', 'IngressGateways', 'addon-kiali']).map(
      (r) => `${r.component}/${String(r.object.kind)}/${(r.object.metadata as {name: string}).name}`,
    )
    expect(order).to.deep.equal([
      'Base/CustomResourceDefinition/a.istio.io',
      'Base/CustomResourceDefinition/b.istio.io',
      'addon-kiali/Namespace/istio-system',
      'Pilot/ClusterRole/istiod',
      'Pilot/MutatingWebhookConfiguration/istio-sidecar-injector',
      'Base/ServiceAccount/istio-reader-service-account',
      'Pilot/ServiceAccount/istiod',
      'Pilot/ConfigMap/istio',
      'Pilot/Deployment/istiod',
      'Pilot/Service/istiod',
      'IngressGateways/Deployment/istio-ingressgateway',
    ])
  })

  it('writes each object as istioctl does: sorted keys, a blank line, then ---', () => {
    const text = formatManifest([obj('Pilot', 'v1', 'ConfigMap', 'istio', 'istio-system')])
    expect(text).to.equal(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\n\n---\n',
    )
    const files = formatPerComponent([
      obj('Pilot', 'v1', 'ConfigMap', 'x', 'ns'),
      obj('addon-kiali', 'v1', 'Service', 'kiali', 'ns'),
    ])
    expect([...files.keys()]).to.deep.equal(['Pilot.yaml', 'addon-kiali.yaml'])
  })
})
