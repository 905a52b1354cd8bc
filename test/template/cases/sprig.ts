/** Sprig function cases; expected outputs come from the Go oracle (Sprig v3.3.0). */
import type {Row} from './core.js'

const I = (n: number): {$int: string} => ({$int: String(n)})
const d = {
  s: '  Hello World  ',
  name: 'istio-ingressgateway',
  n: 3.7,
  i: I(7),
  l: ['b', 'a', 'c', 'a'],
  nums: [3, 1, 2],
  m: {b: 2, a: 1, nested: {x: 'y', list: [1, 2]}, empty: '', zero: 0, f: false},
  m2: {a: 'override', nested: {x: 'z', added: true}, n: null},
  e: '',
  nil: null,
  t: true,
  json: '{"b":[1,2,{"c":null}],"a":"x","n":1.5e300}',
  multi: 'line1\nline2\nline3',
  ver: 'v1.20.0',
}

export const strings: Row[] = [
  [
    '{{ trim .s }}|{{ upper "abc" }}|{{ lower "ABC" }}|{{ title "hello world-foo bar_baz" }}|{{ untitle "Hello" }}',
    d,
  ],
  ['{{ substr 1 4 "abcdef" }}|{{ substr 2 -1 "abcdef" }}|{{ substr -1 3 "abcdef" }}|{{ substr 0 99 "abc" }}'],
  ['{{ repeat 3 "ab" }}|{{ "x" | repeat 2 }}'],
  [
    '{{ trimAll "$" "$$5.00$" }}|{{ trimSuffix ".yaml" "a.yaml" }}|{{ trimPrefix "v" "v1.2" }}|{{ trimSuffix "" "abc" }}',
  ],
  [
    '{{ nospace " a b\tc\n" }}|{{ trunc 5 "hello world" }}|{{ trunc -5 "hello world" }}|{{ trunc 50 "short" }}',
  ],
  ['{{ abbrev 5 "hello world" }}|{{ abbrev 20 "hello" }}|{{ initials "First Try" }}'],
  [
    '{{ contains "cat" "catch" }}|{{ hasPrefix "cat" "catch" }}|{{ hasSuffix "ch" "catch" }}|{{ contains "x" "catch" }}',
  ],
  ['{{ quote "a" 1 .nil 2.5 true }}|{{ squote "a" 1 .nil }}|{{ quote }}|{{ quote "with \\"quotes\\"" }}', d],
  ['{{ quote .m }}|{{ quote .l }}|{{ quote .missing }}', d],
  ['{{ cat "a" 1 .nil "b" }}|{{ cat }}', d],
  ['{{ indent 4 .multi }}|{{ nindent 2 "x" }}|{{ indent 0 "a" }}', d],
  ['{{ replace "a" "b" "banana" }}|{{ "banana" | replace "an" "AN" }}'],
  ['{{ plural "one" "many" 1 }}|{{ plural "one" "many" 2 }}'],
  ['{{ sha1sum "abc" }}|{{ sha256sum "abc" }}|{{ adler32sum "abc" }}'],
  ['{{ sha512sum "x" }}'],
  [
    '{{ toString 1 }}|{{ toString 2.5 }}|{{ toString .nil }}|{{ toString .l }}|{{ toString true }}|{{ toString .m.nested }}',
    d,
  ],
  ['{{ atoi "42" }}|{{ atoi "x" }}|{{ atoi "-7" }}|{{ atoi "0x1F" }}'],
  [
    '{{ int "42" }}|{{ int 3.9 }}|{{ int "3.0" }}|{{ int "0x10" }}|{{ int "010" }}|{{ int true }}|{{ int .nil }}|{{ int "abc" }}',
    d,
  ],
  ['{{ int64 "9" }}|{{ float64 "1.5" }}|{{ float64 3 }}|{{ float64 "x" }}|{{ float64 "1e3" }}'],
  ['{{ split "/" "a/b/c" }}|{{ (split "/" "a/b").a }}|{{ (split "/" "a/b")._1 }}'],
  ['{{ splitList "," "a,b,,c" }}|{{ splitList "" "abc" }}|{{ len (splitList "," "") }}'],
  ['{{ splitn "/" 2 "a/b/c" }}|{{ splitn "/" 0 "a/b" }}|{{ splitn "/" -1 "a/b" }}'],
  ['{{ toStrings .nums }}|{{ toStrings "x" }}|{{ toStrings .nil }}', d],
  ['{{ join "," .l }}|{{ join "-" .nums }}|{{ join "," "single" }}|{{ join "," .nil }}', d],
  ['{{ sortAlpha .l }}|{{ sortAlpha .nums }}|{{ sortAlpha "x" }}', d],
  [
    '{{ b64enc "hello" }}|{{ b64dec "aGVsbG8=" }}|{{ b64dec "!!" }}|{{ b32enc "hi" }}|{{ b32dec "NBUQ====" }}',
  ],
  [
    '{{ camelcase "http_server" }}|{{ snakecase "FirstName" }}|{{ kebabcase "FirstName" }}|{{ swapcase "Hello" }}',
  ],
  ['{{ wrap 10 "the quick brown fox jumps over" }}|{{ wrapWith 5 "\\t" "Hello World" }}'],
  ['{{ regexMatch "^[a-z]+$" "abc" }}|{{ regexMatch "^[a-z]+$" "aB" }}|{{ regexMatch "(?i)^[a-z]+$" "aB" }}'],
  [
    '{{ regexFindAll "[0-9]+" "a1b22c333" -1 }}|{{ regexFindAll "[0-9]+" "a1b22c333" 2 }}|{{ regexFind "[0-9]+" "ab12cd" }}|{{ regexFind "x" "abc" }}',
  ],
  [
    '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}',
  ],
  ['{{ regexSplit "z+" "pizza" -1 }}|{{ regexSplit "z+" "pizza" 1 }}|{{ regexQuoteMeta "1.2.3+[x]" }}'],
  ['{{ regexReplaceAll "[^a-z0-9-]" "Istio_Gateway.1" "-" | lower }}'],
  ['{{ "hello" | upper | repeat 2 | quote }}'],
  [
    '{{ env "MESHCTL_SURELY_UNSET_VAR" }}|{{ base "/a/b.txt" }}|{{ dir "/a/b.txt" }}|{{ ext "x.tar.gz" }}|{{ clean "a//b/../c/" }}|{{ isAbs "/x" }}',
  ],
  ['{{ base "" }}|{{ dir "file" }}|{{ clean "" }}|{{ base "/a/b/" }}'],
  ['{{ trim 5 }}'],
  ['{{ upper .missing }}', d],
  ['{{ upper .nil }}', d],
  ['{{ indent "2" "x" }}'],
  ['{{ indent 2 3 }}'],
  ['{{ nindent 2 .m }}', d],
  ['{{ substr 4 2 "abcdef" }}'],
  ['{{ "a" | contains "a" "b" }}'],
  ['{{ printf "%s" (quote "x") | squote }}'],
]

