import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {Ajv} from 'ajv'
import {expect} from 'chai'
import {parse} from 'yaml'
import type {Finding} from '../../src/lib/analyze/finding.js'
import {ANALYZE_FORMATS, renderFindings} from '../../src/lib/analyze/output.js'

const require = createRequire(import.meta.url)
/**
 * The SARIF 2.1.0 schema as shipped by Microsoft's @microsoft/jest-sarif package. It is draft-04; apart from
 * its `$schema`/`id` header it uses only keywords that mean the same in ajv 8's draft-07, so we drop those two.
 */
const {
  $schema: _draft,
  id: _id,
  ...SARIF_SCHEMA
} = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as Record<string, unknown>

export function validateSarif(text: string): string[] {
  const ajv = new Ajv({strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false})
  const validate = ajv.compile(SARIF_SCHEMA)
  return validate(JSON.parse(text))
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}

const findings: Finding[] = [
  {
    code: 'IST0101',
    name: 'ReferencedResourceNotFound',
    level: 'Error',
    message: 'Referenced host not found: "reviews"',
    origin: 'VirtualService shop/catalog',
    namespace: 'shop',
    kind: 'VirtualService',
    resourceName: 'catalog',
    file: `${process.cwd()}/config/vs.yaml`,
    line: 12,
  },
  {
    code: 'IST0118',
    name: 'PortNameIsNotUnderNamingConvention',
    level: 'Info',
    message: "Port name  (port: 80, targetPort: 0) doesn't follow the naming convention of Istio port.",
    origin: 'Service shop/catalog',
    namespace: 'shop',
    kind: 'Service',
    resourceName: 'catalog',
  },
  {code: 'IST0001', name: 'InternalError', level: 'Error', message: 'Internal error: 100%\nbroken, really'},
]

