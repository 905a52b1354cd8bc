/**
 * Bounded retries for API calls during install and uninstall: 429 (honouring Retry-After), 5xx and
 * connections dropped mid-request are retried with exponential backoff; anything else fails at once.
 * @module
 */

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  attempts: number
  /** First backoff in ms (doubled each time). */
  baseMs: number
  /** Longest single wait in ms (also caps Retry-After). */
  maxMs: number
  /** Called before each wait (for logs and progress). */
  onRetry?: (what: string, reason: string, waitMs: number) => void
  sleep?: (ms: number) => Promise<void>
}

export const DEFAULT_RETRY: RetryPolicy = {attempts: 6, baseMs: 200, maxMs: 5000}

const RETRIED_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET'])

interface ErrorLike {
  code?: unknown
  headers?: Record<string, string>
  cause?: unknown
  message?: string
}

/** Walks an error and its causes. */
function* chain(err: unknown): Generator<ErrorLike> {
  let e = err as ErrorLike | undefined
  for (let depth = 0; e && depth < 6; depth++) {
    yield e
    e = e.cause as ErrorLike | undefined
  }
}

/** Why an error is worth retrying (e.g. `HTTP 503`), with the server's Retry-After in ms; undefined if not. */
export function retryable(err: unknown): {reason: string; retryAfterMs?: number} | undefined {
  for (const e of chain(err)) {
    if (typeof e.code === 'number') {
      if (e.code !== 429 && e.code < 500) return undefined
      const header = e.headers?.['retry-after'] ?? e.headers?.['Retry-After']
      const secs = header !== undefined ? Number(header) : NaN
      return {reason: `HTTP ${e.code}`, retryAfterMs: Number.isFinite(secs) ? secs * 1000 : undefined}
    }
    if (typeof e.code === 'string' && RETRIED_NETWORK.has(e.code)) return {reason: e.code}
    if (/socket hang up|other side closed|premature close/i.test(e.message ?? ''))
      return {reason: 'connection dropped'}
  }
  return undefined
}

/** Runs fn, retrying what `retryable` accepts within the policy's bounds. */
export async function withRetry<T>(what: string, fn: () => Promise<T>, policy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const why = retryable(err)
      if (!why || attempt >= policy.attempts) throw err
      const backoff = Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs)
      const wait = Math.min(why.retryAfterMs ?? backoff, policy.maxMs)
      policy.onRetry?.(what, why.reason, wait)
      await sleep(wait)
    }
  }
}
