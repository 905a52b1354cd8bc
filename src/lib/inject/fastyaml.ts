/**
 * Reading rendered injection templates fast: js-yaml with go-yaml v2's resolution of plain scalars
 * (YAML 1.1 booleans, Go integers, timestamps as strings) and sigs.k8s.io/yaml's JSON numbers. Text that
 * uses anchors, aliases, tags or merge keys, or that js-yaml refuses, goes to the exact (slower) reader,
 * which also words the errors.
 * @module
 */
import jsyaml from 'js-yaml'
import {goYamlParse} from '../template/index.js'
import {resolveScalar} from '../yaml/go-yaml.js'

const GO_SCALAR = new jsyaml.Type('tag:yaml.org,2002:go', {
  kind: 'scalar',
  resolve: () => true,
  construct: (s: string | null) => {
    const r = resolveScalar(s ?? '')
    if (r.tag === 'int') return Number(r.value as bigint)
    if (r.tag === 'float' && !Number.isFinite(r.value as number)) throw new Error('unsupported float')
    return r.value
  },
})
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({implicit: [GO_SCALAR]})
const SPECIAL = /<<|[\s[{,-][&*!]/

/** sigs.k8s.io/yaml.Unmarshal of the first document into interface{}. */
export function parseRenderedYaml(text: string): unknown {
  if (!SPECIAL.test(text)) {
    try {
      const v = jsyaml.load(text, {schema: SCHEMA})
      return v === undefined ? null : v
    } catch {
      // the exact reader decides, and gives the error its wording
    }
  }
  return goYamlParse(text)
}
