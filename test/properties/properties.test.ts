// Property-based tests (fast-check) of the parsers and transforms, with modest run counts so npm test stays
// quick: go-yaml writer read-back, strategic merge (idempotence, agreement with kubectl patch --local), the
// --set grammar, and the template engine against the Go oracle when it was prepared.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect} from 'chai'
import fc from 'fast-check'
import {marshalYaml, parseYamlDocuments, type Json} from '../../src/lib/manifest/goyaml.js'
import {strategicMergePatch} from '../../src/lib/kube/strategic-merge.js'
import {formatSetFlag, setSpecPaths, parseSetValue, type Tree} from '../../src/lib/manifest/values.js'
import {haveKubectl, Kubectl} from '../kube-sim/helpers.js'
import {startKubeSim, type KubeSim} from '../kube-sim/index.js'
import {goOracle} from '../helpers/go-oracles.js'
import {runOracle, type TmplCase} from '../template/oracle.js'
import {renderTmplCase} from '../template/render.js'

const SEED = Number(process.env.FC_SEED ?? 20261207)
const runs = (n: number) => ({seed: SEED, numRuns: Number(process.env.FC_RUNS ?? n)})

// Strings with the characters YAML and --set care about, and words that mean something to YAML 1.1.
const tricky = fc.oneof(
  fc.string({maxLength: 12}),
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'off',
    'true',
    'null',
    '~',
    '0x1F',
    '1e3',
    '0777',
    '1:20',
    '-',
    '- a',
    'a: b',
    '#c',
    "it's",
    '"q"',
  ),
  fc.string({
    unit: fc.constantFrom(
      'a',
      ' ',
      ':',
      '-',
      '#',
      '\n',
      "'",
      '"',
      '{',
      '[',
      ',',
      '.',
      '*',
      '&',
      '!',
      '|',
      '>',
      '\t',
      'é',
    ),
    maxLength: 10,
  }),
)
const key = fc.oneof(
  fc.string({minLength: 1, maxLength: 8}),
  fc.constantFrom('a.b', 'y', 'n', 'on', '1', 'key with space'),
)
const jsonValue: fc.Arbitrary<Json> = fc.letrec((tie) => ({
  value: fc.oneof(
    {depthSize: 'small'},
    tricky,
    fc.integer({min: -(2 ** 31), max: 2 ** 31}),
    fc.double({noNaN: true, noDefaultInfinity: true}).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), {maxLength: 4}),
    fc.dictionary(key, tie('value'), {maxKeys: 4}),
  ),
})).value as fc.Arbitrary<Json>

