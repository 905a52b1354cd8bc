// CustomResourceDefinitions generated from the kind registry.
import {goYamlMarshal} from '../template/yaml.js'
import {ISTIO_KINDS, STATUS_SCHEMA, type KindInfo} from './kinds.js'
import {checkRules} from './cel.js'
import type {JSONSchemaProps} from './schema.js'

/**
 * A schema as Kubernetes sees it: our `x-meshctl-*` annotations removed (value checks become the CEL rules
 * that say the same, cel.ts), keys in a stable order.
 */
export function structuralSchema(s: JSONSchemaProps): JSONSchemaProps {
  const out: Record<string, unknown> = {}
  const rules = [...checkRules(s['x-meshctl-checks']), ...(s['x-kubernetes-validations'] ?? [])]
  for (const key of [...new Set([...Object.keys(s), 'x-kubernetes-validations'])].sort()) {
    if (key.startsWith('x-meshctl-')) continue
    if (key === 'x-kubernetes-validations') {
      if (rules.length) out[key] = rules
      continue
    }
    const v = (s as Record<string, unknown>)[key]
    if (key === 'properties') {
      const props: Record<string, JSONSchemaProps> = {}
      for (const [name, p] of Object.entries(v as Record<string, JSONSchemaProps>).sort(([a], [b]) =>
        a < b ? -1 : 1,
      ))
        props[name] = structuralSchema(p)
      out[key] = props
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = structuralSchema(v as JSONSchemaProps)
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      out[key] = (v as JSONSchemaProps[]).map(structuralSchema)
    } else {
      out[key] = v
    }
  }
  return out as JSONSchemaProps
}

/** The whole-object schema of a kind: spec (required for some kinds) and status. */
export function objectSchema(k: KindInfo): JSONSchemaProps {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {...structuralSchema(k.spec), description: `The ${k.kind} configuration.`},
      status: structuralSchema(STATUS_SCHEMA),
    },
  }
  if (k.specRequired) schema.required = ['spec']
  return schema
}

/** One CustomResourceDefinition (apiextensions.k8s.io/v1) for a kind. */
export function crdFor(k: KindInfo): Record<string, unknown> {
  const schema = objectSchema(k)
  const names: Record<string, unknown> = {
    categories: k.categories,
    kind: k.kind,
    listKind: `${k.kind}List`,
    plural: k.plural,
    singular: k.singular,
  }
  if (k.shortNames.length) names.shortNames = k.shortNames
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${k.plural}.${k.group}`,
      labels: {app: 'istio-pilot', chart: 'istio', heritage: 'Tiller', release: 'istio'},
      annotations: {'helm.sh/resource-policy': 'keep'},
    },
    spec: {
      group: k.group,
      names,
      scope: k.scope,
      versions: [...k.versions].sort().map((name) => ({
        name,
        served: true,
        storage: name === k.storageVersion,
        ...(k.printerColumns.length ? {additionalPrinterColumns: k.printerColumns} : {}),
        schema: {openAPIV3Schema: schema},
        subresources: {status: {}},
      })),
    },
  }
}

/**
 * The CRDs meshctl installs: one per installed Istio kind, ordered by group then kind. Plain JSON data that
 * shares no objects (so YAML writers emit no anchors/aliases).
 */
export function generateCrds(): Record<string, unknown>[] {
  const crds = ISTIO_KINDS.filter((k) => k.installed)
    .slice()
    .sort((a, b) => (a.group === b.group ? (a.kind < b.kind ? -1 : 1) : a.group < b.group ? -1 : 1))
    .map(crdFor)
  return JSON.parse(JSON.stringify(crds)) as Record<string, unknown>[]
}

/**
 * The base chart's crd-all.gen.yaml: the CRDs as one multi-document YAML file, each document exactly as Helm's
 * `toYaml` writes it (sigs.k8s.io/yaml: sorted keys, no anchors), so that the chart can emit a CRD as text,
 * splicing in its labels, instead of parsing and writing it again (manifests/charts/base/templates/crds.yaml).
 * Written by `npm run gen:crds -- FILE` and checked by test/manifests-data/crds.test.ts.
 */
export function crdsYaml(): string {
  const docs = generateCrds().map((crd) => goYamlMarshal(crd).trimEnd())
  return `# Generated from src/lib/api by npm run gen:crds. Do not edit.\n${docs.join('\n---\n')}\n`
}
