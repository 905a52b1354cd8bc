/**
 * Sprig corner cases aimed at the mutation run's survivors in src/lib/template/sprig.ts (issue #17):
 * number parsing, case mapping, emptiness and equality, must* variants, regex, encodings, paths, URLs.
 * Expected outputs come from the Go oracle (Sprig v3.3.0); one error per row, since an error ends the render.
 */
import {sprigFuncs} from '../../../src/lib/template/sprig.js'
import type {Row} from './core.js'

const I = (n: number): {$int: string} => ({$int: String(n)})
const d = {nil: null, m: {a: 1, b: {c: 'x'}}, l: [1, 'a'], i: I(3), f: 2.5, e: '', s: 'str'}

/** cast.ToInt64 / ToFloat64 string parsing, atoi, toString. */
export const conversions: Row[] = [
  [
    '{{ int "3." }}|{{ int "100" }}|{{ int "0.0" }}|{{ int "3.50" }}|{{ int "00" }}|{{ int "-0" }}|{{ int "1.00" }}',
  ],
  [
    '{{ int "0b101" }}|{{ int "0B11" }}|{{ int "0o17" }}|{{ int "0O7" }}|{{ int "0b" }}|{{ int "0o" }}|{{ int "0x" }}',
  ],
  [
    '{{ int "0b102" }}|{{ int "0o18" }}|{{ int "0b1x" }}|{{ int "0o1x" }}|{{ int "1_000" }}|{{ int "017" }}|{{ int "-017" }}',
  ],
  [
    '{{ int "0c1" }}|{{ int "0a1" }}|{{ int "0p7" }}|{{ int "-5" }}|{{ int "+5" }}|{{ int "017x" }}|{{ int "x017" }}',
  ],
  [
    '{{ int "9223372036854775807" }}|{{ int "9223372036854775808" }}|{{ int "-9223372036854775808" }}|{{ int "-9223372036854775809" }}',
  ],
  [
    '{{ int64 (int64 5) }}|{{ int (add 1 2) }}|{{ float64 (int64 4) }}|{{ float64 (add 1 1) }}|{{ int .f }}',
    d,
  ],
  [
    '{{ float64 "+1.5" }}|{{ float64 "1." }}|{{ float64 ".5" }}|{{ float64 "1e+3" }}|{{ float64 "1E-2" }}|{{ float64 "1e" }}',
  ],
  [
    '{{ float64 "12" }}|{{ float64 "1.5x" }}|{{ float64 "x1.5" }}|{{ float64 "." }}|{{ float64 "1_000.5" }}|{{ float64 "e5" }}',
  ],
  [
    '{{ float64 "inf" }}|{{ float64 "-Inf" }}|{{ float64 "+infinity" }}|{{ float64 "nan" }}|{{ float64 "-NaN" }}',
  ],
  [
    '{{ float64 "xinf" }}|{{ float64 "infx" }}|{{ float64 "+nan" }}|{{ float64 "in" }}|{{ float64 "infinit" }}|{{ float64 "xnan" }}',
  ],
  ['{{ float64 true }}|{{ float64 false }}|{{ float64 "0x1p-2" }}|{{ float64 .nil }}|{{ float64 .l }}', d],
  [
    '{{ toString .missing }}|{{ toString .nil }}|{{ toString "s" }}|{{ toString (int64 3) }}|{{ toString .i }}',
    d,
  ],
  [
    '{{ atoi "007" }}|{{ atoi "-007" }}|{{ atoi "+3" }}|{{ atoi "1_0" }}|{{ atoi " 1" }}|{{ atoi "99999999999999999999" }}',
  ],
  ['{{ toDecimal "777" }}|{{ toDecimal "-17" }}|{{ toDecimal "8" }}|{{ toDecimal 17 }}|{{ toDecimal "+7" }}'],
]

