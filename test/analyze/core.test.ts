// The analysis core without a cluster: objects from files and from a (fake) cluster client, remote-secret
// discovery, finding order, istioctl's stand-in resources, mesh config parsing, kinds and analyzer selection.
import {expect} from 'chai'
import type {Analyzer} from '../../src/lib/analyze/analyzer.js'
import {defaultResources, meshResources} from '../../src/lib/analyze/defaults.js'
import {
  compareFindings,
  findingLine,
  referenceText,
  sortAndDedupe,
  toFinding,
  type Finding,
} from '../../src/lib/analyze/finding.js'
import {K, kindOf} from '../../src/lib/analyze/kinds.js'
import {defaultMeshConfig, parseMeshConfig, parseMeshNetworks} from '../../src/lib/analyze/mesh.js'
import {ANALYZERS, listAnalyzersText, selectAnalyzers} from '../../src/lib/analyze/registry.js'
import {discoverRemotes, unsafeKubeconfig} from '../../src/lib/analyze/remote-secrets.js'
import {LIST_CONCURRENCY, resourcesFromCluster, resourcesFromInputs} from '../../src/lib/analyze/sources.js'
import type {KubeClient, ListOptions} from '../../src/lib/kube/client.js'
import type {KubeObject, TypeRef} from '../../src/lib/kube/types.js'
import type {InputObject} from '../../src/lib/input/index.js'

const input = (object: Record<string, unknown>, line = 1): InputObject =>
  ({object, source: 'f.yaml', docIndex: 0, line, lineOf: () => line + 1}) as unknown as InputObject

describe('resourcesFromInputs', () => {
  const ids = (objs: Record<string, unknown>[], ns = 'dflt') =>
    resourcesFromInputs(
      objs.map((o) => input(o)),
      ns,
    ).map((r) => `${r.kind.kind} ${r.namespace}/${r.name}`)

  it("namespaced objects without a namespace get the default; Kubernetes' own namespaces are dropped", () => {
    expect(
      ids([
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a'}},
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'b', namespace: 'shop'}},
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'c', namespace: 'kube-system'}},
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'd', namespace: 'kube-public'}},
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'e', namespace: 'kube-system-not'}},
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'kube-node-lease'}},
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop', namespace: 'kube-system'}},
        // only the core Namespace kind is a namespace
        {apiVersion: 'example.com/v1', kind: 'Namespace', metadata: {name: 'kube-system', namespace: 'x'}},
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'f', namespace: ''}},
      ]),
    ).to.deep.equal([
      'Pod dflt/a',
      'Pod shop/b',
      'Pod kube-system-not/e',
      'Namespace /shop',
      'Namespace x/kube-system',
      'Pod dflt/f',
    ])
  })

  it('fills the name and namespace into the object (no namespace on cluster-scoped ones); keeps the file and lines', () => {
    const [pod, ns, odd] = resourcesFromInputs(
      [
        input({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a', labels: {x: 'y'}}, spec: {}}, 3),
        input({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'n', namespace: 'ignored'}}, 9),
        input({apiVersion: 'v1', kind: 'Pod', metadata: {name: 5}}),
      ],
      'dflt',
    )
    expect(pod.object).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'a', namespace: 'dflt', labels: {x: 'y'}},
      spec: {},
    })
    expect(pod.origin).to.include({type: 'file', file: 'f.yaml', line: 3})
    expect(pod.origin.type === 'file' && pod.origin.lineOf?.(['spec'])).to.equal(4)
    expect(ns.namespace).to.equal('')
    expect(ns.object.metadata).to.deep.equal({name: 'n', namespace: 'ignored'})
    expect(odd.name).to.equal('')
    expect(odd.object.metadata.name).to.equal('')
  })
})

/** A cluster client that answers LISTs from a table (or throws what the table says), recording each call. */
function fakeClient(answers: Record<string, KubeObject[] | (() => never)>, delayMs = 0) {
  const calls: {kind: string; opts?: ListOptions}[] = []
  let inFlight = 0
  let maxInFlight = 0
  const client = {
    server: 'https://fake',
    namespace: 'default',
    async list(type: TypeRef, opts?: ListOptions) {
      calls.push({kind: `${type.apiVersion}/${type.kind}`, opts})
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
        const a = answers[`${type.apiVersion}/${type.kind}`] ?? []
        return typeof a === 'function' ? a() : structuredClone(a)
      } finally {
        inFlight--
      }
    },
  } as unknown as KubeClient
  return {client, calls, maxInFlight: () => maxInFlight}
}
const obj = (kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}) =>
  ({apiVersion: 'v1', kind, metadata: {name, ...(namespace ? {namespace} : {})}, ...extra}) as KubeObject
