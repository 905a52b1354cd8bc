/** Faults on demand: latency, error statuses (429 with Retry-After, 500, 503, 409), dropped connections, canned answers. */
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Duplex} from 'node:stream'
import {ApiError} from './status.js'

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string
  /** Path to match: a prefix string or a RegExp on the path (any when absent). */
  path?: string | RegExp
  /** Only when the query string contains this (e.g. `watch=true`). */
  query?: string
  /** Delay before handling (or before failing), in ms. */
  latencyMs?: number
  /** Answer with this status: 429, 500, 503, 409, … */
  status?: number
  /** Retry-After seconds for 429/503. */
  retryAfter?: number
  /** Destroy the connection without answering. */
  drop?: boolean
  /** Answer with exactly this (an "expectation" overriding the simulator, e.g. an odd body for error paths). */
  respond?: {status: number; body: unknown; headers?: Record<string, string>}
  /** How many requests this rule hits (default: unlimited). */
  times?: number
}

/** Removes a fault rule; `hits` is how many requests it has hit so far. */
export type RemoveFault = (() => void) & {readonly hits: number}

const REASONS: Record<number, [string, string]> = {
  409: [
    'Conflict',
    'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again',
  ],
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: injected fault'],
  503: ['ServiceUnavailable', 'The server is currently unable to handle the request'],
  504: ['Timeout', 'Timeout: request did not complete within the allowed duration'],
}

/** The fault table; the first matching rule with hits left applies. */
export class Faults {
  private rules: (FaultRule & {hits: number})[] = []

  /** Adds a rule; returns a function removing it, which also tells how many requests the rule hit. */
  add(rule: FaultRule): RemoveFault {
    const r = {...rule, hits: 0}
    this.rules.push(r)
    const remove = () => {
      this.rules = this.rules.filter((x) => x !== r)
    }
    return Object.defineProperty(remove, 'hits', {get: () => r.hits}) as RemoveFault
  }

  clear(): void {
    this.rules = []
  }

  private match(method: string, path: string, query: string): (FaultRule & {hits: number}) | undefined {
    return this.rules.find(
      (r) =>
        (r.times === undefined || r.hits < r.times) &&
        (!r.method || r.method.toUpperCase() === method) &&
        (!r.query || query.includes(r.query)) &&
        (!r.path || (typeof r.path === 'string' ? path.startsWith(r.path) : r.path.test(path))),
    )
  }

  /** Applies a matching rule. Returns true when the request was answered (or dropped) here. */
  async apply(
    entry: {method: string; path: string; query: string},
    _req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const rule = this.match(entry.method, entry.path, entry.query)
    if (!rule) return false
    rule.hits++
    if (rule.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs))
    if (rule.drop) {
      res.socket?.destroy()
      return true
    }
    if (rule.respond) {
      const {status, body, headers} = rule.respond
      const text = typeof body === 'string' ? body : JSON.stringify(body)
      res.writeHead(status, {'Content-Type': 'application/json', ...headers}).end(text)
      return true
    }
    if (rule.status) {
      const [reason, message] = REASONS[rule.status] ?? ['InternalError', `injected status ${rule.status}`]
      throw new ApiError(
        rule.status,
        reason,
        message,
        rule.retryAfter ? {retryAfterSeconds: rule.retryAfter} : undefined,
      )
    }
    return false
  }

  /**
   * Applies a matching rule to an upgrade request (port-forward, exec): a drop resets the connection, a
   * status answers it with that Status instead of switching protocols. Latency delays it. Returns
   * (a promise of) true when the request was answered (or dropped) here; undefined, at once, when no rule
   * matches, so an unfaulted upgrade is handed on synchronously.
   */
  applyUpgrade(
    entry: {method: string; path: string; query: string},
    socket: Duplex,
  ): Promise<boolean> | undefined {
    const rule = this.match(entry.method, entry.path, entry.query)
    if (!rule) return undefined
    rule.hits++
    return this.answerUpgrade(rule, socket)
  }

  private async answerUpgrade(rule: FaultRule, socket: Duplex): Promise<boolean> {
    if (rule.latencyMs) await new Promise((r) => setTimeout(r, rule.latencyMs))
    if (rule.drop) {
      socket.destroy()
      return true
    }
    const status = rule.respond?.status ?? rule.status
    if (!status) return false
    const [reason, message] = REASONS[status] ?? ['InternalError', `injected status ${status}`]
    const body = rule.respond
      ? JSON.stringify(rule.respond.body)
      : JSON.stringify(new ApiError(status, reason, message).toStatus())
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n` +
        (rule.retryAfter ? `Retry-After: ${rule.retryAfter}\r\n` : '') +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
    return true
  }
}
