/**
 * text/template builtins and execution corners (src/lib/template/builtins.ts, exec.ts): comparisons across
 * kinds, index/slice errors, the escapers, variables and range forms; expected outputs come from Go.
 */
import type {Row} from './core.js'

const d = {
  i: {$int: '3'},
  f: 3.0,
  s: 'abc',
  u: 'héllo',
  l: [1, 2, 3],
  m: {k: 'v', n: null},
  e: [],
  z: null,
  t: true,
}

/** eq/ne/lt/le/gt/ge across kinds, nil and multi-argument eq. */
export const compare: Row[] = [
  ['{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ eq true true }} {{ eq 1.5 1.5 }}'],
  [
    '{{ eq .i 3 }} {{ lt .i 4 }} {{ le 3 .i }} {{ gt .f 2.5 }} {{ ge .f 3.0 }} {{ le "a" "b" }} {{ ge "b" "b" }}',
    d,
  ],
  ['{{ eq .z nil }} {{ eq nil nil }} {{ ne .z nil }} {{ eq .m.n nil }}', d],
  ['{{ eq 1 "a" }}'],
  ['{{ eq 1 1.0 }}'],
  ['{{ lt 1 1.5 }}'],
  ['{{ lt true false }}'],
  ['{{ lt nil 1 }}'],
  ['{{ eq .l .l }}', d],
  ['{{ eq .m "x" }}', d],
  ['{{ eq "x" .l }}', d],
  ['{{ lt .l 1 }}', d],
  ['{{ eq 1 }}'],
  ['{{ eq }}'],
  ['{{ lt 1 }}'],
  ['{{ eq .z 1 }}', d],
  ['{{ eq 1 .z }}', d],
  ['{{ ne .z .z }} {{ eq .t true }} {{ lt "" "a" }} {{ gt -1 -2 }} {{ lt -1.5 -1.0 }}', d],
  ["{{ eq 'a' 97 }} {{ lt 'a' 'b' }} {{ eq 0x10 16 }}"],
]

/** index, slice and len on every kind, and their errors. */
export const indexing: Row[] = [
  [
    '{{ index .l 0 }} {{ index .m "k" }} {{ index .m "x" }} {{ index .s 1 }} {{ index .u 1 }} {{ index . "s" }}',
    d,
  ],
  ['{{ index .l 3 }}', d],
  ['{{ index .l -1 }}', d],
  ['{{ index .l nil }}', d],
  ['{{ index .l "a" }}', d],
  ['{{ index .l 1.0 }}', d],
  ['{{ index .s 3 }}', d],
  ['{{ index .m nil }}', d],
  ['{{ index .m 1 }}', d],
  ['{{ index .z 1 }}', d],
  ['{{ index nil 1 }}'],
  ['{{ index 5 1 }}'],
  ['{{ index .l }} {{ index .s }}', d],
  [
    '{{ slice .l }} {{ slice .l 1 }} {{ slice .l 1 2 }} {{ slice .l 1 2 3 }} {{ slice .s 1 }} {{ slice .u 1 3 }} {{ slice .s }}',
    d,
  ],
  ['{{ slice .l 2 1 }}', d],
  ['{{ slice .l 1 3 2 }}', d],
  ['{{ slice .l 1 2 3 4 }}', d],
  ['{{ slice .s 1 2 3 }}', d],
  ['{{ slice .l 4 }}', d],
  ['{{ slice .s 0 4 }}', d],
  ['{{ slice .l nil }}', d],
  ['{{ slice .z 1 }}', d],
  ['{{ slice .m 1 }}', d],
  ['{{ slice 5 }}'],
  ['{{ slice .e }} {{ slice .l 3 }} {{ slice .l 0 0 }} {{ slice .l 1 1 1 }}', d],
  ['{{ len .l }} {{ len .m }} {{ len .s }} {{ len .u }} {{ len .e }}', d],
  ['{{ len 5 }}'],
  ['{{ len .z }}', d],
  ['{{ len nil }}'],
]

