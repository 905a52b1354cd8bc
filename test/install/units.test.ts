import {PassThrough} from 'node:stream'
import {expect} from 'chai'
import {confirm} from '../../src/lib/install/confirm.js'
import {ownerLabels, selectorOf} from '../../src/lib/install/labels.js'
import {buildPlan, objectKey} from '../../src/lib/install/plan.js'
import {TextProgress} from '../../src/lib/install/progress.js'
import {
  INSTALL_PRUNE_KINDS,
  NAMESPACED_KINDS,
  NEVER_RENDERED_KINDS,
  pruneCandidates,
  removedName,
} from '../../src/lib/install/prune.js'
import {applyWaves} from '../../src/lib/install/apply.js'
import {hasDefaultTag} from '../../src/lib/install/tag.js'
import {generateManifest} from '../../src/lib/manifest/generate.js'
import {defaultManifestsDir, listProfiles} from '../../src/lib/manifest/profiles.js'
import {isReady} from '../../src/lib/install/readiness.js'
import {removable, uninstallSelector} from '../../src/lib/install/uninstall.js'
import {installedVersion, versionWarning} from '../../src/lib/install/version-check.js'
import type {KubeObject} from '../../src/lib/kube/types.js'

const obj = (
  kind: string,
  rest: Record<string, unknown>,
  labels: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: {name: 'x', namespace: 'ns', generation: 2, labels},
  ...rest,
})