export const numbers: Row[] = [
  ['{{ add 1 2 3 }}|{{ add1 5 }}|{{ sub 10 3 }}|{{ div 10 3 }}|{{ mod 10 3 }}|{{ mul 2 3 4 }}'],
  ['{{ add 1.9 "2" .i }}|{{ add }}|{{ sub .n 1 }}|{{ mul "3" 2.5 }}', d],
  ['{{ div 1 0 }}'],
  ['{{ max 1 5 3 }}|{{ min 4 2 8 }}|{{ biggest 1 9 }}|{{ maxf 1.5 2.5 }}|{{ minf 1.5 -2.5 }}'],
  ['{{ addf 1.1 2.2 }}|{{ subf 5 1.5 }}|{{ mulf 1.1 3 }}|{{ divf 10 4 }}|{{ add1f 1.5 }}'],
  ['{{ ceil 1.2 }}|{{ floor 1.8 }}|{{ round 3.14159 2 }}|{{ round 2.5 0 }}|{{ round 1.2345 3 0.4 }}'],
  ['{{ until 5 }}|{{ until -3 }}|{{ untilStep 0 10 3 }}|{{ untilStep 10 0 -4 }}|{{ untilStep 0 5 0 }}'],
  ['{{ seq 5 }}|{{ seq 2 5 }}|{{ seq 5 2 }}|{{ seq 0 2 10 }}|{{ seq 10 -3 1 }}|{{ seq }}'],
  ['{{ range until 3 }}{{ . }}{{ end }}|{{ range $i := until 2 }}{{ add $i 10 }}{{ end }}'],
  [
    '{{ add 1 2 | printf "%T" }}|{{ len "x" | printf "%T" }}|{{ int "5" | printf "%T" }}|{{ float64 1 | printf "%T" }}',
  ],
  [
    '{{ typeOf (add 1 2) }} {{ kindOf (max 1 2) }} {{ typeOf (int64 3) }} {{ eq (add 1 1) 2 }} {{ lt (sub 5 3) (len "abc") }}',
  ],
  ['{{ indent (add 1 1) "x" }}'],
  ['{{ range add 1 2 }}{{ . }}{{ end }}|{{ index (list "a" "b") (sub 2 1) }}|{{ toJson (mul 2 3) }}'],
  ['{{ eq (add 1 1) 2 }}|{{ eq (int "3") 3 }}|{{ lt (len .l) 5 }}', d],
  ['{{ toDecimal "0777" }}|{{ toDecimal 10 }}|{{ toDecimal "x" }}'],
  ['{{ .n | int }}|{{ .i | float64 }}|{{ 1e6 | int }}|{{ int 1e6 | toString }}', d],
  ['{{ mul 1000000 1000000 1000000 1000000 }}'],
  ['{{ add 1 .nil .missing }}', d],
]

