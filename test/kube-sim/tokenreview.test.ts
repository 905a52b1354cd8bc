/** TokenReview (authentication.k8s.io/v1) of the tokens the simulator issued through TokenRequest. */
import {expect} from 'chai'
import {startKubeSim, type KubeSim} from './index.js'

type Json = Record<string, any>

describe('kube-sim: TokenReview of TokenRequest tokens', function () {
  this.timeout(20_000)
  let sim: KubeSim
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body),
    })
    return {status: res.status, body: (await res.json()) as Json}
  }
  const issue = async (audiences: string[], expirationSeconds = 3600) =>
    (
      await post('/api/v1/namespaces/istio-system/serviceaccounts/default/token', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {audiences, expirationSeconds},
      })
    ).body.status.token as string
  const review = (token: string, audiences?: string[]) =>
    post('/apis/authentication.k8s.io/v1/tokenreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: {token, ...(audiences ? {audiences} : {})},
    })

  before(async () => {
    sim = await startKubeSim()
    await sim.seed(`apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: istio-system}
`)
  })
  after(() => sim?.stop())

  it('is served (discovery lists it, create only)', async () => {
    const res = await fetch(`${sim.url}/apis/authentication.k8s.io/v1`)
    const list = (await res.json()) as Json
    expect(list.resources).to.deep.include.members([
      {
        name: 'tokenreviews',
        singularName: 'tokenreview',
        namespaced: false,
        kind: 'TokenReview',
        verbs: ['create'],
      },
    ])
  })

  it('authenticates an issued token as its service account, with the audiences both share', async () => {
    const token = await issue(['istio-ca', 'other'])
    const r = await review(token, ['istio-ca'])
    expect(r.status).to.equal(201)
    expect(r.body.status).to.deep.include({authenticated: true, audiences: ['istio-ca']})
    expect(r.body.status.user.username).to.equal('system:serviceaccount:istio-system:default')
    expect(r.body.status.user.groups).to.deep.equal([
      'system:serviceaccounts',
      'system:serviceaccounts:istio-system',
      'system:authenticated',
    ])
    expect((await review(token)).body.status.audiences).to.deep.equal(['istio-ca', 'other'])
  })

  it('refuses a token it did not issue, one for other audiences, and an expired one', async () => {
    const cases: [string, string[] | undefined, string][] = [
      ['sim-sa-token.forged', ['istio-ca'], 'invalid bearer token'],
      [await issue(['api']), ['istio-ca'], 'invalid bearer token, token audiences are invalid'],
    ]
    const expired = await issue(['istio-ca'], 0)
    await new Promise((r) => setTimeout(r, 5))
    cases.push([expired, ['istio-ca'], 'invalid bearer token, token has expired'])
    for (const [token, audiences, error] of cases) {
      const r = await review(token, audiences)
      expect(r.body.status, token).to.deep.equal({user: {}, error})
    }
  })
})
