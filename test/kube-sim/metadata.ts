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

/** The API server labels metadata views plain `application/json`, as it does Tables' JSON. */
export const metadataContentType = (_view: MetaView): string => 'application/json'

export function partialObjectMetadata(o: KObj): KObj {
  return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata}
}

/** 406 for a view that does not fit the request (an object asked for as a list, or the reverse). */
export function notAcceptable(view: MetaView, t: {group: string; kind: string; custom?: boolean}): ApiError {
  const list = view === 'PartialObjectMetadata'
  // The Go type the API server names: internal types by group, custom resources as unstructured.
  const goType = t.custom
    ? `*unstructured.Unstructured${list ? 'List' : ''}`
    : `*${t.group ? t.group.split('.')[0] : 'core'}.${t.kind}${list ? 'List' : ''}`
  return new ApiError(
    406,
    'NotAcceptable',
    `you requested ${view}, but the requested object ${list ? 'is a list' : 'is not a list'} (${goType})`,
  )
}
