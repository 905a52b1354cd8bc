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
  .concat(['null', '~', '2024-01-02', '1:20', '.', '...', '---', '\\', '\r', '\u0085', '\u00a0', '\u2028'])

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

/** `n` chart cases rendering one random value each with toYaml, nindent and toJson. */
export function fuzzCases(n: number, seed: number): ChartCase[] {
  const rnd = rng(seed)
  return Array.from({length: n}, (_, i) => ({
    id: `helm.fuzz-${String(i + 1).padStart(3, '0')}`,
    files: [
      ['Chart.yaml', 'apiVersion: v2\nname: f\nversion: 1.0.0\n'],
      [
        'templates/t.yaml',
        '{{ toYaml .Values.v }}\n---\n{{ toYaml .Values.v | nindent 4 }}\n---\n{{ toJson .Values.v }}',
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
