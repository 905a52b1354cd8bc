// Structural facts of meshctl's observability addons (manifests/addons): the catalog, the
// labels that tell addon objects apart, and what `meshctl dashboard` relies on.
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'chai'
import {parse, parseAllDocuments} from 'yaml'
import {K8sObject, MANIFESTS, PROFILES} from './layout.js'

interface Addon {
  name: string
  dashboard: {selector: string; port: number; path: string}
}
const ADDONS = join(MANIFESTS, 'addons')
const addonsFile = () => parse(readFileSync(join(ADDONS, 'addons.yaml'), 'utf8'))
const catalog = (): Addon[] => addonsFile().addons
const objectsOf = (addon: Addon): K8sObject[] =>
  parseAllDocuments(readFileSync(join(ADDONS, `${addon.name}.yaml`), 'utf8')).map((d) => {
    expect(d.errors, addon.name).to.deep.equal([])
    return d.toJS() as K8sObject
  })
const CLUSTER_KINDS = ['ClusterRole', 'ClusterRoleBinding']

describe('manifests: observability addons', () => {
  it('the catalog lists kiali, prometheus, grafana and jaeger, all on in the demo profile', () => {
    const names = catalog().map((a) => a.name)
    expect([...names].sort()).to.deep.equal(['grafana', 'jaeger', 'kiali', 'prometheus'])
    for (const n of names) expect(existsSync(join(ADDONS, `${n}.yaml`)), `${n}.yaml`).to.equal(true)
    const {profiles} = addonsFile()
    expect([...profiles.demo].sort()).to.deep.equal([...names].sort())
    for (const [profile, enabled] of Object.entries(profiles)) {
      expect(PROFILES).to.include(profile)
      for (const n of enabled as string[]) expect(names).to.include(n)
    }
  })

  for (const addon of catalog()) {
    describe(addon.name, () => {
      it('every object is labelled as this meshctl addon and lives in istio-system', () => {
        for (const o of objectsOf(addon)) {
          expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).to.include({
            'meshctl.dev/addon': addon.name,
            'app.kubernetes.io/part-of': 'meshctl-addons',
          })
          if (CLUSTER_KINDS.includes(o.kind)) expect(o.metadata.namespace).to.equal(undefined)
          else expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).to.equal('istio-system')
        }
      })

      it('the dashboard selector finds a pod serving the dashboard port, without a sidecar', () => {
        const [key, value] = addon.dashboard.selector.split('=')
        const deployments = objectsOf(addon).filter((o) => o.kind === 'Deployment')
        const dep = deployments.find((d) => d.spec.template.metadata.labels[key] === value)
        expect(dep, `a Deployment whose pods match ${addon.dashboard.selector}`).not.to.equal(undefined)
        expect(dep!.spec.template.metadata.labels['sidecar.istio.io/inject']).to.equal('false')
        const ports = dep!.spec.template.spec.containers.flatMap((c: any) =>
          c.ports.map((p: any) => p.containerPort),
        )
        expect(ports).to.include(addon.dashboard.port)
        // The Deployment's selector picks its own pods.
        for (const [k, v] of Object.entries(dep!.spec.selector.matchLabels))
          expect(dep!.spec.template.metadata.labels[k]).to.equal(v)
      })

      it('every Service selects the addon pods and targets a container port', () => {
        const objs = objectsOf(addon)
        const pods = objs.filter((o) => o.kind === 'Deployment').map((d) => d.spec.template)
        for (const svc of objs.filter((o) => o.kind === 'Service')) {
          const pod = pods.find((t) =>
            Object.entries(svc.spec.selector).every(([k, v]) => t.metadata.labels[k] === v),
          )
          expect(pod, `pods for Service ${svc.metadata.name}`).not.to.equal(undefined)
          const containerPorts = pod.spec.containers.flatMap((c: any) =>
            c.ports.map((p: any) => p.containerPort),
          )
          for (const p of svc.spec.ports)
            expect(containerPorts, `${svc.metadata.name}:${p.name}`).to.include(p.targetPort ?? p.port)
        }
      })
    })
  }

  it('the Services the mesh and the dashboards talk to exist on their usual ports', () => {
    const services = new Map<string, string[]>()
    for (const a of catalog())
      for (const o of objectsOf(a).filter((x) => x.kind === 'Service'))
        services.set(
          o.metadata.name,
          o.spec.ports.map((p: any) => `${p.name}:${p.port}`),
        )
    expect(services.get('prometheus')).to.deep.equal(['http:9090'])
    expect(services.get('grafana')).to.deep.equal(['service:3000'])
    expect(services.get('kiali')).to.deep.equal(['http:20001', 'http-metrics:9090'])
    expect(services.get('tracing')).to.deep.equal(['http-query:80', 'grpc-query:16685'])
    expect(services.get('zipkin')).to.deep.equal(['http-query:9411'])
    // The demo profile's `jaeger` extension provider sends OTLP here.
    expect(services.get('jaeger-collector')).to.include('grpc-otel:4317')
  })

  it('prometheus scrapes pods by their prometheus.io annotations (istiod and the proxies set them)', () => {
    const prom = objectsOf(catalog().find((a) => a.name === 'prometheus')!)
    const config = parse(prom.find((o) => o.kind === 'ConfigMap')!.data['prometheus.yml'])
    const pods = config.scrape_configs.find((j: any) => j.job_name === 'kubernetes-pods')
    expect(pods.kubernetes_sd_configs).to.deep.equal([{role: 'pod'}])
    expect(pods.relabel_configs[0]).to.include({action: 'keep', regex: 'true'})
  })

  it('grafana uses the prometheus addon as its default data source', () => {
    const grafana = objectsOf(catalog().find((a) => a.name === 'grafana')!)
    const ds = parse(grafana.find((o) => o.kind === 'ConfigMap')!.data['datasources.yaml']).datasources[0]
    expect(ds).to.include({type: 'prometheus', url: 'http://prometheus:9090', isDefault: true})
  })
})
