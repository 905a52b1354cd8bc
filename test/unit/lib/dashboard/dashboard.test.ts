import {readFileSync} from 'node:fs'
import path from 'node:path'
import {expect} from 'chai'
import {parse} from 'yaml'
import {DASHBOARDS, findDashboard} from '../../../../src/lib/dashboard/addons.js'
import {bestPod, selectorText, splitResource, type Pod} from '../../../../src/lib/dashboard/pods.js'
import {parseDashboardArgs} from '../../../../src/lib/dashboard/request.js'
import {checkAddress, installHint, isLoopback} from '../../../../src/lib/dashboard/run.js'
import {podPort} from '../../../../src/lib/dashboard/session.js'
import {defaultManifestsDir} from '../../../../src/lib/manifest/profiles.js'
import {ADDONS, loadAddons, takeAddonSelection} from '../../../../src/lib/manifest/addons.js'

const pod = (name: string, phase: string, ready: boolean, extra: Partial<Pod['status']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name, namespace: 'ns'},
  status: {phase, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}], ...extra},
})

describe('dashboard table', () => {
  it("has istioctl 1.30.3's selectors, pod ports and paths", () => {
    const rows = DASHBOARDS.map((a) => [a.name, a.selector ?? a.lookup, a.port, a.path])
    expect(rows).to.deep.equal([
      ['kiali', 'app=kiali', 20001, '/kiali'],
      ['prometheus', 'app.kubernetes.io/name=prometheus', 9090, ''],
      ['grafana', 'app.kubernetes.io/name=grafana', 3000, ''],
      ['jaeger', 'app=jaeger', 16686, ''],
      ['zipkin', 'app=zipkin', 9411, ''],
      ['skywalking', 'app=skywalking-ui', 8080, ''],
      ['proxy', 'proxy', 15000, ''],
      ['controlz', 'istiod', 9876, ''],
      ['istiod-debug', 'istiod', 15014, '/debug'],
    ])
    expect(findDashboard('envoy')?.name).to.equal('proxy')
  })

  it("agrees with what meshctl's addon manifests say about each addon's UI", () => {
    const file = path.join(defaultManifestsDir(), 'addons', 'addons.yaml')
    const doc = parse(readFileSync(file, 'utf8')) as {
      addons: {name: string; dashboard: {selector: string; port: number; path: string}}[]
    }
    for (const {name, dashboard} of doc.addons) {
      const row = findDashboard(name)!
      expect([row.selector, row.port, row.path || '/'], name).to.deep.equal([
        dashboard.selector,
        dashboard.port,
        dashboard.path,
      ])
    }
  })

  it('takes the istiod monitoring port from the pod annotation, and --ui-port over both', () => {
    const debug = findDashboard('istiod-debug')!
    const p = {
      ...pod('istiod-1', 'Running', true),
      metadata: {name: 'istiod-1', annotations: {'prometheus.io/port': '15999'}},
    }
    expect(podPort(debug, p)).to.equal(15999)
    expect(podPort(debug, pod('istiod-2', 'Running', true))).to.equal(15014)
    expect(podPort(debug, p, 8080)).to.equal(8080)
    expect(podPort(findDashboard('kiali')!, p)).to.equal(20001)
  })
})