const fail = (err: unknown) => () => {
  throw err
}

describe('resourcesFromCluster', () => {
  it('lists each kind from the API cache, skipping Kubernetes namespaces, Helm and token Secrets', async () => {
    const {client, calls} = fakeClient({})
    await resourcesFromCluster(client, [K.Namespace, K.Pod, K.Node, K.Secret, K.MeshConfig, K.MeshNetworks])
    const skip = (f: string) =>
      `${f}!=kube-system,${f}!=kube-public,${f}!=kube-node-lease,${f}!=local-path-storage`
    expect(calls).to.deep.equal([
      {
        kind: 'v1/Namespace',
        opts: {
          namespace: undefined,
          fieldSelector: skip('metadata.name'),
          pageSize: 500,
          resourceVersion: '0',
        },
      },
      {
        kind: 'v1/Pod',
        opts: {
          namespace: undefined,
          fieldSelector: skip('metadata.namespace'),
          pageSize: 500,
          resourceVersion: '0',
        },
      },
      {
        kind: 'v1/Node',
        opts: {namespace: undefined, fieldSelector: undefined, pageSize: 500, resourceVersion: '0'},
      },
      {
        kind: 'v1/Secret',
        opts: {
          namespace: undefined,
          fieldSelector: `${skip('metadata.namespace')},type!=helm.sh/release.v1,type!=kubernetes.io/service-account-token`,
          pageSize: 500,
          resourceVersion: '0',
        },
      },
    ])
  })

  it('reads a kind in one namespace when asked, keeps only what `keep` accepts, and slims objects', async () => {
    const {client, calls} = fakeClient({
      'v1/ConfigMap': [
        obj('ConfigMap', 'istio', 'istio-system', {
          metadata: {
            name: 'istio',
            namespace: 'istio-system',
            managedFields: [{manager: 'kubectl'}],
            annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me'},
          },
        }),
        obj('ConfigMap', 'other', 'istio-system'),
      ],
      'v1/Pod': [obj('Pod', 'p', 'shop'), obj('Pod', 'sys', 'kube-system'), obj('Pod', 'nameless')],
      'v1/Node': [obj('Node', 'n1')],
    })
    const {resources} = await resourcesFromCluster(client, [K.ConfigMap, K.Pod, K.Node], {
      onlyIn: new Map([[K.ConfigMap, 'istio-system']]),
      keep: new Map([[K.ConfigMap, (o: KubeObject) => o.metadata.name === 'istio']]),
      cluster: 'west',
    })
    expect(calls.map((c) => c.opts?.namespace)).to.deep.equal(['istio-system', undefined, undefined])
    expect(resources.map((r) => `${r.kind.kind} ${r.namespace}/${r.name}`)).to.deep.equal([
      'ConfigMap istio-system/istio',
      'Pod shop/p',
      'Pod /nameless',
      'Node /n1',
    ])
    expect(resources[0].object.metadata).to.deep.equal({
      name: 'istio',
      namespace: 'istio-system',
      annotations: {keep: 'me'},
    })
    expect(resources[0].origin).to.deep.equal({type: 'cluster', cluster: 'west'})
    const plain = await resourcesFromCluster(fakeClient({'v1/Node': [obj('Node', 'n')]}).client, [K.Node])
    expect(plain.resources[0].origin).to.deep.equal({type: 'cluster'})
  })

  it('a kind not served (404, unknown version) is missing, a forbidden one (403) skipped; other errors throw', async () => {
    const unserved = Object.assign(new Error('x'), {code: 404})
    const {client} = fakeClient({
      'v1/Pod': fail(unserved),
      'v1/Service': fail({message: 'wrapped', cause: {code: 404}}),
      'networking.istio.io/v1/Gateway': fail(new Error('Unrecognized API version and kind: Gateway')),
      'v1/Secret': fail(Object.assign(new Error('nope'), {code: 403})),
      'v1/ConfigMap': fail(new Error('forbidden: User "u" cannot list configmaps')),
      'v1/Node': fail({cause: {code: 403}}),
    })
    const r = await resourcesFromCluster(client, [K.Pod, K.Service, K.Gateway, K.Secret, K.ConfigMap, K.Node])
    expect(r.missing.map((k) => k.kind)).to.deep.equal(['Pod', 'Service', 'Gateway'])
    expect(r.forbidden.map((k) => k.kind)).to.deep.equal(['Secret', 'ConfigMap', 'Node'])
    for (const err of [
      Object.assign(new Error('boom'), {code: 500}),
      new Error('not forbidden: really'),
      new Error('connect ECONNREFUSED'),
    ]) {
      const thrown = await resourcesFromCluster(fakeClient({'v1/Pod': fail(err)}).client, [K.Pod]).catch(
        (e: unknown) => e,
      )
      expect(thrown).to.equal(err)
    }
    // whatever a client throws, without a status, is passed on as it is
    const nothing = await resourcesFromCluster(fakeClient({'v1/Pod': fail(undefined)}).client, [K.Pod]).then(
      () => 'resolved',
      (e: unknown) => e,
    )
    expect(nothing).to.equal(undefined)
    const noMessage = await resourcesFromCluster(fakeClient({'v1/Pod': fail({})}).client, [K.Pod]).catch(
      (e: unknown) => e,
    )
    expect(noMessage).to.deep.equal({})
  })

  it(`lists at most ${LIST_CONCURRENCY} kinds at once, results in the order asked`, async () => {
    const kinds = [K.Pod, K.Service, K.Secret, K.ConfigMap, K.Node, K.Namespace]
    const answers = Object.fromEntries(
      kinds.map((k) => [`v1/${k.kind}`, [obj(k.kind, k.kind.toLowerCase())]]),
    )
    const fake = fakeClient(answers, 5)
    const {resources} = await resourcesFromCluster(fake.client, kinds)
    expect(resources.map((r) => r.name)).to.deep.equal([
      'pod',
      'service',
      'secret',
      'configmap',
      'node',
      'namespace',
    ])
    expect(fake.maxInFlight()).to.equal(LIST_CONCURRENCY)
  })
})

