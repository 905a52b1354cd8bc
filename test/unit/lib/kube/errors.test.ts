import {expect} from 'chai'

import {MeshctlError} from '../../../../src/lib/errors.js'
import {isConflict, isNotFound, mapKubeError} from '../../../../src/lib/kube/errors.js'

const server = 'https://10.0.0.1:6443'

describe('kube/errors: clear messages for cluster failures', () => {
  it('connection refused names the server', () => {
    const err = Object.assign(new Error('request failed'), {cause: {code: 'ECONNREFUSED'}})
    expect(mapKubeError(err, server).message).to.equal(
      `cannot reach the cluster at ${server}: connection refused`,
    )
  })
  it('TLS trust failures say what is wrong', () => {
    const err = Object.assign(new Error('x'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'})
    expect(mapKubeError(err, server).message).to.match(/^TLS error talking to .*self-signed/)
  })
  it('403 is reported as an RBAC problem with the server message', () => {
    const err = Object.assign(new Error('HTTP-Code: 403'), {
      code: 403,
      body: JSON.stringify({
        kind: 'Status',
        message: 'pods is forbidden: User "bob" cannot list resource "pods"',
      }),
    })
    expect(mapKubeError(err, server).message).to.equal(
      'forbidden: pods is forbidden: User "bob" cannot list resource "pods" (RBAC)',
    )
  })
  it('never quotes the text JSON.parse could not read (an exec plugin may have printed a secret)', () => {
    const err = new Error(
      `Failed to fetch resource metadata for v1/Pod: Unexpected token 'o', "not json s3cret" is not valid JSON`,
    )
    const msg = mapKubeError(err, server, 'list Pod').message
    expect(msg).to.not.contain('s3cret')
    expect(msg).to.equal(
      "list Pod: Failed to fetch resource metadata for v1/Pod: not valid JSON (from the API server or the kubeconfig's exec credential plugin)",
    )
  })
  it('401 names the server', () => {
    expect(mapKubeError(Object.assign(new Error('x'), {code: 401}), server).message).to.contain(
      'rejected the credentials',
    )
  })
  it('other API errors use the Status message, prefixed with what was attempted', () => {
    const err = Object.assign(new Error('x'), {code: 422, body: {message: 'Deployment.apps "x" is invalid'}})
    expect(mapKubeError(err, server, 'apply Deployment x').message).to.equal(
      'apply Deployment x: Deployment.apps "x" is invalid',
    )
  })
  it('server-side failures keep the HTTP status and name the server', () => {
    const err = Object.assign(new Error('x'), {
      code: 503,
      body: {message: 'The server is currently unable to handle the request'},
    })
    expect(mapKubeError(err, server, 'list Pod').message).to.equal(
      `list Pod: The server is currently unable to handle the request (HTTP 503 from ${server})`,
    )
  })
  it('a field-manager conflict is one line naming each field and its manager', () => {
    // the API server's Status for an apply without force: a multi-line message, one cause per field
    const err = Object.assign(new Error('x'), {
      code: 409,
      body: JSON.stringify({
        kind: 'Status',
        reason: 'Conflict',
        code: 409,
        message:
          'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas\nconflicts with "ops":\n- .spec.paused',
        details: {
          causes: [
            {
              reason: 'FieldManagerConflict',
              message: 'conflict with "kubectl-edit" using apps/v1',
              field: '.spec.replicas',
            },
            {reason: 'FieldManagerConflict', message: 'conflict with "ops"', field: '.spec.paused'},
          ],
        },
      }),
    })
    expect(mapKubeError(err, server, 'apply Deployment istiod').message).to.equal(
      'apply Deployment istiod: conflict with another field manager: .spec.replicas is owned by "kubectl-edit" using apps/v1, .spec.paused is owned by "ops"',
    )
  })
  it('a stale-resourceVersion conflict keeps the server message, on one line', () => {
    const msg =
      'Operation cannot be fulfilled on mutatingwebhookconfigurations.admissionregistration.k8s.io "x": the object has been modified; please apply your changes to the latest version and try again'
    const err = Object.assign(new Error('x'), {code: 409, body: {reason: 'Conflict', message: msg}})
    const mapped = mapKubeError(err, server, 'update MutatingWebhookConfiguration x')
    expect(mapped.message).to.equal(`update MutatingWebhookConfiguration x: ${msg}`)
    expect(isConflict(mapped)).to.equal(true)
    expect(isConflict(mapKubeError(Object.assign(new Error('x'), {code: 422}), server))).to.equal(false)
  })

  it('429 and every 5xx keep the status; other 4xx do not', () => {
    const api = (code: number) => Object.assign(new Error('x'), {code, body: {message: 'm'}})
    expect(mapKubeError(api(429), server).message).to.equal(`m (HTTP 429 from ${server})`)
    expect(mapKubeError(api(500), server).message).to.equal(`m (HTTP 500 from ${server})`)
    expect(mapKubeError(api(499), server).message).to.equal('m')
    expect(mapKubeError(api(404), server).message).to.equal('m')
  })
  it('finds the Status message in a JSON or plain-text body, else uses the error message', () => {
    const api = (body: unknown) => Object.assign(new Error('HTTP-Code: 409'), {code: 409, body})
    const exists = api('{"message":"already exists"}')
    expect(mapKubeError(exists, server).message).to.equal('already exists')
    expect(mapKubeError(exists, server).cause).to.equal(exists)
    expect(mapKubeError(api('  upstream connect error \n'), server).message).to.equal(
      'upstream connect error',
    )
    expect(mapKubeError(api('   '), server).message).to.equal('HTTP-Code: 409')
    expect(mapKubeError(api({message: 7}), server).message).to.equal('HTTP-Code: 409')
    expect(mapKubeError(api(undefined), server).message).to.equal('HTTP-Code: 409')
  })
  it('finds a network code on the error or up to three causes deep, as code or errno', () => {
    const refused = `cannot reach the cluster at ${server}: connection refused`
    const chain = (depth: number, last: object) => {
      let e: object = last
      for (let i = 0; i < depth; i++) e = {cause: e}
      return Object.assign(new Error('request failed'), e)
    }
    expect(mapKubeError(chain(0, {code: 'ECONNREFUSED'}), server).message).to.equal(refused)
    expect(mapKubeError(chain(3, {code: 'ECONNREFUSED'}), server).message).to.equal(refused)
    expect(mapKubeError(chain(1, {errno: 'ECONNREFUSED'}), server).message).to.equal(refused)
    expect(mapKubeError(chain(4, {code: 'ECONNREFUSED'}), server).message).to.equal('request failed')
    const err = Object.assign(new Error('x'), {cause: {code: 'ENOTFOUND'}})
    expect(mapKubeError(err, server, 'list Pod').message).to.equal(
      `cannot reach the cluster at ${server}: host not found`,
    )
    expect(mapKubeError(err, server).cause).to.equal(err)
  })
  it('an error it does not know keeps its first line, prefixed with what was attempted', () => {
    expect(mapKubeError(new Error('boom\n  at x'), server, 'get Pod a').message).to.equal('get Pod a: boom')
    expect(mapKubeError(new Error('boom'), server).message).to.equal('boom')
    expect(mapKubeError(Object.assign(new Error('odd'), {code: 'EWHATEVER'}), server).message).to.equal('odd')
    expect(mapKubeError('plain string', server).message).to.equal('plain string')
    expect(mapKubeError(undefined, server).message).to.equal('undefined')
    const odd = new Error('odd')
    expect(mapKubeError(odd, server).cause).to.equal(odd)
    expect(mapKubeError(new Error('Unexpected end of JSON input'), server).message).to.equal(
      "not valid JSON (from the API server or the kubeconfig's exec credential plugin)",
    )
  })
  it('passes a MeshctlError through unchanged', () => {
    const own = new MeshctlError('get version: no answer within 1s')
    expect(mapKubeError(own, server, 'get version')).to.equal(own)
  })
  it('isNotFound is true for the 404 only', () => {
    expect(isNotFound(Object.assign(new Error('x'), {code: 404}))).to.equal(true)
    expect(isNotFound(Object.assign(new Error('x'), {code: 403}))).to.equal(false)
    expect(isNotFound(undefined)).to.equal(false)
  })
})