/** Case mapping, whitespace, trimming, truncation, substrings, splitting, wrapping. */
export const strings: Row[] = [
  ['{{ upper "ß" }}|{{ lower "İ" }}|{{ upper "ŉx" }}|{{ lower "ÀB" }}|{{ upper "ǆ" }}'],
  [
    '{{ nospace "a\\u0085b\\u00a0c\\u1680d\\u2000e\\u2005f\\u200ag\\u2028h\\u2029i\\u202fj\\u205fk\\u3000l\\u000bm\\rn\\u000eo\\u200bp" }}',
  ],
  [
    '[{{ trim "\\u0085 x \\u3000" }}]|[{{ trim "\\t\\r\\n" }}]|[{{ trim "" }}]|[{{ trim "\\u2009a\\u2001" }}]|[{{ trim "\\u000ex" }}]',
  ],
  [
    '{{ trimAll "ab" "abxba" }}|[{{ trimAll "a" "aaa" }}]|{{ trimall "x" "xyx" }}|{{ trimAll "" "aba" }}|{{ trimAll "é" "éaé" }}',
  ],
  [
    '{{ trunc -3 "héllo" }}|[{{ trunc -99 "abc" }}]|[{{ trunc 0 "abc" }}]|{{ trunc 3 "abc" }}|{{ trunc 2 "abc" }}|{{ trunc -3 "abc" }}',
  ],
  [
    '{{ substr -2 2 "abc" }}|{{ substr 1 -1 "abc" }}|[{{ substr 3 -1 "abc" }}]|{{ substr 1 3 "abc" }}|{{ substr 0 4 "abc" }}|{{ substr -1 0 "abc" }}',
  ],
  ['{{ substr -1 4 "abc" }}'],
  ['{{ substr -1 -1 "abc" }}'],
  ['{{ substr 5 -1 "abc" }}'],
  ['{{ substr 4 9 "abc" }}'],
  ['{{ substr 2 1 "abc" }}'],
  [
    '{{ title "ab cd" }}|{{ title "o\'neil x_y 1a" }}|{{ untitle "" }}|{{ untitle "ÀB" }}|{{ title "ǆa ǅb Ǆc ǉ ǌ ǳ ßx ŉy éz" }}',
  ],
  ['{{ splitn "" 2 "abc" }}|{{ splitn "" 5 "abc" }}|{{ splitn "" 3 "abc" }}|{{ splitn "" 1 "abc" }}'],
  [
    '{{ splitn "," 5 "a,b" }}|{{ splitn "," 2 ",a,b" }}|{{ splitn "ab" 3 "xabyabz" }}|{{ splitn "," 1 "a,b" }}',
  ],
  [
    '{{ wrap 5 "aaaaaaaa bb cc" }}|{{ wrap 0 "a b" }}|{{ wrap 3 " a  b" }}|{{ wrap 4 "abcdefgh ij" }}|{{ wrap 4 "ab cd" }}',
  ],
  ['{{ wrap 3 "abcdef" }}|{{ wrap 3 "abcdef gh ijklmn op" }}|{{ wrap 1 "a b" }}|{{ wrap 5 "  leading" }}'],
  [
    '{{ wrapWith 3 "|" "abcdefgh" }}|{{ wrapWith 4 "|" "ab cdefghij k" }}|{{ wrapWith 5 "<br>" "one two three" }}',
  ],
  [
    '{{ camelcase "http_server_name" }}|{{ snakecase "HTTPServerName" }}|{{ kebabcase "ABCDef ghi" }}|{{ snakecase "a1B2" }}',
  ],
  [
    '{{ snakecase "a b" }}|{{ camelcase "x y" }}|{{ kebabcase "AB" }}|{{ snakecase "ABc" }}|{{ camelcase "" }}',
  ],
  [
    '{{ swapcase "ßİǅǆ1-Éé" }}|{{ swapcase "aBc1" }}|{{ initials "  a   b  " }}|{{ abbrev 3 "abcdef" }}|{{ abbrev 4 "abcdef" }}|{{ abbrev 6 "abcdef" }}',
  ],
  [
    '{{ quote .nil }}|{{ squote .nil "x" .missing }}|{{ cat .nil .missing }}|{{ cat "a" .nil }}|{{ squote }}',
    d,
  ],
]

