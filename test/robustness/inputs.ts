// The malformed inputs of test/robustness: generated here (the 50 MB file, the bombs, deep nesting), never
// committed. Each case says what a user must see: the exit code and the first line on stderr.
import {randomBytes} from 'node:crypto'

export interface InputCase {
  /** Unique, readable: `<command> <what>`. */
  id: string
  args: string[]
  files?: Record<string, string | Buffer>
  stdin?: string | Buffer
  env?: NodeJS.ProcessEnv
  code: number
  /** The first line of stderr: exactly this string, or matching this RegExp. */
  first: string | RegExp
  /** Paths (relative to the run's folder) that must not exist afterwards: no partial output. */
  absent?: string[]
  timeoutMs?: number
}

const VS = (spec: string) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs\n  namespace: default\nspec:\n${spec}`
const GOOD_VS = VS('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n')
const IOP = (spec: string) => `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n${spec}`
const GOOD_CM =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\ndata:\n  a: b\n'

/** Deterministic junk: the same bytes on every run. */
function junk(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n)
  let s = seed
  for (let i = 0; i < n; i++) b[i] = (s = (s * 1103515245 + 12345) % 2147483648) >> 16
  return b
}

/** Text that none of the YAML parsers accept, by what breaks; or where a reader differs, what it does. */
const SYNTAX: [string, string | Buffer, Partial<Record<string, [number, string | RegExp]>>?][] = [
  ['unclosed flow sequence', 'a: [1, 2\nb: c\n'],
  ['unclosed flow map', 'a: {b: 1\nc: d\n'],
  ['unclosed double quote', 'a: "abc\nb: c\n'],
  ['unclosed single quote', "a: 'abc\nb: c\n"],
  ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
  ['tab indentation', 'a:\n\tb: 1\n'],
  ['mapping value inside a plain scalar', 'a: b: c\n'],
  ['stray closing bracket', 'a: ]\n'],
  ['invalid escape', 'a: "\\q"\n'],
  ['sequence after a mapping at the same level', 'a: 1\n- b\n'],
  ['JSON cut short', '{"apiVersion": "v1", "kind":'],
  ['JSON with an extra brace', '{"apiVersion": "v1"}}\n'],
  ['JSON array cut short', '[1, 2,'],
  ['binary junk', junk(4096, 7)],
  ['a NUL byte', 'apiVersion: v1\nkind: Config\u0000Map\n'],
  [
    'UTF-16 with a BOM',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: ConfigMap\n', 'utf16le')]),
  ],
  // every reader refuses the bomb with go-yaml's excessive-aliasing rule, as istioctl does (validate and
  // analyze keep aliases shared, so they check it before anything walks the objects)
  ['an anchor bomb', anchorBomb()],
  [
    'an undefined alias in an object',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: *nope}\n',
  ],
  ['flow nesting 100,000 deep', 'a: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  ['JSON nesting 20,000 deep', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
]

function anchorBomb(): string {
  // a billion laughs inside a Kubernetes object, so every reader has to expand it
  const l = 'abcdefghi'.split('')
  const levels = l.map(
    (x, i) =>
      `  ${x}: &${x} [${Array(9)
        .fill(i ? `*${l[i - 1]}` : '"lol"')
        .join(',')}]`,
  )
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.join('\n')}\n`
}

/** Each command that reads YAML files, with the arguments that give it file F. */
const READERS: [string, (f: string) => string[]][] = [
  ['validate', (f) => ['validate', '-f', f]],
  ['analyze', (f) => ['analyze', '--use-kube=false', f]],
  ['manifest generate', (f) => ['manifest', 'generate', '-f', f, '-o', 'out.yaml']],
  ['manifest diff', (f) => ['manifest', 'diff', f, 'good.yaml']],
  ['profile dump', (f) => ['profile', 'dump', '-f', f]],
]

// file:line:col (stdin is named <stdin>); the column is there when the parser knows it
const PARSE_ERROR = (f: string) =>
  new RegExp(`^error: ${f === '-' ? '<stdin>' : f.replace('.', '\\.')}(:\\d+){0,2}: cannot parse YAML: \\S`)

