/**
 * How istioctl 1.30.3 decodes `values` (github.com/golang/protobuf jsonpb into values_types.proto, after
 * sigs.k8s.io/yaml turned the YAML into JSON): one field of each proto type and values at the edges. `ok` is
 * istioctl's verdict: `manifest generate -f` with `profile: empty` and the value at `path` under spec.values
 * either renders or fails with "could not unmarshal" (test/oracle/values-types.test.ts checks every row
 * against the binary). `yaml` is the value as written in the file; `want` is meshctl's message when refused.
 */
export interface ValueTypeCase {
  path: string
  yaml: string
  ok: boolean
  want?: string
}

const INT32 = 'pilot.cpu.targetAverageUtilization' // int32
const INT64 = 'cni.resourceQuotas.pods' // int64
const UINT32 = 'pilot.autoscaleMin' // uint32
const DOUBLE = 'pilot.traceSampling' // double
const DURATION = 'pilot.keepaliveMaxServerConnectionAge' // google.protobuf.Duration
const ENUM = 'global.proxy.tracer' // enum tracer
const INT_OR_STRING = 'cni.rollingMaxUnavailable' // IntOrString (custom UnmarshalJSON)
const BOOL = 'global.proxy.holdApplicationUntilProxyStarts' // google.protobuf.BoolValue
const STRING = 'global.hub'
const STRUCT = 'pilot.env' // google.protobuf.Struct
const STRUCT_LIST = 'global.defaultTolerations' // repeated google.protobuf.Struct
const STRING_MAP = 'pilot.resources.limits' // map<string, string>

const bad = (path: string, yaml: string, want: string): ValueTypeCase => ({path, yaml, ok: false, want})
const good = (path: string, ...yamls: string[]): ValueTypeCase[] =>
  yamls.map((yaml) => ({path, yaml, ok: true}))