/** Emptiness, kinds, equality and copies over every value shape. */
export const reflection: Row[] = [
  [
    '{{ empty (int64 0) }}|{{ empty (int64 1) }}|{{ empty (add 0 0) }}|{{ empty (semver "1.0.0") }}|{{ empty dict }}|{{ empty (dict "a" 1) }}',
  ],
  [
    '{{ empty .missing }}|{{ empty "" }}|{{ empty "x" }}|{{ empty 0.0 }}|{{ empty list }}|{{ empty (list 0) }}|{{ empty .nil }}',
    d,
  ],
  [
    '{{ kindOf (semver "1.0.0") }}|{{ kindOf .nil }}|{{ kindOf (int64 1) }}|{{ kindOf .m }}|{{ kindOf .l }}|{{ kindOf .missing }}',
    d,
  ],
  [
    '{{ kindIs "ptr" (semver "1.0.0") }}|{{ typeOf .nil }}|{{ typeOf (int64 1) }}|{{ typeIs "int64" (add 1 1) }}',
    d,
  ],
  ['{{ typeIsLike "semver.Version" (semver "1.0.0") }}|{{ typeIsLike "int" 1 }}|{{ typeIs "float64" 1.5 }}'],
  [
    '{{ deepEqual (int64 1) 1 }}|{{ deepEqual (int64 1) (int64 1) }}|{{ deepEqual (int64 1) (int64 2) }}|{{ deepEqual 1 (int64 1) }}',
  ],
  [
    '{{ deepEqual (list 1 2) (list 1 2) }}|{{ deepEqual (list 1 2) (list 1 3) }}|{{ deepEqual (list 1) (list 1 2) }}|{{ deepEqual (list 1) (dict "a" 1) }}',
  ],
  [
    '{{ deepEqual (dict "a" 1) (dict "a" 1) }}|{{ deepEqual (dict "a" 1) (dict "b" 1) }}|{{ deepEqual (dict "a" 1) (dict "a" 1 "b" 2) }}|{{ deepEqual (dict "a" 1) (dict "a" 2) }}',
  ],
  [
    '{{ deepEqual 1.5 1.5 }}|{{ deepEqual 1.5 2.5 }}|{{ deepEqual "a" 1 }}|{{ deepEqual (float64 "nan") (float64 "nan") }}|{{ deepEqual .nil .nil }}',
    d,
  ],
  [
    '{{ deepEqual (dict "a" 1) (list 1) }}|{{ deepEqual "1" 1 }}|{{ deepEqual (list) (list) }}|{{ deepEqual (dict) (dict) }}|{{ deepEqual 1.0 1 }}',
  ],
  [
    '{{ $c := deepCopy .m }}{{ $_ := set $c.b "c" "y" }}{{ .m.b.c }}{{ $c.b.c }}|{{ deepCopy .l }}|{{ deepCopy 5 }}',
    d,
  ],
  ['{{ deepCopy .nil }}', d],
  ['{{ mustDeepCopy .missing }}', d],
  [
    '{{ mustDeepCopy (list 1 (dict "a" 2)) }}|{{ $x := mustDeepCopy .m }}{{ $_ := unset $x "a" }}{{ .m.a }}',
    d,
  ],
]