export const lists: Row[] = [
  ['{{ list 1 "a" 2.5 nil }}|{{ list }}|{{ tuple 1 2 }}'],
  ['{{ first .l }}|{{ last .l }}|{{ rest .l }}|{{ initial .l }}|{{ reverse .l }}', d],
  ['{{ first list }}|{{ last (list) }}|{{ rest list }}', d],
  ['{{ first "abc" }}'],
  ['{{ first .nil }}', d],
  ['{{ uniq .l }}|{{ compact (list 1 0 "" "a" nil false (list)) }}|{{ without .l "a" "c" }}', d],
  ['{{ has "a" .l }}|{{ has "z" .l }}|{{ has 1 .nums }}|{{ has 1.0 .nums }}|{{ has "x" .nil }}', d],
  ['{{ append .l "d" }}|{{ prepend .l "z" }}|{{ push (list) 1 }}|{{ mustAppend .l 1 }}', d],
  ['{{ append "x" 1 }}'],
  ['{{ slice .l 1 }}|{{ slice .l 1 3 }}|{{ slice .l }}|{{ slice (list) 0 }}', d],
  ['{{ slice .l 3 1 }}', d],
  ['{{ concat .l .nums (list "z") }}|{{ concat }}', d],
  ['{{ chunk 2 .l }}|{{ chunk 3 .nums }}', d],
  ['{{ len (list 1 2 3) }}|{{ index (list "a" "b") 1 }}'],
  ['{{ range $i, $v := list "x" "y" }}{{ $i }}{{ $v }}{{ end }}'],
  ['{{ $l := list }}{{ range .l }}{{ $l = append $l (upper .) }}{{ end }}{{ $l }}', d],
  ['{{ sortAlpha (keys .m) }}|{{ len (keys .m .m2) }}', d],
  ['{{ values (dict "a" 1) }}|{{ pluck "a" .m .m2 (dict "b" 1) }}', d],
]

