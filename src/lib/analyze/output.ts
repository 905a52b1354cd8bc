import {relative, sep} from 'node:path'
import {stringify} from 'yaml'
import {atLeast, documentationUrl, findingLine, referenceText, type Finding} from './finding.js'
import type {Level} from './message.js'
import {ALL_MESSAGE_TYPES} from './messages.gen.js'

import type {AnalyzeFormat} from './formats.js'

export {ANALYZE_FORMATS, type AnalyzeFormat} from './formats.js'

export interface RenderOptions {
  /** Colour the level word in `log` (istioctl's escape codes). */
  color?: boolean
  /** Findings at or above this level count as failures (junit), default Error. */
  failureThreshold?: Level
  /** Tool version, for SARIF. */
  version?: string
  /** Base directory file paths are made relative to in SARIF and github output (default: cwd). */
  cwd?: string
}

const COLOR: Record<Level, string> = {Error: '\x1b[1;31m', Warning: '\x1b[33m', Info: ''}

/** istioctl's map for one finding; keys in Go's (sorted) order. */
function istioctlMap(f: Finding): Record<string, string> {
  const ref = referenceText(f)
  return {
    code: f.code,
    documentationUrl: documentationUrl(f.code),
    level: f.level,
    message: f.message,
    ...(f.origin === undefined ? {} : {origin: f.origin}),
    ...(ref === undefined ? {} : {reference: ref}),
  }
}

function toUri(file: string, cwd: string): string {
  return relative(cwd, file).split(sep).join('/')
}

const SARIF_LEVEL: Record<Level, string> = {Error: 'error', Warning: 'warning', Info: 'note'}
const GITHUB_LEVEL: Record<Level, string> = {Error: 'error', Warning: 'warning', Info: 'notice'}

function sarif(findings: readonly Finding[], opts: RenderOptions): string {
  const cwd = opts.cwd ?? process.cwd()
  const used = [...new Set(findings.map((f) => f.code))].sort()
  const rules = used.map((code) => {
    const t = ALL_MESSAGE_TYPES.find((m) => m.code === code)
    return {
      id: code,
      name: t?.name ?? code,
      shortDescription: {text: t?.description ?? code},
      helpUri: documentationUrl(code),
      defaultConfiguration: {level: SARIF_LEVEL[t?.level ?? 'Error']},
    }
  })
  const results = findings.map((f) => {
    const location: Record<string, unknown> = {}
    if (f.file !== undefined && f.file !== '-')
      location.physicalLocation = {
        artifactLocation: {uri: toUri(f.file, cwd)},
        ...(f.line === undefined ? {} : {region: {startLine: f.line}}),
      }
    if (f.origin !== undefined) location.logicalLocations = [{fullyQualifiedName: f.origin, kind: 'resource'}]
    return {
      ruleId: f.code,
      ruleIndex: used.indexOf(f.code),
      level: SARIF_LEVEL[f.level],
      message: {text: f.origin === undefined ? f.message : `${f.origin}: ${f.message}`},
      ...(Object.keys(location).length > 0 ? {locations: [location]} : {}),
      partialFingerprints: {'meshctlFinding/v1': `${f.code}|${f.origin ?? ''}|${f.message}`},
    }
  })
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshctl analyze',
            informationUri: 'https://istio.io/latest/docs/reference/config/analysis/',
            ...(opts.version ? {version: opts.version} : {}),
            rules,
          },
        },
        results,
      },
    ],
  }
  return JSON.stringify(log, null, 2) + '\n'
}

function xml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 cannot carry most control characters at all.
      .replace(/[\p{Cc}]/gu, (c) => (c === '\n' || c === '\t' || c === '\r' ? c : ''))
  )
}

function junit(findings: readonly Finding[], opts: RenderOptions): string {
  const threshold = opts.failureThreshold ?? 'Error'
  const failures = findings.filter((f) => atLeast(f, threshold)).length
  const cases = findings.map((f) => {
    const name = xml(`${f.code} ${f.origin ?? ''}`.trim())
    const classname = xml(`analyze.${f.name}`)
    const body = xml(findingLine(f))
    return atLeast(f, threshold)
      ? `    <testcase name="${name}" classname="${classname}">\n      <failure type="${f.code}" message="${xml(f.message)}">${body}</failure>\n    </testcase>`
      : `    <testcase name="${name}" classname="${classname}">\n      <system-out>${body}</system-out>\n    </testcase>`
  })
  // With no findings, one passing case shows the analysis ran.
  if (cases.length === 0) cases.push('    <testcase name="no findings" classname="analyze"/>')
  const tests = Math.max(findings.length, 1)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="meshctl analyze" tests="${tests}" failures="${failures}" errors="0">`,
    `  <testsuite name="meshctl analyze" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

/** Escapes workflow-command data and properties (GitHub's rules). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function github(findings: readonly Finding[], opts: RenderOptions): string {
  const cwd = opts.cwd ?? process.cwd()
  return findings
    .map((f) => {
      const props = [
        ...(f.file !== undefined && f.file !== '-' ? [`file=${ghProp(toUri(f.file, cwd))}`] : []),
        ...(f.line !== undefined && f.file !== '-' ? [`line=${f.line}`] : []),
        `title=${ghProp(`${f.code} ${f.name}`)}`,
      ]
      const text = f.origin === undefined ? f.message : `${f.origin}: ${f.message}`
      return `::${GITHUB_LEVEL[f.level]} ${props.join(',')}::${ghData(text)}\n`
    })
    .join('')
}

/**
 * Renders findings in a format. `log`, `json` and `yaml` follow istioctl (json tab-indented, keys in Go's
 * order); json and yaml are one clean document, `[]` when there are no findings.
 */
export function renderFindings(
  findings: readonly Finding[],
  format: AnalyzeFormat,
  opts: RenderOptions = {},
): string {
  switch (format) {
    case 'log':
      // No findings: no output at all (the summary goes to stderr), as istioctl.
      if (findings.length === 0) return ''
      return (
        findings
          .map((f) =>
            opts.color
              ? findingLine(f).replace(f.level, `${COLOR[f.level]}${f.level}\x1b[0m`)
              : findingLine(f),
          )
          .join('\n') + '\n'
      )
    case 'json':
      return JSON.stringify(findings.map(istioctlMap), null, '\t') + '\n'
    case 'yaml':
      return findings.length === 0 ? '[]\n' : stringify(findings.map(istioctlMap), {lineWidth: 0})
    case 'sarif':
      return sarif(findings, opts)
    case 'junit':
      return junit(findings, opts)
    case 'github':
      return github(findings, opts)
  }
}
