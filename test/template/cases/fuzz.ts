/**
 * Seeded random values for toYaml/toJson: awkward strings (YAML indicators, 1.1 booleans, line breaks,
 * NEL/LS, long words) in nested maps and lists. Deterministic, so the oracle's outputs are committed.
 */
import type {ChartCase, TmplCase} from '../oracle.js'

const ATOMS = [
  'a',
  'b',
  'yes',
  'no',
  'on',
  '1',
  '1.5',
  '0x1F',
  ' ',
  '  ',
  ':',
  ': ',
  '#',
  ' #',
  '-',
  '- ',
  '?',
  '"',
  "'",
]
  .concat([
    '\n',
    '\t',
    'é',
    '✓',
    '{',
    '}',
    '[',
    ']',
    ',',
    '*',
    '&',
    '!',
    '|',
    '>',
    '%',
    '@',
    '`',
    'word',
    'longerword',
  ])
  .concat([
    'null',
    '~',
    '2024-01-02',
    '1:20',
    '.',
    '...',
    '---',
    '\\',
    '\r',
    '\u0085',
    '\u00a0',
    '\u2028',
    '😀',
  ])

/** A small linear congruential generator: the same sequence on every machine. */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]
  const str = (): string => {
    let s = ''
    for (let i = Math.floor(rnd() * 12); i > 0; i--) s += pick(ATOMS)
    return rnd() < 0.1 ? 'word '.repeat(Math.floor(rnd() * 30)) + s : s
  }
  const r = rnd()
  if (depth > 3 || r < 0.5) {
    const t = rnd()
    if (t < 0.7) return str()
    if (t < 0.8) return Math.floor(rnd() * 1e6) / (rnd() < 0.5 ? 1 : 1000)
    return t < 0.9 ? rnd() < 0.5 : null
  }
  if (r < 0.75) {
    const o: Record<string, unknown> = {}
    for (let i = Math.floor(rnd() * 5); i > 0; i--) o[str() || 'k'] = randomValue(rnd, depth + 1)
    return o
  }
  return Array.from({length: Math.floor(rnd() * 4)}, () => randomValue(rnd, depth + 1))
}

/** `n` chart cases rendering one random value each with toYaml, nindent, toJson and toYamlPretty. */
export function fuzzCases(n: number, seed: number): ChartCase[] {
  const rnd = rng(seed)
  return Array.from({length: n}, (_, i) => ({
    id: `helm.fuzz-${String(i + 1).padStart(3, '0')}`,
    files: [
      ['Chart.yaml', 'apiVersion: v2\nname: f\nversion: 1.0.0\n'],
      [
        'templates/t.yaml',
        '{{ toYaml .Values.v }}\n---\n{{ toYaml .Values.v | nindent 4 }}\n---\n{{ toJson .Values.v }}\n---\n{{ toYamlPretty .Values.v }}',
      ],
    ],
    values: {v: randomValue(rnd, 0)},
    releaseName: 'r',
    namespace: 'n',
    revision: 1,
  }))
}

/** `n` printf cases with random verbs, flags, widths, precisions and operands of every kind. */
export function printfCases(n: number, seed: number): TmplCase[] {
  const rnd = rng(seed)
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]
  return Array.from({length: n}, (_, i) => {
    const verb = pick(['v', 'd', 'f', 'e', 'g', 'G', 'E', 's', 'q', 'x', 'X', 'o', 'b', 't', 'c', 'F', 'U'])
    const spec =
      pick(['', '+', '-', '0', ' ', '#', '-0', '+0']) +
      pick(['', '5', '12', '1']) +
      pick(['', '.0', '.1', '.3', '.10', '.'])
    const operand = pick([
      () => String((rnd() - 0.5) * Math.pow(10, Math.floor(rnd() * 40 - 20))),
      () => String(Math.floor((rnd() - 0.5) * 1e6)),
      () => `"${pick(['abc', 'héllo', '', 'a\\"b', 'tab\\t'])}"`,
      () => pick(['true', 'false', 'nil', '.x', '.y', '.z', '.l', '.m']),
      () => String(Math.floor(rnd() * 1000)) + '.5',
    ])()
    return {
      id: `printf.fuzz-${String(i + 1).padStart(3, '0')}`,
      templates: [['t', `{{ printf "%${spec}${verb}" ${operand} }}`]] as [string, string][],
      data: {x: (rnd() - 0.5) * 1e7, y: 1e21 * rnd(), z: 0.1 + 0.2, l: [1.5, 'a'], m: {k: 2.5}},
    }
  })
}