describe('dashboard arguments', () => {
  it('reads several dashboards, each proxy/istiod one with an optional pod', () => {
    const got = parseDashboardArgs(['kiali', 'proxy', 'productpage-1.default', 'grafana', 'controlz']).map(
      (r) => [r.addon.name, r.target],
    )
    expect(got).to.deep.equal([
      ['kiali', undefined],
      ['proxy', 'productpage-1.default'],
      ['grafana', undefined],
      ['controlz', undefined],
    ])
  })

  it('rejects an unknown name with the closest one, and a pod after an addon', () => {
    expect(() => parseDashboardArgs(['grafna'])).to.throw(
      /^unknown dashboard "grafna"; did you mean grafana\?/,
    )
    expect(() => parseDashboardArgs(['zzzzzz'])).to.throw(/^unknown dashboard "zzzzzz" \(dashboards: kiali, /)
    expect(() => parseDashboardArgs(['kiali', 'kiali-123'])).to.throw(/^unknown dashboard "kiali-123"/)
  })

  it('splits [type/]name[.namespace] as istioctl does', () => {
    expect(splitResource('productpage-123.default', 'x')).to.deep.equal({
      type: undefined,
      name: 'productpage-123',
      namespace: 'default',
    })
    expect(splitResource('productpage-123', 'x')).to.deep.equal({
      type: undefined,
      name: 'productpage-123',
      namespace: 'x',
    })
    expect(splitResource('deployment/istiod.istio-system', 'x')).to.deep.equal({
      type: 'deployment',
      name: 'istiod',
      namespace: 'istio-system',
    })
    // a type with dots: the namespace is looked for after the slash only
    expect(splitResource('deployments.apps/istiod', 'x')).to.deep.equal({
      type: 'deployments.apps',
      name: 'istiod',
      namespace: 'x',
    })
  })

  it('turns workload selectors into selector text', () => {
    expect(
      selectorText({
        matchLabels: {app: 'a'},
        matchExpressions: [
          {key: 'tier', operator: 'In', values: ['web', 'api']},
          {key: 'x', operator: 'NotIn', values: ['1']},
          {key: 'y', operator: 'Exists'},
          {key: 'z', operator: 'DoesNotExist'},
        ],
      }),
    ).to.equal('app=a,tier in (web,api),x notin (1),y,!z')
    expect(selectorText({app: 'a', version: 'v1'}, true)).to.equal('app=a,version=v1')
  })

  it('prefers Ready pods, then Running ones whose containers started, by name', () => {
    const waiting = {containerStatuses: [{state: {waiting: {reason: 'CrashLoopBackOff'}}}]}
    expect(
      bestPod([pod('b', 'Running', false), pod('c', 'Running', true), pod('a', 'Pending', false)])?.metadata
        .name,
    ).to.equal('c')
    expect(
      bestPod([pod('b', 'Running', false, waiting), pod('c', 'Running', false)])?.metadata.name,
    ).to.equal('c')
    expect(bestPod([pod('b', 'Running', true), pod('a', 'Running', true)])?.metadata.name).to.equal('a')
    const terminating = {
      ...pod('a', 'Running', true),
      metadata: {name: 'a', deletionTimestamp: '2026-01-01T00:00:00Z'},
    }
    expect(bestPod([terminating, pod('b', 'Running', true)])?.metadata.name).to.equal('b')
  })
})

describe('dashboard listener address', () => {
  it('accepts loopback addresses and localhost', () => {
    for (const a of ['localhost', '127.0.0.1', '127.1.2.3', '::1']) {
      expect(isLoopback(a), a).to.equal(true)
      expect(() => checkAddress(a, false)).not.to.throw()
    }
  })

  it('refuses other addresses unless --allow-remote, and names that are not addresses', () => {
    expect(() => checkAddress('0.0.0.0', false)).to.throw(
      /^--address 0\.0\.0\.0 is not a loopback address: .* add --allow-remote/,
    )
    expect(() => checkAddress('192.168.1.4', true)).not.to.throw()
    expect(() => checkAddress('example.com', true)).to.throw(
      '--address example.com: use an IP address or localhost',
    )
  })
})

describe('dashboard install hints', () => {
  it("names addonComponents.<name>.enabled and the profiles that include it, for meshctl's addons", () => {
    for (const name of ADDONS) {
      expect(installHint(findDashboard(name)!)).to.equal(
        `${name} is not installed; add it with: meshctl install --set addonComponents.${name}.enabled=true (and the flags Istio was installed with); the demo profile includes it (--set profile=demo)`,
      )
    }
  })

  it('is true: the --set it names installs a Deployment whose pods the dashboard finds, on its port', () => {
    const dir = defaultManifestsDir()
    for (const name of ADDONS) {
      const iop = {spec: {addonComponents: {[name]: {enabled: true}}}}
      const {selection, errors} = takeAddonSelection(iop, 'default', dir)
      expect(errors).to.deep.equal([])
      const objects = loadAddons(dir, selection).flatMap((a) => a.objects)
      const row = findDashboard(name)!
      const [key, value] = row.selector!.split('=')
      type Tpl = {
        metadata: {labels: Record<string, string>}
        spec: {containers: {ports?: {containerPort: number}[]}[]}
      }
      const deploy = objects.find(
        (o) =>
          o.kind === 'Deployment' && (o.spec as {template: Tpl}).template.metadata.labels[key!] === value,
      )
      expect(deploy, `${name}: a Deployment with pods labelled ${row.selector}`).to.not.equal(undefined)
      const ports = (deploy!.spec as {template: Tpl}).template.spec.containers.flatMap((c) => c.ports ?? [])
      expect(
        ports.map((p) => p.containerPort),
        name,
      ).to.include(row.port)
    }
  })

  it('sends zipkin and skywalking to the Istio samples, which meshctl does not install', () => {
    expect(installHint(findDashboard('zipkin')!)).to.equal(
      'zipkin is not installed, and meshctl does not install it: kubectl apply -f samples/addons/extras/zipkin.yaml from the Istio release',
    )
    expect(installHint(findDashboard('proxy')!)).to.equal(undefined)
  })
})
