/** Helm render-model cases (in-memory charts); expected outputs come from Helm's engine via the oracle. */
import type {ChartCase} from '../oracle.js'

const SCHEMA = `{
  "$schema": "http://json-schema.org/schema#",
  "type": "object",
  "additionalProperties": false,
  "required": ["name"],
  "properties": {
    "name": {"type": "string"},
    "replicas": {"type": "integer"},
    "mode": {"enum": ["a", "b"]},
    "nested": {"type": "object", "properties": {"flag": {"type": "boolean"}}}
  }
}`

const CHART_YAML =
  'apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: "1.30.3"\ndescription: A demo chart\n'
const VALUES = `
replicaCount: 1
big: 1000000
ratio: 0.5
name: demo
enabled: true
flag: "yes"
onOff: on
octal: 0777
nullDefault: null
image:
  repository: docker.io/istio/pilot
  tag: 1.30.3
  pullPolicy: ""
labels:
  app: demo
  version: v1
list: [a, b, c]
ports:
  - name: http
    port: 80
  - name: https
    port: 443
global:
  hub: docker.io/istio
  meshID: ""
`

/** One-template chart with the shared values.yaml. */
function chart(id: string, tmpl: string, values?: unknown, extra: [string, string][] = []): ChartCase {
  return {
    id: `helm.${id}`,
    files: [['Chart.yaml', CHART_YAML], ['values.yaml', VALUES], ['templates/t.yaml', tmpl], ...extra],
    values,
    releaseName: 'rel',
    namespace: 'istio-system',
    revision: 1,
  }
}

const yamlValue = (_v: string): string => `{{ toYaml .Values.v }}\n---\n{{ .Values.v | toYaml | nindent 2 }}`

