/**
 * Differential: our strategic merge patch against the real kubectl 1.32 — its client-side computation
 * (`kubectl patch --local`, apimachinery's strategicpatch) and `kubectl patch --type strategic` against the
 * simulator. Each case patches containers, env, ports, volumes, tolerations, finalizers or Service ports with
 * new, changed and deleted items; the lists must come out with the same items in the same order.
 * Skips with a message when kubectl is absent.
 */
import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {strategicMergePatch} from '../../src/lib/kube/strategic-merge.js'
import {haveKubectl, Kubectl} from './helpers.js'
import {startKubeSim, type KubeSim} from './index.js'

type Obj = Record<string, unknown>

const deployment = (name: string): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name, labels: {app: name}, finalizers: ['a.io/one', 'b.io/two']},
  spec: {
    selector: {matchLabels: {app: name}},
    template: {
      metadata: {labels: {app: name}},
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.25',
            env: [
              {name: 'A', value: '1'},
              {name: 'B', value: '2'},
              {name: 'C', value: '3'},
            ],
            ports: [
              {containerPort: 80, name: 'http'},
              {containerPort: 443, name: 'https'},
              {containerPort: 9090, name: 'metrics'},
            ],
          },
          {name: 'proxy', image: 'envoy:1'},
          {name: 'log', image: 'fluent:1'},
        ],
        volumes: [
          {name: 'v1', emptyDir: {}},
          {name: 'v2', emptyDir: {}},
          {name: 'v3', emptyDir: {}},
        ],
        tolerations: [{key: 't1', operator: 'Exists'}],
      },
    },
  },
})

const service = (name: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name},
  spec: {
    selector: {app: name},
    ports: [
      {name: 'http', port: 80},
      {name: 'https', port: 443},
      {name: 'grpc', port: 8080},
    ],
  },
})

const podSpec = (spec: Obj) => ({spec: {template: {spec}}})
const web = (fields: Obj) => podSpec({containers: [{name: 'web', ...fields}]})

/** [title, patch, base object (default: the Deployment)]. */
const CASES: Array<[string, Obj, ((name: string) => Obj)?]> = [
  [
    'containers: new, changed',
    podSpec({
      containers: [
        {name: 'side', image: 'side:1'},
        {name: 'proxy', image: 'envoy:2'},
      ],
    }),
  ],
  [
    'containers: deleted, new, changed',
    podSpec({
      containers: [
        {name: 'web', $patch: 'delete'},
        {name: 'init', image: 'i:1'},
        {name: 'log', image: 'fluent:2'},
      ],
    }),
  ],
  [
    'env: new, changed, deleted',
    web({
      env: [
        {name: 'X', value: 'x'},
        {name: 'B', value: '22'},
        {name: 'A', $patch: 'delete'},
      ],
    }),
  ],
  [
    'env: changed last, new after it',
    web({
      env: [
        {name: 'C', value: '33'},
        {name: 'D', value: '4'},
      ],
    }),
  ],
  [
    'ports: new, changed, deleted',
    web({
      ports: [
        {containerPort: 8443, name: 'alt'},
        {containerPort: 443, protocol: 'TCP'},
        {containerPort: 80, $patch: 'delete'},
      ],
    }),
  ],
  [
    'volumes: changed, new, deleted',
    podSpec({
      volumes: [
        {name: 'v3', emptyDir: {medium: 'Memory'}},
        {name: 'v0', emptyDir: {}},
        {name: 'v2', $patch: 'delete'},
      ],
    }),
  ],
  ['volumes: $patch replace', podSpec({volumes: [{name: 'only', emptyDir: {}}, {$patch: 'replace'}]})],
  [
    'tolerations (no merge key): replaced whole',
    podSpec({
      tolerations: [
        {key: 't2', operator: 'Exists'},
        {key: 't1', operator: 'Equal', value: 'v'},
      ],
    }),
  ],
  [
    '$setElementOrder/containers: new, changed',
    podSpec({
      '$setElementOrder/containers': [{name: 'log'}, {name: 'web'}, {name: 'side'}, {name: 'proxy'}],
      containers: [
        {name: 'web', image: 'nginx:1.26'},
        {name: 'side', image: 's:1'},
      ],
    }),
  ],
  [
    '$setElementOrder/env: changed, new',
    web({
      '$setElementOrder/env': [{name: 'C'}, {name: 'N'}, {name: 'A'}, {name: 'B'}],
      env: [
        {name: 'N', value: 'n'},
        {name: 'B', value: '22'},
      ],
    }),
  ],
  [
    '$setElementOrder/env naming some items; delete, new',
    web({
      '$setElementOrder/env': [{name: 'N'}, {name: 'C'}],
      env: [
        {name: 'N', value: 'n'},
        {name: 'A', $patch: 'delete'},
      ],
    }),
  ],
  [
    '$setElementOrder/env naming some items; two deleted, three new',
    web({
      '$setElementOrder/env': [{name: 'Y'}, {name: 'X'}, {name: 'Z'}],
      env: [
        {name: 'Y', value: 'y'},
        {name: 'X', value: 'x'},
        {name: 'C', $patch: 'delete'},
        {name: 'Z', value: 'z'},
        {name: 'A', $patch: 'delete'},
      ],
    }),
  ],
  [
    '$setElementOrder/finalizers (primitive)',
    {metadata: {'$setElementOrder/finalizers': ['c.io/three', 'b.io/two'], finalizers: ['c.io/three']}},
  ],
  ['finalizers (primitive merge): new, existing', {metadata: {finalizers: ['c.io/three', 'a.io/one']}}],
  [
    'finalizers: $deleteFromPrimitiveList',
    {metadata: {'$deleteFromPrimitiveList/finalizers': ['a.io/one'], finalizers: ['z.io/last']}},
  ],
  [
    'Service ports: new, changed, deleted',
    {
      spec: {
        ports: [
          {name: 'admin', port: 9000},
          {port: 443, targetPort: 8443},
          {port: 80, $patch: 'delete'},
        ],
      },
    },
    service,
  ],
]

