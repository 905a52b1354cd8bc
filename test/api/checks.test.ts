// The value checks shared by the schema keyword and the rules (src/lib/api/checks.ts), each on its own at the
// edges of what it accepts: durations, ports, DNS labels and domains, IPs and CIDRs, RE2 regexes, header
// names, and the named checks of the x-meshctl-checks keyword.
import {expect} from 'chai'
import {
  CHECKS,
  checkDuration,
  checkFqdn,
  checkIpOrCidr,
  checkPort,
  checkRegex,
  checkWildcardDomain,
  isDns1123Label,
  isHeaderName,
  parseDurationNs,
} from '../../src/lib/api/checks.js'

/** A table test: `fn(input)` is `want` for each row. */
function table<I, O>(name: string, fn: (i: I) => O, rows: Array<[I, O]>) {
  for (const [input, want] of rows)
    it(`${name}(${JSON.stringify(input)}) is ${JSON.stringify(want)}`, () =>
      expect(fn(input)).to.deep.equal(want))
}

const label63 = 'a'.repeat(63)
const domain = (n: number) => `${'a'.repeat(n - 4)}.com`

describe('api checks: durations', () => {
  table('parseDurationNs', parseDurationNs, [
    ['1s', 1e9],
    ['1.5s', 1.5e9],
    ['1.s', 1e9],
    ['.5s', 0.5e9],
    ['10ms', 1e7],
    ['2us', 2000],
    ['2µs', 2000],
    ['3ns', 3],
    ['1m', 60e9],
    ['1h30m', 5400e9],
    ['12h', 12 * 3600e9],
    ['-1s', -1e9],
    ['+2s', 2e9],
    ['1s500ms', 1.5e9],
    ['', undefined],
    ['1', undefined],
    ['s', undefined],
    ['1d', undefined],
    ['x1s', undefined],
    ['1sx', undefined],
    ['--1s', undefined],
    ['.s', undefined],
    ['1.5.5s', undefined],
    ['1.xs', undefined],
  ])
  table('checkDuration', checkDuration, [
    ['1ms', undefined],
    ['1.5s', undefined],
    ['0.5ms', 'duration "0.5ms" must be at least 1ms'],
    ['-1s', 'duration "-1s" must be at least 1ms'],
    ['1.5ms', 'duration "1.5ms": only durations to ms precision are supported'],
    ['1001us', 'duration "1001us": only durations to ms precision are supported'],
    ['abc', 'invalid duration "abc" (expected e.g. "1.5s", "10ms", "1h")'],
  ])
})

describe('api checks: ports, names, domains, addresses', () => {
  table('checkPort', checkPort, [
    [1, undefined],
    [65535, undefined],
    [0, 'port number 0 must be in the range 1..65535'],
    [65536, 'port number 65536 must be in the range 1..65535'],
    [1.5, 'port number 1.5 must be in the range 1..65535'],
  ])
  table('isDns1123Label', isDns1123Label, [
    ['a', true],
    ['a-b', true],
    ['A1', true],
    ['a--1', true],
    [label63, true],
    [label63 + 'a', false],
    ['', false],
    ['-a', false],
    ['a-', false],
    ['a_b', false],
    ['a.b', false],
    ['ab!', false],
    ['!ab', false],
  ])
  table('isHeaderName', isHeaderName, [
    ['x-request-id', true],
    ["!#$%&'*+.^_`|~09AZaz", true],
    ['', false],
    ['a b', false],
    ['a:', false],
    [':a', false],
    ['é', false],
  ])
  table('checkWildcardDomain', checkWildcardDomain, [
    ['*', undefined],
    ['*.example.com', undefined],
    ['*-a.example.com', undefined],
    ['*a.example.com', undefined],
    ['reviews', undefined],
    ['example.com.', undefined],
    [`${label63}.com`, undefined],
    [domain(255), 'domain name "' + domain(255) + '" invalid (label "' + 'a'.repeat(251) + '" invalid)'],
    [domain(256), `domain name "${domain(256)}" too long (max 255)`],
    ['', 'empty domain name not allowed'],
    [`${label63}a.com`, `domain name "${label63}a.com" invalid (label "${label63}a" invalid)`],
    ['a*.com', 'domain name "a*.com" invalid (label "a*" invalid)'],
    ['**.com', 'domain name "**.com" invalid (label "**" invalid)'],
    ['*-.com', 'domain name "*-.com" invalid (label "*-" invalid)'],
    ['a.*.com', 'domain name "*.com" invalid (label "*" invalid)'],
    ['a.b..c', 'domain name "b..c" invalid (label "" invalid)'],
    ['a.123', 'domain name "123" invalid (top level domain "123" cannot be all-numeric)'],
    ['a.b.1x', undefined],
    ['a.b.x1', undefined],
  ])
  table('checkFqdn', checkFqdn, [
    ['a.b.c', undefined],
    ['a.b.', undefined],
    ['a', undefined],
    ['', 'empty domain name not allowed'],
    [domain(256), `domain name "${domain(256)}" too long (max 255)`],
    ['*.a.b', 'domain name "*.a.b" invalid (label "*" invalid)'],
    ['.a.b', 'domain name ".a.b" invalid (label "" invalid)'],
    ['a..', 'domain name "a.." invalid (label "" invalid)'],
    ['1.2.3.4', 'domain name "1.2.3.4" invalid (top level domain "4" cannot be all-numeric)'],
  ])
  table('checkIpOrCidr', checkIpOrCidr, [
    ['10.0.0.1', undefined],
    ['::1', undefined],
    ['10.0.0.0/8', undefined],
    ['10.0.0.0/32', undefined],
    ['10.0.0.0/0', undefined],
    ['2001:db8::/128', undefined],
    ['10.0.0.0/33', '10.0.0.0/33 is not a valid CIDR block'],
    ['2001:db8::/129', '2001:db8::/129 is not a valid CIDR block'],
    ['10.0.0.0/x8', '10.0.0.0/x8 is not a valid CIDR block'],
    ['10.0.0.0/8x', '10.0.0.0/8x is not a valid CIDR block'],
    ['10.0.0.0/', '10.0.0.0/ is not a valid CIDR block'],
    ['nope', 'nope is not a valid IP'],
    ['nope/8', 'nope/8 is not a valid CIDR block'],
    ['/8', '/8 is not a valid CIDR block'],
  ])
})