export const helmCases: ChartCase[] = [
  chart(
    'values',
    '{{ .Values.replicaCount }} {{ .Values.big }} {{ .Values.ratio }} {{ .Values.name }} {{ .Values.flag }} {{ .Values.onOff }} {{ .Values.octal }} {{ .Values.nullDefault }}',
  ),
  chart(
    'missing',
    'a={{ .Values.missing }} b={{ .Values.image.missing }} c={{ .Values.missing | default "d" }}',
  ),
  chart('missing-nested', '{{ .Values.missing.deeper }}'),
  chart(
    'release',
    '{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }}',
  ),
  chart(
    'chart',
    '{{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.Description }} {{ .Chart.IsRoot }} {{ .Chart.APIVersion }}',
  ),
  chart('chart-missing-field', '{{ .Chart.Nope }}'),
  chart('template', '{{ .Template.Name }} {{ .Template.BasePath }}'),
  chart(
    'capabilities',
    '{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "networking.istio.io/v1" }}',
  ),
  {
    ...chart(
      'capabilities-custom',
      '{{ .Capabilities.KubeVersion }} {{ .Capabilities.APIVersions.Has "networking.istio.io/v1" }} {{ semverCompare ">=1.28-0" .Capabilities.KubeVersion.GitVersion }}',
    ),
    kubeVersion: 'v1.30.2',
    apiVersions: ['networking.istio.io/v1'],
  },
  chart(
    'user-values',
    '{{ .Values.replicaCount }} {{ .Values.image.tag }} {{ .Values.image.repository }} {{ .Values.extra }} {{ toYaml .Values.labels }}',
    {
      replicaCount: 3,
      image: {tag: 'latest'},
      extra: 'x',
      labels: {version: null, team: 'mesh'},
    },
  ),
  chart('null-deletes', '{{ toYaml .Values }}', {image: null, global: {hub: null}, newNull: null}),
  chart('toyaml-values', '{{ toYaml .Values }}'),
  chart(
    'toyaml-nindent',
    'spec:\n  ports:{{ toYaml .Values.ports | nindent 4 }}\n  labels:\n{{ toYaml .Values.labels | indent 4 }}',
  ),
  chart('toyaml-scalars', yamlValue('v'), {
    v: {
      s: 'plain',
      yes: 'yes',
      no: 'no',
      on: 'on',
      t: 'true',
      n: '123',
      f: '1.5',
      oct: '0777',
      hex: '0x1F',
      nul: 'null',
      tilde: '~',
      empty: '',
      space: ' lead',
      trail: 'trail ',
      colon: 'a: b',
      colon2: 'a:b',
      hash: 'a #b',
      hash2: 'a#b',
      star: '*x',
      amp: '&x',
      bang: '!x',
      pct: '%x',
      at: '@x',
      dash: '- x',
      dash2: '-x',
      q: "it's",
      dq: 'say "hi"',
      brace: '{a}',
      bracket: '[a]',
      comma: 'a, b',
      date: '2024-01-02',
      base60: '1:20',
      version: '1.30',
      vversion: 'v1.30.3',
      tab: 'a\tb',
      uni: 'héllo ✓',
      multi: 'line1\nline2',
      multiTrail: 'line1\nline2\n',
      multiTrail2: 'a\n\n',
      leadNl: '\nlead',
      multiSpace: ' a\nb',
      spaceNl: 'a \nb',
      dots: '...',
      dashes: '---',
      question: '? x',
      gt: '>x',
      pipe: '|x',
      backtick: '`x',
      ctrl: 'a\u0001b',
      y: 'y',
      Y: 'Y',
      n2: 'n',
      yamlfloat: '1e3',
      inf: '.inf',
      under: '1_000',
      bin: '0b101',
      plus: '+1',
      neg: '-1',
      minus: '-',
      eq: '=',
      lt: '<<',
    },
  }),
  chart('toyaml-numbers', yamlValue('v'), {
    v: {
      i: 1,
      big: 1000000,
      bigger: 1e20,
      huge: 1e21,
      small: 0.000001,
      tiny: 1.5e-7,
      f: 1.5,
      neg: -2.25,
      z: 0,
      pi: 3.14159265358979,
      e6: 1234567.5,
      t: true,
      nul: null,
      list: [],
      map: {},
    },
  }),
  chart('toyaml-structures', yamlValue('v'), {
    v: {
      nested: {a: {b: {c: [1, {d: 'e', f: [[1, 2], []]}]}}},
      listOfMaps: [
        {name: 'a', value: 1},
        {name: 'b', sub: {x: 1}},
      ],
      listOfLists: [
        [1, 2],
        [3, [4, 5]],
      ],
      emptyInList: [{}, []],
      mapInListInMap: {l: [{k: {deep: true}}]},
      multiInList: ['a\nb', 'c'],
      multiInMap: {script: '#!/bin/sh\necho hi\n'},
    },
  }),
  chart('toyaml-keys', yamlValue('v'), {
    v: {
      b: 1,
      a: 2,
      B: 3,
      a10: 1,
      a9: 1,
      a010: 1,
      'a-b': 1,
      a_b: 1,
      '1': 1,
      '10': 1,
      '2': 1,
      'x.y': 1,
      Ä: 1,
      true: 1,
      null: 1,
      '': 1,
      'key with space': 1,
      'k:v': 1,
      '-dash': 1,
      '01': 1,
      '001': 1,
      ab1c: 1,
      ab01c: 1,
    },
  }),
  chart('toyaml-long', yamlValue('v'), {
    v: {
      long: 'This is a very long string that goes well beyond eighty characters so that go-yaml folds it onto the next line',
      longQuoted:
        'This is a very long string: it has a colon-space so it must be quoted and it is longer than eighty characters too',
      longDouble:
        'This is a very long string with a\ttab so it must be double quoted and it is longer than eighty characters in total',
      longNoSpace: 'x'.repeat(120),
      deep: {
        deeper: {
          deepest:
            'A long string nested inside maps so the starting column is already large enough to wrap sooner than usual',
        },
      },
      list: [
        'A long string inside a list item, which also has to be folded when it goes past the eightieth column of output',
      ],
      longKeyValue: 'word '.repeat(30).trim(),
      doubleSpaces:
        'word  word  word  word  word  word  word  word  word  word  word  word  word  word  word  word  word',
    },
  }),
  chart(
    'toyaml-top',
    '{{ toYaml "top level string" }}|{{ toYaml 1.5 }}|{{ toYaml .Values.list }}|{{ toYaml nil }}|{{ toYaml "a\\nb" }}|{{ toYaml (list) }}|{{ toYaml (dict) }}|{{ toYaml true }}|{{ toYaml 3 }}',
  ),
  chart('toyaml-chart', '{{ toYaml .Chart }}'),
  chart(
    'toyaml-capabilities',
    '{{ toJson .Capabilities.KubeVersion }}|{{ toYaml .Capabilities.APIVersions | len | int | lt 100 }}|{{ toJson (semver "1.2.3-rc.1") }}|{{ .Capabilities.APIVersions.Has "v1" }}',
  ),
  chart('method-args', '{{ .Files.Get }}'),
  chart('method-too-many', '{{ .Files.Get "a" "b" }}'),
  chart('method-pipe', '{{ "files/x.txt" | .Files.Get }}', undefined, [['files/x.txt', 'piped']]),
  chart(
    'fromyaml',
    '{{ $v := fromYaml "a: 1\\nb: [x, y]\\nc: {d: yes, e: no, f: on, g: ~}\\nh: 0777\\ni: 0x1F\\nj: 1e3\\nk: 2024-01-02\\n1: one\\ntrue: t\\nl: 1.0\\nm: .5\\nn: +12\\no: 1_000" }}{{ toYaml $v }}|{{ $v.a }}|{{ $v.h }}|{{ kindOf $v.a }}',
  ),
  chart(
    'fromyaml-errors',
    '{{ fromYaml "- a\\n- b" }}|{{ fromYaml "" }}|{{ fromYamlArray "- a\\n- 1" }}|{{ fromYamlArray "" }}|{{ (fromYaml "a: [").Error | empty | not }}',
  ),
  chart(
    'fromyaml-anchors',
    '{{ toYaml (fromYaml "base: &b {x: 1, y: 2}\\nderived:\\n  <<: *b\\n  y: 3\\nref: *b\\nstr: !!str 123\\nflt: !!float 5") }}',
  ),
  chart('fromyaml-multi', '{{ toYaml (fromYaml "a: 1\\n---\\nb: 2") }}|{{ toYaml (fromYaml "|\\n  text") }}'),
  chart(
    'json',
    '{{ toJson .Values.image }}|{{ toJson .Values.big }}|{{ fromJson "{\\"a\\": [1, 2.5]}" }}|{{ fromJson "[1]" }}|{{ fromJsonArray "[1, \\"x\\"]" }}|{{ (fromJson "bad").Error | empty | not }}|{{ toPrettyJson .Values.labels }}',
  ),
  chart('toyaml-roundtrip', '{{ .Values | toYaml | fromYaml | toJson }}'),
  chart(
    'include',
    '{{ include "demo.labels" . }}\n---\n{{ include "demo.labels" . | nindent 4 }}\n---\n{{ include "demo.name" . | upper }}',
    undefined,
    [
      [
        'templates/_helpers.tpl',
        '{{- define "demo.name" -}}\n{{ .Chart.Name }}-{{ .Release.Name }}\n{{- end }}\n{{- define "demo.labels" -}}\napp: {{ include "demo.name" . }}\nversion: {{ .Values.labels.version | quote }}\n{{- end }}\n',
      ],
    ],
  ),
  chart('include-missing', '{{ include "nope" . }}'),
  chart('template-action', '{{ template "demo.name" . }}', undefined, [
    ['templates/_helpers.tpl', '{{ define "demo.name" }}name:{{ .Chart.Name }}{{ end }}'],
  ]),
  chart(
    'tpl',
    '{{ tpl "{{ .Values.name }}-{{ .Release.Name }}" . }}|{{ tpl .Values.tplText . }}|{{ tpl "{{ .missing }}" . }}|{{ tpl "{{ define \\"x\\" }}X{{ end }}{{ include \\"x\\" . }}" . }}',
    {tplText: 'replicas: {{ .Values.replicaCount }}'},
  ),
  chart('tpl-parse-error', '{{ tpl "{{ .Values.name " . }}'),
  chart('tpl-exec-error', '{{ tpl "{{ .Values.name.x }}" . }}'),
  chart('required', '{{ required "name is required" .Values.name }}|{{ required "x" 0 }}'),
  chart('required-missing', 'line1\n{{ required "A valid .Values.who entry required!" .Values.who }}'),
  chart('required-empty', '{{ required "empty string fails" "" }}'),
  chart('fail', '{{ if not .Values.missing }}{{ fail "missing is not set" }}{{ end }}'),
  chart('fail-in-include', 'a: 1\n{{ include "checks" . }}', undefined, [
    [
      'templates/_checks.tpl',
      '{{ define "checks" }}\n{{ if .Values.enabled }}{{ fail "checks failed: enabled" }}{{ end }}\n{{ end }}',
    ],
  ]),
  chart('required-in-tpl', '{{ tpl "{{ required \\"tpl needs who\\" .Values.who }}" . }}'),
  chart('nil-in-include', '{{ include "n" . }}', undefined, [
    ['templates/_n.tpl', '{{ define "n" }}{{ .Values.no.such }}{{ end }}'],
  ]),
  chart('include-in-tpl', '{{ tpl "{{ include \\"x\\" . }}" . }}', undefined, [
    ['templates/_x.tpl', '{{ define "x" }}X={{ .Values.name }}{{ end }}'],
  ]),
  chart('parse-error-partial', 'ok', undefined, [
    ['templates/_bad.tpl', '{{ define "bad" }}{{ if }}{{ end }}'],
  ]),
  chart(
    'lookup',
    '{{ lookup "v1" "Namespace" "" "default" }}|{{ (lookup "v1" "ConfigMap" "ns" "x").data | default "none" }}|{{ len (lookup "v1" "Pod" "" "") }}',
  ),
  chart('env-removed', '{{ env "HOME" }}'),
  chart('parse-error', 'ok\n{{ if .Values.x }}\nunterminated'),
  chart('parse-error-func', '{{ nosuchfunc 1 }}'),
  chart('exec-error', 'a\n  b {{ index .Values.list 5 }}'),
  chart('nil-pointer', '{{ .Values.missing.field }}'),
  chart('eq-float-int', '{{ eq .Values.replicaCount 1 }}'),
  chart(
    'int-compare',
    '{{ eq (int .Values.replicaCount) 1 }} {{ gt (.Values.replicaCount | int) 0 }} {{ add .Values.replicaCount 1 }}',
  ),
  chart(
    'range-values',
    '{{ range $k, $v := .Values.labels }}{{ $k }}={{ $v }}\n{{ end }}{{ range .Values.ports }}- {{ .name }}:{{ .port }}\n{{ end }}',
  ),
  chart(
    'files',
    '{{ .Files.Get "files/config.txt" }}|{{ .Files.Get "nope" }}|{{ range $p, $_ := .Files.Glob "files/*.json" }}{{ $p }};{{ end }}|{{ .Files.Glob "files/*.txt" | len }}\n{{ (.Files.Glob "files/*").AsConfig }}\n{{ (.Files.Glob "files/config.txt").AsSecrets }}\n{{ range .Files.Lines "files/config.txt" }}[{{ . }}]{{ end }}',
    undefined,
    [
      ['files/config.txt', 'line one\nline two'],
      ['files/a.json', '{"a": 1}'],
      ['files/b.json', '{"b": 2}'],
      ['README.md', '# readme'],
    ],
  ),
  chart(
    'files-get-values',
    '[{{ .Files.Get "values.yaml" }}][{{ .Files.Get "Chart.yaml" }}][{{ .Files.Get "templates/t.yaml" | len }}]',
  ),
  chart(
    'whitespace',
    'a:\n  {{- if .Values.enabled }}\n  b: 1\n  {{- end }}\n  c: {{ .Values.name -}}\n\n\n',
  ),
  chart(
    'global',
    '{{ .Values.global.hub }}/{{ .Values.image.repository }}:{{ .Values.image.tag }} {{ .Values.global.meshID | default "mesh1" }}',
    {global: {meshID: 'm2'}},
  ),
  chart(
    'mergeOverwrite-values',
    '{{ $v := mustMergeOverwrite (dict) .Values.labels (dict "extra" "x") }}{{ toYaml $v }}\n{{ toYaml .Values.labels }}',
  ),
  chart(
    'deepcopy-values',
    '{{ $v := deepCopy .Values.image }}{{ $_ := set $v "tag" "changed" }}{{ .Values.image.tag }} {{ $v.tag }}',
  ),
  chart('set-values', '{{ $_ := set .Values "added" "yes" }}{{ .Values.added }}', undefined, [
    ['templates/u.yaml', 'other: {{ .Values.added }}'],
  ]),
  chart(
    'quote-values',
    '{{ .Values.image.tag | quote }} {{ .Values.replicaCount | quote }} {{ .Values.enabled | quote }} {{ .Values.big | quote }} {{ .Values.octal | squote }}',
  ),
  chart(
    'printf-values',
    '{{ printf "%s:%v" .Values.image.repository .Values.image.tag }} {{ printf "%d" .Values.replicaCount }} {{ printf "%v" .Values.big }} {{ printf "%.0f" .Values.big }}',
  ),
  chart('notes-ignored', 'main', undefined, [
    ['templates/NOTES.txt', 'Thank you for installing {{ .Chart.Name }}'],
  ]),
  chart('partials-not-rendered', 'main', undefined, [
    ['templates/_partial.yaml', 'not rendered'],
    ['templates/sub/other.yaml', 'nested {{ .Template.Name }}'],
  ]),
  chart('define-override', '{{ include "x" . }}', undefined, [
    ['templates/_a.tpl', '{{ define "x" }}from a{{ end }}'],
    ['templates/_b.tpl', '{{ define "x" }}from b{{ end }}'],
  ]),
  {
    id: 'helm.subchart',
    files: [
      ['Chart.yaml', CHART_YAML],
      ['values.yaml', VALUES + 'sub:\n  override: parent\n'],
      ['templates/t.yaml', '{{ .Values.sub.override }} {{ .Values.sub.own }} {{ .Values.global.hub }}'],
      ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
      ['charts/sub/values.yaml', 'override: child\nown: mine\nglobal:\n  hub: sub-hub\n  subOnly: x\n'],
      [
        'charts/sub/templates/s.yaml',
        '{{ .Values.override }} {{ .Values.own }} {{ .Values.global.hub }} {{ .Values.global.subOnly }} {{ .Chart.Name }} {{ .Chart.IsRoot }} {{ .Template.BasePath }}',
      ],
    ],
    releaseName: 'rel',
    namespace: 'ns',
    revision: 1,
  },
  ...(
    [
      ['ok', {name: 'x', replicas: 2, mode: 'a', nested: {flag: true}}],
      ['extra', {name: 'x', other: 1}],
      ['type', {name: 'x', replicas: 'two'}],
      ['required', {replicas: 1}],
      ['enum', {name: 'x', mode: 'c'}],
      ['nested-type', {name: 'x', nested: {flag: 'yes'}}],
    ] as const
  ).map(([id, values]) => ({
    id: `helm.schema-${id}`,
    files: [
      ['Chart.yaml', CHART_YAML],
      ['values.schema.json', SCHEMA],
      ['templates/t.yaml', '{{ .Values.name }} {{ .Values.replicas }}'],
    ] as [string, string][],
    values,
    releaseName: 'rel',
    namespace: 'ns',
    revision: 1,
  })),
  ...(
    [
      ['deps-default', {}],
      ['deps-condition-off', {sub: {enabled: false}}],
      ['deps-tag-off', {tags: {extras: false}}],
      ['deps-tag-off-condition-on', {tags: {extras: false}, sub: {enabled: true}}],
      ['deps-alias-values', {again: {own: 'aliased'}}],
    ] as const
  ).map(([id, values]) => ({
    id: `helm.${id}`,
    files: [
      [
        'Chart.yaml',
        'apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: ">=0.1.0"\n    condition: sub.enabled\n    tags: [extras]\n  - name: sub\n    version: "0.1.x"\n    alias: again\n  - name: other\n    version: 2.0.0\n    condition: other.enabled,global.otherEnabled\n',
      ],
      ['values.yaml', 'global:\n  otherEnabled: false\n'],
      ['templates/t.yaml', '{{ keys .Subcharts | sortAlpha }}'],
      ['charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n'],
      ['charts/sub/values.yaml', 'own: sub\nenabled: true\n'],
      ['charts/sub/templates/s.yaml', '{{ .Chart.Name }}: {{ .Values.own }} {{ .Template.Name }}'],
      ['charts/other/Chart.yaml', 'apiVersion: v2\nname: other\nversion: 2.0.0\n'],
      ['charts/other/templates/o.yaml', 'other'],
      ['charts/unlisted/Chart.yaml', 'apiVersion: v2\nname: unlisted\nversion: 1.0.0\n'],
      ['charts/unlisted/templates/u.yaml', 'unlisted {{ .Values.global.otherEnabled }}'],
    ] as [string, string][],
    values,
    releaseName: 'rel',
    namespace: 'ns',
    revision: 1,
  })),
  ...(
    [
      ['no-version', 'apiVersion: v2\nname: x\n'],
      ['bad-version', 'apiVersion: v2\nname: x\nversion: one\n'],
      ['bad-type', 'apiVersion: v2\nname: x\nversion: 1.0.0\ntype: plugin\n'],
      ['dotdot-name', 'apiVersion: v2\nname: ..\nversion: 1.0.0\n'],
      ['no-name', 'apiVersion: v2\nversion: 1.0.0\n'],
      ['library', 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n'],
    ] as const
  ).map(([id, chartYaml]) => ({
    id: `helm.chart-${id}`,
    files: [
      ['Chart.yaml', chartYaml],
      ['templates/t.yaml', 'x'],
      ['templates/_h.tpl', '{{ define "h" }}h{{ end }}'],
    ] as [string, string][],
    releaseName: 'rel',
    namespace: 'ns',
    revision: 1,
  })),
]
