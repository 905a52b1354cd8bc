/**
 * Go fmt corner cases reached through printf/print/println (src/lib/template/fmt.ts), grouped by the
 * verb or flag they pin down; expected outputs come from the Go oracle.
 */
import type {Row} from './core.js'

const d = {f: 2.5, neg: -0.0001, big: 1e21, l: [1, null, 'a'], m: {b: [1.5, 'x'], a: null}, s: 'héllo'}

/** %q and %+q / %#q on strings: Go's strconv.Quote escapes. */
export const quoting: Row[] = [
  [
    '{{ printf "%q" "a\\"b\\\\c" }}|{{ printf "%q" "\\a\\b\\f\\n\\r\\t\\v" }}|{{ printf "%q" "\\x00\\x1f\\x7f" }}',
  ],
  ['{{ printf "%q" "\u00ad\u2028\u00a0 x" }}|{{ printf "%q" "\\U000e0001" }}|{{ printf "%q" "é€😀" }}'],
  [
    '{{ printf "%+q" "é€😀\u00ad" }}|{{ printf "%+q" "plain" }}|{{ printf "%#q" "a`b" }}|{{ printf "%#q" "ok" }}',
  ],
  [
    '{{ printf "%#q" "tab\\there" }}|{{ printf "%#q" "nl\\n" }}|{{ printf "%#q" "\u00ad" }}|{{ printf "%#+q" "é" }}',
  ],
  ['{{ printf "%8q|%-8q|%08q" "a" "b" "c" }}|{{ printf "%.2q" "héllo" }}|{{ printf "%#v" "x\\ny" }}'],
  ['{{ printf "%x|% x|%X|% X|%#x|%# x|%#X" "hi" "hi" "hi" "hi" "hi" "hi" "hi" }}'],
  ['{{ printf "%.1x|%10x|%-10X|%010x" "hello" "hi" "hi" "hi" }}|{{ printf "%x" "" }}|{{ printf "% x" "é" }}'],
  ['{{ printf "%.2s|%5.1s|%-5s|%05s|%s" "héllo" "abc" "ab" "ab" "" }}|{{ printf "%v|%5v" "str" "s" }}'],
]

/** Integer verbs, flags, precision and runes (%c %q %U on ints). */
export const integers: Row[] = [
  ['{{ printf "%.0d|%5.0d|%-5.0d|%.0x|%5.d" 0 0 0 0 0 }}|{{ printf "%.0d" 7 }}'],
  ['{{ printf "%05d|%-05d|%08.3d|%+05d|% 05d|%0-5d" -3 3 5 3 3 3 }}'],
  ['{{ printf "%b|%#b|%o|%#o|%O|%#o|%O" 5 5 8 0 8 8 -8 }}|{{ printf "%#b" -5 }}'],
  ['{{ printf "%x|%#x|%X|%#X|% d|%+d|% d" -255 -255 3054 3054 5 5 -5 }}'],
  ['{{ printf "%U|%#U|%#U|%U|%#U" 128512 65 7 -1 1114112 }}|{{ printf "%.6U|%#10U|%-8U|" 65 65 65 }}'],
  ['{{ printf "%c|%c|%c|%c|%c" 65 -1 55296 57343 1114112 }}|{{ printf "%5c|%-3c|" 233 97 }}'],
  ['{{ printf "%q|%q|%q|%q|%q|%q" 39 34 7 128512 55296 173 }}|{{ printf "%+q|%#q" 233 97 }}'],
  ['{{ printf "%d|%d" 9223372036854775807 -9223372036854775807 }}|{{ printf "%x|%o" -1 -1 }}'],
  ['{{ printf "%c|%U|%q" -65 -65 -65 }}|{{ printf "%08b|%-8o|" 5 8 }}'],
  [
    '{{ printf "%5t|%-6t|%v" true false true }}|{{ printf "%d" true }}|{{ printf "%s" 5 }}|{{ printf "%t" 1 }}',
  ],
]

