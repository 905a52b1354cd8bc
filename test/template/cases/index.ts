/** All oracle-checked cases, with stable ids (`group.NNN`). */
import type {ChartCase, TmplCase} from '../oracle.js'
import * as builtins from './builtins.js'
import * as core from './core.js'
import * as cov from './coverage.js'
import * as fmt from './fmt.js'
import {more} from './more.js'
import * as parse from './parse.js'
import {fuzzCases, printfCases, templateCases} from './fuzz.js'
import {helmCases} from './helm.js'
import {helmMoreCases} from './helm-more.js'
import * as sprig from './sprig.js'
import * as sprigEdges from './sprig-edges.js'
import {yamlEdgeCharts} from './yaml-edges.js'

const pad = (i: number): string => String(i + 1).padStart(3, '0')

function rows(group: string, rs: [string, unknown?][], nosprig = false): TmplCase[] {
  return rs.map(([text, data], i) => ({id: `${group}.${pad(i)}`, templates: [['t', text]], data, nosprig}))
}

/** Plain template cases (Go text/template + Sprig). */
export const tmplCases: TmplCase[] = [
  ...rows('core.actions', core.actions),
  ...rows('core.control', core.control),
  ...rows('core.comparisons', core.comparisons),
  ...rows('core.printing', core.printing),
  ...rows('core.errors', core.errors),
  ...rows('core.builtin-slice', [['{{ slice "abcdef" 1 3 }} {{ slice .l 1 2 }}', {l: [1, 2, 3]}]], true),
  ...rows('sprig.strings', sprig.strings),
  ...rows('sprig.numbers', sprig.numbers),
  ...rows('sprig.lists', sprig.lists),
  ...rows('sprig.dicts', sprig.dicts),
  ...rows('sprig.defaults', sprig.defaults),
  ...rows('sprig.json', sprig.json),
  ...rows('sprig.semver', sprig.semver),
  ...rows('more', more),
  ...rows('fmt.quoting', fmt.quoting),
  ...rows('fmt.integers', fmt.integers),
  ...rows('fmt.floats', fmt.floats),
  ...rows('fmt.args', fmt.args),
  ...rows('fmt.composites', fmt.composites),
  ...rows('fmt.indexes', fmt.indexes),
  ...rows('parse.literals', parse.literals),
  ...rows('parse.trims', parse.trims),
  ...rows('parse.errors', parse.errors),
  ...rows('parse.lines', parse.lines),
  ...rows('parse.nodes', parse.nodes),
  ...rows('builtins.compare', builtins.compare),
  ...rows('builtins.indexing', builtins.indexing),
  ...rows('builtins.escapers', builtins.escapers),
  ...rows('builtins.control', builtins.control),
  ...rows('builtins.exec', builtins.exec),
  ...Object.entries(sprigEdges).flatMap(([group, rs]) => rows(`sprig-edges.${group}`, rs)),
  ...printfCases(120, 20261125),
  ...templateCases(150, 20261125),
  ...core.sets.map((c, i) => ({id: `core.sets.${pad(i)}`, ...c})),
  ...rows('cov.builtins-only', cov.builtinsOnly, true),
  ...rows('cov.parsing', cov.parsing),
  ...rows('cov.execution', cov.execution),
  ...rows('cov.printing', cov.printing),
  ...rows('cov.sprig', cov.sprigCorners),
  ...rows('cov.regex', cov.regexSyntax),
  ...rows('cov.nil-maps', cov.nilMaps),
  ...rows('cov.json', cov.jsonSyntax),
  ...rows('cov.more', cov.more),
  ...cov.missingKey.map(({missingkey, text, data}, i) => ({
    id: `cov.missingkey.${pad(i)}`,
    templates: [['t', text]] as [string, string][],
    data,
    missingkey,
  })),
]

/** Chart cases (Helm engine). */
export const chartCases: ChartCase[] = [
  ...helmCases,
  ...helmMoreCases,
  ...fuzzCases(60, 20261125),
  ...yamlEdgeCharts,
  ...cov.coverageCharts,
]
