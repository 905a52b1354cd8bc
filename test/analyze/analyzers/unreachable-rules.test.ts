import {expect} from 'chai'
import {schemaValidationAnalyzers} from '../../../src/lib/analyze/analyzers/schema/validation.js'
import {findingsOf} from '../helpers.js'

// IST0130/IST0131 (virtualservice/unreachable-rules.ts), reported through the VirtualService validation analyzer.
// Every row's findings were compared with istioctl 1.30.3 `analyze --use-kube=false -A` on the same object.
const vsAnalyzer = schemaValidationAnalyzers.find(
  (a) => a.name === 'schema.ValidationAnalyzer.VirtualService',
)!
const R = 'route: [{destination: {host: a}}]'
const vs = (spec: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec:
  hosts: [a]
${spec
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`
// distinct findings: analyze prints a repeated finding once (as istioctl does)
const unreachable = (spec: string) => [
  ...new Set(
    findingsOf(vsAnalyzer, vs(spec))
      .filter((f) => ['IST0130', 'IST0131', 'IST0001'].includes(f.code)) // IST0001: the analyzer failed
      .map((f) => `${f.code} ${f.message}`),
  ),
]

const rows: {name: string; spec: string; expect: string[]}[] = [
  {
    name: 'zero values are unset',
    spec: `
http:
  - {match: [{uri: {exact: /a}}], ${R}}
  - {match: [{uri: {exact: /a}, ignoreUriCase: false, port: 0, sourceNamespace: "", headers: {}, gateways: [], queryParams: ~}], ${R}}
`,
    expect: [
      'IST0130 VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
    ],
  },
  {
    name: 'key order does not matter',
    spec: `
http:
  - {match: [{port: 80, uri: {exact: /b}}], ${R}}
  - {match: [{uri: {exact: /b}, port: 80}], ${R}}
`,
    expect: [
      'IST0130 VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
    ],
  },
  {
    name: 'set values differ',
    spec: `
http:
  - {match: [{uri: {exact: /a}}], ${R}}
  - {match: [{uri: {exact: /a}, ignoreUriCase: true}], ${R}}
  - {match: [{uri: {exact: /a}, port: 80}], ${R}}
  - {match: [{uri: {exact: /a}, gateways: [gw]}], ${R}}
  - {match: [{uri: {exact: /a}, headers: {x: {exact: "1"}}}], ${R}}
`,
    expect: [],
  },
  {
    name: 'an empty list item counts',
    spec: `
http:
  - {match: [{uri: {exact: /a}, gateways: [gw]}], ${R}}
  - {match: [{uri: {exact: /a}, gateways: [gw, ""]}], ${R}}
`,
    expect: [],
  },
  {
    name: 'named rules and matches',
    spec: `
http:
  - {name: first, match: [{uri: {exact: /a}}, {uri: {exact: /b}}], ${R}}
  - {name: second, match: [{name: m0, uri: {exact: /a}}, {uri: {exact: /b}}], ${R}}
  - {match: [{uri: {exact: /c}}, {name: again, uri: {exact: /a}}], ${R}}
`,
    expect: [
      'IST0130 VirtualService rule "second" not used (all matches used by prior rules).',
      'IST0131 VirtualService rule "second" match "m0" is not used (duplicate/overlapping match in rule "first").',
      'IST0131 VirtualService rule "second" match #1 is not used (duplicate/overlapping match in rule "first").',
      'IST0131 VirtualService rule #2 match "again" is not used (duplicate/overlapping match in rule "first").',
    ],
  },
  {
    name: 'a name does not change a match',
    spec: `
http:
  - {match: [{name: one, uri: {exact: /a}}], ${R}}
  - {match: [{name: two, uri: {exact: /a}}], ${R}}
`,
    expect: [
      'IST0130 VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 VirtualService rule #1 match "two" is not used (duplicate/overlapping match in rule #0).',
    ],
  },
  {
    name: 'rules after a rule without matches',
    spec: `
http:
  - {match: [{uri: {exact: /a}}], ${R}}
  - {name: all, ${R}}
  - {match: [{uri: {exact: /b}}, {uri: {exact: /c}}], ${R}}
  - {${R}}
`,
    expect: [
      'IST0130 VirtualService rule #2 not used (route without matches defined before).',
      'IST0130 VirtualService rule #3 not used (only the last rule can have no matches).',
    ],
  },
  {
    name: 'tcp and tls rules',
    spec: `
tcp:
  - {match: [{port: 80}], ${R}}
  - {match: [{port: 81}, {port: 80}], ${R}}
  - {match: [{port: 81, sourceLabels: {}}], ${R}}
  - {${R}}
  - {${R}}
tls:
  - {match: [{sniHosts: [a.example.com]}], ${R}}
  - {match: [{sniHosts: [a.example.com], port: 0}], ${R}}
`,
    expect: [
      'IST0130 VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0130 VirtualService rule #2 not used (all matches used by prior rules).',
      'IST0130 VirtualService rule #4 not used (only the last rule can have no matches).',
      'IST0131 VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
      'IST0131 VirtualService rule #1 match #1 is not used (duplicate/overlapping match in rule #0).',
      'IST0131 VirtualService rule #2 match #0 is not used (duplicate/overlapping match in rule #1).',
    ],
  },
  {
    name: 'a prefix covering a longer one',
    spec: `
http:
  - {name: api, match: [{name: short, uri: {prefix: /a}}], ${R}}
  - {match: [{uri: {prefix: /ab}}, {uri: {prefix: /b}}], ${R}}
  - {match: [{uri: {prefix: /abc}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule "short" of prefix /a on "api").',
      'IST0131 VirtualService rule #2 match #0 of prefix /abc is not used (duplicate/overlapping match in rule "short" of prefix /a on "api").',
      'IST0131 VirtualService rule #2 match #0 of prefix /abc is not used (duplicate/overlapping match in rule #0 of prefix /ab on #1).',
    ],
  },
  {
    name: 'same prefix is no overlap',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, headers: {x: {exact: ab}}}], ${R}}
  - {match: [{uri: {prefix: /a}, headers: {x: {exact: a}}}], ${R}}
