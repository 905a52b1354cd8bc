/** Kubernetes `Status` error objects, thrown as ApiError and written as the response body. */

export interface Cause {
  reason?: string
  message: string
  field?: string
  type?: string
}

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: Cause[]
  retryAfterSeconds?: number
}

/** An error that the HTTP layer answers with a Status object and the same HTTP code. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message)
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? {details: this.details} : {}),
      code: this.code,
    }
  }
}

/** `deployments.apps` or `configmaps`: how messages name a resource. */
export const qualified = (resource: string, group: string) => (group ? `${resource}.${group}` : resource)

export const notFound = (resource: string, group: string, name: string) =>
  new ApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, {
    name,
    group: group || undefined,
    kind: resource,
  })

export const alreadyExists = (resource: string, group: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    group: group || undefined,
    kind: resource,
  })

export const conflict = (resource: string, group: string, name: string) =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    {name, group: group || undefined, kind: resource},
  )

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message)

/** 422 Invalid with field causes, e.g. `ConfigMap "x" is invalid: metadata.name: Invalid value: …`. */
export function invalid(kind: string, group: string, name: string, causes: Cause[]): ApiError {
  const msg = causes.map((c) => `${c.field}: ${c.message}`).join(', ')
  return new ApiError(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${msg}`, {
    name,
    group: group || undefined,
    kind,
    causes: causes.map((c) => ({
      reason: c.reason ?? 'FieldValueInvalid',
      message: c.message,
      field: c.field,
    })),
  })
}

/** The success Status returned by DELETE for most kinds. */
export function successStatus(details: StatusDetails): Record<string, unknown> {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details}
}