/** Floats: rounding, %e/%g thresholds, %b/%x/%X, flags on NaN and infinities, %#. */
export const floats: Row[] = [
  [
    '{{ printf "%.0f %.0f %.0f %.0f %.0f" 0.5 1.5 2.5 3.5 0.49 }}|{{ printf "%.1f %.1f %.2f" 0.25 0.35 9.995 }}',
  ],
  ['{{ printf "%.0f|%.1f|%.2f|%.3f" 99.5 9.96 0.005 0.0005 }}|{{ printf "%.0f|%.0f" 999.9 0.0 }}'],
  ['{{ printf "%e|%E|%.0e|%.3e|%e" 0.0 123456.0 5.5 1e-10 1e100 }}|{{ printf "%.2e" 9.999 }}'],
  ['{{ printf "%g|%g|%g|%g|%g|%g" 1e21 1e20 1e-5 0.0001 100000.0 1e6 }}|{{ printf "%G|%G" 1e-7 2.5 }}'],
  ['{{ printf "%.3g|%.3g|%.1g|%.10g|%.0g|%.3G" 100000.0 0.0001234 0.05 1.5 7.0 1e-9 }}'],
  ['{{ printf "%v|%v|%v|%v|%v" 1e21 1e20 1e-4 1e-5 123456789.0 }}|{{ printf "%.2v|%6.2v|" 3.14159 2.0 }}'],
  ['{{ printf "%#g|%#.3g|%#.0f|%#e|%#.0e|%#g|%#.4g" 1.0 1.0 3.0 2.0 2.0 100000.0 0.0001 }}'],
  ['{{ printf "%#g|%#g|%#v|%#G" 1e21 0.0 2.0 1e-7 }}|{{ printf "%#.2g" 123.0 }}'],
  ['{{ printf "%b|%b|%b|%b" 1.0 0.0 -2.5 1e-320 }}'],
  ['{{ printf "%x|%X|%x|%x|%x|%x" 1.0 1.0 0.0 -1.0 1e-300 1024.0 }}|{{ printf "%x" 5e-324 }}'],
  ['{{ printf "%.0x|%.0x|%.0x|%.1x|%.1x|%.2x|%.20x" 1.5 2.5 3.5 1.03125 1.09375 1.0 1.0 }}'],
  ['{{ printf "%.1x|%.0x|%.3X|%#x|%#.0x|%+x|% x" 1.96875 1.9 255.0 1.0 1.0 1.0 1.0 }}'],
  ['{{ printf "%f|%+f|% f|%08.2f|%-8.2f|%+08.2f|% 08.2f" 1.5 1.5 1.5 -1.5 1.5 1.5 1.5 }}'],
  [
    '{{ $n := float64 "NaN" }}{{ $i := float64 "Inf" }}{{ $m := float64 "-Inf" }}{{ printf "%f|%+f|% f|%08f|%-6f|%v|%e|%g|%x|%b|%#g" $n $n $n $n $n $n $n $n $n $n $n }}|{{ printf "%f|%+v|% v|%08.2f|%-6g|%x|%X|%#g|%b|%d" $i $i $i $i $i $i $i $i $i $i }}|{{ printf "%f|%+f|%08f|%v|%s" $m $m $m $m $m }}',
  ],
  ['{{ printf "%F|%.2F|%d|%s|%q|%t|%c" 1.5 1.5 1.5 1.5 1.5 1.5 1.5 }}|{{ printf "%v|%.3f" .neg .neg }}', d],
  ['{{ printf "%10.3e|%-12g|%+.1e|%012.4e|%012g" 1234.5678 0.1 -0.0 -1234.5 -1e-10 }}'],
  ['{{ printf "%v %v %g %e" .big .f .f .f }}|{{ printf "%.3v" .f }}', d],
  ['{{ printf "%e|%e|%e|%e|%.1e|%g|%g" 1e9 1e10 1e-9 1e-10 9.96e9 1e-100 5e-324 }}'],
  [
    '{{ printf "%.13x|%.12x|%.0x|%x|%x|%.3x|%#.1X" 1.0000000000000002 1.0000000000000002 0.0 2.2250738585072014e-308 -0.0 0.0 1.0 }}',
  ],
  [
    '{{ printf "%.1x|%.2x|%.0x|%.1x" 1.03125 1.0078125 0.75 1.9999 }}|{{ printf "%b" 2.2250738585072014e-308 }}',
  ],
  ['{{ printf "%#U|%#U|%#U|%U|%#8.5U|" 9 173 160 1114111 65 }}'],
  ['{{ printf "%v|%g|%.0e|%.0g|%#.0g" -0.0 1e100 0.5 0.5 0.5 }}'],
  ['{{ printf "%.0f|%.1f|%.2f|%.0e|%.1g" 2.51 0.2501 1.0051 1.51e5 2.51 }}'],
]