function syntaxCases(): InputCase[] {
  const out: InputCase[] = []
  for (const [what, text, differs] of SYNTAX)
    for (const [cmd, args] of READERS)
      out.push({
        id: `${cmd}: ${what}`,
        args: args('in.yaml'),
        files: {'in.yaml': text, 'good.yaml': GOOD_CM},
        code: differs?.[cmd]?.[0] ?? 65,
        first: differs?.[cmd]?.[1] ?? PARSE_ERROR('in.yaml'),
        absent: ['out.yaml'],
      })
  // duplicate keys: an error for validate and analyze; sigs.k8s.io/yaml, and so istioctl, keeps the last
  const dup = IOP('  profile: demo\n  profile: minimal\n')
  out.push(
    {
      id: 'validate: duplicate keys',
      args: ['validate', '-f', 'in.yaml'],
      files: {'in.yaml': dup},
      code: 65,
      first: 'error: in.yaml:5:3: cannot parse YAML: Map keys must be unique',
    },
    {
      id: 'analyze: duplicate keys',
      args: ['analyze', '--use-kube=false', 'in.yaml'],
      files: {'in.yaml': dup},
      code: 65,
      first: 'error: in.yaml:5:3: cannot parse YAML: Map keys must be unique',
    },
    {
      id: 'profile dump: duplicate keys, the last wins',
      args: ['profile', 'dump', '-f', 'in.yaml', '--config-path', 'profile'],
      files: {'in.yaml': dup},
      code: 0,
      first: '',
    },
  )
  // the same through stdin
  for (const [what, text] of SYNTAX.slice(0, 4)) {
    out.push(
      {
        id: `validate -f -: ${what}`,
        args: ['validate', '-f', '-'],
        stdin: text,
        code: 65,
        first: PARSE_ERROR('<stdin>'),
      },
      {
        id: `analyze -: ${what}`,
        args: ['analyze', '--use-kube=false', '-'],
        stdin: text,
        code: 65,
        first: PARSE_ERROR('-'),
      },
      {
        id: `manifest generate -f -: ${what}`,
        args: ['manifest', 'generate', '-f', '-', '-o', 'out.yaml'],
        stdin: text,
        code: 65,
        first: PARSE_ERROR('<stdin>'),
        absent: ['out.yaml'],
      },
    )
  }
  return out
}

type Expect = [number, string | RegExp]
const ANALYZE_CLEAN: Expect = [0, /^\u2714 No validation issues found when analyzing in\.yaml\.$/]
const NO_DOCUMENTS: Expect = [65, 'error: in.yaml: no YAML or JSON documents found']
/** analyze reports schema errors as findings (IST0106, as istioctl does): exit 79, the summary on stderr. */
const ANALYZE_FINDINGS: Expect = [79, 'Analyzers found issues when analyzing all namespaces.']

/** Valid YAML, wrong shape: what validate and analyze say, each. */
const SHAPES: [string, string, Expect, Expect][] = [
  [
    'a top-level scalar',
    '42\n',
    [65, 'error: in.yaml:1: document is a number, not an object'],
    [65, 'error: in.yaml:1: document is a number, not an object'],
  ],
  [
    'a top-level list',
    '- a\n- b\n',
    [65, 'error: in.yaml:1: document is a list, not an object'],
    [65, 'error: in.yaml:1: document is a list, not an object'],
  ],
  // not Kubernetes objects: validate warns and checks nothing, analyze cannot use them
  [
    'kind is a list',
    'apiVersion: v1\nkind: [1]\nmetadata: {name: x}\n',
    [0, /^warning: in\.yaml:1: object has no kind: not a Kubernetes object/],
    [0, /^warning: in\.yaml:1: object has no kind: not a Kubernetes object/],
  ],
  [
    'apiVersion is a number',
    'apiVersion: 7\nkind: ConfigMap\nmetadata: {name: x}\n',
    [0, /^warning: in\.yaml:1: object has no apiVersion: not a Kubernetes object/],
    [0, /^warning: in\.yaml:1: object has no apiVersion: not a Kubernetes object/],
  ],
  [
    'metadata is a string',
    VS('  hosts: [a]\n').replace('metadata:\n  name: vs\n  namespace: default\n', 'metadata: x\n'),
    [65, /^error: in\.yaml:3: VirtualService .*metadata/],
    ANALYZE_FINDINGS,
  ],
  [
    'labels is a list',
    VS('  hosts: [a]\n').replace('  name: vs\n', '  name: vs\n  labels: [a]\n'),
    [65, 'error: in.yaml:5: VirtualService default/vs: metadata.labels: must be object, not list'],
    ANALYZE_FINDINGS,
  ],
  [
    'spec is a list',
    VS('  - a\n'),
    [65, 'error: in.yaml:6: VirtualService default/vs: spec: must be object, not list'],
    ANALYZE_FINDINGS,
  ],
  [
    'hosts is a number',
    VS('  hosts: 5\n'),
    [65, 'error: in.yaml:7: VirtualService default/vs: spec.hosts: must be array, not number'],
    ANALYZE_FINDINGS,
  ],
  [
    'http is a string',
    VS('  hosts: [a]\n  http: x\n'),
    [65, 'error: in.yaml:8: VirtualService default/vs: spec.http: must be array, not string'],
    ANALYZE_FINDINGS,
  ],
  [
    'a weight is a word',
    VS('  hosts: [a]\n  http:\n  - route:\n    - destination: {host: a}\n      weight: heavy\n'),
    [
      65,
      'error: in.yaml:11: VirtualService default/vs: spec.http[0].route[0].weight: must be integer, not string',
    ],
    ANALYZE_FINDINGS,
  ],
  [
    'gateways is a map',
    VS('  hosts: [a]\n  gateways: {a: 1}\n'),
    [65, 'error: in.yaml:8: VirtualService default/vs: spec.gateways: must be array, not object'],
    ANALYZE_FINDINGS,
  ],
  // analyze, like istioctl, ignores kinds it has no schema for
  [
    'an unknown Istio kind',
    'apiVersion: networking.istio.io/v1\nkind: Frobnicator\nmetadata: {name: x}\n',
    [65, 'error: in.yaml:2: Frobnicator default/x: kind: unknown kind Frobnicator in networking.istio.io/v1'],
    ANALYZE_CLEAN,
  ],
  [
    'an unknown apiVersion',
    GOOD_VS.replace('networking.istio.io/v1', 'networking.istio.io/v9'),
    [65, /^error: in\.yaml:2: VirtualService default\/vs: kind: version not served/],
    ANALYZE_FINDINGS,
  ],
  [
    'a List in a List',
    `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - ${GOOD_VS.replaceAll('\n', '\n    ')}`,
    [0, /./],
    [0, /./],
  ],
  ['the same object twice', `${GOOD_VS}---\n${GOOD_VS}`, [0, /./], [0, /./]],
  // nothing to check is an error, never a silent pass (#18)
  ['an empty file', '', NO_DOCUMENTS, NO_DOCUMENTS],
  ['only comments', '# nothing here\n# at all\n', NO_DOCUMENTS, NO_DOCUMENTS],
  ['only document markers', '---\n---\n...\n', NO_DOCUMENTS, NO_DOCUMENTS],
]

