/**
 * Rows for engine code no other row reached (c8 over test/template; issue #17's uncovered mutants): builtin
 * slice/eq/index corners, lexer and parser errors, printf's exact float digits, Sprig's regex and nil-map
 * arguments, and Helm's []byte, .Files, VersionSet and Chart.yaml corners. Expected outputs come from Go.
 */
import type {ChartCase} from '../oracle.js'
import type {Row} from './core.js'
import {CHART, chartCaseBuilders} from './helm-more.js'

const I = (n: number): {$int: string} => ({$int: String(n)})
const d = {i: I(3), f: 3.0, s: 'abc', l: [1, 2, 3], m: {k: 'v', n: null, mm: {a: 1}}, e: [], z: null, t: true}

/** text/template's own slice, eq, lt, index and print (Sprig replaces slice: run without Sprig). */
export const builtinsOnly: Row[] = [
  ['{{ slice .z 1 }}', d],
  ['{{ slice nil }}', d],
  ['{{ slice .l 1 2 3 4 }}', d],
  ['{{ slice "abc" 1 2 3 }}', d],
  ['{{ slice .m 1 }}', d],
  ['{{ slice 1 }}', d],
  ['{{ slice .l 2 1 }}', d],
  ['{{ slice .l 0 2 1 }}', d],
  // a nil from the data is a nil interface{}: slice names its type, where index reads it as nil
  ['{{ slice .l 0 1 2 }} {{ slice .l .z }}', d],
  ['{{ slice .l 1 .z }}', d],
  ['{{ slice "abc" .z }}', d],
  ['{{ slice .l .missing }}', d],
  ['{{ slice .l nil }}', d],
  ['{{ slice .l 9 }}', d],
  ['{{ slice "abc" 4 }}', d],
  ['{{ slice .l 0 1 9 }}', d],
  ['{{ slice .l "a" }}', d],
  ['{{ slice "héllo" 1 3 }} {{ slice .l }} {{ slice "abc" }} {{ slice .l 1 }}', d],
  ['{{ eq .m .m }}', d],
  ['{{ eq .l .l }}', d],
  ['{{ eq .z .m }} {{ eq .m .z }}', d],
  ['{{ lt .z 1 }}', d],
  ['{{ lt 1 .z }}', d],
  ['{{ index .l .z }}', d],
  ['{{ index .m "n" "x" }}', d],
  ['{{ index .m "mm" "a" }} {{ index .m "mm" "b" }}', d],
  ['{{ print .missing }} {{ print nil }} {{ print .z }}', d],
  ['{{ println .missing 1 }}', d],
]

/** Lexer and parser corners: %#U rune names, errors inside multi-line actions, declarations, trims. */
export const parsing: Row[] = [
  ['{{ $x : 1 }}'],
  ['{{ abc# }}'],
  ['{{ \u20ac }}'],
  ['{{ 1 \u0001 }}'],
  ['{{ abc\u0001 }}'],
  ['{{ $x\u0001 }}'],
  ['{{ .a\u00a0 }}'],
  ['{{ \u00a0 }}'],
  ['{{ \u0301 }}'],
  ['{{ 1+2 }}'],
  ['{{ 1-2 }}'],
  ['{{ 1+ }}'],
  ['a{{-'],
  ['a {{- '],
  ['{{ 1\n2 "abc\n}}'],
  ['{{ 1\n "abc }}'],
  ['{{ 1\n'],
  ['{{ 1\n `abc'],
  ["{{ 1\n 'a }}"],
  ['{{ (1\n }}'],
  ['{{ 1\n ) }}'],
  ['{{define "a"}}{{else}}{{end}}'],
  ['{{block "a" .}}{{else}}{{end}}'],
  ['{{range $i, 1}}{{end}}'],
  ['{{range $i, }}{{end}}'],
  ['{{range $i, $j := .l}}{{$i}}{{$j}}{{end}}', d],
  ['{{ (range $i, ) }}'],
  ['{{ print (len $i, ) }}'],
  ['{{ 1 | }}'],
  ['{{ (|) }}'],
  ['{{ if 1 }}{{ else "abcdefghijklmno" }}{{end}}'],
  ['{{ end "abcdefghijklmnopq" }}'],
  ['{{ define "abcdefghijklmnop" "x" }}'],
  ['{{ template "x" | }}'],
  ['{{ (1) "abcdefghijklmnopqrstu" }}'],
  ['{{ .x "abcdefghijklmnop" }}'],
  ['{{ if 1 }}'],
  ['{{ define "a" }}'],
  ['{{ if 1  -}}x{{ end }} {{ 1  -}}  y'],
  ['{{ 1\t-}} y {{ 2 \n-}} z'],
  ['{{ 1 -}}\n y'],
  ['{{- /* c */ -}} a {{/* c */}}b'],
  ['{{ $x := 1 }}{{ if $x := 2 }}{{ $x }}{{ end }}{{ $x }}'],
]