export const VALUE_TYPE_CASES: ValueTypeCase[] = [
  // int32: trimQuote, then a JSON integer in range; a YAML float with no fraction is an integer by then
  ...good(INT32, '"80"', '"-80"', '" 8"', '"-0"', '2147483647', '-2147483648', '2.0', '1e2', '-0.0'),
  bad(INT32, '2147483648', 'expected an integer (int32), got number'),
  bad(INT32, '-2147483649', 'expected an integer (int32), got number'),
  bad(INT32, '"2147483648"', 'expected an integer (int32), got string'),
  bad(INT32, '"080"', 'expected an integer (int32), got string'),
  bad(INT32, '"1e2"', 'expected an integer (int32), got string'),
  bad(INT32, '1.5', 'expected an integer (int32), got number'),
  bad(INT32, 'true', 'expected an integer (int32), got boolean'),
  // int64
  ...good(INT64, '3000000000', '"9223372036854775807"', '"-9223372036854775808"'),
  bad(INT64, '"9223372036854775808"', 'expected an integer (int64), got string'),
  bad(INT64, '"-9223372036854775809"', 'expected an integer (int64), got string'),
  bad(INT64, '1.5', 'expected an integer (int64), got number'),
  // uint32: no sign in a string, not even -0
  ...good(UINT32, '"5"', '" 5"', '"5 "', '-0', '4294967295', '"4294967295"', '5.0', '-0.0'),
  bad(UINT32, '-1', 'expected an unsigned integer, got number'),
  bad(UINT32, '"-0"', 'expected an unsigned integer, got string'),
  bad(UINT32, '"05"', 'expected an unsigned integer, got string'),
  bad(UINT32, '"+5"', 'expected an unsigned integer, got string'),
  bad(UINT32, '"5.0"', 'expected an unsigned integer, got string'),
  bad(UINT32, '4294967296', 'expected an unsigned integer, got number'),
  bad(UINT32, '"4294967296"', 'expected an unsigned integer, got string'),
  bad(UINT32, '5.5', 'expected an unsigned integer, got number'),
  // double: a JSON number (quoted or not) or exactly "NaN", "Infinity", "-Infinity"
  ...good(DOUBLE, '"1.5"', '" 1"', '"-0"', '"1e3"', '"NaN"', '"Infinity"', '"-Infinity"', '1e308'),
  bad(DOUBLE, '""', 'expected a number, got string'),
  bad(DOUBLE, '"0x10"', 'expected a number, got string'),
  bad(DOUBLE, '"+1"', 'expected a number, got string'),
  bad(DOUBLE, '".5"', 'expected a number, got string'),
  bad(DOUBLE, '"1."', 'expected a number, got string'),
  bad(DOUBLE, '"inf"', 'expected a number, got string'),
  bad(DOUBLE, '"nan"', 'expected a number, got string'),
  bad(DOUBLE, '" NaN"', 'expected a number, got string'),
  bad(DOUBLE, '"1e309"', 'expected a number, got string'),
  bad(DOUBLE, 'true', 'expected a number, got boolean'),
  // Duration: a string Go's time.ParseDuration reads
  ...good(DURATION, '30m', '1.5s', '"1h2m"', '-1s', '1000000h', '"0"', '1us', '1µs', '.5s', '1.s'),
  bad(DURATION, 'abc', 'expected a duration (such as 1h2m3.5s), got string'),
  bad(DURATION, '""', 'expected a duration (such as 1h2m3.5s), got string'),
  bad(DURATION, '1d', 'expected a duration (such as 1h2m3.5s), got string'),
  bad(DURATION, '" 1s"', 'expected a duration (such as 1h2m3.5s), got string'),
  bad(DURATION, '.s', 'expected a duration (such as 1h2m3.5s), got string'),
  bad(DURATION, '1h1', 'expected a duration (such as 1h2m3.5s), got string'),
  bad(DURATION, '3000000h', 'expected a duration (such as 1h2m3.5s), got string'),
  // int64 nanoseconds, each unit at its edge
  ...good(
    DURATION,
    '9223372036854775807ns',
    '-9223372036854775808ns',
    '2562047h',
    '153722867m',
    '9223372036s',
    '9223372036854ms',
    '9223372036854775us',
    '2562047h47m16.854775807s',
    '1h1ms1ns',
  ),
  ...[
    '9223372036854775808ns',
    '2562048h',
    '153722868m',
    '9223372037s',
    '9223372036855ms',
    '9223372036854776us',
    '9223372036854776µs',
    '9223372036854776μs',
    '2562047h47m16.854775808s',
  ].map((d) => bad(DURATION, d, 'expected a duration (such as 1h2m3.5s), got string')),
  bad(DURATION, '30', 'expected a duration (such as 1h2m3.5s), got number'),
  bad(DURATION, 'true', 'expected a duration (such as 1h2m3.5s), got boolean'),
  // enum: a value name exactly as declared, or any int32
  ...good(ENUM, 'zipkin', 'none', '3', '0', '-1', '99', 'null'),
  bad(ENUM, 'bogus', '"bogus" is not one of zipkin, lightstep, datadog, stackdriver, openCensusAgent, none'),
  bad(ENUM, '"3"', '"3" is not one of zipkin, lightstep, datadog, stackdriver, openCensusAgent, none'),
  bad(ENUM, '""', '"" is not one of zipkin, lightstep, datadog, stackdriver, openCensusAgent, none'),
  bad(
    ENUM,
    '"zipkin "',
    '"zipkin " is not one of zipkin, lightstep, datadog, stackdriver, openCensusAgent, none',
  ),
  bad(
    ENUM,
    'Zipkin',
    '"Zipkin" is not one of zipkin, lightstep, datadog, stackdriver, openCensusAgent, none',
  ),
  bad(ENUM, '3.5', 'expected an enum name, got number'),
  bad(ENUM, '2147483648', 'expected an enum name, got number'),
  bad(ENUM, '-2147483649', 'expected an enum name, got number'),
  bad(ENUM, 'true', 'expected an enum name, got boolean'),
  bad(ENUM, '{}', 'expected an enum name, got object'),
  ...good('global.resourceScope', 'all', 'namespace'),
  bad('global.resourceScope', 'ALL', '"ALL" is not one of undefined, all, cluster, namespace'),
  // IntOrString: a JSON string, or else an int32
  ...good(INT_OR_STRING, '"x"', '""', '"25%"', '-5', '-2147483648', '2.0'),
  bad(INT_OR_STRING, '1.5', 'expected an integer or a string, got number'),
  bad(INT_OR_STRING, '2147483648', 'expected an integer or a string, got number'),
  bad(INT_OR_STRING, 'true', 'expected an integer or a string, got boolean'),
  bad(INT_OR_STRING, '{}', 'expected an integer or a string, got object'),
  bad(INT_OR_STRING, '[1]', 'expected an integer or a string, got list'),
  // bool and string: JSON's own types only
  ...good(BOOL, 'true', 'false', 'null'),
  bad(BOOL, '"yes"', 'expected a boolean, got string'),
  bad(BOOL, '1', 'expected a boolean, got number'),
  ...good(STRING, 'docker.io/istio', '""'),
  bad(STRING, '1', 'expected a string, got number'),
  bad(STRING, 'true', 'expected a string, got boolean'),
  // Struct, repeated Struct, map<string, string>
  ...good(STRUCT, 'null', '{a: 1}'),
  bad(STRUCT, '[]', 'expected an object, got list'),
  bad(STRUCT, 'x', 'expected an object, got string'),
  ...good(STRUCT_LIST, '[null]', '[{key: a}]'),
  bad(STRUCT_LIST, '{}', 'expected a list, got object'),
  bad(STRUCT_LIST, '[1]', 'expected an object, got number'),
  bad(STRUCT_LIST, '["a"]', 'expected an object, got string'),
  ...good(STRING_MAP, '{cpu: "1"}'),
  bad(STRING_MAP, '[a]', 'expected an object, got list'),
  bad(STRING_MAP, '{cpu: 1}', 'expected a string, got number'),
  // a message must be an object
  bad('global.proxy', '3', 'expected an object, got number'),
]
