// Strict IstioOperator checks: what istioctl 1.30.3's decoder (encoding/json, DisallowUnknownFields, into
// operator/pkg/apis and k8s.io/api structs) refuses, meshctl refuses, with one line naming FILE:LINE and
// the field (exit 65; 64 when a --set wrote it); what it accepts, meshctl accepts. The verdicts below are
// istioctl's (checked against the binary when it is built).
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect} from 'chai'
import {MeshctlError} from '../../src/lib/errors.js'
import {resolveIstioOperator} from '../../src/lib/manifest/generate.js'
import {checkGoType} from '../../src/lib/manifest/go-types.js'
import {GO_TYPES} from '../../src/lib/manifest/go-types.gen.js'
import {istioctlGenerate, oracleUnavailable} from './oracle.js'
import {generate} from './render-helpers.js'

const HEAD = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n'
const pilotK8s = (body: string) => `${HEAD}    pilot:\n      k8s:\n${body}`

/** [name, file text, meshctl's error (undefined: accepted, as by istioctl)]. */
const CASES: Array<[string, string, string | undefined]> = [
  [
    'unknown k8s field',
    pilotK8s('        replicas: 2\n'),
    'f.yaml:7: unknown field components.pilot.k8s.replicas',
  ],
  [
    'replicaCount as a string',
    pilotK8s('        replicaCount: "2"\n'),
    'f.yaml:7: invalid value for components.pilot.k8s.replicaCount: expected an integer (uint32), got string',
  ],
  [
    'replicaCount fractional',
    pilotK8s('        replicaCount: 2.5\n'),
    'f.yaml:7: invalid value for components.pilot.k8s.replicaCount: expected an integer (uint32), got number 2.5',
  ],
  [
    'replicaCount negative',
    pilotK8s('        replicaCount: -1\n'),
    'f.yaml:7: invalid value for components.pilot.k8s.replicaCount: -1 is out of range for uint32',
  ],
  [
    'resources as a list',
    pilotK8s('        resources: [1]\n'),
    'f.yaml:7: invalid value for components.pilot.k8s.resources: expected an object, got list',
  ],
  [
    'unknown resources field',
    pilotK8s('        resources:\n          request: {cpu: 100m}\n'),
    'f.yaml:8: unknown field components.pilot.k8s.resources.request; did you mean components.pilot.k8s.resources.requests?',
  ],
  [
    'bad quantity',
    pilotK8s('        resources:\n          requests:\n            cpu: lots\n'),
    "f.yaml:9: invalid value for components.pilot.k8s.resources.requests.cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ],
  [
    'quantity as a number',
    pilotK8s('        resources:\n          limits: {cpu: 1, memory: 1Gi}\n'),
    undefined,
  ],
  [
    'hpaSpec type',
    pilotK8s('        hpaSpec:\n          maxReplicas: five\n'),
    'f.yaml:8: invalid value for components.pilot.k8s.hpaSpec.maxReplicas: expected an integer (int32), got string',
  ],
  [
    'hpaSpec unknown field',
    pilotK8s('        hpaSpec:\n          maxReplica: 5\n'),
    'f.yaml:8: unknown field components.pilot.k8s.hpaSpec.maxReplica; did you mean components.pilot.k8s.hpaSpec.maxReplicas?',
  ],
  [
    'env as a map',
    pilotK8s('        env:\n          FOO: bar\n'),
    'f.yaml:7: invalid value for components.pilot.k8s.env: expected a list, got object',
  ],
  [
    'env value as a number',
    pilotK8s('        env:\n        - name: FOO\n          value: 1\n'),
    'f.yaml:9: invalid value for components.pilot.k8s.env[0].value: expected a string, got number',
  ],
  [
    'env valueFrom',
    pilotK8s(
      '        env:\n        - name: POD\n          valueFrom: {fieldRef: {fieldPath: metadata.name}}\n',
    ),
    undefined,
  ],
  [
    'tolerations as a map',
    pilotK8s('        tolerations:\n          key: a\n'),
    'f.yaml:7: invalid value for components.pilot.k8s.tolerations: expected a list, got object',
  ],
  [
    'tolerationSeconds as a string',
    pilotK8s('        tolerations:\n        - key: a\n          tolerationSeconds: soon\n'),
    'f.yaml:9: invalid value for components.pilot.k8s.tolerations[0].tolerationSeconds: expected an integer (int64), got string',
  ],
  // The decoder does not check enum-like strings: the API server would.
  [
    'toleration operator not an operator',
    pilotK8s('        tolerations:\n        - operator: Sometimes\n'),
    undefined,
  ],
  ['imagePullPolicy not a policy', pilotK8s('        imagePullPolicy: Sometimes\n'), undefined],
  [
    'strategy maxSurge as a list',
    pilotK8s('        strategy:\n          rollingUpdate:\n            maxSurge: [1]\n'),
    'f.yaml:9: invalid value for components.pilot.k8s.strategy.rollingUpdate.maxSurge: expected an integer or a string, got list',
  ],
  [
    'podDisruptionBudget',
    pilotK8s('        podDisruptionBudget:\n          minAvailable: 50%\n          maxUnavailable: 1\n'),
    undefined,
  ],
  [
    'readinessProbe type',
    pilotK8s('        readinessProbe:\n          periodSeconds: often\n'),
    'f.yaml:8: invalid value for components.pilot.k8s.readinessProbe.periodSeconds: expected an integer (int32), got string',
  ],
  [
    'securityContext type',
    pilotK8s('        securityContext:\n          runAsUser: root\n'),
    'f.yaml:8: invalid value for components.pilot.k8s.securityContext.runAsUser: expected an integer (int64), got string',
  ],
  [
    'field names match case-insensitively, as in Go',
    pilotK8s('        ReplicaCount: 2\n        hpaspec: {MinReplicas: 1}\n'),
    undefined,
  ],
  [
    'overlay patch unknown field',
    pilotK8s(
      '        overlays:\n        - kind: Deployment\n          name: istiod\n          patches:\n          - pathx: a\n',
    ),
    'f.yaml:11: unknown field components.pilot.k8s.overlays[0].patches[0].pathx; did you mean components.pilot.k8s.overlays[0].patches[0].path?',
  ],
  [
    'gateway service port as a name',
    `${HEAD}    ingressGateways:\n    - name: istio-ingressgateway\n      enabled: true\n      k8s:\n        service:\n          ports:\n          - port: http\n`,
    'f.yaml:11: invalid value for components.ingressGateways[0].k8s.service.ports[0].port: expected an integer (int32), got string',
  ],
  [
    'unknown component',
    `${HEAD}    pilots:\n      enabled: true\n`,
    'f.yaml:5: unknown field components.pilots; did you mean components.pilot?',
  ],
  [
    'enabled as a string',
    `${HEAD}    pilot:\n      enabled: "yes"\n`,
    'f.yaml:6: invalid value for components.pilot.enabled: expected a boolean, got string',
  ],
  [
    'bad gateway name',
    `${HEAD}    ingressGateways:\n    - name: Bad_Name\n      enabled: true\n`,
    'f.yaml:5: invalid value ingressGateways.name: Bad_Name',
  ],
  ['gateway without a name', `${HEAD}    ingressGateways:\n    - enabled: true\n`, undefined],
  // A component tag is Go `any` in istioctl; spec.tag is checked as an image tag.
  ['component tag of any type', `${HEAD}    pilot:\n      tag: {a: 1}\n`, undefined],
  [
    'spec tag as a list',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  tag: [1]\n',
    'f.yaml:4: bad tag: tag can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ`: [1]',
  ],
  [
    'apiVersion as a number',
    'apiVersion: 1\nkind: IstioOperator\n',
    'f.yaml:1: invalid value for apiVersion: expected a string, got number',
  ],
  [
    'metadata label as a number',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  labels:\n    a: 1\n',
    'f.yaml:5: invalid value for metadata.labels.a: expected a string, got number',
  ],
  [
    'unknown metadata field',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  nam: x\n',
    'f.yaml:4: unknown field metadata.nam; did you mean metadata.name?',
  ],
  [
    'unknown top-level field',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nstatus: {}\n',
    'f.yaml:3: unknown field status',
  ],
  // unvalidatedValues is Go `any`: not even its type is checked.
  [
    'unvalidatedValues as a list',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  unvalidatedValues: []\n',
    undefined,
  ],
  // Namespaces that disagree are not an error for istioctl: each setting applies where it applies.
  [
    'namespace mismatch',
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  namespace: foo\nspec:\n  components:\n    pilot:\n      namespace: other\n  values:\n    global:\n      istioNamespace: bar\n',
    undefined,
  ],
]

function verdict(text: string, sets: string[] = []): MeshctlError | undefined {
  try {
    resolveIstioOperator({files: [{name: 'f.yaml', text}], sets})
  } catch (e) {
    if (e instanceof MeshctlError) return e
    throw e
  }
  return undefined
}

describe('strict IstioOperator checks', () => {
  for (const [name, text, message] of CASES) {
    it(`${name}: ${message ? 'refused, naming file:line and field (exit 65)' : 'accepted'}`, () => {
      const err = verdict(text)
      if (message === undefined) return expect(err?.message).to.equal(undefined)
      expect(err?.message).to.equal(message)
      expect(err?.exitCode).to.equal(65)
    })
  }

  it('a --set that writes the bad value is a usage error (64) without a file position', () => {
    const err = verdict(pilotK8s('        replicaCount: 1\n'), ['components.pilot.k8s.hpaSpec.maxReplicas=x'])
    expect(err?.message).to.equal(
      'invalid value for components.pilot.k8s.hpaSpec.maxReplicas: expected an integer (int32), got string',
    )
    expect(err?.exitCode).to.equal(64)
  })

  it('with --force, wrong types still stop the render where istioctl converts the component; unknown fields do not', async () => {
    const forced = (text: string) => generate({files: [{name: 'f.yaml', text}], force: true})
    let err: unknown
    await forced(pilotK8s('        replicaCount: two\n')).catch((e: unknown) => (err = e))
    expect(err).to.be.instanceOf(MeshctlError)
    expect((err as MeshctlError).message).to.equal(
      'get component Pilot: fail to convert pilot: invalid value for components.pilot.k8s.replicaCount: expected an integer (uint32), got string',
    )
    expect((err as MeshctlError).exitCode).to.equal(65)
    const r = await forced(pilotK8s('        replicas: 2\n'))
    expect(r.warnings[0]).to.equal(
      'spec invalid; continuing because of --force: unknown field components.pilot.k8s.replicas',
    )
  })

  it('names the last file that sets the field', () => {
    const good = {name: 'a.yaml', text: pilotK8s('        replicaCount: 1\n')}
    const bad = {name: 'b.yaml', text: pilotK8s('        hpaSpec: {}\n        replicaCount: x\n')}
    expect(() => resolveIstioOperator({files: [good, bad]})).to.throw(
      'b.yaml:8: invalid value for components.pilot.k8s.replicaCount',
    )
  })

  it('checks nested Kubernetes types: volumes, affinity, service', () => {
    const out: Array<{path: string; message: string}> = []
    checkGoType(
      GO_TYPES,
      'apis.KubernetesResources',
      {
        volumes: [{name: 'v', emptyDir: {sizeLimit: '1Gi', medium: 1}}],
        affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{}]}}},
        service: {
          type: 'LoadBalancer',
          ports: [{port: 80, targetPort: 'http'}],
          externalTrafficPolicy: 'Local',
        },
      },
      'k8s',
      out,
    )
    expect(out).to.deep.equal([
      {
        path: 'k8s.volumes[0].emptyDir.medium',
        message: 'invalid value for k8s.volumes[0].emptyDir.medium: expected a string, got number',
      },
    ])
  })

  it('the Go types are what the generator makes of the Go sources (regenerate with test/manifest/tools)', async function () {
    const {goPackages, renderGoTypesModule} = await import('./tools/go-types-module.js')
    const mod = path.join(os.homedir(), 'go', 'pkg', 'mod')
    const missing = Object.values(goPackages(mod)).find((d) => !existsSync(d))
    if (missing) {
      console.log(`      (skipped: ${missing} not found)`)
      this.skip()
    }
    const prettier = await import('prettier')
    const file = 'src/lib/manifest/go-types.gen.ts'
    const want = await prettier.format(renderGoTypesModule(mod), {
      ...(await prettier.resolveConfig(file)),
      parser: 'typescript',
    })
    expect(readFileSync(file, 'utf8')).to.equal(want)
  })

  describe('the same verdicts as istioctl 1.30.3', function () {
    this.timeout(120_000)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshctl-strict-'))
    before(function () {
      const why = oracleUnavailable()
      if (why) {
        console.warn(`    ⚠ skipped: ${why}`)
        this.skip()
      }
    })
    CASES.forEach(([name, text, message], i) => {
      const file = path.join(dir, `case-${i}.yaml`)
      it(`${name}: istioctl ${message ? 'refuses' : 'accepts'} it`, () => {
        writeFileSync(file, text)
        const r = istioctlGenerate(['-f', file])
        expect(r.code === 0, r.stderr).to.equal(message === undefined)
      })
      it(`${name}: the same verdict with --force`, async () => {
        writeFileSync(file, text)
        const theirs = istioctlGenerate(['--force', '-f', file])
        const ours = await generate({files: [{name: file, text}], force: true}).then(
          () => 'accepted',
          (e: Error) => e.message,
        )
        expect(ours === 'accepted', `${ours} / ${theirs.stderr}`).to.equal(theirs.code === 0)
      })
    })
  })
})