/** Lists: every must* variant (right and wrong types), has, slice, concat, join, chunk, seq, until. */
export const lists: Row[] = [
  [
    '{{ mustFirst (list 1 2) }}|{{ mustLast (list 1 2) }}|{{ mustRest (list 1 2 3) }}|{{ mustInitial (list 1 2 3) }}|{{ mustReverse (list 1 2 3) }}',
  ],
  [
    '{{ mustFirst list }}|{{ mustLast list }}|{{ mustRest list }}|{{ mustInitial list }}|{{ mustReverse list }}|{{ mustUniq list }}',
  ],
  [
    '{{ mustPush (list 1) 2 }}|{{ mustAppend (list 1) 2 }}|{{ mustPrepend (list 1) 0 }}|{{ mustUniq (list 1 1 2) }}|{{ mustCompact (list 0 1 "") }}',
  ],
  [
    '{{ mustWithout (list 1 2 3 1) 1 3 }}|{{ mustWithout (list 1 2) }}|{{ mustHas 2 (list 1 2) }}|{{ mustHas 3 (list 1 2) }}',
  ],
  [
    '{{ mustSlice (list 1 2 3) 1 }}|{{ mustSlice (list 1 2 3) 1 2 }}|{{ mustSlice (list 1 2 3) }}|{{ mustChunk 2 (list 1 2 3) }}',
  ],
  ['{{ mustFirst 5 }}'],
  ['{{ mustLast "s" }}'],
  ['{{ mustRest 1.5 }}'],
  ['{{ mustInitial true }}'],
  ['{{ mustReverse 5 }}'],
  ['{{ mustUniq 5 }}'],
  ['{{ mustPush 5 1 }}'],
  ['{{ mustAppend 5 1 }}'],
  ['{{ mustPrepend 5 1 }}'],
  ['{{ mustWithout 5 1 }}'],
  ['{{ mustHas 1 5 }}'],
  ['{{ mustSlice 5 1 }}'],
  ['{{ mustChunk 2 5 }}'],
  ['{{ mustCompact 5 }}'],
  ['{{ first .nil }}', d],
  ['{{ uniq 5 }}'],
  ['{{ has 1 "x" }}'],
  ['{{ chunk 2 5 }}'],
  ['{{ rest 5 }}'],
  ['{{ initial 5 }}'],
  ['{{ reverse 5 }}'],
  ['{{ last 5 }}'],
  ['{{ prepend 5 1 }}'],
  ['{{ append 5 1 }}'],
  ['{{ push .nil 1 }}', d],
  ['{{ concat (list 1) 5 }}'],
  ['{{ concat (list 1) .nil }}', d],
  [
    '{{ has 1 .nil }}|{{ has .nil (list 1 .nil) }}|{{ has (list 1) (list (list 1)) }}|{{ has 1.0 (list 1) }}',
    d,
  ],
  ['{{ slice (list 1 2 3) 0 0 }}|{{ slice (list 1 2 3) 3 }}|{{ slice (list 1 2 3) 1 3 }}|{{ slice list 0 }}'],
  ['{{ slice (list 1 2 3) 2 1 }}'],
  ['{{ slice (list 1 2 3) 0 4 }}'],
  ['{{ slice (list 1 2 3) -1 }}'],
  [
    '{{ join "," (list 1 .nil "a") }}|{{ join "," "single" }}|[{{ join "," .nil }}]|{{ toStrings (list 1 .nil 2) }}|{{ join "-" (list) }}',
    d,
  ],
  ['{{ sortAlpha (list "b" .nil "a") }}|{{ sortAlpha 5 }}|{{ sortAlpha (list 2 10 1) }}', d],
  [
    '{{ seq 0 }}|{{ seq 1 }}|{{ seq -2 }}|{{ seq 3 3 }}|{{ seq 3 1 }}|{{ seq 1 3 }}|{{ seq 1 2 7 }}|{{ seq 7 -2 1 }}',
  ],
  [
    '[{{ seq 7 2 1 }}]|[{{ seq 1 -1 5 }}]|[{{ seq 5 0 1 }}]|{{ seq 2 0 2 }}|[{{ seq }}]|[{{ seq 1 2 3 4 }}]|{{ seq 3 -1 3 }}',
  ],
  [
    '{{ until 3 }}|{{ until -3 }}|{{ until 0 }}|{{ untilStep 5 1 -2 }}|{{ untilStep 5 1 0 }}|{{ untilStep 1 5 0 }}|{{ untilStep 5 5 -1 }}',
  ],
  ['{{ untilStep 1 5 -1 }}|{{ untilStep 5 1 1 }}|{{ untilStep 0 6 2 }}|{{ untilStep 6 0 -3 }}'],
  ['{{ chunk 2 list }}|{{ chunk 3 (list 1 2 3) }}|{{ chunk 5 (list 1 2) }}'],
  [
    '{{ seq 3 1 3 }}|{{ seq 3 0 3 }}|{{ seq 1 1 1 }}|{{ splitList "" "a\\U0001F600é" }}|{{ len (splitList "" "\\U0001F600") }}',
  ],
  [
    '{{ mod 7 3 }}|{{ mod -7 3 }}|{{ div -7 2 }}|{{ div 7 -2 }}|{{ mod 7 -3 }}|{{ mul 2 (int64 3) "4" }}|{{ sub 1 2.9 }}',
  ],
  ['{{ mod 7 0 }}'],
  ['{{ div 1 0 }}'],
  [
    '{{ typeIs "string" 1 }}|{{ kindIs "map" 1 }}|{{ kindIs "int" 1 }}|{{ typeIsLike "int64" (add 1 1) }}|{{ typeIsLike "Version" (semver "1.0.0") }}',
  ],
  ['{{ $l := list (dict "a" 1) }}{{ $c := deepCopy $l }}{{ $_ := set (index $c 0) "a" 9 }}{{ $l }} {{ $c }}'],
  ['{{ $m := dict "l" (list 1) }}{{ $c := deepCopy $m }}{{ $_ := set $c "l" 2 }}{{ $m }} {{ $c }}'],
  ['{{ max 1 (int64 5) 3 }}|{{ min 4 "2" 3 }}|{{ biggest -1 -5 }}|{{ maxf 1 "2.5" }}|{{ minf 3 "-1.5" 2 }}'],
]