/** html, js, urlquery and print/println operand rules. */
export const escapers: Row[] = [
  ['{{ html "<a href=\\"x\\">&\'</a>\\x00" }}|{{ html 1 "<" nil }}|{{ html }}'],
  ['{{ js "<a>\'\\"\\\\&=\\n\\r\\t\\x00\\u2028é`" }}|{{ js 1 nil "x" }}'],
  ['{{ urlquery "a b&c=d/é?" }}|{{ urlquery 1 nil "~-._" }}|{{ urlquery }}'],
  [
    '{{ print }}|{{ print nil }}|{{ print .z .z }}|{{ print "a" nil 1 }}|{{ println .z 1 }}|{{ printf "%v" .z }}',
    d,
  ],
  ['{{ .m }} {{ .l }} {{ .e }} {{ .z }} {{ .m.n }}', d],
  ['{{ html .l }} {{ js .m }} {{ urlquery .l }}', d],
]

/** Variables, range forms and control flow. */
export const control: Row[] = [
  ['{{ range $i, $e := .l }}{{ $i }}={{ $e }};{{ end }}{{ range $e := .l }}{{ $e }}{{ end }}', d],
  ['{{ $i := 0 }}{{ $e := 0 }}{{ range $i, $e = .l }}{{ end }}{{ $i }} {{ $e }}', d],
  ['{{ $e := 0 }}{{ range $e = .l }}{{ end }}{{ $e }}', d],
  [
    '{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}',
  ],
  ['{{ range $i, $e := 3 }}{{ end }}'],
  ['{{ range -1 }}{{ end }}'],
  ['{{ range 1.5 }}{{ end }}'],
  ['{{ range "ab" }}{{ . }}{{ end }}'],
  [
    '{{ range .e }}x{{ else }}empty{{ end }}|{{ range .z }}x{{ else }}nil{{ end }}|{{ range .m }}{{ . }},{{ end }}',
    d,
  ],
  ['{{ range $k, $v := .m }}{{ $k }}:{{ $v }};{{ end }}', d],
  ['{{ range .t }}{{ end }}', d],
  [
    '{{ with .z }}x{{ else with .s }}{{ . }}{{ end }}|{{ with $x := .s }}{{ $x }}{{ end }}|{{ if .e }}y{{ else if .l }}l{{ end }}',
    d,
  ],
  ['{{ and 1 0 "x" }}|{{ or 0 "" nil }}|{{ and }}'],
  ['{{ or }}'],
  ['{{ and 1 (index .l 9) }}', d],
  ['{{ or 1 (index .l 9) }}|{{ and 0 (index .l 9) }}', d],
  ['{{ not 0 }} {{ not .l }} {{ not .e }} {{ not .z }} {{ not "" }} {{ not .m }}', d],
  ['{{ not }}'],
  [
    '{{ define "r" }}{{ if gt . 0 }}{{ . }}{{ template "r" (sub . 1) }}{{ end }}{{ end }}{{ template "r" 3 }}',
  ],
  ['{{ call .z }}', d],
  ['{{ call 1 }}'],
  ['{{ 1 | call }}'],
  ['{{ call nil }}'],
  ['{{ call .s }}', d],
  ['{{ .s.x }}', d],
  ['{{ .l.x }}', d],
  ['{{ .i.x }}', d],
  ['{{ .z.x }}', d],
  ['{{ $x := .m }}{{ $x.k }} {{ $x.n }} {{ $x.missing }}', d],
  ['{{ .m.k 1 }}', d],
  ['{{ $.s 1 }}', d],
  ['{{ nil.x }}'],
  ['{{ (nil).x }}'],
  ['{{ len "x" 1 }}'],
  ['{{ index }}'],
  ['{{ printf }}'],
  ['{{ printf 1 }}'],
  ['{{ html | len }}'],
  ['{{ "x" | printf "%s %s" "a" }}'],
  ['{{ 1 | not }} {{ "" | not }} {{ .l | len }} {{ .s | index .m }}', {...d, s: 'k'}],
]