/** Widths and precisions from arguments, argument indexes and the %!-style errors. */
export const args: Row[] = [
  ['{{ printf "%*d|%-*d|%*d|%.*f|%.*d|%*.*f|" 5 1 5 2 -5 3 2 3.14159 -1 7 8 2 1.5 }}'],
  ['{{ printf "%*d|" "x" 5 }}{{ printf "%.*d|" "x" 5 }}{{ printf "%*d|" 10000000 1 }}'],
  ['{{ printf "%[2]d %[1]d|%[3]*.[2]*[1]f|%[1]d %d" 1 2 10 }}|{{ printf "%[5]d|%[0]d|%[x]d|%[1]" 1 }}'],
  [
    '{{ printf "%d %d" 1 }}|{{ printf "%d" 1 2 "x" }}|{{ printf "%!" }}|{{ printf "%" }}|{{ printf "%z %y" 1 "s" }}',
  ],
  ['{{ printf "%-0*d|%0*d|%-*s|" 5 1 -5 2 3 "a" }}|{{ printf "%.*s|%.*s|" 1 "abc" -1 "abc" }}'],
  ['{{ printf "%[2]*[1]d|%[1]*d|%.[2]d" 1 4 }}|{{ printf "%+-#0 d|%010.3d|%.3x" 5 -5 10 }}'],
  ['{{ printf "%1.2.3d|%5%|%-5%|%d%%" 1 2 }}|{{ printf "%d %[3]d %d" 1 2 3 4 }}'],
]

/** Composite operands, nil, %T and print/println operand spacing. */
export const composites: Row[] = [
  ['{{ printf "%v|%d|%s|%x|%q|%5v|%+v" .l .l .l .l .l .l .l }}', d],
  ['{{ printf "%v|%+v|%d|%.1f|%s" .m .m .m .m .m }}', d],
  ['{{ printf "%T|%T|%T|%T|%T|%T|%T|%T" 1 1.5 "s" true nil .l .m .m.a }}', d],
  ['{{ printf "%s|%d|%v|%q|%x|%5v|%-6v|%T" nil nil nil nil nil nil nil nil }}'],
  ['{{ printf "%v|%v" (list (list 1 2) (dict "k" (list nil))) (dict "z" 1 "a" (dict "y" 2.5)) }}'],
  ['{{ printf "%x|%X|%o|%e|%08.2f" (list 10 255) (list "hi" "é") (list 8 9) (list 1.5) (list 2.5 -1.0) }}'],
  [
    '{{ print 1 2 }}|{{ print "a" "b" }}|{{ print 1 "a" 2 }}|{{ print "a" 1 "b" }}|{{ print nil nil }}|{{ print 1.5 true }}',
  ],
  ['{{ print .l .l }}|{{ print "x" .l }}|{{ print .m 3 }}|{{ println 1 2 "a" "b" 3 }}|{{ println nil }}', d],
  ['{{ printf "%d|%s" (list 1 "a" nil) (list "b" 2) }}|{{ printf "%v" (list) }}|{{ printf "%v" (dict) }}'],
]

/** Malformed argument indexes, oversized numbers and a trailing '.'. */
export const indexes: Row[] = [
  ['{{ printf "%[]d|%[1|%[-1]d|%[99999999]d|%[2]2d|%[1].2d|%[a]d" 1 2 }}'],
  ['{{ printf "%[1]" 1 }}|{{ printf "%[" 1 }}|{{ printf "%[1]*d|%[2]*[1]d" 3 }}|{{ printf "%[2]d" 1 2 3 }}'],
  [
    '{{ printf "%99999999d" 1 }}|{{ printf "%.99999999d" 1 }}|{{ printf "%5." 1 }}|{{ printf "%." 1 }}|{{ printf "%.5" 1 }}',
  ],
  [
    '{{ printf "%-*d|%0*d|%*d|%.*d|" -1 5 -1 5 1000001 2 -1000001 3 }}|{{ printf "%*d" }}|{{ printf "%.*d" 2 }}',
  ],
  [
    '{{ printf "%*d|%.*f" (int64 3) 1 (int64 2) 1.0 }}|{{ printf "%*d" 2.0 1 }}|{{ printf "%d %d %[1]d %d" 1 2 }}',
  ],
]