/** Execution: break in range over ints and maps, float64 parameters, nil data, the depth limit. */
export const execution: Row[] = [
  ['{{ range $i := 5 }}{{ $i }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ end }}', d],
  ['{{ range $k, $v := .m }}{{ $k }}{{ break }}{{ end }}', d],
  ['{{ range $k, $v := .m }}{{ if eq $k "mm" }}{{ continue }}{{ end }}{{ $k }}{{ end }}', d],
  ['{{ round 1.25 1 "x" }}', d],
  ['{{ round 1.25 1 0.5 }}', d],
  ['{{ 0.5 | round 1.25 1 }}', d],
  ['{{ "x" | round 1.25 1 }}', d],
  ['{{ .z | round 1.25 1 }}', d],
  ['{{ round 1.25 1 1 }}', d],
  ['{{ .x }}'],
  ['{{ .x.y }}'],
  ['{{ define "r" }}{{ template "r" }}{{ end }}{{ template "r" }}'],
]

/** printf: %q/%U/%c of surrogates and negatives, %b of floats, %e/%f from exact digits, EXTRA nil. */
export const printing: Row[] = [
  ['{{ printf "%q|%+q|%U|%#U|%c" 55296 55296 55296 55296 55296 }}'],
  ['{{ printf "%q" 57343 }} {{ printf "%q" 57344 }} {{ printf "%q" 1114112 }}'],
  ['{{ printf "%U|%c|%q|%#U" -1 -1 -1 -1 }}'],
  ['{{ printf "%b|%b|%b" 1.0 -1.5 0.0 }}'],
  ['{{ printf "%.2f|%.0f|%.1f|%.3e" 1e-20 0.4 0.04 1e-20 }}'],
  ['{{ printf "%.2f" 1e60 }}'],
  ['{{ printf "%.80f" 1e30 }}'],
  ['{{ printf "%.60f" 0.1 }}'],
  ['{{ printf "%.0f %.0f %.0f %.0f" 0.5 1.5 2.5 0.51 }}'],
  ['{{ printf "%.3e|%.90e|%.20f|%e" 5e-324 1e-300 2.5e-310 1.7976931348623157e308 }}'],
  ['{{ printf "%.400f" 5e-324 }}'],
  ['{{ printf "%.30g|%.17g|%.3g|%g|%G" 0.1 123456789.123 1e-7 1e21 1e-7 }}'],
  ['{{ printf "%.1f|%.1f|%.2e|%.0e|%.1e" 0.25 0.35 1.125 2.5 9.96 }}'],
  ['{{ printf "%8.3f|%-8.2e|%+.1f|% .2f|%08.2f" 3.14159 -2.5 1.05 2.675 -1.005 }}'],
  ['{{ printf "x" nil }} {{ printf "x" .z 1 }}', d],
  ['{{ printf "%v %+v %d" .l .m .l }}', d],
]