export const dicts: Row[] = [
  ['{{ dict "a" 1 "b" "two" }}|{{ dict }}|{{ dict "odd" }}|{{ dict 1 2 }}'],
  ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}|{{ $_ := unset $d "a" }}{{ $d }}'],
  ['{{ get .m "a" }}|{{ get .m "missing" }}|{{ hasKey .m "a" }}|{{ hasKey .m "zz" }}', d],
  ['{{ pick .m "a" "b" "zz" }}|{{ omit .m "nested" "a" }}', d],
  ['{{ merge (dict "a" 1 "e" "") (dict "a" 2 "b" 3 "e" "filled") }}'],
  ['{{ mergeOverwrite (dict "a" 1 "e" "x") (dict "a" 2 "b" 3 "e" "") }}'],
  ['{{ merge (deepCopy .m) .m2 }}', d],
  ['{{ mergeOverwrite (deepCopy .m) .m2 }}', d],
  ['{{ mustMergeOverwrite (dict) .m .m2 }}', d],
  [
    '{{ merge (dict "l" (list 1)) (dict "l" (list 2 3)) }}|{{ mergeOverwrite (dict "l" (list 1)) (dict "l" (list 2 3)) }}',
  ],
  [
    '{{ merge (dict "x" (dict "a" 1)) (dict "x" "scalar") }}|{{ mergeOverwrite (dict "x" (dict "a" 1)) (dict "x" "scalar") }}',
  ],
  [
    '{{ merge (dict "x" "s") (dict "x" (dict "a" 1)) }}|{{ mergeOverwrite (dict "x" "s") (dict "x" (dict "a" 1)) }}',
  ],
  [
    '{{ merge (dict "x" (dict)) (dict "x" (dict "a" 1)) }}|{{ merge (dict "z" 0 "f" false) (dict "z" 5 "f" true) }}',
  ],
  ['{{ $a := dict "k" (dict "v" 1) }}{{ $b := merge (dict) $a }}{{ $_ := set $b.k "v" 2 }}{{ $a }}'],
  ['{{ dig "nested" "x" "def" .m }}|{{ dig "nested" "nope" "def" .m }}|{{ dig "a" "def" .m }}', d],
  ['{{ dig "a" "b" "def" .m }}', d],
  ['{{ deepCopy .m }}|{{ $c := deepCopy .m }}{{ $_ := set $c "a" 99 }}{{ .m.a }}', d],
  ['{{ hasKey .nil "a" }}', d],
  ['{{ keys .m | sortAlpha | join "," }}', d],
  ['{{ set .nil "a" 1 }}', d],
  ['{{ range $k, $v := dict "z" 1 "a" 2 "m" 3 }}{{ $k }}{{ $v }}{{ end }}'],
]

export const defaults: Row[] = [
  [
    '{{ default "d" .e }}|{{ default "d" .s }}|{{ default "d" .missing }}|{{ default "d" .nil }}|{{ default 5 0 }}|{{ default "d" false }}',
    d,
  ],
  ['{{ .missing | default "piped" }}|{{ .name | default "x" }}|{{ default "d" }}', d],
  ['{{ default "d" (list) }}|{{ default "d" (dict) }}|{{ default "d" .m }}|{{ default 1.5 0.0 }}', d],
  [
    '{{ empty "" }}|{{ empty 0 }}|{{ empty 0.0 }}|{{ empty .nil }}|{{ empty .missing }}|{{ empty (list) }}|{{ empty (dict) }}|{{ empty false }}|{{ empty "x" }}|{{ empty .m }}',
    d,
  ],
  ['{{ coalesce .missing .e "first" "second" }}|{{ coalesce .nil 0 "" }}|{{ coalesce }}', d],
  ['{{ all 1 "a" true }}|{{ all 1 "" }}|{{ any 0 "" .nil }}|{{ any 0 "x" }}|{{ all }}|{{ any }}', d],
  ['{{ ternary "yes" "no" true }}|{{ ternary "yes" "no" false }}|{{ .t | ternary 1 2 }}', d],
  ['{{ ternary "y" "n" "notbool" }}'],
  ['{{ fail "boom" }}'],
  [
    '{{ typeOf 1 }}|{{ typeOf 1.5 }}|{{ typeOf "s" }}|{{ typeOf .l }}|{{ typeOf .m }}|{{ typeOf .nil }}|{{ typeOf true }}',
    d,
  ],
  [
    '{{ kindOf 1 }}|{{ kindOf 1.5 }}|{{ kindOf "s" }}|{{ kindOf .l }}|{{ kindOf .m }}|{{ kindOf .nil }}|{{ kindIs "map" .m }}|{{ typeIs "string" "x" }}',
    d,
  ],
  [
    '{{ deepEqual .l .l }}|{{ deepEqual (list 1) (list 1) }}|{{ deepEqual (dict "a" 1) (dict "a" 2) }}|{{ deepEqual 1 1.0 }}',
    d,
  ],
  ['{{ if empty .e }}empty{{ end }}{{ with default "x" .missing }}{{ . }}{{ end }}', d],
]

