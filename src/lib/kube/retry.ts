/**
 * Bounded retries for API requests, as client-go does for throttling and transient server failures:
 * 429 and 5xx answers (after Retry-After when the server sends one) and connections dropped before an
 * answer. A request that outlives --request-timeout is not retried: the user said how long to wait.
 * Every request meshctl makes is a read or an idempotent write (server-side apply, delete), so a retry
 * never applies anything twice.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** First back-off; doubled on each retry. */
  baseDelayMs: number
  /** Longest wait between attempts, Retry-After included. */
  maxDelayMs: number
  /**
   * Retry only 429s, which the server answers before doing anything: for writes that are not idempotent
   * (an update with a resourceVersion), where a dropped answer may hide a change already made.
   */
  throttledOnly?: boolean
  /**
   * Also retry 409 Conflicts that are not field-manager conflicts: for server-side apply, which is
   * idempotent, such a 409 only says the object changed while the server applied, so the same apply again
   * is right. A field-manager conflict (another manager owns the field) is final: retrying changes nothing.
   */
  conflicts?: boolean
}

export const DEFAULT_RETRY: RetryPolicy = {attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504])
/** Connection failures after which the server may well answer: reset or closed mid-request. */
const RETRY_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET'])

function networkCode(err: unknown): string | undefined {
  let e = err as {code?: unknown; cause?: unknown; message?: unknown} | undefined
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code
    if (typeof e.message === 'string' && /socket hang up/.test(e.message)) return 'ECONNRESET'
    e = e.cause as typeof e
  }
  return undefined
}

/** The causes of a server-side apply conflict: each field and the manager that owns it. */
export function fieldManagerConflicts(err: unknown): {field: string; manager: string}[] {
  let body = (err as {body?: unknown})?.body
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      return []
    }
  }
  const causes = (body as {details?: {causes?: unknown}} | undefined)?.details?.causes
  if (!Array.isArray(causes)) return []
  return causes
    .filter((c: {reason?: unknown}) => c?.reason === 'FieldManagerConflict')
    .map((c: {field?: unknown; message?: unknown}) => ({
      field: String(c.field ?? ''),
      manager: String(c.message ?? '').replace(/^conflicts? with /, ''),
    }))
}

function fieldManagerConflict(err: unknown): boolean {
  return fieldManagerConflicts(err).length > 0
}

/** The server's Retry-After in ms (seconds form only, as the API server sends it). */
function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as {headers?: unknown}).headers as Record<string, string> | undefined
  const v = headers?.['retry-after'] ?? headers?.['Retry-After']
  const s = Number(v) // NaN when absent
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined
}

/** How long to wait before attempt `attempt + 1` (attempt counts from 1), or undefined to give up. */
export function retryDelay(
  err: unknown,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY,
): number | undefined {
  if (attempt >= policy.attempts) return undefined
  const status = (err as {code?: unknown})?.code
  const retryable =
    typeof status === 'number'
      ? RETRY_STATUS.has(status) || (!!policy.conflicts && status === 409 && !fieldManagerConflict(err))
      : RETRY_NETWORK.has(networkCode(err) ?? '')
  if (!retryable || (policy.throttledOnly && status !== 429)) return undefined
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1)
  return Math.min(retryAfterMs(err) ?? backoff, policy.maxDelayMs)
}

/** Runs fn, retrying as retryDelay says. */
export async function withRetries<R>(fn: () => Promise<R>, policy: RetryPolicy = DEFAULT_RETRY): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const delay = retryDelay(err, attempt, policy)
      if (delay === undefined) throw err
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}
