/**
 * `meshctl kube-inject` as a user runs it (the built CLI): config sources, every kind, skip rules,
 * what is kept of the input, idempotence, --reinject, --in-place, -o FILE, -o json-patch, bad input.
 */
import {mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'chai'
import {parseAllDocuments} from 'yaml'
import {runCli} from '../helpers/cli.js'
import {renderInjectionConfig} from '../../src/lib/inject/index.js'
import {applyJsonPatch, type JsonPatchOp} from '../../src/lib/inject/patch.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {PARALLEL_MIN_BYTES, splitDocuments} from '../../src/lib/inject/parallel.js'
import {resolveSettings} from '../../src/lib/inject/sources.js'
import {injectStream} from '../../src/lib/inject/stream.js'
import {injectionConfigMaps} from '../helpers/injection-webhook.js'

const SPY = fileURLToPath(new URL('../helpers/fs-spy.mjs', import.meta.url))
type Obj = Record<string, any>

const DEPLOYMENT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # keep me
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v1}
    spec:
      containers:
      - name: web
        image: nginx:1.27 # pinned
        ports:
        - containerPort: 8080
          name: http
        readinessProbe:
          httpGet: {path: /ready, port: http}
---
apiVersion: v1
kind: Service
metadata: {name: web}   # untouched, byte for byte
spec:
  ports: [{port: 80, targetPort: 8080}]
