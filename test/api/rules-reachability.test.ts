// Unreachable VirtualService rules and matches (src/lib/api/reachability.ts), each case with every problem the
// object gets: rules after a match-all rule, duplicate matches (proto defaults and key order ignored) and URI
// prefixes covered by an earlier one (port, method, authority, headers, query parameters). istioctl 1.30.3
// `validate` gives the same warnings for each.
import {check, obj} from './problems.js'

describe('api rules: VirtualService rules and matches that are never used', () => {
  check(
    'rules after a match-all rule',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], name: 'all'},
        {route: [{destination: {host: 'b'}}], match: [{uri: {exact: '/a'}}]},
        {route: [{destination: {host: 'b'}}]},
      ],
    }),
    [
      'W spec.http[1]: virtualService rule #1 not used (route without matches defined before)',
      'W spec.http[2]: virtualService rule #2 not used (only the last rule can have no matches)',
    ],
  )
  check(
    'two match-all rules',
    obj('VirtualService', {
      hosts: ['a'],
      http: [{route: [{destination: {host: 'b'}}]}, {route: [{destination: {host: 'b'}}], name: 'second'}],
    }),
    ['W spec.http[1]: virtualService rule "second" not used (only the last rule can have no matches)'],
  )
  check(
    'duplicate match, defaults ignored',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {exact: '/a'}, ignoreUriCase: false}]},
        {
          route: [{destination: {host: 'b'}}],
          name: 'r2',
          match: [{uri: {exact: '/a'}, port: 0, name: 'm'}, {uri: {exact: '/b'}}],
        },
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule "r2" match "m" is not used (duplicate/overlapping match in rule #0)',
    ],
  )
  check(
    'all matches duplicated',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {
          route: [{destination: {host: 'b'}}],
          name: 'r1',
          match: [{uri: {exact: '/a'}}, {uri: {exact: '/b'}}],
        },
        {route: [{destination: {host: 'b'}}], match: [{uri: {exact: '/b'}}, {uri: {exact: '/a'}}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule "r1")',
      'W spec.http[1].match[1]: virtualService rule #1 match #1 is not used (duplicate/overlapping match in rule "r1")',
      'W spec.http[1]: virtualService rule #1 not used (all matches used by prior rules)',
    ],
  )
  check(
    'duplicate match, keys in another order',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {exact: '/a'}, headers: {x: {exact: '1'}, y: {exact: '2'}}}],
        },
        {
          route: [{destination: {host: 'b'}}],
          match: [{headers: {y: {exact: '2'}, x: {exact: '1'}}, uri: {exact: '/a'}}],
        },
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)',
      'W spec.http[1]: virtualService rule #1 not used (all matches used by prior rules)',
    ],
  )
  check(
    'not duplicate: ignoreUriCase true',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {exact: '/a'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {exact: '/a'}, ignoreUriCase: true}]},
      ],
    }),
    [],
  )
  check(
    'prefix covered by a shorter one',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], name: 'api', match: [{uri: {prefix: '/api'}}]},
        {route: [{destination: {host: 'b'}}], name: 'v1', match: [{uri: {prefix: '/api/v1'}, name: 'm1'}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule "v1" match "m1" of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on "api")',
    ],
  )
  check(
    'prefix not covered: longer first',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
      ],
    }),
    [],
  )
  check(
    'prefix with the same prefix is a duplicate',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)',
      'W spec.http[1]: virtualService rule #1 not used (all matches used by prior rules)',
    ],
  )
  check(
    'prefix covered, other port',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, port: 80}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, port: 81}]},
      ],
    }),
    [],
  )
  check(
    'prefix covered, same port',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, port: 80}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, port: 80}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix covered, method GET by default',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, method: {exact: 'GET'}}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix not covered, other method',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, method: {exact: 'POST'}}]},
      ],
    }),
    [],
  )
  check(
    'prefix not covered, method prefix',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, method: {prefix: 'P'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, method: {prefix: 'PO'}}]},
      ],
    }),
    [],
  )
  check(
    'prefix covered, earlier method longer',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, method: {prefix: 'PO'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, method: {prefix: 'P'}}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix covered, same authority',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, authority: {exact: 'x.com'}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, authority: {exact: 'x.com'}}],
        },
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix not covered, other authority',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, authority: {exact: 'x.com'}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, authority: {exact: 'y.com'}}],
        },
      ],
    }),
    [],
  )
  check(
    'prefix not covered, later has authority',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, authority: {prefix: 'x'}}]},
      ],
    }),
    [],
  )
  check(
    'prefix covered, earlier authority longer',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, authority: {prefix: 'xy'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api/v1'}, authority: {prefix: 'x'}}]},
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix covered, same headers',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, headers: {h: {exact: 'v'}}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, headers: {h: {exact: 'v'}}}],
        },
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix not covered, other header value',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, headers: {h: {exact: 'v'}}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, headers: {h: {exact: 'w'}}}],
        },
      ],
    }),
    [],
  )
  check(
    'prefix not covered, other header name',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, headers: {h: {exact: 'v'}}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, headers: {g: {exact: 'v'}}}],
        },
      ],
    }),
    [],
  )
  check(
    'prefix not covered, more headers later',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, headers: {h: {exact: 'v'}}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, headers: {h: {exact: 'v'}, g: {exact: 'v'}}}],
        },
      ],
    }),
    [],
  )
  check(
    'prefix covered, earlier header longer',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, headers: {h: {prefix: 'vw'}}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, headers: {h: {prefix: 'v'}}}],
        },
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix covered, header regex ignored',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}, headers: {h: {regex: 'a'}}}]},
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, headers: {h: {regex: 'b'}}}],
        },
      ],
    }),
    [
      'W spec.http[1].match[0]: virtualService rule #1 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0)',
    ],
  )
  check(
    'prefix not covered, query params differ',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api'}, queryParams: {q: {exact: '1'}}}],
        },
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, queryParams: {q: {exact: '2'}}}],
        },
      ],
    }),
    [],
  )
  check(
    'prefix not covered, withoutHeaders differ',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api'}, withoutHeaders: {h: {exact: '1'}}}],
        },
        {
          route: [{destination: {host: 'b'}}],
          match: [{uri: {prefix: '/api/v1'}, withoutHeaders: {h: {exact: '2'}}}],
        },
      ],
    }),
    [],
  )
  check(
    'prefix covered, three rules',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/a'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/b'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/a/x'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/b/y'}}]},
      ],
    }),
    [
      'W spec.http[2].match[0]: virtualService rule #2 match #0 of prefix /a/x is not used (duplicate/overlapping match in rule #0 of prefix /a on #0)',
      'W spec.http[3].match[0]: virtualService rule #3 match #0 of prefix /b/y is not used (duplicate/overlapping match in rule #0 of prefix /b on #1)',
    ],
  )
  check(
    'exact uri not checked for cover',
    obj('VirtualService', {
      hosts: ['a'],
      http: [
        {route: [{destination: {host: 'b'}}], match: [{uri: {prefix: '/api'}}]},
        {route: [{destination: {host: 'b'}}], match: [{uri: {exact: '/api/v1'}}]},
      ],
    }),
    [],
  )
  check(
    'tcp rules after a match-all',
    obj('VirtualService', {
      hosts: ['a'],
      tcp: [
        {route: [{destination: {host: 'b'}}]},
        {match: [{port: 80}], route: [{destination: {host: 'b'}}]},
      ],
    }),
    ['W spec.tcp[1]: virtualService rule #1 not used (route without matches defined before)'],
  )
  check(
    'tcp duplicate matches',
    obj('VirtualService', {
      hosts: ['a'],
      tcp: [
        {match: [{port: 80}], route: [{destination: {host: 'b'}}]},
        {match: [{port: 80}], route: [{destination: {host: 'b'}}]},
      ],
    }),
    [
      'W spec.tcp[1].match[0]: virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)',
      'W spec.tcp[1]: virtualService rule #1 not used (all matches used by prior rules)',
    ],
  )
  check(
    'tls rules after a match-all... sni',
    obj('VirtualService', {
      hosts: ['a.com'],
      tls: [
        {match: [{sniHosts: ['a.com']}], route: [{destination: {host: 'b'}}]},
        {match: [{sniHosts: ['a.com']}], route: [{destination: {host: 'b'}}]},
      ],
    }),
    [
      'W spec.tls[1].match[0]: virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)',
      'W spec.tls[1]: virtualService rule #1 not used (all matches used by prior rules)',
    ],
  )
  check(
    'match port 0 and empty sourceNamespace are unset',
    obj('VirtualService', {
      hosts: ['a'],
      http: [{match: [{port: 0, sourceNamespace: ''}], route: [{destination: {host: 'b'}}]}],
    }),
    [],
  )
  check(
    'match port 70000 and bad sourceNamespace',
    obj('VirtualService', {
      hosts: ['a'],
      http: [{match: [{port: 70000, sourceNamespace: 'Bad_NS'}], route: [{destination: {host: 'b'}}]}],
    }),
    [
      'E spec.http[0].match[0].sourceNamespace: sourceNamespace match Bad_NS is invalid',
      'E spec.http[0].match[0].port: port number 70000 must be in the range 1..65535',
    ],
  )
})