/** Sprig: conversions of Inf/NaN/bools, atoi clamps, title, regex syntax Go refuses, nil maps, urlJoin. */
export const sprigCorners: Row[] = [
  ['{{ float64 "Inf" | int64 }} {{ float64 "NaN" | int }} {{ float64 "-Inf" | int64 }}'],
  ['{{ int64 false }} {{ int true }} {{ int64 .z }}', d],
  ['{{ atoi "-99999999999999999999" }} {{ atoi "99999999999999999999" }}'],
  ['{{ title "ñandú öl\u2003x\u00a0y é.x 𝔸b" }}'],
  ['{{ regexMatch "a{2,1}" "a" }}'],
  ['{{ mustRegexMatch "a{2,1}" "a" }}'],
  ['{{ mustRegexMatch "(?<n>a)" "a" }}'],
  ['{{ mustRegexMatch "a**" "a" }}'],
  ['{{ mustRegexMatch "x{1001}" "a" }}'],
  ['{{ mustRegexMatch "x{1,1001}" "a" }}'],
  ['{{ mustRegexMatch "x{1000}" "a" }}'],
  ['{{ mustRegexMatch "a*?*" "a" }}'],
  ['{{ mustRegexMatch "a{2}*" "a" }}'],
  ['{{ mustRegexMatch "a+?" "a" }} {{ mustRegexMatch "a??" "a" }} {{ mustRegexMatch "[*+]{2}" "*+" }}'],
  [
    '{{ mustRegexMatch "a{,2}" "a{,2}" }} {{ mustRegexMatch "a{x}" "a{x}" }} {{ mustRegexMatch "\\\\**" "**" }}',
  ],
  ['{{ mustRegexMatch "(a*)*" "a" }}'],
  ['{{ mustRegexMatch "a{2}{3}" "a" }}'],
  ['{{ mustRegexMatch "a*{2}" "a" }}'],
  ['{{ mustRegexMatch "**" "a" }}'],
  ['{{ mustRegexMatch "a{1001" "a{1001" }}'],
  ['{{ regexFind "[]a]+" "]]a" }}'],
  ['{{ mustRegexMatch "a{2,}?+" "a" }}'],
  ['{{ mustFromJson "[1,]" }}'],
  ['{{ mustFromJson "[1, x]" }}'],
  ['{{ set .z "a" 1 }}', d],
  ['{{ keys .z | len }} {{ keys .z .m | sortAlpha }}', d],
  ['{{ merge .z .m }}', d],
  ['{{ merge .m .z }}', d],
  ['{{ mergeOverwrite .z .m }}', d],
  ['{{ mergeOverwrite .m .z }}', d],
  ['{{ mustMerge .m .z }} {{ mustMergeOverwrite .m .z }}', d],
  ['{{ mustMerge .z .m }}', d],
  ['{{ mustMergeOverwrite .z .m }}', d],
  ['{{ values .z }} {{ omit .z "a" }} {{ pick .z "a" }} {{ get .z "a" }} {{ hasKey .z "a" }}', d],
  ['{{ urlJoin .z }}', d],
  [
    '{{ urlJoin (dict "userinfo" "u") }}|{{ urlJoin (dict "scheme" "s") }}|{{ urlJoin (dict "scheme" "s" "path" "p") }}|' +
      '{{ urlJoin (dict "host" "h" "path" "p") }}|{{ urlJoin (dict "path" "p") }}|' +
      '{{ urlJoin (dict "userinfo" "u" "path" "p") }}|{{ urlJoin (dict "scheme" "s" "userinfo" "u") }}',
  ],
  ['{{ b32dec "A=======" }}|{{ b32dec "AAA=====" }}|{{ b32dec "AAAAAA==" }}|{{ b32dec "AA======" }}'],
  ['{{ empty .missing }} {{ kindOf .missing }} {{ typeOf .missing }} {{ toJson .missing }}', d],
]