`

const podSpec = {containers: [{name: 'app', image: 'app:1'}]}
const template = {metadata: {labels: {app: 'a'}}, spec: podSpec}
const KINDS: Obj[] = [
  {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: podSpec},
  {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd'}, spec: {template}},
  {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'rs'}, spec: {template}},
  {apiVersion: 'v1', kind: 'ReplicationController', metadata: {name: 'rc'}, spec: {template}},
  {apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {name: 'ss'}, spec: {template}},
  {apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'ds'}, spec: {template}},
  {apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'j'}, spec: {template}},
  {apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', metadata: {name: 'dc'}, spec: {template}},
]
const podOf = (o: Obj): Obj =>
  o.kind === 'Pod'
    ? o
    : o.kind === 'CronJob'
      ? {metadata: o.spec.jobTemplate.metadata, spec: o.spec.jobTemplate.spec.template.spec}
      : o.spec.template
const names = (l: Obj[] | undefined) => (l ?? []).map((c) => c.name as string)
const docs = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((d) => d !== null)

describe('meshctl kube-inject (CLI)', function () {
  this.timeout(120_000)
  let dir: string
  let files: string[]
  const inject = (args: string[], opts: Parameters<typeof runCli>[1] = {}) =>
    runCli(['kube-inject', ...files, ...args], {
      ...opts,
      env: {KUBECONFIG: join(dir, 'no-kubeconfig'), ...opts.env},
    })
  const write = (name: string, text: string) => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return p
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshctl-inject-'))
    const cfg = await renderInjectionConfig({})
    files = [
      '--injectConfigFile',
      write('inject-config.yaml', cfg.injectConfig),
      '--valuesFile',
      write('values.json', cfg.values),
      '--meshConfigFile',
      write('mesh.yaml', cfg.mesh),
    ]
  })

  it('with all three config files never reads the kubeconfig, and keeps comments, order and other documents', async () => {
    const kubeconfig = write('spy-kubeconfig', 'not: a kubeconfig')
    const r = await inject(['-f', '-'], {
      input: DEPLOYMENT,
      env: {KUBECONFIG: kubeconfig, MESHCTL_FS_SPY: 'spy-kubeconfig'},
      nodeArgs: ['--import', SPY],
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).not.to.contain('FS-SPY')
    expect(r.stderr).not.to.contain('note:')
    for (const c of ['# the web tier', '# keep me', '# pinned', '# untouched, byte for byte'])
      expect(r.stdout).to.contain(c)
    // the Service document is copied as it was
    expect(r.stdout.endsWith(DEPLOYMENT.slice(DEPLOYMENT.indexOf('---')))).to.equal(true)
    const [d] = docs(r.stdout)
    expect(Object.keys(d)).to.deep.equal(['apiVersion', 'kind', 'metadata', 'spec'])
    expect(names(d.spec.template.spec.initContainers)).to.deep.equal(['istio-init', 'istio-proxy'])
    // the app's probe goes through the agent
    expect(d.spec.template.spec.containers[0].readinessProbe.httpGet).to.deep.equal({
      path: '/app-health/web/readyz',
      port: 15020,
    })
  })

  it('with no cluster and no files uses the default profile and says so on stderr', async () => {
    const r = await runCli(['kube-inject', '-f', '-'], {
      input: DEPLOYMENT,
      env: {KUBECONFIG: join(dir, 'missing')},
    })
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.match(/note: no cluster to read .*default profile/)
    expect(names(docs(r.stdout)[0].spec.template.spec.initContainers)).to.include('istio-proxy')
  })

  it('injects every workload kind and List items; other kinds pass through unchanged', async () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {name: 'cj'},
      spec: {schedule: '* * * * *', jobTemplate: {spec: {template}}},
    }
    const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'cm'}, data: {a: 'b'}}
    const list = {apiVersion: 'v1', kind: 'List', items: [KINDS[1], cm]}
    const input = [...KINDS, cron, cm, list].map((o) => JSON.stringify(o)).join('\n---\n')
    const r = await inject(['-f', write('kinds.yaml', input)])
    expect(r.code, r.stderr).to.equal(0)
    const out = docs(r.stdout)
    expect(out).to.have.length(KINDS.length + 3)
    for (const o of [...out.slice(0, KINDS.length + 1), out[KINDS.length + 2].items[0]]) {
      const pod = podOf(o)
      expect(names(pod.spec.initContainers), o.kind).to.include('istio-proxy')
      expect(pod.metadata.annotations['sidecar.istio.io/status'], o.kind).to.be.a('string')
    }
    expect(out[KINDS.length + 1]).to.deep.equal(cm)
    expect(out[KINDS.length + 2].items[1]).to.deep.equal(cm)
  })

  it("skips hostNetwork pods and pods that opt out, with istioctl's warnings on stderr only", async () => {
    const host = {
      ...KINDS[1],
      metadata: {name: 'host'},
      spec: {template: {...template, spec: {...podSpec, hostNetwork: true}}},
    }
    const off = {
      ...KINDS[1],
      metadata: {name: 'off', namespace: 'ns'},
      spec: {template: {metadata: {labels: {'sidecar.istio.io/inject': 'false'}}, spec: podSpec}},
    }
    const input = [host, off].map((o) => JSON.stringify(o)).join('\n---\n')
    const r = await inject(['-f', write('skips.yaml', input)])
    expect(r.code).to.equal(0)
    expect(r.stderr).to.contain(
      '===> Skipping injection because Deployment "host" has host networking enabled',
    )
    expect(r.stderr).to.contain(
      '===> Skipping injection because Deployment "ns/off" has sidecar injection disabled',
    )
    expect(docs(r.stdout)).to.deep.equal([host, off])
  })

  it('injecting twice equals injecting once; --reinject re-renders to the same result', async () => {
    const once = await inject(['-f', write('twice.yaml', DEPLOYMENT)])
    const injected = write('once.yaml', once.stdout)
    const again = await inject(['-f', injected])
    expect(again.stdout).to.equal(once.stdout)
    expect(again.stderr).to.contain('is already injected (use --reinject to update it)')
    const re = await inject(['-f', injected, '--reinject'])
    expect(re.code, re.stderr).to.equal(0)
    expect(docs(re.stdout)).to.deep.equal(docs(once.stdout))
  })

  it('--reinject brings an old injection to the current template', async () => {
    const once = (await inject(['-f', write('old.yaml', DEPLOYMENT), '--no-native-sidecars'])).stdout
    const re = await inject(['-f', write('old-injected.yaml', once), '--reinject'])
    const pod = docs(re.stdout)[0].spec.template.spec
    expect(names(pod.containers)).to.deep.equal(['web'])
    expect(names(pod.initContainers)).to.deep.equal(['istio-init', 'istio-proxy'])
  })

  it('annotations change the proxy: proxy.istio.io/config, interception mode; ENABLE_NATIVE_SIDECARS=false', async () => {
    const d = docs(DEPLOYMENT)[0]
    d.spec.template.metadata.annotations = {
      'proxy.istio.io/config': 'concurrency: 3',
      'sidecar.istio.io/interceptionMode': 'TPROXY',
    }
    const r = await inject(['-f', write('annotated.yaml', JSON.stringify(d))], {
      env: {ENABLE_NATIVE_SIDECARS: 'false'},
    })
    expect(r.code, r.stderr).to.equal(0)
    const spec = docs(r.stdout)[0].spec.template.spec
    const proxy = spec.containers.find((c: Obj) => c.name === 'istio-proxy')
    expect(proxy, 'a classic sidecar').to.not.equal(undefined)
    expect(proxy.env.find((e: Obj) => e.name === 'PROXY_CONFIG').value.trim()).to.equal('{"concurrency":3}')
    expect(spec.initContainers[0].args).to.include('TPROXY')
  })

  it('custom templates named by inject.istio.io/templates', async () => {
    const cfg = {
      templates: {
        sidecar: 'spec:\n  containers:\n  - name: istio-proxy\n    image: proxy\n',
        extra: 'metadata:\n  labels:\n    extra: "{{ .DeploymentMeta.Name }}"\n',
      },
    }
    const d = docs(DEPLOYMENT)[0]
    d.spec.template.metadata.annotations = {'inject.istio.io/templates': 'sidecar,extra'}
    const args = [...files]
    args[1] = write('custom.yaml', JSON.stringify(cfg))
    const r = await runCli(['kube-inject', ...args, '-f', write('custom-in.yaml', JSON.stringify(d))], {
      env: {KUBECONFIG: join(dir, 'none')},
    })
    expect(r.code, r.stderr).to.equal(0)
    const t = docs(r.stdout)[0].spec.template
    expect(t.metadata.labels.extra).to.equal('web')
    expect(names(t.spec.containers)).to.deep.equal(['web', 'istio-proxy'])
  })

  it('-o json-patch prints RFC 6902 patches that turn each input into its injected form', async () => {
    const input = write('patch.yaml', DEPLOYMENT)
    const [full, patch] = await Promise.all([
      inject(['-f', input]),
      inject(['-f', input, '-o', 'json-patch']),
    ])
    const entries = JSON.parse(patch.stdout) as {kind: string; metadata: Obj; patch: JsonPatchOp[]}[]
    expect(entries.map((e) => [e.kind, e.metadata.name])).to.deep.equal([['Deployment', 'web']])
    expect(applyJsonPatch(docs(DEPLOYMENT)[0], entries[0].patch)).to.deep.equal(docs(full.stdout)[0])
  })

  it('-o FILE and --in-place write through a temporary file; bad input writes nothing (exit 65, file:line)', async () => {
    const good = write('inplace.yaml', DEPLOYMENT)
    const r = await inject(['-f', good, '--in-place'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal('')
    expect(readFileSync(good, 'utf8')).to.contain('istio-proxy')

    const badText = DEPLOYMENT + '---\napiVersion: v1\nkind: Pod\nmetadata: {name: x\n'
    const bad = write('bad.yaml', badText)
    const b = await inject(['-f', bad, '--in-place'])
    expect(b.code).to.equal(65)
    expect(
      b.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    ).to.have.length(1)
    expect(b.stderr).to.match(/error: .*bad\.yaml:\d+: /)
    expect(readFileSync(bad, 'utf8')).to.equal(badText)

    const out = join(dir, 'out.yaml')
    const o = await inject(['-f', bad, '-o', out])
    expect(o.code).to.equal(65)
    expect(existsSync(out)).to.equal(false)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([])
    const ok = await inject(['-f', good, '-o', out, '--reinject'])
    expect(ok.code, ok.stderr).to.equal(0)
    expect(readFileSync(out, 'utf8')).to.contain('istio-proxy')
  })

  it('a document that is not an object, a bad annotation and a failing template are bad input (65)', async () => {
    const notObj = await inject(['-f', write('list.yaml', DEPLOYMENT + '---\n- just\n- a list\n')])
    expect(notObj.code).to.equal(65)
    expect(notObj.stderr).to.match(/list\.yaml:\d+: the document is not an object/)

    const d = docs(DEPLOYMENT)[0]
    d.spec.template.metadata.annotations = {'traffic.sidecar.istio.io/includeInboundPorts': '80,x'}
    const ann = await inject(['-f', write('ann.yaml', JSON.stringify(d))])
    expect(ann.code).to.equal(65)
    expect(ann.stderr).to.match(/ann\.yaml:1: Deployment shop\/web: invalid value '80,x' for annotation/)

    const args = [...files]
    args[1] = write('broken-template.yaml', JSON.stringify({templates: {sidecar: 'a: {{ .Nope.Field }}\n'}}))
    const tpl = await runCli(['kube-inject', ...args, '-f', write('t.yaml', DEPLOYMENT)], {
      env: {KUBECONFIG: join(dir, 'none')},
    })
    expect(tpl.code).to.equal(65)
    expect(tpl.stderr).to.match(/template: sidecar:1:\d+: executing/)

    const unparsable = [...files]
    unparsable[1] = write('unparsable.yaml', JSON.stringify({templates: {sidecar: 'a: {{ if }}\n'}}))
    const p = await runCli(['kube-inject', ...unparsable, '-f', write('t2.yaml', DEPLOYMENT)], {
      env: {KUBECONFIG: join(dir, 'none')},
    })
    expect(p.code).to.equal(65)
    expect(p.stderr).to.match(/unparsable\.yaml: template: sidecar:1:/)
  })

  it('a large file is injected on two threads with the same result, warnings, patches and error lines as on one', async () => {
    // over PARALLEL_MIN_BYTES: the second half goes to a worker thread
    const one = (i: number) =>
      DEPLOYMENT.split('---')[0]!
        .replace('name: web #', `name: web-${i} #`)
        .replace('containers:', i === 300 ? 'hostNetwork: true\n      containers:' : 'containers:')
    const big = Array.from({length: 400}, (_, i) => one(i)).join('---\n')
    expect(big.length).to.be.greaterThan(PARALLEL_MIN_BYTES)
    expect(splitDocuments(big, 2)).to.have.length(2)
    const file = write('big.yaml', big)
    // two threads whatever the machine's load
    const threads = {env: {MESHCTL_INJECT_THREADS: '2'}}
    const r = await inject(['-f', file], threads)
    expect(r.code, r.stderr).to.equal(0)
    const opts = {
      injectConfigFile: files[1],
      valuesFile: files[3],
      meshConfigFile: files[5],
      revision: '',
      istioNamespace: 'istio-system',
    }
    const {settings} = await resolveSettings(opts, () => Promise.reject(new Error('no cluster')))
    const warnings: string[] = []
    const sequential = injectStream(settings, big, file, {warn: (w) => warnings.push(w)})
    expect(r.stdout).to.equal(sequential.text)
    expect(sequential.injected).to.equal(399)
    expect(r.stderr.trim()).to.equal(warnings.join('\n').trim())
    expect(r.stderr).to.contain('"shop/web-300" has host networking enabled')
    const p = await inject(['-f', file, '-o', 'json-patch'], threads)
    expect((JSON.parse(p.stdout) as Obj[]).map((x) => x.metadata.name)).to.deep.equal(
      Array.from({length: 400}, (_, i) => `web-${i}`).filter((n) => n !== 'web-300'),
    )
    // an error in the second half names its line in the whole file
    const lines = big.split('\n')
    const at = lines.findIndex((l) => l.includes('name: web-350 #'))
    lines[at] = '  name: [web-350'
    const bad = write('big-bad.yaml', lines.join('\n'))
    const e = await inject(['-f', bad], threads)
    expect(e.code).to.equal(65)
    let sequentialError: Error | undefined
    try {
      injectStream(settings, lines.join('\n'), bad, {warn: () => {}})
    } catch (err) {
      sequentialError = err as Error
    }
    expect(sequentialError?.message).to.match(new RegExp(`:${at + 1}|:${at + 2}:`))
    expect(e.stderr.split('\n')[0]).to.equal(`error: ${sequentialError!.message}`)
  })

  it('no -f is a usage error (64)', async () => {
    const r = await runCli(['kube-inject'], {env: {KUBECONFIG: join(dir, 'none')}})
    expect(r.code).to.equal(64)
  })

  describe('reading the cluster (kube-sim)', () => {
    let sim: KubeSim
    before(async () => {
      sim = await startKubeSim()
      const cfg = await renderInjectionConfig({revision: 'canary'})
      await sim.seed(
        injectionConfigMaps(
          {...cfg, values: cfg.values.replace('"clusterName": ""', '"clusterName": "from-cluster"')},
          {revision: 'canary'},
        ),
      )
    })
    after(() => sim.stop())

    it("uses the revision's ConfigMaps and the nodes' kubelet version for native sidecars", async () => {
      const r = await runCli(['kube-inject', '-f', '-', '-r', 'canary'], {
        input: DEPLOYMENT,
        env: {KUBECONFIG: sim.kubeconfigPath},
      })
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stderr).to.contain('configmap istio-system/istio-sidecar-injector-canary')
      const t = docs(r.stdout)[0].spec.template
      expect(t.metadata.annotations['istio.io/rev']).to.equal('canary')
      // the simulator's kubelets are 1.32: no native sidecars
      expect(names(t.spec.containers)).to.deep.equal(['web', 'istio-proxy'])
      const env = t.spec.containers[1].env as Obj[]
      expect(env.find((e) => e.name === 'ISTIO_META_CLUSTER_ID')?.value).to.equal('from-cluster')
    })

    it('a missing revision is an error naming the ConfigMap', async () => {
      const r = await runCli(['kube-inject', '-f', '-', '-r', 'nope'], {
        input: DEPLOYMENT,
        env: {KUBECONFIG: sim.kubeconfigPath},
      })
      expect(r.code).to.equal(1)
      expect(r.stderr).to.contain('"istio-nope"')
    })
  })
})