function shapeCases(): InputCase[] {
  return SHAPES.flatMap(([what, text, [vcode, vfirst], [acode, afirst]]): InputCase[] => [
    {
      id: `validate: ${what}`,
      args: ['validate', '-f', 'in.yaml'],
      files: {'in.yaml': text},
      code: vcode,
      first: vfirst,
    },
    {
      id: `analyze: ${what}`,
      args: ['analyze', '--use-kube=false', 'in.yaml'],
      files: {'in.yaml': text},
      code: acode,
      first: afirst,
    },
  ])
}

/** Input files that are not the expected kind or shape for manifest generate / profile dump. */
const IOP_SHAPES: [string, string, number, string | RegExp][] = [
  [
    'spec is a list',
    IOP('  - a\n'),
    65,
    'error: in.yaml: invalid value for spec: expected an object, got a list',
  ],
  ['components is a number', IOP('  components: 5\n'), 65, /^error: in\.yaml:4: .*components/],
  [
    'values is a string',
    IOP('  values: x\n'),
    65,
    'error: in.yaml: invalid value for spec.values: expected an object, got a string',
  ],
  ['meshConfig is a list', IOP('  meshConfig: [1]\n'), 65, /^error: in\.yaml:4: .*meshConfig/],
  [
    'enabled is a word',
    IOP('  components:\n    pilot:\n      enabled: maybe\n'),
    65,
    /^error: in\.yaml:6: .*enabled/,
  ],
  [
    'autoscaleMin is negative',
    IOP('  values:\n    pilot:\n      autoscaleMin: -1\n'),
    65,
    /^error: in\.yaml:6: .*autoscaleMin/,
  ],
  [
    'ingressGateways is a map',
    IOP('  components:\n    ingressGateways: {a: 1}\n'),
    65,
    /^error: in\.yaml:5: .*ingressGateways/,
  ],
  ['profile is a list', IOP('  profile: [demo]\n'), 65, /^error: in\.yaml:4: .*profile/],
  ['an unknown field', IOP('  frobnicate: true\n'), 65, /^error: in\.yaml:4: .*frobnicate/],
  ['an unknown profile', IOP('  profile: nope\n'), 65, /^error: profile "nope" not found/],
  // istioctl reads any kind as an IstioOperator (only a missing kind is refused)
  ['kind Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n', 0, ''],
  [
    'no kind',
    'spec:\n  profile: demo\n',
    65,
    "error: in.yaml: unable to parse file: Object 'Kind' is missing",
  ],
  [
    'two IstioOperators',
    IOP('  profile: demo\n') + '---\n' + IOP('  profile: minimal\n'),
    65,
    'error: in.yaml: contains multiple IstioOperator CRs, only one per file is supported',
  ],
  [
    'a List of IstioOperators',
    `apiVersion: v1\nkind: List\nitems:\n- ${IOP('  profile: demo\n').replaceAll('\n', '\n  ')}`,
    65,
    /^error: in\.yaml/,
  ],
]