describe('discoverRemotes (remote secrets)', () => {
  const kubeconfig = (o: {cluster?: string; server?: string; context?: string; user?: string} = {}) =>
    `apiVersion: v1\nkind: Config\nclusters: [{name: ${o.cluster ?? 'west'}, cluster: {server: "${o.server ?? 'https://west.example:6443'}"}}]\n` +
    `users: [{name: u, user: ${o.user ?? '{token: t}'}}]\ncontexts: [{name: c, context: {cluster: ${o.cluster ?? 'west'}, user: u}}]\n` +
    `current-context: ${o.context ?? 'c'}\n`
  const secret = (name: string, data: Record<string, string>) =>
    ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name, namespace: 'istio-system'},
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    }) as KubeObject

  it('lists the labelled secrets of the Istio namespace; each usable kubeconfig is a remote named by its cluster', async () => {
    const {client, calls} = fakeClient({
      'v1/Secret': [
        secret('z-second', {east: kubeconfig({cluster: 'west', server: 'https://other:6443'})}),
        secret('a-first', {west: kubeconfig()}),
        secret('m-plain-http', {east: kubeconfig({cluster: 'east', server: 'http://east:8080'})}),
      ],
    })
    const warnings: string[] = []
    const remotes = await discoverRemotes(client, 'istio-ns', warnings)
    expect(calls).to.deep.equal([
      {kind: 'v1/Secret', opts: {namespace: 'istio-ns', labelSelector: 'istio/multiCluster=true'}},
    ])
    // the same cluster twice: the first secret by name wins
    expect(remotes.map((r) => [r.name, r.client.server])).to.deep.equal([
      ['west', 'https://west.example:6443'],
      ['east', 'http://east:8080'],
    ])
    expect(warnings).to.deep.equal([])
  })

  it('a kubeconfig that cannot be used is one warning naming the secret and key, never its content', async () => {
    const table: [string, string][] = [
      ['a string', 'not a valid kubeconfig'],
      ['[1, 2]', 'not a valid kubeconfig'],
      ['', 'not a valid kubeconfig'],
      ['null', 'not a valid kubeconfig'],
      ['{a: [', 'not a valid kubeconfig'],
      ['clusters: [{name: x}]\n', 'not a valid kubeconfig'],
      [kubeconfig({context: 'missing'}), 'its kubeconfig has no current context and cluster'],
      [kubeconfig().replace('current-context: c\n', ''), 'its kubeconfig has no current context and cluster'],
      [
        kubeconfig().replace(
          'contexts: [{name: c, context: {cluster: west, user: u}}]',
          'contexts: [{name: c, context: {user: u}}]',
        ),
        'not a valid kubeconfig',
      ],
      [
        kubeconfig().replace('context: {cluster: west', 'context: {cluster: nowhere'),
        'its kubeconfig has no current context and cluster',
      ],
      [kubeconfig({server: 'ftp://west:21'}), 'cluster west has no valid server URL'],
      [kubeconfig({server: 'west:6443'}), 'cluster west has no valid server URL'],
      [kubeconfig({server: 'not a url'}), 'cluster west has no valid server URL'],
      [kubeconfig({server: 'xhttps://west:6443'}), 'cluster west has no valid server URL'],
      [
        kubeconfig({user: '{auth-provider: {name: gcp}}'}),
        'its kubeconfig uses auth provider gcp, which analyze does not use from a cluster secret',
      ],
    ]
    for (const [text, why] of table) {
      const warnings: string[] = []
      const remotes = await discoverRemotes(
        fakeClient({'v1/Secret': [secret('s', {k: text})]}).client,
        'istio-system',
        warnings,
      )
      expect(remotes, text).to.deep.equal([])
      expect(warnings, text).to.deep.equal([
        `Warning: remote secret istio-system/s (k): ${why}; analysed without it`,
      ])
    }
  })

  it('secrets that cannot be listed: one warning with the first line of the error, no remotes', async () => {
    const warnings: string[] = []
    const remotes = await discoverRemotes(
      fakeClient({'v1/Secret': fail(new Error('forbidden: cannot list secrets\nmore detail'))}).client,
      'istio-system',
      warnings,
    )
    expect(remotes).to.deep.equal([])
    expect(warnings).to.deep.equal([
      'Warning: cannot list remote secrets in istio-system (forbidden: cannot list secrets); remote clusters not analysed',
    ])
  })

  it('unsafeKubeconfig: no users or odd users are nothing to refuse; empty file fields are unset', () => {
    expect(unsafeKubeconfig(null)).to.equal(undefined)
    expect(unsafeKubeconfig({users: {u: {exec: {}}}})).to.equal(undefined)
    expect(unsafeKubeconfig({users: [null, {name: 'x'}]})).to.equal(undefined)
    expect(unsafeKubeconfig({users: [{user: {tokenFile: '', 'client-key': ''}}]})).to.equal(undefined)
  })
})

