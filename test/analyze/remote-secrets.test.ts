// Which kubeconfigs from remote secrets analyze refuses, and how secrets become kubeconfig texts.
import {expect} from 'chai'
import {secretKubeconfigs, unsafeKubeconfig} from '../../src/lib/analyze/remote-secrets.js'
import type {KubeObject} from '../../src/lib/kube/types.js'

describe('remote secrets', () => {
  const withUser = (user: Record<string, unknown>) => ({users: [{name: 'u', user}]})

  // istiod's rules for remote secrets: nothing that runs a program or reads a local file
  const rows: [string, Record<string, unknown>, string | undefined][] = [
    ['a bearer token', {token: 'abc'}, undefined],
    [
      'inline client certificate and key',
      {'client-certificate-data': 'x', 'client-key-data': 'y'},
      undefined,
    ],
    ['the oidc auth provider', {'auth-provider': {name: 'oidc', config: {}}}, undefined],
    ['another auth provider', {'auth-provider': {name: 'gcp'}}, 'auth provider gcp'],
    ['an exec plugin', {exec: {command: 'aws'}}, 'exec'],
    ['a client certificate file', {'client-certificate': '/etc/cert'}, 'client-certificate'],
    ['a client key file', {'client-key': '/etc/key'}, 'client-key'],
    ['a token file', {tokenFile: '/var/run/token'}, 'tokenFile'],
  ]
  for (const [what, user, refused] of rows)
    it(`${refused ? 'refuses' : 'accepts'} ${what}`, () => {
      expect(unsafeKubeconfig(withUser(user))).to.equal(refused)
    })

  it('checks every user, not only the first', () => {
    expect(unsafeKubeconfig({users: [{user: {token: 't'}}, {user: {exec: {command: 'x'}}}]})).to.equal('exec')
  })

  it('decodes every data key of every secret, in name order', () => {
    const secret = (name: string, data: Record<string, string>) =>
      ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {name, namespace: 'istio-system'},
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
      }) as KubeObject
    expect(secretKubeconfigs([secret('b', {z: 'three', y: 'two'}), secret('a', {x: 'one'})])).to.deep.equal([
      {where: 'secret istio-system/a (x)', text: 'one'},
      {where: 'secret istio-system/b (y)', text: 'two'},
      {where: 'secret istio-system/b (z)', text: 'three'},
    ])
  })
})