function iopCases(): InputCase[] {
  return IOP_SHAPES.flatMap(([what, text, code, first]): InputCase[] => [
    {
      id: `manifest generate: ${what}`,
      args: ['manifest', 'generate', '-f', 'in.yaml', '-o', 'out/'],
      files: {'in.yaml': text},
      code,
      first,
      absent: ['out'],
    },
    {
      id: `profile dump: ${what}`,
      args: ['profile', 'dump', '-f', 'in.yaml'],
      files: {'in.yaml': text},
      code,
      first,
    },
  ])
}

/** `--set` strings with every kind of grammar error. */
const SETS: [string, number, string | RegExp][] = [
  ['', 64, 'error: --set : =VALUE is missing (write --set =VALUE)'],
  ['=', 64, 'error: --set "=": no path to set; expected PATH=VALUE'],
  ['=1', 64, 'error: --set "=1": no path to set; expected PATH=VALUE'],
  ['.=1', 64, 'error: --set ".=1": no path to set; expected PATH=VALUE'],
  ['nosuchfield=1', 64, /^error: unknown field nosuchfield/],
  ['values.x[=1', 64, 'error: --set values.x[=1: unknown segment ['],
  ['values.x[0=1', 64, 'error: --set values.x[0=1: unknown segment [0'],
  ['values.x[a]=1', 64, 'error: --set values.x[a]=1: unknown segment [a]'],
  ['a[0][1].b=1', 64, 'error: --set a[0][1].b=1: unknown segment [0][1]'],
  [
    'components.ingressGateways[name:nope].enabled=true',
    64,
    /^error: --set components\.ingressGateways\[name:nope\]\.enabled=true: element \[name:nope\] not found/,
  ],
  [
    'values.pilot.autoscaleMin=notanumber',
    64,
    /^error: invalid value for values\.pilot\.autoscaleMin: expected an unsigned integer/,
  ],
  ['values.pilot.autoscaleMin=-3', 64, /^error: invalid value for values\.pilot\.autoscaleMin/],
  [
    'components.pilot.enabled=maybe',
    64,
    /^error: invalid value for components\.pilot\.enabled: expected a boolean/,
  ],
  [
    'values.global.proxy.resources.requests.cpu[0]=1',
    64,
    /^error: invalid value for values\.global\.proxy\.resources\.requests\.cpu/,
  ],
  ['components=[]', 64, /^error: invalid value for components: expected an object/],
  ['values.pilot.resources={a', 64, /^error: invalid value for values\.pilot\.resources: expected an object/],
  ['profile=nope', 65, /^error: profile "nope" not found/],
  ['profile=../../../etc/passwd', 65, /^error: profile "\.\.\/\.\.\/\.\.\/etc\/passwd" not found/],
  ['tag=', 64, /^error: bad tag/],
  ['tag=a b', 64, /^error: bad tag/],
  ['revision=Bad_Rev', 64, 'error: invalid revision specified: Bad_Rev'],
  ['hub=a=b', 64, /^error: unknown field hub=a=b/],
  ['spec.profile=demo', 64, /^error: unknown field spec/],
  ['values.global.hub[0]=x', 64, /^error: invalid value for values\.global\.hub/],
]

function setCases(): InputCase[] {
  return SETS.flatMap(([set, code, first]): InputCase[] => [
    {
      id: `manifest generate --set ${JSON.stringify(set)}`,
      args: ['manifest', 'generate', '--set', set, '-o', 'out.yaml'],
      code,
      first,
      absent: ['out.yaml'],
    },
    {id: `profile dump --set ${JSON.stringify(set)}`, args: ['profile', 'dump', '--set', set], code, first},
  ])
}

