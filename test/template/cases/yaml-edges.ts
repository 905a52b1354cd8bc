/**
 * fromYaml/toYaml/toYamlPretty corner cases aimed at the mutation run's survivors in src/lib/template/yaml.ts
 * (issue #17): tags, map keys of every scalar type, merges, non-finite floats, key order. Helm's engine
 * (via the Go oracle) decides the output.
 */
import type {ChartCase} from '../oracle.js'

const chart = (id: string, tmpl: string): ChartCase => ({
  id: `yaml-edges.${id}`,
  files: [
    ['Chart.yaml', 'apiVersion: v2\nname: edges\nversion: 0.1.0\n'],
    ['templates/t.yaml', tmpl],
  ],
  releaseName: 'rel',
  namespace: 'ns',
  revision: 1,
})

export const yamlEdgeCharts: ChartCase[] = [
  chart(
    'tags',
    '{{ toJson (fromYaml "a: !!float 1.5\\nb: !!str yes\\nc: !!binary aGVsbG8=\\nd: !!bool yes\\ne: !!null ~\\nf: ! 12\\ng: \\"123\\"\\nh: \'on\'\\ni: !!int 7\\nj: !!float 2\\nk: !!str 1.0") }}',
  ),
  chart(
    'keys',
    '{{ toJson (fromYaml "yes: b\\n0x10: h\\n1.5: f\\n1e3: e\\n-7: i\\nFalse: b2\\n.inf: inf\\n012: o\\n1.0: g\\n!!str 5: s\\n3.141592653589793: pi\\n-.Inf: ninf\\n.NaN: nan\\n0.1: t\\n1e21: big\\n16777217.0: i32") }}',
  ),
  chart(
    'key-null',
    '{{ (fromYaml "~: n").Error }}|{{ (fromYaml "? ~\\n: 5").Error }}|{{ (fromYaml "null: [a, 1]").Error }}',
  ),
  chart(
    'key-complex-more',
    '{{ (fromYaml "[a, 1, 1.5, true, ~, {b: c}]: 1").Error }}|{{ (fromYaml "? {b: 2, a: [x]}\\n: 1").Error }}',
  ),
  chart('key-alias', '{{ toJson (fromYaml "a: &k kk\\n*k : v\\nb: &n 5\\n*n : w") }}'),
  chart('key-complex', '{{ (fromYaml "[a]: 1").Error }}'),
  chart('key-map', '{{ (fromYaml "{a: 1}: 1").Error }}'),
  chart(
    'merges',
    '{{ toJson (fromYaml "a: &a {x: 1, p: 1}\\nb: &b {p: 2, z: 2}\\nc:\\n  <<: [*a, *b]\\n  w: 0\\nd:\\n  \\"<<\\": *a") }}',
  ),
  chart(
    'merge-bad',
    '{{ (fromYaml "a: {x: 1}\\ne:\\n  <<: 5").Error }}|{{ (fromYaml "a: &a {x: 1}\\nf:\\n  <<: [*a, 3]").Error }}',
  ),
  chart(
    'inf',
    '{{ (fromYaml "a: .inf").Error }}|{{ (fromYaml "a: -.Inf").Error }}|{{ (fromYaml "a: .nan").Error }}',
  ),
  chart(
    'pretty-floats',
    '{{ toYamlPretty (dict "a" (float64 "inf") "b" (float64 "-inf") "c" (float64 "nan") "d" 1.5 "e" 1e21 "f" (int64 5) "g" 0.0) }}',
  ),
  chart(
    'toyaml-inf',
    '[{{ toYaml (dict "a" (float64 "inf")) }}]|[{{ toYaml (float64 "nan") }}]|{{ toYaml (int64 5) }}',
  ),
  chart(
    'key-order',
    '{{ toYaml (dict "a10" 1 "a2" 2 "B" 3 "b" 4 "_" 5 "a" 6 "10" 7 "9" 8) }}\n---\n{{ toYamlPretty (dict "a10" 1 "a2" 2 "B" 3 "b" 4 "_" 5 "a" 6 "10" 7 "9" 8) }}',
  ),
  chart(
    'structs',
    '{{ toYaml (semver "1.2.3-rc.1+b") }}\n---\n{{ toYamlPretty (semver "1.2.3") }}\n---\n{{ toYaml .Chart }}',
  ),
  chart('nils', '{{ toYaml (list .nothing (dict "a" .nothing)) }}|{{ toYamlPretty (list .nothing) }}'),
]