/** Go regexp syntax: escapes (octal, \\x, \\p, \\Q..\\E, punctuation), anchors \\A and \\z, and Go's errors. */
export const regexSyntax: Row[] = [
  ['{{ mustRegexMatch "a\\\\" "a" }}'],
  ['{{ mustRegexMatch "\\\\8" "a" }}'],
  ['{{ mustRegexMatch "\\\\1" "a" }}'],
  ['{{ mustRegexFind "\\\\101\\\\0\\\\12" "A\\u0000\\n" | len }}'],
  ['{{ mustRegexMatch "\\\\e" "a" }}'],
  ['{{ mustRegexMatch "[\\\\b]" "a" }}'],
  [
    '{{ regexFind "\\\\Aab" "abab" }}|{{ regexFind "ab\\\\z" "abab" }}|{{ regexReplaceAll "\\\\Aa|b\\\\z" "aab" "X" }}',
  ],
  ['{{ regexFind "\\\\x41\\\\x{42}\\\\x{1F600}" "AB😀" }}'],
  ['{{ mustRegexMatch "\\\\xZZ" "a" }}'],
  ['{{ mustRegexMatch "\\\\x{110000}" "a" }}'],
  ['{{ mustRegexMatch "\\\\x{41" "a" }}'],
  ['{{ mustRegexMatch "\\\\x4" "a" }}'],
  ['{{ regexFind "\\\\pL+" "12ab3" }}|{{ regexFind "\\\\PL+" "ab12c" }}|{{ regexFind "[\\\\pN]+" "ab12c" }}'],
  ['{{ mustRegexMatch "\\\\p" "a" }}'],
  [
    '{{ regexFind "\\\\#\\\\-\\\\\'\\\\\\"\\\\<\\\\>\\\\!\\\\@\\\\%\\\\&\\\\,\\\\:\\\\;\\\\=\\\\_\\\\~" "#-\'\\"<>!@%&,:;=_~" }}',
  ],
  ['{{ regexFind "[\\\\]\\\\-a]+" "x]-a" }}'],
  ['{{ regexFind "\\\\Qa.b*\\\\E+" "a.b**" }}|{{ regexFind "\\\\Qa.b" "xa.b" }}'],
  ['{{ regexFind "\\\\a\\\\f\\\\t\\\\v" "\\u0007\\u000c\\t\\u000b" | len }}'],
  ['{{ regexFind "\\\\bab\\\\B" "x abc" }}'],
  ['{{ mustRegexMatch "\\\\E" "a" }}'],
  ['{{ mustRegexMatch "\\\\é" "é" }}'],
  ['{{ mustRegexMatch "\\\\C" "a" }}'],
  ['{{ mustRegexMatch "\\\\u0041" "A" }}'],
  ['{{ mustRegexMatch "\\\\cA" "a" }}'],
  ['{{ mustRegexMatch "\\\\k<n>" "a" }}'],
  [
    '{{ regexFind "\\\\p{Greek}+" "abαβγ" }}|{{ regexFind "\\\\P{Greek}+" "αβab" }}|{{ regexFind "\\\\p{^Greek}+" "αβab" }}|{{ regexFind "\\\\p{Lu}+" "abCD" }}|{{ regexFind "\\\\p{Any}" "x" }}',
  ],
  ['{{ mustRegexMatch "\\\\p{Foo}" "a" }}'],
  ['{{ mustRegexMatch "\\\\p1" "a" }}'],
  ['{{ mustRegexMatch "\\\\p{L" "a" }}'],
  ['{{ mustRegexMatch "\\\\x{}" "a" }}'],
  ['{{ mustRegexMatch "\\\\x{4G}" "a" }}'],
  ['{{ mustRegexMatch "\\\\x" "a" }}'],
  ['{{ regexFind "\\\\pN\\\\PN" "a1b" }}'],
]

