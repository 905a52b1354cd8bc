// IstioOperator rules: the installer's own checks of values, hub, tag and revision.
import {isDns1123Label} from '../checks.js'
import type {IstioOperatorSpec} from '../install.js'
import type {Json} from '../../manifest/goyaml.js'
import {hubProblem, revisionProblem, tagProblem} from '../../manifest/validate.js'
import {checkValues} from '../../manifest/values-schema.js'
import {VALUES_SCHEMA} from '../../manifest/values-schema.gen.js'
import {SPEC, duplicates, error, type Ctx, type Path} from './context.js'

/** `values.a.b[0].c` (the installer's path notation) as a field path under spec. */
const specPath = (dotted: string): Path => [
  ...SPEC,
  ...dotted.split(/\.|(?=\[)/).map((seg) => (/^\[\d+\]$/.test(seg) ? Number(seg.slice(1, -1)) : seg)),
]

/** The rules of an IstioOperator spec. */
export function istioOperator(spec: IstioOperatorSpec, c: Ctx) {
  // The installer's own checks (values against the values API, hub, tag, revision), shared with `manifest generate`.
  for (const p of checkValues(VALUES_SCHEMA, (spec.values ?? {}) as Json, 'values'))
    error(c, specPath(p.path), p.message)
  for (const [field, problem] of [
    ['hub', hubProblem(spec.hub ?? '')],
    ['tag', tagProblem(spec.tag)],
    ['revision', revisionProblem(spec.revision)],
  ] as const)
    error(c, [...SPEC, field], problem)
  if (spec.namespace !== undefined && spec.namespace !== '' && !isDns1123Label(spec.namespace))
    error(c, [...SPEC, 'namespace'], `invalid namespace "${spec.namespace}": must be a DNS-1123 label`)
  ;(['ingressGateways', 'egressGateways'] as const).forEach((kind) =>
    duplicates(
      c,
      [...SPEC, 'components', kind],
      spec.components?.[kind] ?? [],
      (g) => g.name,
      'gateway name',
    ),
  )
}
