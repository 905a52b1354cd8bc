import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {generateManifest} from '../../src/lib/manifest/generate.js'
import type {ChartRenderer} from '../../src/lib/manifest/helm.js'
import {formatPerComponent} from '../../src/lib/manifest/output.js'
import {getPath, type Tree} from '../../src/lib/manifest/values.js'

/**
 * A manifests dir whose "templates" are plain YAML with three placeholders, and a renderer that fills them in:
 * this exercises everything around the template engine (enablement, namespaces, values per component,
 * post-processing, NOTES warnings, crds/, addons, ordering) without depending on it.
 */
function fixture(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'meshctl-generate-'))
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(d, rel)), {recursive: true})
    writeFileSync(path.join(d, rel), text)
  }
  put(
    'profiles/default.yaml',
    `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {namespace: istio-system}
spec:
  components:
    base: {enabled: true}
    pilot: {enabled: true}
    ingressGateways: [{name: istio-ingressgateway, enabled: true}]
    egressGateways: [{name: istio-egressgateway, enabled: false}]
  values:
    global: {istioNamespace: istio-system}
`,
  )
  put(
    'profiles/demo.yaml',
    'spec:\n  components:\n    egressGateways: [{name: istio-egressgateway, enabled: true}]\n',
  )
  put('charts/base/Chart.yaml', 'name: base\n')
  put(
    'charts/base/templates/sa.yaml',
    'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: istio-reader-service-account, namespace: "{{ns}}"}\n',
  )
  put('charts/base/templates/NOTES.txt', 'Hello\nWARNING: base says hi\n')
  put(
    'charts/base/crds/b.yaml',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: b.example.io}\n',
  )
  put(
    'charts/base/crds/a.yaml',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.example.io}\n',
  )
  put(
    'charts/istio-control/istio-discovery/templates/deployment.yaml',
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: "{{ns}}"}
spec:
  template:
    spec:
      containers:
      - name: discovery
        image: "{{hub}}/pilot"
