import {expect} from 'chai'
import {retryDelay, withRetries, type RetryPolicy} from '../../../../src/lib/kube/retry.js'
import {MeshctlError} from '../../../../src/lib/errors.js'

const policy: RetryPolicy = {attempts: 4, baseDelayMs: 10, maxDelayMs: 1000}
const status = (code: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error('x'), {code, headers})
const network = (code: string) => Object.assign(new Error('request failed'), {cause: {code}})

describe('kube retry: bounded retries of throttled and transient failures', () => {
  const rows: [string, unknown, number, number | undefined][] = [
    ['429 with Retry-After waits as the server asks', status(429, {'retry-after': '0.5'}), 1, 500],
    ['429 without Retry-After backs off', status(429), 2, 20],
    ['503 with Retry-After waits as asked, up to the cap', status(503, {'retry-after': '60'}), 1, 1000],
    ['500 backs off exponentially', status(500), 3, 40],
    ['502 and 504 are transient', status(504), 1, 10],
    ['a reset connection is retried', network('ECONNRESET'), 1, 10],
    ['a socket hang-up is retried', new Error('request to https://x failed, reason: socket hang up'), 1, 10],
    ['502 is transient', status(502), 1, 10],
    ['the attempt before the last still backs off', status(500), 3, 40],
    ['the last attempt gives up', status(500), 4, undefined],
    ['Retry-After is read in either case', status(429, {'Retry-After': '0.2'}), 1, 200],
    ['Retry-After 0 means now', status(429, {'retry-after': '0'}), 2, 0],
    ['a negative Retry-After is ignored', status(429, {'retry-after': '-1'}), 2, 20],
    ['a date Retry-After is ignored', status(503, {'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT'}), 1, 10],
    ['a broken pipe is retried', network('EPIPE'), 2, 20],
    ['an aborted connection is retried', network('ECONNABORTED'), 1, 10],
    ["undici's socket error is retried", network('UND_ERR_SOCKET'), 1, 10],
    [
      'a reset three causes deep is retried',
      Object.assign(new Error('a'), {cause: {cause: {cause: {code: 'ECONNRESET'}}}}),
      1,
      10,
    ],
    [
      'a reset four causes deep is not looked for',
      Object.assign(new Error('a'), {cause: {cause: {cause: {cause: {code: 'ECONNRESET'}}}}}),
      1,
      undefined,
    ],
    ['an error with no code is final', new Error('x'), 1, undefined],
    ['an infinite Retry-After is ignored', status(503, {'retry-after': 'Infinity'}), 1, 10],
    ['nothing thrown is final', undefined, 1, undefined],
    ['403 is final', status(403), 1, undefined],
    ['401 is final', status(401), 1, undefined],
    ['404 is final', status(404), 1, undefined],
    ['409 is final (a conflict needs a new decision)', status(409), 1, undefined],
    ['a refused connection is final (nothing listens)', network('ECONNREFUSED'), 1, undefined],
    [
      'our own --request-timeout is final',
      new MeshctlError('get version: no answer within 1s'),
      1,
      undefined,
    ],
  ]
  it("retries a 409 for server-side apply, but not another field manager's conflict", () => {
    const apply = {...policy, conflicts: true}
    const stale = Object.assign(new Error('x'), {code: 409, body: {reason: 'Conflict', message: 'modified'}})
    const owned = Object.assign(new Error('x'), {
      code: 409,
      body: {
        details: {causes: [{reason: 'FieldManagerConflict', message: 'conflict with "ops"', field: '.a'}]},
      },
    })
    expect(retryDelay(stale, 1, apply)).to.equal(10)
    expect(retryDelay(stale, 4, apply)).to.equal(undefined)
    expect(retryDelay(owned, 1, apply)).to.equal(undefined)
    expect(retryDelay(stale, 1, policy)).to.equal(undefined)
  })
  it('retries only 429 for writes that are not idempotent', () => {
    const writes = {...policy, throttledOnly: true}
    expect(retryDelay(status(429), 1, writes)).to.equal(10)
    expect(retryDelay(status(503), 1, writes)).to.equal(undefined)
    expect(retryDelay(network('ECONNRESET'), 1, writes)).to.equal(undefined)
  })
  for (const [what, err, attempt, want] of rows)
    it(what, () => expect(retryDelay(err, attempt, policy)).to.equal(want))

  it('retries until success, and stops after the attempts', async () => {
    let calls = 0
    expect(
      await withRetries(async () => {
        if (++calls < 3) throw status(503)
        return 'ok'
      }, policy),
    ).to.equal('ok')
    expect(calls).to.equal(3)
    calls = 0
    await withRetries(async () => {
      calls++
      throw status(500)
    }, policy).then(
      () => expect.fail('should throw'),
      (e: {code: number}) => expect(e.code).to.equal(500),
    )
    expect(calls).to.equal(policy.attempts)
  })
})
