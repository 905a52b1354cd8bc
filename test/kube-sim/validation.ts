/** Object validation beyond names: the checks that matter for meshctl (CRDs), answered with 422 causes. */
import type {ResourceType} from './registry.js'
import type {Cause} from './status.js'
import type {KObj} from './store.js'

/** RFC 1123 subdomain and label, the apiserver's name formats. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

const required = (field: string): Cause => ({field, reason: 'FieldValueRequired', message: 'Required value'})
const bad = (field: string, value: unknown, why: string): Cause => ({
  field,
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
})

/** CustomResourceDefinition checks: group, names, scope, versions (exactly one storage version), `<plural>.<group>`. */
function validateCrd(obj: KObj): Cause[] {
  const causes: Cause[] = []
  const spec = obj.spec ?? {}
  const names = spec.names ?? {}
  if (!spec.group) causes.push(required('spec.group'))
  else if (!DNS_SUBDOMAIN.test(spec.group) || !spec.group.includes('.')) {
    causes.push(bad('spec.group', spec.group, 'should be a domain with at least one dot'))
  }
  if (!names.plural) causes.push(required('spec.names.plural'))
  else if (!DNS_LABEL.test(names.plural))
    causes.push(bad('spec.names.plural', names.plural, 'a lowercase RFC 1123 label'))
  if (!names.kind) causes.push(required('spec.names.kind'))
  if (names.singular !== undefined && !DNS_LABEL.test(names.singular)) {
    causes.push(bad('spec.names.singular', names.singular, 'a lowercase RFC 1123 label'))
  }
  for (const [i, s] of ((names.shortNames ?? []) as string[]).entries()) {
    if (!DNS_LABEL.test(s)) causes.push(bad(`spec.names.shortNames[${i}]`, s, 'a lowercase RFC 1123 label'))
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({
      field: 'spec.scope',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"`,
    })
  }
  const versions = (spec.versions ?? []) as {name?: string; storage?: boolean}[]
  if (!versions.length) causes.push(required('spec.versions'))
  else if (versions.filter((v) => v.storage).length !== 1) {
    causes.push(
      bad(
        'spec.versions',
        versions.map((v) => v.name),
        'must have exactly one version marked as storage version',
      ),
    )
  }
  if (names.plural && spec.group && obj.metadata.name !== `${names.plural}.${spec.group}`) {
    causes.push(bad('metadata.name', obj.metadata.name, `must be spec.names.plural+"."+spec.group`))
  }
  return causes
}

/** Validation errors for an object about to be written (empty when valid). */
export function validate(t: ResourceType, obj: KObj): Cause[] {
  if (t.group === 'apiextensions.k8s.io' && t.kind === 'CustomResourceDefinition') return validateCrd(obj)
  return []
}

type Schema = {
  type?: string
  properties?: Record<string, Schema>
  additionalProperties?: Schema | boolean
  items?: Schema
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  'x-kubernetes-int-or-string'?: boolean
}

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata'])

/**
 * Fields of a custom resource its structural schema does not declare (`spec.foo`), honouring
 * x-kubernetes-preserve-unknown-fields, additionalProperties and embedded resources. With prune, they are
 * removed from obj (what the apiserver does unless field validation is Strict).
 */
export function unknownFields(obj: unknown, schema: Schema | undefined, prune: boolean): string[] {
  const out: string[] = []
  walkSchema(obj, schema, '', true, prune, out)
  return out
}

function walkSchema(
  v: unknown,
  s: Schema | undefined,
  path: string,
  root: boolean,
  prune: boolean,
  out: string[],
): void {
  if (!s || v === null || typeof v !== 'object') return
  if (Array.isArray(v)) {
    v.forEach((x, i) => walkSchema(x, s.items, `${path}[${i}]`, false, prune, out))
    return
  }
  const o = v as Record<string, unknown>
  const allowMeta = root || s['x-kubernetes-embedded-resource']
  for (const key of Object.keys(o)) {
    const sub = `${path ? `${path}.` : ''}${key}`
    if (allowMeta && ROOT_FIELDS.has(key)) continue
    const declared = s.properties?.[key]
    if (declared) walkSchema(o[key], declared, sub, false, prune, out)
    else if (typeof s.additionalProperties === 'object')
      walkSchema(o[key], s.additionalProperties, sub, false, prune, out)
    else if (
      s.additionalProperties === true ||
      s['x-kubernetes-preserve-unknown-fields'] ||
      s['x-kubernetes-int-or-string']
    )
      continue
    else if (s.properties || s.type === 'object') {
      out.push(sub)
      if (prune) delete o[key]
    }
  }
}