---
# an empty document and a comment-only one are dropped
---
apiVersion: v1
kind: Service
metadata: {name: istiod, namespace: "{{ns}}"}
`,
  )
  for (const gw of ['ingress', 'egress'])
    put(
      `charts/gateways/istio-${gw}/templates/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "{{name}}", namespace: "{{ns}}"}\nspec: {}\n`,
    )
  put(
    'addons/kiali.yaml',
    'apiVersion: v1\nkind: Service\nmetadata: {name: kiali, namespace: istio-system}\n',
  )
  put(
    'addons/grafana.yaml',
    'apiVersion: v1\nkind: Service\nmetadata: {name: grafana, namespace: istio-system}\n',
  )
  return d
}

const renderer: ChartRenderer = (chartDir, values, opts) => {
  const out = new Map<string, string>()
  const dir = path.join(chartDir, 'templates')
  const gw = (getPath(values, 'gateways.istio-ingressgateway.name') ??
    getPath(values, 'gateways.istio-egressgateway.name')) as string
  for (const f of readdirSync(dir)) {
    out.set(
      `chart/templates/${f}`,
      readFileSync(path.join(dir, f), 'utf8')
        .replaceAll('{{ns}}', opts.namespace)
        .replaceAll('{{hub}}', String(getPath(values, 'pilot.hub') ?? getPath(values, 'global.hub')))
        .replaceAll('{{name}}', gw ?? ''),
    )
  }
  return out
}

const ids = (objects: Array<{component: string; object: Tree}>) =>
  objects.map(
    (o) =>
      `${o.component} ${String(o.object.kind)} ${String(getPath(o.object, 'metadata.namespace') ?? '-')}/${String(getPath(o.object, 'metadata.name'))}`,
  )

describe('manifest generate pipeline (with a stand-in chart renderer)', () => {
  const dir = fixture()

  it('renders enabled components in their namespaces, in meshctl’s order, with crds/ and NOTES warnings', async () => {
    const r = await generateManifest({manifestsDir: dir, renderer})
    expect(ids(r.objects)).to.deep.equal([
      'Base CustomResourceDefinition -/a.example.io',
      'Base CustomResourceDefinition -/b.example.io',
      'Base ServiceAccount istio-system/istio-reader-service-account',
      'Pilot Deployment istio-system/istiod',
      'Pilot Service istio-system/istiod',
      'IngressGateways Deployment istio-system/istio-ingressgateway',
    ])
    expect(r.warnings).to.deep.equal(['base says hi'])
    expect(getPath(r.objects[3]!.object, 'spec.template.spec.containers[0].image')).to.equal(
      'docker.io/istio/pilot',
    )
  })

  it('demo adds the egress gateway and the available addons; one can be switched off', async () => {
    const r = await generateManifest({
      manifestsDir: dir,
      renderer,
      sets: ['profile=demo', 'addonComponents.grafana.enabled=false'],
    })
    expect(ids(r.objects).filter((l) => /gateway|kiali|grafana/.test(l))).to.deep.equal([
      'IngressGateways Deployment istio-system/istio-ingressgateway',
      'EgressGateways Deployment istio-system/istio-egressgateway',
      'addon-kiali Service istio-system/kiali',
    ])
    expect([...formatPerComponent(r.objects).keys()]).to.deep.equal([
      'Base.yaml',
      'Pilot.yaml',
      'IngressGateways.yaml',
      'EgressGateways.yaml',
      'addon-kiali.yaml',
    ])
  })

  it('asking for an addon that has no manifest is an error; other profiles can enable addons by --set', async () => {
    const r = await generateManifest({
      manifestsDir: dir,
      renderer,
      sets: ['addonComponents.kiali.enabled=true'],
    })
    expect(ids(r.objects)).to.include('addon-kiali Service istio-system/kiali')
    let err: Error | undefined
    await generateManifest({
      manifestsDir: dir,
      renderer,
      sets: ['addonComponents.jaeger.enabled=true'],
    }).catch((e: Error) => (err = e))
    expect(err?.message).to.match(/^addon jaeger is not available: .*jaeger.yaml does not exist$/)
  })

  it('honours component namespaces, hub overrides, k8s patches and disabling', async () => {
    const r = await generateManifest({
      manifestsDir: dir,
      renderer,
      sets: [
        'components.pilot.namespace=control',
        'components.pilot.hub=quay.io/mine',
        'components.pilot.k8s.replicaCount=2',
        'components.ingressGateways[0].name=my-gw',
        'components.ingressGateways[0].namespace=edge',
        'components.base.enabled=false',
      ],
    })
    expect(ids(r.objects)).to.deep.equal([
      'Pilot Deployment control/istiod',
      'Pilot Service control/istiod',
      'IngressGateways Deployment edge/my-gw',
    ])
    expect(getPath(r.objects[0]!.object, 'spec.replicas')).to.equal(2)
    expect(getPath(r.objects[0]!.object, 'spec.template.spec.containers[0].image')).to.equal(
      'quay.io/mine/pilot',
    )
  })
})

describe('manifest addons: which addons a profile turns on', () => {
  it('reads <manifests>/addons/addons.yaml when present (list or name → bool map), else demo gets all', async () => {
    const {profileAddons} = await import('../../src/lib/manifest/addons.js')
    const d = mkdtempSync(path.join(os.tmpdir(), 'meshctl-addons-'))
    expect(profileAddons(d, 'demo')).to.deep.equal(['prometheus', 'grafana', 'jaeger', 'kiali'])
    expect(profileAddons(d, 'default')).to.deep.equal([])
    mkdirSync(path.join(d, 'addons'))
    writeFileSync(
      path.join(d, 'addons', 'addons.yaml'),
      'profiles:\n  demo: [kiali, prometheus]\n  minimal: {grafana: true, kiali: false}\n',
    )
    expect(profileAddons(d, 'demo')).to.deep.equal(['prometheus', 'kiali'])
    expect(profileAddons(d, 'minimal')).to.deep.equal(['grafana'])
    expect(profileAddons(d, 'default')).to.deep.equal([])
  })
})
