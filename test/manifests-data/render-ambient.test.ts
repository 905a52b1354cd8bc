// Renders the istio-cni and ztunnel charts with Helm's own engine and checks the node agents.
import {expect} from 'chai'
import {COMPONENT_CHARTS, ids, profileValues, renderWithHelm, find, skipWithoutHelmOracle} from './layout.js'

/** ztunnel's values as istioctl passes them: `global`, the top-level scalars and `ztunnel.*`, flattened. */
function ztunnelValues(profile: string, ztunnel: Record<string, unknown> = {}): Record<string, unknown> {
  const all = profileValues(profile) as Record<string, any>
  const flat: Record<string, unknown> = {global: all.global}
  for (const [k, v] of Object.entries(all)) if (typeof v !== 'object' || v === null) flat[k] = v
  return {...flat, ...all.ztunnel, ...ztunnel}
}

describe('manifests: istio-cni and ztunnel charts (Helm engine)', function () {
  before(function () {
    skipWithoutHelmOracle(this)
  })

  it('istio-cni, ambient profile: the node agent with its ambient RBAC, config and host mounts', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.cni, profileValues('ambient'))
    expect(ids(objects)).to.deep.equal([
      'ClusterRole/istio-cni',
      'ClusterRole/istio-cni-ambient',
      'ClusterRole/istio-cni-repair-role',
      'ClusterRoleBinding/istio-cni',
      'ClusterRoleBinding/istio-cni-ambient',
      'ClusterRoleBinding/istio-cni-repair-rolebinding',
      'ConfigMap/istio-cni-config',
      'DaemonSet/istio-cni-node',
      'ServiceAccount/istio-cni',
    ])
    const config = find(objects, 'ConfigMap', 'istio-cni-config').data
    expect(config).to.include({
      AMBIENT_ENABLED: 'true',
      CHAINED_CNI_PLUGIN: 'true',
      EXCLUDE_NAMESPACES: 'kube-system',
    })
    const pod = find(objects, 'DaemonSet', 'istio-cni-node').spec.template.spec
    expect(pod.containers[0].image).to.equal('docker.io/istio/install-cni:1.30.3-distroless')
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).to.include.members([
      '/host/opt/cni/bin',
      '/host/etc/cni/net.d',
      '/var/run/istio-cni',
      '/host/var/run/netns',
      '/var/run/ztunnel',
    ])
    expect(pod.priorityClassName).to.equal('system-node-critical')
  })

  it('istio-cni without ambient: no ambient role, no netns or ztunnel mounts', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.cni, profileValues('default'))
    expect(ids(objects)).not.to.include('ClusterRole/istio-cni-ambient')
    const mounts = find(objects, 'DaemonSet', 'istio-cni-node').spec.template.spec.containers[0].volumeMounts
    expect(mounts.map((m: any) => m.name)).not.to.include('cni-ztunnel-sock-dir')
  })

  it('ztunnel, ambient profile: the per-node proxy, talking to istiod', () => {
    const {objects} = renderWithHelm(COMPONENT_CHARTS.ztunnel, ztunnelValues('ambient'))
    expect(ids(objects)).to.deep.equal(['DaemonSet/ztunnel', 'ServiceAccount/ztunnel'])
    const c = find(objects, 'DaemonSet', 'ztunnel').spec.template.spec.containers[0]
    // global.* reaches ztunnel's top-level hub/tag/variant.
    expect(c.image).to.equal('docker.io/istio/ztunnel:1.30.3-distroless')
    expect(c.args).to.deep.equal(['proxy', 'ztunnel'])
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]))
    expect(env).to.include({
      CA_ADDRESS: 'istiod.istio-system.svc:15012',
      XDS_ADDRESS: 'istiod.istio-system.svc:15012',
      INPOD_ENABLED: 'true',
      ISTIO_META_ENABLE_HBONE: 'true',
    })
    expect(c.securityContext.capabilities.add).to.deep.equal(['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'])
  })

  it("ztunnel: the user's own hub beats global.hub, and a revision renames nothing but points at istiod-<rev>", () => {
    const {objects} = renderWithHelm(
      COMPONENT_CHARTS.ztunnel,
      ztunnelValues('ambient', {hub: 'my.registry/istio', revision: 'canary'}),
    )
    const ds = find(objects, 'DaemonSet', 'ztunnel')
    expect(ds.metadata.annotations).to.deep.equal({'istio.io/rev': 'canary'})
    const c = ds.spec.template.spec.containers[0]
    expect(c.image).to.equal('my.registry/istio/ztunnel:1.30.3-distroless')
    expect(c.env.find((e: any) => e.name === 'CA_ADDRESS').value).to.equal(
      'istiod-canary.istio-system.svc:15012',
    )
  })

  it('ztunnel: every object but the ResourceQuota carries its annotations map, {} when empty (as Istio writes it)', () => {
    const annotations = (values: Record<string, unknown>) =>
      Object.fromEntries(
        renderWithHelm(COMPONENT_CHARTS.ztunnel, ztunnelValues('openshift-ambient', values)).objects.map(
          (o: any) => [`${o.kind}/${o.metadata.name}`, o.metadata.annotations],
        ),
      )
    expect(annotations({resourceQuotas: {enabled: true}})).to.deep.equal({
      'ClusterRole/ztunnel': {},
      'ClusterRoleBinding/ztunnel': {},
      'DaemonSet/ztunnel': {},
      'ResourceQuota/ztunnel': undefined,
      'ServiceAccount/ztunnel': {},
    })
    const set = {'istio.io/rev': 'canary', team: 'mesh'}
    expect(
      annotations({resourceQuotas: {enabled: true}, annotations: {team: 'mesh'}, revision: 'canary'}),
    ).to.deep.equal({
      'ClusterRole/ztunnel': set,
      'ClusterRoleBinding/ztunnel': set,
      'DaemonSet/ztunnel': set,
      'ResourceQuota/ztunnel': undefined,
      'ServiceAccount/ztunnel': set,
    })
  })
})