/** `live` cut down to the fields `shape` has (the simulator fills in defaults kubectl --local does not). */
function project(live: unknown, shape: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(live) && live.length === shape.length)
    return live.map((x, i) => project(x, shape[i]))
  if (shape && typeof shape === 'object' && !Array.isArray(shape) && live && typeof live === 'object')
    return Object.fromEntries(
      Object.keys(shape).map((k) => [k, project((live as Obj)[k], (shape as Obj)[k])]),
    )
  return live
}

/** The parts a case can change. */
const patched = (o: Obj) => ({
  finalizers: (o.metadata as Obj).finalizers,
  spec: o.kind === 'Service' ? o.spec : ((o.spec as Obj).template as Obj).spec,
})

describe('strategic merge patch vs kubectl 1.32 (client-side and against kube-sim)', function () {
  this.timeout(120_000)
  let sim: KubeSim
  let k: Kubectl
  let dir: string

  before(async function () {
    if (!haveKubectl()) {
      console.log('    [skip] kubectl not found on PATH: strategic merge differential skipped')
      this.skip()
    }
    sim = await startKubeSim()
    k = new Kubectl(sim.kubeconfigPath)
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-smp-'))
    await k.ok(['create', 'ns', 'smp'])
  })

  after(async () => {
    await sim?.stop()
    k?.cleanup()
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  CASES.forEach(([title, patch, make = deployment], i) => {
    it(title, async () => {
      const name = `case-${i}`
      const base = make(name)
      const file = join(dir, `${name}.json`)
      writeFileSync(file, JSON.stringify(base))
      const local = (await k.patchLocal(file, patch)) as Obj
      const ours = strategicMergePatch(base, patch, String(base.kind))
      expect(ours, 'ours vs kubectl --local').to.deep.equal(local)

      await k.ok(['-n', 'smp', 'create', '-f', file])
      await k.ok([
        '-n',
        'smp',
        'patch',
        String(base.kind).toLowerCase(),
        name,
        '--type',
        'strategic',
        '-p',
        JSON.stringify(patch),
      ])
      const live = JSON.parse(
        await k.ok(['-n', 'smp', 'get', String(base.kind).toLowerCase(), name, '-o', 'json']),
      ) as Obj
      expect(project(patched(live), patched(local)), 'kube-sim vs kubectl --local').to.deep.equal(
        patched(local),
      )
    })
  })
})