/** A missing key is an invalid value: a nil map for Sprig's map parameters; until's int; %b; semver corners. */
export const nilMaps: Row[] = [
  ['{{ set .missing "a" 1 }}', d],
  ['{{ keys .missing | len }} {{ keys .missing .m | sortAlpha }}', d],
  ['{{ merge .missing .m }} {{ merge .m .missing }}', d],
  ['{{ mergeOverwrite .missing .m }} {{ mergeOverwrite .m .missing }}', d],
  ['{{ mustMerge .missing .m }} {{ mustMerge .m .missing }}', d],
  ['{{ mustMergeOverwrite .missing .m }} {{ mustMergeOverwrite .m .missing }}', d],
  [
    '{{ values .missing }} {{ omit .missing "a" }} {{ pick .missing "a" }} [{{ get .missing "a" }}] {{ hasKey .missing "a" }} {{ unset .missing "a" }}',
    d,
  ],
  ['[{{ urlJoin .missing }}] {{ pluck "k" .m .missing }} {{ dig "a" "b" "def" .missing }}', d],
  ['{{ 3 | until }} {{ until 2 }}'],
  ['{{ "x" | until }}'],
  ['{{ printf "%b|%b" 1e300 -1e-300 }}'],
  [
    '{{ semverCompare ">*" "0.0.1" }} {{ semverCompare ">x" "0.0.0" }} {{ semverCompare ">1.x" "1.5.0" }} {{ semverCompare ">1.2.x" "1.3.0" }}',
  ],
  ['{{ semverCompare "" "1.0.0" }}'],
  ['{{ semverCompare "1.0.0 ||" "1.0.0" }}'],
  ['{{ semverCompare "1.2.3-+" "1.2.3" }}'],
  ['{{ semverCompare "1.2.3-01" "1.2.3" }}'],
  ['{{ semverCompare ">=1.2.3-a..b" "1.2.3" }}'],
  ['{{ semverCompare ">1.0.0-a" "1.0.0-a.b" }} {{ semverCompare "<1.0.0-a.b" "1.0.0-a" }}'],
]

/** encoding/json's syntax errors, as Sprig's mustFromJson reports them (the text comes in as data). */
const JSON_TEXTS = [
  '[1 2]',
  '{"a" 1}',
  '[1,]',
  '{"a":1,}',
  'tru',
  'fals',
  'nul',
  'nulx',
  '1 2',
  '[1, x]',
  '{1:2}',
  '',
  '   ',
  '{',
  '[',
  '{"a"',
  '{"a":',
  '"abc',
  '"a\\',
  '"a\\x"',
  '"a\\u12"',
  '"a\\u12',
  '"a\nb"',
  '1.',
  '1.x',
  '-',
  '-x',
  '1e',
  '1e+',
  '1ex',
  '01',
  '[01]',
  '{"a":01}',
  "'a'",
  '"é" x',
  'é',
  '[1}',
  '{"a":1]',
  '{"a":1 "b":2}',
  '[true false]',
  '{} {}',
  '1.5e3 ]',
  '"\\t\\u00e9\\/"',
  'truex',
  '[nul]',
  '{"a":tru}',
  '\u0001',
]
export const jsonSyntax: Row[] = JSON_TEXTS.map((s) => ['{{ mustFromJson .s }}', {s}])

/** More: JSON texts whose error is past a nested value, regex group prefixes and ranges, chains on a pipeline. */
export const more: Row[] = [
  ['{{ mustFromJson .s }}', {s: '[{}, [], {"a":[]} x]'}],
  ['{{ mustFromJson .s }}', {s: '{"a":{}, "b":[1,{"c":"\\\\"}]} }'}],
  ['{{ mustFromJson .s }}', {s: '"\\'}],
  ['{{ regexFind "\\\\Qa\\\\E+" "aaa" }}|{{ regexFind "x\\\\Q\\\\E" "x" }}'],
  ['{{ mustRegexMatch "(?z)a" "a" }}'],
  ['{{ mustRegexMatch "[z-a]" "a" }}'],
  ['{{ mustRegexMatch "[a-cz-a]" "a" }}'],
  ['{{ mustRegexMatch "(?P<n>a)(?P<n>b)" "ab" }}'],
  ['{{ regexReplaceAll "(?P<n>a)(?P<n>b)" "ab" "${n}|$2" }}'],
  ['{{ mustRegexMatch "(?P<>a)" "a" }}'],
  ['{{ mustRegexMatch "(?P<n" "a" }}'],
  ['{{ mustRegexMatch "(?P<a-b>x)" "a" }}'],
  ['{{ mustRegexMatch "(?i" "a" }}'],
  ['{{ mustRegexMatch "(?i)*" "a" }}'],
  ['{{ mustRegexMatch "(a" "a" }}'],
  ['{{ mustRegexMatch "a)" "a" }}'],
  ['{{ mustRegexMatch "[a" "a" }}'],
  ['{{ mustRegexMatch "(?:*a)" "a" }}'],
  ['{{ mustRegexMatch "x|*" "a" }}'],
  ['{{ ($x := 1).y }}'],
  ['{{ (1).y }}'],
  ['{{ $x := 1 }}{{ ($x = 2).y }}'],
]