/** Dicts: merges with nils and lists, dig, get/set/unset, pluck, pick, omit. */
export const dicts: Row[] = [
  [
    '{{ merge (dict "a" (list 1)) (dict "a" (list 2)) }}|{{ mergeOverwrite (dict "a" (list 1)) (dict "a" (list 2)) }}',
  ],
  [
    '{{ merge (dict "a" "") (dict "a" (list 2)) }}|{{ mergeOverwrite (dict "a" 1) (dict "a" .nil) }}|{{ merge (dict) (dict "a" .nil) }}',
    d,
  ],
  [
    '{{ merge (dict "a" 1) (dict "a" .nil "b" .nil) }}|{{ mergeOverwrite (dict "a" (dict "x" 1)) (dict "a" (dict "y" 2)) }}',
    d,
  ],
  [
    '{{ merge (dict "a" 0) (dict "a" 5) }}|{{ merge (dict "a" (dict)) (dict "a" (dict "y" 2)) }}|{{ merge (dict "a" (list)) (dict "a" (list 1)) }}',
  ],
  [
    '{{ merge (dict) (dict "a" (list 1)) }}|{{ merge (dict "a" 1) .nil }}|{{ mergeOverwrite (dict "a" 1) .nil }}|{{ merge .nil (dict "a" 1) }}',
    d,
  ],
  [
    '{{ mergeOverwrite (dict) (dict "a" (list 1)) }}|{{ merge (dict "a" 0) (dict "a" (list 1)) }}|{{ merge (dict "a" (list 1)) (dict "a" 2) }}',
  ],
  [
    '{{ mustMerge (dict "a" 1) (dict "a" 2 "b" 3) }}|{{ mustMergeOverwrite (dict "a" 1) (dict "a" 2 "b" 3) }}',
  ],
  [
    '{{ merge (dict "a" "x") (dict "a" (dict "b" 1)) }}|{{ mergeOverwrite (dict "a" "x") (dict "a" (dict "b" 1)) }}',
  ],
  [
    '{{ merge (dict "a" (dict "b" 1)) (dict "a" "x") }}|{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" "x") }}',
  ],
  [
    '{{ dig "a" "b" "c" "def" .m }}|{{ dig "a" "def" .m }}|{{ dig "z" "def" .m }}|{{ dig "b" "z" "def" .m }}',
    d,
  ],
  ['{{ dig "a" .m }}', d],
  ['{{ dig 1 "def" .m }}', d],
  ['{{ dig "a" "b" "def" .m }}', d],
  ['{{ dig "a" "def" .l }}', d],
  [
    '{{ dict "a" }}|{{ dict 1 2 }}|{{ dict "a" 1 "b" }}|{{ get .nil "a" }}|{{ get .m "z" }}|{{ hasKey .nil "a" }}',
    d,
  ],
  [
    '{{ unset .nil "a" }}|{{ pluck "a" .m (dict "a" 2) .nil (dict) }}|{{ keys .nil .m }}|{{ pick .nil "a" }}|{{ omit .nil "a" }}',
    d,
  ],
  ['{{ values .nil }}|{{ len (values .m) }}|{{ pick .m "a" "z" }}|{{ omit .m "a" }}', d],
  ['{{ set .nil "a" 1 }}', d],
  ['{{ urlJoin .nil }}', d],
]

/** JSON encoding and decoding, and encoding/json's error wording. */
export const json: Row[] = [
  [
    '{{ toJson "a\\u2028b\\u2029" }}|{{ toRawJson "<&>\\u2028" }}|{{ toJson (list -0.0 1.5 (int64 2)) }}|{{ toJson .missing }}',
    d,
  ],
  [
    '{{ toJson (semver "1.2.3") }}|{{ toPrettyJson (dict "a" (list) "b" (dict)) }}|{{ toPrettyJson (list 1 (dict "x" 1)) }}',
  ],
  ['{{ toJson (float64 "inf") }}'],
  ['{{ mustToJson (float64 "nan") }}'],
  [
    '{{ mustToJson (dict "a" 1) }}|{{ mustToPrettyJson (list 1) }}|{{ mustToRawJson "<>" }}|{{ mustFromJson "[1,2]" }}',
  ],
  ['{{ mustFromJson "{" }}'],
  ['{{ mustFromJson "x" }}'],
  ['{{ mustFromJson "" }}'],
  ['{{ mustFromJson "[1 " }}'],
  ['{{ mustFromJson "  " }}'],
  ['{{ mustFromJson "[1,x]" }}'],
  ['{{ fromJson "x" }}|{{ fromJson "{\\"a\\":[1,{}]}" }}|{{ fromJson "null" }}'],
]