/** Flags and paths: bad values, missing files, directories where files belong, unwritable outputs. */
function flagCases(): InputCase[] {
  const cm = {'cm.yaml': GOOD_CM}
  const c = (
    id: string,
    args: string[],
    code: number,
    first: string | RegExp,
    extra: Partial<InputCase> = {},
  ): InputCase => ({
    id,
    args,
    files: cm,
    code,
    first,
    ...extra,
  })
  return [
    c('unknown command', ['frobnicate'], 64, 'error: unknown command "frobnicate" for "meshctl"'),
    c('validate: unknown flag', ['validate', '--frobnicate'], 64, /^error: Nonexistent flag: --frobnicate/),
    c(
      'validate: a missing file',
      ['validate', '-f', 'nope.yaml'],
      65,
      'error: nope.yaml: cannot read file: no such file or directory',
    ),
    c(
      'validate: an empty folder',
      ['validate', '-f', 'empty/'],
      65,
      'error: empty/: no YAML or JSON files (.json, .yaml, .yml) in this directory or below',
      {files: {...cm, 'empty/.keep': ''}},
    ),
    c(
      'validate: -o bogus',
      ['validate', '-f', 'cm.yaml', '-o', 'bogus'],
      64,
      /^error: Expected --output=bogus to be one of: text, json, yaml/,
    ),
    c('analyze: a missing file', ['analyze', '--use-kube=false', 'nope.yaml'], 65, /^error: nope\.yaml: /),
    c(
      'analyze: -o bogus',
      ['analyze', '--use-kube=false', '-o', 'bogus', 'cm.yaml'],
      64,
      /^error: Expected --output=bogus to be one of: log, json, yaml, sarif, junit, github/,
    ),
    c(
      'analyze: --failure-threshold bogus',
      ['analyze', '--use-kube=false', '--failure-threshold', 'bogus', 'cm.yaml'],
      64,
      'error: --failure-threshold: "bogus" is not a level: use one of Error, Warning, Info',
    ),
    c(
      'analyze: --output-threshold bogus',
      ['analyze', '--use-kube=false', '--output-threshold', 'bogus', 'cm.yaml'],
      64,
      'error: --output-threshold: "bogus" is not a level: use one of Error, Warning, Info',
    ),
    c(
      'analyze: -S without =',
      ['analyze', '--use-kube=false', '-S', 'IST0101', 'cm.yaml'],
      64,
      /^error: IST0101 is not a valid suppression value/,
    ),
    c(
      'analyze: an unknown --analyzer',
      ['analyze', '--use-kube=false', '--analyzer', 'nope', 'cm.yaml'],
      64,
      'error: unknown analyzer "nope"',
    ),
    c(
      'analyze: --meshConfigFile missing',
      ['analyze', '--use-kube=false', '--meshConfigFile', 'nope.yaml', 'cm.yaml'],
      65,
      'error: nope.yaml: cannot read file: no such file or directory (--meshConfigFile)',
    ),
    c(
      'analyze: --meshConfigFile not YAML',
      ['analyze', '--use-kube=false', '--meshConfigFile', 'mc.yaml', 'cm.yaml'],
      65,
      /^error: mc\.yaml(:\d+)?: .*(--meshConfigFile)?/,
      {files: {...cm, 'mc.yaml': 'a: [\n'}},
    ),
    c(
      'analyze: --meshConfigFile a list',
      ['analyze', '--use-kube=false', '--meshConfigFile', 'mc.yaml', 'cm.yaml'],
      65,
      /^error: mc\.yaml/,
      {files: {...cm, 'mc.yaml': '- 1\n'}},
    ),
    c(
      'analyze: --baseline missing',
      ['analyze', '--use-kube=false', '--baseline', 'nope.yaml', 'cm.yaml'],
      65,
      /^error: nope\.yaml: /,
    ),
    c(
      'analyze: --baseline not a baseline',
      ['analyze', '--use-kube=false', '--baseline', 'b.yaml', 'cm.yaml'],
      65,
      'error: b.yaml: not a meshctl analyze baseline (expected version: 1 and a findings list) (--baseline)',
      {files: {...cm, 'b.yaml': 'a: 1\n'}},
    ),
    c(
      'analyze: --baseline broken YAML',
      ['analyze', '--use-kube=false', '--baseline', 'b.yaml', 'cm.yaml'],
      65,
      /^error: b\.yaml(:\d+)?: /,
      {files: {...cm, 'b.yaml': 'a: [\n'}},
    ),
    c(
      'analyze: --write-baseline into a missing folder',
      ['analyze', '--use-kube=false', '--write-baseline', 'no/such/dir/b.yaml', 'cm.yaml'],
      65,
      'error: no/such/dir/b.yaml: no such file or directory',
    ),
    c(
      'analyze: --write-baseline with unparsable input',
      ['analyze', '--use-kube=false', '--write-baseline', 'b.yaml', 'in.yaml'],
      65,
      PARSE_ERROR('in.yaml'),
      {files: {'in.yaml': 'a: [\n'}, absent: ['b.yaml']},
    ),
    c(
      'manifest generate: -f a folder',
      ['manifest', 'generate', '-f', 'dir', '-o', 'out.yaml'],
      65,
      'error: dir: cannot read file: is a directory',
      {files: {'dir/a.yaml': 'a: 1\n'}, absent: ['out.yaml']},
    ),
    c(
      'manifest generate: -f missing',
      ['manifest', 'generate', '-f', 'nope.yaml', '-o', 'out.yaml'],
      65,
      'error: nope.yaml: cannot read file: no such file or directory',
      {absent: ['out.yaml']},
    ),
    c(
      'manifest generate: stdin not last',
      ['manifest', 'generate', '-f', '-,cm.yaml'],
      64,
      'error: stdin is only allowed as the last filename',
    ),
    c(
      'manifest generate: -d missing',
      ['manifest', 'generate', '-d', 'nope', '-o', 'out.yaml'],
      65,
      /^error: profile "default" not found in nope\/profiles/,
      {absent: ['out.yaml']},
    ),
    c(
      'manifest generate: -d a file',
      ['manifest', 'generate', '-d', 'cm.yaml', '-o', 'out.yaml'],
      65,
      /^error: profile "default" not found in cm\.yaml\/profiles/,
      {absent: ['out.yaml']},
    ),
    c(
      'manifest generate: -o in a missing folder',
      ['manifest', 'generate', '-o', 'no/such/x.yaml'],
      65,
      /^error: no\/such\/x\.yaml: cannot write/,
    ),
    c(
      'manifest generate: -d with a broken profile',
      ['manifest', 'generate', '-d', 'm', '-o', 'out.yaml'],
      65,
      /^error: m\/profiles\/default\.yaml(:\d+)?: /,
      {files: {'m/profiles/default.yaml': 'spec: [\n'}, absent: ['out.yaml']},
    ),
    c(
      'manifest generate: --request-timeout bogus',
      ['manifest', 'generate', '--cluster-specific', '--request-timeout', 'soon'],
      64,
      /^error: invalid duration "soon" for --request-timeout/,
    ),
    c(
      'manifest diff: one argument',
      ['manifest', 'diff', 'cm.yaml'],
      64,
      'error: manifest diff needs two files (or --cluster)',
    ),
    c(
      'manifest diff: a missing file',
      ['manifest', 'diff', 'cm.yaml', 'nope.yaml'],
      65,
      /^error: nope\.yaml: /,
    ),
    c('manifest diff: a folder', ['manifest', 'diff', 'cm.yaml', 'dir'], 65, /^error: dir: /, {
      files: {...cm, 'dir/a.yaml': 'a: 1\n'},
    }),
    c(
      'manifest diff: -o bogus',
      ['manifest', 'diff', 'cm.yaml', 'cm.yaml', '-o', 'bogus'],
      64,
      /^error: Expected --output=bogus to be one of/,
    ),
    c(
      'profile dump: an unknown profile argument',
      ['profile', 'dump', 'nope'],
      65,
      /^error: profile "nope" not found/,
    ),
    c(
      'profile dump: --config-path to nothing',
      ['profile', 'dump', '--config-path', 'no.such.path'],
      64,
      'error: config path no.such.path not found in the merged IstioOperator',
    ),
    c(
      'profile dump: -o bogus',
      ['profile', 'dump', '-o', 'bogus'],
      64,
      /^error: Expected --output=bogus to be one of/,
    ),
    c(
      'profile diff: an unknown profile',
      ['profile', 'diff', 'default', 'nope'],
      65,
      /^error: profile "nope" not found/,
    ),
    c(
      'profile list: -d missing',
      ['profile', 'list', '-d', 'nope'],
      65,
      'error: no profiles found in nope/profiles',
    ),
    c(
      'version: -o bogus',
      ['version', '--remote=false', '-o', 'bogus'],
      64,
      /^error: Expected --output=bogus to be one of/,
    ),
    c(
      'version: --request-timeout -1s',
      ['version', '--request-timeout=-1s'],
      64,
      'error: invalid duration "-1s" for --request-timeout',
    ),
    c(
      'completion: an unknown shell',
      ['completion', 'fish'],
      64,
      /^error: Expected fish to be one of: bash, zsh, powershell/,
    ),
  ]
}