/** missingkey=error and zero with nil data. */
export const missingKey: {missingkey: 'error' | 'zero'; text: string; data?: unknown}[] = [
  {missingkey: 'error', text: '{{ .x }}'},
  {missingkey: 'error', text: '{{ .x.y }}', data: {x: null}},
  {missingkey: 'error', text: '{{ .x }}', data: null},
  {missingkey: 'zero', text: '{{ .x }}', data: null},
]

const {c, t} = chartCaseBuilders('helm-cov')
const FILES: [string, string][] = [
  ['files/a.txt', 'AB'],
  ['files/e.txt', ''],
  ['files/b.txt', 'x\ny\n'],
]
const BYTES = '{{ $b := .Files.GetBytes "files/a.txt" }}'

const SUB: [string, string][] = [
  ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
  ['charts/sub/templates/s.yaml', 'g={{ toJson .Values.global }} v={{ toJson .Values }}'],
]
/** Globals coalesced into a subchart (maps merged key by key, scalars and non-maps left alone). */
const globals = (id: string, valuesYaml: string, values?: unknown): ChartCase =>
  c(
    `globals-${id}`,
    [['values.yaml', valuesYaml], ['templates/t.yaml', 'top'], ...SUB],
    values ? {values} : {},
  )
/** Chart.yaml dependencies Helm cannot match by name or version range. */
const dep = (id: string, deps: string): ChartCase =>
  c(`dep-${id}`, [
    ['Chart.yaml', CHART + 'dependencies:\n' + deps],
    ['templates/t.yaml', '{{ keys .Subcharts | sortAlpha }}'],
    ...SUB,
  ])
/** One failing value per schema: santhosh-tekuri/jsonschema's wording (its order across properties varies). */
const schema = (id: string, s: unknown, values: unknown): ChartCase =>
  c(
    `schema-${id}`,
    [
      ['values.schema.json', JSON.stringify(s)],
      ['templates/t.yaml', 'ok'],
    ],
    {values},
  )