describe('analyze output formats', () => {
  it('log: istioctl lines, colour only on the level word', () => {
    expect(renderFindings(findings, 'log')).to.equal(
      [
        `Error [IST0101] (VirtualService shop/catalog ${process.cwd()}/config/vs.yaml:12) Referenced host not found: "reviews"`,
        "Info [IST0118] (Service shop/catalog) Port name  (port: 80, targetPort: 0) doesn't follow the naming convention of Istio port.",
        'Error [IST0001] Internal error: 100%\nbroken, really',
        '',
      ].join('\n'),
    )
    const colored = renderFindings(findings.slice(0, 1), 'log', {color: true})
    expect(colored.startsWith('\x1b[1;31mError\x1b[0m [IST0101]')).to.equal(true)
    // No findings, no stdout (a blank line there is output too); the summary goes to stderr.
    expect(renderFindings([], 'log')).to.equal('')
  })

  it('json: a tab-indented array with istioctl keys, [] when empty', () => {
    const text = renderFindings(findings, 'json')
    expect(text).to.match(/^\[\n\t\{\n\t\t"code": "IST0101"/)
    const data = JSON.parse(text) as Record<string, string>[]
    expect(Object.keys(data[0])).to.deep.equal([
      'code',
      'documentationUrl',
      'level',
      'message',
      'origin',
      'reference',
    ])
    expect(data[0].documentationUrl).to.equal(
      'https://istio.io/v1.30/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
    )
    expect(data[0].reference).to.equal(`${process.cwd()}/config/vs.yaml:12`)
    expect(data[2]).to.not.have.property('origin')
    expect(renderFindings([], 'json')).to.equal('[]\n')
  })

  it('yaml: the same maps as one document', () => {
    const data = parse(renderFindings(findings, 'yaml')) as Record<string, string>[]
    expect(data).to.deep.equal(JSON.parse(renderFindings(findings, 'json')))
    expect(parse(renderFindings([], 'yaml'))).to.deep.equal([])
  })

  it('sarif: valid SARIF 2.1.0 with rules, levels and locations', () => {
    const text = renderFindings(findings, 'sarif', {version: '0.1.0'})
    expect(validateSarif(text)).to.deep.equal([])
    const log = JSON.parse(text)
    const run = log.runs[0]
    expect(run.tool.driver.rules.map((r: {id: string}) => r.id)).to.deep.equal([
      'IST0001',
      'IST0101',
      'IST0118',
    ])
    expect(run.results.map((r: {level: string}) => r.level)).to.deep.equal(['error', 'note', 'error'])
    expect(run.results[0].locations[0].physicalLocation).to.deep.equal({
      artifactLocation: {uri: 'config/vs.yaml'},
      region: {startLine: 12},
    })
    expect(run.results[1].locations[0]).to.not.have.property('physicalLocation')
    expect(run.results[2]).to.not.have.property('locations')
    expect(validateSarif(renderFindings([], 'sarif'))).to.deep.equal([])
    // The validator does reject a log that is not SARIF.
    expect(validateSarif('{"runs": [{"results": []}]}')).to.not.deep.equal([])
  })

  it('junit: failures at the failure threshold, one case per finding', () => {
    const xml = renderFindings(findings, 'junit', {failureThreshold: 'Error'})
    expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
    expect(xml).to.contain('<testsuites name="meshctl analyze" tests="3" failures="2" errors="0">')
    expect(xml).to.contain(
      '<failure type="IST0101" message="Referenced host not found: &quot;reviews&quot;">',
    )
    expect((xml.match(/<testcase /g) ?? []).length).to.equal(3)
    expect(renderFindings(findings, 'junit', {failureThreshold: 'Info'})).to.contain('failures="3"')
    expect(renderFindings([], 'junit')).to.contain('tests="1" failures="0"')
  })

  it('github: workflow annotations with escaped data and properties', () => {
    const lines = renderFindings(findings, 'github').trimEnd().split('\n')
    expect(lines[0]).to.equal(
      '::error file=config/vs.yaml,line=12,title=IST0101 ReferencedResourceNotFound::VirtualService shop/catalog: Referenced host not found: "reviews"',
    )
    expect(lines[1]).to.match(
      /^::notice title=IST0118 PortNameIsNotUnderNamingConvention::Service shop\/catalog: /,
    )
    expect(lines[2]).to.equal('::error title=IST0001 InternalError::Internal error: 100%25%0Abroken, really')
    expect(renderFindings([], 'github')).to.equal('')
  })

  it('sarif: rule metadata from the message catalog, logical locations, stdin and fingerprints', () => {
    const odd: Finding[] = [
      {...findings[0], file: '-', line: 3},
      {code: 'IST9999', name: 'NotInCatalog', level: 'Warning', message: 'm'},
    ]
    const run = JSON.parse(renderFindings(odd, 'sarif', {cwd: process.cwd()})).runs[0]
    expect(run.tool.driver).to.not.have.property('version')
    expect(run.tool.driver.rules).to.deep.equal([
      {
        id: 'IST0101',
        name: 'ReferencedResourceNotFound',
        shortDescription: {
          text: 'An object refers to another object (host, gateway, secret, workload) that does not exist.',
        },
        helpUri: 'https://istio.io/v1.30/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
        defaultConfiguration: {level: 'error'},
      },
      {
        id: 'IST9999',
        name: 'IST9999',
        shortDescription: {text: 'IST9999'},
        helpUri: 'https://istio.io/v1.30/docs/reference/config/analysis/ist9999/?ref=istioctl-analyze',
        defaultConfiguration: {level: 'error'},
      },
    ])
    // stdin has no file to point at: only the resource is named
    expect(run.results[0]).to.deep.include({
      ruleId: 'IST0101',
      ruleIndex: 0,
      level: 'error',
      message: {text: 'VirtualService shop/catalog: Referenced host not found: "reviews"'},
      locations: [
        {logicalLocations: [{fullyQualifiedName: 'VirtualService shop/catalog', kind: 'resource'}]},
      ],
      partialFingerprints: {
        'meshctlFinding/v1': 'IST0101|VirtualService shop/catalog|Referenced host not found: "reviews"',
      },
    })
    expect(run.results[1]).to.deep.include({ruleIndex: 1, level: 'warning', message: {text: 'm'}})
    expect(run.results[1].partialFingerprints).to.deep.equal({'meshctlFinding/v1': 'IST9999||m'})
    const noLine = JSON.parse(renderFindings([{...findings[0], line: undefined}], 'sarif')).runs[0].results[0]
    expect(noLine.locations[0].physicalLocation).to.deep.equal({artifactLocation: {uri: 'config/vs.yaml'}})
  })

  it('junit: escapes XML, drops control characters, and reports findings under the threshold as output', () => {
    const f: Finding = {
      code: 'IST0102',
      name: 'NamespaceNotInjected',
      level: 'Warning',
      message: 'a<b> & "c"\u0007\ttab',
      origin: 'Namespace x&y',
    }
    const xml = renderFindings([f], 'junit')
    expect(xml).to.contain('tests="1" failures="0"')
    expect(xml).to.contain(
      [
        '    <testcase name="IST0102 Namespace x&amp;y" classname="analyze.NamespaceNotInjected">',
        '      <system-out>Warning [IST0102] (Namespace x&amp;y) a&lt;b&gt; &amp; &quot;c&quot;\ttab</system-out>',
        '    </testcase>',
      ].join('\n'),
    )
    const failing = renderFindings([f], 'junit', {failureThreshold: 'Warning'})
    expect(failing).to.contain('failures="1"')
    expect(failing).to.contain('<failure type="IST0102" message="a&lt;b&gt; &amp; &quot;c&quot;\ttab">')
    expect(renderFindings([{...f, origin: undefined}], 'junit')).to.contain('<testcase name="IST0102" ')
    expect(renderFindings([], 'junit')).to.contain('<testcase name="no findings" classname="analyze"/>')
  })

  it('github: escapes ":" and "," in properties and CR in data; stdin has no file or line', () => {
    const f: Finding = {
      code: 'IST0102',
      name: 'N',
      level: 'Warning',
      message: 'a\r\nb: c, d',
      file: '-',
      line: 4,
    }
    expect(renderFindings([f], 'github')).to.equal('::warning title=IST0102 N::a%0D%0Ab: c, d\n')
    const named = {...f, file: `${process.cwd()}/a:b,c.yaml`}
    expect(renderFindings([named], 'github')).to.equal(
      '::warning file=a%3Ab%2Cc.yaml,line=4,title=IST0102 N::a%0D%0Ab: c, d\n',
    )
  })

  it('log: colours warnings yellow and leaves info plain (the reset follows every level, as istioctl)', () => {
    const at = (level: Finding['level']) =>
      renderFindings([{code: 'IST0102', name: 'N', level, message: 'm'}], 'log', {color: true})
    expect(at('Warning')).to.equal('\x1b[33mWarning\x1b[0m [IST0102] m\n')
    expect(at('Info')).to.equal('Info\x1b[0m [IST0102] m\n')
  })

  it('junit: the whole document for one failing finding, line breaks kept, at the default threshold', () => {
    const f: Finding = {code: 'IST0101', name: 'R', level: 'Error', message: 'a\r\nb'}
    expect(renderFindings([f], 'junit')).to.equal(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="meshctl analyze" tests="1" failures="1" errors="0">',
        '  <testsuite name="meshctl analyze" tests="1" failures="1" errors="0" skipped="0">',
        '    <testcase name="IST0101" classname="analyze.R">',
        '      <failure type="IST0101" message="a\r\nb">Error [IST0101] a\r\nb</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    )
  })

  it('sarif: the log header, the tool version when given, one JSON document', () => {
    const text = renderFindings([], 'sarif', {version: '1.2.3'})
    expect(text.endsWith('}\n')).to.equal(true)
    const log = JSON.parse(text)
    expect(log).to.deep.include({$schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0'})
    expect(log.runs[0].tool.driver).to.deep.equal({
      name: 'meshctl analyze',
      informationUri: 'https://istio.io/latest/docs/reference/config/analysis/',
      version: '1.2.3',
      rules: [],
    })
  })

  it('yaml: never folds a long message', () => {
    const message = 'word '.repeat(40).trim()
    const text = renderFindings([{code: 'IST0101', name: 'R', level: 'Error', message}], 'yaml')
    expect(text).to.contain(`message: ${message}\n`)
  })

  it('knows every format', () => {
    expect(ANALYZE_FORMATS).to.deep.equal(['log', 'json', 'yaml', 'sarif', 'junit', 'github'])
  })
})