/** Encodings and line ends: a valid file must stay valid; a CRLF-broken one reports the right line. */
function encodingCases(): InputCase[] {
  const crlf = GOOD_VS.replaceAll('\n', '\r\n')
  const bom = '\ufeff' + GOOD_VS
  const badCrlf = VS('  hosts: 5\n').replaceAll('\n', '\r\n')
  const out: InputCase[] = []
  for (const [what, text] of [
    ['a BOM', bom],
    ['CRLF line ends', crlf],
    ['a BOM and CRLF', '\ufeff' + crlf],
  ] as const) {
    out.push(
      {
        id: `validate: ${what}`,
        args: ['validate', '-f', 'in.yaml'],
        files: {'in.yaml': text},
        code: 0,
        first: '"in.yaml" is valid',
      },
      {
        id: `analyze: ${what}`,
        args: ['analyze', '--use-kube=false', 'in.yaml'],
        files: {'in.yaml': text},
        code: 0,
        first: ANALYZE_CLEAN[1],
      },
      {
        id: `manifest diff: ${what}`,
        args: ['manifest', 'diff', 'in.yaml', 'good.yaml'],
        files: {'in.yaml': text, 'good.yaml': GOOD_VS},
        code: 0,
        first: '',
      },
      {
        id: `manifest generate: ${what} in -f`,
        args: ['manifest', 'generate', '-f', 'in.yaml', '-o', 'out.yaml'],
        files: {
          'in.yaml':
            (what.includes('BOM') ? '\ufeff' : '') +
            IOP('  profile: minimal\n').replaceAll('\n', what.includes('CRLF') ? '\r\n' : '\n'),
        },
        code: 0,
        first: '',
      },
    )
  }
  out.push({
    id: 'validate: CRLF with an error reports its line',
    args: ['validate', '-f', 'in.yaml'],
    files: {'in.yaml': badCrlf},
    code: 65,
    first: /^error: in\.yaml:7: VirtualService default\/vs: spec\.hosts/,
  })
  return out
}