describe('findings', () => {
  const f = (o: Partial<Finding>): Finding =>
    ({code: 'IST0101', name: 'N', level: 'Error', message: 'm', ...o}) as Finding

  it("istioctl's order: level, code, findings without a resource first, kind/name/namespace, then the line", () => {
    const list = [
      f({level: 'Info', code: 'IST0001', origin: 'A x/a', kind: 'A', resourceName: 'a', namespace: 'x'}),
      f({level: 'Warning', code: 'IST0002', origin: 'B x/b', kind: 'B', resourceName: 'b', namespace: 'x'}),
      f({code: 'IST0102', origin: 'A x/a', kind: 'A', resourceName: 'a', namespace: 'x'}),
      f({code: 'IST0101', origin: 'B x/b', kind: 'B', resourceName: 'b', namespace: 'x'}),
      f({code: 'IST0101', origin: 'A y/a', kind: 'A', resourceName: 'a', namespace: 'y'}),
      f({code: 'IST0101', origin: 'A x/a', kind: 'A', resourceName: 'a', namespace: 'x', message: 'z'}),
      f({code: 'IST0101', origin: 'A x/a', kind: 'A', resourceName: 'a', namespace: 'x', message: 'b'}),
      f({code: 'IST0101'}),
      f({code: 'IST0101', origin: 'A x/a', kind: 'A', resourceName: 'a', namespace: 'x', message: 'b'}),
    ]
    const lines = sortAndDedupe(list).map(findingLine)
    expect(lines).to.deep.equal([
      'Error [IST0101] m',
      'Error [IST0101] (A x/a) b',
      'Error [IST0101] (A x/a) z',
      'Error [IST0101] (A y/a) m',
      'Error [IST0101] (B x/b) m',
      'Error [IST0102] (A x/a) m',
      'Warning [IST0002] (B x/b) m',
      'Info [IST0001] (A x/a) m',
    ])
    // compareFindings agrees, both ways round
    const sorted = [...list].sort(compareFindings).map(findingLine)
    expect([...new Set(sorted)]).to.deep.equal(lines)
    for (let i = 0; i + 1 < lines.length; i++) {
      const [a, b] = [sortAndDedupe(list)[i], sortAndDedupe(list)[i + 1]]
      expect(compareFindings(a, b), `${i}`).to.equal(-1)
      expect(compareFindings(b, a), `${i}`).to.equal(1)
    }
    expect(compareFindings(list[7], list[7])).to.equal(0)
  })

  it('resources are ordered by kind, name, then namespace (not as the line reads them)', () => {
    const list = [
      f({origin: 'A x/b', kind: 'A', resourceName: 'b', namespace: 'x'}),
      f({origin: 'A y/a', kind: 'A', resourceName: 'a', namespace: 'y'}),
    ]
    expect(sortAndDedupe(list).map(findingLine)).to.deep.equal([
      'Error [IST0101] (A y/a) m',
      'Error [IST0101] (A x/b) m',
    ])
  })

  it('toFinding: a message without a resource; suppress annotations split and trimmed', () => {
    const type = {code: 'IST0102', name: 'Internal', level: 'Warning', template: 'x %s'}
    expect(toFinding({type, args: ['y']} as never)).to.deep.equal({
      code: 'IST0102',
      name: 'Internal',
      level: 'Warning',
      message: 'x y',
    })
    const resource = {
      kind: K.Pod,
      namespace: 'shop',
      name: 'p',
      origin: {type: 'cluster'},
      object: {metadata: {annotations: {'galley.istio.io/analyze-suppress': 'IST0101, IST0102 ,IST0103'}}},
    }
    const withR = toFinding({type, args: ['y'], resource} as never)
    expect(withR.suppressedCodes).to.deep.equal(['IST0101', 'IST0102', 'IST0103'])
    expect(withR.file).to.equal(undefined)
  })

  it('referenceText: file:line, the file alone without a line, nothing without a file', () => {
    expect(referenceText(f({file: 'a.yaml', line: 3}))).to.equal('a.yaml:3')
    expect(referenceText(f({file: 'a.json'}))).to.equal('a.json')
    expect(referenceText(f({}))).to.equal(undefined)
  })
})