/**
 * `n` random templates built from a small grammar (actions, pipelines, parenthesised commands, if/range/
 * with, variables) over builtins and common Sprig functions.
 */
export function templateCases(n: number, seed: number): TmplCase[] {
  const rnd = rng(seed)
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]
  const funcs = [
    'len',
    'index',
    'not',
    'and',
    'or',
    'eq',
    'ne',
    'lt',
    'le',
    'print',
    'printf "%v"',
    'default',
    'empty',
  ]
    .concat([
      'quote',
      'upper',
      'toString',
      'int',
      'first',
      'last',
      'list',
      'dict',
      'hasKey',
      'toJson',
      'join ","',
    ])
    .concat([
      'coalesce',
      'ternary',
      'sortAlpha',
      'trim',
      'contains "a"',
      'repeat 2',
      'kindOf',
      'typeOf',
      'float64',
    ])
    .concat([
      'until',
      'slice',
      'has',
      'uniq',
      'get',
      'pick',
      'omit',
      'merge',
      'deepCopy',
      'indent 2',
      'nindent 2',
    ])
    .concat(['b64enc', 'sha1sum', 'semverCompare ">1.0"', 'regexMatch "^a"', 'html', 'js', 'urlquery'])
    .concat(['add', 'sub 1', 'max', 'int64', 'mul 2', 'splitList ","', 'toStrings'])
  const atoms = [
    '.s',
    '.n',
    '.i',
    '.l',
    '.m',
    '.e',
    '.nil',
    '.missing',
    '.m.a',
    '.m.x',
    '$',
    '$x',
    '1',
    '0',
    '-2',
  ].concat(['1.5', '"a"', '""', '"a,b"', 'true', 'false', 'nil', '.t', '.f', '.m.nested'])
  const arg = (d: number): string => (d > 2 || rnd() < 0.6 ? pick(atoms) : `(${pipe(d + 1)})`)
  const cmd = (d: number): string =>
    [pick(funcs), ...Array.from({length: Math.floor(rnd() * 3)}, () => arg(d))].join(' ')
  const pipe = (d: number): string => (rnd() < 0.3 ? arg(d) : cmd(d)) + (rnd() < 0.3 ? ' | ' + cmd(d) : '')
  const stmt = (d: number): string => {
    const r = rnd()
    if (d > 1 || r < 0.5) return `{{ ${pipe(0)} }}`
    if (r < 0.65) return `{{ if ${pipe(0)} }}${stmt(d + 1)}{{ else }}${stmt(d + 1)}{{ end }}`
    if (r < 0.8) {
      const over = pick(['.l', '.m', '.nums', '3', '.missing', '.s'])
      return `{{ range $k, $v := ${over} }}[{{ $k }}:{{ $v }}${stmt(d + 1)}]{{ end }}`
    }
    if (r < 0.9) return `{{ with ${pipe(0)} }}${stmt(d + 1)}{{ end }}`
    return `{{ $y := ${pipe(0)} }}{{ $y }}`
  }
  const data = {s: 'abc', n: 2.5, i: {$int: '3'}, l: ['a', 'b'], nums: [1, 2], m: {a: 1, nested: {k: 'v'}}}
  return Array.from({length: n}, (_, i) => ({
    id: `template.fuzz-${String(i + 1).padStart(3, '0')}`,
    templates: [['t', '{{ $x := .s }}' + stmt(0) + '|' + stmt(0)]] as [string, string][],
    data: {...data, e: '', nil: null, t: true, f: false},
  }))
}
