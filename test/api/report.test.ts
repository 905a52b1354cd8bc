// The `validate` command's report (src/lib/api/report.ts), tested on the library functions: findings in file
// and line order with their object names and levels, per-file totals, the failure line, the verdict line and
// the JSON data.
import {expect} from 'chai'
import {parseDocuments} from '../../src/lib/input/index.js'
import {
  failureSummary,
  formatFinding,
  formatVerdict,
  reportData,
  validateInputs,
  type Finding,
  type ValidationReport,
} from '../../src/lib/api/report.js'

// a.yaml: a Deployment without app/version labels (info) at line 1, a DestinationRule with a deprecated
// load balancer (warning) at line 8, a VirtualService with an empty name and namespace and a bad weight
// (errors) at line 17
const A = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {x: y}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr, namespace: other}
spec:
  host: x
  trafficPolicy:
    loadBalancer: {simple: LEAST_CONN}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: "", namespace: ""}
spec:
  hosts: [a]
  http:
  - route:
    - destination: {host: b}
      weight: -1
`
// b.yaml: a Gateway whose namespace is not a string (an error) at line 3
const B = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: 7}
spec:
  servers: [{port: {number: 80, protocol: HTTP, name: h}, hosts: ['*']}]
`

describe('api: validate report', () => {
  const a = parseDocuments(A, 'a.yaml').objects
  const b = parseDocuments(B, 'b.yaml').objects
  // objects in reverse order, sources listed b before a: the findings follow the sources, then the lines
  // computed in each test: a value computed once when the file loads would not show a change in the code
  const report = () =>
    validateInputs(
      ['b.yaml', 'a.yaml', 'c.yaml'],
      [...a].reverse().concat(b),
      [
        {source: 'c.yaml', line: 9, message: 'late'},
        {source: 'c.yaml', line: 2, level: 'warning', message: 'not a Kubernetes object'},
        {source: 'elsewhere', line: 1, message: 'not a listed source'},
      ],
      {namespace: 'team'},
    )
  const brief = (f: Finding) => `${f.source}:${f.line} ${f.level} ${f.object ?? '-'} ${f.message}`

  it('orders the findings by source, then line, with levels and object names', () => {
    expect(report().findings.map(brief)).to.deep.equal([
      'elsewhere:1 error - not a listed source',
      'b.yaml:3 error Gateway team/gw must be string, not number',
      'a.yaml:6 info Deployment team/web missing "app" and "version" labels: the workload may not provide Istio metrics and telemetry labels, see https://istio.io/v1.30/docs/ops/deployment/requirements/',
      'a.yaml:14 warning DestinationRule other/dr LEAST_CONN is deprecated, use LEAST_REQUEST',
      'a.yaml:18 error VirtualService team/<unnamed> name is required',
      'a.yaml:24 error VirtualService team/<unnamed> weight -1 < 0',
      'c.yaml:2 warning - not a Kubernetes object',
      'c.yaml:9 error - late',
    ])
  })

  it('counts errors and warnings per listed source, not infos nor unlisted sources', () => {
    expect(report().sources).to.deep.equal([
      {source: 'b.yaml', errors: 1, warnings: 0},
      {source: 'a.yaml', errors: 2, warnings: 1},
      {source: 'c.yaml', errors: 1, warnings: 1},
    ])
  })

  it('defaults the namespace to `default` when none is given', () => {
    for (const namespace of [undefined, '']) {
      const r = validateInputs(['b.yaml'], b, [], {namespace})
      expect(r.findings.map((f) => f.object)).to.deep.equal(['Gateway default/gw'])
    }
  })

  it('keeps the field path of each object finding', () => {
    expect(report().findings.map((f) => f.path?.join('.'))).to.deep.equal([
      undefined,
      'metadata.namespace',
      'spec.template.metadata.labels',
      'spec.trafficPolicy.loadBalancer.simple',
      'metadata.name',
      'spec.http.0.route.0.weight',
      undefined,
      undefined,
    ])
  })

  const f = (extra: Partial<Finding>): Finding => ({level: 'error', source: 'a.yaml', message: 'm', ...extra})
  for (const [finding, want] of [
    [f({}), 'error: a.yaml: m'],
    [f({source: '-', line: 3}), 'error: <stdin>:3: m'],
    [
      f({level: 'warning', line: 3, column: 4, object: 'Gateway ns/gw'}),
      'warning: a.yaml:3:4: Gateway ns/gw: m',
    ],
    [
      f({line: 3, object: 'Gateway ns/gw', path: ['spec', 'servers', 0]}),
      'error: a.yaml:3: Gateway ns/gw: spec.servers[0]: m',
    ],
    [f({path: []}), 'error: a.yaml: m'],
  ] as const)
    it(`formats a finding as ${JSON.stringify(want)}`, () => expect(formatFinding(finding)).to.equal(want))

  const r = (...counts: Array<[number, number]>): ValidationReport => ({
    findings: [],
    sources: counts.map(([errors, warnings], i) => ({source: `f${i}`, errors, warnings})),
  })
  for (const [name, report, failOnWarning, want] of [
    ['no problems', r([0, 0], [0, 0]), false, undefined],
    ['warnings only', r([0, 2]), false, undefined],
    ['one error', r([1, 0]), false, 'validation failed: 1 error in 1 of 1 file'],
    [
      'errors in two files of three',
      r([2, 1], [0, 0], [1, 0]),
      false,
      'validation failed: 3 errors in 2 of 3 files',
    ],
    [
      'one warning, failing on warnings',
      r([0, 1], [0, 0]),
      true,
      'validation failed: 1 warning in 1 of 2 files',
    ],
    [
      'warnings, failing on warnings',
      r([0, 2], [0, 1]),
      true,
      'validation failed: 3 warnings in 2 of 2 files',
    ],
    [
      'errors and warnings, failing on warnings',
      r([1, 0], [0, 1]),
      true,
      'validation failed: 1 error in 2 of 2 files',
    ],
  ] as const)
    it(`failure summary: ${name}`, () => expect(failureSummary(report, failOnWarning)).to.equal(want))

  it('fails on warnings only when asked', () => {
    expect(failureSummary(r([0, 1]))).to.equal(undefined)
  })

  for (const [source, warnings, want] of [
    ['a.yaml', 0, '"a.yaml" is valid'],
    ['a.yaml', 1, '"a.yaml" is valid (1 warning)'],
    ['-', 0, 'validation succeed'],
    ['-', 2, 'validation succeed (2 warnings)'],
  ] as const)
    it(`verdict ${JSON.stringify(want)}`, () =>
      expect(formatVerdict({source, errors: 0, warnings})).to.equal(want))

  it('gives the report as JSON data: verdict, findings with the fields known, per-file totals', () => {
    const data = reportData({
      findings: [
        f({line: 3, column: 4, object: 'Gateway ns/gw', path: ['spec', 'servers', 0]}),
        f({level: 'warning', path: []}),
      ],
      sources: [
        {source: 'a.yaml', errors: 1, warnings: 1},
        {source: 'b.yaml', errors: 0, warnings: 0},
      ],
    })
    expect(data).to.deep.equal({
      valid: false,
      findings: [
        {
          level: 'error',
          file: 'a.yaml',
          line: 3,
          column: 4,
          object: 'Gateway ns/gw',
          path: 'spec.servers[0]',
          message: 'm',
        },
        {level: 'warning', file: 'a.yaml', message: 'm'},
      ],
      files: [
        {file: 'a.yaml', errors: 1, warnings: 1},
        {file: 'b.yaml', errors: 0, warnings: 0},
      ],
    })
    expect(Object.keys(data.findings[1]!)).to.deep.equal(['level', 'file', 'message'])
    expect(reportData(r([0, 3], [0, 0])).valid).to.equal(true)
    expect(reportData(r([0, 0], [1, 0])).valid).to.equal(false)
  })
})
