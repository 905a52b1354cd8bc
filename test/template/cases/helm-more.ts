/**
 * More Helm engine cases (src/lib/template/helm.ts): object printing and %T, kube version parsing,
 * .Files globs, chart loading corners, values coalescing, dependency tags/conditions, schema messages,
 * include/tpl/required errors and template precedence. Expected outputs come from Helm via the oracle.
 */
import type {ChartCase} from '../oracle.js'

/** A minimal chart's Chart.yaml (`demo` 1.2.3), used unless a case brings its own. */
export const CHART = 'apiVersion: v2\nname: demo\nversion: 1.2.3\n'

/**
 * Chart-case builders for ids `<prefix>.<id>`: `c` takes the chart's files (Chart.yaml added unless given),
 * `t` one template, templates/t.yaml, and more files; release `rel` in `ns`, revision 1.
 */
export function chartCaseBuilders(prefix: string) {
  const c = (id: string, files: [string, string][], extra: Partial<ChartCase> = {}): ChartCase => ({
    id: `${prefix}.${id}`,
    files: files.some(([p]) => p === 'Chart.yaml') ? files : [['Chart.yaml', CHART], ...files],
    releaseName: 'rel',
    namespace: 'ns',
    revision: 1,
    ...extra,
  })
  const t = (
    id: string,
    tmpl: string,
    extra: Partial<ChartCase> = {},
    files: [string, string][] = [],
  ): ChartCase => c(id, [['templates/t.yaml', tmpl], ...files], extra)
  return {c, t}
}
const {c, t} = chartCaseBuilders('helm2')

const GLOB_FILES: [string, string][] = [
  ['files/a.txt', 'A'],
  ['files/b.txt', 'B'],
  ['files/ab.txt', 'AB'],
  ['files/sub/c.txt', 'C'],
  ['files/sub/deep/d.txt', 'D'],
  ['files/x.json', '{}'],
  ['files/empty.txt', ''],
  ['other.cfg', 'o'],
]

const DEPS_CHART =
  'apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n    tags: [t1, t2]\n  - name: other\n    version: 0.1.0\n    condition: " other.on , missing.path"\n'
const deps = (id: string, values: unknown, valuesYaml = ''): ChartCase =>
  c(
    id,
    [
      ['Chart.yaml', DEPS_CHART],
      ['values.yaml', valuesYaml],
      ['templates/t.yaml', '{{ keys .Subcharts | sortAlpha }}'],
      ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
      ['charts/sub/templates/s.yaml', 'sub'],
      ['charts/other/Chart.yaml', 'apiVersion: v2\nname: other\nversion: 0.1.0\n'],
      ['charts/other/templates/o.yaml', 'other {{ .Values.x }}'],
    ],
    {values},
  )

const SCHEMA = JSON.stringify({
  type: 'object',
  required: ['a', 'b', 'c'],
  properties: {
    k: {const: 'fixed'},
    e: {enum: ['only']},
    n: {type: 'integer'},
    l: {type: 'array'},
    m: {type: 'object'},
    s: {type: 'string', minLength: 3},
    x: {type: ['string', 'null']},
    'a/b': {type: 'string'},
  },
})
const schema = (id: string, values: unknown, sub = false): ChartCase =>
  c(
    `schema-${id}`,
    [
      ['values.schema.json', SCHEMA],
      ['templates/t.yaml', 'ok'],
      ...(sub
        ? ([
            ['charts/child/Chart.yaml', 'apiVersion: v2\nname: child\nversion: 0.1.0\n'],
            ['charts/child/values.schema.json', SCHEMA],
            ['charts/child/templates/c.yaml', 'child'],
          ] as [string, string][])
        : []),
    ],
    {values},
  )