/** Regex functions and Go RE2 flags, replacement templates, splits, error wording. */
export const regex: Row[] = [
  [
    '{{ regexMatch "(?i)ABC" "xabcx" }}|{{ regexMatch "(?m)^b$" "a\\nb" }}|{{ regexMatch "(?s)a.b" "a\\nb" }}|{{ regexMatch "a.b" "a\\nb" }}',
  ],
  [
    '{{ regexMatch "^b$" "a\\nb" }}|{{ regexMatch "ABC" "abc" }}|{{ regexMatch "(?is)A.B" "a\\nb" }}|{{ regexMatch "(?ms)^a.b$" "x\\na\\nb" }}|{{ regexMatch "[" "x" }}',
  ],
  [
    '{{ regexFind "(?i)b+" "aBbc" }}|{{ regexMatch "a\\\\z" "ba" }}|{{ regexMatch "a\\\\z" "ab" }}|{{ mustRegexMatch "^a" "ab" }}',
  ],
  [
    '{{ regexFindAll "a" "aaaa" 2 }}|{{ regexFindAll "a" "aaaa" -1 }}|{{ regexFindAll "a" "aaaa" 0 }}|{{ regexFindAll "a" "aaaa" 1 }}|{{ regexFindAll "x" "aaaa" -1 }}',
  ],
  [
    '{{ mustRegexFindAll "[0-9]+" "a1b22c333" 2 }}|{{ mustRegexFind "[0-9]+" "a1b22" }}|[{{ mustRegexFind "z" "a1b22" }}]',
  ],
  [
    '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1" }}',
  ],
  [
    '{{ regexReplaceAll "(?P<x>a)(b)" "ab" "[$x|${x}|$2|$$|$9|$]" }}|{{ regexReplaceAll "b" "abc" "$" }}|{{ regexReplaceAll "b" "abc" "$$1" }}',
  ],
  [
    '{{ regexReplaceAll "(a)|(b)" "ab" "<$1$2>" }}|{{ mustRegexReplaceAll "a+" "baac" "X" }}|{{ mustRegexReplaceAllLiteral "a" "aba" "$1" }}',
  ],
  ['{{ regexReplaceAllLiteral "a(b)" "abab" "${1}" }}|{{ regexReplaceAll "" "ab" "-" }}'],
  [
    '{{ regexSplit "," "a,b,c" 2 }}|{{ regexSplit "," "a,b,c" -1 }}|{{ regexSplit "," "a,b,c" 0 }}|{{ len (regexSplit "," "" -1) }}|{{ regexSplit "," "a,b,c" 1 }}',
  ],
  [
    '{{ regexSplit "x*" "abc" -1 }}|{{ len (regexSplit "" "" -1) }}|{{ regexSplit "" "abc" -1 }}|{{ regexSplit "," ",a," -1 }}|{{ mustRegexSplit "b" "abc" -1 }}',
  ],
  ['{{ regexSplit "x*" "axbc" 2 }}|{{ regexSplit "a*" "baaac" -1 }}|{{ regexSplit "," "a,b" 5 }}'],
  ['{{ mustRegexMatch "[a" "x" }}'],
  ['{{ mustRegexMatch "a[b-" "x" }}'],
  ['{{ mustRegexMatch "(a" "x" }}'],
  ['{{ mustRegexMatch "a)" "x" }}'],
  ['{{ mustRegexMatch "*a" "x" }}'],
  ['{{ mustRegexMatch "a(+b)" "x" }}'],
  ['{{ mustRegexFindAll "(" "x" -1 }}'],
  ['{{ mustRegexSplit "[" "x" -1 }}'],
  ['{{ mustRegexReplaceAll ")" "x" "y" }}'],
  ['{{ mustRegexReplaceAllLiteral "(" "x" "y" }}'],
  ['{{ mustRegexFind "[" "x" }}'],
  ['{{ regexQuoteMeta "a.b*c[d]{e}^$|(f)?+\\\\" }}'],
]