describe("istioctl's stand-in resources and the mesh config", () => {
  it('offline, a stand-in ingress gateway pod and service, unless ingress controller mode is off', () => {
    const mesh = {...defaultMeshConfig('istio-system'), ingressService: 'my-gw'}
    const [pod, svc] = defaultResources(mesh, 'ctl')
    expect(pod).to.deep.equal({
      kind: K.Pod,
      namespace: 'ctl',
      name: 'my-gw-dummypod',
      origin: {type: 'default'},
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'my-gw-dummypod', namespace: 'ctl', labels: {istio: 'ingressgateway'}},
        spec: {containers: [{name: 'istio-proxy'}]},
      },
    })
    expect(svc).to.deep.equal({
      kind: K.Service,
      namespace: 'ctl',
      name: 'my-gw',
      origin: {type: 'default'},
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 'my-gw', namespace: 'ctl'},
        spec: {
          ports: [
            {name: 'http2', port: 80, protocol: 'TCP', targetPort: 80},
            {name: 'https', port: 443, protocol: 'TCP', targetPort: 443},
            {name: 'tcp', port: 31400, protocol: 'TCP', targetPort: 31400},
            {name: 'tls', port: 15443, protocol: 'TCP', targetPort: 15443},
          ],
          selector: {istio: 'ingressgateway'},
        },
      },
    })
    for (const mode of ['OFF', 'off', 'Off'])
      expect(defaultResources({...mesh, ingressControllerMode: mode}, 'c')).to.deep.equal([])
    expect(defaultResources({...mesh, ingressControllerMode: 'DEFAULT'}, 'c')).to.have.length(2)
  })

  it('the mesh config and networks in force as MeshConfig/MeshNetworks resources', () => {
    const mesh = defaultMeshConfig('ctl')
    const [m, n] = meshResources(mesh, undefined, 'ctl')
    expect(m).to.deep.equal({
      kind: K.MeshConfig,
      namespace: 'ctl',
      name: 'meshconfig',
      origin: {type: 'default'},
      object: {
        apiVersion: 'v1alpha1',
        kind: 'MeshConfig',
        metadata: {name: 'meshconfig', namespace: 'ctl'},
        spec: mesh,
      },
    })
    expect(n.name).to.equal('meshnetworks')
    expect(n.object.spec).to.deep.equal({})
    const origin = {type: 'cluster' as const, cluster: 'c'}
    expect(meshResources(mesh, {networks: {}}, 'ctl', {meshNetworks: origin})[1].origin).to.equal(origin)
  })

  it("parseMeshConfig: Istio's defaults under the document; a non-map is an error", () => {
    expect(defaultMeshConfig('ctl')).to.deep.equal({
      rootNamespace: 'ctl',
      ingressService: 'istio-ingressgateway',
      ingressSelector: 'ingressgateway',
      ingressControllerMode: 'STRICT',
    })
    expect(parseMeshConfig('', 'ctl')).to.deep.equal(defaultMeshConfig('ctl'))
    expect(parseMeshConfig('# nothing\n', 'ctl')).to.deep.equal(defaultMeshConfig('ctl'))
    expect(parseMeshConfig('rootNamespace: r\nx: 1', 'ctl')).to.deep.equal({
      ...defaultMeshConfig('ctl'),
      rootNamespace: 'r',
      x: 1,
    })
    for (const bad of ['[1]', 'text', '5'])
      expect(() => parseMeshConfig(bad, 'c'), bad).to.throw('mesh config is not a map')
  })

  it('parseMeshNetworks: empty is no networks; a non-map is an error', () => {
    expect(parseMeshNetworks('')).to.deep.equal({})
    expect(parseMeshNetworks('networks: {a: {}}')).to.deep.equal({networks: {a: {}}})
    for (const bad of ['[1]', 'text', '5'])
      expect(() => parseMeshNetworks(bad), bad).to.throw('mesh networks is not a map')
  })
})