/** The 50 MB file, for the readers that must cope with big input (memory under 1 GB, no hang). */
function bigCases(): InputCase[] {
  // ~50 MB of ConfigMaps, 2,000 documents of 25 KB each: a big cluster dump
  const value = 'x'.repeat(25_000)
  const docs: string[] = []
  for (let i = 0; i < 2000; i++)
    docs.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: default\ndata:\n  v: ${value}\n`,
    )
  const big = docs.join('---\n')
  // one 50 MB line of junk text, no newline
  const line = randomBytes(25 << 20).toString('hex')
  return [
    {
      id: 'validate: a 50 MB stream of ConfigMaps',
      args: ['validate', '-f', 'big.yaml'],
      files: {'big.yaml': big},
      code: 0,
      first: '"big.yaml" is valid',
      timeoutMs: 180_000,
    },
    {
      id: 'analyze: a 50 MB stream of ConfigMaps',
      args: ['analyze', '--use-kube=false', 'big.yaml'],
      files: {'big.yaml': big},
      code: 0,
      first: /^\u2714 No validation issues found when analyzing big\.yaml\.$/,
      timeoutMs: 180_000,
    },
    {
      id: 'manifest diff: a 50 MB stream of ConfigMaps',
      args: ['manifest', 'diff', 'big.yaml', 'big.yaml'],
      files: {'big.yaml': big},
      code: 0,
      first: '',
      timeoutMs: 180_000,
    },
    {
      id: 'validate: a 50 MB line of junk',
      args: ['validate', '-f', 'big.yaml'],
      files: {'big.yaml': line},
      code: 65,
      first: 'error: big.yaml:1: document is a string, not an object',
      timeoutMs: 180_000,
    },
    {
      id: 'manifest generate: a 50 MB -f',
      args: ['manifest', 'generate', '-f', 'big.yaml', '-o', 'out.yaml'],
      files: {'big.yaml': line},
      code: 65,
      first: /^error: big\.yaml/,
      absent: ['out.yaml'],
      timeoutMs: 180_000,
    },
  ]
}

/** Kubeconfigs that are broken in every way a cluster-facing command can meet. */
function kubeconfigCases(): InputCase[] {
  const user = (u: string) =>
    `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster: {server: "https://127.0.0.1:9"}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\nusers:\n- name: u\n  user: ${u}\n`
  const configs: [string, string, number, string | RegExp][] = [
    ['not YAML', 'clusters: [\n', 65, /^error: cannot read kubeconfig kc: /],
    ['empty', '', 1, 'error: kubeconfig has no current context'],
    [
      'a list',
      '- a\n',
      65,
      'error: cannot read kubeconfig kc: not a kubeconfig (a YAML mapping is expected)',
    ],
    [
      'without contexts',
      'apiVersion: v1\nkind: Config\nclusters: []\n',
      1,
      'error: kubeconfig has no current context',
    ],
    [
      'naming a missing current context',
      'apiVersion: v1\nkind: Config\ncurrent-context: gone\ncontexts: []\n',
      1,
      /^error: current context "gone" not found in kubeconfig/,
    ],
    [
      'naming a missing cluster',
      user('{token: t}').replace('cluster: k,', 'cluster: nope,'),
      65,
      'error: context "c" refers to cluster "nope", which is not in the kubeconfig',
    ],
    [
      'with a bad server URL',
      user('{token: t}').replace('https://127.0.0.1:9', 'ht!tp://:::'),
      65,
      'error: cluster "k" in the kubeconfig has no valid server URL: "ht!tp://:::"',
    ],
    [
      'with no server',
      user('{token: t}').replace('{server: "https://127.0.0.1:9"}', '{}'),
      65,
      /^error: cannot read kubeconfig kc: .*server/,
    ],
    [
      'with a missing CA file',
      user('{token: t}').replace(
        '{server: "https://127.0.0.1:9"}',
        '{server: "https://127.0.0.1:9", certificate-authority: /nonexistent/ca.crt}',
      ),
      1,
      /^error: .*ca\.crt/,
    ],
    [
      'with CA data that is not base64',
      user('{token: t}').replace(
        '{server: "https://127.0.0.1:9"}',
        '{server: "https://127.0.0.1:9", certificate-authority-data: "!!!notbase64"}',
      ),
      1,
      /^error: /,
    ],
    ['with a missing token file', user('{tokenFile: /nonexistent/token}'), 1, /^error: /],
    [
      'with an exec plugin that does not exist',
      user('{exec: {apiVersion: client.authentication.k8s.io/v1, command: /nonexistent/plugin}}'),
      1,
      /^error: /,
    ],
    [
      'with an exec plugin printing junk',
      user('{exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/echo, args: ["not json"]}}'),
      1,
      /^error: /,
    ],
  ]
  const commands: [string, string[]][] = [
    ['version', ['version']],
    ['analyze', ['analyze']],
    [
      'manifest generate --cluster-specific',
      ['manifest', 'generate', '--cluster-specific', '-o', 'out.yaml'],
    ],
  ]
  // analyze says it cannot analyze the cluster (exit 1) when the kubeconfig cannot be loaded (#18);
  // failures after loading (CA, token, exec plugin) read as for the other commands
  const loaded = configs.findIndex(([what]) => what === 'with a missing CA file')
  const asAnalyze = (i: number, code: number, first: string | RegExp): [number, string | RegExp] => {
    if (i >= loaded) return [code, first]
    const prefix = 'error: cannot analyze the cluster: '
    return typeof first === 'string'
      ? [1, prefix + first.slice('error: '.length)]
      : [1, new RegExp(first.source.replace('^error: ', `^${prefix}`))]
  }
  const out: InputCase[] = []
  configs.forEach(([what, text, code, first], i) => {
    for (const [cmd, args] of commands) {
      const [c, f] = cmd === 'analyze' ? asAnalyze(i, code, first) : [code, first]
      out.push({
        id: `${cmd}: a kubeconfig ${what}`,
        args: [...args, '--kubeconfig', 'kc', '--request-timeout', '5s'],
        files: {kc: text},
        code: c,
        first: f,
        absent: ['out.yaml'],
      })
    }
  })
  out.push(
    {
      id: 'version: --kubeconfig missing',
      args: ['version', '--kubeconfig', 'nope'],
      code: 64,
      first: 'error: kubeconfig file "nope" not found (--kubeconfig)',
    },
    {
      id: 'version: every KUBECONFIG entry missing',
      args: ['version'],
      env: {KUBECONFIG: 'a:b'},
      code: 1,
      first: 'error: none of the KUBECONFIG files exist: a:b',
    },
    {
      id: 'version: --context unknown',
      args: ['version', '--kubeconfig', 'kc', '--context', 'nope'],
      files: {kc: user('{token: t}')},
      code: 64,
      first: 'error: context "nope" not found in kubeconfig',
    },
    {
      id: 'version: the server refuses connections',
      args: ['version', '--kubeconfig', 'kc'],
      files: {kc: user('{token: t}')},
      code: 1,
      first: /^error: .*cannot reach the cluster at https:\/\/127\.0\.0\.1:9: connection refused/,
    },
  )
  return out
}

export const INPUT_CASES: InputCase[] = [
  ...syntaxCases(),
  ...shapeCases(),
  ...iopCases(),
  ...setCases(),
  ...flagCases(),
  ...encodingCases(),
  ...kubeconfigCases(),
  ...bigCases(),
]