export const helmMoreCases: ChartCase[] = [
  // object printing and Go type names
  t(
    'types',
    '{{ printf "%T|%T|%T|%T|%T|%T" .Chart .Capabilities .Capabilities.KubeVersion .Capabilities.APIVersions .Files .Release }}',
  ),
  t(
    'print-kube',
    '{{ .Capabilities.KubeVersion }}|{{ .Capabilities.HelmVersion.Version }}|[{{ .Capabilities.HelmVersion.GitCommit }}]',
  ),
  t('print-files', '{{ .Files }}|{{ len .Files }}', {}, [['files/a.txt', 'A']]),
  t('print-release', '{{ .Release }}'),
  t(
    'range-files',
    '{{ range .Files }}x{{ else }}E{{ end }}|{{ range $k, $v := .Files }}{{ $k }};{{ end }}',
    {},
    [['files/a.txt', 'A']],
  ),
  t('range-no-files', '{{ range .Files }}x{{ else }}E{{ end }}'),
  t('field-with-args', '{{ "x" | .Chart.Name }}'),
  // .Chart as JSON: empty lists and maps and false are left out, set ones kept
  c('chart-json-set', [
    [
      'Chart.yaml',
      'apiVersion: v2\nname: demo\nversion: 1.2.3\nkeywords: [a]\nannotations: {k: v}\ndeprecated: true\nsources: []\n',
    ],
    ['templates/t.yaml', '{{ toJson .Chart }}'],
  ]),
  c('chart-json-empty', [
    ['Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 1.2.3\nkeywords: []\nannotations: {}\n'],
    ['templates/t.yaml', '{{ toJson .Chart }}'],
  ]),
  c('chart-is-root', [
    ['templates/t.yaml', 'root {{ .Chart.IsRoot }}'],
    ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
    ['charts/sub/templates/s.yaml', 'sub {{ .Chart.IsRoot }}'],
  ]),
  // Files: globs match whole paths; entries range in path order; a .prov under charts/ is the parent's file
  t(
    'files-order',
    '{{ range $k, $v := .Files }}{{ $k }};{{ end }}|{{ range $p, $_ := .Files.Glob "b.txt" }}{{ $p }};{{ end }}',
    {},
    [
      ['files/b.txt', 'B'],
      ['files/ab.txt', 'AB'],
      ['charts/sub/x.prov', 'P'],
      ['files/a.txt', 'A'],
    ],
  ),
  // values coalescing: tables against scalars, nulls on both sides, globals handed to a subchart
  ...(
    [
      [
        'table-over-scalar',
        {a: 'str', b: {x: 1}, c: {d: 'str', e: {x: 1}}},
        'a: {x: 1}\nb: str\nc: {d: {x: 1}, e: str}\n',
      ],
      ['null-both', {a: {x: null}}, 'a: {x: null, z: 1}\n'],
      [
        'globals-merge',
        {global: {a: {x: 1}, k: 1, s: 1}, sub: {global: {a: {y: 2}, k: {z: 1}, own: 3, s: 2}}},
        '',
      ],
      ['globals-none', {}, ''],
      ['globals-scalar', {global: 1}, ''],
      ['globals-sub-scalar', {sub: {global: 1}}, 'global: {g: 1}\n'],
      ['globals-null', {global: {a: {x: null}}}, 'global: {a: {x: 1, z: 2}}\n'],
    ] as [string, unknown, string][]
  ).map(([id, values, valuesYaml]) =>
    c(
      `coalesce-${id}`,
      [
        ['values.yaml', valuesYaml],
        ['templates/t.yaml', '{{ toJson .Values }}'],
        ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
        ['charts/sub/values.yaml', 'global: {a: {x: 0, w: 4}}\nv: 1\n'],
        ['charts/sub/templates/s.yaml', '{{ toJson .Values }}'],
      ],
      {values},
    ),
  ),
  c('name-dot', [
    ['Chart.yaml', 'apiVersion: v2\nname: .\nversion: 1.0.0\n'],
    ['templates/t.yaml', 'x'],
  ]),
  c('name-path', [
    ['Chart.yaml', 'apiVersion: v2\nname: a/b\nversion: 1.0.0\n'],
    ['templates/t.yaml', 'x'],
  ]),
  t('print-template', '{{ .Template }}'),
  c('chart-fields', [
    [
      'Chart.yaml',
      'name: old\nversion: 1.10\nkeywords: [a, b]\nhome: https://x\nmaintainers:\n  - name: m\n',
    ],
    [
      'templates/t.yaml',
      '[{{ .Chart.APIVersion }}][{{ .Chart.AppVersion }}][{{ .Chart.Description }}][{{ .Chart.Keywords }}][{{ .Chart.Home }}][{{ .Chart.Type }}][{{ .Chart.Deprecated }}][{{ .Chart.Version }}][{{ .Chart.Name }}]',
    ],
  ]),
  c('chart-null-fields', [
    [
      'Chart.yaml',
      'apiVersion: v2\nname: nn\nversion: 1.0.0\ndescription: null\nappVersion: ~\nkeywords: []\n',
    ],
    ['templates/t.yaml', '[{{ .Chart.Description }}][{{ .Chart.AppVersion }}][{{ .Chart.Keywords }}]'],
  ]),
  c('chart-bool-name', [
    ['Chart.yaml', 'apiVersion: v2\nname: n\nversion: 1.0.0\n'],
    ['templates/t.yaml', 'x'],
  ]),
  // kube versions
  ...(
    [
      ['kube-short', '1.29'],
      ['kube-major', 'v2'],
      ['kube-pre', 'v1.29.3-gke.1+abc'],
      ['kube-bad', '1.x'],
      ['kube-leading-zero', '1.029.0'],
    ] as const
  ).map(([id, kv]) =>
    t(
      id,
      '{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }}',
      {kubeVersion: kv},
    ),
  ),
  t(
    'api-versions',
    '{{ .Capabilities.APIVersions.Has "x.io/v1/Kind" }} {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" }} {{ .Capabilities.APIVersions.Has "v1" }}',
    {
      apiVersions: ['x.io/v1/Kind'],
    },
  ),
  // .Files
  t(
    'glob',
    '{{ range $p, $_ := .Files.Glob "files/**" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "files/*" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "files/?.txt" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "files/[ab].txt" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "files/[!a].txt" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "files/{a,x}.*" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "**/*.txt" }}{{ $p }};{{ end }}|{{ range $p, $_ := .Files.Glob "files/sub/**/*.txt" }}{{ $p }};{{ end }}',
    {},
    GLOB_FILES,
  ),
  t(
    'files-as',
    '{{ (.Files.Glob "files/*.txt").AsConfig }}\n---\n{{ (.Files.Glob "files/*.txt").AsSecrets }}\n---[{{ (.Files.Glob "nope/*").AsConfig }}][{{ (.Files.Glob "nope/*").AsSecrets }}]',
    {},
    GLOB_FILES,
  ),
  t(
    'files-lines',
    '{{ len (.Files.Lines "files/empty.txt") }} {{ len (.Files.Lines "nope") }} {{ .Files.Lines "files/sub/c.txt" }} {{ .Files.GetBytes "files/a.txt" }} {{ .Files.GetBytes "nope" }} {{ printf "%s" (.Files.GetBytes "files/b.txt") }}',
    {},
    GLOB_FILES,
  ),
  t(
    'files-excluded',
    '[{{ .Files.Get "Chart.lock" }}][{{ .Files.Get "requirements.lock" }}][{{ .Files.Get ".helmignore" }}][{{ .Files.Get "values.schema.json" }}][{{ .Files.Get "charts/x/y" }}]',
    {},
    [
      ['Chart.lock', 'generated: "2020-01-01T00:00:00Z"\ndigest: x\ndependencies: []\n'],
      ['requirements.lock', 'generated: "2020-01-01T00:00:00Z"\ndigest: y\ndependencies: []\n'],
      ['.helmignore', 'ignored.txt\n'],
      ['ignored.txt', 'i'],
    ],
  ),
  t('files-helmignore', '[{{ .Files.Get "ignored.txt" }}][{{ .Files.Get "kept.txt" }}]', {}, [
    ['.helmignore', 'ignored.txt\n'],
    ['ignored.txt', 'i'],
    ['kept.txt', 'k'],
  ]),
  // subchart directories that are skipped, .prov files
  c('charts-skipped', [
    ['templates/t.yaml', '{{ keys .Subcharts | sortAlpha }}'],
    ['charts/_hidden/Chart.yaml', 'apiVersion: v2\nname: hidden\nversion: 0.1.0\n'],
    ['charts/_hidden/templates/h.yaml', 'h'],
    ['charts/.dot/Chart.yaml', 'apiVersion: v2\nname: dot\nversion: 0.1.0\n'],
    ['charts/.dot/templates/d.yaml', 'd'],
    ['charts/real/Chart.yaml', 'apiVersion: v2\nname: real\nversion: 0.1.0\n'],
    ['charts/real/templates/r.yaml', 'r'],
    ['charts/real.prov', 'signature'],
  ]),
  // values coalescing
  c(
    'coalesce',
    [
      ['values.yaml', 'a:\n  b: 1\n  c: 2\nm:\n  k: v\ns: str\nn: null\nkeep: {x: 1}\n'],
      ['templates/t.yaml', '{{ toYaml .Values }}'],
    ],
    {values: {a: {b: null, d: 3}, m: 'scalar', s: {now: 'map'}, n: {x: 1}, keep: null, fresh: {y: null}}},
  ),
  c(
    'coalesce-sub',
    [
      ['values.yaml', 'child:\n  a: parent\n  gone: null\n  nested: {p: 1}\nglobal:\n  g: top\n'],
      ['templates/t.yaml', '{{ toYaml .Values.child }}'],
      ['charts/child/Chart.yaml', 'apiVersion: v2\nname: child\nversion: 0.1.0\n'],
      [
        'charts/child/values.yaml',
        'a: child\nb: child\ngone: here\nnested: {c: 2}\nglobal:\n  g: child\n  h: child\n',
      ],
      ['charts/child/templates/c.yaml', '{{ toYaml .Values }}'],
    ],
    {values: {child: {nested: {u: 3}}, global: {u: 'user'}}},
  ),
  c('coalesce-type-mismatch', [
    ['values.yaml', 'child: scalar\n'],
    ['templates/t.yaml', '{{ .Values.child }}'],
    ['charts/child/Chart.yaml', 'apiVersion: v2\nname: child\nversion: 0.1.0\n'],
    ['charts/child/values.yaml', 'a: 1\n'],
    ['charts/child/templates/c.yaml', '{{ toYaml .Values }}'],
  ]),
  // dependency tags and conditions
  deps('deps-none', {}),
  deps('deps-tag-true-false', {tags: {t1: true, t2: false}}),
  deps('deps-tags-false', {tags: {t1: false, t2: false}}),
  deps('deps-tag-one-false', {tags: {t1: false}}),
  deps('deps-cond-on', {other: {on: true}}),
  deps('deps-cond-off', {other: {on: false}}),
  deps('deps-cond-string', {other: {on: 'yes'}}),
  deps('deps-cond-values', {}, 'other:\n  on: false\n  x: 1\n'),
  // schema messages
  schema('missing-all', {}),
  schema('missing-one', {a: 1, b: 2}),
  // one failing property per case: Helm's validator reports several in map order
  schema('const', {a: 1, b: 2, c: 3, k: 'other'}),
  schema('enum', {a: 1, b: 2, c: 3, e: 'nope'}),
  schema('type-int', {a: 1, b: 2, c: 3, n: 'x'}),
  schema('type-null', {a: 1, b: 2, c: 3, n: null}),
  schema('type-array', {a: 1, b: 2, c: 3, l: {}}),
  schema('type-object', {a: 1, b: 2, c: 3, m: [true]}),
  schema('type-bool', {a: 1, b: 2, c: 3, m: true}),
  schema('type-string', {a: 1, b: 2, c: 3, s: 5}),
  schema('escaped-path', {a: 1, b: 2, c: 3, 'a/b': 1}),
  schema('sub', {a: 1, b: 2, c: 3, child: {a: 1}}, true),
  schema('sub-null', {a: 1, b: 2, c: 3, child: null}, true),
  schema('sub-scalar', {a: 1, b: 2, c: 3, child: 'x'}, true),
  // include / tpl / required / functions
  t(
    'include-nil',
    '[{{ include "n" nil }}][{{ include "n" .Values.missing }}][{{ tpl "{{ . }}" nil }}]',
    {},
    [['templates/_n.tpl', '{{ define "n" }}{{ . }}{{ end }}']],
  ),
  t('include-missing', '{{ include "nope" . }}'),
  t('include-error', '{{ include "e" . }}', {}, [
    ['templates/_e.tpl', '{{ define "e" }}{{ fail "inner" }}{{ end }}'],
  ]),
  t('tpl-error', '{{ tpl "{{ fail \\"boom\\" }}" . }}'),
  t('tpl-parse-error', '{{ tpl "{{ .x" . }}'),
  t('tpl-missing', '[{{ tpl "{{ .Values.nope }}" . }}]'),
  t('required-empty', '{{ required "need it" "" }}'),
  t('required-nil', '{{ required "need nil" .Values.nope }}'),
  t('required-ok', '{{ required "x" 0 }} {{ required "x" false }} {{ required "x" (list) }}'),
  t('host', '[{{ getHostByName "localhost" }}]'),
  t(
    'files-lines-nl',
    '{{ .Files.Lines "f.txt" }} {{ len (.Files.Lines "f.txt") }} {{ .Files.Lines "g.txt" }}',
    {},
    [
      ['f.txt', 'a\nb\n'],
      ['g.txt', '\n\nc'],
    ],
  ),
  t('lookup', '{{ lookup "v1" "Pod" "ns" "p" }}|{{ len (lookup "v1" "Pod" "" "") }}'),
  t(
    'fromyaml-errors',
    '{{ fromYaml "[1]" }}|{{ fromYaml "s" }}|{{ fromYaml "true" }}|{{ fromYaml "1.5" }}|{{ fromYaml "~" }}|{{ fromYamlArray "a: 1" }}|{{ fromYamlArray "s" }}|{{ fromYamlArray "no" }}|{{ fromYamlArray "7" }}|{{ fromYamlArray "" }}|{{ fromJsonArray "{}" }}',
  ),
  t(
    'fromjson-types',
    '{{ fromJson "[1]" }}|{{ fromJson "\\"s\\"" }}|{{ fromJson "true" }}|{{ fromJson "1" }}|{{ fromJson "null" }}',
  ),
  t(
    'fromjsonarray-types',
    '{{ fromJsonArray "\\"s\\"" }}|{{ fromJsonArray "true" }}|{{ fromJsonArray "1" }}|{{ fromJsonArray "[1, \\"a\\"]" }}',
  ),
  // parse and exec error texts
  t('parse-error', 'ok\n{{ if }}'),
  t('parse-error-2', '{{ end }}'),
  t('exec-error', 'line1\n{{ index .Values 1 }}'),
  t('fail-error', '{{ fail "custom" }}'),
  // template precedence: deeper paths and names
  c('precedence', [
    ['templates/t.yaml', '{{ include "x" . }}'],
    ['templates/a/_x.tpl', '{{ define "x" }}a/_x{{ end }}'],
    ['templates/_x.tpl', '{{ define "x" }}_x{{ end }}'],
    ['templates/_y.tpl', '{{ define "x" }}_y{{ end }}'],
  ]),
  c('precedence-sub', [
    ['templates/t.yaml', '{{ include "x" . }}'],
    ['templates/_x.tpl', '{{ define "x" }}parent{{ end }}'],
    ['charts/child/Chart.yaml', 'apiVersion: v2\nname: child\nversion: 0.1.0\n'],
    ['charts/child/templates/_x.tpl', '{{ define "x" }}child{{ end }}'],
    ['charts/child/templates/c.yaml', '{{ include "x" . }}'],
  ]),
  c('library-sub', [
    ['templates/t.yaml', '{{ include "lib.x" . }}'],
    ['charts/lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n'],
    ['charts/lib/templates/_x.tpl', '{{ define "lib.x" }}from lib {{ .Chart.Name }}{{ end }}'],
    ['charts/lib/templates/rendered.yaml', 'never'],
  ]),
  t('release-upgrade', '{{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }}', {
    isUpgrade: true,
    revision: 3,
  }),
  {
    ...t('release-empty', '[{{ .Release.Name }}][{{ .Release.Namespace }}]'),
    releaseName: undefined,
    namespace: undefined,
  },
]