/** The executor's corners (src/lib/template/exec.ts): dot's static type, runaway recursion, literals, typed parameters. */
export const exec: Row[] = [
  // `$` can be assigned; a nil dot prints as no value
  ['{{ $ = 1 }}{{ $ }}'],
  ['{{ $x := 1 }}{{ $ = 2 }}{{ $ }}{{ $x }}'],
  ['{{ . }}', null],
  ['{{ printf "%v" . }}', null],
  // an error on a line after an empty one
  ['\n{{ index 1 1 }}'],
  // dot's type in field errors: a range element is interface {}, with and template give the value's own type
  ['{{ range .l }}{{ .b }}{{ end }}', {l: [1]}],
  ['{{ range .l }}{{ with .a }}{{ .b }}{{ end }}{{ end }}', {l: [{a: 1}]}],
  ['{{ range 3 }}{{ .x }}{{ end }}'],
  ['{{ define "u" }}{{ .x }}{{ end }}{{ range .l }}{{ template "u" . }}{{ end }}', {l: [1]}],
  // else runs only when nothing was ranged over
  [
    '{{ range 2 }}x{{ else }}E{{ end }}|{{ range .l }}y{{ else }}E{{ end }}|{{ range .m }}z{{ else }}E{{ end }}|{{ range 0 }}x{{ else }}E{{ end }}',
    {l: [1, 2], m: {a: 1}},
  ],
  // runaway recursion stops at the call made at depth 100000, one of the cycle's calls
  ['{{ define "l" }}{{ template "l" . }}{{ end }}{{ template "l" . }}'],
  [
    '{{ define "x" }}X{{ end }}{{ define "l" }}{{ template "l" . }}{{ end }}{{ template "x" }}{{ template "l" . }}',
  ],
  [
    '{{ define "a" }}{{ template "b" . }}{{ end }}{{ define "b" }}{{ template "a" . }}{{ end }}{{ template "a" . }}',
  ],
  [
    '{{ define "a" }}{{ template "b" . }}{{ end }}{{ define "b" }}{{ template "c" . }}{{ end }}{{ define "c" }}{{ template "a" . }}{{ end }}{{ template "a" . }}',
  ],
  ['{{ (nil).x }}'],
  // number literals: hex integers (unsigned only), runes, floats
  ['{{ printf "%T %T %T %T %T %T %T" 0x1E -0x1E +0x1E \'e\' 0x1p3 1e3 0X1P-2 }}'],
  // fields of a map or struct given arguments, unexported struct members
  ['{{ "x" | .a }}', {a: 1}],
  ['{{ "x" | .a }}', {a: {b: 1}}],
  ['{{ (semver "1.0.0").goString }}'],
  ['{{ (semver "1.0.0").goType }}'],
  // typed parameters: a piped value is checked against the variadic element type; nil is a nil map
  ['{{ 1 | merge dict }}'],
  ['{{ .nope | keys | len }}|{{ keys nil | len }}|{{ hasKey nil "a" }}|{{ get nil "a" }}'],
  ['{{ repeat (len "ab") "x" }}|{{ len "abc" | repeat 2 }}'],
  [
    '{{ round 1.25 1 }}|{{ round 1.25 1 0.4 }}|{{ round 1.5 0 (float64 0.6) }}|{{ 0.6 | round 1.5 0 }}|{{ round 1.5 0 1 }}',
  ],
  ['{{ round 1.5 0 "x" }}'],
  ['{{ round 1.5 0 1i }}'],
  ['{{ round 1.5 "x" }}'],
  ['{{ round 1.5 1.5 }}'],
  ['{{ round 1.5 1.0 }}|{{ len (list 1 2) | round 1.5 }}'],
  ['{{ len (list 1 2) | round 1.5 0 }}'],
  // a function's error that the engine raises as a plain Error keeps Go's wording
  ['{{ mustToJson (float64 "NaN") }}'],
  ['{{ mustToPrettyJson (list (float64 "+Inf")) }}'],
  ['{{ toJson (float64 "NaN") }}|{{ mustToRawJson (dict "a" (float64 "-Inf")) }}'],
]
