import {expect} from 'chai'
import {isConflict, mapKubeError} from '../../../../src/lib/kube/errors.js'

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
})