describe('properties: parsers and transforms', function () {
  this.timeout(120_000)

  it('go-yaml writer: what marshalYaml writes, parseYamlDocuments reads back equal', () => {
    fc.assert(
      fc.property(fc.dictionary(key, jsonValue, {maxKeys: 6}), (doc) => {
        expect(parseYamlDocuments(marshalYaml(doc))[0] ?? {}).to.deep.equal(doc)
      }),
      runs(400),
    )
  })

  it('--set grammar: a tree printed as flags and parsed back is the same tree', () => {
    // values a flag can carry: strings that do not read as a number or boolean (istioctl types those)
    const setString = fc
      .string({maxLength: 10})
      .filter((s) => parseSetValue(s) === s && s.trim() === s && !s.includes('=') && !s.includes('\\'))
    const leaf = fc.oneof(setString, fc.integer({min: -1000, max: 1000}), fc.boolean())
    const setKey = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,8}$/).filter((k) => !k.endsWith('.'))
    const tree = fc.dictionary(
      setKey,
      fc.oneof(leaf, fc.dictionary(setKey, leaf, {minKeys: 1, maxKeys: 3})),
      {
        minKeys: 1,
        maxKeys: 5,
      },
    )
    fc.assert(
      fc.property(tree, (values) => {
        const flags: string[] = []
        const walk = (v: Json, path: string[]) => {
          if (v !== null && typeof v === 'object' && !Array.isArray(v))
            for (const [k, x] of Object.entries(v)) walk(x, [...path, k])
          else flags.push(formatSetFlag(path, v))
        }
        walk(values as Json, ['values'])
        const once: Tree = {spec: {}}
        setSpecPaths(once, flags)
        expect((once.spec as Tree).values).to.deep.equal(values)
        // and parse → print → parse is stable
        const again: Tree = {spec: {}}
        const printed: string[] = []
        walk((once.spec as Tree).values!, ['values'])
        printed.push(...flags.splice(0))
        setSpecPaths(again, printed)
        expect(again).to.deep.equal(once)
      }),
      runs(300),
    )
  })

  // Strategic merge: generated container lists (merge key `name`), env lists, labels and directives.
  const container = fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    image: fc.constantFrom('nginx:1', 'nginx:2', 'busybox'),
    env: fc.option(
      fc.uniqueArray(fc.record({name: fc.constantFrom('X', 'Y', 'Z'), value: fc.constantFrom('1', '2')}), {
        selector: (e) => e.name,
        maxLength: 3,
      }),
      {nil: undefined},
    ),
  })
  const containers = fc.uniqueArray(container, {selector: (c) => c.name, minLength: 1, maxLength: 3})
  // as JSON: no keys with undefined values, as kubectl reads the file
  const deployment = (cs: unknown[], labels: Record<string, string>) =>
    JSON.parse(JSON.stringify(deploymentOf(cs, labels))) as Record<string, unknown>
  const deploymentOf = (cs: unknown[], labels: Record<string, string>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'd', labels},
    spec: {
      selector: {matchLabels: {app: 'd'}},
      template: {metadata: {labels: {app: 'd'}}, spec: {containers: cs}},
    },
  })
  const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('x', 'y'), {
    maxKeys: 3,
  })
  const patchLabels = fc.dictionary(
    fc.constantFrom('app', 'tier', 'team'),
    fc.option(fc.constantFrom('x', 'z'), {nil: null}),
    {
      maxKeys: 3,
    },
  )
  const patchContainer = fc.oneof(
    container,
    fc.record({name: fc.constantFrom('a', 'b', 'c', 'd'), $patch: fc.constant('delete')}),
  )
  const patch = fc.record({
    metadata: fc.record({labels: patchLabels}),
    spec: fc.record({
      template: fc.record({
        spec: fc.record({
          containers: fc.uniqueArray(patchContainer, {selector: (c) => c.name, maxLength: 3}),
        }),
      }),
    }),
  })
  const cases = fc.tuple(
    containers,
    labels,
    patch.map((p) => JSON.parse(JSON.stringify(p)) as typeof p),
  )

  it('strategic merge: applying a patch twice equals applying it once', () => {
    fc.assert(
      fc.property(cases, ([cs, ls, p]) => {
        const once = strategicMergePatch(deployment(cs, ls), p, 'Deployment')
        expect(strategicMergePatch(once, p, 'Deployment')).to.deep.equal(once)
      }),
      runs(300),
    )
  })

  describe('strategic merge against kubectl patch --local', function () {
    let sim: KubeSim | undefined
    let k: Kubectl
    let dir: string
    before(async function () {
      if (!haveKubectl()) {
        console.log('      SKIPPED: kubectl not found on PATH')
        this.skip()
      }
      sim = await startKubeSim({controllers: false})
      k = new Kubectl(sim.kubeconfigPath)
      dir = mkdtempSync(join(tmpdir(), 'meshctl-smp-prop-'))
    })
    after(async () => {
      await sim?.stop()
      k?.cleanup()
      if (dir) rmSync(dir, {recursive: true, force: true})
    })

    it('agrees on generated cases', async () => {
      const samples = fc.sample(cases, {seed: SEED, numRuns: Number(process.env.FC_KUBECTL_RUNS ?? 20)})
      for (const [i, [cs, ls, p]] of samples.entries()) {
        const base = deployment(cs, ls)
        const file = join(dir, `c${i}.json`)
        writeFileSync(file, JSON.stringify(base))
        const local = await k.patchLocal(file, p)
        expect(
          strategicMergePatch(base, p, 'Deployment'),
          `case ${i}: ${JSON.stringify({base, p})}`,
        ).to.deep.equal(local)
      }
    })
  })

  it('template engine: generated templates render as Go text/template + Sprig renders them', function () {
    const oracle = goOracle('gotmpl')
    if (!oracle.bin) {
      console.log(`      SKIPPED: ${oracle.reason}`)
      this.skip()
    }
    const field = fc.constantFrom('.a', '.b', '.n', '.l', '.m', '.m.k', '.missing', '$')
    const fn = fc.constantFrom(
      'upper',
      'lower',
      'quote',
      'trim',
      'toString',
      'len',
      'default "d"',
      'printf "%v"',
      'toYaml',
      'toJson',
      'empty',
      'not',
    )
    const action: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        {depthSize: 'small'},
        fc.constantFrom('text ', '-', '\n', ': '),
        field.map((f) => `{{ ${f} }}`),
        fc.tuple(field, fn).map(([f, g]) => `{{ ${f} | ${g} }}`),
        fc
          .tuple(field, tie('node'), tie('node'))
          .map(([f, a, b]) => `{{ if ${f} }}${a}{{ else }}${b}{{ end }}`),
        fc
          .tuple(fc.constantFrom('.l', '.m'), tie('node'))
          .map(([f, a]) => `{{ range $i, $v := ${f} }}[{{ $i }}={{ $v }}]${a}{{ end }}`),
        fc.tuple(field, tie('node')).map(([f, a]) => `{{ with ${f} }}${a}{{ end }}`),
      ),
    })).node
    const template = fc.array(action, {minLength: 1, maxLength: 5}).map((xs) => xs.join(''))
    const data = fc.record({
      a: fc.constantFrom('x', '', 'Hello World', ' pad '),
      b: fc.boolean(),
      n: fc.integer({min: -5, max: 5}).map((i) => ({$int: String(i)})),
      l: fc.array(fc.constantFrom('p', 'q'), {maxLength: 3}),
      m: fc.dictionary(fc.constantFrom('k', 'j'), fc.constantFrom('v', 'w'), {maxKeys: 2}),
    })
    const samples = fc.sample(fc.tuple(template, data), {
      seed: SEED,
      numRuns: Number(process.env.FC_TMPL_RUNS ?? 300),
    })
    const tmpl: TmplCase[] = samples.map(([t, d], i) => ({id: `p${i}`, templates: [['t', t]], data: d}))
    const want = runOracle(oracle.bin!, tmpl, [])
    for (const c of tmpl) {
      const got = renderTmplCase(c)
      const w = want[c.id]!
      const what = `${c.templates[0]![1]} with ${JSON.stringify(c.data)}`
      if (w.err) expect(got.err, what).to.be.a('string')
      else expect(got, what).to.deep.equal({out: w.out})
    }
  })
})
