import type {InputObject, ParsedInput} from './documents.js'

/** Whether an object is a Kubernetes `List` (a kind ending in List with an `items` array). */
export const isList = (o: Record<string, unknown>): boolean =>
  typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)

/** The warning for an object that is not a Kubernetes object (no apiVersion or kind), if it is one. */
function missingTypeMeta(o: Pick<InputObject, 'object'>): string | undefined {
  const absent = ['apiVersion', 'kind'].filter((k) => typeof o.object[k] !== 'string' || o.object[k] === '')
  if (absent.length === 0) return undefined
  return `object has no ${absent.join(' or ')}: not a Kubernetes object, not validated`
}

/**
 * Adds `o` to the objects read, or, when it is not a Kubernetes object, a warning at its line instead
 * (istioctl skips such documents).
 */
export function admitObject(o: InputObject, into: ParsedInput): void {
  const missing = missingTypeMeta(o)
  if (missing) into.problems.push({source: o.source, line: o.line, message: missing, level: 'warning'})
  else into.objects.push(o)
}