describe('api checks: RE2 regexes', () => {
  table('checkRegex', checkRegex, [
    ['^a.*b$', undefined],
    ['(?i)abc', undefined],
    ['(?is)a.b', undefined],
    ['\\\\1', undefined],
    ['a(?i)b', 'invalid regex "a(?i)b": Invalid group'],
    ['', 'regex string match should not be empty'],
    ['a'.repeat(1024), undefined],
    ['a'.repeat(1025), 'regex is too large, max length allowed is 1024'],
    ['a(?=b)', 'invalid regex "a(?=b)": look-around is not supported by RE2'],
    ['(?<!a)b', 'invalid regex "(?<!a)b": look-around is not supported by RE2'],
    ['(a)\\1', 'invalid regex "(a)\\1": back-references are not supported by RE2'],
    ['\\2', 'invalid regex "\\2": back-references are not supported by RE2'],
    ['(', 'invalid regex "(": Unterminated group'],
    ['*', 'invalid regex "*": Nothing to repeat'],
    ['(?x)a', 'invalid regex "(?x)a": Invalid group'],
  ])
})

describe('api checks: the named checks of x-meshctl-checks', () => {
  for (const [check, rows] of Object.entries({
    duration: [
      ['1s', undefined],
      ['1x', 'invalid duration "1x" (expected e.g. "1.5s", "10ms", "1h")'],
      [5, undefined],
    ],
    port: [
      [80, undefined],
      [0, 'port number 0 must be in the range 1..65535'],
      ['0', undefined],
    ],
    noWildcard: [
      ['a', undefined],
      ['a*', 'wildcard is not supported in selector value "a*"'],
      [1, undefined],
    ],
    labelKeys: [
      [{a: 'b'}, undefined],
      [{'': 'b'}, 'empty key is not supported in selector'],
      [{'a*': 'b'}, 'wildcard is not supported in selector key "a*"'],
      [null, undefined],
      ['a*', undefined],
    ],
    portName: [
      [{http: 1, [label63.slice(1)]: 2}, undefined],
      [{[label63]: 1}, `port name "${label63}" must be valid (a DNS-1123 label)`],
      [{Bad_Name: 1}, 'port name "Bad_Name" must be valid (a DNS-1123 label)'],
    ],
    portKeys: [
      [{'80': 1, '65535': 2}, undefined],
      [{'0': 1}, 'port "0" must be between 1-65535'],
      [{x80: 1}, 'port "x80" must be between 1-65535'],
      [{'80x': 1}, 'port "80x" must be between 1-65535'],
    ],
    emptyNamespace: [
      ['', undefined],
      ['ns', 'namespace must not be set; cross namespace referencing is not supported'],
    ],
    notStar: [
      ['*', 'invalid host *'],
      ['*.a', undefined],
    ],
    httpUrl: [
      ['http://a/b', undefined],
      ['https://a', undefined],
      ['ftp://a', 'URL "ftp://a" must use http or https'],
      ['nope', '"nope" is not a valid URL'],
      [1, undefined],
    ],
    unixAddress: [
      ['unix:///a', undefined],
      ['unix://@a', undefined],
      ['unix://a', 'unix address "unix://a" must be absolute (unix:///path) or abstract (unix://@name)'],
      ['unix:///a/', 'unix address "unix:///a/" must not end with "/"'],
      ['a/', undefined],
      [1, undefined],
    ],
    regex: [
      ['a+', undefined],
      ['(', 'invalid regex "(": Unterminated group'],
      [1, undefined],
    ],
  } as Record<string, Array<[unknown, string | undefined]>>))
    table(check, (v: unknown) => CHECKS[check as keyof typeof CHECKS](v), rows)
})