`,
    expect: [],
  },
  {
    name: 'ports must be equal',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, port: 80}], ${R}}
  - {match: [{uri: {prefix: /ab}, port: 81}], ${R}}
  - {match: [{uri: {prefix: /ac}}], ${R}}
  - {match: [{uri: {prefix: /ad}, port: 80}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #3 match #0 of prefix /ad is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'an unset port is port 0',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, port: 0}], ${R}}
  - {match: [{uri: {prefix: /ab}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'methods: none is GET',
    spec: `
http:
  - {match: [{uri: {prefix: /a}}], ${R}}
  - {match: [{uri: {prefix: /ab}, method: {exact: GET}}], ${R}}
  - {match: [{uri: {prefix: /ac}, method: {exact: POST}}], ${R}}
  - {match: [{uri: {prefix: /b}, method: {exact: POST}}], ${R}}
  - {match: [{uri: {prefix: /bc}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'methods: prefix values',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, method: {exact: GETX}}], ${R}}
  - {match: [{uri: {prefix: /ab}, method: {exact: GE}}], ${R}}
  - {match: [{uri: {prefix: /b}, method: {prefix: P}}], ${R}}
  - {match: [{uri: {prefix: /bc}, method: {prefix: PO}}], ${R}}
  - {match: [{uri: {prefix: /bd}, method: {exact: POST}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'authority',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, authority: {exact: h.example.com}}], ${R}}
  - {match: [{uri: {prefix: /ab}}], ${R}}
  - {match: [{uri: {prefix: /b}}], ${R}}
  - {match: [{uri: {prefix: /bc}, authority: {prefix: h}}], ${R}}
  - {match: [{uri: {prefix: /c}, authority: {prefix: h}}], ${R}}
  - {match: [{uri: {prefix: /cd}, authority: {prefix: i}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'headers',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, headers: {x: {exact: "12"}}}], ${R}}
  - {match: [{uri: {prefix: /ab}, headers: {x: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /ac}, headers: {x: {exact: "2"}}}], ${R}}
  - {match: [{uri: {prefix: /ad}, headers: {y: {exact: "12"}}}], ${R}}
  - {match: [{uri: {prefix: /ae}, headers: {x: {exact: "12"}, y: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /af}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'header prefixes',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, headers: {x: {prefix: v1}}}], ${R}}
  - {match: [{uri: {prefix: /ab}, headers: {x: {prefix: v}}}], ${R}}
  - {match: [{uri: {prefix: /ac}, headers: {x: {exact: v1}}}], ${R}}
  - {match: [{uri: {prefix: /ad}, headers: {x: {regex: "v.*"}}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
      'IST0131 VirtualService rule #3 match #0 of prefix /ad is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'query parameters',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, queryParams: {q: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /ab}, queryParams: {q: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /ac}, queryParams: {r: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /ad}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'without headers',
    spec: `
http:
  - {match: [{uri: {prefix: /a}, withoutHeaders: {x: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /ab}, withoutHeaders: {x: {exact: "1"}}}], ${R}}
  - {match: [{uri: {prefix: /ac}, withoutHeaders: {x: {exact: "2"}}}], ${R}}
  - {match: [{uri: {prefix: /ad}}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0).',
    ],
  },
  {
    name: 'exact and regex URIs are not prefixes',
    spec: `
http:
  - {match: [{uri: {exact: /a}}], ${R}}
  - {match: [{uri: {prefix: /ab}}], ${R}}
  - {match: [{uri: {regex: "/b.*"}}], ${R}}
  - {match: [{uri: {prefix: /bc}}], ${R}}
`,
    expect: [],
  },
  {
    name: 'a shorter prefix after a longer one, and an authority that only ends alike',
    spec: `
http:
  - {match: [{uri: {prefix: /ab}}], ${R}}
  - {match: [{uri: {prefix: /a}}], ${R}}
  - {match: [{uri: {prefix: /d}, authority: {exact: "prefix:x"}}], ${R}}
  - {match: [{uri: {prefix: /de}, authority: {prefix: x}}], ${R}}
`,
    expect: [],
  },
  {
    // istioctl reads a null list item as an empty rule (protobuf JSON): a rule without matches
    name: 'a null rule is an empty rule',
    spec: `
http:
  - ~
  - {${R}}
  - {${R}}
`,
    expect: [
      'IST0130 VirtualService rule #1 not used (only the last rule can have no matches).',
      'IST0130 VirtualService rule #2 not used (only the last rule can have no matches).',
    ],
  },
  {
    // TCP routes have no names: a stray `name` is not used in the messages
    name: 'tcp rules are numbered even with a name',
    spec: `
tcp:
  - {name: one, match: [{port: 80}], ${R}}
  - {name: two, match: [{port: 80}], ${R}}
`,
    expect: [
      'IST0131 VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
      'IST0130 VirtualService rule #1 not used (all matches used by prior rules).',
    ],
  },
]

describe('virtualservice unreachable rules and ineffective matches (IST0130, IST0131)', () => {
  for (const row of rows)
    it(row.name, () =>
      expect(unreachable(row.spec)).to.have.members(row.expect).and.have.length(row.expect.length),
    )
  it('reports them at the resource line, as istioctl does', () => {
    const yaml = vs(`http:\n  - {${R}}\n  - {${R}}\n`)
    expect(findingsOf(vsAnalyzer, yaml).map((f) => [f.code, f.line])).to.deep.equal([['IST0130', 2]])
  })
})
