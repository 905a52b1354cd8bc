/** API semantics over raw HTTP: discovery negotiation, openapi, Status errors, dryRun, generation, deletion, faults. */
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from './index.js'

type Json = Record<string, any>

describe('kube-sim: API semantics', function () {
  this.timeout(20_000)
  let sim: KubeSim
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: {'Content-Type': 'application/json', ...headers},
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return {status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json}
  }

  before(async () => {
    sim = await startKubeSim({controllers: {delayMs: 0}})
    await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a'}}])
  })
  after(() => sim?.stop())

  describe('discovery', () => {
    it('answers aggregated v2, v2beta1 or legacy following the Accept order', async () => {
      const v2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'
      const beta = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'
      const a = await call('GET', '/apis', undefined, {Accept: `${v2},${beta},application/json`})
      expect(a.headers.get('content-type')).to.equal(v2)
      expect(a.body.apiVersion).to.equal('apidiscovery.k8s.io/v2')
      const apps = a.body.items.find((g: Json) => g.metadata.name === 'apps')
      const deploy = apps.versions[0].resources.find((r: Json) => r.resource === 'deployments')
      expect(deploy).to.deep.include({
        scope: 'Namespaced',
        singularResource: 'deployment',
        shortNames: ['deploy'],
      })
      expect(deploy.subresources.map((s: Json) => s.subresource)).to.deep.equal(['status', 'scale'])
      const b = await call('GET', '/api', undefined, {Accept: `${beta},application/json`})
      expect(b.headers.get('content-type')).to.equal(beta)
      expect(b.body.items[0].versions[0].version).to.equal('v1')
      const legacy = await call('GET', '/apis', undefined, {Accept: 'application/json'})
      expect(legacy.body.kind).to.equal('APIGroupList')
      const list = await call('GET', '/apis/apps/v1')
      const names = list.body.resources.map((r: Json) => r.name)
      expect(names.indexOf('deployments')).to.be.lessThan(names.indexOf('deployments/status'))
    })

    it('serves /version, /healthz and an /openapi/v3 root with one entry per group-version', async () => {
      expect((await call('GET', '/version')).body.gitVersion).to.match(/^v1\.32\./)
      expect(await (await fetch(`${sim.url}/healthz`)).text()).to.equal('ok')
      const root = (await call('GET', '/openapi/v3')).body
      expect(root.paths['api/v1'].serverRelativeURL).to.match(/^\/openapi\/v3\/api\/v1\?hash=/)
      const apps = (await call('GET', '/openapi/v3/apis/apps/v1')).body
      const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch
      expect(patch['x-kubernetes-group-version-kind']).to.deep.equal({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
      })
      expect(Object.keys(patch.requestBody.content)).to.not.include('application/strategic-merge-patch+json')
      expect((await call('GET', '/openapi/v2')).status).to.equal(404)
    })
  })

  describe('CRUD', () => {
    it('stamps uid, creationTimestamp, resourceVersion, generation; bumps generation on spec change only', async () => {
      const svc = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {name: 's1'},
        spec: {selector: {app: 'x'}, ports: [{port: 80}]},
      }
      const service = await call('POST', '/api/v1/namespaces/a/services', svc)
      expect(service.body.spec.clusterIP).to.match(/^10\.96\./)
      expect(service.body.spec.ports[0]).to.deep.equal({port: 80, protocol: 'TCP', targetPort: 80})
      expect(service.body.metadata.generation).to.equal(undefined) // Services carry no generation
      const pdbPath = '/apis/policy/v1/namespaces/a/poddisruptionbudgets'
      const pdb = {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: {name: 'p1'},
        spec: {minAvailable: 1},
      }
      const created = await call('POST', pdbPath, pdb)
      expect(created.status).to.equal(201)
      expect(created.body.metadata.uid).to.match(/^[0-9a-f-]{36}$/)
      expect(created.body.metadata.creationTimestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(created.body.metadata.generation).to.equal(1)
      const merge = {'Content-Type': 'application/merge-patch+json'}
      const labelled = await call('PATCH', `${pdbPath}/p1`, {metadata: {labels: {x: 'y'}}}, merge)
      expect(labelled.body.metadata.generation).to.equal(1)
      expect(Number(labelled.body.metadata.resourceVersion)).to.be.greaterThan(
        Number(created.body.metadata.resourceVersion),
      )
      const status = await call('PATCH', `${pdbPath}/p1/status`, {status: {currentHealthy: 1}}, merge)
      expect(status.body.metadata.generation).to.equal(1)
      const spec = await call('PATCH', `${pdbPath}/p1`, {spec: {minAvailable: 2}}, merge)
      expect(spec.body.metadata.generation).to.equal(2)
      const mf = spec.body.metadata.managedFields.map((m: Json) => m.manager)
      expect(mf).to.include('node') // derived from Node's fetch User-Agent
    })

    it("a Deployment's generation also counts annotation changes, except through status (which carries them)", async () => {
      const path = '/apis/apps/v1/namespaces/a/deployments'
      const merge = {'Content-Type': 'application/merge-patch+json'}
      const d = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {name: 'gen'},
        spec: {
          replicas: 0,
          selector: {matchLabels: {app: 'gen'}},
          template: {metadata: {labels: {app: 'gen'}}, spec: {containers: [{name: 'c', image: 'c'}]}},
        },
      }
      expect((await call('POST', path, d)).body.metadata.generation).to.equal(1)
      const labelled = await call('PATCH', `${path}/gen`, {metadata: {labels: {x: 'y'}}}, merge)
      expect(labelled.body.metadata.generation).to.equal(1)
      const noted = await call('PATCH', `${path}/gen`, {metadata: {annotations: {note: 'a'}}}, merge)
      expect(noted.body.metadata.generation).to.equal(2)
      const viaStatus = await call(
        'PATCH',
        `${path}/gen/status`,
        {metadata: {annotations: {'deployment.kubernetes.io/revision': '1'}}, status: {replicas: 0}},
        merge,
      )
      expect(viaStatus.body.metadata.generation).to.equal(2)
      expect(viaStatus.body.metadata.annotations).to.deep.equal({
        note: 'a',
        'deployment.kubernetes.io/revision': '1',
      })
    })

    it('drops empty labels and annotations maps, as ObjectMeta (omitempty) does', async () => {
      const path = '/api/v1/namespaces/a/configmaps'
      const merge = {'Content-Type': 'application/merge-patch+json'}
      const created = await call('POST', path, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {name: 'empty-maps', labels: {}, annotations: {note: 'a'}},
      })
      expect(created.body.metadata).to.not.have.property('labels')
      const patched = await call(
        'PATCH',
        `${path}/empty-maps`,
        {metadata: {annotations: {note: null}}},
        merge,
      )
      expect(patched.body.metadata).to.not.have.property('annotations')
    })

    it('answers errors with Status objects', async () => {
      const missing = await call('GET', '/apis/apps/v1/namespaces/a/deployments/nope')
      expect(missing.status).to.equal(404)
      expect(missing.body).to.deep.include({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        message: 'deployments.apps "nope" not found',
        code: 404,
      })
      const badName = await call('POST', '/api/v1/namespaces/a/configmaps', {metadata: {name: 'Bad_Name'}})
      expect(badName.status).to.equal(422)
      expect(badName.body.details.causes[0].field).to.equal('metadata.name')
      const badSel = await call('GET', '/api/v1/namespaces/a/pods?labelSelector=a%20b')
      expect(badSel.status).to.equal(400)
      const badField = await call('GET', '/api/v1/namespaces/a/configmaps?fieldSelector=spec.x%3D1')
      expect(badField.body.message).to.equal(
        '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
      )
      const nsMismatch = await call('POST', '/api/v1/namespaces/a/configmaps', {
        metadata: {name: 'x', namespace: 'b'},
      })
      expect(nsMismatch.status).to.equal(400)
      expect((await call('GET', '/api/v1/namespaces/a/nodes')).status).to.equal(404)
      const badDry = await call('POST', '/api/v1/namespaces/a/configmaps?dryRun=Some', {
        metadata: {name: 'x'},
      })
      expect(badDry.status).to.equal(422)
    })

    it('validates CRDs (name, storage versions, scope) and refuses unknown subresources', async () => {
      const crd = (name: string, versions: Json[], scope = 'Namespaced') => ({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: {name},
        spec: {group: 'example.com', scope, names: {plural: 'bits', kind: 'Bit'}, versions},
      })
      const v = (name: string, storage: boolean) => ({
        name,
        served: true,
        storage,
        schema: {openAPIV3Schema: {type: 'object'}},
      })
      const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions'
      const wrongName = await call('POST', path, crd('bits.other.com', [v('v1', true)]))
      expect(wrongName.status).to.equal(422)
      expect(wrongName.body.details.causes.map((c: Json) => c.field)).to.deep.equal(['metadata.name'])
      const twoStorage = await call(
        'POST',
        path,
        crd('bits.example.com', [v('v1', true), v('v2', true)], 'Galaxy'),
      )
      expect(twoStorage.status).to.equal(422)
      expect(twoStorage.body.details.causes.map((c: Json) => c.field)).to.deep.equal([
        'spec.scope',
        'spec.versions',
      ])
      expect(
        (await call('POST', path, crd('bits.example.com', [v('v1', true), v('v2', false)]))).status,
      ).to.equal(201)
      expect((await call('GET', '/api/v1/namespaces/a/configmaps/x/status')).status).to.equal(404)
      expect((await call('GET', '/api/v1/namespaces/a/services/x/exec')).status).to.equal(404)
    })

    it('PUT without resourceVersion is unconditional for built-ins; stale → 409; generateName', async () => {
      const c = await call('POST', '/api/v1/namespaces/a/configmaps', {
        metadata: {generateName: 'gen-'},
        data: {a: '1'},
      })
      const name = c.body.metadata.name as string
      expect(name).to.match(/^gen-[a-z0-9]{5}$/)
      const put = await call('PUT', `/api/v1/namespaces/a/configmaps/${name}`, {
        metadata: {name},
        data: {a: '2'},
      })
      expect(put.status).to.equal(200)
      const stale = await call('PUT', `/api/v1/namespaces/a/configmaps/${name}`, {
        metadata: {name, resourceVersion: c.body.metadata.resourceVersion},
        data: {a: '3'},
      })
      expect(stale.status).to.equal(409)
      expect(stale.body.reason).to.equal('Conflict')
      const rvPatch = await call(
        'PATCH',
        `/api/v1/namespaces/a/configmaps/${name}`,
        [{op: 'test', path: '/data/a', value: 'nope'}],
        {'Content-Type': 'application/json-patch+json'},
      )
      expect(rvPatch.status).to.equal(422)
    })

    it('dryRun=All returns the object but writes nothing and emits no event', async () => {
      const rv = sim.server.store.revision
      const r = await call('POST', '/api/v1/namespaces/a/configmaps?dryRun=All', {metadata: {name: 'dry'}})
      expect(r.status).to.equal(201)
      expect(r.body.metadata.uid).to.be.a('string')
      expect(sim.get('v1', 'ConfigMap', 'dry', 'a')).to.equal(undefined)
      expect(sim.server.store.revision).to.equal(rv)
    })

    it('SSA: fieldManager is required; force on other patch types is refused', async () => {
      const noMgr = await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/x',
        {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}},
        {'Content-Type': 'application/apply-patch+yaml'},
      )
      expect(noMgr.status).to.equal(422)
      expect(noMgr.body.message).to.contain('fieldManager: Required value')
      const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\n'
      const created = await call('PATCH', '/api/v1/namespaces/a/configmaps/x?fieldManager=m1', yaml, {
        'Content-Type': 'application/apply-patch+yaml',
      })
      expect(created.status).to.equal(201)
      expect(created.body.metadata.managedFields[0]).to.deep.include({
        manager: 'm1',
        operation: 'Apply',
        fieldsV1: {'f:data': {'f:k': {}}},
      })
      const force = await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/x?force=true',
        {data: {}},
        {'Content-Type': 'application/merge-patch+json'},
      )
      expect(force.status).to.equal(422)
    })

    it('SSA over keyed lists: equal items are shared, only the changed field conflicts', async () => {
      const deploy = (image: string) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {name: 'ssa'},
        spec: {
          selector: {matchLabels: {app: 'ssa'}},
          template: {
            metadata: {labels: {app: 'ssa'}},
            spec: {containers: [{name: 'c', image, ports: [{containerPort: 80, protocol: 'TCP'}]}]},
          },
        },
      })
      await call('POST', '/apis/apps/v1/namespaces/a/deployments', deploy('img:1'))
      const apply = (image: string) =>
        call('PATCH', '/apis/apps/v1/namespaces/a/deployments/ssa?fieldManager=m', deploy(image), {
          'Content-Type': 'application/apply-patch+yaml',
        })
      const same = await apply('img:1')
      expect(same.status).to.equal(200)
      const changed = await apply('img:2')
      expect(changed.status).to.equal(409)
      expect(changed.body.message).to.equal(
        'Apply failed with 1 conflict: conflict with "node" using apps/v1: .spec.template.spec.containers[name="c"].image',
      )
    })

    it('two appliers: 2+ conflicts are listed; equal values are shared without conflict', async () => {
      const ct = {'Content-Type': 'application/apply-patch+yaml'}
      const body = (data: Json) =>
        JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'two'}, data})
      await call('PATCH', '/api/v1/namespaces/a/configmaps/two?fieldManager=m1', body({a: '1', b: '1'}), ct)
      const shared = await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/two?fieldManager=m2',
        body({a: '1'}),
        ct,
      )
      expect(shared.status).to.equal(200)
      const clash = await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/two?fieldManager=m2',
        body({a: '2', b: '2'}),
        ct,
      )
      expect(clash.status).to.equal(409)
      expect(clash.body.message).to.equal(
        // An Apply manager is named bare; "using v1" is for Update managers (as the API server does).
        'Apply failed with 2 conflicts: conflicts with "m1":\n- .data.a\n- .data.b',
      )
      expect(clash.body.details.causes.map((c: Json) => c.field)).to.deep.equal(['.data.a', '.data.b'])
    })
  })

  describe('paging', () => {
    it("limit/continue pages through a list at the first page's revision; a compacted token → 410", async () => {
      await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'pages'}}])
      for (const n of ['p1', 'p2', 'p3', 'p4', 'p5'])
        await call('POST', '/api/v1/namespaces/pages/configmaps', {metadata: {name: n}})
      const names: string[] = []
      let token = ''
      let firstRv = ''
      do {
        const page = await call(
          'GET',
          `/api/v1/namespaces/pages/configmaps?limit=2${token ? `&continue=${token}` : ''}`,
        )
        firstRv ||= page.body.metadata.resourceVersion
        expect(page.body.metadata.resourceVersion).to.equal(firstRv)
        names.push(...page.body.items.map((i: Json) => i.metadata.name))
        token = page.body.metadata.continue ?? ''
      } while (token)
      expect(names).to.deep.equal(['p1', 'p2', 'p3', 'p4', 'p5'])
      const first = await call('GET', '/api/v1/namespaces/pages/configmaps?limit=2')
      expect(first.body.metadata.remainingItemCount).to.equal(3)
      await call('POST', '/api/v1/namespaces/pages/configmaps', {metadata: {name: 'p6'}})
      sim.compactHistory()
      const expired = await call(
        'GET',
        `/api/v1/namespaces/pages/configmaps?limit=2&continue=${first.body.metadata.continue}`,
      )
      expect(expired.status).to.equal(410)
      expect(expired.body.reason).to.equal('Expired')
    })

    it('resourceVersion=0 is answered whole from the cache: limit ignored, no continue token', async () => {
      const page = await call('GET', '/api/v1/namespaces/pages/configmaps?limit=2&resourceVersion=0')
      expect(page.status).to.equal(200)
      expect(page.body.items.length).to.be.greaterThan(2)
      expect(page.body.metadata.continue).to.equal(undefined)
    })
  })

  describe('deletion', () => {
    const owner = (uid: string, name: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name,
      uid,
      blockOwnerDeletion: true,
    })

    it('Foreground waits for dependents; Orphan keeps them without the ownerReference; Background collects them', async () => {
      for (const policy of ['Foreground', 'Orphan', 'Background']) {
        const p = await call('POST', '/api/v1/namespaces/a/configmaps', {
          metadata: {name: `owner-${policy.toLowerCase()}`},
        })
        const uid = p.body.metadata.uid
        await call('POST', '/api/v1/namespaces/a/secrets', {
          metadata: {
            name: `dep-${policy.toLowerCase()}`,
            ownerReferences: [owner(uid, p.body.metadata.name)],
          },
        })
        const del = await call('DELETE', `/api/v1/namespaces/a/configmaps/${p.body.metadata.name}`, {
          propagationPolicy: policy,
        })
        expect(del.status).to.equal(200)
        await sim.waitFor(() => !sim.get('v1', 'ConfigMap', p.body.metadata.name, 'a'))
        const dep = sim.get('v1', 'Secret', `dep-${policy.toLowerCase()}`, 'a')
        if (policy === 'Orphan') expect(dep?.metadata.ownerReferences).to.equal(undefined)
        else await sim.waitFor(() => !sim.get('v1', 'Secret', `dep-${policy.toLowerCase()}`, 'a'))
      }
    })

    it('finalizers: deletionTimestamp first, removal when emptied; no new finalizers while deleting', async () => {
      await call('POST', '/api/v1/namespaces/a/configmaps', {metadata: {name: 'fin', finalizers: ['x/y']}})
      const del = await call('DELETE', '/api/v1/namespaces/a/configmaps/fin')
      expect(del.body.metadata.deletionTimestamp).to.be.a('string')
      const add = await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/fin',
        {metadata: {finalizers: ['x/y', 'z/w']}},
        {'Content-Type': 'application/merge-patch+json'},
      )
      expect(add.status).to.equal(422)
      await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/fin',
        {metadata: {finalizers: null}},
        {'Content-Type': 'application/merge-patch+json'},
      )
      expect(sim.get('v1', 'ConfigMap', 'fin', 'a')).to.equal(undefined)
    })

    it('creating in a terminating namespace is Forbidden', async () => {
      await sim.seed([
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'doomed'}},
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {name: 'keep', namespace: 'doomed', finalizers: ['hold/on']},
        },
      ])
      await call('DELETE', '/api/v1/namespaces/doomed')
      expect(sim.get('v1', 'Namespace', 'doomed')?.status.phase).to.equal('Terminating')
      const r = await call('POST', '/api/v1/namespaces/doomed/configmaps', {metadata: {name: 'late'}})
      expect(r.status).to.equal(403)
      expect(r.body.message).to.contain('because it is being terminated')
      await call(
        'PATCH',
        '/api/v1/namespaces/doomed/configmaps/keep',
        {metadata: {finalizers: null}},
        {'Content-Type': 'application/merge-patch+json'},
      )
      await sim.waitFor(() => !sim.get('v1', 'Namespace', 'doomed'))
      // A spec finalizer set through /finalize holds the namespace until it is removed there too.
      await sim.seed([{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'held'}}])
      const held = sim.get('v1', 'Namespace', 'held')!
      const fin = await call('PUT', '/api/v1/namespaces/held/finalize', {
        ...held,
        spec: {finalizers: ['kubernetes', 'example.com/hold']},
      })
      expect(fin.body.spec.finalizers).to.deep.equal(['kubernetes', 'example.com/hold'])
      await call('DELETE', '/api/v1/namespaces/held')
      await sim.waitFor(() => sim.get('v1', 'Namespace', 'held')?.spec.finalizers.length === 1)
      expect(sim.get('v1', 'Namespace', 'held')!.status.phase).to.equal('Terminating')
      const cur = sim.get('v1', 'Namespace', 'held')!
      await call('PUT', '/api/v1/namespaces/held/finalize', {...cur, spec: {finalizers: []}})
      await sim.waitFor(() => !sim.get('v1', 'Namespace', 'held'))
    })
  })

  describe('faults', () => {
    it('429 with Retry-After, 500, latency, dropped connections, limited hits', async () => {
      const off = sim.fault({path: '/api/v1/namespaces/a/configmaps', status: 429, retryAfter: 2, times: 1})
      const r = await call('GET', '/api/v1/namespaces/a/configmaps')
      expect(r.status).to.equal(429)
      expect(r.headers.get('retry-after')).to.equal('2')
      expect(r.body.reason).to.equal('TooManyRequests')
      expect((await call('GET', '/api/v1/namespaces/a/configmaps')).status).to.equal(200)
      off()
      const off500 = sim.fault({method: 'POST', path: /\/secrets$/, status: 500})
      expect((await call('POST', '/api/v1/namespaces/a/secrets', {metadata: {name: 's'}})).status).to.equal(
        500,
      )
      off500()
      const slow = sim.fault({path: '/version', latencyMs: 150, times: 1})
      const t0 = Date.now()
      await call('GET', '/version')
      expect(Date.now() - t0).to.be.greaterThanOrEqual(140)
      slow()
      for (const status of [409, 503]) {
        sim.fault({method: 'PUT', path: '/api/v1/namespaces/a/configmaps/', status, times: 1})
        const r = await call('PUT', '/api/v1/namespaces/a/configmaps/whatever', {
          metadata: {name: 'whatever'},
        })
        expect([r.status, r.body.reason]).to.deep.equal([
          status,
          status === 409 ? 'Conflict' : 'ServiceUnavailable',
        ])
      }
      sim.fault({
        path: '/api/v1/namespaces/a/services/odd',
        respond: {status: 200, body: {kind: 'Weird'}, headers: {'X-Sim': '1'}},
        times: 1,
      })
      const odd = await call('GET', '/api/v1/namespaces/a/services/odd')
      expect([odd.status, odd.body.kind, odd.headers.get('x-sim')]).to.deep.equal([200, 'Weird', '1'])
      // A rule for watches only: list works, the watch connection is dropped.
      sim.fault({query: 'watch=true', path: '/api/v1/namespaces/a/secrets', drop: true, times: 1})
      expect((await call('GET', '/api/v1/namespaces/a/secrets')).status).to.equal(200)
      expect(
        await fetch(`${sim.url}/api/v1/namespaces/a/secrets?watch=true`).catch((e: Error) => e),
      ).to.be.instanceOf(Error)
      sim.fault({path: '/api/v1/namespaces/a/pods', drop: true, times: 1})
      const dropped = await fetch(`${sim.url}/api/v1/namespaces/a/pods`).catch((e: Error) => e)
      expect(dropped).to.be.instanceOf(Error)
      expect((await call('GET', '/api/v1/namespaces/a/pods')).status).to.equal(200)
    })
  })

  describe('scale subresource', () => {
    it('GET/PATCH return autoscaling/v1 Scale mapped onto spec.replicas', async () => {
      await sim.seed([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {name: 'd', namespace: 'a'},
          spec: {
            selector: {matchLabels: {app: 'd'}},
            template: {metadata: {labels: {app: 'd'}}, spec: {containers: [{name: 'c', image: 'i'}]}},
          },
        },
      ])
      const s = await call('GET', '/apis/apps/v1/namespaces/a/deployments/d/scale')
      expect(s.body).to.deep.include({kind: 'Scale', apiVersion: 'autoscaling/v1'})
      expect(s.body.spec.replicas).to.equal(1)
      expect(s.body.status.selector).to.equal('app=d')
      const p = await call(
        'PATCH',
        '/apis/apps/v1/namespaces/a/deployments/d/scale',
        {spec: {replicas: 4}},
        {'Content-Type': 'application/merge-patch+json'},
      )
      expect(p.body.spec.replicas).to.equal(4)
      expect(sim.get('apps/v1', 'Deployment', 'd', 'a')?.spec.replicas).to.equal(4)
    })
  })

  describe('watch', () => {
    it('flushes headers at once, replays history from a resourceVersion and honours timeoutSeconds', async () => {
      const rv = sim.server.store.revision
      await call('POST', '/api/v1/namespaces/a/configmaps', {metadata: {name: 'replayed', labels: {w: 'x'}}})
      const t0 = Date.now()
      const res = await fetch(
        `${sim.url}/api/v1/namespaces/a/configmaps?watch=true&labelSelector=w%3Dx&resourceVersion=${rv}&timeoutSeconds=1`,
      )
      expect(res.status).to.equal(200)
      const lines = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Json)
      expect(Date.now() - t0).to.be.greaterThanOrEqual(900)
      expect(lines.map((l) => `${l.type} ${l.object.metadata.name}`)).to.deep.equal(['ADDED replayed'])
    })

    it('sends DELETED when an object stops matching the selector, and the WatchList initial-events bookmark', async () => {
      const ctrl = new AbortController()
      const res = await fetch(
        `${sim.url}/api/v1/namespaces/a/configmaps?watch=1&labelSelector=sel%3Dyes&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
        {signal: ctrl.signal},
      )
      const reader = res.body!.getReader()
      let text = ''
      const read = async (until: string) => {
        while (!text.includes(until)) text += new TextDecoder().decode((await reader.read()).value)
      }
      await read('initial-events-end')
      await call('POST', '/api/v1/namespaces/a/configmaps', {metadata: {name: 'sel', labels: {sel: 'yes'}}})
      await call(
        'PATCH',
        '/api/v1/namespaces/a/configmaps/sel',
        {metadata: {labels: {sel: 'no'}}},
        {'Content-Type': 'application/merge-patch+json'},
      )
      await read('"DELETED"')
      ctrl.abort()
      const types = text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Json).type)
      expect(types).to.deep.equal(['BOOKMARK', 'ADDED', 'DELETED'])
    })
  })
})