describe('kinds and analyzer selection', () => {
  it('kindOf: known kinds by group and kind at any version; others namespaced as given', () => {
    expect(kindOf('networking.istio.io/v1beta1', 'Gateway')).to.equal(K.Gateway)
    expect(kindOf('v1', 'Namespace')).to.equal(K.Namespace)
    expect(kindOf('gateway.networking.k8s.io/v1beta1', 'Gateway')).to.equal(K.KubernetesGateway)
    expect(kindOf('example.com/v2', 'Thing')).to.deep.equal({
      group: 'example.com',
      version: 'v2',
      kind: 'Thing',
      namespaced: true,
    })
    expect(kindOf('v1', 'Thing')).to.deep.equal({group: '', version: 'v1', kind: 'Thing', namespaced: true})
  })

  const a = (name: string, optIn = false) =>
    ({name, description: `does ${name}`, optIn}) as unknown as Analyzer

  it('--list-analyzers: sorted by name, opt-in ones marked', () => {
    expect(listAnalyzersText([a('b.Two'), a('a.One', true), a('c.Three')])).to.equal(
      '* a.One:\n    does a.One [meshctl; opt-in: --analyzer a.One]\n' +
        '* b.Two:\n    does b.Two\n' +
        '* c.Three:\n    does c.Three\n',
    )
  })

  it('--list-analyzers lists every registered analyzer once, in name order', () => {
    const names = [...listAnalyzersText().matchAll(/^\* (.+):$/gm)].map((m) => m[1])
    expect(names).to.have.length(ANALYZERS.length)
    expect(names).to.deep.equal(ANALYZERS.map((x) => x.name).sort())
    const reversed = [...ANALYZERS].reverse()
    expect(listAnalyzersText(reversed)).to.equal(listAnalyzersText())
  })

  it('selectAnalyzers: names and globs, in registry order; opt-in only when named; unknown names returned', () => {
    const all = [a('x.One'), a('x.Two'), a('y.One', true)]
    const names = (r: ReturnType<typeof selectAnalyzers>) => [r.selected.map((s) => s.name), r.unknown]
    expect(names(selectAnalyzers([], all))).to.deep.equal([['x.One', 'x.Two'], []])
    expect(names(selectAnalyzers(['y.One', 'x.*'], all))).to.deep.equal([['x.One', 'x.Two', 'y.One'], []])
    expect(names(selectAnalyzers(['*.One', 'z.*', 'nope'], all))).to.deep.equal([
      ['x.One', 'y.One'],
      ['z.*', 'nope'],
    ])
  })
})
