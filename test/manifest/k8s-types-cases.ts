/**
 * How istioctl 1.30.3 decodes `components.pilot.k8s` (encoding/json into operator/pkg/apis and k8s.io/api
 * structs): values at the edges of the leaf types go-types.ts checks. `ok` is istioctl's verdict on
 * `manifest generate -f` with `profile: empty` and the value at `path` under components.pilot.k8s
 * (test/oracle/values-types.test.ts checks every row against the binary); `want` is meshctl's message.
 */
import type {ValueTypeCase} from './values-types-cases.js'

const QUANTITY = 'resources.limits.cpu' // resource.Quantity
const INTSTR = 'strategy.rollingUpdate.maxSurge' // intstr.IntOrString
const BOOL = 'securityContext.runAsNonRoot' // *bool
const UINT32 = 'replicaCount' // uint32
const INT64 = 'securityContext.runAsUser' // *int64
const FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

const bad = (path: string, yaml: string, want: string): ValueTypeCase => ({path, yaml, ok: false, want})
const good = (path: string, ...yamls: string[]): ValueTypeCase[] =>
  yamls.map((yaml) => ({path, yaml, ok: true}))

export const K8S_TYPE_CASES: ValueTypeCase[] = [
  // Quantity: the JSON text without quotes, trimmed, through ParseQuantity (a bare sign or suffix is a quantity)
  ...good(QUANTITY, '1', '1e3', '"1"', '" 1"', '"100m"', '1Gi', 'm', '"+"', '"1e3"', '"1E-3"', 'null'),
  bad(QUANTITY, '""', FORMAT),
  bad(QUANTITY, 'lots', FORMAT),
  bad(QUANTITY, '"1.5.5"', FORMAT),
  bad(QUANTITY, 'true', FORMAT),
  bad(QUANTITY, '{}', FORMAT),
  bad(QUANTITY, '[1]', FORMAT),
  bad(QUANTITY, '"1K"', "unable to parse quantity's suffix"),
  bad(QUANTITY, '"1e"', "unable to parse quantity's suffix"),
  // IntOrString: a JSON string, or else an int32
  ...good(INTSTR, '"25%"', '""', '-2147483648', '2147483647', '2.0'),
  bad(INTSTR, '2147483648', 'expected an integer or a string, got number'),
  bad(INTSTR, '-2147483649', 'expected an integer or a string, got number'),
  bad(INTSTR, '1.5', 'expected an integer or a string, got number 1.5'),
  bad(INTSTR, 'true', 'expected an integer or a string, got boolean'),
  bad(INTSTR, '[1]', 'expected an integer or a string, got list'),
  // bool, uint32, int64
  ...good(BOOL, 'true', 'false', 'null'),
  bad(BOOL, '"yes"', 'expected a boolean, got string'),
  bad(BOOL, '1', 'expected a boolean, got number'),
  ...good(UINT32, '0', '4294967295', '2.0'),
  bad(UINT32, '4294967296', '4294967296 is out of range for uint32'),
  bad(UINT32, '-1', '-1 is out of range for uint32'),
  bad(UINT32, '"3"', 'expected an integer (uint32), got string'),
  bad(UINT32, '2.5', 'expected an integer (uint32), got number 2.5'),
  ...good(INT64, '9007199254740993', '-9007199254740993', '0'),
  bad(INT64, '"1"', 'expected an integer (int64), got string'),
  bad(INT64, '1.5', 'expected an integer (int64), got number 1.5'),
  // a struct must be an object, a list a list
  bad('securityContext', '3', 'expected an object, got number'),
  bad('tolerations', '{}', 'expected a list, got object'),
  bad('tolerations', '[3]', 'expected an object, got number'),
  bad('nodeSelector', '[]', 'expected an object, got list'),
  bad('nodeSelector', '{a: 1}', 'expected a string, got number'),
]