/** Encodings, hashes, paths, URLs, randomness (checked by shape), and the rest. */
export const misc: Row[] = [
  ['{{ b64dec "YWJj" }}|{{ b64dec "YWI=" }}|{{ b64dec "YQ==" }}|{{ b64enc "é" }}|{{ b64dec (b64enc "é") }}'],
  [
    '{{ b64dec "YQ=" }}|{{ b64dec "YWJjZA==x" }}|{{ b64dec "YW\\nJj" }}|{{ b64dec "YQ=\\n=" }}|{{ b64dec "YQ=x" }}|{{ b64dec "YWI=\\n" }}|{{ b64dec "YWJj\\r\\n" }}|{{ b64dec "Y===" }}|{{ b64dec "" }}|{{ b64dec "YQ==YQ==" }}|{{ b64dec "éYQ" }}|{{ b64dec "YWé" }}',
  ],
  ['{{ b64dec "YW$j" }}|{{ b64dec "YQ" }}|{{ b64dec "Y=Q=" }}|{{ b64dec "=" }}|{{ b64dec "YWJ" }}'],
  [
    '{{ b32enc "a" }}|{{ b32enc "ab" }}|{{ b32enc "abcde" }}|{{ b32enc "" }}|{{ b32enc "é" }}|{{ b32enc "hello" }}',
  ],
  [
    '{{ b32dec "ME======" }}|{{ b32dec "MFRA====" }}|{{ b32dec (b32enc "abcdef") }}|{{ b32dec "me" }}|{{ b32dec "M1" }}|{{ b32dec "MFR=A" }}|{{ b32dec "MFRA" }}|{{ b32dec "MFRGG===" }}|{{ b32dec "M=======" }}|{{ b32dec "MFRGGZDF" }}|{{ b32dec "MF\\nRA====" }}|{{ b32dec "MFRA===x" }}|{{ b32dec "MFRGGZDFMY======" }}|{{ b32dec "" }}',
  ],
  ['{{ adler32sum "é" }}|{{ adler32sum "" }}|{{ sha1sum "é" }}|{{ sha256sum "" }}|{{ sha512sum "é" }}'],
  [
    '{{ ext "a/b.c/d" }}|{{ ext "a.tar.gz" }}|{{ ext ".bashrc" }}|{{ ext "a/b" }}|{{ ext "a." }}|[{{ ext "" }}]|{{ osExt "x.y" }}',
  ],
  ['{{ base "a/b/" }}|{{ base "///" }}|{{ base "" }}|{{ base "a//" }}|{{ base "/a" }}|{{ osBase "x/y" }}'],
  [
    '{{ dir "a/b/" }}|{{ dir "/" }}|{{ dir "a" }}|{{ dir "/a" }}|{{ dir "a//b" }}|{{ dir "" }}|{{ dir "a/../../b" }}|{{ osDir "x/y" }}',
  ],
  [
    '{{ clean "" }}|{{ clean "/" }}|{{ clean "a/" }}|{{ clean "a//b/./../c/" }}|{{ clean "." }}|{{ clean "../a/" }}|{{ osClean "x//" }}',
  ],
  [
    '{{ isAbs "/a" }}|{{ isAbs "a" }}|{{ osIsAbs "/" }}|{{ hello }}|{{ len uuidv4 }}|{{ regexMatch "^[0-9a-f-]{36}$" uuidv4 }}',
  ],
  [
    '{{ regexMatch "^[a-zA-Z]{40}$" (randAlpha 40) }}|{{ regexMatch "^[0-9]{40}$" (randNumeric 40) }}|{{ regexMatch "^[a-zA-Z0-9]{40}$" (randAlphaNum 40) }}|{{ regexMatch "^[ -~]{40}$" (randAscii 40) }}|{{ contains " " (randAscii 3000) }}|{{ len (randAscii 0) }}',
  ],
  ['{{ $r := randInt 3 4 }}{{ $r }}|{{ len (randAlphaNum 7) }}'],
  [
    '{{ $u := urlParse "https://user:pw@example.com:8443/p/a?q=1&r=2#frag" }}{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|{{ $u.path }}|{{ $u.query }}|{{ $u.fragment }}|{{ $u.userinfo }}|{{ $u.opaque }}',
  ],
  [
    '{{ $u := urlParse "http://h/x" }}{{ $u.userinfo }}|{{ $u.query }}|{{ $u.fragment }}|{{ $u.scheme }}|{{ $u.path }}',
  ],
  [
    '{{ urlJoin (dict "scheme" "https" "host" "h:1" "path" "/p" "query" "a=1" "fragment" "f" "userinfo" "u:p") }}',
  ],
  [
    '{{ urlJoin (dict "host" "h" "path" "/p") }}|{{ urlJoin (dict "scheme" "mailto" "path" "x") }}|{{ urlJoin (dict "userinfo" "u" "path" "/p") }}|[{{ urlJoin dict }}]',
  ],
  [
    '{{ urlJoin (dict "scheme" 5 "host" "h") }}|{{ urlJoin (dict "query" "a=1") }}|{{ urlJoin (dict "fragment" "f") }}',
  ],
  [
    '{{ round 2.5 0 }}|{{ round 2.45 1 }}|{{ round 2.45 1 0.4 }}|{{ round -2.5 0 }}|{{ round "3.14159" 2 }}|{{ round 1.15 1 0.6 }}',
  ],
  [
    '{{ addf 0.1 0.2 }}|{{ subf 1 0.9 }}|{{ mulf 0.1 3 }}|{{ divf 1 3 }}|{{ add1f 0.1 }}|{{ addf 1e20 1 }}|{{ mulf 1.25 1.5 }}|{{ subf 1.005 0.005 }}',
  ],
  [
    '{{ addf 1.123456789012345 0.1 }}|{{ mulf 100 0.07 }}|{{ divf 0.3 0.1 }}|{{ addf 1e-7 1 }}|{{ subf 10 2.5 1.25 }}',
  ],
  [
    '{{ plural "a" "b" 0 }}|{{ plural "a" "b" -1 }}|{{ repeat 0 "x" }}|{{ indent 2 "" }}|{{ nindent 0 "a\\nb" }}|{{ ternary 1 2 false }}',
  ],
  ['{{ repeat -1 "x" }}'],
  ['{{ fail "boom" }}'],
  [
    '{{ expandenv "a$MESHCTL_DEFINITELY_UNSET_VAR-b${MESHCTL_DEFINITELY_UNSET_VAR}c" }}|{{ env "MESHCTL_DEFINITELY_UNSET_VAR" }}|x',
  ],
]