describe('install units', () => {
  describe('isReady (istioctl’s definitions)', () => {
    const cases: [string, KubeObject, boolean][] = [
      [
        'CRD Established',
        obj('CustomResourceDefinition', {status: {conditions: [{type: 'Established', status: 'True'}]}}),
        true,
      ],
      [
        'CRD not yet',
        obj('CustomResourceDefinition', {status: {conditions: [{type: 'NamesAccepted', status: 'True'}]}}),
        false,
      ],
      [
        'Deployment ready',
        obj('Deployment', {
          spec: {replicas: 2},
          status: {observedGeneration: 2, updatedReplicas: 2, readyReplicas: 2},
        }),
        true,
      ],
      [
        'Deployment old generation',
        obj('Deployment', {
          spec: {replicas: 1},
          status: {observedGeneration: 1, updatedReplicas: 1, readyReplicas: 1},
        }),
        false,
      ],
      [
        'Deployment replicas default 1',
        obj('Deployment', {spec: {}, status: {observedGeneration: 2, updatedReplicas: 1, readyReplicas: 1}}),
        true,
      ],
      [
        'Deployment not ready',
        obj('Deployment', {
          spec: {replicas: 2},
          status: {observedGeneration: 2, updatedReplicas: 2, readyReplicas: 1},
        }),
        false,
      ],
      [
        'DaemonSet ready',
        obj('DaemonSet', {
          spec: {},
          status: {
            observedGeneration: 2,
            desiredNumberScheduled: 1,
            numberReady: 1,
            updatedNumberScheduled: 1,
          },
        }),
        true,
      ],
      [
        'DaemonSet nothing desired',
        obj('DaemonSet', {spec: {}, status: {observedGeneration: 2, desiredNumberScheduled: 0}}),
        false,
      ],
      [
        'DaemonSet OnDelete updated',
        obj('DaemonSet', {
          spec: {updateStrategy: {type: 'OnDelete'}},
          status: {observedGeneration: 2, desiredNumberScheduled: 1, updatedNumberScheduled: 1},
        }),
        true,
      ],
      [
        'StatefulSet partition',
        obj('StatefulSet', {
          spec: {replicas: 3, updateStrategy: {rollingUpdate: {partition: 1}}},
          status: {updatedReplicas: 2},
        }),
        true,
      ],
      ['Service always', obj('Service', {}), true],
    ]
    for (const [name, o, ready] of cases) it(name, () => expect(isReady(o)).to.equal(ready))
  })

  it('owner labels and the prune selector', () => {
    const merged = {metadata: {name: 'iop', namespace: 'istio-system'}, spec: {values: {revision: 'canary'}}}
    expect(ownerLabels(merged, 'Pilot')).to.deep.equal({
      'operator.istio.io/managed': 'Reconcile',
      'operator.istio.io/version': '1.30.3',
      'install.operator.istio.io/owning-resource': 'iop',
      'install.operator.istio.io/owning-resource-namespace': 'istio-system',
      'istio.io/rev': 'canary',
      'operator.istio.io/component': 'Pilot',
    })
    expect(selectorOf({b: '2', a: '1'}, ['c'])).to.equal('a=1,b=2,c')
  })

  it('buildPlan: istioctl’s dependencies, components in its order, addons after', () => {
    const r = (component: string, kind: string, name: string) => ({
      component,
      object: {apiVersion: 'v1', kind, metadata: {name}},
    })
    const plan = buildPlan(
      [
        r('addon-kiali', 'Service', 'kiali'),
        r('IngressGateways', 'Service', 'gw'),
        r('Pilot', 'Service', 'istiod'),
        r('Base', 'ServiceAccount', 'r'),
      ],
      {spec: {profile: 'demo'}},
    )
    expect(plan.components.map((c) => [c.name, c.dependsOn])).to.deep.equal([
      ['Base', undefined],
      ['Pilot', 'Base'],
      ['IngressGateways', 'Pilot'],
      ['addon-kiali', undefined],
    ])
    expect(plan.components[1]!.objects[0]!.metadata.labels).to.include({
      'operator.istio.io/component': 'Pilot',
    })
    expect(plan.profile).to.equal('demo')
  })

  it('pruneCandidates: ours and no longer rendered; never the tag, never unknown components', () => {
    const live = (component: string, name: string, extra: Record<string, string> = {}): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name, namespace: 'ns', labels: {'operator.istio.io/component': component, ...extra}},
    })
    const rendered = [live('Pilot', 'istiod')]
    const found = [
      live('Pilot', 'istiod'),
      live('EgressGateways', 'egress'),
      live('addon-kiali', 'kiali'),
      live('Pilot', 'tag', {'install.operator.istio.io/owning-resource-not-pruned': 'true'}),
      live('Someone', 'other'),
    ]
    expect(pruneCandidates(found, rendered).map((o) => o.metadata.name)).to.deep.equal(['egress', 'kiali'])
    expect(removedName(found[1]!)).to.equal('apps/v1, Kind=Deployment/egress.ns')
    expect(objectKey({kind: 'ClusterRole', metadata: {name: 'r'}})).to.equal('ClusterRole:r')
  })

  it('uninstall selection: revision, IstioOperator, purge; Base only with purge', () => {
    expect(uninstallSelector({purge: false, revision: 'canary'})).to.equal(
      'istio.io/rev=canary,operator.istio.io/component',
    )
    expect(uninstallSelector({purge: true, revision: 'canary'})).to.equal('operator.istio.io/component')
    expect(
      uninstallSelector({purge: false, revision: '', iop: {metadata: {name: 'a', namespace: 'b'}}}),
    ).to.equal(
      'install.operator.istio.io/owning-resource=a,install.operator.istio.io/owning-resource-namespace=b,operator.istio.io/component',
    )
    const base = obj('ServiceAccount', {}, {'operator.istio.io/component': 'Base'})
    expect(removable(base, false)).to.equal(false)
    expect(removable(base, true)).to.equal(true)
    expect(removable(obj('Deployment', {}, {}), true)).to.equal(false)
  })

  it('TextProgress prints istioctl’s lines', () => {
    const lines: string[] = []
    const p = new TextProgress((l) => lines.push(l))
    p.begin('Base', 'Istio core', '⛵️')
    p.event({component: 'Base', phase: 'waiting', reason: 'CustomResourceDefinition/a'})
    p.event({component: 'Base', phase: 'ready'})
    p.begin('Pilot', 'Istiod', '🧠')
    p.event({component: 'Pilot', phase: 'failed', reason: 'boom'})
    p.event({phase: 'complete'})
    expect(lines).to.deep.equal([
      '- Processing resources for Istio core.',
      '- Processing resources for Istio core. Waiting for CustomResourceDefinition/a',
      '✔ Istio core installed ⛵️',
      '- Processing resources for Istiod.',
      '✘ Istiod encountered an error: boom',
      '✔ Installation complete',
    ])
  })

  it('confirm: -y proceeds; no terminal fails with 64 naming -y; y/yes/n from a terminal', async () => {
    expect(await confirm('Proceed?', true)).to.equal(true)
    const input = Object.assign(new PassThrough(), {isTTY: false})
    const err = await confirm('Proceed?', false, {input, output: new PassThrough()}).catch(
      (e: Error & {exitCode: number}) => e,
    )
    expect((err as {exitCode: number}).exitCode).to.equal(64)
    expect((err as Error).message).to.include('-y')
    for (const [answer, want] of [
      ['YES\n', true],
      ['maybe\nn\n', false],
    ] as const) {
      const tty = Object.assign(new PassThrough(), {isTTY: true})
      const out = new PassThrough()
      tty.end(answer)
      expect(await confirm('Proceed? (y/N)', false, {input: tty, output: out})).to.equal(want)
    }
  })

  it('installedVersion: the newest discovery image of this revision’s istiod, from one list of every revision', () => {
    const istiod = (rev: string, ...images: string[]): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: `istiod-${rev}`, labels: {app: 'istiod', 'istio.io/rev': rev}},
      spec: {
        template: {
          spec: {containers: images.map((image, i) => ({name: i ? 'sidecar' : 'discovery', image}))},
        },
      },
    })
    const all = [
      istiod('default', 'docker.io/istio/pilot:1.29.1', 'docker.io/istio/proxyv2:1.31.0'),
      istiod('default', 'docker.io/istio/pilot:1.29.2-distroless'),
      istiod('canary', 'docker.io/istio/pilot:1.31.0'),
    ]
    expect(installedVersion(all, 'default')).to.equal('1.29.2')
    expect(installedVersion(all, 'canary')).to.equal('1.31.0')
    expect(installedVersion(all, 'other')).to.equal(undefined)
  })

  it('versionWarning: upgrade, downgrade, same', () => {
    expect(versionWarning('1.29.2', 'default')[0]).to.equal(
      'WARNING: Istio is being upgraded from 1.29.2 to 1.30.3.',
    )
    expect(versionWarning('1.31.0', 'canary')).to.have.length(2)
    expect(versionWarning('1.30.3', 'default')).to.deep.equal([])
    expect(versionWarning(undefined, 'default')).to.deep.equal([])
  })

  describe('install speed rules', function () {
    this.timeout(120_000)

    it('the kinds install does not list to prune are rendered by no profile (addons on)', async () => {
      expect(NEVER_RENDERED_KINDS).to.have.length(3)
      expect(INSTALL_PRUNE_KINDS).to.have.length(13)
      expect(NAMESPACED_KINDS.map((t) => t.kind)).to.include.members(['Pod', 'Secret', 'EnvoyFilter'])
      const seen = new Set<string>()
      for (const profile of listProfiles(defaultManifestsDir())) {
        const sets = [`profile=${profile}`]
        for (const a of ['kiali', 'grafana', 'prometheus', 'jaeger'])
          sets.push(`addonComponents.${a}.enabled=true`)
        const {objects} = await generateManifest({sets})
        for (const o of objects) seen.add(String(o.object.kind))
      }
      expect(seen).to.include('Deployment')
      for (const kind of NEVER_RENDERED_KINDS) expect([...seen], kind).to.not.include(kind)
    })

    it('applyWaves: CRDs and namespaces, then configuration, then workloads; render order within', () => {
      const o = (kind: string, name: string) => ({apiVersion: 'v1', kind, metadata: {name}}) as KubeObject
      const waves = applyWaves([
        o('ServiceAccount', 'a'),
        o('Deployment', 'd'),
        o('CustomResourceDefinition', 'c'),
        o('ConfigMap', 'm'),
        o('DaemonSet', 'ds'),
        o('Namespace', 'n'),
      ])
      expect(waves.map((w) => w.map((x) => x.metadata.name))).to.deep.equal([
        ['c', 'n'],
        ['a', 'm'],
        ['d', 'ds'],
      ])
      expect(applyWaves([o('Service', 's')])).to.have.length(1)
    })

    it('hasDefaultTag reads the tag from one unfiltered webhook list', () => {
      const wh = (labels: Record<string, string>) =>
        ({
          apiVersion: 'v1',
          kind: 'MutatingWebhookConfiguration',
          metadata: {name: 'w', labels},
        }) as KubeObject
      expect(hasDefaultTag([wh({app: 'sidecar-injector', 'istio.io/tag': 'default'})])).to.equal(true)
      expect(hasDefaultTag([wh({app: 'sidecar-injector', 'istio.io/tag': 'canary'})])).to.equal(false)
      expect(hasDefaultTag([wh({'istio.io/tag': 'default'})])).to.equal(false)
    })
  })
})
