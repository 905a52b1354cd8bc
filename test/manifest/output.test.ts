import {expect} from 'chai'
import {
  componentFileName,
  formatManifest,
  formatPerComponent,
  groupOf,
  kindRank,
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

  it('ranks kinds as istioctl’s objectKindOrdering does, by API group and kind', () => {
    const rank = (apiVersion: string, kind: string) => kindRank({apiVersion, kind})
    const table: Array<[string, string, number]> = [
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', -1000],
      ['v1', 'ServiceAccount', 1],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 1],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 2],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 3],
      ['v1', 'ConfigMap', 100],
      // istioctl's "/Secrets" never matches a kind: a Secret ranks with the rest
      ['v1', 'Secret', 1000],
      ['apps/v1', 'Deployment', 1000],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', 1001],
      ['v1', 'Service', 10000],
      // the group counts: the same kind in another group is ranked as any other object
      ['example.io/v1', 'CustomResourceDefinition', 1000],
      ['example.io/v1', 'ServiceAccount', 1000],
      ['example.io/v1', 'ClusterRole', 1000],
      ['example.io/v1', 'ClusterRoleBinding', 1000],
      ['example.io/v1', 'ValidatingWebhookConfiguration', 1000],
      ['example.io/v1', 'ConfigMap', 1000],
      ['example.io/v1', 'HorizontalPodAutoscaler', 1000],
      ['serving.knative.dev/v1', 'Service', 1000],
      ['rbac.authorization.k8s.io/v1', 'Role', 1000],
    ]
    expect(table.map(([a, k]) => `${a} ${k} ${rank(a, k)}`)).to.deep.equal(
      table.map(([a, k, r]) => `${a} ${k} ${r}`),
    )
    expect(kindRank({})).to.equal(1000)
    expect(groupOf({apiVersion: 'apps/v1'})).to.equal('apps')
    expect(groupOf({apiVersion: 'v1'})).to.equal('')
    expect(groupOf({})).to.equal('')
  })

  it('breaks ties by group, kind, name, namespace, then input order; components order namespaced objects only', () => {
    const input = [
      obj('B', 'v1', 'ConfigMap', 'b', 'ns2'),
      obj('A', 'example.io/v1', 'Thing', 'a', 'ns'),
      obj('A', 'v1', 'ConfigMap', 'b', 'ns1'),
      obj('A', 'v1', 'ConfigMap', 'a', 'ns'),
      obj('Z', 'v1', 'Pod', 'p', 'ns'),
      obj('A', 'v1', 'Pod', 'p', 'ns'),
      obj('B', 'example.io/v1', 'Alpha', 'a', 'ns'),
      // cluster-scoped: ordered by rank, group, kind and name, whatever their component
      obj('B', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'b'),
      obj('A', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'c'),
      obj('B', 'v1', 'PersistentVolume', 'pv'),
      obj('A', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'm'),
      obj('B', 'scheduling.k8s.io/v1', 'PriorityClass', 'pc'),
      // two objects equal in every key keep their input order
      obj('A', 'v1', 'Pod', 'p', 'ns'),
    ]
    input[12]!.object.marker = 'second'
    const order = orderObjects(input, ['A', 'B']).map(
      (r) =>
        `${r.component} ${String(r.object.apiVersion)} ${String(r.object.kind)} ${JSON.stringify(r.object.metadata)}${r.object.marker ? ' 2nd' : ''}`,
    )
    expect(order).to.deep.equal([
      'B rbac.authorization.k8s.io/v1 ClusterRole {"name":"b"}',
      'A rbac.authorization.k8s.io/v1 ClusterRole {"name":"c"}',
      'B v1 PersistentVolume {"name":"pv"}',
      'A admissionregistration.k8s.io/v1 MutatingWebhookConfiguration {"name":"m"}',
      'B scheduling.k8s.io/v1 PriorityClass {"name":"pc"}',
      'A v1 ConfigMap {"name":"a","namespace":"ns"}',
      'A v1 ConfigMap {"name":"b","namespace":"ns1"}',
      'A v1 Pod {"name":"p","namespace":"ns"}',
      'A v1 Pod {"name":"p","namespace":"ns"} 2nd',
      'A example.io/v1 Thing {"name":"a","namespace":"ns"}',
      'B v1 ConfigMap {"name":"b","namespace":"ns2"}',
      'B example.io/v1 Alpha {"name":"a","namespace":"ns"}',
      // a component not in the order comes last
      'Z v1 Pod {"name":"p","namespace":"ns"}',
    ])
    // the same name in two namespaces: by namespace
    const two = orderObjects([obj('A', 'v1', 'Pod', 'p', 'z'), obj('A', 'v1', 'Pod', 'p', 'a')], ['A'])
    expect(two.map((r) => (r.object.metadata as {namespace: string}).namespace)).to.deep.equal(['a', 'z'])
  })

  it('-o DIR: one file per component, characters outside [A-Za-z0-9_.-] replaced, documents in stream order', () => {
    expect(componentFileName('addon-kiali')).to.equal('addon-kiali.yaml')
    expect(componentFileName('a/b c:d_e.f')).to.equal('a_b_c_d_e.f.yaml')
    const files = formatPerComponent([
      obj('Pilot', 'v1', 'ConfigMap', 'x', 'ns'),
      obj('Base', 'v1', 'ServiceAccount', 's', 'ns'),
      obj('Pilot', 'v1', 'Service', 'svc', 'ns'),
    ])
    expect(Object.fromEntries(files)).to.deep.equal({
      'Pilot.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ns\n\n---\n' +
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: ns\n\n---\n',
      'Base.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  namespace: ns\n\n---\n',
    })
  })
})