/** Value-model rules (src/lib/template/values.ts): string order, truth, hex floats. */
export const values: Row[] = [
  [
    '{{ sortAlpha (list "\\uff01" "\\U0001F600" "a" "ab" "\\ue000" "b" "\\ud7ff" "A" "aa" "a") }}|{{ sortAlpha (list "\\U0001F600" "\\uffff" "\\U0001F601") }}',
  ],
  [
    '{{ sortAlpha (list "b" "a" "b") }}|{{ sortAlpha (list "\\uffff" "\\U00010000") }}|{{ sortAlpha (list "x" "") }}',
  ],
  [
    '{{ if int64 0 }}t{{ else }}f{{ end }}|{{ if int64 2 }}t{{ else }}f{{ end }}|{{ if semver "0.0.0" }}t{{ end }}|{{ if dict }}t{{ else }}f{{ end }}|{{ if dict "a" 1 }}t{{ end }}',
  ],
  [
    '{{ if fromJson "{}" }}t{{ else }}f{{ end }}|{{ if list }}t{{ else }}f{{ end }}|{{ and (int64 0) 1 }}|{{ or (int64 0) 2 }}|{{ not (int64 3) }}',
  ],
  [
    '{{ float64 "0x1.8p3" }}|{{ float64 "-0x1p-2" }}|{{ float64 "+0x.8p1" }}|{{ float64 "0x1.p1" }}|{{ float64 "0xp1" }}|{{ float64 "0x1.8" }}',
  ],
  [
    '{{ float64 "0x1p+10" }}|{{ float64 "0x10p0" }}|{{ float64 "0xA.Bp-1" }}|{{ float64 "x0x1p1" }}|{{ float64 "0x1p1x" }}|{{ float64 "0x1p12" }}|{{ float64 "0x1.08p4" }}',
  ],
  [
    '{{ printf "%T|%T|%T|%T" (splitList "," "a") (int64 1) (dict) (semver "1.0.0") }}|{{ typeOf (list) }}|{{ typeOf (until 2) }}',
  ],
]

const funcs = sprigFuncs()
/** Functions whose result differs run to run: only their argument checking is compared. */
const RANDOM = new Set(['randAlpha', 'randAlphaNum', 'randAscii', 'randNumeric', 'randInt', 'uuidv4'])

/**
 * Argument checking, one row per function and failure: called with too few arguments (or one too many when it
 * takes none), and with a list where it wants a string, int, bool or map. Go's text/template decides.
 */
export const signatures: Row[] = Object.entries(funcs).flatMap(([name, f]): Row[] => {
  const arity = f.params.length
  const rows: Row[] = [[arity === 0 && !f.variadic ? `{{ ${name} 1 }}` : `{{ ${name} }}`]]
  if (f.params.some((p) => p !== 'any') && !(RANDOM.has(name) && arity === 0))
    rows.push([`{{ ${name}${' (list)'.repeat(Math.max(arity, 1))} }}`])
  return rows
})