export const json: Row[] = [
  ['{{ toJson .m }}', d],
  [
    '{{ toJson .l }}|{{ toJson "a<b>&c" }}|{{ toJson 1.5 }}|{{ toJson 1e21 }}|{{ toJson 100000000 }}|{{ toJson .nil }}|{{ toJson (add 1 2) }}',
    d,
  ],
  ['{{ toRawJson "a<b>&c" }}|{{ toPrettyJson .m }}', d],
  ['{{ toPrettyJson (list) }}|{{ toPrettyJson (dict) }}|{{ toPrettyJson (list 1 (dict "a" (list))) }}'],
  ['{{ fromJson .json }}|{{ (fromJson .json).a }}|{{ index (fromJson .json).b 0 }}', d],
  ['{{ fromJson "not json" }}|{{ fromJson "[1,2]" }}|{{ fromJson "1e6" }}'],
  ['{{ mustFromJson "{" }}'],
  ['{{ toJson "\\u2028\\n\\t\\u0001é" }}'],
  ['{{ toJson 1.5e-7 }}|{{ toJson 0.000001 }}|{{ toJson 123456789012345680000 }}'],
]

export const semver: Row[] = [
  [
    '{{ semverCompare ">=1.21-0" "v1.20.0" }}|{{ semverCompare ">=1.21-0" "v1.28.3" }}|{{ semverCompare "<1.25" "1.24.9" }}',
  ],
  [
    '{{ semverCompare "^1.2.0" "1.5.0" }}|{{ semverCompare "^1.2.0" "2.0.0" }}|{{ semverCompare "~1.2.0" "1.2.9" }}|{{ semverCompare "~1.2.0" "1.3.0" }}',
  ],
  [
    '{{ semverCompare "1.2.x" "1.2.7" }}|{{ semverCompare "1.x" "2.0.0" }}|{{ semverCompare "*" "3.0.0" }}|{{ semverCompare "!=1.2.3" "1.2.3" }}',
  ],
  [
    '{{ semverCompare ">1.0, <2.0" "1.5.0" }}|{{ semverCompare ">1.0 <2.0" "2.5.0" }}|{{ semverCompare "<1.0 || >=2.0" "2.1.0" }}|{{ semverCompare "1.0 - 2.0" "1.5.0" }}',
  ],
  [
    '{{ semverCompare ">=1.20" "1.21.0-beta.1" }}|{{ semverCompare ">=1.20-0" "1.21.0-beta.1" }}|{{ semverCompare ">=1.21.0-alpha.2" "1.21.0-alpha.10" }}',
  ],
  [
    '{{ semverCompare "^0.2.3" "0.2.9" }}|{{ semverCompare "^0.2.3" "0.3.0" }}|{{ semverCompare "^0.0.3" "0.0.4" }}|{{ semverCompare "<=1.2" "1.2.9" }}|{{ semverCompare ">1.2" "1.2.9" }}',
  ],
  ['{{ semverCompare "bad constraint" "1.0.0" }}'],
  ['{{ semverCompare ">1.0" "not-a-version" }}'],
  [
    '{{ (semver "1.2.3-beta.1+build").Major }}|{{ (semver "v1.2.3").Minor }}|{{ (semver "1.2.3-rc1").Prerelease }}|{{ semver "1.2" }}',
  ],
  [
    '{{ semverCompare ">= 1.19.0-0" .ver }}|{{ semverCompare "=1.20.0" .ver }}|{{ semverCompare "1.20" .ver }}',
    d,
  ],
  // every operator with wildcards (x, *, a missing part) on each side of its boundary
  [
    '{{ semverCompare "!=1.x" "1.5.0" }}|{{ semverCompare "!=1.x" "2.0.0" }}|{{ semverCompare "!=1.2.x" "1.2.5" }}|{{ semverCompare "!=1.2.x" "1.3.0" }}|{{ semverCompare "!=1.2.x" "2.2.0" }}|{{ semverCompare "!=*" "1.0.0" }}|{{ semverCompare "!=1.2.3" "1.2.4" }}|{{ semverCompare "!=1.2.x-0" "1.2.5-rc.1" }}|{{ semverCompare "!=1.2.x-rc.1" "1.2.0-rc.1" }}',
  ],
  [
    '{{ semverCompare ">1.x" "1.9.0" }}|{{ semverCompare ">1.x" "2.0.0" }}|{{ semverCompare ">1.x" "0.9.0" }}|{{ semverCompare ">1.2.x" "1.2.9" }}|{{ semverCompare ">1.2.x" "1.3.0" }}|{{ semverCompare ">1.2.x" "2.0.0" }}|{{ semverCompare ">*" "1.0.0" }}|{{ semverCompare ">1.2.3" "1.2.3" }}|{{ semverCompare ">1.2.3" "1.2.4" }}',
  ],
  [
    '{{ semverCompare "<=1.x" "1.9.0" }}|{{ semverCompare "<=1.x" "2.0.0" }}|{{ semverCompare "<=1.2.x" "1.2.9" }}|{{ semverCompare "<=1.2.x" "1.3.0" }}|{{ semverCompare "<=1.2.x" "0.9.0" }}|{{ semverCompare "<=1.2.3" "1.2.3" }}|{{ semverCompare "<=1.2.3" "1.2.4" }}|{{ semverCompare "=<1.2" "1.2.5" }}|{{ semverCompare "=>1.2" "1.1.9" }}|{{ semverCompare "<1.2.x" "1.1.0" }}',
  ],
  [
    '{{ semverCompare "~1" "1.9.0" }}|{{ semverCompare "~1" "2.0.0" }}|{{ semverCompare "~1.x" "1.5.0" }}|{{ semverCompare "~0.0.0" "5.0.0" }}|{{ semverCompare "~>1.2" "1.2.9" }}|{{ semverCompare "~1.2.3" "1.2.2" }}|{{ semverCompare "=1.2.x" "1.2.5" }}|{{ semverCompare "=1.2.x" "1.3.0" }}|{{ semverCompare "1.x" "1.0.0-beta" }}',
  ],
  [
    '{{ semverCompare "^1.x" "1.9.0" }}|{{ semverCompare "^1.x" "2.0.0" }}|{{ semverCompare "^0.x" "0.9.0" }}|{{ semverCompare "^0.x" "1.0.0" }}|{{ semverCompare "^0.2.x" "0.2.9" }}|{{ semverCompare "^0.2.x" "0.3.0" }}|{{ semverCompare "^0.0.3" "0.0.3" }}|{{ semverCompare "^0.0.3" "0.1.0" }}|{{ semverCompare "^0.0" "0.0.5" }}|{{ semverCompare "^0.0.3" "0.0.2" }}|{{ semverCompare "^*" "3.0.0" }}',
  ],
  // prerelease order: numeric parts by value, numeric before alphanumeric, a release after its prereleases
  [
    '{{ semverCompare ">1.0.0-alpha" "1.0.0-alpha.1" }}|{{ semverCompare ">1.0.0-alpha.1" "1.0.0-alpha" }}|{{ semverCompare ">1.0.0-alpha" "1.0.0-beta" }}|{{ semverCompare ">1.0.0-beta" "1.0.0-alpha" }}|{{ semverCompare ">1.0.0-2" "1.0.0-10" }}|{{ semverCompare ">1.0.0-10" "1.0.0-2" }}|{{ semverCompare ">1.0.0-1" "1.0.0-a" }}|{{ semverCompare ">1.0.0-a" "1.0.0-1" }}|{{ semverCompare ">=1.0.0-alpha" "1.0.0" }}|{{ semverCompare "<1.0.0-rc.1" "1.0.0-rc.1" }}|{{ semverCompare "=1.0.0-rc.1" "1.0.0-rc.1" }}|{{ semverCompare ">1.0.0-rc.1" "1.0.0-rc.1.1" }}',
  ],
  [
    '{{ (semver "1.2.3-b.1+m.2").Patch }}|{{ (semver "1.2.3-b.1+m.2").Metadata }}|{{ (semver "v1.2").Original }}|{{ (semver "v1.2").String }}|{{ semver "1.2.3-b+m" }}|{{ semver "1.2.3+m" | toJson }}|{{ semver "2" }}|{{ semver "1.2.3" | printf "%v" }}',
  ],
  ['{{ semverCompare ">=1.0.0-" "1.0.0" }}'],
  ['{{ semverCompare "1.2.3.4" "1.0.0" }}'],
  ['{{ semverCompare ">1.0" "1.0.0-01" }}'],
  ['{{ semver "1.2.3-rc.01" }}'],
  ['{{ semver "1.2.3-001" }}'],
  [
    '{{ semverCompare "!=*" "0.0.5" }}|{{ semverCompare "!=*" "0.3.0" }}|{{ semverCompare "!=*" "0.0.0" }}|{{ semverCompare ">1" "1.5.0" }}|{{ semverCompare ">1" "2.0.0" }}|{{ semverCompare ">1.2" "1.2.5" }}|{{ semverCompare ">1.2" "1.3.0" }}|{{ semverCompare "^0.0.x" "0.0.5" }}|{{ semverCompare "^0" "0.5.0" }}|{{ semverCompare "=>1.2.3" "1.2.3" }}|{{ semverCompare "~0.0.1" "0.0.5" }}|{{ semverCompare "~0.1.0" "0.1.5" }}|{{ semverCompare ">=1.0.0-rc.1 <1.0.0" "1.0.0-rc.2" }}',
  ],
  [
    '{{ semver "1.2.3-a01" }}|{{ semver "1.2.3-01a" }}|{{ semverCompare ">1.0.0-alpha.beta" "1.0.0-alpha.1" }}|{{ semverCompare ">1.0.0-alpha.1" "1.0.0-alpha.beta" }}|{{ semverCompare ">1.0.0-9" "1.0.0-10" }}|{{ semverCompare ">1.0.0-a" "1.0.0-b" }}|{{ semverCompare "<1.0.0-a.b" "1.0.0-a" }}',
  ],
  [
    '{{ semver "01.2.3" }}|{{ semver "1.02.03" }}|{{ semver "1.2.3-0a" }}|{{ semver "1.2.3+01" }}|{{ semver "1.2.3-0" }}|{{ semver "1.2.3-a.0" }}',
  ],
  // prerelease parts: only all-digit parts are numbers ("b1", "1a" are text), and "-" sorts before the digits
  [
    '{{ semverCompare ">1.0.0-a" "1.0.0-b1" }}|{{ semverCompare ">1.0.0-0b" "1.0.0-1a" }}|{{ semverCompare ">1.0.0-99" "1.0.0-100" }}|{{ semverCompare ">1.0.0-b1" "1.0.0-a" }}|{{ semverCompare ">1.0.0-1a" "1.0.0-0b" }}|{{ semverCompare ">1.0.0--" "1.0.0-1" }}|{{ semverCompare ">1.0.0-1" "1.0.0--" }}|{{ semverCompare ">1.0.0-rc" "1.0.0" }}',
  ],
  // a numeric part past uint64 is text to strconv.ParseUint, so it compares as a string
  [
    '{{ semverCompare ">1.0.0-100000000000000000000" "1.0.0-99999999999999999999" }}|{{ semverCompare ">1.0.0-99999999999999999999" "1.0.0-100000000000000000000" }}|{{ semverCompare ">1.0.0-18446744073709551615" "1.0.0-18446744073709551616" }}|{{ semverCompare ">1.0.0-100000000000000000000" "1.0.0-18446744073709551615" }}|{{ semverCompare ">1.0.0-18446744073709551615" "1.0.0-100000000000000000000" }}',
  ],
  ['{{ semver "99999999999999999999.0.0-01" }}'],
  ['{{ semver "1.18446744073709551616.0" }}'],
  ['{{ semver "1.0.18446744073709551616" }}'],
  ['{{ semver "1.0.18446744073709551615" }}|{{ semver "18446744073709551615" }}'],
  ['{{ semverCompare ">1.99999999999999999999" "1.0.0" }}'],
  // X wildcards, tilde and caret bounds, = and != around prereleases
  [
    '{{ semverCompare "1.X" "1.5.0" }}|{{ semverCompare "1.2.X" "1.2.5" }}|{{ semverCompare "~0.1.0" "0.2.0" }}|{{ semverCompare "~1.0.0" "2.0.0" }}|{{ semverCompare "~0.0.1" "0.1.0" }}|{{ semverCompare "=1.2.3" "1.2.4" }}|{{ semverCompare "1.2.3" "1.2.4" }}|{{ semverCompare ">*" "0.0.5" }}|{{ semverCompare "^1.2.3" "1.2.2" }}|{{ semverCompare "^0.0.3" "0.1.3" }}',
  ],
  [
    '{{ semverCompare "!=1.2.x-rc" "1.2.5" }}|{{ semverCompare "!=1.2.x, >=1.0.0-0" "1.2.5-rc" }}|{{ semverCompare "!=1.2.x, >=1.0.0-0" "1.2.5" }}|{{ semverCompare "~*" "0.0.1" }}|{{ semverCompare "~0.0.x" "0.1.0" }}|{{ semverCompare "v1.x || vX" "3.0.0" }}',
  ],
  ['{{ semverCompare "1|2" "1.0.0" }}'],
  ['{{ semverCompare "" "1.0.0" }}'],
]
