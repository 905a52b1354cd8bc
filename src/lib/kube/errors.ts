import {MeshctlError} from '../errors.js'
import {fieldManagerConflicts} from './retry.js'

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
}

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted by the kubeconfig',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is not trusted by the kubeconfig',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by the kubeconfig CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate is not signed by the kubeconfig CA',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the server name',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
}

function errorCode(err: unknown): string | undefined {
  let e = err as {code?: unknown; errno?: unknown; cause?: unknown} | undefined
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code
    if (typeof e.errno === 'string') return e.errno
    e = e.cause as typeof e
  }
  return undefined
}

/** The Kubernetes Status message inside an API error body, if any. */
function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body))
    } catch {
      return body.trim() || undefined
    }
  }
  const m = (body as {message?: unknown})?.message
  return typeof m === 'string' ? m : undefined
}

const JSON_ERROR =
  /(Unexpected token|Unexpected end of JSON|Unexpected non-whitespace|is not valid JSON|in JSON at position|Bad control character)/

/** Maps a client-node or network error to a one-line MeshctlError that names the cluster. */
export function mapKubeError(err: unknown, server: string, what?: string): MeshctlError {
  if (err instanceof MeshctlError) return err
  const status = (err as {code?: unknown} | undefined)?.code
  if (typeof status === 'number') {
    const msg = statusMessage((err as {body?: unknown}).body) ?? (err as Error).message
    const prefix = what ? `${what}: ` : ''
    if (status === 401)
      return new MeshctlError(`unauthorized: the cluster at ${server} rejected the credentials`)
    // (no cause, which could carry the request; the status stays readable for isForbidden)
    if (status === 403) return Object.assign(new MeshctlError(`forbidden: ${msg} (RBAC)`), {code: 403})
    // The API server lists an apply's conflicts on several lines; one line names each field and its owner.
    const conflicts = status === 409 ? fieldManagerConflicts(err) : []
    if (conflicts.length)
      return new MeshctlError(
        `${prefix}conflict with another field manager: ${conflicts.map((c) => `${c.field} is owned by ${c.manager}`).join(', ')}`,
        {cause: err},
      )
    // Server-side failures are worth retrying or reporting; keep the status so the user can tell them apart.
    const suffix = status >= 500 || status === 429 ? ` (HTTP ${status} from ${server})` : ''
    return new MeshctlError(`${prefix}${msg}${suffix}`, {cause: err})
  }
  const code = errorCode(err)
  if (code && TLS_CODES[code]) return new MeshctlError(`TLS error talking to ${server}: ${TLS_CODES[code]}`)
  if (code && NETWORK_CODES[code])
    return new MeshctlError(`cannot reach the cluster at ${server}: ${NETWORK_CODES[code]}`, {cause: err})
  const message = (err as Error)?.message ?? String(err)
  // JSON.parse quotes the text it could not read, and that text may be a credential plugin's output
  const json = JSON_ERROR.exec(message)
  if (json)
    return new MeshctlError(
      `${what ? what + ': ' : ''}${message.slice(0, json.index)}not valid JSON (from the API server or the kubeconfig's exec credential plugin)`,
    )
  return new MeshctlError(`${what ? what + ': ' : ''}${message.split('\n')[0]}`, {cause: err})
}

/** True when an error is the API server's 409 Conflict (a stale resourceVersion, or another field manager). */
export function isConflict(err: unknown): boolean {
  const e = err as {code?: unknown; cause?: unknown}
  return e?.code === 409 || (e?.cause as {code?: unknown} | undefined)?.code === 409
}

/** True when an error is the API server's 403 Forbidden. */
export function isForbidden(err: unknown): boolean {
  const e = err as {code?: unknown; cause?: unknown}
  return e?.code === 403 || (e?.cause as {code?: unknown} | undefined)?.code === 403
}

/** True when an error is the API server's 404 Not Found. */
export function isNotFound(err: unknown): boolean {
  return (err as {code?: unknown})?.code === 404
}
