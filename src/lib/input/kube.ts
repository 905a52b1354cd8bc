import type {InputObject} from './documents.js'

/** Whether an object is a Kubernetes `List` (a kind ending in List with an `items` array). */
export const isList = (o: Record<string, unknown>): boolean =>
  typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)

/** The warning for an object that is not a Kubernetes object (no apiVersion or kind), if it is one. */
export function missingTypeMeta(o: Pick<InputObject, 'object'>): string | undefined {
  const absent = ['apiVersion', 'kind'].filter((k) => typeof o.object[k] !== 'string' || o.object[k] === '')
  if (absent.length === 0) return undefined
  return `object has no ${absent.join(' or ')}: not a Kubernetes object, not validated`
}
