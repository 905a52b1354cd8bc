/**
 * Metadata-only views (`Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1`), which
 * client-go's metadata client and informers use: istiod watches CRDs that way. Only JSON is served, so
 * protobuf entries of the Accept list are passed over, as the API server would pass over a type it lacks.
 */
import {ApiError} from './status.js'
import type {KObj} from './store.js'

export type MetaView = 'PartialObjectMetadata' | 'PartialObjectMetadataList'

/** The metadata view the first servable (JSON) entry of an Accept header asks for, if any. */
export function wantsMetadata(accept: string | undefined): MetaView | undefined {
  for (const raw of (accept ?? '').split(',')) {
    const entry = raw.trim()
    if (!entry || /protobuf|cbor/.test(entry)) continue
    const m = /;\s*as=(PartialObjectMetadata(?:List)?)\b/.exec(entry)
    return m && /;\s*g=meta\.k8s\.io\b/.test(entry) ? (m[1] as MetaView) : undefined
  }
  return undefined
}

export const metadataContentType = (view: MetaView): string =>
  `application/json;as=${view};g=meta.k8s.io;v=v1`

export function partialObjectMetadata(o: KObj): KObj {
  return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata}
}

/** 406 for a view that does not fit the request (an object asked for as a list, or the reverse). */
export function notAcceptable(): ApiError {
  return new ApiError(
    406,
    'NotAcceptable',
    'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  )
}