/** Helm: []byte from .Files.GetBytes through Sprig and printf, .Files as a map, VersionSet as a slice. */
export const coverageCharts: ChartCase[] = [
  t(
    'bytes',
    BYTES +
      '{{ len $b }} {{ $b | toString }} {{ empty $b }} {{ kindOf $b }} {{ typeOf $b }} {{ first $b }} {{ $b | toJson }} {{ printf "%v %x %s %q %X %d" $b $b $b $b $b $b }}',
    {},
    FILES,
  ),
  t(
    'bytes-empty',
    '{{ $e := .Files.GetBytes "files/e.txt" }}{{ $m := .Files.GetBytes "nope" }}{{ empty $e }} {{ empty $m }} {{ len $m }} {{ toYaml $e }}|{{ .Files.GetBytes "files/a.txt" | toYaml }}|{{ .Files.GetBytes "files/a.txt" | toYamlPretty }}',
    {},
    FILES,
  ),
  t('bytes-lists', BYTES + '{{ append $b 1 }} {{ rest $b }} {{ last $b }}', {}, FILES),
  t(
    'lines-missing',
    '{{ .Files.Lines "nope" }} {{ len (.Files.Lines "nope") }} {{ .Files.Lines "files/b.txt" }}',
    {},
    FILES,
  ),
  t('glob-unclosed-class', '{{ range $k, $v := .Files.Glob "files/[a" }}{{ $k }};{{ end }}', {}, FILES),
  t('glob-unclosed-group', '{{ range $k, $v := .Files.Glob "files/{a" }}{{ $k }};{{ end }}', {}, FILES),
  t('glob-bracket', '{{ range $k, $v := .Files.Glob "[" }}{{ $k }};{{ end }}', {}, FILES),
  t('files-range-break', '{{ range $k, $v := .Files }}{{ $k }}{{ break }}{{ end }}', {}, FILES),
  t(
    'files-map',
    '{{ .Files | toJson }}|{{ .Files | toYaml }}|{{ kindOf .Files }}|{{ empty .Files }}',
    {},
    FILES,
  ),
  t('files-eq', '{{ eq .Files .Files }}'),
  t('files-empty', '{{ empty .Files }} {{ len .Files }} {{ if .Files }}y{{ else }}n{{ end }}'),
  t(
    'kube-methods',
    '{{ .Capabilities.KubeVersion.String }} {{ print .Capabilities.KubeVersion.String }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.KubeVersion }}',
  ),
  t('field-args', '{{ .Chart.Name "x" }}'),
  t(
    'kinds',
    '{{ kindOf .Capabilities }} {{ kindOf .Capabilities.KubeVersion }} {{ kindOf .Chart }} {{ empty .Chart }} {{ typeOf .Capabilities.APIVersions }} {{ kindOf .Capabilities.APIVersions }}',
  ),
  t('kube-json', '{{ toJson .Capabilities.KubeVersion }}|{{ toYaml .Capabilities.KubeVersion }}'),
  t(
    'api-versions-slice',
    '{{ len .Capabilities.APIVersions }} {{ index .Capabilities.APIVersions 0 }} {{ first .Capabilities.APIVersions }} {{ empty .Capabilities.APIVersions }} {{ if .Capabilities.APIVersions }}y{{ end }} {{ range $i, $v := .Capabilities.APIVersions }}{{ if lt $i 2 }}{{ $i }}={{ $v }};{{ end }}{{ end }}',
  ),
  t(
    'api-versions-print',
    '{{ printf "%v" .Capabilities.APIVersions | len }} {{ toJson .Capabilities.APIVersions | len }}',
  ),
  t('kube-bad', '{{ .Capabilities.KubeVersion }}', {kubeVersion: 'abc'}),
  t('kube-zero', '{{ .Capabilities.KubeVersion }}', {kubeVersion: '01.2'}),
  t('kube-zero-minor', '{{ .Capabilities.KubeVersion }}', {kubeVersion: 'v1.02.3'}),
  c('name-slash', [
    ['Chart.yaml', 'apiVersion: v2\nname: a/b\nversion: 1.0.0\n'],
    ['templates/t.yaml', 'x'],
  ]),
  c('chart-yaml-list', [
    ['Chart.yaml', '- a\n'],
    ['templates/t.yaml', 'x'],
  ]),
  c('chart-yaml-scalar', [
    ['Chart.yaml', 'hello\n'],
    ['templates/t.yaml', 'x'],
  ]),
  c('app-version-float', [
    ['Chart.yaml', 'apiVersion: v2\nname: d\nversion: 1.0.0\nappVersion: 1.10\n'],
    ['templates/t.yaml', '{{ .Chart.AppVersion }} {{ .Chart.Version }}'],
  ]),
  c('app-version-int', [
    ['Chart.yaml', 'apiVersion: v2\nname: d\nversion: 1.0.0\nappVersion: 2\n'],
    ['templates/t.yaml', '{{ .Chart.AppVersion }}'],
  ]),
  t('tojson-nan', '[{{ float64 "NaN" | toJson }}] [{{ float64 "Inf" | toYaml }}]'),
  t('fromjsonarray', '{{ fromJsonArray "null" }} {{ fromJsonArray "{}" }}'),
  t('fromyaml-seq-key', '{{ fromYaml "a: &x [1]\\n*x : 2\\n" }}'),
  t('fromyaml-null-key', '{{ fromYaml "? \\n: v\\n" }}|{{ fromYaml "~: v\\n" }}|{{ fromYaml "null: v\\n" }}'),
  t('fromyaml-alias-key', '{{ fromYaml "a: &x k\\n*x : 2\\n" }}'),
  t('fromyaml-map-key', '{{ fromYaml "? {a: 1}\\n: v\\n" }}'),
  t('fromyaml-nested-key', '{{ fromYaml "? [a, &y {b: 1}]\\n: v\\n" }}'),
  t('template-depth', '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}'),
  c('colon-in-name-fail', [['templates/a:b.yaml', '{{ fail "boom" }}']]),
  c('colon-in-name-exec', [['templates/a:b.yaml', '{{ .Values.x.y }}']]),
  c('colon-in-name-parse', [['templates/a:b.yaml', '{{ end }}']]),
  t('len-struct', '{{ len .Capabilities }}'),
  t('len-struct-value', '{{ len .Capabilities.KubeVersion }}'),
  t('index-struct', '{{ index .Capabilities "x" }}'),
  t('slice-struct', '{{ slice .Capabilities 1 }}'),
  t(
    'yaml-pretty-struct',
    '{{ toYamlPretty .Capabilities.KubeVersion }}|{{ toYamlPretty (list .Capabilities.KubeVersion) }}',
  ),
  c('empty-chart-yaml', [
    ['Chart.yaml', ''],
    ['templates/t.yaml', 'x'],
  ]),
  globals(
    'maps',
    'global:\n  a: {x: 1, y: 2}\n  s: top\n  n: {deep: {k: 1}}\nsub:\n  global:\n    a: {y: 3, z: 4}\n    s: {m: 1}\n    n: {deep: {j: 2}}\n',
  ),
  globals('user', 'global:\n  a: {x: 1}\n', {
    global: {a: {w: 9}, b: 'u'},
    sub: {global: {a: {x: 7}, b: {c: 1}}},
  }),
  globals('scalar', 'global: 5\n'),
  globals('sub-scalar', 'global: {a: 1}\nsub: {global: 3}\n'),
  dep('no-name', '  - version: 0.1.0\n    condition: x.on\n'),
  dep('bad-range', '  - name: sub\n    version: ">>1"\n    alias: other\n'),
  dep('no-version', '  - name: sub\n    alias: other\n'),
  schema('enum-composite', {properties: {a: {enum: [[1], 'x']}}}, {a: 'y'}),
  schema('enum-map', {properties: {a: {enum: [{b: 1}, 2]}}}, {a: 'y'}),
  schema('const-composite', {properties: {a: {const: [1]}}}, {a: 2}),
  schema('const-map', {properties: {a: {const: {b: 1}}}}, {a: 2}),
  schema('const-null', {properties: {a: {const: null}}}, {a: 1}),
  schema('enum-scalars', {properties: {a: {enum: [null, 'x', 2, true, 1.5]}}}, {a: 'y'}),
  schema('enum-one-null', {properties: {a: {enum: [null]}}}, {a: 'y'}),
  schema('array-items', {properties: {l: {type: 'array', items: {type: 'string'}}}}, {l: [1, 'a', true]}),
  schema('deep', {properties: {o: {properties: {p: {properties: {q: {type: 'string'}}}}}}}, {o: {p: {q: 1}}}),
  schema('deep-required', {properties: {o: {required: ['x', 'y']}}}, {o: {}}),
  schema(
    'array-objects',
    {properties: {l: {items: {properties: {n: {type: 'integer'}}}}}},
    {
      l: [{n: 'a'}, {n: 2}, {n: 1.5}],
    },
  ),
  t(
    'json-errors',
    '{{ fromJson "[1" }}|{{ fromJsonArray "[1" }}|{{ fromJson "{\\"a\\" 1}" }}|{{ fromJsonArray "[1 2]" }}|{{ fromJsonArray "x" }}|{{ fromJson "tru" }}',
  ),
  t('fromyaml-alias-in-key', '{{ fromYaml "a: &x 1\\n? [*x]\\n: v\\n" }}'),
  t('fromyaml-null-in-key', '{{ fromYaml "? {a: }\\n: v\\n" }}|{{ fromYaml "? [a, ~]\\n: v\\n" }}'),
  t('fromyaml-alias-map-key', '{{ fromYaml "a: &x {b: 1}\\n? [*x]\\n: v\\n" }}'),
  t('var-method-arg', '{{ $c := .Capabilities.KubeVersion }}{{ print $c.String }} {{ print $c.Major }}'),
  t('method-mid-chain', '{{ .Capabilities.KubeVersion.String.x }}'),
  t('var-method-no-args', '{{ $f := .Files }}{{ print $f.Get }}'),
]
